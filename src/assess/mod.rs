//! Disclosure assessment: decides whether a reply is routine, needs two reviewers, or is blocked,
//! with findings and a redacted alternative. Pure: no IO.
//!
//! A reply is held when it contains a value of the matched account (however spelled), personal
//! data of anyone, or a statement of account facts; it is blocked when it draws on entrusted data.
//! Values the post made public, the author's own name and the service's own addresses are free.

mod claims;
mod drafts;
mod fast;
mod fold;
mod lang;
mod numbers;
mod personal;
mod phrases;
mod policy;
mod recent;
mod rules;
mod spans;
mod text;
mod values;
#[rustfmt::skip]
mod vocab;
#[rustfmt::skip]
mod vocab_de;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde::Serialize;

pub use crate::config::{AssessConfig, Profile};
pub use claims::{Claim, ClaimLevel, SentenceNote, TermNote};
pub use drafts::{render_draft, render_draft_unnamed, DraftTemplate, DraftsConfig};
pub use fast::{early_exits, EarlyExits};
pub use policy::{Level as PolicyLevel, PolicyEntry, PolicyProblem, Role as PolicyRole};

use crate::config::ServiceConfig;
use crate::model::{Assessment, Customer, Decision, Finding};
use recent::Recent;
use rules::{Level, Rules};
use spans::{SpanSet, Spans};
use text::Doc;
use values::{Hit, Value};

/// Stands in for the words of the author's own name, so the rules do not read them.
const AUTHOR_WORD: &str = "\u{1}author";

/// Stands in for the words of the company's own name, addresses and facts.
const SERVICE_WORD: &str = "\u{1}service";

/// Stands in for the words of a quoted line of the post.
const QUOTE_WORD: &str = "\u{1}quote";
/// The longest product name `[service] products` takes, in characters.
pub const MAX_PRODUCT_CHARS: usize = 80;
/// How many product names the assessor keeps: a customers file with a plan per account
/// names no products.
const MAX_PRODUCTS: usize = 200;

/// The neutral marker that replaces every finding in `Assessment::redacted`.
pub const REDACTION_MARKER: &str = "[redacted]";

/// Why an assessor could not be built, or a draft is unusable.
#[derive(Debug, thiserror::Error)]
pub enum AssessError {
    /// A configured term has no letters or digits left after normalisation.
    #[error("assess.{field}[{index}] is empty after normalisation; write a word or phrase")]
    EmptyTerm {
        /// `account_terms` or `entrusted_terms`.
        field: String,
        /// Position in the list, from 0.
        index: usize,
    },
    /// The policy (built-in files or `[[assess.entries]]`) does not compile.
    #[error("assessment policy: {}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Policy(Vec<PolicyProblem>),
    /// A reply draft would not assess as routine, so the bot could disclose with it.
    #[error("drafts: template {name:?} is not routine when rendered for author {author:?} ({decision}): {reason}")]
    DraftNotRoutine {
        /// The template's name.
        name: String,
        /// The sample author it was rendered for.
        author: String,
        /// The decision it got.
        decision: &'static str,
        /// The first finding, as `kind at start..end`.
        reason: String,
    },
}

/// One reply to assess, with the post it answers and the account the post was matched to.
#[derive(Debug, Clone, Copy)]
pub struct AssessInput<'a> {
    /// The matched account, if any.
    pub customer: Option<&'a Customer>,
    /// The post's public author name.
    pub post_author: &'a str,
    /// The post's text: what the poster made public themselves.
    pub post_text: &'a str,
    /// The reply to assess.
    pub reply: &'a str,
}

/// The compiled assessment: vocabulary and the service's own names. Cheap to share.
#[derive(Debug, Clone)]
pub struct Assessor {
    /// Which assessor built a kept post reading (`recent`): clones share it.
    id: u64,
    rules: Rules,
    policy: policy::Policy,
    service_needles: Vec<Vec<char>>,
    service_values: Vec<Value>,
    service_domains: Vec<String>,
    /// The company's own facts from `[service]`: address ranges, phone digits, contact emails.
    service_ranges: Vec<ipnet::IpNet>,
    service_phones: Vec<String>,
    service_emails: Vec<String>,
    /// The company's product names of two words or more (`[service] products` and the plans
    /// accounts share): a word of one names no poster, and a plan word beside one names the
    /// product. A one-word name is not taken: it may be an everyday word ("Backup").
    products: Vec<Value>,
    /// `[assess] max_reply_chars`.
    max_reply_chars: usize,
    /// The service's name folded, for names in a reply that are the company's.
    service_lower: String,
}

/// An assessment with its reasons, for reviewers and `assess --explain`.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub assessment: Assessment,
    /// The reply's language when detected (`en`, `de`, `fr`, `es`).
    pub language: Option<&'static str>,
    /// One per finding, in the same order.
    pub details: Vec<FindingDetail>,
    /// Every sentence with the shape the claim rules saw in it.
    pub sentences: Vec<SentenceNote>,
}

/// How much of a reply is read by default: 64 Ki characters, the cap on a post's text. A
/// reply is written by staff or the bot for a review, so a longer one is held, not read to its
/// end (`[assess] max_reply_chars` changes it).
pub const MAX_REPLY_CHARS: usize = AssessConfig::DEFAULT_MAX_REPLY_CHARS;

/// Why one finding was made.
#[derive(Debug, Clone, Serialize)]
pub struct FindingDetail {
    #[serde(flatten)]
    pub finding: Finding,
    /// What it discloses: `billing`, `plan`, `tenure`, `contact`, `entrusted`, an account field.
    pub class: String,
    /// The policy entry that fired (`en.account.billing`), or `account_value.FIELD` and
    /// `builtin.KIND` for values and the built-in rules.
    pub entry: String,
    /// The reply's words it matched.
    pub words: Vec<String>,
}

