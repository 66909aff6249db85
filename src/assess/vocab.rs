//! The built-in vocabulary of the assessment: account nouns, history verbs, record phrases,
//! entrusted-data nouns and the cues that tell a statement about the poster from a policy statement.
//! Entries are written plainly; they are folded and stemmed like the reply before use.

/// What an account term reveals; becomes the finding's `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Topic {
    /// That the poster is (or was) a customer.
    Relationship,
    /// Billing and payment state, invoices, refunds.
    Billing,
    /// Tickets and support history.
    Support,
    /// Suspensions, abuse reports, warnings, cancellations by the company.
    Abuse,
    /// The plan or product the poster pays for.
    Plan,
}

impl Topic {
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Topic::Relationship => "relationship",
            Topic::Billing => "billing",
            Topic::Support => "support",
            Topic::Abuse => "abuse",
            Topic::Plan => "plan",
        }
    }
}

/// Nouns that, owned by the poster (`your ...`), reveal an account relationship or history.
pub(crate) const ACCOUNT_NOUNS: &[(&str, Topic)] = &[
    ("account", Topic::Relationship),
    ("subscription", Topic::Relationship),
    ("contract", Topic::Relationship),
    ("membership", Topic::Relationship),
    ("customer account", Topic::Relationship),
    ("user account", Topic::Relationship),
    ("hosting", Topic::Relationship),
    ("hosting package", Topic::Relationship),
    ("package", Topic::Plan),
    ("plan", Topic::Plan),
    ("tariff", Topic::Plan),
    ("license", Topic::Plan),
    ("licence", Topic::Plan),
    ("tier", Topic::Plan),
    ("trial", Topic::Plan),
    ("upgrade", Topic::Plan),
    ("downgrade", Topic::Plan),
    ("renewal", Topic::Billing),
    ("discount", Topic::Billing),
    ("coupon", Topic::Billing),
    ("credit", Topic::Billing),
    ("order", Topic::Billing),
    ("purchase", Topic::Billing),
    ("invoice", Topic::Billing),
    ("bill", Topic::Billing),
    ("billing", Topic::Billing),
    ("payment", Topic::Billing),
    ("balance", Topic::Billing),
    ("refund", Topic::Billing),
    ("credit card", Topic::Billing),
    ("card", Topic::Billing),
    ("bank account", Topic::Billing),
    ("direct debit", Topic::Billing),
    ("debt", Topic::Billing),
    ("arrears", Topic::Billing),
    ("dues", Topic::Billing),
    ("chargeback", Topic::Billing),
    ("ticket", Topic::Support),
    ("support ticket", Topic::Support),
    ("support request", Topic::Support),
    ("support history", Topic::Support),
    ("case", Topic::Support),
    ("case number", Topic::Support),
    ("customer number", Topic::Relationship),
    ("customer id", Topic::Relationship),
    ("login", Topic::Relationship),
    ("username", Topic::Relationship),
    ("user name", Topic::Relationship),
    ("password", Topic::Relationship),
    ("address", Topic::Relationship),
    ("email address", Topic::Relationship),
    ("phone number", Topic::Relationship),
    ("server", Topic::Relationship),
    ("servers", Topic::Relationship),
    ("vps", Topic::Relationship),
    ("instance", Topic::Relationship),
    ("domain", Topic::Relationship),
    ("website", Topic::Relationship),
    ("site", Topic::Relationship),
    ("shop", Topic::Relationship),
    ("ip", Topic::Relationship),
    ("ip address", Topic::Relationship),
    ("scan report", Topic::Relationship),
    ("scan result", Topic::Relationship),
    ("abuse", Topic::Abuse),
    ("abuse desk", Topic::Abuse),
    ("dmca", Topic::Abuse),
    ("dmca notice", Topic::Abuse),
    ("takedown", Topic::Abuse),
    ("copyright complaint", Topic::Abuse),
    ("abuse report", Topic::Abuse),
    ("abuse case", Topic::Abuse),
    ("abuse complaint", Topic::Abuse),
    ("suspension", Topic::Abuse),
    ("termination", Topic::Abuse),
    ("cancellation", Topic::Abuse),
    ("warning", Topic::Abuse),
    ("violation", Topic::Abuse),
    ("strike", Topic::Abuse),
    ("ban", Topic::Abuse),
];

