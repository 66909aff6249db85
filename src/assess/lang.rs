//! Words of a reply for the policy: tokens with their char offsets, sentences, the reply's
//! language (whatlang) and Snowball stems (rust-stemmers) per language.

use rust_stemmers::{Algorithm, Stemmer};

/// A language the shipped policies cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Lang {
    En,
    De,
    Fr,
    Es,
}

impl Lang {
    pub(crate) const ALL: [Lang; 4] = [Lang::En, Lang::De, Lang::Fr, Lang::Es];

    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    pub(crate) fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    fn algorithm(self) -> Algorithm {
        match self {
            Lang::En => Algorithm::English,
            Lang::De => Algorithm::German,
            Lang::Fr => Algorithm::French,
            Lang::Es => Algorithm::Spanish,
        }
    }

    /// The Snowball stem of a lower-case word.
    pub(crate) fn stem(self, word: &str) -> String {
        // Replies and posts share most of their words, and every pass of an assessment (the
        // redaction passes, the post's four languages) stems them again: a stem is computed
        // once per thread, language and word. Bounded: a full table starts over, and only
        // words of natural length are kept, so a hostile run of long tokens (a pasted blob,
        // thousands of distinct 60-kB "words") can not make the table hold gigabytes.
        const MAX_CACHED: usize = 16_384;
        if word.len() > MAX_CACHED_WORD_BYTES {
            return Stemmer::create(self.algorithm()).stem(word).into_owned();
        }
        STEMS.with(|cell| {
            let mut tables = cell.borrow_mut();
            let table = &mut tables[self.index()];
            if let Some(s) = table.get(word) {
                return s.clone();
            }
            let s = Stemmer::create(self.algorithm()).stem(word).into_owned();
            if table.len() >= MAX_CACHED {
                table.clear();
            }
            table.insert(word.to_string(), s.clone());
            s
        })
    }
}

thread_local! {
    /// Per language: stems already computed on this thread (`Lang::stem`).
    static STEMS: std::cell::RefCell<[rustc_hash::FxHashMap<String, String>; 4]> =
        Default::default();
}

/// How many stems of `l` this thread keeps.
#[cfg(test)]
fn stem_table_len(l: Lang) -> usize {
    STEMS.with(|cell| cell.borrow()[l.index()].len())
}

/// The longest word (in bytes) whose stem is kept: longer tokens are stemmed each time.
const MAX_CACHED_WORD_BYTES: usize = 48;

/// Whether the reply is mostly written with the function words of the covered languages, so
/// that a detector's "Dutch" for "Thank you, Henrik van der Berg! We're glad ..." is a name.
pub(crate) fn covered_function_words(w: &Words) -> bool {
    const COMMON: &[&str] = &[
        "the", "you", "your", "we", "and", "to", "is", "for", "our", "of", "it", "thank", "der",
        "die", "das", "und", "sie", "wir", "ist", "nicht", "le", "la", "les", "vous", "nous", "et",
        "est", "pour", "el", "los", "usted", "que", "es", "con", "por", "para",
    ];
    w.words
        .iter()
        .filter(|x| COMMON.contains(&x.lower.as_str()))
        .count()
        >= 3
}

/// Languages a reply's letters point to when the detector can not tell: German umlauts,
/// French accents, Spanish ñ and inverted marks. English always applies.
pub(crate) fn hinted(text: &str) -> Vec<Lang> {
    let mut out = vec![Lang::En];
    let has = |set: &str| {
        text.chars()
            .any(|c| set.contains(c.to_lowercase().next().unwrap_or(c)))
    };
    if has("äöüß") {
        out.push(Lang::De);
    }
    if has("éèêàçùâîôœë") {
        out.push(Lang::Fr);
    }
    if has("ñ¿¡áíóú") {
        out.push(Lang::Es);
    }
    // Replies often go without accents ("La tarifa que contrataste ..."): the detector, asked
    // only among the covered languages, still tells which one the words are.
    let best = whatlang::Detector::with_allowlist(vec![
        whatlang::Lang::Eng,
        whatlang::Lang::Deu,
        whatlang::Lang::Fra,
        whatlang::Lang::Spa,
    ])
    .detect_lang(text)
    .and_then(|l| match l {
        whatlang::Lang::Deu => Some(Lang::De),
        whatlang::Lang::Fra => Some(Lang::Fr),
        whatlang::Lang::Spa => Some(Lang::Es),
        _ => None,
    });
    if let Some(l) = best.filter(|l| !out.contains(l)) {
        out.push(l);
    }
    out
}

