//! `check-config` end to end: every problem reported at once with file, line and key; exit 2.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// `check-config` on the config at `p`.
fn check(p: &Path) -> Command {
    let mut c = reviewgate();
    c.arg("--config").arg(p).arg("check-config");
    c
}

fn reviewgate() -> Command {
    let mut c = Command::cargo_bin("reviewgate").unwrap();
    c.env_remove("REVIEWGATE_CONFIG")
        .env_remove("DISCORD_TOKEN");
    c
}

const GOOD: &str = r#"
[service]
name = "Smart Security Scan"
domains = ["smartsecurityscan.com"]

[store]
path = "data/test.sqlite3"

[[sources]]
name = "forum"
kind = "html"
url = "https://forum.example/viewtopic.php?t=1"
preset = "phpbb"
keywords = ["smart security scan"]
"#;

#[test]
fn bundled_configs_are_valid() {
    reviewgate()
        .args(["--config", "config/reviewgate.toml", "check-config"])
        .assert()
        .success();
    reviewgate()
        .args(["--config", "config/example-production.toml", "check-config"])
        .env("DISCORD_TOKEN", "test-token")
        .env("FORUM_SESSION_COOKIE", "x")
        .env("SELFHOSTED_DISCOURSE_API_KEY", "k")
        .env("SELFHOSTED_DISCOURSE_USER", "u")
        .assert()
        .success();
}

#[test]
fn good_config_passes() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "ok.toml", GOOD);
    check(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("OK"));
}

#[test]
fn every_problem_is_reported_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"[service]
name = "Smart Security Scan"
colour = "blue"

[http]
timeout = "twenty seconds"
"#;
    let p = write(dir.path(), "bad-duration.toml", text);
    // A type error is reported with its line and key, beside the file's other problems.
    check(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad-duration.toml:3: service.colour: unknown key",
        ))
        .stderr(predicate::str::contains(
            "bad-duration.toml:6: http.timeout",
        ))
        .stderr(predicate::str::contains("bad duration"));

    let text = r#"[service]
name = "Smart Security Scan"
colour = "blue"

[[sources]]
name = "forum"
kind = "html"
url = "not a url"
interval = "15m"
preset = "phpbb"

[[sources]]
name = "forum"
kind = "html"
url = "https://forum.example/t/1"
[sources.select]
item = "div.post[["
author = "a.user"
text = "div.content"
itme = "x"

[[sources]]
name = "Bad Name"
kind = "feed"
url = "ftp://feeds.example/rss"
"#;
    let p = write(dir.path(), "bad.toml", text);
    let assert = check(&p).assert().code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for expected in [
        "bad.toml:3: service.colour: unknown key",
        "bad.toml:8: sources[0].url",
        "bad.toml:13: sources[1].name: duplicate source name",
        "bad.toml:17: sources[1].select.item",
        "bad.toml:20: sources[1].select.itme: unknown key",
        "bad.toml:23: sources[2].name",
        "bad.toml:25: sources[2].url",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn unknown_preset_and_thresholds_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"[service]
name = "S"

[matching]
link_threshold = 0.4
candidate_threshold = 0.6

[[sources]]
name = "x"
kind = "html"
url = "https://forum.example/"
preset = "vbulletin9"
"#;
    let p = write(dir.path(), "t.toml", text);
    check(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "t.toml:6: matching.candidate_threshold",
        ))
        .stderr(predicate::str::contains("t.toml:12: sources[0].preset"));
}

#[test]
fn missing_token_env_var_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{GOOD}\n[discord]\ntoken_env = \"RG_TEST_TOKEN_UNSET\"\nreview_channel_id = 1\nreviewer_role_id = 2\nadmin_role_id = 3\n"
    );
    let p = write(dir.path(), "d.toml", &text);
    check(&p)
        .env_remove("RG_TEST_TOKEN_UNSET")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("d.toml:17: discord.token_env"))
        .stderr(predicate::str::contains("RG_TEST_TOKEN_UNSET"));
    check(&p).env("RG_TEST_TOKEN_UNSET", "t").assert().success();
}

#[test]
fn interactions_mode_needs_a_public_key() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{GOOD}\n[discord]\nreview_channel_id = 1\nreviewer_role_id = 2\nadmin_role_id = 3\ninteractions_listen = \"127.0.0.1:8787\"\n"
    );
    let p = write(dir.path(), "i.toml", &text);
    check(&p)
        .env("DISCORD_TOKEN", "t")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "discord.public_key: is required with interactions_listen",
        ));
}

#[test]
fn syntax_error_and_missing_file_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "s.toml", "[service]\nname = \"x\n");
    check(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("s.toml:2"));
    reviewgate()
        .args(["--config", "/nonexistent/reviewgate.toml", "check-config"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("/nonexistent/reviewgate.toml")
                .and(predicate::str::contains("cannot read")),
        );
}

#[test]
fn a_bot_draft_that_discloses_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{GOOD}\n[[drafts.templates]]\nname = \"ok\"\ntext = \"Thanks {{author}}, please write to support@smartsecurityscan.com.\"\n\n[[drafts.templates]]\nname = \"leaky\"\ntext = \"{{author}}, our records show your account was suspended for abuse and your invoices are unpaid.\"\n"
    );
    let p = write(dir.path(), "drafts.toml", &text);
    let assert = check(&p).assert().code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        err.contains("drafts.toml:22: drafts.templates[1].text"),
        "{err}"
    );
    assert!(!err.contains("templates[0]"), "{err}");
}

#[test]
fn example_server_root_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{GOOD}\n[example_server]\nroot = \"no-such-folder\"\nlisten = \"127.0.0.1:18999\"\n"
    );
    let p = write(dir.path(), "ex.toml", &text);
    check(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ex.toml:17: example_server.root"))
        .stderr(predicate::str::contains("no-such-folder"));
}

#[test]
fn reviewers_are_checked_one_person_per_table() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "rg.toml",
        &format!(
            "{GOOD}\n[[reviewers]]\nname = \"alice\"\ndiscord_user_id = \"123\"\nos_users = [\"alice\"]\n\n[[reviewers]]\nname = \"Alice\"\ndiscord_user_id = \"123\"\nos_users = [\"ALICE\"]\n"
        ),
    );
    check(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "reviewers[1].name: \"Alice\" is already the name of reviewers[0]",
        ))
        .stderr(predicate::str::contains(
            "reviewers[1].discord_user_id: 123 is already the Discord user",
        ))
        .stderr(predicate::str::contains(
            "reviewers[1].os_users[0]: OS user \"ALICE\" is already mapped",
        ));
}
