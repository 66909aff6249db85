//! Context as evidence: the plan, tenure, cancellation, place and incident days a post states, compared with an
//! account that a name or handle already pointed at. Context adds or subtracts Fellegi-Sunter
//! weight; it never makes an account a candidate on its own.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use super::handles::ascii_spellings;
use super::incidents::{stated_days, Incidents, StatedDay};
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
    /// A start stated three or more years off the account's.
    pub const TENURE_FAR: f64 = -4.0;
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
    /// Plan names folded, with separators removed (`webguard`), so "Webguard", "web-guard" and
    /// "Web Guard" are one plan.
    plans: Vec<String>,
    places: HashMap<String, u32>,
    place_names: Vec<String>,
    /// Per place id (index id - 1): whether some account has it as its city, as its country, and
    /// the country the accounts with this city name give (0: none or several). The accounts are
    /// the only gazetteer there is: a country stated in a post can then agree with an account
    /// that only gives its city.
    place_kinds: Vec<PlaceKind>,
    accounts: Vec<AccountContext>,
    /// The days accounts were hit by or reported an incident (their `incidents` fact).
    incidents: Incidents,
}

#[derive(Clone, Copy, Default)]
struct PlaceKind {
    city: bool,
    country: bool,
    country_of_city: u32,
    country_conflict: bool,
}

/// What a post states about its author's account.
#[derive(Debug, Default)]
pub(crate) struct PostContext {
    plans: Vec<u16>,
    places: Vec<u32>,
    years: Vec<i32>,
    cancelled: bool,
    days: Vec<StatedDay>,
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
            let p = squeeze(p);
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
        self.place_kinds
            .resize(self.place_names.len(), PlaceKind::default());
        if city != 0 {
            let k = &mut self.place_kinds[city as usize - 1];
            k.city = true;
            if country != 0 && !k.country_conflict {
                if k.country_of_city == 0 || k.country_of_city == country {
                    k.country_of_city = country;
                } else {
                    k.country_of_city = 0;
                    k.country_conflict = true;
                }
            }
        }
        if country != 0 {
            self.place_kinds[country as usize - 1].country = true;
        }
        self.incidents
            .push(self.accounts.len() as u32, c.facts.get("incidents"));
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
        self.place_kinds.shrink_to_fit();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.accounts.capacity() * std::mem::size_of::<AccountContext>()
            + self.places.capacity() * (std::mem::size_of::<(String, u32)>() + 16)
            + self
                .place_names
                .iter()
                .map(|s| s.capacity() + 24)
                .sum::<usize>()
            + self.place_kinds.capacity() * std::mem::size_of::<PlaceKind>()
            + self.incidents.heap_bytes()
    }

    /// What `text` states: plans, known places, the years its author became a customer, cancellation.
    /// `this_year` turns "three years with them" into a year.
    pub(crate) fn read(&self, text: &str, this_year: i32) -> PostContext {
        // One fold serves every reading below (plans, places, years, cancellation, days).
        let folded = fold(text).text;
        let mut ctx = PostContext::default();
        let squeezed = squeeze_folded(&folded);
        for (i, p) in self.plans.iter().enumerate() {
            if squeezed.contains(p.as_str()) {
                ctx.plans.push(i as u16 + 1);
            }
        }
        let w = words_folded(&folded);
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
        // "sinse 2019", "seid 2012", "dsde 2022": a keyword misspelt by one letter still counts.
        for c in word_year_re().captures_iter(&folded) {
            let near = SINCE_WORDS
                .iter()
                .any(|k| strsim::damerau_levenshtein(&c[1], k) <= 1);
            if let (true, Ok(y)) = (near, c[2].parse::<i32>()) {
                if !ctx.years.contains(&y) {
                    ctx.years.push(y);
                }
            }
        }
        // "seit letztem Jahr", "signed up in March last year": a start in the year before; else
        // "joined this year", "only signed up in October": a start in the current year.
        if last_year_re().is_match(&folded) {
            if !ctx.years.contains(&(this_year - 1)) {
                ctx.years.push(this_year - 1);
            }
        } else if this_year_re().is_match(&folded) && !ctx.years.contains(&this_year) {
            ctx.years.push(this_year);
        }
        // "Customer since 2019" says more than "a year ago we had an outage".
        if ctx.years.is_empty() {
            for c in years_re().captures_iter(&folded) {
                // "over a year", "a year later": an article before "year" measures a span, not
                // how long the author has been a customer.
                if ARTICLES.contains(&&c[1]) {
                    continue;
                }
                if let Some(n) = number(&c[1]) {
                    ctx.years.push(this_year - n);
                }
            }
            // "signed up about eighteen months ago": months count in whole years, rounded.
            for c in months_re().captures_iter(&folded) {
                if let Some(n) = number(&c[1]) {
                    ctx.years.push(this_year - (n + 6) / 12);
                }
            }
        }
        ctx.cancelled = cancelled_re().is_match(&folded);
        ctx.days = stated_days(&folded);
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
            if let Some((w, detail)) = self.compare_places(a, &post.places) {
                add(w, detail);
            }
        }
        if a.created_year != 0 && !post.years.is_empty() {
            let y = i32::from(a.created_year);
            let off = post.years.iter().map(|s| (s - y).abs()).min().unwrap_or(0);
            if off <= 1 {
                add(
                    weight::TENURE_AGREE,
                    format!("customer since about {y} stated"),
                );
            } else {
                // People misremember their start by a year or two, rarely by more.
                add(
                    if off == 2 {
                        weight::TENURE_DISAGREE
                    } else {
                        weight::TENURE_FAR
                    },
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
        if let Some((w, day)) = self.incidents.compare(acct, &post.days) {
            add(w, format!("incident on {day} stated"));
        }
        out
    }
}

impl Contexts {
    /// A city is compared with cities, a country with countries: "cliente en France" says nothing
    /// against an account that gives only "Nantes", unless the accounts tell Nantes' country.
    fn compare_places(&self, a: &AccountContext, places: &[u32]) -> Option<(f64, String)> {
        let name = |id: u32| &self.place_names[id as usize - 1];
        let kind = |id: u32| self.place_kinds[id as usize - 1];
        if a.city != 0 && places.contains(&a.city) {
            return Some((
                weight::CITY_AGREE,
                format!("city \"{}\" stated", name(a.city)),
            ));
        }
        let country = if a.country != 0 {
            a.country
        } else if a.city != 0 {
            kind(a.city).country_of_city
        } else {
            0
        };
        if country != 0 && places.contains(&country) {
            return Some((
                weight::COUNTRY_AGREE,
                format!("country \"{}\" stated", name(country)),
            ));
        }
        let other_city = places
            .iter()
            .any(|&p| kind(p).city && !kind(p).country && p != a.city);
        if a.city != 0 && other_city {
            return Some((
                weight::PLACE_DISAGREE,
                format!("another place than \"{}\" stated", name(a.city)),
            ));
        }
        let other_country = places
            .iter()
            .any(|&p| kind(p).country && !kind(p).city && p != country);
        if country != 0 && other_country {
            return Some((
                weight::PLACE_DISAGREE,
                format!("another country than \"{}\" stated", name(country)),
            ));
        }
        None
    }
}

/// Folded, letters and digits only: plan names compare without their spaces and hyphens.
fn squeeze(s: &str) -> String {
    squeeze_folded(&fold(s).text)
}

/// [`squeeze`] of a text folded already.
fn squeeze_folded(folded: &str) -> String {
    folded.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Words of `s`, folded to ASCII, for comparing place names.
fn words(s: &str) -> Vec<String> {
    words_folded(&fold(s).text)
}

/// [`words`] of a text folded already.
fn words_folded(folded: &str) -> Vec<String> {
    folded
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

const ARTICLES: &[&str] = &["a", "an", "ein", "einem", "einen", "un", "une"];

/// The words "since" stands for before a year, in our four languages.
const SINCE_WORDS: &[&str] = &["since", "seit", "depuis", "desde"];

fn word_year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(\p{L}{3,7})\s+((?:19|20)\d\d)\b").expect("built-in pattern is valid")
    })
}