/// What the detector says about a reply's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detected {
    /// One of the covered languages.
    Known(Lang),
    /// A language without a policy, detected with confidence.
    Other,
    /// Too short or too mixed to tell.
    Unsure,
}

/// Detects the reply's language. Short replies are often misread, so only a reliable answer
/// about an uncovered language counts as `Other`.
pub(crate) fn detect(text: &str) -> Detected {
    // The detector is a third of an assessment's time, and the same text is often read
    // again: a reply against each account its post may be by (`service::assessing`), with
    // the same redacted text in their redaction passes, and `explain` after `assess`. The
    // last few texts' answers are kept per thread; a text too long to keep is detected.
    const RECENT: usize = 4;
    const MAX_KEPT_BYTES: usize = 16 * 1024;
    thread_local! {
        static RECENT_TEXTS: std::cell::RefCell<std::collections::VecDeque<(String, Detected)>> =
            Default::default();
    }
    if text.len() > MAX_KEPT_BYTES {
        return detect_text(text);
    }
    let kept = RECENT_TEXTS.with(|r| r.borrow().iter().find(|(t, _)| t == text).map(|&(_, d)| d));
    if let Some(d) = kept {
        return d;
    }
    let d = detect_text(text);
    RECENT_TEXTS.with(|r| {
        let mut r = r.borrow_mut();
        if r.len() >= RECENT {
            r.pop_front();
        }
        r.push_back((text.to_string(), d));
    });
    d
}

/// The language the function words alone tell, when they tell one clearly: what `detect`
/// answers first, without the detector.
pub(crate) fn function_word_language(text: &str) -> Option<Lang> {
    clear_vote(&function_word_scores(text))
}

/// `detect` without the kept answers.
fn detect_text(text: &str) -> Detected {
    let score = function_word_scores(text);
    if let Some(l) = clear_vote(&score) {
        return Detected::Known(l);
    }
    // Function words of one language alone, none of another's: "Most likely, your card
    // expired." is English however few they are, when the detector is unsure.
    let lone = {
        let langs: Vec<Lang> = Lang::ALL
            .iter()
            .copied()
            .filter(|l| score[l.index()] > 0)
            .collect();
        (langs.len() == 1).then(|| langs[0])
    };
    let Some(info) = whatlang::detect(text) else {
        return lone.map_or(Detected::Unsure, Detected::Known);
    };
    if let (Some(l), false) = (lone, info.is_reliable()) {
        return Detected::Known(l);
    }
    let known = match info.lang() {
        whatlang::Lang::Eng => Some(Lang::En),
        whatlang::Lang::Deu => Some(Lang::De),
        whatlang::Lang::Fra => Some(Lang::Fr),
        whatlang::Lang::Spa => Some(Lang::Es),
        _ => None,
    };
    // A covered language on top is taken even when unsure: applying every policy to a short
    // reply reads words of one language as terms of another ("Mo", "surf").
    match known {
        Some(l) => Detected::Known(l),
        None if info.is_reliable() && info.script() == whatlang::Script::Latin => Detected::Other,
        None if info.is_reliable() && text.chars().filter(|c| c.is_alphabetic()).count() > 20 => {
            Detected::Other
        }
        None => Detected::Unsure,
    }
}

