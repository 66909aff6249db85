//! German additions to the vocabulary: replies on German-speaking forums and review sites say the
//! same things in other words ("Ihr Konto wurde gesperrt", "laut unseren Unterlagen").

use super::vocab::Topic;

pub(crate) const ACCOUNT_NOUNS: &[(&str, Topic)] = &[
    ("konto", Topic::Relationship), ("kundenkonto", Topic::Relationship), ("vertrag", Topic::Relationship),
    ("abo", Topic::Relationship), ("abonnement", Topic::Relationship), ("kundennummer", Topic::Relationship),
    ("vertragsnummer", Topic::Relationship), ("zugang", Topic::Relationship), ("passwort", Topic::Relationship),
    ("webseite", Topic::Relationship), ("internetseite", Topic::Relationship), ("domain", Topic::Relationship),
    ("tarif", Topic::Plan), ("paket", Topic::Plan), ("lizenz", Topic::Plan),
    ("rechnung", Topic::Billing), ("rechnungen", Topic::Billing), ("zahlung", Topic::Billing),
    ("zahlungen", Topic::Billing), ("mahnung", Topic::Billing), ("mahnungen", Topic::Billing),
    ("lastschrift", Topic::Billing), ("guthaben", Topic::Billing), ("rückerstattung", Topic::Billing),
    ("gutschrift", Topic::Billing), ("bestellung", Topic::Billing), ("kündigung", Topic::Abuse),
    ("sperrung", Topic::Abuse), ("abmahnung", Topic::Abuse), ("verwarnung", Topic::Abuse),
    ("beschwerde", Topic::Abuse), ("beschwerden", Topic::Abuse), ("missbrauch", Topic::Abuse),
    ("anfrage", Topic::Support), ("anfragen", Topic::Support), ("supportanfrage", Topic::Support),
    ("vorgang", Topic::Support),
];

pub(crate) const HISTORY_TERMS: &[(&str, Topic)] = &[
    ("gesperrt", Topic::Abuse), ("gekündigt", Topic::Abuse), ("gekuendigt", Topic::Abuse),
    ("storniert", Topic::Abuse), ("abgemahnt", Topic::Abuse), ("verwarnt", Topic::Abuse),
    ("gemeldet", Topic::Abuse), ("deaktiviert", Topic::Abuse), ("gelöscht", Topic::Abuse),
    ("angemeldet", Topic::Relationship), ("registriert", Topic::Relationship), ("bestellt", Topic::Relationship),
    ("gebucht", Topic::Relationship), ("kunde seit", Topic::Relationship), ("kundin seit", Topic::Relationship),
    ("bei uns seit", Topic::Relationship), ("seit jahren bei uns", Topic::Relationship),
    ("bezahlt", Topic::Billing), ("unbezahlt", Topic::Billing), ("überfällig", Topic::Billing),
    ("erstattet", Topic::Billing), ("zurückerstattet", Topic::Billing), ("gemahnt", Topic::Billing),
    ("abgebucht", Topic::Billing), ("zurückgebucht", Topic::Billing), ("geschuldet", Topic::Billing),
    ("kontaktiert", Topic::Support), ("angerufen", Topic::Support), ("beschwert", Topic::Support),
    ("upgegradet", Topic::Plan), ("gewechselt", Topic::Plan),
];

pub(crate) const RECORD_PHRASES: &[(&str, Topic)] = &[
    ("laut unseren unterlagen", Topic::Relationship), ("laut unserem system", Topic::Relationship),
    ("laut unseren daten", Topic::Relationship), ("unseren unterlagen zufolge", Topic::Relationship),
    ("in unserem system", Topic::Relationship), ("in unseren unterlagen", Topic::Relationship),
    ("unsere unterlagen zeigen", Topic::Relationship), ("unsere logs zeigen", Topic::Relationship),
    ("offene rechnung", Topic::Billing), ("offene rechnungen", Topic::Billing),
    ("offener betrag", Topic::Billing), ("offene posten", Topic::Billing), ("inkasso", Topic::Billing),
];

pub(crate) const REFERENCE_WORDS: &[&str] = &[
    "sie", "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres", "du", "dein", "deine", "deinen",
    "deinem", "deiner", "dich", "dir", "er", "ihn", "ihm", "sein", "seine", "seinen", "seinem",
    "ihnen", "euch", "euer", "eure",
];

/// Possessive words before an account noun ("Ihr Konto").
pub(crate) const POSSESSIVES: &[&str] = &[
    "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres", "dein", "deine", "deinen", "deinem", "deiner",
    "sein", "seine", "seinen", "seinem",
];

pub(crate) const ENTRUSTED_TERMS: &[&str] = &[
    "dateien", "datei", "ordner", "postfach", "postfächer", "posteingang", "datenbank", "datenbanken",
    "sicherung", "sicherungen", "speicher", "speicherplatz", "logdateien", "protokolle", "verlauf",
    "browserverlauf", "suchverlauf", "inhalte", "inhalt", "daten", "webspace", "anhänge",
    "auf ihrem server", "auf deinem server", "in ihrem postfach", "in deinem postfach",
];

pub(crate) const OBSERVATION_VERBS: &[&str] = &[
    "gefunden", "gesehen", "entdeckt", "enthält", "enthielt", "enthalten", "zeigt", "zeigen",
    "zeigten", "bemerkt", "festgestellt", "gelesen", "geprüft", "durchsucht", "liegen", "lagen",
    "gespeichert", "hochgeladen", "besucht",
];

/// Participles that describe where data is kept rather than what was seen in it.
pub(crate) const WEAK_OBSERVATION: &[&str] = &["gespeichert", "liegen", "lagen", "enthalten"];

/// Counts that make content concrete ("hunderte Phishing-Mails").
pub(crate) const CONTENT_DETAILS: &[&str] = &["hunderte", "tausende", "dutzende", "raubkopien", "raubkopierte", "klartext", "illegale"];

pub(crate) const EVIDENTIAL_VERBS: &[&str] = &["enthält", "zeigt", "zeigen", "belegt", "beweist"];

pub(crate) const ACCESS_VERBS: &[&str] =
    &["lesen", "gelesen", "zugreifen", "einsehen", "ansehen", "öffnen", "weitergeben", "verkaufen", "durchsuchen"];

pub(crate) const POLICY_NEGATIONS: &[&str] =
    &["nie", "niemals", "nicht", "kein", "keine", "keinen", "keinem", "niemand", "ohne", "nur"];

pub(crate) const POLICY_PREDICATES: &[&str] =
    &["verschlüsselt", "geschützt", "sicher", "vertraulich", "privat", "datenschutz", "dsgvo", "einwilligung"];

pub(crate) const CONDITIONAL_OPENERS: &[&str] = &["wenn", "falls", "sofern", "sollten"];

pub(crate) const MODALS: &[&str] = &["können", "kann", "koennen", "dürfen", "darf", "sollten", "sollte", "werden", "wird"];

pub(crate) const CUSTOMER_NOUNS: &[&str] = &["kunde", "kundin", "kunden", "mitglied"];

pub(crate) const BE_FORMS: &[&str] = &["sind", "waren", "ist", "war", "bist", "gewesen", "seit", "schon", "bereits"];

pub(crate) const FIRST_PERSON: &[&str] = &["ich", "mein", "meine", "meinen", "meinem", "wir", "unser", "unsere", "mich", "mir"];