/// Past forms and states that, said of the poster, reveal account history.
pub(crate) const HISTORY_TERMS: &[(&str, Topic)] = &[
    ("signed up", Topic::Relationship),
    ("registered", Topic::Relationship),
    ("subscribed", Topic::Relationship),
    ("joined", Topic::Relationship),
    ("became a customer", Topic::Relationship),
    ("ordered", Topic::Relationship),
    ("purchased", Topic::Relationship),
    ("bought", Topic::Relationship),
    ("booked", Topic::Relationship),
    ("migrated", Topic::Relationship),
    ("logged in", Topic::Relationship),
    ("logged into", Topic::Relationship),
    ("upgraded", Topic::Plan),
    ("downgraded", Topic::Plan),
    ("renewed", Topic::Billing),
    ("paid", Topic::Billing),
    ("charged", Topic::Billing),
    ("billed", Topic::Billing),
    ("invoiced", Topic::Billing),
    ("refunded", Topic::Billing),
    ("reimbursed", Topic::Billing),
    ("credited", Topic::Billing),
    ("owe", Topic::Billing),
    ("owed", Topic::Billing),
    ("owes", Topic::Billing),
    ("overdue", Topic::Billing),
    ("unpaid", Topic::Billing),
    ("outstanding", Topic::Billing),
    ("past due", Topic::Billing),
    ("in arrears", Topic::Billing),
    ("declined", Topic::Billing),
    ("bounced", Topic::Billing),
    ("defaulted", Topic::Billing),
    ("disputed", Topic::Billing),
    ("chargeback", Topic::Billing),
    ("contacted", Topic::Support),
    ("phoned", Topic::Support),
    ("emailed", Topic::Support),
    ("e mailed", Topic::Support),
    ("wrote to us", Topic::Support),
    ("complained", Topic::Support),
    ("opened a ticket", Topic::Support),
    ("opened tickets", Topic::Support),
    ("filed a ticket", Topic::Support),
    ("submitted a ticket", Topic::Support),
    ("raised a ticket", Topic::Support),
    ("requested", Topic::Support),
    ("escalated", Topic::Support),
    ("suspended", Topic::Abuse),
    ("closed", Topic::Abuse),
    ("restored", Topic::Support),
    ("restore", Topic::Support),
    ("installed", Topic::Support),
    ("agreed", Topic::Relationship),
    ("null routed", Topic::Abuse),
    ("settled", Topic::Billing),
    ("unsettled", Topic::Billing),
    ("expire", Topic::Billing),
    ("hosting with us", Topic::Relationship),
    ("hosted with us", Topic::Relationship),
    ("using our", Topic::Relationship),
    ("used our", Topic::Relationship),
    ("been using", Topic::Relationship),
    ("moved to us", Topic::Relationship),
    ("came to us", Topic::Relationship),
    ("expired", Topic::Billing),
    ("lapsed", Topic::Billing),
    ("ended", Topic::Relationship),
    ("ran out", Topic::Billing),
    ("terminated", Topic::Abuse),
    ("banned", Topic::Abuse),
    ("blocked", Topic::Abuse),
    ("blacklisted", Topic::Abuse),
    ("deactivated", Topic::Abuse),
    ("kicked", Topic::Abuse),
    ("warned", Topic::Abuse),
    ("flagged", Topic::Abuse),
    ("reported", Topic::Abuse),
    ("cancelled", Topic::Abuse),
    ("canceled", Topic::Abuse),
    ("left us", Topic::Relationship),
    ("belongs to", Topic::Relationship),
    ("belonged to", Topic::Relationship),
    ("registered to", Topic::Relationship),
    ("registered under", Topic::Relationship),
    ("owned by", Topic::Relationship),
    ("signed the", Topic::Relationship),
    ("signed a", Topic::Relationship),
    ("signed our", Topic::Relationship),
    ("do not serve", Topic::Abuse),
    ("not with us", Topic::Relationship),
    ("no longer with us", Topic::Relationship),
    ("not with us anymore", Topic::Relationship),
    ("violated", Topic::Abuse),
    ("abused", Topic::Abuse),
    ("spammed", Topic::Abuse),
    ("hacked", Topic::Abuse),
    ("compromised", Topic::Abuse),
    ("infected", Topic::Abuse),
    ("blacklist", Topic::Abuse),
];