/// The public parts of a post: what it lets a reply repeat.
struct Public {
    /// What the post and its author name make public, read once per post (`recent`).
    post: Rc<PostPublic>,
    /// The matched account's values, built once per account (`recent`).
    account: Rc<Vec<Value>>,
    /// The account values the post or its author name made public.
    public_values: HashSet<usize>,
    /// The reply's language as first read: its redaction passes are the same reply with
    /// markers in it ("[redacted]" is an English word), so they are read in the same
    /// language, and the detector (the dearest step) runs once per pass chain, and once more
    /// on the alternative it ends with (`redact`).
    reading: std::cell::OnceCell<claims::Reading>,
}

impl Public {
    /// The same public parts, with the reply's language not yet read.
    fn unread(&self) -> Public {
        Public {
            post: Rc::clone(&self.post),
            account: Rc::clone(&self.account),
            public_values: self.public_values.clone(),
            reading: std::cell::OnceCell::new(),
        }
    }
}

/// What a post and its author name make public, whatever the account.
struct PostPublic {
    post: Doc,
    author: Doc,
    post_items: Vec<personal::Item>,
    author_items: Vec<personal::Item>,
    declares_relationship: bool,
    /// Letters and digits of the post, for recognising quoted lines.
    post_compact: String,
    /// What the claim rules may take as said by the poster.
    claims: claims::PostContext,
    /// The post and its author name folded, for names the reply repeats.
    post_lower: String,
    author_lower: String,
}

/// A post's reading kept per thread: the assessor, the post and its author name.
type PostKey = (u64, String, String);

/// An account's values kept per thread: the assessor and the account.
type AccountKey = (u64, Customer);

thread_local! {
    static RECENT_POSTS: RefCell<Recent<PostKey, PostPublic>> = RefCell::default();
    static RECENT_ACCOUNTS: RefCell<Recent<AccountKey, Vec<Value>>> = RefCell::default();
}

impl Assessor {
    /// Compiles the built-in vocabulary plus the configured terms.
    pub fn new(cfg: &AssessConfig, service: &ServiceConfig) -> Result<Assessor, AssessError> {
        let rules = Rules::new(&cfg.account_terms, &cfg.entrusted_terms)
            .map_err(|(field, index)| AssessError::EmptyTerm { field, index })?;
        let policy = policy::Policy::new(cfg.profile == Profile::Strict, &cfg.entries)
            .map_err(AssessError::Policy)?;
        let service_domains: Vec<String> = service
            .domains
            .iter()
            .map(|d| d.trim().trim_end_matches('.').to_lowercase())
            .collect();
        let service_needles = values::service_needles(&service.name, &service_domains);
        // Postal addresses are found whole and by their comma-separated parts ("81671 München").
        let postal = service.postal_addresses.iter().flat_map(|a| {
            std::iter::once(a.as_str())
                .chain(a.split([',', '\n']))
                .map(values::compact)
                .filter(|v| v.len() >= 6)
        });
        let service_values = service_needles
            .iter()
            .cloned()
            .chain(postal)
            .map(|n| Value {
                kind: "service",
                field: String::new(),
                variants: vec![n],
                single_word: false,
                needs_capital: false,
                ip: None,
            })
            .collect();
        let service_ranges = service
            .address_ranges
            .iter()
            .filter_map(|r| r.trim().parse::<ipnet::IpNet>().ok())
            .collect();
        let service_phones = service
            .phones
            .iter()
            .map(|p| p.chars().filter(|c| c.is_ascii_digit()).collect::<String>())
            .filter(|d| d.len() >= 5)
            .collect();
        let service_emails = service
            .contact_emails
            .iter()
            .map(|e| e.trim().to_lowercase())
            .collect();
        let service_lower = fold::fold(
            &service_needles
                .first()
                .map(|v| v.iter().collect::<String>())
                .unwrap_or_default(),
        )
        .text;
        let assessor = Assessor {
            id: recent::next_assessor_id(),
            rules,
            policy,
            service_needles,
            service_values,
            service_domains,
            service_ranges,
            service_phones,
            service_emails,
            products: Vec::new(),
            max_reply_chars: cfg.reply_limit(),
            service_lower,
        };
        Ok(assessor.with_products(&service.products))
    }

    /// Adds the plans that two or more accounts share, given as (plan, accounts) pairs
    /// ([`Store::plan_counts`](crate::store::Store::plan_counts)), as product names: a plan
    /// of one account alone may be a bespoke deal that names it.
    pub fn with_account_plans(self, plans: impl IntoIterator<Item = (String, usize)>) -> Self {
        self.with_products(
            plans
                .into_iter()
                .filter(|(_, accounts)| *accounts >= 2)
                .map(|(plan, _)| plan),
        )
    }

    /// How many plans [`Assessor::with_account_plans`] may be given.
    pub const MAX_PLANS: usize = MAX_PRODUCTS;