fn this_year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"\b(?:(?:joined|signed up|subscribed|started|became a customer|bought it)\s+(?:(?:\p{L}+\s+){0,3}?(?:in|on)\s+)?(?:this year|",
            r"(?:january|february|march|april|may|june|july|august|september|october|november|december)\b,?\s*(?:[^0-9\s]|$))|",
            r"(?:customer |client )?since this year|",
            r"seit diesem jahr|dieses jahr (?:angemeldet|kunde|dabei)|depuis cette année|cette année (?:seulement|inscrit)|",
            r"desde este año|este año (?:me registré|me di de alta))"
        ))
        .expect("built-in pattern is valid")
    })
}

fn last_year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"\b(?:(?:joined|signed up|subscribed|started|became a customer|customer|since)\b[^.\n]{0,30}?\blast year|",
            r"seit (?:letztem|dem letzten|vorigem|dem vorigen) jahr|depuis l'année dernière|depuis l’année dernière|",
            r"desde el año pasado)"
        ))
        .expect("built-in pattern is valid")
    })
}

fn months_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(\d{1,2}|[\p{L}]+)\s+(?:months?|monaten?|mois|meses)\b")
            .expect("built-in pattern is valid")
    })
}

fn years_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(\d{1,2}|[\p{L}]+)\s+(?:years?|yrs|jahren?|ans|años|anos)\b")
            .expect("built-in pattern is valid")
    })
}

