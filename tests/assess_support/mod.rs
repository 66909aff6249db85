//! Shared loading of the assessment fixtures for the `assess_*` tests.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use chrono::NaiveDate;
use reviewgate::assess::{AssessConfig, Assessor};
use reviewgate::config::ServiceConfig;
use reviewgate::model::{AccountStatus, Customer, Decision};
use serde::Deserialize;

pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/assess")
}

/// The labelled parts' files (`fixtures/assess/parts/*.jsonl`), in name order.
pub fn part_files() -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(fixtures().join("parts"))
        .expect("parts folder")
        .map(|e| e.expect("parts entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
}

pub fn service() -> ServiceConfig {
    ServiceConfig {
        name: "Smart Security Scan".into(),
        domains: vec!["smartsecurityscan.com".into()],
        ..Default::default()
    }
}

pub fn assessor() -> Assessor {
    Assessor::new(&AssessConfig::default(), &service()).expect("default vocabulary compiles")
}

#[derive(Deserialize)]
struct Row {
    id: String,
    name: String,
    email: Vec<String>,
    hosts: Vec<String>,
    status: AccountStatus,
    plan: Option<String>,
    created_at: Option<NaiveDate>,
    cancelled_at: Option<NaiveDate>,
    #[serde(default)]
    facts: BTreeMap<String, String>,
}

pub fn load_customers() -> HashMap<String, Customer> {
    let text =
        std::fs::read_to_string(fixtures().join("customers.jsonl")).expect("customers.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let r: Row =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("customers.jsonl: {e}: {l}"));
            let c = Customer {
                id: r.id.clone(),
                name: r.name,
                emails: r.email.into_iter().map(|e| e.to_lowercase()).collect(),
                hosts: r.hosts,
                status: r.status,
                plan: r.plan,
                created_at: r.created_at,
                cancelled_at: r.cancelled_at,
                facts: r.facts,
            };
            (r.id, c)
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct Case {
    pub id: String,
    pub customer_id: Option<String>,
    pub post_author: String,
    pub post_text: String,
    pub reply: String,
    pub expected: Decision,
    #[serde(default)]
    pub adversarial: bool,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// The generated set plus the hand-written cases.
pub fn load_cases() -> Vec<Case> {
    let mut out = Vec::new();
    for file in ["generated.jsonl", "handwritten.jsonl"] {
        let text = std::fs::read_to_string(fixtures().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        for (n, l) in text.lines().enumerate() {
            if l.trim().is_empty() {
                continue;
            }
            out.push(serde_json::from_str(l).unwrap_or_else(|e| panic!("{file}:{}: {e}", n + 1)));
        }
    }
    out
}

/// The assessor configured with the company facts of `fixtures/assess/parts/SERVICE.md`.
pub fn parts_assessor(profile: reviewgate::assess::Profile) -> Assessor {
    let cfg = AssessConfig {
        profile,
        ..AssessConfig::default()
    };
    // As `assess` and `run` do with the store: the plans accounts share are products.
    let mut plans: HashMap<String, usize> = HashMap::new();
    for c in load_customers().into_values() {
        if let Some(p) = c.plan {
            *plans.entry(p).or_default() += 1;
        }
    }
    Assessor::new(&cfg, &parts_service())
        .expect("policy compiles")
        .with_account_plans(plans)
}

/// The company facts listed in `fixtures/assess/parts/SERVICE.md`.
pub fn parts_service() -> ServiceConfig {
    ServiceConfig {
        address_ranges: vec!["198.18.40.0/24".into(), "2001:db8:5ca0::/48".into()],
        phones: vec!["+49 89 2555 3000".into(), "+44 20 7946 0321".into()],
        postal_addresses: vec![
            "Smart Security Scan GmbH, Rosenheimer Straße 141, 81671 München, Germany".into(),
        ],
        contact_emails: vec!["dpo@sss-datenschutz.de".into()],
        ..service()
    }
}
