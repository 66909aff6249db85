//! `audit verify` and `audit anchor`: checking the trail against its key and anchors, and
//! anchoring the chain head outside the database (the anchor file, Discord's admin channel).

use std::path::Path;

use reviewgate::config::LoadedConfig;
use reviewgate::store::{read_anchors, Anchor, AuditKey, KeySource, Store};

use super::{load_config, open_existing_store, BadInput};

pub fn audit_verify(config: &Path, extra: &[String]) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let mut anchors = Vec::new();
    if let Some(file) = cfg.anchor_file() {
        if !file.exists() {
            eprintln!(
                "warning: the anchor file {} does not exist (no anchor made yet, or it was removed)",
                file.display()
            );
        }
        anchors = read_anchors(&file).map_err(|e| BadInput(e.to_string()))?;
    }
    for a in extra {
        anchors.push(Anchor::parse_arg(a).map_err(|e| BadInput(e.to_string()))?);
    }
    let r = store
        .audit_verify_with(&anchors)
        .map_err(|b| anyhow::anyhow!("audit trail broken: {b}"))?;
    println!(
        "audit trail OK: {} entries, hash chain intact, keyed with the audit key (fingerprint {})",
        r.entries, r.key_id
    );
    if r.keyed_from > 1 {
        println!(
            "entries 1 to {} predate the keyed chain: checked with the unkeyed hash of older versions",
            r.keyed_from - 1
        );
    }
    match r.latest_anchor {
        Some(seq) => println!(
            "{} anchor(s) hold; the newest covers entries 1 to {seq}{}",
            r.anchors_checked,
            if r.entries > seq {
                format!(
                    ", entries {} to {} are not anchored yet",
                    seq + 1,
                    r.entries
                )
            } else {
                String::new()
            }
        ),
        None => println!(
            "no anchors checked: removing the newest entries can not be detected without one \
             (set [audit] anchor_file, or pass --anchor ENTRY:MAC from the admin channel)"
        ),
    }
    Ok(())
}

pub fn audit_anchor(config: &Path) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let (anchor, destinations) = anchor_now(&cfg, &store)?;
    println!("{}", anchor.short());
    if destinations.is_empty() {
        eprintln!(
            "warning: no anchor destination configured (set [audit] anchor_file or [discord] \
             admin_channel_id); keep the line above somewhere the database's writers can not change"
        );
    } else {
        eprintln!(
            "anchored entry {} to {}",
            anchor.seq,
            destinations.join(" and ")
        );
    }
    Ok(())
}

pub fn audit_rotate_key(config: &Path, new_key_file: &Path) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let new = AuditKey::from_source(&KeySource::File {
        path: new_key_file.to_path_buf(),
        config_key: "--new-key-file".into(),
    })
    .map_err(|e| BadInput(e.to_string()))?;
    if new.id() == store.audit_key_id() {
        return Err(BadInput(format!(
            "--new-key-file {}: this is the key in use already",
            new_key_file.display()
        ))
        .into());
    }
    let anchors = match cfg.anchor_file() {
        Some(f) => read_anchors(&f).map_err(|e| BadInput(e.to_string()))?,
        None => Vec::new(),
    };
    let head = store
        .audit_rotate_key(&new, &anchors)
        .map_err(|b| anyhow::anyhow!("audit key not rotated: {b}"))?;
    if let Some(f) = cfg.anchor_file() {
        head.append_to(&f)?;
    }
    println!("{}", head.short());
    eprintln!(
        "audit key rotated (fingerprint {}); now set [audit] key_file = {:?} (or put the key in \
         key_env) before starting reviewgate again, and keep the old key with the backups made \
         before today",
        new.id(),
        new_key_file.display().to_string()
    );
    Ok(())
}

/// Anchors the chain head now: appended to `[audit] anchor_file` and queued for the admin
/// channel when Discord has one. Returns the anchor and where it went.
pub fn anchor_now(cfg: &LoadedConfig, store: &Store) -> anyhow::Result<(Anchor, Vec<String>)> {
    let anchor = store.audit_head()?;
    let mut to = Vec::new();
    if let Some(file) = cfg.anchor_file() {
        anchor.append_to(&file)?;
        to.push(file.display().to_string());
    }
    if cfg
        .config
        .discord
        .as_ref()
        .is_some_and(|d| d.admin_channel_id != 0)
    {
        let text = format!(
            "Audit anchor of {}: entry {}, MAC {}. Check the trail against it with `reviewgate audit verify --anchor {}`.",
            store
                .path()
                .file_name()
                .unwrap_or_default()
                .to_string_lossy(),
            anchor.seq,
            anchor.mac,
            anchor.short()
        );
        reviewgate::discord::push_alert(store, "audit-anchor", &text)?;
        to.push("the Discord admin channel".into());
    }
    Ok((anchor, to))
}