/// Phrases that reveal a look-up in the company's records on their own.
pub(crate) const RECORD_PHRASES: &[(&str, Topic)] = &[
    ("according to our records", Topic::Relationship),
    ("the account shows", Topic::Relationship),
    ("your account shows", Topic::Relationship),
    ("account history shows", Topic::Relationship),
    ("records show", Topic::Relationship),
    ("look at the account", Topic::Relationship),
    ("looked at the account", Topic::Relationship),
    ("looked at your account", Topic::Relationship),
    ("checked the account", Topic::Relationship),
    ("checked your account", Topic::Relationship),
    ("according to our system", Topic::Relationship),
    ("according to our data", Topic::Relationship),
    ("according to our logs", Topic::Relationship),
    ("according to our database", Topic::Relationship),
    ("our records show", Topic::Relationship),
    ("our records indicate", Topic::Relationship),
    ("our records say", Topic::Relationship),
    ("in our records", Topic::Relationship),
    ("in our system", Topic::Relationship),
    ("in our systems", Topic::Relationship),
    ("in our database", Topic::Relationship),
    ("in our crm", Topic::Relationship),
    ("our system shows", Topic::Relationship),
    ("our logs show", Topic::Relationship),
    ("our logs indicate", Topic::Relationship),
    ("we have on file", Topic::Relationship),
    ("on file", Topic::Relationship),
    ("on record", Topic::Relationship),
    ("we looked you up", Topic::Relationship),
    ("looked up your", Topic::Relationship),
    ("we checked your", Topic::Relationship),
    ("we looked into your", Topic::Relationship),
    ("looking at your", Topic::Relationship),
    ("we can see that you", Topic::Relationship),
    ("we see that you", Topic::Relationship),
    ("i can see that you", Topic::Relationship),
    ("i see that you", Topic::Relationship),
    ("customer since", Topic::Relationship),
    ("client since", Topic::Relationship),
    ("member since", Topic::Relationship),
    ("subscriber since", Topic::Relationship),
    ("with us since", Topic::Relationship),
    ("with us for", Topic::Relationship),
    ("been with us", Topic::Relationship),
    ("as a customer of ours", Topic::Relationship),
    ("one of our customers", Topic::Relationship),
    ("one of our clients", Topic::Relationship),
    ("account history", Topic::Relationship),
    ("payment history", Topic::Billing),
    ("billing history", Topic::Billing),
    ("outstanding balance", Topic::Billing),
    ("open balance", Topic::Billing),
    ("unpaid invoice", Topic::Billing),
    ("unpaid balance", Topic::Billing),
    ("unpaid bill", Topic::Billing),
    ("open tickets", Topic::Support),
    ("unpaid invoices", Topic::Billing),
    ("overdue invoice", Topic::Billing),
    ("payment reminder", Topic::Billing),
    ("final notice", Topic::Billing),
    ("debt collection", Topic::Billing),
    ("collection agency", Topic::Billing),
    ("dunning", Topic::Billing),
    ("support history", Topic::Support),
    ("previous tickets", Topic::Support),
    ("earlier tickets", Topic::Support),
    ("last ticket", Topic::Support),
    ("abuse reports against", Topic::Abuse),
    ("abuse report against", Topic::Abuse),
    ("abuse complaints against", Topic::Abuse),
    ("reports against your", Topic::Abuse),
    ("complaints about your", Topic::Abuse),
    ("complaints against your", Topic::Abuse),
];