    /// Adds product names (the plans stored accounts share) to those of `[service] products`.
    /// Names of fewer than two words, or longer than [`MAX_PRODUCT_CHARS`], are not taken.
    pub fn with_products<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        for name in names {
            let name = name.as_ref().trim();
            if self.products.len() >= MAX_PRODUCTS {
                break;
            }
            if name.split_whitespace().count() < 2 || name.chars().count() > MAX_PRODUCT_CHARS {
                continue;
            }
            let compact = values::compact(name);
            if compact.len() < 3 || self.products.iter().any(|p| p.variants[0] == compact) {
                continue;
            }
            self.products.push(Value {
                kind: "product",
                field: String::new(),
                variants: vec![compact],
                single_word: false,
                // "Mail Shield", "MailShield": written as a name; "your mail shield" is words.
                needs_capital: true,
                ip: None,
            });
        }
        self.id = recent::next_assessor_id();
        self
    }

    /// Assesses one reply.
    pub fn assess(&self, input: &AssessInput<'_>) -> Assessment {
        let public = self.public(input);
        let (decision, findings, _) = self.analyse(input, &public, input.reply, Some(false));
        let redacted = if findings.is_empty() {
            input.reply.to_string()
        } else {
            self.redact(input, &public, &findings, true)
        };
        Assessment {
            decision,
            findings,
            redacted,
        }
    }

    /// Assesses one reply and says why: for each finding its class, the policy entry that
    /// fired and the words it matched, and the shape of each sentence.
    pub fn explain(&self, input: &AssessInput<'_>) -> Explanation {
        let public = self.public(input);
        // The full reading, without the early exit: its outcome is what is explained.
        let (decision, findings, outcome) = self.analyse(input, &public, input.reply, None);
        let chars: Vec<char> = input.reply.chars().collect();
        let details = findings
            .iter()
            .map(|f| {
                let claim = outcome
                    .claims
                    .iter()
                    .find(|c| c.start == f.start && c.end == f.end && c.class == f.kind);
                match claim {
                    Some(c) => FindingDetail {
                        finding: f.clone(),
                        class: c.class.clone(),
                        entry: c.entry.clone(),
                        words: c.words.clone(),
                    },
                    None => FindingDetail {
                        finding: f.clone(),
                        class: f.kind.clone(),
                        entry: match &f.field {
                            Some(field) => format!("account_value.{field}"),
                            None => format!("builtin.{}", f.kind),
                        },
                        words: vec![chars[f.start.min(chars.len())..f.end.min(chars.len())]
                            .iter()
                            .collect()],
                    },
                }
            })
            .collect();
        let redacted = if findings.is_empty() {
            input.reply.to_string()
        } else {
            self.redact(input, &public, &findings, false)
        };
        Explanation {
            assessment: Assessment {
                decision,
                findings,
                redacted,
            },
            language: outcome.language,
            details,
            sentences: outcome
                .notes
                .into_iter()
                .map(|mut n| {
                    n.terms = n
                        .hits
                        .iter()
                        .map(|&(entry, start, end)| {
                            let e = &self.policy.entries[entry];
                            TermNote {
                                entry: e.id.clone(),
                                role: policy::role_name(e.role),
                                start,
                                end,
                            }
                        })
                        .collect();
                    n
                })
                .collect(),
        }
    }

    /// The draft `t` for a post by `post_author`. A profile that holds a reply naming the
    /// poster (the strict one) leaves the name out, so the bot's drafts stay routine.
    pub fn render_draft(&self, t: &DraftTemplate, post_author: &str, service_name: &str) -> String {
        if self.policy.settings.echo_poster_values == policy::Level::Routine {
            render_draft(t, post_author, service_name)
        } else {
            render_draft_unnamed(t, service_name)
        }
    }

    /// Checks that every draft renders routine for a range of authors, including ones that look
    /// like names, handles and addresses.
    pub fn check_drafts(
        &self,
        drafts: &DraftsConfig,
        service_name: &str,
    ) -> Result<(), AssessError> {
        const AUTHORS: &[&str] = &[
            "bytewarden941",
            "Maria Huber",
            "j.smith@example.org",
            "",
            "{author}",
            "Your account",
        ];
        for t in &drafts.templates {
            for author in AUTHORS {
                let reply = self.render_draft(t, author, service_name);
                let a = self.assess(&AssessInput {
                    customer: None,
                    post_author: author,
                    post_text: "",
                    reply: &reply,
                });
                if a.decision != Decision::Routine {
                    let reason = a
                        .findings
                        .first()
                        .map(|f| format!("{} at {}..{}", f.kind, f.start, f.end))
                        .unwrap_or_default();
                    return Err(AssessError::DraftNotRoutine {
                        name: t.name.clone(),
                        author: author.to_string(),
                        decision: a.decision.as_str(),
                        reason,
                    });
                }
            }
        }
        Ok(())
    }

    fn public(&self, input: &AssessInput<'_>) -> Public {
        let post = self.post_public(input);
        let account = self.account_values(input.customer);
        let public_values: HashSet<usize> = values::find(&post.post, &account)
            .into_iter()
            .filter(|h| written_in_clear(&post.post, h.start, h.end))
            .chain(values::find(&post.author, &account))
            .map(|h| h.value)
            .chain(account.iter().enumerate().filter_map(|(i, v)| {
                let ip = v.ip?;
                post.post_items
                    .iter()
                    .chain(&post.author_items)
                    .any(|it: &personal::Item| it.ip == Some(ip))
                    .then_some(i)
            }))
            .collect();
        Public {
            post,
            account,
            public_values,
            reading: std::cell::OnceCell::new(),
        }
    }

    /// The post's reading, kept per thread for the next replies to the same post.
    fn post_public(&self, input: &AssessInput<'_>) -> Rc<PostPublic> {
        if input.post_text.len() + input.post_author.len() > recent::MAX_KEPT_POST_BYTES {
            return Rc::new(self.read_post(input));
        }
        recent::with(&RECENT_POSTS, |r| {
            r.get_or_insert(
                |(id, post, author)| {
                    *id == self.id && post == input.post_text && author == input.post_author
                },
                || {
                    (
                        self.id,
                        input.post_text.to_string(),
                        input.post_author.to_string(),
                    )
                },
                || self.read_post(input),
            )
        })
    }

    /// The account's values, kept per thread for the next posts matched to the same account.
    fn account_values(&self, customer: Option<&Customer>) -> Rc<Vec<Value>> {
        let Some(c) = customer else {
            return Rc::new(Vec::new());
        };
        recent::with(&RECENT_ACCOUNTS, |r| {
            r.get_or_insert(
                |(id, kept)| *id == self.id && kept == c,
                || (self.id, c.clone()),
                || values::account_values(c, &self.service_needles),
            )
        })
    }

    fn read_post(&self, input: &AssessInput<'_>) -> PostPublic {
        // One fold of the post and of the author name serves every reading of them.
        let post_fold = fold::fold(input.post_text);
        let author_fold = fold::fold(input.post_author);
        let post = Doc::from_fold(input.post_text, &post_fold);
        let author = Doc::from_fold(input.post_author, &author_fold);
        // A value the poster wrote only obfuscated ("jo (at) example (dot) org") stays private.
        let post_items: Vec<personal::Item> = personal::scan(&post)
            .into_iter()
            .filter(|it| written_in_clear(&post, it.start, it.end))
            .collect();
        let author_items = personal::scan(&author);
        let declares_relationship = self.rules.declares_relationship(&post);
        let post_compact: String = post.compact.iter().collect();
        let claims = claims::PostContext::new(
            &lang::words_folded(input.post_text, &post_fold),
            &self.policy,
        );
        PostPublic {
            claims,
            post_lower: post_fold.text,
            author_lower: author_fold.text,
            post,
            author,
            post_items,
            author_items,
            declares_relationship,
            post_compact,
        }
    }

    /// An address in the company's ranges, one of its phones or contact emails.
    fn is_company_fact(&self, it: &personal::Item) -> bool {
        if let Some(ip) = it.ip {
            // Loopback and private addresses ("bind to 127.0.0.1") identify nobody.
            let local = match ip {
                std::net::IpAddr::V4(v4) => {
                    v4.is_loopback() || v4.is_private() || v4.is_unspecified() || v4.is_link_local()
                }
                std::net::IpAddr::V6(v6) => v6.is_loopback() || v6.is_unspecified(),
            };
            return local || self.service_ranges.iter().any(|r| r.contains(&ip));
        }
        match it.kind {
            "phone" => {
                let digits: String = it.value.chars().filter(|c| c.is_ascii_digit()).collect();
                // "+49 89 2555 3000" may be written "089 2555 3000": compare the tail.
                digits.len() >= 5
                    && self.service_phones.iter().any(|p| {
                        let n = digits.len().min(p.len()).min(9);
                        p.ends_with(&digits[digits.len() - n..])
                            && digits.ends_with(&p[p.len() - n..])
                    })
            }
            "email" => self.service_emails.contains(&it.value.to_lowercase()),
            _ => false,
        }
    }

    fn is_service_domain(&self, domain: &str) -> bool {
        let d = domain.trim_end_matches('.');
        self.service_domains
            .iter()
            .any(|s| d == s || d.ends_with(&format!(".{s}")))
    }

    /// Decision and findings for `reply` (the input's reply, or a redacted version of it).
    /// Assesses a reply up to `[assess] max_reply_chars`; what lies beyond is not read, and the
    /// reply is held for it (a `too_long` finding over the unread rest), so a long reply costs
    /// a bounded time and never passes unread. With `exit` (`Some(is a redaction pass)`), a
    /// text in which nothing can fire (`fast`) is routine without the claim rules' reading:
    /// its outcome is then empty.
    fn analyse(
        &self,
        input: &AssessInput<'_>,
        public: &Public,
        reply: &str,
        exit: Option<bool>,
    ) -> (Decision, Vec<Finding>, claims::Outcome) {
        let Some((cut, _)) = reply.char_indices().nth(self.max_reply_chars) else {
            return self.analyse_text(input, public, reply, exit);
        };
        let (decision, mut findings, outcome) =
            self.analyse_text(input, public, &reply[..cut], exit);
        findings.push(Finding {
            kind: "too_long".into(),
            field: None,
            start: self.max_reply_chars,
            end: reply.chars().count(),
        });
        let decision = match decision {
            Decision::Routine => Decision::NeedsReview,
            d => d,
        };
        (decision, findings, outcome)
    }

    fn analyse_text(
        &self,
        input: &AssessInput<'_>,
        public: &Public,
        reply: &str,
        exit: Option<bool>,
    ) -> (Decision, Vec<Finding>, claims::Outcome) {
        // One fold of the reply, shared by the older token rules and the claim rules.
        let folded = fold::fold(reply);
        let mut doc = Doc::from_fold(reply, &folded);
        let mut findings: Vec<Finding> = Vec::new();
        let mut covered = SpanSet::new(); // folded spans already reported

        // Zones that belong to the service itself: its name, domains and addresses.
        let mut zones: Vec<(usize, usize)> = values::find(&doc, &self.service_values)
            .into_iter()
            .map(|h| (h.start, h.end))
            .collect();
        let items = personal::scan(&doc);
        for it in &items {
            if self.is_company_fact(it) {
                zones.push((it.start, it.end));
                continue;
            }
            let domain = match it.kind {
                "email" => it.value.rsplit('@').next().unwrap_or(""),
                "host" => it.value.as_str(),
                "url" => it
                    .value
                    .split("://")
                    .last()
                    .unwrap_or("")
                    .trim_start_matches("www.")
                    .split(['/', '?', '#', ':'])
                    .next()
                    .unwrap_or(""),
                _ => continue,
            };
            if self.is_service_domain(domain) {
                // A link to the company's site is the company's, but what its path and query
                // carry may be someone else's: "status.example.com/check?host=shop.poster.de"
                // names the poster's host. Only the scheme and host are the company's zone.
                let end = if it.kind == "url" {
                    let after_scheme = it.value.find("://").map_or(0, |i| i + 3);
                    let host_end = it.value[after_scheme..]
                        .find(['/', '?', '#'])
                        .map_or(it.value.len(), |i| after_scheme + i);
                    (it.start + it.value[..host_end].chars().count()).min(it.end)
                } else {
                    it.end
                };
                zones.push((it.start, end));
            }
        }
        let orig_zones: Vec<(usize, usize)> = zones
            .iter()
            .map(|&(a, b)| doc.original_span(a, b))
            .collect();
        let zones = Spans::new(zones);
        let in_zone = |s: usize, e: usize| zones.contains(s, e);
        let orig_zone_spans = Spans::new(orig_zones.iter().copied());

        // Account values.
        let account = &public.account;
        let public_values = &public.public_values;
        let mut hits: Vec<Hit> = values::find(&doc, account);
        let mut account_ips = HashMap::new();
        for (i, v) in account.iter().enumerate() {
            if let Some(ip) = v.ip {
                account_ips.entry(ip).or_insert(i);
            }
        }
        for it in items.iter().filter(|it| it.kind == "ip") {
            if let Some(&vi) = it.ip.and_then(|ip| account_ips.get(&ip)) {
                hits.push(Hit {
                    value: vi,
                    start: it.start,
                    end: it.end,
                });
            }
        }
        // The strict profile takes nothing the post made public about the poster as free to
        // repeat: their values, names and handle are echoes for a reviewer.
        let echo = self.policy.settings.echo_poster_values != policy::Level::Routine;
        let mut extra_ref = vec![false; doc.tokens.len()];
        for h in hits {
            if (public_values.contains(&h.value) && !echo) || in_zone(h.start, h.end) {
                continue;
            }
            let v = &account[h.value];
            if v.kind == "name" {
                mark_tokens(&doc, &mut extra_ref, h.start, h.end);
            }
            covered.insert(h.start, h.end);
            let (start, end) = doc.original_span(h.start, h.end);
            findings.push(Finding {
                kind: v.kind.to_string(),
                field: Some(v.field.clone()),
                start,
                end,
            });
        }

        // The company's own name, addresses and facts are not read by the rules.
        for t in doc.tokens.iter_mut() {
            if in_zone(t.start, t.end) {
                t.text = SERVICE_WORD.to_string();
                t.key = SERVICE_WORD.to_string();
            }
        }

        // The company's product names: the account's plan among them was found above, as a
        // value; the claim rules still read their words, but not as the poster's name, and a
        // plan word beside one names the product ("l'offre Mail Shield").
        let products = Spans::new(
            values::find(&doc, &self.products)
                .into_iter()
                .map(|h| doc.original_span(h.start, h.end)),
        );

        // Lines quoting the post ("> you suspended me for nothing") are the poster's words.
        mask_quoted_post(&mut doc, reply, &public.post.post_compact);

        // The author's handle in the reply is public, but tells the rules who "they" are.
        let author_compact = values::compact(input.post_author);
        if author_compact.len() >= 2 {
            let author_value = Value {
                kind: "author",
                field: String::new(),
                variants: vec![author_compact],
                single_word: false,
                needs_capital: false,
                ip: None,
            };
            // Several words ("Your account") are the author's own phrase and not read by the
            // rules; a single word ("Suspended") might be ours, so it stays readable.
            let phrase = public.post.author.tokens.len() >= 2;
            for h in values::find(&doc, std::slice::from_ref(&author_value)) {
                mark_tokens(&doc, &mut extra_ref, h.start, h.end);
                if echo && !in_zone(h.start, h.end) {
                    let (start, end) = doc.original_span(h.start, h.end);
                    findings.push(Finding {
                        kind: "echo".into(),
                        field: None,
                        start,
                        end,
                    });
                }
                if !phrase {
                    continue;
                }
                for i in doc.tokens_overlapping(h.start, h.end) {
                    let t = &mut doc.tokens[i];
                    t.text = AUTHOR_WORD.to_string();
                    t.key = AUTHOR_WORD.to_string();
                }
            }
        }

        // Personal data that is not the account's (or is, in a spelling the values missed).
        // A fenced block of configuration ("```") is what to write, judged by the sentence
        // that frames it: its paths and example values are nobody's data.
        let fences = fenced_blocks(reply);
        let fence_spans = Spans::new(fences.iter().copied());
        let in_fence = |s: usize, e: usize| {
            let (s, e) = doc.original_span(s, e);
            fence_spans.contains(s, e)
        };
        let read = &public.post;
        let public_items = ItemIndex::new(read.post_items.iter().chain(&read.author_items));
        let mut paths = Vec::new();
        for it in &items {
            match it.kind {
                "path" => {
                    if !in_fence(it.start, it.end) {
                        paths.push((it.start, it.end));
                    }
                    continue;
                }
                "url" => continue,
                _ => {}
            }
            if in_zone(it.start, it.end) || covered.overlaps(it.start, it.end) {
                continue;
            }
            if in_fence(it.start, it.end) && is_example_value(it) {
                continue;
            }
            if public_items.has(it) && !echo {
                continue;
            }
            covered.insert(it.start, it.end);
            let (start, end) = doc.original_span(it.start, it.end);
            findings.push(Finding {
                kind: it.kind.to_string(),
                field: None,
                start,
                end,
            });
        }
        let post_lower = &public.post.post_lower;
        let author_lower = &public.post.author_lower;
        let service_lower = &self.service_lower;
        let account_findings = Spans::new(
            findings
                .iter()
                .filter(|f| f.field.is_some())
                .map(|f| (f.start, f.end)),
        );
        let signed_from = personal::signature_start(reply).unwrap_or(usize::MAX);
        for it in personal::names(reply) {
            if orig_zone_spans.overlaps(it.start, it.end) || it.start >= signed_from {
                continue;
            }
            let folded_name = fold::fold(&it.value).text;
            let bare = folded_name
                .split_whitespace()
                .filter(|w| !w.ends_with('.'))
                .collect::<Vec<_>>()
                .join(" ");
            let compact_name: String = bare.chars().filter(|c| c.is_alphanumeric()).collect();
            if (!echo && (post_lower.contains(&bare) || author_lower.contains(&bare)))
                || (!service_lower.is_empty() && compact_name.contains(service_lower.as_str()))
            {
                continue;
            }
            if account_findings.overlaps(it.start, it.end) {
                continue;
            }
            findings.push(Finding {
                kind: "personal".into(),
                field: None,
                start: it.start,
                end: it.end,
            });
        }

        // Code in a fenced block is configuration, not prose: the claim rules do not read it.
        let unread: Vec<(usize, usize)> = orig_zones
            .iter()
            .copied()
            .chain(
                fences
                    .iter()
                    .copied()
                    // Inline code that reads as code (`grep CRON /var/log/syslog`) is a
                    // command to type, as a fenced block is; its paths still tell where the
                    // company looked, so only the reading of its words stops.
                    .chain(inline_code(reply))
                    .filter(|&(a, b)| is_code(reply, a, b)),
            )
            .collect();
        // Claims about the poster, sentence by sentence, by the policy.
        let names = poster_names(input);
        if echo {
            let customer_name = input.customer.map(|c| c.name.as_str());
            for (start, end) in named_poster(reply, &names, customer_name, input.post_text) {
                if !orig_zone_spans.overlaps(start, end) {
                    findings.push(Finding {
                        kind: "echo".into(),
                        field: None,
                        start,
                        end,
                    });
                }
            }
        }
        let handle: String = input
            .post_author
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(|c| c.to_lowercase())
            .collect();
        // The poster's own values in the reply: account values wherever they stand, and hosts,
        // addresses and URLs that are not the company's.
        let owned = Spans::new(
            findings
                .iter()
                .filter(|f| f.field.is_some())
                .map(|f| (f.start, f.end))
                .chain(
                    items
                        .iter()
                        .filter(|it| matches!(it.kind, "host" | "ip" | "email" | "url"))
                        .filter(|it| !in_zone(it.start, it.end))
                        .map(|it| doc.original_span(it.start, it.end)),
                ),
        );
        let unread = Spans::new(unread);
        let words = lang::words_folded(reply, &folded);
        let poster = claims::Poster {
            names: &names,
            handle: &handle,
            matched: input.customer.is_some(),
            masked: &unread,
            products: &products,
            owned: &owned,
            reply,
        };
        let rule_hits =
            self.rules
                .apply(&doc, &extra_ref, public.post.declares_relationship, &paths);
        // The early exit: nothing found so far, no older rule fired, and no claim rule can
        // fire in any language, so neither the detector nor the claim rules need to read it.
        if let Some(pass) = exit {
            let exits = findings.is_empty()
                && rule_hits.is_empty()
                && fast::claims_cannot_fire(&self.policy, &words, &poster);
            fast::count(pass, exits);
            if exits {
                return (Decision::Routine, findings, claims::Outcome::default());
            }
        }
        let reading = public
            .reading
            .get_or_init(|| claims::read_language(reply, &words));
        let outcome = claims::assess(&self.policy, words, reading, &public.post.claims, &poster);
        // A plan's name is also the name of a product on the price list: "Starter is 9
        // EUR/month, Web Guard 19" lists the offer. Named alone in a reply to its customer
        // ("the Business Pro tier works as documented") it still tells their plan.
        let numbers = reply
            .split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty())
            .count();
        // digits_before[k]: the digits among the reply's first k chars.
        let digits_before: Vec<usize> = std::iter::once(0)
            .chain(reply.chars().scan(0, |n, c| {
                *n += usize::from(c.is_ascii_digit());
                Some(*n)
            }))
            .collect();
        // A price beside the name, and another price in the reply.
        let price_list = |n: &SentenceNote| {
            let end = n.end.min(digits_before.len() - 1);
            numbers >= 2 && digits_before[end] > digits_before[n.start.min(end)]
        };
        let notes = Spans::new(outcome.notes.iter().map(|n| (n.start, n.end)));
        findings.retain(|f| {
            f.field.as_deref() != Some("plan")
                || notes
                    .overlapping(f.start, f.end)
                    .map(|i| &outcome.notes[i])
                    .any(|n| n.shape.contains(&"poster") || !price_list(n))
        });
        let mut blocked = false;
        for c in &outcome.claims {
            blocked |= c.level == ClaimLevel::Blocked;
            let f = Finding {
                kind: c.class.clone(),
                field: None,
                start: c.start,
                end: c.end,
            };
            findings.push(f);
        }

        // Statements of account facts and entrusted data, by the older token rules; a
        // sentence the claim rules read as advice, a question or a negated practice is left
        // to them.
        let routine_spans: HashSet<(usize, usize)> =
            outcome.routine_spans.iter().copied().collect();
        let claims = Spans::new(outcome.claims.iter().map(|c| (c.start, c.end)));
        let advised: HashSet<(usize, usize)> = outcome.advice_spans.iter().copied().collect();
        let ordered: HashSet<(usize, usize)> = outcome.order_spans.iter().copied().collect();
        let no_entrusted: HashSet<(usize, usize)> =
            outcome.no_entrusted_spans.iter().copied().collect();
        for r in rule_hits {
            let (start, end) = doc.token_span(r.start, r.end);
            // A sentence that is all code (a command to type) tells nothing of anyone.
            if unread.contains(start, end) {
                continue;
            }
            // Every sentence of the rule's clause is advice, a question, a negated practice
            // or an echo of the post.
            let overlapping: Vec<&SentenceNote> = notes
                .overlapping(start, end)
                .map(|i| &outcome.notes[i])
                .collect();
            let is_routine = |n: &&SentenceNote| routine_spans.contains(&(n.start, n.end));
            let claimed =
                |n: &&SentenceNote| n.shape.contains(&"poster") || claims.overlaps(n.start, n.end);
            let routine = overlapping.iter().any(is_routine)
                && !overlapping.iter().any(|n| claimed(n) && !is_routine(n));
            // The claim rules read every sentence of the clause and found no stored data in it.
            let no_object = r.kind == "possible_entrusted"
                && !overlapping.is_empty()
                && overlapping
                    .iter()
                    .all(|n| no_entrusted.contains(&(n.start, n.end)));
            // "make sure your server sends ...": advice names the poster's things, it tells
            // no relationship.
            // An order to look at the reader's own data ("look in /var/log/auth.log on your
            // server if ...") is no look of ours; a hedge alone ("mostly") orders nothing.
            // A clause in which the policy read no word at all ("..., and rescan") tells
            // nothing, so the clauses beside it decide.
            let telling: Vec<&&SentenceNote> =
                overlapping.iter().filter(|n| !n.hits.is_empty()).collect();
            let advice = !telling.is_empty()
                && match r.kind {
                    "relationship" | "possible_entrusted" => {
                        telling.iter().all(|n| advised.contains(&(n.start, n.end)))
                    }
                    "entrusted" => telling.iter().all(|n| ordered.contains(&(n.start, n.end))),
                    _ => false,
                };
            if routine || no_object || advice {
                continue;
            }
            blocked |= r.level == Level::Entrusted;
            let f = Finding {
                kind: r.kind.to_string(),
                field: None,
                start,
                end,
            };
            findings.push(f);
        }
        // Sorted, equal findings stand together, and one of each is kept.
        findings.sort_by(|x, y| {
            (x.start, x.end, &x.kind, &x.field).cmp(&(y.start, y.end, &y.kind, &y.field))
        });
        findings.dedup();
        let decision = if blocked {
            Decision::Blocked
        } else if findings.is_empty() {
            Decision::Routine
        } else {
            Decision::NeedsReview
        };
        (decision, findings, outcome)
    }

    /// The reply with every finding replaced by the marker; re-assessed until routine, so a
    /// reviewer can approve it with one click.
    /// With `may_exit`, a pass may take the early exit (`fast`).
    fn redact(
        &self,
        input: &AssessInput<'_>,
        public: &Public,
        findings: &[Finding],
        may_exit: bool,
    ) -> String {
        let mut text = replace_spans(input.reply, findings);
        // The passes read the reply's language as first read. A redaction can leave too few
        // words for a detector to place, and the alternative is published alone: once the
        // passes find it routine, it is read once more in its own language, and passes go on
        // in that reading if it is not.
        let mut own: Option<Public> = None;
        for _ in 0..5 {
            let reading = own.as_ref().unwrap_or(public);
            let (decision, more, _) = self.analyse(input, reading, &text, may_exit.then_some(true));
            let more = if decision == Decision::Routine {
                // Read it as it stands: the same languages, or every pass after this one in
                // its own reading. A text that no pass read fully has no claim to read anew.
                let Some(first) = reading.reading.get() else {
                    return text;
                };
                if claims::reads_as(&text, first) {
                    return text;
                }
                let words = lang::words_folded(&text, &fold::fold(&text));
                let alone = claims::read_language(&text, &words);
                if alone.detected == first.detected && alone.langs == first.langs {
                    return text;
                }
                let fresh = public.unread();
                let _ = fresh.reading.set(alone);
                let (decision, more, _) = self.analyse(input, &fresh, &text, None);
                own = Some(fresh);
                if decision == Decision::Routine {
                    return text;
                }
                more
            } else {
                more
            };
            let next = replace_spans(&text, &more);
            // The same text would be read again to the same findings: no pass can end it.
            if next == text {
                break;
            }
            text = next;
        }
        REDACTION_MARKER.to_string()
    }
}

