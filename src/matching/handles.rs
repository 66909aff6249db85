//! Handles as people build them: the forms an account's e-mail local parts, domain labels and name
//! give (first.last, flast, firstl, last.f, initials...), and the variants a written handle is
//! reduced to (separators, case, leetspeak, digits, decorations such as `_dev` or a year).

use unicode_normalization::UnicodeNormalization;

use crate::normalize::fold;

/// How a handle key was derived from an account, strongest first. The weight is the log2
/// likelihood ratio of a handle agreeing with a value of this form that only one account has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// An e-mail local part, letters and digits only.
    Local,
    /// A local part without its trailing digits (`harry.pugh71` -> `harrypugh`).
    LocalBare,
    /// The whole name run together either way (`firstlast`, `lastfirst`).
    FullName,
    /// A name with one part cut to its initial (`flast`, `firstl`, `lastf`).
    Initial,
    /// The label of the account's own domain (`cox-law-group.com` -> `coxlawgroup`).
    DomainLabel,
    /// The initials of the name (`j.d.`, `AJ_Ahmedabad`): hundreds of people share them, so they
    /// never make a candidate alone, only with context that agrees.
    Monogram,
}

impl Form {
    pub(crate) fn weight(self) -> f64 {
        match self {
            Form::Local => 4.0,
            Form::LocalBare => 1.5,
            Form::FullName => 3.0,
            Form::Initial => 2.5,
            Form::DomainLabel => 2.0,
            Form::Monogram => 0.5,
        }
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            Form::Local => "local part of",
            Form::LocalBare => "local part without digits of",
            Form::FullName => "run-together name of",
            Form::Initial => "name with an initial of",
            Form::DomainLabel => "domain label of",
            Form::Monogram => "initials of",
        }
    }
}

/// Letters of `s` folded to ASCII: `ü` gives `ue` (German) and `u` (diacritic dropped) as two spellings.
pub(crate) fn ascii_spellings(s: &str) -> Vec<String> {
    // Plain ASCII (most words of most posts): folding only lower-cases and drops white space
    // and control characters, and both spellings are its letters and digits, lower-cased.
    // One pass and one string, where the general path below folds and builds four.
    if s.is_ascii() {
        let plain: String = s
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        return if plain.is_empty() {
            Vec::new()
        } else {
            vec![plain]
        };
    }
    folded_spellings(s)
}