/// "Our logs", "our records": the company's own look-ups, a disclosure when said of the poster.
pub(crate) const OWN_RECORDS: &[&str] = &[
    "our logs", "our log", "our data", "our records", "our system", "our systems", "our database",
    "our monitoring", "our files", "our billing", "our accounting", "our abuse desk", "our abuse team",
    "our notes", "our crm",
];

/// Nouns that, followed by a number ("ticket 4711", "invoice #2023-118"), name one account's item.
pub(crate) const NUMBERED_ITEMS: &[(&str, Topic)] = &[
    ("ticket", Topic::Support),
    ("case", Topic::Support),
    ("request", Topic::Support),
    ("invoice", Topic::Billing),
    ("order", Topic::Billing),
    ("payment", Topic::Billing),
    ("contract", Topic::Relationship),
    ("customer", Topic::Relationship),
    ("account", Topic::Relationship),
    ("abuse report", Topic::Abuse),
    ("report", Topic::Abuse),
];

/// Descriptions of someone as a customer; said near "you" they state the relationship.
pub(crate) const CUSTOMER_DESCRIPTORS: &[&str] = &[
    "ex customer", "ex client", "former customer", "former client", "long time customer",
    "longtime customer", "loyal customer", "paying customer", "valued customer", "existing customer",
    "customers like you", "clients like you", "premium customer", "trial customer", "our customer",
    "our client", "our subscriber",
];

/// Phrases that make a clause about the post itself ("you mentioned a refund in your post").
pub(crate) const ABOUT_POST: &[&str] = &[
    "you mentioned", "you mention", "you wrote", "you write", "you said", "you say", "you describe",
    "you described", "your post", "your review", "your comment", "your question", "your feedback",
    "you asked", "you ask", "you posted", "you shared", "you uploaded here", "in your post",
    "you attached",
];

/// The relationship itself: what a post that says "my account" has already made public.
pub(crate) const CORE_RELATIONSHIP: &[&str] = &[
    "account", "subscription", "contract", "membership", "customer account", "user account", "hosting",
    "hosting package", "license", "licence", "trial", "order", "renewal",
];

/// Subjects other than the poster: "several users reported ...".
pub(crate) const OTHER_SUBJECTS: &[&str] = &[
    "users", "customers", "clients", "people", "others", "everyone", "everybody", "many", "some",
    "several", "nobody", "anyone", "someone else",
];

/// Words that refer to the poster or to the account in question.
pub(crate) const REFERENCE_WORDS: &[&str] = &[
    "you", "your", "yours", "yourself", "u", "ur", "he", "she", "they", "him", "her", "his", "them",
    "their", "theirs",
];

/// Definite phrases that refer to the poster's account or systems.
pub(crate) const REFERENCE_PHRASES: &[&str] = &[
    "someone",
    "somebody",
    "the person",
    "the reviewer",
    "this reviewer",
    "the author",
    "op",
    "this guy",
    "the guy",
    "the owner",
    "the man",
    "the woman",
    "this gentleman",
    "this lady",
    "this site",
    "this website",
    "that site",
    "this shop",
    "the shop",
    "this domain",
    "the domain",
    "the account",
    "this account",
    "that account",
    "the customer",
    "this customer",
    "that customer",
    "the client",
    "this client",
    "the user",
    "this user",
    "the poster",
    "the op",
    "this person",
    "the server",
    "this server",
    "that server",
    "the machine",
    "the vps",
    "the website",
    "the site",
    "the mailbox",
    "the database",
    "the subscription",
    "the contract",
];

