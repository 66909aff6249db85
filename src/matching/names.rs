//! Names where posters write them: the author field ("Ada Okonkwo", "Sven H.", "S. O'Brien"), a
//! signature at the end ("-- Ada", "Ada Okonkwo | CTO", "Regards,\nAda Okonkwo") and a name
//! introduced in the text ("I'm Ada Okonkwo from ...") in English, German, French and Spanish.

use std::sync::OnceLock;

use regex::Regex;

use super::handles::ascii_spellings;
use super::post::in_ranges;

/// A person's name as written: a full name, or a first name with the last name's initial, or
/// the first name's initial with the last name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameRef {
    Full { first: String, last: String },
    FirstInitial { first: String, initial: char },
    InitialLast { initial: char, last: String },
}

/// Where a name was found, for the evidence text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Author,
    Signature,
    Introduction,
}

impl Place {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Place::Author => "author name",
            Place::Signature => "signature",
            Place::Introduction => "name introduced in the post",
        }
    }
}

impl NameRef {
    /// The name as the post wrote it, quoted, for evidence text.
    pub(crate) fn written(&self) -> String {
        match self {
            NameRef::Full { first, last } => format!("\"{first} {last}\""),
            NameRef::FirstInitial { first, initial } => {
                format!("\"{first} {}.\"", initial.to_uppercase())
            }
            NameRef::InitialLast { initial, last } => {
                format!("\"{}. {last}\"", initial.to_uppercase())
            }
        }
    }

    /// The index keys this name is looked up under (every ASCII spelling).
    pub(crate) fn keys(&self) -> Vec<String> {
        match self {
            NameRef::Full { first, last } => {
                let mut out = Vec::new();
                for f in ascii_spellings(first) {
                    for l in ascii_spellings(last) {
                        out.push(full_key(&f, &l));
                    }
                }
                out
            }
            NameRef::FirstInitial { first, initial } => ascii_spellings(first)
                .into_iter()
                .map(|f| format!("{f} {initial}."))
                .collect(),
            NameRef::InitialLast { initial, last } => ascii_spellings(last)
                .into_iter()
                .map(|l| format!("{initial}. {l}"))
                .collect(),
        }
    }
}

fn full_key(first: &str, last: &str) -> String {
    if first <= last {
        format!("{first} {last}")
    } else {
        format!("{last} {first}")
    }
}

/// The keys an account name is indexed under: full name in every spelling, and both initial forms.
pub(crate) fn account_name_keys(name: &str) -> Vec<(String, bool)> {
    let tokens: Vec<&str> = name
        .split(|c: char| !(c.is_alphabetic() || matches!(c, '\'' | '’' | '-')))
        .filter(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect();
    let mut out: Vec<(String, bool)> = Vec::new();
    if tokens.len() < 2 {
        return out;
    }
    let (first, last) = (tokens[0], tokens[tokens.len() - 1]);
    let mut push = |k: String, full: bool| {
        if !out.iter().any(|(o, _)| *o == k) {
            out.push((k, full));
        }
    };
    for f in ascii_spellings(first) {
        for l in ascii_spellings(last) {
            push(full_key(&f, &l), true);
            push(format!("{f} {}.", &l[..1]), false);
            push(format!("{}. {l}", &f[..1]), false);
        }
    }
    out
}

/// Reads a name from a short phrase ("Ada Okonkwo", "Sven H.", "S. O'Brien", "Dr. Ada Okonkwo").
/// Every word must start with a capital letter; a single word is not a name (first names alone
/// identify nobody).
pub(crate) fn parse_name(s: &str) -> Option<NameRef> {
    let mut words: Vec<&str> = s.split_whitespace().collect();
    if words.len() > 2 && TITLES.contains(&words[0].trim_end_matches('.').to_lowercase().as_str()) {
        words.remove(0);
    }
    if !(2..=4).contains(&words.len()) {
        return None;
    }
    for (i, w) in words.iter().enumerate() {
        let first = w.chars().next()?;
        let particle =
            i > 0 && i + 1 < words.len() && PARTICLES.contains(&w.to_lowercase().as_str());
        if particle {
            continue;
        }
        if !first.is_uppercase() || STOP.contains(&w.to_lowercase().as_str()) {
            return None;
        }
        if !w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        {
            return None;
        }
    }
    let clean = |w: &str| w.trim_end_matches('.').to_string();
    let is_initial = |w: &str| w.trim_end_matches('.').chars().count() == 1;
    let (first, last) = (words[0], words[words.len() - 1]);
    let initial_of = |w: &str| ascii_spellings(w).first().and_then(|s| s.chars().next());
    match (is_initial(first), is_initial(last)) {
        (false, false) => Some(NameRef::Full {
            first: clean(first),
            last: clean(last),
        }),
        (false, true) => Some(NameRef::FirstInitial {
            first: clean(first),
            initial: initial_of(last)?,
        }),
        (true, false) => Some(NameRef::InitialLast {
            initial: initial_of(first)?,
            last: clean(last),
        }),
        (true, true) => None,
    }
}

/// Lower-case parts of family names ("Van den Broeck", "de la Fuente", "von Weber").
const PARTICLES: &[&str] = &[
    "van", "von", "de", "den", "der", "da", "del", "della", "la", "le", "di", "du", "dos", "das",
    "ten", "ter", "zu",
];

const TITLES: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "herr", "frau", "m", "mme", "sr", "sra", "don", "doña",
];