/// Whether the folded span `[start, end)` of a post is written in clear in the original, not
/// obfuscated with `(at)`, `[dot]`, `[.]` and the like.
/// Char spans of fenced code blocks (between lines opening with ``` or ~~~); an unclosed
/// fence runs to the end.
fn fenced_blocks(text: &str) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut open: Option<usize> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let len = line.chars().count();
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            match open.take() {
                Some(s) => blocks.push((s, at + len)),
                None => open = Some(at),
            }
        }
        at += len;
    }
    if let Some(s) = open {
        blocks.push((s, at));
    }
    blocks
}

/// Char spans of inline code: between two single backticks on one line, the marks included.
fn inline_code(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        let fence = c == '`' && (chars.get(i + 1) == Some(&'`') || (i > 0 && chars[i - 1] == '`'));
        match c {
            '\n' => open = None,
            '`' if fence => open = None,
            '`' => match open.take() {
                Some(s) if i > s + 1 => spans.push((s, i + 1)),
                Some(_) => {}
                None => open = Some(i),
            },
            _ => {}
        }
    }
    spans
}

/// Whether the fenced block at chars `[a, b)` holds code or configuration: most of its lines
/// carry the punctuation of code (`=`, `;`, braces, `<>`, `$`, `|`, slashes, `key:value`).
/// A fence around sentences is still read as prose.
fn is_code(text: &str, a: usize, b: usize) -> bool {
    let block: String = text.chars().skip(a).take(b - a).collect();
    let lines: Vec<&str> = block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("```") && !l.starts_with("~~~"))
        .collect();
    let code = |l: &&&str| {
        l.contains(['=', ';', '{', '}', '<', '>', '$', '|', '/', '\\'])
            || l.as_bytes()
                .windows(2)
                .any(|w| w[0] == b':' && !w[1].is_ascii_whitespace())
    };
    !lines.is_empty() && lines.iter().filter(code).count() * 2 >= lines.len()
}

