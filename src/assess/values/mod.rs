//! The values of one customer account (names and their parts, addresses, hosts, IPs, domains, plan,
//! dates, facts) as "compact" needles, and finding them in a reply however they were written.

use std::net::IpAddr;

use chrono::NaiveDate;

mod dates;
mod places;

use dates::date_spellings;
pub(crate) use dates::MONTHS_DE;

use super::fold;
use super::text::Doc;
use super::vocab::{COMMON_WORDS, GENERIC_LOCAL_PARTS, NAME_PARTICLES};
use crate::model::Customer;
use crate::normalize::is_free_mail;

/// One account value with every compact spelling that counts as the same value.
#[derive(Debug, Clone)]
pub(crate) struct Value {
    /// Finding kind: `name`, `email`, `host`, `domain`, `ip`, `plan`, `date`, `fact`.
    pub kind: &'static str,
    /// The account field it came from.
    pub field: String,
    /// Letters-and-digits spellings.
    pub variants: Vec<Vec<char>>,
    /// Short values must be one whole word ("Li" is not found inside "Lisa").
    pub single_word: bool,
    /// Values that are also common words count only when written with a capital.
    pub needs_capital: bool,
    /// For IP values: the address, also compared against every address parsed from the reply.
    pub ip: Option<IpAddr>,
}

/// Where a value was found, in folded chars.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub value: usize,
    pub start: usize,
    pub end: usize,
}