fn number(w: &str) -> Option<i32> {
    if let Ok(n) = w.parse::<i32>() {
        return (1..=48).contains(&n).then_some(n);
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
        &["sixteen", "sechzehn", "seize", "dieciséis"],
        &["seventeen", "siebzehn", "dix-sept", "diecisiete"],
        &["eighteen", "achtzehn", "dix-huit", "dieciocho"],
        &["nineteen", "neunzehn", "dix-neuf", "diecinueve"],
        &["twenty", "zwanzig", "vingt", "veinte"],
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

#[cfg(test)]
mod more_tests {
    use super::*;
    use chrono::NaiveDate;

    fn account(plan: &str, year: i32, city: Option<&str>, country: Option<&str>) -> Customer {
        let mut facts = std::collections::BTreeMap::new();
        if let Some(c) = city {
            facts.insert("city".to_string(), c.to_string());
        }
        if let Some(c) = country {
            facts.insert("country".to_string(), c.to_string());
        }
        Customer {
            id: "W-1".into(),
            name: "Ada Okonkwo".into(),
            emails: vec![],
            hosts: vec![],
            status: AccountStatus::Active,
            plan: Some(plan.into()),
            created_at: NaiveDate::from_ymd_opt(year, 3, 1),
            cancelled_at: None,
            facts,
        }
    }

    fn details(ctx: &Contexts, acct: u32, text: &str) -> Vec<String> {
        ctx.compare(acct, &ctx.read(text, 2026))
            .into_iter()
            .map(|a| format!("{:+} {}", a.weight, a.detail))
            .collect()
    }

    #[test]
    fn plan_names_compare_without_spaces_or_hyphens() {
        let mut ctx = Contexts::default();
        ctx.push(&account("Mail Shield", 2012, None, None));
        for text in ["on Mailshield", "wir sind Mail-Shield-Kunde", "MAIL SHIELD"] {
            assert_eq!(
                details(&ctx, 0, text),
                ["+1.5 plan \"mailshield\" stated"],
                "{text}"
            );
        }
    }

    #[test]
    fn a_misspelt_since_and_relative_starts_count() {
        let mut ctx = Contexts::default();
        ctx.push(&account("Starter", 2019, None, None));
        ctx.push(&account("Starter", 2026, None, None));
        ctx.push(&account("Starter", 2025, None, None));
        for text in [
            "Customer sinse 2019.",
            "Kunde seid 2019",
            "cliente dsde 2019",
            "chez eux depuit 2019",
        ] {
            assert!(details(&ctx, 0, text)[0].starts_with("+2"), "{text}");
        }
        assert!(details(
            &ctx,
            1,
            "I only joined Smart Security Scan in October, on Starter"
        )
        .iter()
        .any(|d| d.starts_with("+2")));
        assert!(details(&ctx, 0, "I only joined in October, on Starter")
            .iter()
            .any(|d| d.starts_with("-4")));
        assert!(details(&ctx, 1, "seit letztem Jahr Kunde")[0].starts_with("+2"));
        assert!(details(&ctx, 1, "signed up in March last year on Starter")
            .iter()
            .any(|d| d.starts_with("+2")));
        // A span measured with an article is no start.
        assert!(details(&ctx, 0, "the charges add up over a year").is_empty());
        assert!(details(&ctx, 2, "signed up about eighteen months ago")[0].starts_with("+2"));
        // An incident month is not a start.
        assert!(details(&ctx, 0, "since the June incident nothing works").is_empty());
    }

    #[test]
    fn places_compare_city_with_city_and_country_with_country() {
        let mut ctx = Contexts::default();
        ctx.push(&account("Starter", 2019, Some("Lyon"), Some("France")));
        ctx.push(&account("Starter", 2019, Some("Nantes"), None));
        ctx.push(&account("Starter", 2019, Some("Lyon"), None));
        ctx.push(&account("Starter", 2019, Some("Namur"), Some("Belgique")));
        ctx.push(&account("Starter", 2019, None, Some("Belgique")));
        let text = "je suis cliente en France";
        assert!(
            details(&ctx, 1, text).is_empty(),
            "{:?}",
            details(&ctx, 1, text)
        );
        // The accounts say Lyon lies in France.
        assert_eq!(details(&ctx, 2, text), ["+1 country \"France\" stated"]);
        assert_eq!(
            details(&ctx, 3, text),
            ["-2 another country than \"Belgique\" stated"]
        );
        assert_eq!(
            details(&ctx, 1, "On est basés à Lyon."),
            ["-2 another place than \"Nantes\" stated"]
        );
        assert!(details(&ctx, 4, "On est basés à Lyon.").is_empty());
    }
}