/// A documentation address or an example domain: what sample configuration is written with.
fn is_example_value(it: &personal::Item) -> bool {
    if let Some(ip) = it.ip {
        return crate::normalize::is_documentation_ip(ip);
    }
    let host = match it.kind {
        "email" => it.value.rsplit('@').next().unwrap_or(""),
        "host" => it.value.as_str(),
        _ => return false,
    };
    crate::normalize::is_example_domain(host)
}

fn written_in_clear(doc: &Doc, start: usize, end: usize) -> bool {
    let (s, e) = doc.original_span(start, end);
    let text: String = doc.original[s..e.min(doc.original.len())]
        .iter()
        .flat_map(|c| c.to_lowercase())
        .collect();
    const MARKS: &[&str] = &[
        "(at)",
        "[at]",
        "{at}",
        "<at>",
        " at ",
        "(dot)",
        "[dot]",
        "{dot}",
        "<dot>",
        " dot ",
        "[.]",
        "(.)",
        "{.}",
        "[@]",
        "(@)",
        "{@}",
        " punkt ",
        "(punkt)",
        "[punkt]",
        " point ",
        "(point)",
        " arroba ",
        "(arroba)",
        " arobase ",
        " chez ",
        "(chez)",
        " punto ",
        " guion ",
        " guión ",
        " tiret ",
        " dash ",
        " hyphen ",
        " bindestrich ",
        "\u{200b}",
    ];
    !MARKS.iter().any(|m| text.contains(m))
}

