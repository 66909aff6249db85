//! The comparisons behind a match: each identifier in a post and the author's handle and names
//! against the account indexes, giving per-account agreements with their weights and evidence text.

use std::collections::HashMap;

use super::index::{key, AccountView, KeyKind};
use super::{custom_domain, domain_of, is_under, weight, Matcher, MAX_SHARED};
use crate::model::EvidenceKind;
use crate::normalize::{registrable_domain, Ident, IdentKind};

/// One comparison that agreed for one account.
pub(super) struct Agreement {
    pub(super) kind: EvidenceKind,
    pub(super) weight: f64,
    pub(super) detail: String,
    /// Whether it rests on the author's own identity (handle or display name).
    pub(super) from_author: bool,
}

impl Agreement {
    /// Whether it rests on an identifier (address, host, IP, the account's own domain).
    pub(super) fn is_strong(&self) -> bool {
        matches!(
            self.kind,
            EvidenceKind::Email | EvidenceKind::Host | EvidenceKind::Ip | EvidenceKind::Domain
        )
    }
}

impl Matcher {
    pub(super) fn lookup(&self, kind: KeyKind, value: &str) -> Option<&[u32]> {
        let hits = self.index.get(key(kind, value));
        (!hits.is_empty() && hits.len() <= MAX_SHARED).then_some(hits)
    }

    pub(super) fn compare_ident(
        &self,
        ident: &Ident,
        written: &str,
        found: &mut HashMap<u32, Vec<Agreement>>,
    ) {
        let host = match ident.kind {
            IdentKind::Email => domain_of(&ident.value),
            IdentKind::Ip => "",
            IdentKind::Host | IdentKind::Domain => &ident.value,
        };
        if !host.is_empty() && is_under(host, &self.service_domains) {
            return;
        }
        let as_written = if written.trim().to_lowercase() == ident.value {
            String::new()
        } else {
            format!(" (written \"{}\")", written.trim())
        };
        // Per identifier only the strongest agreement counts for an account: an address and its own
        // domain are one piece of evidence, not two.
        let mut best: HashMap<u32, Agreement> = HashMap::new();
        let mut offer = |acct: u32, a: Agreement| {
            if best.get(&acct).map_or(true, |b| b.weight < a.weight) {
                best.insert(acct, a);
            }
        };
        let shared = |n: usize| {
            if n > 1 {
                format!(", shared by {n} accounts")
            } else {
                String::new()
            }
        };
        let direct = match ident.kind {
            IdentKind::Email => Some((KeyKind::Email, EvidenceKind::Email, weight::EMAIL)),
            IdentKind::Host | IdentKind::Domain => {
                Some((KeyKind::Host, EvidenceKind::Host, weight::HOST))
            }
            IdentKind::Ip => Some((KeyKind::Ip, EvidenceKind::Ip, weight::IP)),
        };
        if let Some((kk, ek, w)) = direct {
            if let Some(hits) = self.lookup(kk, &ident.value) {
                for &acct in hits {
                    let view = self.accounts.get(acct);
                    let has = match kk {
                        KeyKind::Email => view.emails().any(|e| e == ident.value),
                        KeyKind::Host => view.hosts().any(|h| h == ident.value),
                        _ => view.ips().any(|ip| ip == ident.value),
                    };
                    if has {
                        let detail = format!("{}{as_written}{}", ident.value, shared(hits.len()));
                        offer(
                            acct,
                            Agreement {
                                kind: ek,
                                weight: w - (hits.len() as f64).log2(),
                                detail,
                                from_author: false,
                            },
                        );
                    }
                }
            }
        }
        if let Some(domain) = (!host.is_empty()).then(|| custom_domain(host)).flatten() {
            if let Some(hits) = self.lookup(KeyKind::Domain, &domain) {
                for &acct in hits {
                    let view = self.accounts.get(acct);
                    let Some(account_value) = account_value_in_domain(&view, &domain) else {
                        continue;
                    };
                    let detail = format!(
                        "{domain}, domain of the account's {account_value}{}{}",
                        if ident.value == domain && as_written.is_empty() {
                            String::new()
                        } else {
                            format!(" (written \"{}\")", written.trim())
                        },
                        shared(hits.len())
                    );
                    let w = weight::DOMAIN - (hits.len() as f64).log2();
                    offer(
                        acct,
                        Agreement {
                            kind: EvidenceKind::Domain,
                            weight: w,
                            detail,
                            from_author: false,
                        },
                    );
                }
            }
        }
        for (acct, a) in best {
            if a.weight > 0.0 {
                found.entry(acct).or_default().push(a);
            }
        }
    }
}

/// The account's address or host that lies in `domain`, for the evidence text.
fn account_value_in_domain<'a>(view: &AccountView<'a>, domain: &str) -> Option<String> {
    let mail = view
        .emails()
        .find(|e| registrable_domain(domain_of(e)).as_deref() == Some(domain));
    if let Some(e) = mail {
        return Some(format!("address {e}"));
    }
    view.hosts()
        .find(|h| registrable_domain(h).as_deref() == Some(domain))
        .map(|h| format!("host {h}"))
}
