//! The bot's drafts never disclose: every `[drafts]` table in `config/*.toml`, plus the built-in
//! templates, rendered for many authors and posts (including authors whose name is an account
//! name), must assess as routine.

mod assess_support;

use std::path::PathBuf;

use assess_support::{assessor, load_cases, load_customers, service};
use reviewgate::assess::{render_draft, DraftTemplate, DraftsConfig};
use reviewgate::model::Decision;

/// Every draft template: the defaults and each config file's `[drafts]` table.
fn all_templates() -> Vec<(String, DraftTemplate)> {
    let mut out: Vec<(String, DraftTemplate)> = DraftsConfig::default_templates()
        .into_iter()
        .map(|t| ("built-in".to_string(), t))
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return out;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for file in files {
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let Some(drafts) = value.get("drafts") else {
            continue;
        };
        let cfg: DraftsConfig = drafts
            .clone()
            .try_into()
            .unwrap_or_else(|e| panic!("{}: [drafts]: {e}", file.display()));
        out.extend(
            cfg.templates
                .into_iter()
                .map(|t| (file.display().to_string(), t)),
        );
    }
    out
}

#[test]
fn every_draft_is_routine_for_every_author() {
    let a = assessor();
    let customers = load_customers();
    let cases = load_cases();
    let templates = all_templates();
    assert!(templates.len() >= 4, "at least the built-in drafts");
    let mut authors: Vec<String> = vec![
        "bytewarden941".into(),
        "".into(),
        "{author}".into(),
        "{service}".into(),
        "Your account".into(),
        "support@smartsecurityscan.com".into(),
        "j.smith@example.org".into(),
        "198.51.100.23".into(),
        "you were suspended".into(),
        "Maria Huber".into(),
        "Dr. Anna Weber".into(),
        "k\u{200b}raken".into(),
    ];
    authors.extend(customers.values().map(|c| c.name.clone()));
    authors.extend(customers.values().flat_map(|c| c.emails.clone()));
    let mut posts: Vec<&str> = cases
        .iter()
        .step_by(131)
        .map(|c| c.post_text.as_str())
        .collect();
    posts.push("");
    let svc = service();
    let mut checked = 0;
    for (origin, t) in &templates {
        for author in &authors {
            let reply = render_draft(t, author, &svc.name);
            for (i, post) in posts.iter().enumerate() {
                // Authors that are account names are checked against that very account.
                let customer = customers
                    .values()
                    .find(|c| &c.name == author || c.emails.contains(author))
                    .or_else(|| customers.values().nth(i % customers.len()));
                let got = a.assess(&reviewgate::assess::AssessInput {
                    customer,
                    post_author: author,
                    post_text: post,
                    reply: &reply,
                });
                assert_eq!(
                    got.decision,
                    Decision::Routine,
                    "{origin}: draft {:?} for author {author:?}: {:?}\n{reply}",
                    t.name,
                    got.findings
                );
                checked += 1;
            }
        }
    }
    a.check_drafts(&DraftsConfig::default(), &svc.name)
        .expect("built-in drafts pass check_drafts");
    println!(
        "{} templates, {checked} renderings assessed routine",
        templates.len()
    );
}

/// The strict profile holds a reply that names the poster, so its drafts leave the name out:
/// every template still passes `check_drafts` and renders routine, with no trace of the
/// author in the text.
#[test]
fn strict_drafts_are_routine_and_name_nobody() {
    let a = assess_support::parts_assessor(reviewgate::assess::Profile::Strict);
    let svc = service();
    a.check_drafts(&DraftsConfig::default(), &svc.name)
        .expect("built-in drafts pass check_drafts in the strict profile");
    for (origin, t) in all_templates() {
        for author in ["Maria Huber", "nordwind_jana", "Jana"] {
            let reply = a.render_draft(&t, author, &svc.name);
            assert!(!reply.contains(author), "{origin}: {reply}");
            assert!(
                !reply.contains(" ,") && !reply.contains(",,") && !reply.contains(", !"),
                "{origin}: {reply}"
            );
            let got = a.assess(&reviewgate::assess::AssessInput {
                customer: None,
                post_author: author,
                post_text: "Signed up last week. — Jana",
                reply: &reply,
            });
            assert_eq!(
                got.decision,
                Decision::Routine,
                "{origin}: {reply}: {:?}",
                got.findings
            );
        }
    }
}