/// Nouns and phrases for data customers entrust to the company (policy: server content, databases,
/// e-mail, browsing history, storage files, and whatever the products collect).
pub(crate) const ENTRUSTED_TERMS: &[&str] = &[
    "=files", "your file", "the file", "this file", "that file", "=folders", "folder", "directory",
    "directories", "content", "server content", "web root", "webroot", "public html", "document root",
    "data", "database", "db", "sql dump", "database dump", "dump", "database tables", "backup",
    "snapshot", "archive", "mailbox", "inbox", "outbox", "=emails", "=e mails", "=mails", "your mail", "his mail", "her mail", "their mail", "mail of",
    "mail content", "email content", "email messages", "mail messages", "attachment", "correspondence",
    "browsing history", "browser history", "search history", "web history", "visited websites",
    "you visited", "you browsed", "you searched", "you downloaded", "you uploaded", "you stored",
    "you hosted", "you host", "you store", "web space", "webspace", "home directory", "ftp",
    "messages you sent", "messages you wrote", "you sent to", "mails you sent", "emails you sent",
    "on your server", "on the server", "on his server", "on her server", "on their server",
    "in your server", "server is full", "server was full", "you visit", "you browse", "you search",
    "you download", "you upload", "sites you visited", "pages you visited", "scan of your",
    "scan on your", "scans of your", "scan results", "scan result", "scan report", "scanner found",
    "scan found", "scan detected", "scan showed", "scanner detected", "on your site",
    "on your website", "on your shop", "on your vps", "storage", "storage volume", "=volumes", "disk", "bucket",
    "storage area network", "san storage", "=logs", "log file", "access log", "error log", "server log",
    "mail log", "traffic", "visitor", "http requests", "web requests", "dns queries", "=uploads",
    "document", "photo", "image", "picture", "video", "script", "source code", "password",
    "credential", "cookie", "cron job", "crontab", "wp config", "htaccess",
];

/// Verbs that show the company observed or took something from entrusted data.
pub(crate) const OBSERVATION_VERBS: &[&str] = &[
    "found", "find", "caught", "saw", "seen", "see", "noticed", "notice", "discovered", "detected", "spotted",
    "identified", "contains", "contained", "containing", "contain", "shows", "showed", "shown",
    "show", "reveals", "revealed", "reveal", "lists", "listed", "included", "includes", "stored",
    "stores", "uploaded", "uploads", "downloaded", "sent", "received", "visited", "visits", "browsed",
    "accessed", "access", "inspected", "inspect", "checked", "check", "looked", "look", "reviewed",
    "scanned", "read", "reading", "opened", "examined", "analysed", "analyzed", "recovered",
    "restored", "hosted", "hosts", "hosting", "holds", "held", "kept", "keeps", "filled", "full",
    "went", "gone", "going", "consists", "consisted", "according", "says", "said", "tells", "told", "indicates",
    "indicated", "suggests", "suggested", "proves", "proved", "confirms", "confirmed", "picked",
    "turned", "uncovered", "exposed", "know", "knew", "aware", "has", "had", "have", "is", "are", "was",
    "were",
];

/// Verbs of access that, negated in the past, still state a practice rather than a finding.
pub(crate) const ACCESS_VERBS: &[&str] = &[
    "access", "accessed", "look", "looked", "read", "open", "opened", "touch", "touched", "view",
    "viewed", "share", "shared", "sell", "sold", "use", "used", "inspect", "inspected", "scan",
    "scanned", "log", "logs", "logged",
];

/// Observation verbs that carry no information by themselves (`is`, `has`): they only count
/// together with a concrete detail.
pub(crate) const WEAK_OBSERVATION: &[&str] =
    &["has", "had", "have", "is", "are", "was", "were", "holds", "keeps", "kept", "stores", "hosts", "hosting", "going", "full"];

/// Threat words: concrete only together with a reported look or evidence ("we found malware").
pub(crate) const THREAT_WORDS: &[&str] = &[
    "malware", "virus", "viruses", "trojan", "spam", "phishing", "shell", "infected", "infection",
];

/// Present-tense verbs that report what data holds ("your logs show", "the inbox contains").
pub(crate) const EVIDENTIAL_VERBS: &[&str] = &[
    "shows", "show", "reveals", "reveal", "indicates", "indicate", "proves", "prove", "says", "tells",
    "lists", "contains", "contain", "includes", "suggests", "confirms", "know", "knew", "according",
];