/// Capitalised words that start sentences or name products, not people.
const STOP: &[&str] = &[
    "the",
    "and",
    "not",
    "very",
    "thanks",
    "thank",
    "regards",
    "best",
    "cheers",
    "web",
    "guard",
    "mail",
    "shield",
    "business",
    "pro",
    "enterprise",
    "starter",
    "smart",
    "security",
    "scan",
    "support",
    "team",
    "customer",
    "kunde",
    "client",
    "cliente",
    "hello",
    "hallo",
    "bonjour",
    "hola",
    "gracias",
    "merci",
    "danke",
    "avoid",
    "never",
    "again",
    "plus",
    "jamais",
    "nunca",
    "nie",
    "wieder",
    "ich",
    "je",
    "yo",
    "i",
    "we",
    "wir",
    "nous",
    "re",
    "ps",
    "sent",
    "from",
];

/// Every name the post gives for its author, with where it was found.
pub(crate) fn names_in_post(
    author: &str,
    text: &str,
    quoted: &[(usize, usize)],
) -> Vec<(NameRef, Place)> {
    let mut out: Vec<(NameRef, Place)> = Vec::new();
    if let Some(n) = parse_name(author.trim()) {
        out.push((n, Place::Author));
    }
    for n in signature_names(text, quoted) {
        if !out.iter().any(|(o, _)| *o == n) {
            out.push((n, Place::Signature));
        }
    }
    for n in introduced_names(text, quoted) {
        if !out.iter().any(|(o, _)| *o == n) {
            out.push((n, Place::Introduction));
        }
    }
    out
}

/// Names signed in the last lines of the author's own text.
fn signature_names(text: &str, quoted: &[(usize, usize)]) -> Vec<NameRef> {
    let mut lines: Vec<&str> = Vec::new();
    let mut pos = 0usize;
    for line in text.split_inclusive('\n') {
        let len = line.chars().count();
        if !line.trim().is_empty() && !in_ranges(quoted, pos, pos + len) {
            lines.push(line.trim());
        }
        pos += len;
    }
    let tail = &lines[lines.len().saturating_sub(3)..];
    let mut out = Vec::new();
    for (i, line) in tail.iter().enumerate() {
        let mut rest = line.trim_start_matches(['-', '—', '–', '~', ' ']).trim();
        let after_dash = rest.len() != line.len();
        if let Some(m) = greeting_re().find(rest) {
            rest = rest[m.end()..]
                .trim_start_matches([',', '.', '!', ' '])
                .trim();
            if rest.is_empty() {
                continue;
            }
        } else if !after_dash && i + 1 < tail.len() && rest.chars().count() > 40 {
            continue;
        }
        // "Ada Okonkwo | CTO", "Lauren W., owner", "Ada Okonkwo - Okonkwo Ltd"
        let head = rest
            .split(['|', ',', '(', '/'])
            .next()
            .unwrap_or("")
            .split(" - ")
            .next()
            .unwrap_or("")
            .split(" – ")
            .next()
            .unwrap_or("")
            .trim();
        if let Some(n) = parse_name(head) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

fn greeting_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)^(?:(?:best |kind |warm |many )?(?:regards|wishes|thanks)|cheers|thank you|greetings|sincerely|yours(?: (?:sincerely|truly|faithfully))?|",
            r"(?:viele |beste |liebe |freundliche |schöne )?grüße|(?:mit )?freundlichen grüßen|gruß|mfg|lg|vg|bg|danke|",
            r"cordialement|bien (?:à vous|cordialement)|salutations|merci|amicalement|",
            r"saludos(?: cordiales)?|un saludo|atentamente|gracias|un abrazo)\b"
        ))
        .expect("built-in pattern is valid")
    })
}

