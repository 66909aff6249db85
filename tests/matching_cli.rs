//! `match --json` shows ambiguity: two namesakes who fit a post equally are both listed, ranked,
//! in `candidates` beside `match`; a clear link carries an empty list.

use assert_cmd::Command;

mod cli_support;

use cli_support::example_config;

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn match_json_lists_namesakes_as_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(
        &accounts,
        "id,name,email,hosts,status,plan,created_at,cancelled_at\n\
         N-1,Oona Vasquez-Lind,oona1@mail.example,,active,Starter,2019-01-01,\n\
         N-2,Oona Vasquez-Lind,ovl@other.example,,active,Starter,2021-01-01,\n\
         N-3,Pia Quist,pia@quist-bakery.example,,active,Starter,2020-01-01,\n",
    )
    .unwrap();
    let rg = |args: &[&str], stdin: &str| {
        Command::cargo_bin("reviewgate")
            .unwrap()
            .arg("--config")
            .arg(&cfg)
            .args(args)
            .write_stdin(stdin.to_string())
            .output()
            .unwrap()
    };
    let import = rg(&["customers", "import", accounts.to_str().unwrap()], "");
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let out = rg(
        &["match", "--json"],
        "{\"author\":\"Oona Vasquez-Lind\",\"text\":\"the scanner is slow\"}\n\
         {\"author\":\"x\",\"text\":\"write to pia@quist-bakery.example\"}\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out.stdout);
    let ambiguous = &lines[0];
    assert_eq!(ambiguous["match"]["status"], "candidate");
    let ids: Vec<&str> = ambiguous["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["customer_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{ambiguous}");
    assert!(ids.contains(&"N-1") && ids.contains(&"N-2"));
    assert!(ambiguous["candidates"][0]["evidence"][0]["detail"]
        .as_str()
        .unwrap()
        .contains("Oona Vasquez-Lind"));
    assert_eq!(lines[1]["match"]["status"], "linked");
    assert_eq!(lines[1]["candidates"], serde_json::json!([]));
}
