//! Numbers written in words in the four covered languages ("nineteen", "vierundvierzig",
//! "quarante", "veintidós", "eleventh"), so that amounts, dates, counts and phone numbers spelled
//! out are as specific to the rules as digits.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

/// The value of one word that is a number or an ordinal written out, if it is one.
pub(crate) fn spelled(word: &str) -> Option<u32> {
    // Every word of every reply comes here, nearly all already in lower case.
    let lower;
    let word = if word.chars().any(char::is_uppercase) {
        lower = word.to_lowercase();
        lower.as_str()
    } else {
        word
    };
    let w = word.trim_matches(|c: char| !c.is_alphabetic());
    if w.is_empty() || w.len() > 40 {
        return None;
    }
    if let Some(v) = cardinal(w) {
        return Some(v);
    }
    ordinal(w)
}

/// Number words that are also everyday words of another covered language ("once you log in",
/// "per cent", "null"): they never make a sentence specific by themselves.
const AMBIGUOUS: &[&str] = &[
    "once", "cent", "cents", "mil", "elf", "null", "oh", "one", "uno",
];

/// A number written out that is as specific as digits: 11 and above, not an everyday word.
/// Digits with an ordinal ending: "2nd", "19th", "1er", "3e", "1º", as specific as the digits
/// ("the collection on the 2nd bounced").
pub(crate) fn ordinal_digits(word: &str) -> bool {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < word.len()
        && matches!(
            rest,
            "st" | "nd" | "rd" | "th" | "er" | "re" | "e" | "ème" | "eme" | "º" | "ª"
        )
}

pub(crate) fn specific(word: &str) -> bool {
    spelled(word).is_some_and(|v| v >= 11) && !AMBIGUOUS.contains(&word)
}

/// Cardinals of the four languages; German compounds ("vierundzwanzig") and Spanish ones
/// ("veintidós"; "treinta y uno" is three words) are read by parts.
fn cardinal(w: &str) -> Option<u32> {
    const WORDS: &[(&str, u32)] = &[
        // English
        ("zero", 0),
        ("oh", 0),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
        ("hundred", 100),
        ("thousand", 1000),
        // German
        ("null", 0),
        ("eins", 1),
        ("zwei", 2),
        ("zwo", 2),
        ("drei", 3),
        ("vier", 4),
        ("fünf", 5),
        ("sechs", 6),
        ("sieben", 7),
        ("acht", 8),
        ("neun", 9),
        ("zehn", 10),
        ("elf", 11),
        ("zwölf", 12),
        ("dreizehn", 13),
        ("vierzehn", 14),
        ("fünfzehn", 15),
        ("sechzehn", 16),
        ("siebzehn", 17),
        ("achtzehn", 18),
        ("neunzehn", 19),
        ("zwanzig", 20),
        ("dreißig", 30),
        ("dreissig", 30),
        ("vierzig", 40),
        ("fünfzig", 50),
        ("sechzig", 60),
        ("siebzig", 70),
        ("achtzig", 80),
        ("neunzig", 90),
        ("hundert", 100),
        ("tausend", 1000),
        // French
        ("zéro", 0),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("sept", 7),
        ("huit", 8),
        ("neuf", 9),
        ("dix", 10),
        ("onze", 11),
        ("douze", 12),
        ("treize", 13),
        ("quatorze", 14),
        ("quinze", 15),
        ("seize", 16),
        ("vingt", 20),
        ("vingts", 20),
        ("trente", 30),
        ("quarante", 40),
        ("cinquante", 50),
        ("soixante", 60),
        ("cent", 100),
        ("cents", 100),
        ("mille", 1000),
        // Spanish
        ("cero", 0),
        ("uno", 1),
        ("dos", 2),
        ("tres", 3),
        ("cuatro", 4),
        ("cinco", 5),
        ("seis", 6),
        ("siete", 7),
        ("ocho", 8),
        ("nueve", 9),
        ("diez", 10),
        ("once", 11),
        ("doce", 12),
        ("trece", 13),
        ("catorce", 14),
        ("quince", 15),
        ("dieciséis", 16),
        ("diecisiete", 17),
        ("dieciocho", 18),
        ("diecinueve", 19),
        ("veinte", 20),
        ("treinta", 30),
        ("cuarenta", 40),
        ("cincuenta", 50),
        ("sesenta", 60),
        ("setenta", 70),
        ("ochenta", 80),
        ("noventa", 90),
        ("cien", 100),
        ("ciento", 100),
        ("mil", 1000),
    ];
    // Every word of every reply is looked up: hashed once, not compared with each entry.
    static BY_WORD: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
        let mut m = HashMap::default();
        for &(k, v) in WORDS {
            m.entry(k).or_insert(v);
        }
        m
    });
    let lookup = |s: &str| BY_WORD.get(s).copied();
    if let Some(v) = lookup(w) {
        return Some(v);
    }
    // German "vierundzwanzig": units, "und", tens.
    if let Some((units, tens)) = w.split_once("und") {
        let u = if units == "ein" {
            Some(1)
        } else {
            lookup(units)
        };
        if let (Some(u), Some(t)) = (u, lookup(tens)) {
            if u < 10 && (20..=90).contains(&t) {
                return Some(t + u);
            }
        }
    }
    // Spanish "veintidós", "veintiuno".
    if let Some(rest) = w.strip_prefix("veinti") {
        let rest = rest.replace('é', "e").replace('ó', "o").replace('ú', "u");
        let u = lookup(&rest).or(match rest.as_str() {
            "un" => Some(1),
            _ => None,
        });
        if let Some(u) = u.filter(|&u| u < 10) {
            return Some(20 + u);
        }
    }
    // German "zweitausend", "neunzehnhundert".
    for (suffix, mul) in [("tausend", 1000), ("hundert", 100)] {
        if let Some(head) = w.strip_suffix(suffix) {
            if let Some(h) = lookup(head).filter(|&h| (1..100).contains(&h)) {
                return Some(h * mul);
            }
        }
    }
    None
}