/// Content words that make a statement about entrusted data concrete.
pub(crate) const CONTENT_DETAILS: &[&str] = &[
    "porn", "pornography", "pirated", "piracy", "warez",
    "backdoor", "webshell", "illegal", "cracked", "torrent", "torrents",
    "nsfw", "adult", "nude", "nudes", "unencrypted", "plaintext", "plain text", "world readable",
    "exposed", "unread", "private photos", "personal photos", "private files", "private messages", "invoices", "contracts", "customer list",
    "customer lists", "passwords", "miner", "crypto miner", "botnet", "stolen", "leaked", "copyrighted",
    "gambling", "casino", "drugs", "weapons", "gigabytes", "gigabyte", "gb", "mb", "tb", "megabytes",
    "terabytes", "thousands", "hundreds", "entries", "rows", "messages",
];

/// Units after a number that make it a count of content ("3,000 mails", "40 GB").
pub(crate) const CONTENT_UNITS: &[&str] = &[
    "gb", "mb", "tb", "kb", "gigabytes", "megabytes", "terabytes", "files", "emails", "mails",
    "messages", "records", "entries", "rows", "photos", "images", "pictures", "videos", "documents",
    "visitors", "visits", "requests", "queries", "recipients", "contacts", "addresses", "passwords",
    "accounts", "users", "customers", "orders", "tables", "attachments", "downloads", "uploads",
    "pages", "links", "songs", "movies", "mp3s", "000", "logins", "attempts", "connections", "hits",
];

/// Negations that turn a sentence into a statement of practice ("we never read your mail").
pub(crate) const POLICY_NEGATIONS: &[&str] = &[
    "never", "not", "no", "nobody", "noone", "neither", "nor", "cannot", "without", "only",
];

/// Negations in the past tense: "we did not find ..." still reports on a look.
pub(crate) const PAST_NEGATIONS: &[&str] = &["did", "didn", "have", "haven", "has", "hasn", "had", "hadn", "was", "wasn", "were", "weren", "could", "couldn"];

/// Words that describe how data is protected: a present-tense policy, not a finding.
pub(crate) const POLICY_PREDICATES: &[&str] = &[
    "encrypted", "encryption", "protected", "private", "confidential", "secure", "secured", "safe",
    "isolated", "belongs", "belong", "alone", "control", "consent", "permission", "policy",
    "gdpr", "privacy",
];

/// Words that open a conditional or general statement ("if you ...", "whenever ...").
pub(crate) const CONDITIONAL_OPENERS: &[&str] =
    &["if", "when", "whenever", "once", "should", "in case", "in the event"];

/// Modal verbs after `you` that make a statement general ("you can cancel at any time").
pub(crate) const MODALS: &[&str] = &["can", "could", "may", "might", "will", "would", "shall", "should", "must"];

/// Words after `you` that make it a question ("did you", "have you").
pub(crate) const QUESTION_AUXILIARIES: &[&str] =
    &["did", "do", "does", "have", "has", "had", "are", "were", "was", "can", "could", "would", "will", "should"];

/// Counted words: "3 tickets", "several abuse reports".
pub(crate) const COUNTABLE_HISTORY: &[(&str, Topic)] = &[
    ("ticket", Topic::Support),
    ("tickets", Topic::Support),
    ("request", Topic::Support),
    ("requests", Topic::Support),
    ("call", Topic::Support),
    ("calls", Topic::Support),
    ("email", Topic::Support),
    ("emails", Topic::Support),
    ("invoice", Topic::Billing),
    ("invoices", Topic::Billing),
    ("reminder", Topic::Billing),
    ("reminders", Topic::Billing),
    ("payment", Topic::Billing),
    ("payments", Topic::Billing),
    ("refund", Topic::Billing),
    ("refunds", Topic::Billing),
    ("chargeback", Topic::Billing),
    ("chargebacks", Topic::Billing),
    ("complaint", Topic::Abuse),
    ("complaints", Topic::Abuse),
    ("report", Topic::Abuse),
    ("reports", Topic::Abuse),
    ("warning", Topic::Abuse),
    ("warnings", Topic::Abuse),
    ("notice", Topic::Abuse),
    ("notices", Topic::Abuse),
    ("strike", Topic::Abuse),
    ("strikes", Topic::Abuse),
    ("outage", Topic::Support),
    ("outages", Topic::Support),
    ("incident", Topic::Abuse),
    ("incidents", Topic::Abuse),
    ("hack", Topic::Abuse),
    ("hacks", Topic::Abuse),
    ("breach", Topic::Abuse),
    ("breaches", Topic::Abuse),
    ("infection", Topic::Abuse),
    ("infections", Topic::Abuse),
    ("login", Topic::Relationship),
    ("logins", Topic::Relationship),
    ("migration", Topic::Relationship),
    ("migrations", Topic::Relationship),
    ("site", Topic::Relationship),
    ("sites", Topic::Relationship),
    ("website", Topic::Relationship),
    ("websites", Topic::Relationship),
    ("domain", Topic::Relationship),
    ("domains", Topic::Relationship),
    ("server", Topic::Relationship),
    ("servers", Topic::Relationship),
    ("year", Topic::Relationship),
    ("years", Topic::Relationship),
    ("month", Topic::Relationship),
    ("months", Topic::Relationship),
];

