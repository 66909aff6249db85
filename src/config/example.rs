//! The bundled example's recorded approvals (`[example_server] approvals`): their JSON-lines
//! format and the rules that keep them inside the example. Approvals read from a file are a way
//! around the review, so a file naming a source the example server does not serve is refused
//! with the config; who may approve what is the queue's to say when they are replayed.

use std::net::SocketAddr;

use serde::Deserialize;

use super::{Config, SourceConfig};

/// One recorded approval (a JSON line of the approvals file).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedApproval {
    /// The source of the post the item answers: one served by the example server.
    pub source: String,
    pub post_id: String,
    /// The item version approved: the approval applies only while the item is at it.
    pub version: u32,
    /// The reviewer's name; the audit trail records `example:<by>`.
    pub by: String,
    pub reason: String,
    /// The exact text approved: the approval applies only to an item showing these words.
    pub reply: String,
}

/// The approvals of a file's text, by line number (1-based); a bad line is its error.
pub fn parse_recorded_approvals(text: &str) -> Vec<(usize, Result<RecordedApproval, String>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            let parsed = serde_json::from_str::<RecordedApproval>(l).map_err(|e| e.to_string());
            (n + 1, parsed)
        })
        .collect()
}

/// Whether `source` is served, whole, by an example server listening on `addr`: an `http`
/// URL on exactly that loopback address, and no `follow_hosts` through which its pages could
/// come from elsewhere. `Err` says why not.
pub fn served_by_example(source: &SourceConfig, addr: SocketAddr) -> Result<(), String> {
    let url = url::Url::parse(&source.url).map_err(|e| format!("its url: {e}"))?;
    let host_ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => Some(std::net::IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(std::net::IpAddr::V6(ip)),
        _ => None,
    };
    let on_server = url.scheme() == "http"
        && addr.ip().is_loopback()
        && host_ip == Some(addr.ip())
        && url.port_or_known_default() == Some(addr.port());
    if !on_server {
        return Err(format!("its url {} is not on http://{addr}/", source.url));
    }
    if !source.follow_hosts.is_empty() {
        return Err("it has follow_hosts, so its pages may come from other hosts".into());
    }
    Ok(())
}

/// Every problem with the recorded approvals `text` of `c`'s example, as the line and the
/// message: the file's lines, each source they name (known, served by the example server) and
/// a reviewer named. The loader reads the file.
pub(super) fn approval_problems(c: &Config, text: &str) -> Vec<(usize, String)> {
    let Some(ex) = &c.example_server else {
        return vec![];
    };
    let mut problems = vec![];
    let listen: Option<SocketAddr> = ex.listen.parse().ok();
    for (line, parsed) in parse_recorded_approvals(text) {
        let mut bad = |message: String| problems.push((line, message));
        let a = match parsed {
            Ok(a) => a,
            Err(e) => {
                bad(format!("not a recorded approval: {e}"));
                continue;
            }
        };
        match c.sources.iter().find(|s| s.name == a.source) {
            None => bad(format!("source {:?} is not in the config", a.source)),
            Some(s) => {
                if let Some(why) = listen.and_then(|l| served_by_example(s, l).err()) {
                    bad(format!("source {:?} is not served by [example_server] ({why}): recorded approvals apply only to the bundled example", a.source));
                }
            }
        }
        if a.by.trim().is_empty() {
            bad("`by` is empty: a recorded approval names its reviewer".into());
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn source(url: &str, follow: &[&str]) -> SourceConfig {
        let text = format!(
            "[service]\nname = \"S\"\n[[sources]]\nname = \"s\"\nkind = \"feed\"\nurl = {url:?}\nfollow_hosts = {follow:?}\n"
        );
        super::super::load_str(Path::new("t.toml"), &text)
            .unwrap()
            .config
            .sources
            .remove(0)
    }

    #[test]
    fn served_means_http_on_exactly_the_bound_loopback_address() {
        let addr: SocketAddr = "127.0.0.1:18931".parse().unwrap();
        assert!(served_by_example(&source("http://127.0.0.1:18931/a.rss", &[]), addr).is_ok());
        for url in [
            "http://127.0.0.1:18932/a.rss",
            "https://127.0.0.1:18931/a.rss",
            "http://localhost:18931/a.rss",
            "http://127.0.0.2:18931/a.rss",
            "https://forum.example/a.rss",
            "file:///srv/a.rss",
        ] {
            assert!(served_by_example(&source(url, &[]), addr).is_err(), "{url}");
        }
        let hopping = source("http://127.0.0.1:18931/a.rss", &["forum.example"]);
        assert!(served_by_example(&hopping, addr)
            .unwrap_err()
            .contains("follow_hosts"));
        // Not a loopback server: nothing is the example's.
        let public: SocketAddr = "192.0.2.1:80".parse().unwrap();
        assert!(served_by_example(&source("http://192.0.2.1/a.rss", &[]), public).is_err());
    }

    #[test]
    fn lines_are_numbered_and_bad_ones_named() {
        let text = "{\"source\":\"s\",\"post_id\":\"p\",\"version\":1,\"by\":\"a\",\"reason\":\"r\",\"reply\":\"x\"}\n\n{\"source\":\"s\",\"extra\":1}\n";
        let parsed = parse_recorded_approvals(text);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].0, 1);
        assert!(parsed[0].1.is_ok());
        assert_eq!(parsed[1].0, 3);
        assert!(parsed[1].1.is_err());
    }
}
