//! `check-config` on a file with many problems of every kind: one run lists them all, type
//! errors and missing environment variables included, each with file:line and key.

use std::path::Path;

use assert_cmd::Command;

/// 19 problems: unknown keys, wrong types in four tables and in two sources, bad values, a bad
/// selector, a missing required key and a missing environment variable.
const BAD: &str = r#"[service]
name = "Smart Security Scan"
domains = "smartsecurityscan.com"
colour = "blue"

[http]
timeout = 20
max_body_bytes = "lots"
user_agent = "reviewgate-test"
per_host_per_second = -1.0
timeot = "2s"

[matching]
link_threshold = "high"
candidate_threshold = 2.0

[discord]
token_env = "RG_TEST_TOKEN_NOT_SET"
review_channel_id = "the review channel"
reviewer_role_id = 2
admin_role_id = 3

[[sources]]
name = "forum"
kind = "html"
url = "gopher://forum.example/"
max_pages = "five"
interval = "0s"
[sources.select]
item = "div >"
author = "a"
text = "p"

[[sources]]
name = "Bad Name"
kind = "feed"
url = "https://feed.example/rss"
keywords = 3
extra = true

[[sources]]
name = "nourl"
kind = "feed"
"#;

/// (line, key) of each problem the run must report.
const WANT: &[(usize, &str)] = &[
    (3, "service.domains"),
    (4, "service.colour"),
    (7, "http.timeout"),
    (8, "http.max_body_bytes"),
    (10, "http.per_host_per_second"),
    (11, "http.timeot"),
    (14, "matching.link_threshold"),
    (15, "matching.candidate_threshold"),
    (18, "discord.token_env"),
    (19, "discord.review_channel_id"),
    (26, "sources[0].url"),
    (27, "sources[0].max_pages"),
    (28, "sources[0].interval"),
    (30, "sources[0].select.item"),
    (35, "sources[1].name"),
    (38, "sources[1].keywords"),
    (39, "sources[1].extra"),
    (41, "sources[2].url"),
];

#[test]
fn one_run_reports_every_problem_of_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, BAD).unwrap();
    let out = Command::cargo_bin("reviewgate")
        .unwrap()
        .env_remove("REVIEWGATE_CONFIG")
        .env_remove("RG_TEST_TOKEN_NOT_SET")
        .arg("--config")
        .arg(&path)
        .arg("check-config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let file = path.display().to_string();
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with(&file)).collect();
    for (line, key) in WANT {
        let prefix = format!("{file}:{line}: {key}: ");
        assert!(
            lines.iter().any(|l| l.starts_with(&prefix)),
            "missing {prefix:?} in\n{stderr}"
        );
    }
    assert!(lines.len() >= WANT.len(), "{stderr}");
    // Each problem once, on one line, none of them a parser's internal message.
    let mut seen = std::collections::HashSet::new();
    for l in &lines {
        assert!(seen.insert(*l), "reported twice: {l}\n{stderr}");
    }
    assert!(!stderr.contains("report this to the developer"), "{stderr}");
    assert!(
        stderr.contains("div >") && stderr.contains("RG_TEST_TOKEN_NOT_SET"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{} problem(s)", lines.len())),
        "{stderr}"
    );
}

#[test]
fn a_missing_table_and_nested_type_errors_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested.toml");
    let text = "[http]\nmax_attempts = \"x\"\n[[sources]]\nname = \"a\"\nkind = \"rss\"\nurl = \"https://x.example/\"\nheaders_from_env = { Cookie = 5 }\n";
    std::fs::write(&path, text).unwrap();
    let out = Command::cargo_bin("reviewgate")
        .unwrap()
        .env_remove("REVIEWGATE_CONFIG")
        .arg("--config")
        .arg(&path)
        .arg("check-config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let file = Path::new(&path).display().to_string();
    for want in [
        format!("{file}: service: "),
        format!("{file}:2: http.max_attempts: "),
        format!("{file}:5: sources[0].kind: "),
        format!("{file}:7: sources[0].headers_from_env.Cookie: "),
    ] {
        assert!(stderr.contains(&want), "missing {want:?} in\n{stderr}");
    }
}