/// Words that name the poster: their handle's and their account name's words.
fn poster_names(input: &AssessInput<'_>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |text: &str| {
        // Function words in a handle ("the_real_deal") name nobody.
        const COMMON: &[&str] = &[
            "the", "and", "for", "you", "our", "not", "real", "deal", "man", "guy", "dev", "admin",
            "user", "web", "shop", "der", "die", "das", "les", "los", "las", "del",
        ];
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            let w = w.to_lowercase();
            if w.chars().count() >= 3 && !names.contains(&w) && !COMMON.contains(&w.as_str()) {
                names.push(w);
            }
        }
    };
    add(input.post_author);
    if let Some(c) = input.customer {
        add(&c.name);
    }
    names
}

/// Words of thanks after which a name is said to someone: "thanks Marta!", "Danke Jürgen".
const THANKS: &[&str] = &[
    "thanks", "thank", "thx", "cheers", "welcome", "danke", "merci", "gracias",
];

/// Char spans of the reply's words that name the poster as the post did: a capitalised word
/// of their account name; a word of their handle that is a given name, or that the reply
/// says to someone ("Thank you, Hanna!" to `helpful_hanna`); a word the post signed with
/// ("— Anke"), said to someone or a given name. Other words of a handle ("DNS" of
/// `dns_skeptic`) name nobody.
fn named_poster(
    reply: &str,
    names: &[String],
    customer_name: Option<&str>,
    post: &str,
) -> Vec<(usize, usize)> {
    let in_account_name = |lower: &str| {
        customer_name.is_some_and(|n| {
            n.split(|c: char| !c.is_alphanumeric())
                .any(|w| w.to_lowercase() == lower)
        })
    };
    // "Thank you, Hanna!", "thanks Marta.": a comma or a greeting before, a stop after.
    let vocative = |bs: usize, be: usize| {
        let before = reply[..bs].trim_end();
        let after = reply[be..].trim_start();
        let stop_after = after.is_empty() || after.starts_with([',', '!', '.', ':', ';', '?']);
        let greeting = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| {
                let w = w.to_lowercase();
                lang::GREETINGS.contains(&w.as_str()) || THANKS.contains(&w.as_str())
            });
        stop_after && (before.ends_with(',') || greeting)
    };
    let mut out = Vec::new();
    let mut word_start: Option<(usize, usize)> = None; // (char, byte)
    for (chars, (b, c)) in reply
        .char_indices()
        .chain(std::iter::once((reply.len(), ' ')))
        .enumerate()
    {
        if c.is_alphanumeric() {
            word_start.get_or_insert((chars, b));
        } else if let Some((cs, bs)) = word_start.take() {
            let word = &reply[bs..b];
            let capital = word.chars().next().is_some_and(char::is_uppercase);
            if capital && chars - cs >= 3 {
                let lower = word.to_lowercase();
                let given = personal::is_given_name(&lower);
                let said_to = || vocative(bs, b);
                let handle = || names.contains(&lower) && (given || said_to());
                let signed = || {
                    (given || said_to())
                        && post
                            .split(|c: char| !c.is_alphanumeric())
                            .any(|w| w == word)
                };
                if in_account_name(&lower) || handle() || signed() {
                    out.push((cs, chars));
                }
            }
        }
    }
    out
}

