//! Context as evidence: the plan, tenure, cancellation and place a post states, compared with an
//! account that a name or handle already pointed at. Context adds or subtracts Fellegi-Sunter
//! weight; it never makes an account a candidate on its own.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::handles::ascii_spellings;
use crate::model::{AccountStatus, Customer};
use crate::normalize::fold;

/// Log2 likelihood ratios: agreement `log2(m/u)`, disagreement `log2((1-m)/(1-u))`.
mod weight {
    pub const PLAN_AGREE: f64 = 1.5;
    pub const PLAN_DISAGREE: f64 = -2.0;
    pub const CITY_AGREE: f64 = 3.0;
    pub const COUNTRY_AGREE: f64 = 1.0;
    pub const PLACE_DISAGREE: f64 = -2.0;
    pub const TENURE_AGREE: f64 = 2.0;
    pub const TENURE_DISAGREE: f64 = -2.5;
    pub const CANCELLED_AGREE: f64 = 1.0;
    pub const CANCELLED_DISAGREE: f64 = -1.0;
}

/// The context facts of one account, interned to a few bytes.
#[derive(Clone, Copy, Default)]
pub(crate) struct AccountContext {
    plan: u16,
    created_year: u16,
    cancelled: bool,
    city: u32,
    country: u32,
}

/// Interned plan names and places of every account, and each account's context.
#[derive(Default)]
pub(crate) struct Contexts {
    plans: Vec<String>,
    places: HashMap<String, u32>,
    place_names: Vec<String>,
    accounts: Vec<AccountContext>,
}

/// What a post states about its author's account.
#[derive(Debug, Default)]
pub(crate) struct PostContext {
    plans: Vec<u16>,
    places: Vec<u32>,
    years: Vec<i32>,
    cancelled: bool,
}

/// One context comparison for one account.
pub(crate) struct ContextAgreement {
    pub(crate) weight: f64,
    pub(crate) detail: String,
}

fn key_of(s: &str) -> String {
    ascii_spellings(s).into_iter().next().unwrap_or_default()
}

impl Contexts {
    pub(crate) fn push(&mut self, c: &Customer) {
        let plan = c.plan.as_deref().map_or(0, |p| {
            let p = fold(p).text.trim().to_string();
            match self.plans.iter().position(|x| *x == p) {
                Some(i) => i as u16 + 1,
                None if !p.is_empty() && self.plans.len() < 1000 => {
                    self.plans.push(p);
                    self.plans.len() as u16
                }
                None => 0,
            }
        });
        let mut place = |v: Option<&String>| {
            let Some(v) = v else { return 0 };
            let k = words(v).join(" ");
            if k.len() < 3 {
                return 0;
            }
            let next = self.place_names.len() as u32 + 1;
            let id = *self.places.entry(k).or_insert(next);
            if id == next {
                self.place_names.push(v.clone());
            }
            id
        };
        let city = place(c.facts.get("city"));
        let country = place(c.facts.get("country"));
        self.accounts.push(AccountContext {
            plan,
            created_year: c
                .created_at
                .map_or(0, |d| chrono::Datelike::year(&d) as u16),
            cancelled: c.status == AccountStatus::Cancelled || c.cancelled_at.is_some(),
            city,
            country,
        });
    }

    pub(crate) fn shrink(&mut self) {
        self.accounts.shrink_to_fit();
        self.place_names.shrink_to_fit();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.accounts.capacity() * std::mem::size_of::<AccountContext>()
            + self.places.capacity() * (std::mem::size_of::<(String, u32)>() + 16)
            + self
                .place_names
                .iter()
                .map(|s| s.capacity() + 24)
                .sum::<usize>()
    }

    /// What `text` states: plans, known places, the years its author became a customer, cancellation.
    /// `this_year` turns "three years with them" into a year.
    pub(crate) fn read(&self, text: &str, this_year: i32) -> PostContext {
        let folded = fold(text).text;
        let mut ctx = PostContext::default();
        for (i, p) in self.plans.iter().enumerate() {
            if folded.contains(p.as_str()) {
                ctx.plans.push(i as u16 + 1);
            }
        }
        let w = words(text);
        for n in 1..=3 {
            for win in w.windows(n) {
                if let Some(&id) = self.places.get(&win.join(" ")) {
                    if !ctx.places.contains(&id) {
                        ctx.places.push(id);
                    }
                }
            }
        }
        for c in since_re().captures_iter(&folded) {
            if let Ok(y) = c[1].parse::<i32>() {
                ctx.years.push(y);
            }
        }
        // "Customer since 2019" says more than "a year ago we had an outage".
        if ctx.years.is_empty() {
            for c in years_re().captures_iter(&folded) {
                if let Some(n) = number(&c[1]) {
                    ctx.years.push(this_year - n);
                }
            }
        }
        ctx.cancelled = cancelled_re().is_match(&folded);
        ctx
    }