/// Quantity words that may stand in for a number.
pub(crate) const QUANTITY_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "dozen", "dozens", "several", "multiple", "numerous", "many", "repeated", "countless", "twice",
    "thrice", "another", "previous", "earlier", "prior", "past", "last", "recent", "first", "second",
];

/// Words that, in a post, show the poster declared the relationship themselves.
pub(crate) const FIRST_PERSON: &[&str] = &["my", "i", "me", "mine", "our", "we", "us", "im", "ive"];

/// Name particles that are never a disclosure on their own.
pub(crate) const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "del", "della", "di", "da", "du", "la", "le", "el", "al", "bin",
    "ibn", "ter", "ten", "zu", "mc", "mac", "st", "jr", "sr", "dr", "mr", "mrs", "ms", "ii", "iii",
];

/// Local parts of role addresses that say nothing by themselves.
pub(crate) const GENERIC_LOCAL_PARTS: &[&str] = &[
    "info", "admin", "contact", "support", "mail", "office", "webmaster", "hello", "sales", "billing",
    "postmaster", "hostmaster", "abuse", "noreply", "no-reply", "team", "service", "kontakt", "root",
];


/// Given names used to spot full names of third persons ("Maria Huber").
pub(crate) const GIVEN_NAMES: &[&str] = &[
    "aaron", "adam", "adrian", "agnes", "ahmed", "alan", "albert", "alex", "alexander", "alexandra",
    "ali", "alice", "amanda", "amelie", "amy", "andrea", "andreas", "andrew", "angela", "anna",
    "anne", "anton", "antonia", "arthur", "barbara", "ben", "benjamin", "bernd", "bettina", "birgit",
    "bob", "brian", "carl", "carla", "carlos", "carmen", "caroline", "charles", "charlotte", "chris",
    "christian", "christina", "christine", "claudia", "daniel", "daniela", "david", "dennis",
    "diana", "dieter", "dirk", "dominik", "elena", "elias", "elisabeth", "emily", "emma", "eric",
    "erik", "eva", "fabian", "felix", "florian", "frank", "franz", "fritz", "gabriel", "georg",
    "george", "gerhard", "hannah", "hans", "heike", "heinz", "helen", "helga", "henrik", "holger",
    "ingrid", "isabel", "jack", "jacob", "james", "jan", "jana", "jane", "jens", "jessica", "joachim",
    "johann", "johannes", "john", "jonas", "josef", "julia", "julian", "jurgen", "karin", "karl",
    "katharina", "kevin", "klaus", "lara", "laura", "lea", "lena", "leon", "linda", "lisa", "lukas",
    "luca", "manfred", "marco", "marcus", "maria", "marie", "mario", "mark", "markus", "martin",
    "martina", "mary", "matthias", "max", "michael", "michaela", "mike", "monika", "nadine", "nicole",
    "niklas", "nina", "oliver", "olga", "pascal", "patrick", "paul", "peter", "petra", "philipp",
    "ralf", "rebecca", "robert", "sabine", "sandra", "sarah", "sebastian", "simon", "sofia", "sophie",
    "stefan", "stefanie", "stephan", "susanne", "sven", "thomas", "tim", "tobias", "tom", "torsten",
    "ursula", "uwe", "vanessa", "victoria", "walter", "werner", "william", "wolfgang", "yusuf",
];