/// Closed-class words that belong to one covered language only (articles, pronouns,
/// auxiliaries, conjunctions): words shared by two of them ("la", "que", "es", "a", "les")
/// are left out, so every hit is a vote for one language.
const FUNCTION_WORDS: [(Lang, &[&str]); 4] = [
    (
        Lang::En,
        &[
            "the", "and", "you", "your", "we", "our", "is", "are", "were", "to", "of", "for",
            "with", "this", "that", "it", "be", "have", "has", "not", "on", "at", "from", "can",
            "if", "or", "there", "they", "what", "just", "any", "my", "i", "thanks", "please",
            "yours", "us", "been", "would", "should", "which", "who", "how", "by", "its",
        ],
    ),
    (
        Lang::De,
        &[
            "der", "das", "und", "sie", "ihr", "ihre", "ihren", "ihrem", "ihrer", "wir", "unser",
            "unsere", "unseren", "ist", "sind", "nicht", "ein", "eine", "einen", "einem", "mit",
            "auf", "für", "von", "zu", "den", "dem", "des", "auch", "bei", "ich", "du", "dein",
            "deine", "noch", "schon", "wie", "aber", "oder", "wenn", "dass", "kein", "keine",
            "gibt", "bitte", "danke", "hat", "haben", "wird", "uns", "euch", "dir", "dich", "im",
            "vom", "zum", "zur", "beim", "sich", "nur", "jetzt", "hier",
        ],
    ),
    (
        Lang::Fr,
        &[
            "le", "des", "du", "une", "et", "est", "vous", "votre", "vos", "nous", "notre", "pour",
            "pas", "ne", "qui", "dans", "sur", "avec", "ce", "cette", "il", "elle", "sont", "je",
            "ton", "ta", "mais", "ou", "merci", "avons", "avez", "au", "aux", "être", "été",
            "très", "bien", "chez", "leur", "leurs", "ces", "ça", "moi", "toi",
        ],
    ),
    (
        Lang::Es,
        &[
            "el", "los", "las", "y", "usted", "su", "sus", "nuestro", "nuestra", "nuestros",
            "nuestras", "está", "están", "con", "por", "para", "del", "al", "lo", "una", "uno",
            "muy", "pero", "gracias", "tiene", "hemos", "han", "ya", "esta", "este", "también",
            "cuando", "porque", "hay", "mi", "sí", "ustedes", "vuestro",
        ],
    ),
];

/// The languages whose `FUNCTION_WORDS` hold `word` (lower case): hashed, as the vote asks it
/// for every word of every reading.
fn function_word_langs(word: &str) -> impl Iterator<Item = Lang> {
    static BY_WORD: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, [bool; 4]>> =
        std::sync::OnceLock::new();
    let langs = BY_WORD
        .get_or_init(|| {
            let mut m = rustc_hash::FxHashMap::<&'static str, [bool; 4]>::default();
            for (l, list) in FUNCTION_WORDS {
                for w in list {
                    m.entry(*w).or_default()[l.index()] = true;
                }
            }
            m
        })
        .get(word)
        .copied()
        .unwrap_or_default();
    Lang::ALL.into_iter().filter(move |l| langs[l.index()])
}

/// Whether `word` (lower case) is a function word of `l` alone: in a reply written in `l`,
/// "ya" is Spanish "already", not English "you".
pub(crate) fn is_function_word(l: Lang, word: &str) -> bool {
    FUNCTION_WORDS
        .iter()
        .any(|(x, list)| *x == l && list.contains(&word))
}

/// The language whose own function words clearly outnumber the others' ("A few signs to watch
/// for" is English whatever trigrams say of its letters), or `None` when the text has too few
/// of them to tell and the detector decides.
#[cfg(test)]
fn function_word_vote(text: &str) -> Option<Lang> {
    clear_vote(&function_word_scores(text))
}

/// The language whose function words are at least three and more than twice any other's.
fn clear_vote(score: &[usize; 4]) -> Option<Lang> {
    let mut order: Vec<Lang> = Lang::ALL.to_vec();
    order.sort_by_key(|l| std::cmp::Reverse(score[l.index()]));
    let (best, second) = (score[order[0].index()], score[order[1].index()]);
    (best >= 3 && best > 2 * second).then_some(order[0])
}

/// How many of the text's words are function words of each language.
fn function_word_scores(text: &str) -> [usize; 4] {
    let mut score = [0usize; 4];
    for raw in text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’')) {
        let word = raw.trim_matches(|c| c == '\'' || c == '’').to_lowercase();
        if word.is_empty() {
            continue;
        }
        // French elision ("l'équipe", "c'est") and English contractions ("don't", "we're").
        let apos = word.find(['\'', '’']);
        if let Some(i) = apos {
            let (head, tail) = (&word[..i], &word[i..]);
            let tail = tail.trim_start_matches(['\'', '’']);
            if ["l", "d", "qu", "n", "j", "c", "s", "m", "t"].contains(&head) && tail.len() > 1 {
                score[Lang::Fr.index()] += 1;
            } else if ["s", "re", "t", "ll", "ve", "m", "d"].contains(&tail) {
                score[Lang::En.index()] += 1;
            }
            continue;
        }
        for l in function_word_langs(&word) {
            score[l.index()] += 1;
        }
    }
    score
}