/// Letters and digits of the folded string.
pub(crate) fn compact(s: &str) -> Vec<char> {
    // Plain ASCII folds to its lower case: no look-alikes, marks or compatibility forms, and
    // every account value and date spelling is compacted, so it skips the fold.
    if s.is_ascii() {
        return s
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    let mut out = Vec::with_capacity(s.len());
    for c in fold::fold(s).text.chars().filter(|c| c.is_alphanumeric()) {
        fold::base_letters(c, &mut out);
    }
    out
}

fn is_common(w: &str) -> bool {
    COMMON_WORDS.contains(&w)
}

/// German transliterations of the diacritics the fold drops (ü -> ue, ß -> ss).
fn transliterations(s: &str) -> Option<String> {
    let lower = s.to_lowercase();
    if !lower.chars().any(|c| matches!(c, 'ä' | 'ö' | 'ü' | 'ß')) {
        return None;
    }
    Some(
        lower
            .replace('ä', "ae")
            .replace('ö', "oe")
            .replace('ü', "ue")
            .replace('ß', "ss"),
    )
}

struct Builder {
    values: Vec<Value>,
    service: Vec<Vec<char>>,
}

impl Builder {
    fn push(
        &mut self,
        kind: &'static str,
        field: &str,
        spellings: Vec<String>,
        needs_capital: bool,
    ) {
        let mut variants: Vec<Vec<char>> = Vec::new();
        for s in spellings {
            let c = compact(&s);
            if c.len() >= 2 && !variants.contains(&c) {
                variants.push(c);
            }
        }
        if variants.is_empty() {
            return;
        }
        // The service's own names and addresses are never a disclosure.
        if variants.iter().any(|v| self.service.iter().any(|s| s == v)) {
            return;
        }
        let single_word = variants.iter().all(|v| v.len() <= 3);
        if let Some(existing) = self
            .values
            .iter_mut()
            .find(|x| x.kind == kind && x.variants[0] == variants[0])
        {
            existing.needs_capital &= needs_capital;
            return;
        }
        self.values.push(Value {
            kind,
            field: field.to_string(),
            variants,
            single_word,
            needs_capital,
            ip: None,
        });
    }

    fn name(&mut self, field: &str, name: &str) {
        let folded = fold::fold(name).text;
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return;
        }
        let mut full = vec![words.concat()];
        if words.len() > 1 {
            let mut rev = words.clone();
            rev.rotate_right(1);
            full.push(rev.concat());
        }
        if let Some(t) = transliterations(name) {
            full.push(t);
        }
        self.push("name", field, full, false);
        for ow in name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let w: String = compact(ow).into_iter().collect();
            if w.chars().count() < 2 || NAME_PARTICLES.contains(&w.as_str()) {
                continue;
            }
            let mut spellings = vec![ow.to_string()];
            if let Some(t) = transliterations(ow) {
                spellings.push(t);
            }
            self.push("name", field, spellings, is_common(&w));
        }
        // Short forms of a long first name ("Olu" for Olusegun, "Bene" for Benedikt), only
        // when written with a capital.
        const NOT_NICKNAMES: &[&str] = &[
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "the", "and", "for", "our", "you", "hey", "sir", "mrs", "thu", "fri", "sat", "sun",
            "mon", "tue", "wed", "can", "may", "her", "his", "not", "new", "all", "see",
        ];
        if let Some(first) = name
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
        {
            let c = compact(first);
            if c.len() >= 6 {
                for n in 3..=4 {
                    let prefix: String = c[..n].iter().collect();
                    if !NOT_NICKNAMES.contains(&prefix.as_str()) && !is_common(&prefix) {
                        self.push("name", field, vec![prefix], true);
                    }
                }
            }
        }
    }

    fn email(&mut self, email: &str) {
        let email = email.trim().to_lowercase();
        let Some((local, domain)) = email.rsplit_once('@') else {
            self.push("email", "email", vec![email.clone()], false);
            return;
        };
        let mut spellings = Vec::new();
        for at in ["", "at"] {
            for dot in ["", "dot"] {
                spellings.push(format!("{local}{at}{}", domain.replace('.', dot)));
            }
        }
        self.push("email", "email", spellings, false);
        let local_compact = compact(local);
        if local_compact.len() >= 3
            && !GENERIC_LOCAL_PARTS.contains(&local)
            && !local_compact.iter().all(|c| c.is_ascii_digit())
        {
            let common = is_common(&local_compact.iter().collect::<String>());
            self.push("email", "email", vec![local.to_string()], common);
        }
        if !is_free_mail(domain) {
            self.domain("email", domain);
        }
    }

    fn domain(&mut self, field: &str, host: &str) {
        let host = host.trim().trim_end_matches('.').to_lowercase();
        let registrable =
            crate::normalize::registrable_domain(&host).unwrap_or_else(|| host.clone());
        if registrable != host {
            self.push(
                "host",
                field,
                vec![host.clone(), host.replace('.', "dot")],
                false,
            );
            // A numbered machine name ("srv1", "web02") identifies the host on its own.
            let first = host.split('.').next().unwrap_or("");
            if first.len() >= 3
                && first.chars().any(|c| c.is_ascii_digit())
                && first.chars().any(|c| c.is_alphabetic())
            {
                self.push("host", field, vec![first.to_string()], false);
            }
        }
        self.push(
            "domain",
            field,
            vec![registrable.clone(), registrable.replace('.', "dot")],
            false,
        );
        let label = registrable.split('.').next().unwrap_or("");
        let label_compact: String = compact(label).into_iter().collect();
        if label_compact.chars().count() >= 4 && !is_free_mail(&registrable) {
            self.push(
                "domain",
                field,
                vec![label.to_string()],
                is_common(&label_compact),
            );
        }
    }

    fn ip(&mut self, field: &str, ip: IpAddr) {
        let mut spellings = Vec::new();
        if let IpAddr::V4(v4) = ip {
            let o = v4.octets();
            spellings.push(format!("{}dot{}dot{}dot{}", o[0], o[1], o[2], o[3]));
            spellings.push(format!("{:03}{:03}{:03}{:03}", o[0], o[1], o[2], o[3]));
            let plain = format!("{}{}{}{}", o[0], o[1], o[2], o[3]);
            if plain.len() >= 8 {
                spellings.push(plain);
            }
        }
        let before = self.values.len();
        self.push("ip", field, spellings, false);
        if self.values.len() == before {
            self.values.push(Value {
                kind: "ip",
                field: field.to_string(),
                variants: Vec::new(),
                single_word: false,
                needs_capital: false,
                ip: Some(ip),
            });
        } else if let Some(v) = self.values.last_mut() {
            v.ip = Some(ip);
        }
    }

    fn date(&mut self, field: &str, d: NaiveDate) {
        self.push("date", field, date_spellings(d), false);
    }

    fn fact(&mut self, column: &str, value: &str) {
        let v = value.trim();
        let digits: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
        let lower = v.to_lowercase();
        if v.is_empty()
            || matches!(
                lower.as_str(),
                "true" | "false" | "yes" | "no" | "none" | "n/a" | "-" | "null"
            )
        {
            return;
        }
        if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            self.date(column, d);
            return;
        }
        if let Ok(ip) = v.parse::<IpAddr>() {
            self.ip(column, ip);
            return;
        }
        let phone_like = digits.len() >= 7
            && v.chars()
                .all(|c| c.is_ascii_digit() || " +-/().".contains(c));
        if phone_like {
            let mut spellings = vec![digits.clone()];
            if let Some(rest) = v.trim_start().strip_prefix('+') {
                let rest_digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
                spellings.push(format!("00{rest_digits}"));
                // National form: +49 30 ... -> 030 ... (country codes of one to three digits).
                for cc in 1..=3 {
                    if rest_digits.len() > cc + 5 {
                        spellings.push(format!("0{}", &rest_digits[cc..]));
                    }
                }
            }
            self.push("fact", column, spellings, false);
            return;
        }
        if !digits.is_empty()
            && digits.len() == v.chars().filter(|c| c.is_alphanumeric()).count()
            && digits.len() < 4
        {
            return; // small counts say nothing on their own; the rules read the sentence instead
        }
        if v.contains('@') {
            self.email(v);
            return;
        }
        let c: String = compact(v).into_iter().collect();
        if c.chars().count() < 2 {
            return;
        }
        let mut spellings = vec![v.to_string()];
        if let Some(t) = transliterations(v) {
            spellings.push(t);
        }
        // "Ratisbonne" in a French reply is the account's Regensburg.
        spellings.extend(places::other_names(v));
        // Short codes ("US", "DE") are everyday words in lower case ("contact us"): they
        // count only when written capitalised, as codes are.
        self.push(
            "fact",
            column,
            spellings,
            is_common(&c) || c.chars().count() <= 3,
        );
        // Multi-word facts (a company name) also count by their distinctive words.
        let words: Vec<&str> = v
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() > 1 {
            for w in words {
                let wc: String = compact(w).into_iter().collect();
                if wc.chars().count() >= 4
                    && !is_common(&wc)
                    && !wc.chars().all(|c| c.is_ascii_digit())
                {
                    self.push("fact", column, vec![w.to_string()], false);
                }
            }
        }
    }
}