/// Requests that ask the poster to send something ("send us your ticket number"): not a disclosure.
pub(crate) const REQUEST_CUES: &[&str] = &[
    "send us", "send", "include", "provide", "share", "mention", "quote", "tell us", "let us know",
    "dm us", "message us", "email us", "e mail us", "mail us", "contact us", "contact support", "contact our support",
    "reach out", "get in touch", "write to us", "reply with", "forward", "feel free", "send them",
    "attach",
];

/// Advice about the poster's own things ("check your account settings", "never post your
/// password"): routine for the relationship itself, but not for billing.
pub(crate) const ADVICE_CUES: &[&str] = &[
    "check", "review", "update", "verify", "post", "publish", "keep", "protect", "change", "reset",
    "how to", "whitelist", "configure", "set up", "manage", "add", "secure",
    "with your",
];

/// Words that may stand between "your" and an account noun: "your recent invoice".
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "about", "on", "of", "for", "to", "with", "in", "at", "by", "from", "the", "a", "an", "and",
    "or", "that", "which", "is", "are", "was", "were", "be", "been", "this", "it", "as", "we",
    "you", "our", "if", "so", "but", "not", "have", "has", "had", "will", "would", "can", "could",
    "do", "did", "until", "after", "before", "since", "during", "without", "within", "per", "via",
    "into", "over", "under", "than", "when", "while",
];

/// The company as the subject of an observation ("we found", "our team saw").
pub(crate) const COMPANY_SUBJECTS: &[&str] = &[
    "we", "i", "team", "staff", "admin", "technician", "engineer", "scanner", "scan", "us",
];

pub(crate) const CUSTOMER_NOUNS: &[&str] = &[
    "customer", "client", "subscriber", "member", "user", "tenant", "patron",
];

pub(crate) const BE_FORMS: &[&str] = &[
    "are", "were", "am", "is", "was", "been", "have", "had", "being", "still", "already", "once",
    "formerly", "previously",
];

pub(crate) const CUSTOMER_FILLERS: &[&str] = &[
    "oldest", "biggest", "largest", "longest", "best", "newest", "most", "not", "no", "never",
    "longer", "really", "actually", "even", "a", "an", "our", "one", "of", "long", "time",
    "longtime", "loyal", "valued", "paying", "premium", "former", "previous", "old", "existing",
    "current", "regular", "good", "great", "new", "trial", "free", "business", "private",
    "enterprise", "very", "first", "since", "ex",
];

/// Words that open a question.
pub(crate) const QUESTION_WORDS: &[&str] = &[
    "what", "which", "why", "how", "where", "when", "who", "whom", "whose", "is", "isn",
];

/// Common words that also occur as names, plans or company-name parts.
pub(crate) const COMMON_WORDS: &[&str] = &[
    "the", "and", "for", "with", "from", "our", "your", "will", "may", "rose", "hope", "grace",
    "joy", "young", "green", "black", "white", "brown", "gray", "grey", "king", "price", "day",
    "long", "hill", "wood", "woods", "bush", "bird", "fox", "wolf", "frank", "mark", "bill", "jack",
    "art", "dawn", "faith", "summer", "winter", "march", "april", "june", "august", "may", "cook",
    "baker", "smart", "security", "scan", "web", "shop", "media", "design", "digital", "online",
    "systems", "system", "tech", "it", "solutions", "services", "service", "consulting", "group",
    "company", "gmbh", "ag", "kg", "ug", "ltd", "llc", "inc", "corp", "co", "sa", "bv", "plc", "ev",
    "ohg", "mbh", "limited", "bau", "net", "host", "hosting", "server", "cloud", "data", "mail",
    "email", "basic", "pro", "premium", "business", "enterprise", "starter", "standard", "plus",
    "free", "team", "personal", "professional", "agency", "studio", "store", "example", "test",
    "demo", "home", "world", "global", "best", "new", "blog", "news", "info", "support", "admin",
    "office", "berlin", "munich", "london", "paris",
];