/// One word of a reply.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Char offsets into the reply, `[start, end)`.
    pub start: usize,
    pub end: usize,
    /// Lower case, as written (an elided article keeps its apostrophe: `l'`).
    pub lower: String,
    /// Whether the word is all digits (amounts, dates, times).
    pub numeric: bool,
    /// Capitalised inside a sentence: a name ("Mail Shield", "Web Guard").
    pub proper: bool,
    /// Written with a capital first letter (anywhere).
    pub capital: bool,
    /// Written all in capitals, two to six of them: an abbreviation ("VPS", "DNS", "FTP"),
    /// read as a word, not as a name.
    pub acronym: bool,
    /// Opens a list item ("- offsite backups").
    pub bullet: bool,
    /// A comma stands between this word and the one before.
    pub comma_before: bool,
    /// Joined to a neighbouring word by `.`, `@` or `/` without a space: a label of an
    /// address, host or path ("no" in "shop.fjordtech.no"), not a word of the sentence.
    pub joined: bool,
    /// A percent sign follows it ("97 %", "96%"): a share, not a count.
    pub percent: bool,
    /// A currency sign stands right before or after it ("49 €", "$49", "£9"): an amount of
    /// money.
    pub money: bool,
}

/// A reply split into words and sentences.
#[derive(Debug)]
pub(crate) struct Words {
    pub words: Vec<Word>,
    /// Word index ranges of sentences and clauses.
    pub sentences: Vec<(usize, usize)>,
    /// For each sentence: it ends with a question mark (or opens with `¿`).
    pub questions: Vec<bool>,
    /// For each sentence: it holds code, a quotation or a path (content shown, not described).
    pub quoting: Vec<bool>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' | '\u{2bc}'
    )
}

/// Splits a reply into words (French elision `l'abonnement` and English `don't` handled) and
/// sentences (at `.!?;:`, line breaks, dashes between spaces and bullets).
// The assessor folds once and calls `words_folded`; this stays for tests and other callers.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn words(text: &str) -> Words {
    words_folded(text, &crate::normalize::fold(text))
}