/// Names the author introduces: "I'm Ada Okonkwo", "Ich bin Jürgen Engel", "je m'appelle ...",
/// "me llamo ...", "Ada Okonkwo here".
fn introduced_names(text: &str, quoted: &[(usize, usize)]) -> Vec<NameRef> {
    let mut out = Vec::new();
    let byte_to_char = |b: usize| text[..b].chars().count();
    for re in [intro_re(), here_re()] {
        for c in re.captures_iter(text) {
            let Some(m) = c.get(1) else { continue };
            let (s, e) = (byte_to_char(m.start()), byte_to_char(m.end()));
            if in_ranges(quoted, s, e) {
                continue;
            }
            // A sentence ends the name ("I'm Ada Okonkwo. API limits ..."), an initial does not.
            let mut words: Vec<&str> = Vec::new();
            for w in m.as_str().split_whitespace() {
                words.push(w);
                if w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() > 1 {
                    break;
                }
            }
            // Try the longest run of capitalised words first: "Ada Okonkwo Ltd" is rarely a name.
            for n in (2..=words.len().min(4)).rev() {
                if let Some(name) = parse_name(&words[..n].join(" ")) {
                    if !out.contains(&name) {
                        out.push(name);
                    }
                    break;
                }
            }
        }
    }
    out
}

const CAP_WORDS: &str = r"(\p{Lu}[\p{L}'’-]*\.?(?:[ \t]+(?:(?:van|von|de|den|der|da|del|la|le|di|du)[ \t]+){0,2}\p{Lu}[\p{L}'’-]*\.?){1,2})";

fn intro_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?:\b(?:[Ii]'m|I’m|I am|[Mm]y name is|[Tt]his is|[Ii]ch bin|[Ii]ch heiße|[Mm]ein [Nn]ame ist|[Hh]ier (?:ist|schreibt)|[Jj]e suis|[Jj]e m'appelle|[Jj]e m’appelle|[Mm]oi c'est|[Mm]e llamo|[Ss]oy|[Mm]i nombre es|[Ll]es escribe)\s+){CAP_WORDS}"
        ))
        .expect("built-in pattern is valid")
    })
}

fn here_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?m)(?:^|[,.!:;]\s+)\s*{CAP_WORDS}\s+(?:here|hier|ici|aquí)\b"
        ))
        .expect("built-in pattern is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(f: &str, l: &str) -> NameRef {
        NameRef::Full {
            first: f.into(),
            last: l.into(),
        }
    }

    fn found(author: &str, text: &str) -> Vec<NameRef> {
        names_in_post(author, text, &[])
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    #[test]
    fn names_in_every_place() {
        assert_eq!(found("Ada Okonkwo", "x"), [full("Ada", "Okonkwo")]);
        assert_eq!(
            found("Sven H.", "x"),
            [NameRef::FirstInitial {
                first: "Sven".into(),
                initial: 'h'
            }]
        );
        assert_eq!(
            found("x", "Down again.\nAda Okonkwo | CTO"),
            [full("Ada", "Okonkwo")]
        );
        assert_eq!(
            found("x", "Down again.\nLauren W., owner"),
            [NameRef::FirstInitial {
                first: "Lauren".into(),
                initial: 'w'
            }]
        );
        assert_eq!(
            found("x", "Broken.\n\nCordialement,\nJean Dubois"),
            [full("Jean", "Dubois")]
        );
        assert_eq!(
            found("Gast", "Ich bin Anna Schmidt aus Leipzig."),
            [full("Anna", "Schmidt")]
        );
        assert_eq!(
            found("x", "Je m'appelle Sandrine Masson. site en panne"),
            [full("Sandrine", "Masson")]
        );
        assert_eq!(
            found("x", "Me llamo Cristina Romero. muy mal"),
            [full("Cristina", "Romero")]
        );
        assert_eq!(
            found("x", "Jürgen Engel here. their filter"),
            [full("Jürgen", "Engel")]
        );
        assert!(found("Reviewer", "Avoid.\nNot impressed.").is_empty());
        assert_eq!(
            found("x", "My name is Philippe Lefebvre. API limits changed"),
            [full("Philippe", "Lefebvre")]
        );
        assert_eq!(
            found("x", "Hi, Geoffrey Van den Broeck here, I run"),
            [full("Geoffrey", "Broeck")]
        );
        assert!(found("x", "I'm writing because Web Guard broke").is_empty());
    }
}