/// Ordinals used in dates ("the eleventh", "le onzième"); small ones ("second", "third") are
/// everyday words and are left out.
fn ordinal(w: &str) -> Option<u32> {
    const ORDINALS: &[(&str, u32)] = &[
        ("fourth", 4),
        ("fifth", 5),
        ("sixth", 6),
        ("seventh", 7),
        ("eighth", 8),
        ("ninth", 9),
        ("tenth", 10),
        ("eleventh", 11),
        ("twelfth", 12),
        ("thirteenth", 13),
        ("fourteenth", 14),
        ("fifteenth", 15),
        ("sixteenth", 16),
        ("seventeenth", 17),
        ("eighteenth", 18),
        ("nineteenth", 19),
        ("twentieth", 20),
        ("thirtieth", 30),
    ];
    if let Some(&(_, v)) = ORDINALS.iter().find(|(k, _)| *k == w) {
        return Some(v);
    }
    // French ordinals are regular: "onzième", "vingtième", "cinquième", "neuvième".
    let head = w.strip_suffix("ième")?;
    let head = match head {
        "cinqu" => "cinq".to_string(),
        "neuv" => "neuf".to_string(),
        h => h.to_string(),
    };
    cardinal(&head).or_else(|| cardinal(&format!("{head}e")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_four_languages() {
        assert_eq!(spelled("nineteen"), Some(19));
        assert_eq!(spelled("Forty"), Some(40));
        assert_eq!(spelled("vierundzwanzig"), Some(24));
        assert_eq!(spelled("einundzwanzig"), Some(21));
        assert_eq!(spelled("zweitausend"), Some(2000));
        assert_eq!(spelled("quarante"), Some(40));
        assert_eq!(spelled("onzième"), Some(11));
        assert_eq!(spelled("cinquième"), Some(5));
        assert_eq!(spelled("veintidós"), Some(22));
        assert_eq!(spelled("eleventh"), Some(11));
        assert_eq!(spelled("second"), None);
        assert_eq!(spelled("under"), None);
        assert_eq!(spelled(""), None);
        assert!(specific("nineteen"));
        assert!(!specific("once"));
        assert!(!specific("two"));
    }
}