    /// The context agreements and disagreements of account `acct` with what a post states.
    pub(crate) fn compare(&self, acct: u32, post: &PostContext) -> Vec<ContextAgreement> {
        let Some(a) = self.accounts.get(acct as usize) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut add = |weight: f64, detail: String| out.push(ContextAgreement { weight, detail });
        if a.plan != 0 && !post.plans.is_empty() {
            let name = &self.plans[a.plan as usize - 1];
            if post.plans.contains(&a.plan) {
                add(weight::PLAN_AGREE, format!("plan \"{name}\" stated"));
            } else {
                add(
                    weight::PLAN_DISAGREE,
                    format!("another plan than \"{name}\" stated"),
                );
            }
        }
        if !post.places.is_empty() && (a.city != 0 || a.country != 0) {
            let name = |id: u32| &self.place_names[id as usize - 1];
            if a.city != 0 && post.places.contains(&a.city) {
                add(
                    weight::CITY_AGREE,
                    format!("city \"{}\" stated", name(a.city)),
                );
            } else if a.country != 0 && post.places.contains(&a.country) {
                add(
                    weight::COUNTRY_AGREE,
                    format!("country \"{}\" stated", name(a.country)),
                );
            } else if a.city != 0 {
                add(
                    weight::PLACE_DISAGREE,
                    format!("another place than \"{}\" stated", name(a.city)),
                );
            }
        }
        if a.created_year != 0 && !post.years.is_empty() {
            let y = i32::from(a.created_year);
            if post.years.iter().any(|s| (s - y).abs() <= 1) {
                add(
                    weight::TENURE_AGREE,
                    format!("customer since about {y} stated"),
                );
            } else {
                add(
                    weight::TENURE_DISAGREE,
                    format!("another start than {y} stated"),
                );
            }
        }
        if post.cancelled {
            if a.cancelled {
                add(
                    weight::CANCELLED_AGREE,
                    "cancellation stated, account cancelled".into(),
                );
            } else {
                add(
                    weight::CANCELLED_DISAGREE,
                    "cancellation stated, account active".into(),
                );
            }
        }
        out
    }
}

/// Words of `s`, folded to ASCII, for comparing place names.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(key_of)
        .filter(|w| !w.is_empty())
        .collect()
}

fn since_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"\b(?:since|customer in|signed up in|joined in|started in|became a customer in|seit|kunde seit|",
            r"depuis|client depuis|desde|cliente desde)\s+(?:(?:early|late|mid|end of|anfang|ende|mitte|début|fin|finales de|principios de|mediados de)\s+)?",
            r"(?:[\p{L}.]+\s+)?(?:de\s+)?((?:19|20)\d\d)\b"
        ))
        .expect("built-in pattern is valid")
    })
}

fn years_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(\d{1,2}|[\p{L}]+)\s+(?:years?|jahren?|ans|años|anos)\b")
            .expect("built-in pattern is valid")
    })
}

fn number(w: &str) -> Option<i32> {
    if let Ok(n) = w.parse::<i32>() {
        return (1..=40).contains(&n).then_some(n);
    }
    const WORDS: &[&[&str]] = &[
        &["one", "a", "ein", "einem", "einen", "un", "une", "uno"],
        &["two", "zwei", "deux", "dos"],
        &["three", "drei", "trois", "tres"],
        &["four", "vier", "quatre", "cuatro"],
        &["five", "fünf", "cinq", "cinco"],
        &["six", "sechs", "seis"],
        &["seven", "sieben", "sept", "siete"],
        &["eight", "acht", "huit", "ocho"],
        &["nine", "neun", "neuf", "nueve"],
        &["ten", "zehn", "dix", "diez"],
        &["eleven", "elf", "onze", "once"],
        &["twelve", "zwölf", "douze", "doce"],
        &["thirteen", "dreizehn", "treize", "trece"],
        &["fourteen", "vierzehn", "quatorze", "catorce"],
        &["fifteen", "fünfzehn", "quinze", "quince"],
    ];
    WORDS
        .iter()
        .position(|ws| ws.contains(&w))
        .map(|i| i as i32 + 1)
}

fn cancelled_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"\b(?:cancell?ed|cancelling|i left|closed (?:my|our) account|gekündigt|kündigung|",
            r"résilié|résiliation|j'ai quitté|cancelé|cancelado|di de baja|me di de baja|dado de baja)"
        ))
        .expect("built-in pattern is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn customer(plan: &str, year: i32, city: &str, cancelled: bool) -> Customer {
        Customer {
            id: "W-1".into(),
            name: "Ada Okonkwo".into(),
            emails: vec![],
            hosts: vec![],
            status: if cancelled {
                AccountStatus::Cancelled
            } else {
                AccountStatus::Active
            },
            plan: Some(plan.into()),
            created_at: NaiveDate::from_ymd_opt(year, 3, 1),
            cancelled_at: None,
            facts: [("city".to_string(), city.to_string())]
                .into_iter()
                .collect(),
        }
    }

    fn total(ctx: &Contexts, text: &str) -> f64 {
        ctx.compare(0, &ctx.read(text, 2026))
            .iter()
            .map(|a| a.weight)
            .sum()
    }

    #[test]
    fn agreements_and_disagreements() {
        let mut ctx = Contexts::default();
        ctx.push(&customer("Web Guard", 2019, "München", true));
        ctx.push(&customer("Starter", 2020, "Lyon", false));
        assert!(
            total(
                &ctx,
                "Wir haben Web Guard seit 2019 in München, jetzt gekündigt."
            ) > 6.0
        );
        assert!(total(&ctx, "seven years with them, Web Guard") > 3.0);
        assert!(total(&ctx, "client Starter depuis 2012 à Lyon") < -4.0);
        assert_eq!(total(&ctx, "nothing to say"), 0.0);
    }
}
