//! Where a source's pagination may lead. A page is written by strangers, so its `next` link
//! is followed only on the source's own origin (or the hosts its `follow_hosts` adds), and a
//! `file://` source's links only to files in its own folder, after resolving `..` and symlinks.

use std::path::{Path, PathBuf};

use url::{Origin, Url};

use crate::config::{follow_host, SourceConfig};

/// The places one source's `next` links may lead.
#[derive(Debug)]
pub(super) enum Scope {
    /// An http(s) source: its origin and the extra hosts (with a port, if one was written).
    Web {
        origin: Origin,
        hosts: Vec<(String, Option<u16>)>,
    },
    /// A `file://` source: its folder, canonical, or why it could not be resolved.
    Files { root: Result<PathBuf, String> },
}

impl Scope {
    pub(super) fn new(source: &SourceConfig, url: &Url) -> Scope {
        if url.scheme() == "file" {
            let root = url
                .to_file_path()
                .map_err(|()| format!("{url} is not a local file path"))
                .and_then(|p| {
                    let dir = p.parent().unwrap_or(Path::new("/")).to_path_buf();
                    dir.canonicalize().map_err(|e| {
                        format!("cannot resolve the source's folder {}: {e}", dir.display())
                    })
                });
            return Scope::Files { root };
        }
        Scope::Web {
            origin: url.origin(),
            hosts: source
                .follow_hosts
                .iter()
                .filter_map(|h| follow_host(h).ok())
                .collect(),
        }
    }

    /// The URL to fetch for a `next` link, or why it is not followed.
    pub(super) fn check(&self, next: &Url) -> Result<Url, String> {
        match self {
            Scope::Web { origin, hosts } => {
                if !matches!(next.scheme(), "http" | "https") {
                    return Err(format!(
                        "a {} link is never followed from an http(s) source",
                        next.scheme()
                    ));
                }
                if next.origin() == *origin {
                    return Ok(next.clone());
                }
                let host = next.host_str().unwrap_or("");
                let allowed = hosts.iter().any(|(h, port)| {
                    h == host
                        && match port {
                            Some(p) => next.port_or_known_default() == Some(*p),
                            None => next.port().is_none(),
                        }
                });
                if allowed {
                    Ok(next.clone())
                } else {
                    Err(format!(
                        "it leaves the source's origin {} (list other hosts in follow_hosts)",
                        origin.ascii_serialization()
                    ))
                }
            }
            Scope::Files { root } => {
                let root = root.as_ref().map_err(Clone::clone)?;
                if next.scheme() != "file" {
                    return Err("a file source follows only file links".into());
                }
                let path = next
                    .to_file_path()
                    .map_err(|()| "not a local file path".to_string())?;
                let real = path
                    .canonicalize()
                    .map_err(|e| format!("cannot resolve {}: {e}", path.display()))?;
                if !real.starts_with(root) {
                    return Err(format!(
                        "{} is outside the source's folder {}",
                        real.display(),
                        root.display()
                    ));
                }
                Url::from_file_path(&real)
                    .map_err(|()| format!("{} is not an absolute path", real.display()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(url: &str, follow_hosts: &[&str]) -> (SourceConfig, Url) {
        let text = format!(
            "name = \"s\"\nkind = \"feed\"\nurl = \"{url}\"\nfollow_hosts = {follow_hosts:?}\n"
        );
        let s: SourceConfig = toml::from_str(&text).unwrap();
        let u = Url::parse(url).unwrap();
        (s, u)
    }

    fn check(scope: &Scope, next: &str) -> Result<Url, String> {
        scope.check(&Url::parse(next).unwrap())
    }

    #[test]
    fn web_sources_stay_on_their_origin_or_listed_hosts() {
        let (s, u) = source(
            "https://forum.example/t/1",
            &["cdn.forum.example", "img.example:8443"],
        );
        let scope = Scope::new(&s, &u);
        assert!(check(&scope, "https://forum.example/t/1?page=2").is_ok());
        assert!(check(&scope, "https://cdn.forum.example/t/2").is_ok());
        assert!(check(&scope, "https://img.example:8443/t/2").is_ok());
        for refused in [
            "file:///etc/passwd",
            "http://forum.example/t/2",
            "https://forum.example:444/t/2",
            "https://evil.example/t/2",
            "https://img.example/t/2",
            "ftp://forum.example/t/2",
        ] {
            assert!(check(&scope, refused).is_err(), "{refused} was allowed");
        }
        let err = check(&scope, "file:///etc/passwd").unwrap_err();
        assert!(err.contains("never followed"), "{err}");
    }

    #[test]
    fn file_sources_stay_in_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("sub")).unwrap();
        std::fs::write(site.join("a.html"), "a").unwrap();
        std::fs::write(site.join("sub/b.html"), "b").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.html")).unwrap();
        let first = Url::from_file_path(site.join("a.html")).unwrap();
        let (s, _) = source(first.as_str(), &[]);
        let scope = Scope::new(&s, &first);
        let ok = check(&scope, first.join("sub/b.html").unwrap().as_str()).unwrap();
        assert!(ok.path().ends_with("/site/sub/b.html"), "{ok}");
        for refused in [
            "../secret.txt",
            "sub/../../secret.txt",
            "https://x.example/",
        ] {
            let next = first.join(refused).unwrap();
            assert!(scope.check(&next).is_err(), "{next} was allowed");
        }
        #[cfg(unix)]
        {
            let err = check(&scope, first.join("link.html").unwrap().as_str()).unwrap_err();
            assert!(err.contains("outside the source's folder"), "{err}");
        }
    }
}