/// [`ascii_spellings`] of any text: folded, then with German transliteration and without.
fn folded_spellings(s: &str) -> Vec<String> {
    let folded = fold(s).text;
    let mut german = String::with_capacity(folded.len() + 4);
    for c in folded.chars() {
        match c {
            'ä' => german.push_str("ae"),
            'ö' => german.push_str("oe"),
            'ü' => german.push_str("ue"),
            'ß' => german.push_str("ss"),
            c => german.push(c),
        }
    }
    let mut out = Vec::new();
    for v in [strip_marks(&folded), strip_marks(&german)] {
        if !v.is_empty() && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

fn strip_marks(s: &str) -> String {
    s.nfd()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
}

/// Name tokens (letters only, two letters or more) in written order, each in its ASCII spellings.
fn name_parts(name: &str) -> Vec<Vec<String>> {
    fold(name)
        .text
        .split(|c: char| !c.is_alphabetic())
        .filter(|t| t.chars().count() >= 2)
        .map(ascii_spellings)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The handle keys an account name gives, each with its form.
pub(crate) fn name_forms(name: &str) -> Vec<(String, Form)> {
    let parts = name_parts(name);
    let mut out: Vec<(String, Form)> = Vec::new();
    if parts.len() < 2 {
        return out;
    }
    let (firsts, lasts) = (&parts[0], &parts[parts.len() - 1]);
    let mut push = |k: String, f: Form| {
        if k.len() >= 4 && !out.iter().any(|(o, _)| *o == k) {
            out.push((k, f));
        }
    };
    for f in firsts {
        for l in lasts {
            let (fi, li) = (&f[..1], &l[..1]);
            push(format!("{f}{l}"), Form::FullName);
            push(format!("{l}{f}"), Form::FullName);
            push(format!("{fi}{l}"), Form::Initial);
            push(format!("{f}{li}"), Form::Initial);
            push(format!("{l}{fi}"), Form::Initial);
        }
    }
    if parts.len() >= 3 {
        let initials: String = parts.iter().map(|p| &p[0][..1]).collect();
        push(initials, Form::Initial);
    }
    // Initials are too short for the length rule above; their key has its own prefix so that
    // no handle or local part can meet them.
    let two: String = [firsts, lasts].iter().map(|p| &p[0][..1]).collect();
    out.push((monogram_key(&two), Form::Monogram));
    if parts.len() >= 3 {
        let all: String = parts.iter().take(3).map(|p| &p[0][..1]).collect();
        out.push((monogram_key(&all), Form::Monogram));
    }
    out
}

fn monogram_key(letters: &str) -> String {
    format!("initials:{letters}")
}

/// Short words at the start of a handle that are not someone's initials.
const NOT_INITIALS: &[&str] = &["mr", "ms", "mrs", "dr", "my", "no", "ok", "mx", "sir"];

/// The initials a written handle gives, as an index key: `j.d.`, `JD`, `AJ_Ahmedabad`, `KW_ACA`.
pub(crate) fn monogram_variants(author: &str) -> Vec<String> {
    let author = author.trim().trim_start_matches('@');
    if author.is_empty() || author.chars().any(char::is_whitespace) {
        return Vec::new();
    }
    let segments: Vec<String> = fold(author)
        .text
        .split(|c: char| !c.is_alphanumeric())
        .map(strip_marks)
        .filter(|s| !s.is_empty())
        .collect();
    let letters = |s: &str| s.chars().all(|c| c.is_ascii_alphabetic());
    let mut out = Vec::new();
    if (2..=3).contains(&segments.len()) && segments.iter().all(|s| s.len() == 1 && letters(s)) {
        out.push(monogram_key(&segments.concat()));
    } else if let Some(first) = segments.first() {
        if (2..=3).contains(&first.len())
            && letters(first)
            && !DECORATIONS.contains(&first.as_str())
            && !NOT_INITIALS.contains(&first.as_str())
        {
            out.push(monogram_key(first));
        }
    }
    out
}

/// Decorations people add to a handle that say nothing about who they are.
const DECORATIONS: &[&str] = &[
    "admin", "dev", "it", "official", "real", "the", "hq", "web", "shop", "biz", "pro", "online",
    "work", "mail", "home", "de", "fr", "es", "uk", "us",
];

/// The keys a written handle is looked up under, each with a log2 penalty for how far it was
/// reduced. Empty when the author field is not a single handle (a name with spaces, say).
pub(crate) fn handle_variants(author: &str) -> Vec<(String, f64)> {
    let author = author.trim().trim_start_matches('@');
    if author.is_empty() || author.chars().any(char::is_whitespace) {
        return Vec::new();
    }
    let folded = fold(author).text;
    let segments: Vec<String> = folded
        .split(|c: char| !(c.is_alphanumeric() || is_leet(c)))
        .filter(|s| !s.is_empty())
        .map(strip_marks_keep_leet)
        .filter(|s| !s.is_empty())
        .collect();
    let mut out: Vec<(String, f64)> = Vec::new();
    let mut push = |k: String, p: f64| {
        if k.len() >= 4
            && k.chars().any(|c| c.is_ascii_alphabetic())
            && !out.iter().any(|(o, _)| *o == k)
        {
            out.push((k, p));
        }
    };
    let mut bases: Vec<(Vec<String>, f64)> = vec![(segments.clone(), 0.0)];
    // A trailing or leading decoration segment (`_dev`, `_notts`, `-2019`, `the_`) is dropped; a
    // longer trailing word (`.berlin`, `_ferreteria`) too, at a higher price.
    if segments.len() >= 2 {
        let last = &segments[segments.len() - 1];
        let rest = &segments[..segments.len() - 1];
        if last.len() <= 5 || DECORATIONS.contains(&last.as_str()) || is_digits(last) {
            bases.push((rest.to_vec(), 1.0));
        } else if rest.concat().len() >= 5 {
            bases.push((rest.to_vec(), 1.5));
        }
        if DECORATIONS.contains(&segments[0].as_str()) {
            bases.push((segments[1..].to_vec(), 0.5));
        }
    }
    for (segs, p) in bases {
        let joined: String = segs.concat();
        let plain: String = joined.chars().filter(char::is_ascii_alphanumeric).collect();
        push(plain.clone(), p);
        let bare = plain
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string();
        push(bare.clone(), p + 1.5);
        if joined.chars().any(|c| is_leet(c) || c.is_ascii_digit()) {
            let body = joined.trim_end_matches(|c: char| c.is_ascii_digit());
            if body.chars().any(|c| is_leet(c) || c.is_ascii_digit()) {
                push(deleet(body, 'i'), p + 0.5);
                push(deleet(body, 'l'), p + 0.5);
            }
        }
    }
    out
}

fn is_digits(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit())
}

fn is_leet(c: char) -> bool {
    matches!(c, '$' | '@' | '€' | '!')
}

fn strip_marks_keep_leet(s: &str) -> String {
    s.nfd()
        .filter(|c| c.is_ascii_alphanumeric() || is_leet(*c))
        .collect()
}

/// Leetspeak read as letters; `1` and `!` are read as `one_as` (`i` or `l`).
fn deleet(s: &str, one_as: char) -> String {
    s.chars()
        .filter_map(|c| match c {
            '4' | '@' => Some('a'),
            '3' | '€' => Some('e'),
            '0' => Some('o'),
            '1' | '!' => Some(one_as),
            '5' | '$' => Some('s'),
            '7' => Some('t'),
            '8' => Some('b'),
            '9' => Some('g'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// Local parts that are roles, not people: they identify nobody as a handle.
const ROLE_LOCALS: &[&str] = &[
    "abuse",
    "admin",
    "billing",
    "contact",
    "hello",
    "hostmaster",
    "info",
    "kontakt",
    "mail",
    "noreply",
    "office",
    "postmaster",
    "sales",
    "service",
    "support",
    "team",
    "test",
    "webmaster",
];

/// The digits a handle or local part ends with (`kreed72` -> `72`).
pub(crate) fn trailing_digits(s: &str) -> &str {
    let t = s.trim_end_matches(|c: char| !c.is_alphanumeric());
    &t[t.trim_end_matches(|c: char| c.is_ascii_digit()).len()..]
}

/// The key of an e-mail local part and its form without trailing digits, when that differs.
pub(crate) fn local_forms(local: &str) -> Vec<(String, Form)> {
    let plain: String = strip_marks(&fold(local).text);
    let mut out = Vec::new();
    if ROLE_LOCALS.contains(&plain.as_str()) {
        return out;
    }
    if plain.len() >= 4 && plain.chars().any(|c| c.is_ascii_alphabetic()) {
        let bare = plain
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string();
        if bare != plain && bare.len() >= 4 {
            out.push((bare, Form::LocalBare));
        }
        out.push((plain, Form::Local));
    }
    out
}

/// The first label of a custom domain, letters and digits only (`cox-law-group.com` -> `coxlawgroup`).
pub(crate) fn domain_label(domain: &str) -> Option<String> {
    let label: String = domain
        .split('.')
        .next()?
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    (label.len() >= 5).then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 500,
            rng_seed: proptest::test_runner::RngSeed::Fixed(20261207),
            ..proptest::test_runner::Config::default()
        })]

        /// The ASCII shortcut of `ascii_spellings` gives what folding gives.
        #[test]
        fn ascii_spellings_of_ascii_are_those_of_the_folded_text(s in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(ascii_spellings(&s), folded_spellings(&s));
        }
    }

    #[test]
    fn ascii_spellings_keep_both_german_forms() {
        assert_eq!(ascii_spellings("Müller"), ["muller", "mueller"]);
        assert_eq!(ascii_spellings("Straße"), ["strae", "strasse"]);
        assert_eq!(ascii_spellings("O'Brien-Smith 2"), ["obriensmith2"]);
        assert!(ascii_spellings(" -. ").is_empty());
    }

    fn keys(author: &str) -> Vec<String> {
        handle_variants(author)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn handles_reduce_to_their_core() {
        assert!(keys("csteiner_it").contains(&"csteiner".to_string()));
        assert!(keys("emmacooper_notts").contains(&"emmacooper".to_string()));
        assert!(keys("m4rta_le0n").contains(&"martaleon".to_string()));
        assert!(keys("frank-moeller").contains(&"frankmoeller".to_string()));
        assert!(keys("rsharma1993").contains(&"rsharma1993".to_string()));
        assert!(keys("rsharma1993").contains(&"rsharma".to_string()));
        assert!(keys("Sven H.").is_empty());
    }

    #[test]
    fn names_give_the_usual_forms() {
        let forms: Vec<String> = name_forms("Frank Möller")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        for k in [
            "frankmoeller",
            "frankmoller",
            "fmoeller",
            "moellerf",
            "frankm",
            "moellerfrank",
        ] {
            assert!(forms.contains(&k.to_string()), "{k} missing from {forms:?}");
        }
        assert_eq!(local_forms("harry.pugh71")[0].0, "harrypugh");
        assert_eq!(
            domain_label("cox-law-group.com").as_deref(),
            Some("coxlawgroup")
        );
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn initials_and_long_trailing_words() {
        assert_eq!(monogram_variants("j.d."), ["initials:jd"]);
        assert_eq!(monogram_variants("AJ_Ahmedabad"), ["initials:aj"]);
        assert_eq!(monogram_variants("KW_ACA"), ["initials:kw"]);
        assert!(monogram_variants("dr_who").is_empty());
        assert!(monogram_variants("jdoe").is_empty());
        assert!(monogram_variants("J D").is_empty());
        let forms: Vec<String> = name_forms("Julien Denis")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert!(forms.contains(&"initials:jd".to_string()), "{forms:?}");
        let keys: Vec<String> = handle_variants("thomas.mueller.berlin")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert!(keys.contains(&"thomasmueller".to_string()), "{keys:?}");
    }
}