/// `words` over `text` already folded (`crate::normalize::fold`), so the older token rules and
/// the claim rules share one fold of a reply.
pub(crate) fn words_folded(text: &str, folded: &crate::normalize::Folded) -> Words {
    // Read through confusables, compatibility forms and zero-width characters ("ʏou",
    // "suspеnded"), then map every word back to the original's char offsets.
    let chars: Vec<char> = folded.text.chars().collect();
    let original: Vec<char> = text.chars().collect();
    let mut words: Vec<Word> = Vec::new();
    let mut breaks: Vec<usize> = Vec::new(); // word indices where a new sentence starts
    let mut question_at: Vec<usize> = Vec::new(); // word counts at which a '?' was seen
    let mut quote_at: Vec<usize> = Vec::new();
    let mut opener_at: Vec<usize> = Vec::new(); // word counts at which a '¿' was seen
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            let mut lower: String = chars[start..i]
                .iter()
                .flat_map(|c| c.to_lowercase())
                .collect();
            // "don't", "isn't": the negation is a word of its own.
            if i + 1 < chars.len()
                && is_apostrophe(chars[i])
                && chars[i + 1] == 't'
                && lower.ends_with('n')
                && !chars.get(i + 2).is_some_and(|c| c.is_alphanumeric())
            {
                let head = match lower.as_str() {
                    "can" => "can".to_string(),
                    "won" => "will".to_string(),
                    _ => lower[..lower.len() - 1].to_string(),
                };
                push_word(&mut words, start, i - 1, head);
                push_word(&mut words, i - 1, i + 2, "not".into());
                i += 2;
                continue;
            }
            // "you're", "we've", "it's": the verb is a word of its own.
            if i + 1 < chars.len() && is_apostrophe(chars[i]) {
                let tail: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric())
                    .flat_map(|c| c.to_lowercase())
                    .collect();
                let verb = match tail.as_str() {
                    "re" => Some("are"),
                    "ve" => Some("have"),
                    "ll" => Some("will"),
                    "m" => Some("am"),
                    "d" => Some("would"),
                    "s" => Some(""),
                    _ => None,
                };
                if let Some(verb) = verb {
                    let end = i + 1 + tail.chars().count();
                    push_word(&mut words, start, i, lower);
                    if !verb.is_empty() {
                        push_word(&mut words, i, end, verb.to_string());
                    }
                    i = end;
                    continue;
                }
            }
            // French and Italian elision: "l'", "t'", "qu'" stay as their own word.
            if i < chars.len()
                && is_apostrophe(chars[i])
                && chars.get(i + 1).is_some_and(|c| c.is_alphabetic())
                && is_elision(&lower)
            {
                lower.push('\'');
                push_word(&mut words, start, i + 1, lower);
                i += 1;
                continue;
            }
            // "..., but the man migrated his shop": what follows "but" is a clause of its own.
            // ", and she asked for a refund": after a comma, "and" starts a new statement.
            let after_comma = chars[..start]
                .iter()
                .rev()
                .find(|c| !c.is_whitespace())
                .is_some_and(|&c| c == ',');
            let joins = matches!(lower.as_str(), "and" | "und" | "et" | "y" | "or" | "so");
            // "..., denn du bist bei uns als Kunde geführt": a reason is a statement of its
            // own, outside the modal of the main clause ("musst du nicht").
            let reason = CAUSAL.contains(&lower.as_str())
                || (lower == "since" && {
                    let next: String = chars[i..]
                        .iter()
                        .skip_while(|c| c.is_whitespace())
                        .take_while(|c| c.is_alphanumeric())
                        .flat_map(|c| c.to_lowercase())
                        .collect();
                    matches!(
                        next.as_str(),
                        "we" | "you" | "your" | "our" | "the" | "it" | "they" | "this" | "that"
                    )
                });
            // "Die Bilder sind allerdings fast alle ...": an adverb of contrast inside a clause
            // qualifies it; only at its head or after a comma does it open a clause.
            let adverb = matches!(
                lower.as_str(),
                "however" | "jedoch" | "allerdings" | "cependant" | "pourtant"
            );
            let at_head = chars[..start]
                .iter()
                .rev()
                .find(|c| !c.is_whitespace())
                .map_or(true, |&c| {
                    matches!(c, ',' | ';' | ':' | '.' | '!' | '?' | '(' | '-')
                });
            let contrast = CLAUSE_BREAKS.contains(&lower.as_str()) && (!adverb || at_head);
            if (contrast || reason || (joins && after_comma)) && !words.is_empty() {
                breaks.push(words.len());
            }
            push_word(&mut words, start, i, lower);
            continue;
        }
        let n = words.len();
        match c {
            '?' => {
                question_at.push(n);
                breaks.push(n);
            }
            // "Ya que lleva dos semanas con la prueba, ¿por qué no ...?": the question opens
            // where its mark stands; what comes before it is a statement of its own.
            '¿' => {
                opener_at.push(n);
                breaks.push(n);
            }
            '.' | '!' | ';' | '\n' | '•' | '▸' | '¡' => {
                // "3.5", "v1.2", "example.org", "the .htaccess file": a dot that a letter or
                // digit follows belongs to a word or a file name and does not end a sentence.
                let inner = c == '.' && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
                let ordinal = c == '.' && ordinal_at(&chars, i);
                let abbreviation = c == '.' && abbreviation_at(&chars, i);
                if !(inner || ordinal || abbreviation) {
                    breaks.push(n);
                }
            }
            ':' if chars.get(i + 1).is_some_and(|c| c.is_whitespace()) => breaks.push(n),
            // "Dear tux4ever, please check ...": a greeting stands apart.
            ',' if greeting_before(&words, &breaks, n) => breaks.push(n),
            '—' | '–' => breaks.push(n),
            // Emoji end a statement as a full stop would: "you tell us 😄 you're one of ours".
            c if (c as u32) >= 0x1F000 || ('\u{2600}'..='\u{27BF}').contains(&c) => breaks.push(n),
            '-' if i > 0 && chars[i - 1] == ' ' && chars.get(i + 1).is_some_and(|c| *c == ' ') => {
                breaks.push(n)
            }
            '`' | '"' | '“' | '”' | '«' | '»' | '/' | '\\' | '|' => quote_at.push(n),
            _ => {}
        }
        i += 1;
    }
    breaks.push(words.len());
    let mut sentences = Vec::new();
    let mut start = 0;
    for b in breaks {
        if b > start {
            sentences.push((start, b));
            start = b;
        }
    }
    let at = |i: usize| folded.origin.get(i).copied().unwrap_or(original.len());
    for w in words.iter_mut() {
        let (s, e) = (at(w.start), at(w.end).max(at(w.end.saturating_sub(1)) + 1));
        w.start = s.min(original.len());
        w.end = e.min(original.len()).max(w.start);
    }
    mark_shapes(&original, &mut words, &sentences);
    let questions = sentences
        .iter()
        .map(|&(a, b)| question_at.contains(&b) || opener_at.iter().any(|&q| q >= a && q < b))
        .collect();
    let quoting = sentences
        .iter()
        .map(|&(a, b)| quote_at.iter().filter(|&&q| q > a && q < b).count() >= 2)
        .collect();
    Words {
        words,
        sentences,
        questions,
        quoting,
    }
}

