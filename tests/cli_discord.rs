//! `run` with Discord in HTTP interactions mode, end to end through the binary: the scan's
//! drafts are posted to a fake Discord REST server, and a signed Approve click from a
//! reviewer moves the item to approved in the store.

mod cli_support;
mod fake_discord;

use std::process::{Command as StdCommand, Stdio};

use fake_discord::harness::{
    buttons, click, current, eventually, send_signed, signing_key, ALICE, REVIEWER_ROLE,
};
use fake_discord::FakeDiscord;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_posts_items_to_discord_and_takes_signed_clicks() {
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = cli_support::example_config(dir.path());
    let listen = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(&format!(
        "\n[discord]\ntoken_env = \"RG_CLI_DISCORD_TOKEN\"\nreview_channel_id = {}\nadmin_channel_id = {}\n\
         reviewer_role_id = {}\nadmin_role_id = {}\napi_base = \"{}\"\ninteractions_listen = \"{listen}\"\npublic_key = \"{}\"\n",
        fake_discord::harness::REVIEW_CHANNEL,
        fake_discord::harness::ADMIN_CHANNEL,
        REVIEWER_ROLE,
        fake_discord::harness::ADMIN_ROLE,
        fake.base,
        hex::encode(signing_key().verifying_key().to_bytes()),
    ));
    std::fs::write(&cfg, text).unwrap();

    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("reviewgate"))
        .arg("--config")
        .arg(&cfg)
        .arg("run")
        .env("RG_CLI_DISCORD_TOKEN", "test-token")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    // The first draft reaches the review channel, with buttons carrying item and version.
    let mut posted = None;
    for _ in 0..60 {
        if !fake.messages_for_item(1).is_empty() {
            posted = Some(fake.messages_for_item(1)[0].1);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let message_id = posted.expect("item 1 posted to the review channel");
    let body = current(&fake, 1);
    assert_eq!(body["allowed_mentions"]["parse"], serde_json::json!([]));
    let approve = buttons(&body)
        .into_iter()
        .find(|b| b.starts_with("rg:b:approve:1:1"))
        .expect("approve button");

    let (status, _answer) = send_signed(
        listen,
        &click(ALICE, &[REVIEWER_ROLE], &approve, message_id),
    )
    .await;
    assert_eq!(status, 200);
    let state = eventually("item 1 approved", || {
        let out = StdCommand::new(assert_cmd::cargo::cargo_bin("reviewgate"))
            .arg("--config")
            .arg(&cfg)
            .args(["queue", "show", "1", "--json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
        (v["state"] == "approved").then_some(v)
    })
    .await;
    assert_eq!(state["approvals"][0]["by"], format!("discord:{ALICE}"));

    // An unsigned request is refused before anything is read.
    let resp = reqwest::Client::new()
        .post(format!("http://{listen}/interactions"))
        .body(click(ALICE, &[REVIEWER_ROLE], &approve, message_id).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);

    assert!(StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    assert!(child.wait().unwrap().success());
}
