//! The host entries of a source's `follow_hosts`: a host name or address, optionally with a
//! port, and nothing else.

use url::Url;

/// A `follow_hosts` entry as (lower-case host, port if one is written), or why it is not one.
pub fn follow_host(spec: &str) -> Result<(String, Option<u16>), String> {
    let bad = || {
        format!("{spec:?} is not a host name or \"host:port\" (write e.g. \"cdn.forum.example\")")
    };
    let trimmed = spec.trim();
    if trimmed.is_empty() || trimmed.contains(['/', '@', '?', '#', '\\']) {
        return Err(bad());
    }
    let url = Url::parse(&format!("http://{trimmed}/")).map_err(|_| bad())?;
    let host = url.host_str().ok_or_else(bad)?.to_string();
    // A port written as 80 is dropped by the URL parser as http's default; keep it.
    let port = match trimmed.rsplit_once(':') {
        Some((_, p)) if !trimmed.ends_with(']') => Some(p.parse::<u16>().map_err(|_| bad())?),
        _ => None,
    };
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_ports() {
        assert_eq!(
            follow_host("CDN.Forum.example").unwrap(),
            ("cdn.forum.example".into(), None)
        );
        assert_eq!(
            follow_host("cdn.forum.example:8443").unwrap(),
            ("cdn.forum.example".into(), Some(8443))
        );
        assert_eq!(follow_host("[::1]:80").unwrap(), ("[::1]".into(), Some(80)));
        for bad in [
            "",
            "https://x.example",
            "x.example/path",
            "a@b.example",
            "x.example:99999",
        ] {
            assert!(follow_host(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn bad_limits_and_hosts_are_reported_with_their_lines() {
        let text = "[service]\nname = \"S\"\n[http]\nmax_depth = 0\nmax_post_chars = 0\n\
                    [[sources]]\nname = \"a\"\nkind = \"feed\"\nurl = \"https://x.example/f\"\n\
                    follow_hosts = [\"ok.example\", \"https://bad.example/x\"]\n";
        let err = crate::config::load_str(std::path::Path::new("cfg.toml"), text).unwrap_err();
        let p: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[0], "cfg.toml:4: http.max_depth: must be more than zero");
        assert_eq!(
            p[1],
            "cfg.toml:5: http.max_post_chars: must be more than zero"
        );
        assert!(
            p[2].starts_with("cfg.toml:10: sources[0].follow_hosts[1]: \"https://bad.example/x\" is not a host name"),
            "{p:?}"
        );
    }
}