/// Compact spellings of the service's own domains and name: never a disclosure.
pub(crate) fn service_needles(name: &str, domains: &[String]) -> Vec<Vec<char>> {
    let mut out = vec![compact(name)];
    for d in domains {
        out.push(compact(d));
        out.push(compact(&d.replace('.', "dot")));
        if let Some(label) = d.split('.').next() {
            out.push(compact(label));
        }
    }
    out.retain(|v| !v.is_empty());
    out
}

/// Every value of the account, ready to be found.
pub(crate) fn account_values(c: &Customer, service: &[Vec<char>]) -> Vec<Value> {
    let mut b = Builder {
        values: Vec::new(),
        service: service.to_vec(),
    };
    b.name("name", &c.name);
    for e in &c.emails {
        b.email(e);
    }
    for h in &c.hosts {
        // Hosts may be written as URLs, with a port, or as padded or CIDR addresses.
        let h = h.trim();
        if let Some(ip) = crate::normalize::canonical_ip(h).and_then(|s| s.parse::<IpAddr>().ok()) {
            b.ip("hosts", ip);
            continue;
        }
        let no_scheme = h.split("://").last().unwrap_or(h);
        let host = no_scheme.split(['/', '?', '#']).next().unwrap_or("");
        let host = host
            .rsplit_once(':')
            .filter(|(_, port)| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()))
            .map_or(host, |(name, _)| name);
        if !host.is_empty() {
            b.domain("hosts", host);
        }
    }
    if let Some(plan) = &c.plan {
        let pc: String = compact(plan).into_iter().collect();
        let common = plan
            .split_whitespace()
            .all(|w| is_common(&compact(w).into_iter().collect::<String>()));
        b.push("plan", "plan", vec![plan.clone()], common || pc.len() <= 3);
    }
    if let Some(d) = c.created_at {
        b.date("created_at", d);
    }
    if let Some(d) = c.cancelled_at {
        b.date("cancelled_at", d);
    }
    b.push("fact", "id", vec![c.id.clone()], false);
    for (k, v) in &c.facts {
        b.fact(k, v);
    }
    b.values
}