/// French elided words, read as words of their own: "l'", "d'", "qu'", "lorsqu'".
pub(crate) fn is_elision(head: &str) -> bool {
    matches!(
        head,
        "l" | "d" | "t" | "j" | "m" | "s" | "n" | "c" | "qu" | "jusqu" | "lorsqu" | "puisqu"
    )
}

/// Whether the full stop at `i` marks an ordinal ("am 3. November", "der 2. Versuch") or a
/// day and month ("vom 1.12. gefunden") rather than a sentence end: one or two digits before
/// it (after another such group for a date), and a month or a lower-case word after.
/// The full stop at `i` closes a dotted abbreviation of single letters ("a.m.", "e.g.",
/// "z.B.", "i.e.") and the text goes on in lower case: "the 2 a.m. snapshot", "z.B. die
/// Logs". The sentence does not end there.
fn abbreviation_at(chars: &[char], i: usize) -> bool {
    let letter = |k: usize| chars.get(k).is_some_and(|c| c.is_alphabetic());
    let dotted = i >= 3
        && letter(i - 1)
        && chars[i - 2] == '.'
        && letter(i - 3)
        && (i == 3 || !letter(i - 4));
    let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
    dotted && next.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
}

fn ordinal_at(chars: &[char], i: usize) -> bool {
    let group = |end: usize| {
        chars[..end]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let digits = group(i);
    let mut before = i.checked_sub(digits + 1);
    // "1.12.": the day's group and its full stop before the month's.
    if let Some(k) = before.filter(|&k| chars[k] == '.' && (1..=2).contains(&digits)) {
        let day = group(k);
        if (1..=2).contains(&day) {
            before = k.checked_sub(day + 1);
        }
    }
    let before_digits = before.map(|k| chars[k]);
    if !(1..=2).contains(&digits) || before_digits.is_some_and(|c| !c.is_whitespace()) {
        return false;
    }
    let rest = &chars[i + 1..];
    let spaces = rest.iter().take_while(|c| **c == ' ').count();
    if spaces == 0 {
        return false;
    }
    let word: String = rest[spaces..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let first_lower = word.chars().next().is_some_and(|c| c.is_lowercase());
    // A German month follows an ordinal's full stop: "vom 3. November".
    let folded = word.to_lowercase().replace('ä', "a");
    first_lower || super::values::MONTHS_DE.contains(&folded.as_str())
}

/// Conjunctions that open a reason: "because", "denn", "car", "porque".
const CAUSAL: &[&str] = &[
    "because", "denn", "weil", "car", "parce", "porque", "puisque", "puisqu'",
];

/// Words that open a clause that may contradict the one before.
const CLAUSE_BREAKS: &[&str] = &[
    "but",
    "however",
    "although",
    "though",
    "whereas",
    "aber",
    "jedoch",
    "allerdings",
    "mais",
    "cependant",
    "pourtant",
    "pero",
    "aunque",
    "sino",
];

/// Words that open a greeting ("Hi Jana,", "Sehr geehrter Herr ...,").
pub(crate) const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "dear",
    "hallo",
    "liebe",
    "lieber",
    "sehr",
    "moin",
    "servus",
    "bonjour",
    "bonsoir",
    "salut",
    "cher",
    "chère",
    "madame",
    "monsieur",
    "hola",
    "estimado",
    "estimada",
    "buenos",
    "buenas",
    "aloha",
    "greetings",
    "good",
];

/// Whether the words since the last sentence break are a short greeting.
fn greeting_before(words: &[Word], breaks: &[usize], n: usize) -> bool {
    let start = breaks.last().copied().unwrap_or(0);
    n > start && n - start <= 4 && GREETINGS.contains(&words[start].lower.as_str())
}

/// Chat spellings of the words that tell an account's facts and data, read as the words:
/// "ur acct's fine" says what "your account's fine" says.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("acct", "account"),
    ("accnt", "account"),
    ("acc", "account"),
    ("accts", "accounts"),
    ("pmt", "payment"),
    ("pymt", "payment"),
    ("pw", "password"),
    ("pwd", "password"),
    ("passwd", "password"),
    ("msg", "message"),
    ("msgs", "messages"),
    ("subscr", "subscription"),
    ("dbs", "databases"),
];

