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
        for bad in ["", "https://x.example", "x.example/path", "a@b.example", "x.example:99999"] {
            assert!(follow_host(bad).is_err(), "{bad:?}");
        }
    }
}