/// The post's own identifiers, asked whether an item of the reply is one of them: the same
/// address, the same value, or a phone number one of them ends with. Hashed, so a reply is
/// checked in time linear in its items, whatever the post holds.
#[derive(Default)]
struct ItemIndex<'a> {
    kinds: HashMap<&'static str, KindIndex<'a>>,
}

#[derive(Default)]
struct KindIndex<'a> {
    ips: HashSet<std::net::IpAddr>,
    values: HashSet<&'a str>,
    /// Every ending of the post's phone numbers.
    endings: HashSet<&'a str>,
}

/// Every ending of `v`, itself included.
fn endings(v: &str) -> impl Iterator<Item = &str> {
    v.char_indices().map(move |(i, _)| &v[i..])
}

impl<'a> ItemIndex<'a> {
    fn new(items: impl IntoIterator<Item = &'a personal::Item>) -> ItemIndex<'a> {
        let mut index = ItemIndex::default();
        for p in items {
            let k = index.kinds.entry(p.kind).or_default();
            k.ips.extend(p.ip);
            k.values.insert(&p.value);
            if p.kind == "phone" {
                k.endings.extend(endings(&p.value));
            }
        }
        index
    }

    /// Whether `it` is one of the post's items: by address, by value (an address's value is
    /// the address, so two values agree only where their addresses do), and phone numbers
    /// also when one ends with the other.
    fn has(&self, it: &personal::Item) -> bool {
        let Some(k) = self.kinds.get(it.kind) else {
            return false;
        };
        let v = it.value.as_str();
        it.ip.is_some_and(|ip| k.ips.contains(&ip))
            || k.values.contains(v)
            || (it.kind == "phone"
                && (k.endings.contains(v) || endings(v).any(|e| k.values.contains(e))))
    }
}

fn mark_tokens(doc: &Doc, marks: &mut [bool], start: usize, end: usize) {
    for i in doc.tokens_overlapping(start, end) {
        marks[i] = true;
    }
}

/// Hides from the rules the lines of `reply` that quote the post (`> ...`), so the poster's own
/// words are not read as ours. Only lines whose text is in the post count.
fn mask_quoted_post(doc: &mut Doc, reply: &str, post_compact: &str) {
    if post_compact.is_empty() {
        return;
    }
    let mut offset = 0;
    for line in reply.split_inclusive('\n') {
        let len = line.chars().count();
        let body = line.trim_start();
        if let Some(quoted) = body.strip_prefix('>') {
            let q: String = values::compact(quoted).into_iter().collect();
            if !q.is_empty() && post_compact.contains(&q) {
                let (start, end) = (offset, offset + len);
                for t in doc.tokens.iter_mut() {
                    let o = doc.origin.get(t.start).copied().unwrap_or(usize::MAX);
                    if o >= start && o < end {
                        t.text = QUOTE_WORD.to_string();
                        t.key = QUOTE_WORD.to_string();
                    }
                }
            }
        }
        offset += len;
    }
}

/// Replaces the (merged) spans with the marker. Spans are char offsets.
fn replace_spans(text: &str, findings: &[Finding]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<(usize, usize)> = findings
        .iter()
        .map(|f| (f.start.min(chars.len()), f.end.min(chars.len())))
        .filter(|(s, e)| s < e)
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            // Touching or separated only by spaces and punctuation inside a value: one marker.
            Some(last)
                if s <= last.1
                    || chars[last.1..s]
                        .iter()
                        .all(|c| matches!(c, ' ' | '.' | '-' | '_' | '@'))
                        && s - last.1 <= 2 =>
            {
                last.1 = last.1.max(e)
            }
            _ => merged.push((s, e)),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (s, e) in merged {
        out.extend(&chars[pos..s]);
        out.push_str(REDACTION_MARKER);
        pos = e;
    }
    out.extend(&chars[pos..]);
    out
}

#[cfg(test)]
mod tests;