fn push_word(words: &mut Vec<Word>, start: usize, end: usize, lower: String) {
    let lower = match ABBREVIATIONS.iter().find(|(short, _)| *short == lower) {
        Some((_, long)) => long.to_string(),
        None => lower,
    };
    // A number spelled out ("nineteen", "vierundzwanzig") is as specific as its digits.
    let numeric = lower.chars().all(|c| c.is_ascii_digit())
        || super::numbers::specific(&lower)
        || super::numbers::ordinal_digits(&lower);
    words.push(Word {
        start,
        end,
        lower,
        numeric,
        proper: false,
        capital: false,
        acronym: false,
        bullet: false,
        comma_before: false,
        joined: false,
        percent: false,
        money: false,
    });
}

/// Marks capitalised words that do not open a sentence, and words that open a list item.
fn mark_shapes(chars: &[char], words: &mut [Word], sentences: &[(usize, usize)]) {
    for k in 1..words.len() {
        let (from, to) = (words[k - 1].end, words[k].start);
        words[k].comma_before = from < to && chars[from..to.min(chars.len())].contains(&',');
    }
    let joint = |i: usize, j: usize| {
        matches!(chars.get(i), Some('.' | '@' | '/'))
            && chars.get(j).is_some_and(|c| c.is_alphanumeric())
    };
    for w in words.iter_mut() {
        w.joined = (w.start >= 2 && joint(w.start - 1, w.start - 2)) || joint(w.end, w.end + 1);
        let space = |c: &&char| matches!(c, ' ' | '\u{a0}' | '\u{202f}');
        let after = chars[w.end.min(chars.len())..].iter().find(|c| !space(c));
        let before = chars[..w.start.min(chars.len())]
            .iter()
            .rev()
            .find(|c| !space(c));
        w.percent = after == Some(&'%');
        let sign = |c: Option<&char>| matches!(c, Some('€' | '$' | '£'));
        w.money = w.numeric && (sign(after) || sign(before));
    }
    for &(a, b) in sentences {
        for (k, w) in words.iter_mut().enumerate().take(b).skip(a) {
            let first = chars.get(w.start).copied().unwrap_or(' ');
            w.capital = first.is_uppercase();
            let letters = &chars[w.start.min(chars.len())..w.end.min(chars.len())];
            w.acronym = (2..=6).contains(&letters.len())
                && letters
                    .iter()
                    .all(|c| c.is_uppercase() || c.is_ascii_digit())
                && letters.iter().filter(|c| c.is_uppercase()).count() >= 2;
            w.proper = k > a && w.capital;
        }
        // The text between the line's start and the sentence's first word: only a bullet.
        let line_head: String = chars[..words[a].start]
            .iter()
            .rev()
            .take_while(|c| **c != '\n')
            .take(8)
            .collect();
        let head = line_head.trim();
        words[a].bullet =
            !head.is_empty() && head.chars().all(|c| matches!(c, '-' | '*' | '•' | '+'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elision_and_negation_are_words() {
        let w = words("Nous avons vu l'abonnement. We don't open mail!");
        let lower: Vec<&str> = w.words.iter().map(|w| w.lower.as_str()).collect();
        assert_eq!(
            lower,
            [
                "nous",
                "avons",
                "vu",
                "l'",
                "abonnement",
                "we",
                "do",
                "not",
                "open",
                "mail"
            ]
        );
        assert_eq!(w.sentences, [(0, 5), (5, 10)]);
    }

    /// "however", "allerdings", "cependant" inside a clause qualify it; only after a comma or at
    /// its head do they open one.
    #[test]
    fn contrast_adverbs_inside_a_clause_do_not_split_it() {
        for (text, clauses) in [
            ("Die Fotos im Ordner sind allerdings fast alle doppelt.", 1),
            ("Les fichiers sont pourtant presque tous vides.", 1),
            ("The old copies were however mostly empty.", 1),
            ("Der Server lief, allerdings langsam.", 2),
            ("It ran fine, however the disk was full.", 2),
            ("Das Paket ist gut aber teuer.", 2),
        ] {
            assert_eq!(words(text).sentences.len(), clauses, "{text}");
        }
    }

    #[test]
    fn questions_and_spans() {
        let w = words("¿Le va bien mañana? Sí.");
        assert_eq!(w.questions, [true, false]);
        assert_eq!((w.words[0].start, w.words[0].end), (1, 3));
    }

    #[test]
    fn long_tokens_are_stemmed_but_not_kept() {
        let long = "x".repeat(MAX_CACHED_WORD_BYTES + 1);
        assert_eq!(Lang::En.stem(&long), long);
        // Distinct long tokens leave the table as it was; a short word is kept.
        let before = stem_table_len(Lang::De);
        for i in 0..100 {
            Lang::De.stem(&format!("{long}{i}"));
        }
        assert_eq!(stem_table_len(Lang::De), before);
        Lang::De.stem("rechnungenxyz");
        assert_eq!(stem_table_len(Lang::De), before + 1);
    }

    #[test]
    fn function_words_outvote_the_letters() {
        // Trigrams read this as Hungarian; its function words are English.
        assert_eq!(
            detect("A scan plus a look at your own access logs usually tells you a lot."),
            Detected::Known(Lang::En)
        );
        // Words shared by two languages ("la", "que") vote for neither.
        assert_eq!(function_word_vote("la que la que la que"), None);
        // Elisions are French, contractions English.
        assert_eq!(
            function_word_vote("c'est l'équipe qu'il faut, d'accord"),
            Some(Lang::Fr)
        );
        assert_eq!(
            function_word_vote("we're sure it's fine, don't worry"),
            Some(Lang::En)
        );
        // Too few to tell: the detector decides.
        assert_eq!(function_word_vote("Danke! 😊"), None);
        // Few function words, all of one language, outvote an unsure detector.
        for (text, lang) in [
            ("Most likely, your card expired.", Lang::En),
            ("Happy to say, your plan renews next month.", Lang::En),
        ] {
            assert_eq!(detect_text(text), Detected::Known(lang), "{text}");
        }
    }

    #[test]
    fn a_text_read_again_is_detected_as_the_first_time() {
        let texts = [
            "Wir haben Ihren Vertrag geprüft und die Rechnung korrigiert.",
            "Nous avons retrouvé votre compte.",
            "Thanks, we fixed it.",
            "ok",
            "Hemos revisado su cuenta y la factura.",
            "Tack så mycket för ditt meddelande, vi återkommer snart.",
        ];
        // More texts than are kept, read twice in turn: every answer is the detector's own.
        for _ in 0..2 {
            for t in texts {
                assert_eq!(detect(t), detect_text(t), "{t}");
            }
        }
    }

    #[test]
    fn detects_the_four_languages() {
        assert_eq!(
            detect(
                "Wir haben uns die Seiten angeschaut, die Ihre Leute heute früh aufgerufen haben."
            ),
            Detected::Known(Lang::De)
        );
        assert_eq!(
            detect("Nous avons retrouvé votre compte et un conseiller va vous contacter."),
            Detected::Known(Lang::Fr)
        );
        assert_eq!(Lang::De.stem("lastschriften"), "lastschrift");
    }
}