/// Every place where a value occurs, aligned to word boundaries, in folded chars.
pub(crate) fn find(doc: &Doc, values: &[Value]) -> Vec<Hit> {
    let n = doc.compact.len();
    let mut hits = Vec::new();
    for i in 0..n {
        if i > 0 && doc.compact_word[i] == doc.compact_word[i - 1] {
            continue; // not a word start
        }
        for (vi, v) in values.iter().enumerate() {
            for var in &v.variants {
                let len = var.len();
                if len == 0
                    || i + len > n
                    || doc.compact[i] != var[0]
                    || doc.compact[i..i + len] != var[..]
                {
                    continue;
                }
                let last = i + len - 1;
                if last + 1 < n && doc.compact_word[last + 1] == doc.compact_word[last] {
                    continue; // not a word end
                }
                if v.single_word && doc.compact_word[i] != doc.compact_word[last] {
                    continue;
                }
                let start = doc.compact_pos[i];
                if v.needs_capital {
                    let orig = doc.origin.get(start).and_then(|&o| doc.original.get(o));
                    if !orig.is_some_and(|c| c.is_uppercase()) {
                        continue;
                    }
                }
                hits.push(Hit {
                    value: vi,
                    start,
                    end: doc.compact_pos[last] + 1,
                });
                break;
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::AccountStatus;

    fn customer() -> Customer {
        Customer {
            id: "C-1".into(),
            name: "Jürgen Weißmann".into(),
            emails: vec!["jw@weissmann-bau.de".into()],
            hosts: vec!["srv1.weissmann-bau.de".into(), "203.0.113.7".into()],
            status: AccountStatus::Active,
            plan: Some("Business Pro".into()),
            created_at: NaiveDate::from_ymd_opt(2021, 3, 4),
            cancelled_at: None,
            facts: BTreeMap::from([("phone".to_string(), "+49 30 1234567".to_string())]),
        }
    }

    fn kinds(text: &str) -> Vec<&'static str> {
        let values = account_values(
            &customer(),
            &service_needles("Smart Security Scan", &["smartsecurityscan.com".into()]),
        );
        let doc = Doc::new(text);
        find(&doc, &values)
            .into_iter()
            .map(|h| values[h.value].kind)
            .collect()
    }

    #[test]
    fn finds_names_through_spelling_tricks() {
        assert!(kinds("Herr Weissmann").contains(&"name"));
        assert!(kinds("J ü r g e n").contains(&"name"));
        assert!(kinds("W\u{200b}eißmann").contains(&"name"));
        assert!(kinds("Weismann").is_empty());
    }

    #[test]
    fn hosts_written_as_urls_or_padded_addresses() {
        let mut c = customer();
        c.hosts = vec![
            "https://Shop.Example-Firma.de:8443/admin".into(),
            "198.051.100.007/32".into(),
        ];
        let values = account_values(&c, &[]);
        let doc = Doc::new("see shop.example-firma.de and 198.51.100.7");
        let kinds: Vec<&str> = find(&doc, &values)
            .into_iter()
            .map(|h| values[h.value].kind)
            .collect();
        assert!(kinds.contains(&"host"), "{kinds:?}");
        assert!(values.iter().any(|v| v.ip == "198.51.100.7".parse().ok()));
    }

    #[test]
    fn finds_hosts_dates_and_phone() {
        assert!(kinds("see srv1 [dot] weissmann-bau [dot] de").contains(&"host"));
        assert!(kinds("since 4th of March 2021").contains(&"date"));
        assert!(kinds("since 04.03.2021").contains(&"date"));
        assert!(kinds("call 030 1234567").contains(&"fact"));
        assert!(kinds("203 dot 0 dot 113 dot 7").contains(&"ip"));
    }

    #[test]
    fn short_codes_count_only_when_capitalised() {
        let mut c = customer();
        c.facts.insert("country".into(), "US".into());
        let values = account_values(&c, &[]);
        let hits = |t: &str| find(&Doc::new(t), &values).len();
        assert_eq!(hits("please contact us at support"), 0);
        assert_eq!(hits("your billing address is in the US"), 1);
    }
}
