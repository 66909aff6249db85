//! Unit tests of the assessment on small hand-written cases.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::*;
use crate::model::AccountStatus;

fn service() -> ServiceConfig {
    ServiceConfig {
        name: "Smart Security Scan".into(),
        domains: vec!["smartsecurityscan.com".into()],
        ..Default::default()
    }
}

fn customer() -> Customer {
    Customer {
        id: "C-10429".into(),
        name: "Jana Kowalczyk".into(),
        emails: vec!["jana.k@kowalczyk-design.de".into()],
        hosts: vec!["shop.kowalczyk-design.de".into(), "198.51.100.23".into()],
        status: AccountStatus::Active,
        plan: Some("Business Pro".into()),
        created_at: NaiveDate::from_ymd_opt(2019, 5, 14),
        cancelled_at: None,
        facts: BTreeMap::new(),
    }
}

fn decide(author: &str, post: &str, reply: &str) -> Assessment {
    let a = Assessor::new(&AssessConfig::default(), &service()).unwrap();
    let c = customer();
    a.assess(&AssessInput {
        customer: Some(&c),
        post_author: author,
        post_text: post,
        reply,
    })
}

fn d(reply: &str) -> Decision {
    decide("pixelfox", "Smart Security Scan is terrible.", reply).decision
}

#[test]
fn account_values_are_held() {
    assert_eq!(d("Dear Ms Kowalczyk, we disagree."), Decision::NeedsReview);
    assert_eq!(
        d("Please check shop[.]kowalczyk-design[.]de again."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("Your IP 198.051.100.023 was fine."),
        Decision::NeedsReview
    );
    assert_eq!(d("Hello J a n a, we disagree."), Decision::NeedsReview);
}

#[test]
fn public_values_and_service_addresses_are_routine() {
    let a = decide(
        "Jana Kowalczyk",
        "my shop kowalczyk-design.de was slow",
        "Hi Jana, sorry that kowalczyk-design.de was slow. Write to support@smartsecurityscan.com.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
}

#[test]
fn account_facts_without_values_are_held() {
    for r in [
        "You have been a customer since 2019.",
        "According to our records this is not true.",
        "You were suspended after three abuse reports.",
        "We refunded you twice already.",
        "Your invoice from March is still unpaid.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn entrusted_data_is_blocked_and_policy_is_routine() {
    assert_eq!(
        d("We found 3,000 spam mails in your inbox."),
        Decision::Blocked
    );
    assert_eq!(
        d("Your database contained pirated content."),
        Decision::Blocked
    );
    assert_eq!(
        d("We never read your mail and we don't access customer data."),
        Decision::Routine
    );
    assert_eq!(
        d("Your files are encrypted and only you can access them."),
        Decision::Routine
    );
    assert_eq!(
        d("Please check your spam folder for our answer."),
        Decision::Routine
    );
}

#[test]
fn redaction_is_routine_and_spans_are_chars() {
    let a = decide(
        "pixelfox",
        "",
        "Ünïcode first: Jana Kowalczyk was suspended. Thanks!",
    );
    assert_eq!(a.decision, Decision::NeedsReview);
    let chars: Vec<char> = "Ünïcode first: Jana Kowalczyk was suspended. Thanks!"
        .chars()
        .collect();
    let f = a.findings.iter().find(|f| f.kind == "name").unwrap();
    assert_eq!(chars[f.start..f.end].iter().collect::<String>(), "Jana");
    assert!(a.redacted.contains(REDACTION_MARKER));
    assert_eq!(
        decide("pixelfox", "", &a.redacted).decision,
        Decision::Routine
    );
}

#[test]
fn configured_terms_extend_the_vocabulary() {
    let cfg = AssessConfig {
        profile: Profile::Default,
        entries: Vec::new(),
        account_terms: vec!["moved to the legacy platform".into()],
        entrusted_terms: vec!["object storage".into()],
        max_reply_chars: None,
    };
    let a = Assessor::new(&cfg, &service()).unwrap();
    let c = customer();
    let run = |reply: &str| {
        a.assess(&AssessInput {
            customer: Some(&c),
            post_author: "pixelfox",
            post_text: "",
            reply,
        })
        .decision
    };
    assert_eq!(
        run("You moved to the legacy platform last year."),
        Decision::NeedsReview
    );
    assert_eq!(
        run("We found 200 videos in your object storage."),
        Decision::Blocked
    );
    // The claim rules read it as a dated fact about the poster even without the term.
    assert_eq!(
        d("You moved to the legacy platform last year."),
        Decision::NeedsReview
    );
}

#[test]
fn empty_configured_term_is_an_error() {
    let cfg = AssessConfig {
        profile: Profile::Default,
        entries: Vec::new(),
        account_terms: vec![],
        entrusted_terms: vec!["ok".into(), " -- ".into()],
        max_reply_chars: None,
    };
    let err = Assessor::new(&cfg, &service()).unwrap_err();
    assert!(
        matches!(err, AssessError::EmptyTerm { ref field, index: 1 } if field == "entrusted_terms"),
        "{err}"
    );
}

#[test]
fn a_single_word_author_does_not_hide_our_words() {
    let c = customer();
    let a = Assessor::new(&AssessConfig::default(), &service()).unwrap();
    let got = a.assess(&AssessInput {
        customer: Some(&c),
        post_author: "suspended",
        post_text: "",
        reply: "You were suspended.",
    });
    assert_eq!(got.decision, Decision::NeedsReview);
    let got = a.assess(&AssessInput {
        customer: Some(&c),
        post_author: "Your account",
        post_text: "",
        reply: "Hi Your account, thanks for the feedback.",
    });
    assert_eq!(got.decision, Decision::Routine);
}

#[test]
fn drafts_check_rejects_a_disclosing_template() {
    let a = Assessor::new(&AssessConfig::default(), &service()).unwrap();
    let bad = DraftsConfig {
        templates: vec![DraftTemplate {
            name: "bad".into(),
            text: "Hi {author}, according to our records you were a customer.".into(),
        }],
    };
    assert!(matches!(
        a.check_drafts(&bad, "Smart Security Scan"),
        Err(AssessError::DraftNotRoutine { .. })
    ));
    a.check_drafts(&DraftsConfig::default(), "Smart Security Scan")
        .unwrap();
}

#[test]
fn redaction_keeps_what_is_safe() {
    let cases = [
        (
            "Hi Jana Kowalczyk, we checked shop.kowalczyk-design.de and your IP 198.51.100.23 yesterday.",
            // The claim rules hold the whole statement: what was checked, and when.
            "Hi [redacted], [redacted].",
        ),
        (
            "Thanks for the review. You were suspended in May after three abuse reports. We hope this helps.",
            "Thanks for the review. [redacted]. We hope this helps.",
        ),
        (
            "We found 3,000 spam mails in your inbox. Please contact support@smartsecurityscan.com.",
            "[redacted]. Please contact support@smartsecurityscan.com.",
        ),
        (
            "Kowalczyk's shop runs on Business Pro since 14 May 2019, and @jana.k knows it.",
            "[redacted], and @[redacted] knows it.",
        ),
    ];
    for (reply, redacted) in cases {
        let a = decide("pixelfox", "", reply);
        assert_eq!(a.redacted, redacted, "{:?}", a.findings);
    }
}

#[test]
fn requests_for_details_are_routine_but_billing_hints_are_not() {
    assert_eq!(
        d("Please send us your invoice number at support@smartsecurityscan.com."),
        Decision::Routine
    );
    assert_eq!(
        d("Please check your account settings first."),
        Decision::Routine
    );
    assert_eq!(
        d("Please update your payment details."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("Please stop ignoring your abuse warnings."),
        Decision::NeedsReview
    );
}

#[test]
fn quoted_lines_of_the_post_are_the_posters_words() {
    let post = "You suspended me for nothing!";
    let a = decide(
        "pixelfox",
        post,
        "> You suspended me for nothing!\n\nWe are sorry you feel that way.",
    );
    assert_eq!(a.decision, Decision::Routine, "{:?}", a.findings);
    let b = decide(
        "pixelfox",
        post,
        "> You suspended me for nothing!\n\nYou were suspended for spam.",
    );
    assert_eq!(b.decision, Decision::NeedsReview);
    let c = decide("pixelfox", post, "> You were suspended for spam.");
    assert_eq!(
        c.decision,
        Decision::NeedsReview,
        "a quote not in the post is ours"
    );
}

#[test]
fn entrusted_data_found_in_the_passive_is_blocked() {
    // The company's access told without "we": passive voice and "turned up in".
    assert_eq!(
        d("A web shell was found in your uploads folder last night."),
        Decision::Blocked
    );
    assert_eq!(
        d("Two old dumps turned up in your backup folder, by the way."),
        Decision::Blocked
    );
    // Advice and negated practice stay routine.
    assert_eq!(
        d("You can check your uploads folder for unknown scripts."),
        Decision::Routine
    );
}

#[test]
fn formal_reports_about_the_account_are_held() {
    // "please be informed that" frames a report, not advice; "the account" is the poster's.
    assert_eq!(
        d("Please be informed that the two-factor authentication on the account was reset by our support this morning."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("Please check the two-factor settings under Security."),
        Decision::Routine
    );
}

#[test]
fn a_dated_account_fact_survives_an_unrelated_negation() {
    assert_eq!(
        d("Four years since summer 2022 without a single incident, let's keep it that way."),
        Decision::NeedsReview
    );
    assert_eq!(d("We never open customer mailboxes."), Decision::Routine);
}

#[test]
fn specific_account_facts_are_held_without_a_pronoun() {
    // The reply answers the poster: a definite billing or plan thing with a date or an amount
    // is theirs, whether or not the sentence says "you", and a negation does not undo it.
    assert_eq!(
        d("Sorry! The 24 EUR renewal was taken twice on the 5th; the second one is on its way back."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("Nothing is overdue, the last payment came in on 4 March."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("For what it's worth, the 19-euro plan you picked covers weekly scans only."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("Tranquilo: el cargo del día 2 ya está devuelto."),
        Decision::NeedsReview
    );
    // Prices of the offer and advice about plans stay routine.
    assert_eq!(
        d("Mail Shield costs 24 EUR a month, Starter 9."),
        Decision::Routine
    );
    assert_eq!(
        d("You can switch plans at any time; a change applies from the next month."),
        Decision::Routine
    );
}

#[test]
fn spanish_second_person_without_a_pronoun_names_the_poster() {
    // "que contrataste", "lo que tenías": the verb carries the person.
    assert_eq!(
        d("Perdona la demora. La tarifa que contrataste no incluye escaneo diario."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("Revisamos lo que tenías en la carpeta de correo y no había nada raro."),
        Decision::Blocked
    );
    // A verb of the company or an impersonal one stays what it was.
    assert_eq!(
        d("Existe una guía pública sobre cómo configurar SPF."),
        Decision::Routine
    );
}

#[test]
fn numbers_written_in_words_are_as_specific_as_digits() {
    // A count, an amount or a date in words carries the same fact as its digits.
    assert_eq!(
        d("Sorry for the wait. Twenty-two months in, you still pay the launch price."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("We left three voicemails before the renewal went through."),
        Decision::NeedsReview
    );
    // A phone number spelled digit by digit is held, also as a question.
    assert_eq!(
        d("Can we reach you on zero one seven two, four four, nine one, eight?"),
        Decision::NeedsReview
    );
    assert_eq!(
        d("On vous rappelle au zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit."),
        Decision::NeedsReview
    );
    // Everyday counts are not facts about the poster.
    assert_eq!(
        d("Two-factor login takes two minutes to set up under Security."),
        Decision::Routine
    );
}

#[test]
fn the_account_and_one_customer_are_the_poster() {
    // In a reply to one poster, "the account" is theirs and "a customer" is them.
    assert_eq!(
        d("Sorry for that. The address stored on the account no longer works, so reports go nowhere."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("We were happy to read that from a loyal customer who knows the service well."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("Merci ! Ravis de lire cela de la part d'une cliente fidèle."),
        Decision::NeedsReview
    );
    // Customers in general, and advice about an account, stay routine.
    assert_eq!(
        d("Every customer can export their reports as CSV."),
        Decision::Routine
    );
    assert_eq!(
        d("You can close the account under Settings at any time."),
        Decision::Routine
    );
}

#[test]
fn a_plan_name_on_the_price_list_is_the_offer() {
    // The account's plan is Business Pro: named on the price list it tells nothing.
    assert_eq!(
        d("Starter is 9 EUR a month; Business Pro is 49 and adds daily scans."),
        Decision::Routine
    );
    assert_eq!(
        d("Since you're on Business Pro, daily scans are included."),
        Decision::NeedsReview
    );
}

#[test]
fn a_reason_is_a_statement_of_its_own() {
    // The modal of the main clause does not make the reason advice.
    assert_eq!(
        d("Sie können das gern testen, denn Sie sind bei uns schon seit Jahren als Kunde geführt."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("No trial needed: you could skip it, because you are already one of our customers."),
        Decision::NeedsReview
    );
    // "since" with a date stays one clause; advice with a reason stays advice.
    assert_eq!(
        d("You should rotate the keys, because leaked keys are the most common way in."),
        Decision::Routine
    );
}

#[test]
fn the_companys_own_logs_are_not_entrusted_data() {
    // "our access logs": the possessive stands one word off; the data is the company's.
    assert_eq!(
        d("Nobody on our side reads mailboxes, and our access logs are checked by an auditor."),
        Decision::Routine
    );
    // The customer's logs, looked at by the company, stay blocked.
    assert_eq!(
        d("We went through your access logs and found the attacker's address."),
        Decision::Blocked
    );
}

#[test]
fn a_dot_inside_a_file_name_does_not_end_the_sentence() {
    // ".env", ".htaccess", ".git": the leading dot belongs to the name, so the claim rules read
    // the company's access and the file as one statement.
    let a = Assessor::new(&AssessConfig::default(), &service()).unwrap();
    for r in [
        "Yesterday our engineer opened the .env file in the web root and found two API keys.",
        "Gestern hat unser Techniker die .htaccess-Datei im Webroot geöffnet.",
    ] {
        let e = a.explain(&AssessInput {
            customer: None,
            post_author: "pixelfox",
            post_text: "Smart Security Scan is terrible.",
            reply: r,
        });
        assert_eq!(e.sentences.len(), 1, "{r}: {:?}", e.sentences);
        assert_eq!(e.assessment.decision, Decision::Blocked, "{r}");
    }
}

#[test]
fn a_pronoun_carries_the_entrusted_object_into_the_next_statement() {
    // The object is named in one statement, the company's access told in the next one.
    for r in [
        "The spreadsheet your bookkeeper uploaded to the web space on Friday: we opened it, it carries a macro dropper.",
        "Die Datenbank Ihres Shops ist seit Montag sehr groß. Wir haben sie durchgesehen, es sind 9.000 Spam-Bestellungen.",
        "Les photos que vous avez déposées sur l'espace web sont toujours là ; nous les avons parcourues avant la restitution.",
        "Los correos de su buzón siguen en el servidor, y los hemos revisado uno por uno.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // A pronoun after advice is still advice.
    assert_eq!(
        d("Keep your backups off the server. We recommend you test them every month."),
        Decision::Routine
    );
}

#[test]
fn entrusted_data_of_the_posters_own_host_is_the_posters() {
    // Tied by the customer's host, not by "your": the logs of shop.kowalczyk-design.de.
    for r in [
        "The authentication log of shop.kowalczyk-design.de shows six root logins from a foreign network on Tuesday.",
        "It was established from the mail log of shop.kowalczyk-design.de that the invoice reached the spam folder at 14:05.",
        "Die Zugriffsprotokolle von shop.kowalczyk-design.de zeigen seit Freitag 4.000 Anfragen aus einem Netz.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_fact_read_from_the_posters_stored_data_is_blocked() {
    // "according to your mailbox": the source of the statement is entrusted data.
    for r in [
        "According to the delivery log of your mailbox, the message arrived at 09:14 and sits in the junk folder.",
        "Laut Protokoll Ihres Postfachs kam die Nachricht um 9:14 an.",
        "D'après le journal de votre boîte mail, le message est arrivé à 9 h 14.",
        "Según el registro de su buzón, el mensaje llegó a las 9:14.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn example_values_in_a_code_block_are_advice() {
    // A fenced block of configuration is what to write, not someone's data; its frame decides.
    for r in [
        "Add a record like this:\n\n```\nexample.net. TXT \"v=spf1 ip4:192.0.2.44 -all\"\n```\n\nthen rescan.",
        "block it in the web server:\n```\nlocation = /wp-login.php { allow 192.0.2.0/24; deny all; }\n```\nand the warning goes away",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // Account values in a block are still the account's.
    assert_eq!(
        d("Use this:\n```\nserver_name shop.kowalczyk-design.de;\n```"),
        Decision::NeedsReview
    );
    // What the company found, framed before the block, is still blocked.
    assert_eq!(
        d("We found this in your access log:\n```\n192.0.2.9 - - GET /wp-login.php 200\n```"),
        Decision::Blocked
    );
}

#[test]
fn a_negated_fact_about_the_poster_still_tells_the_account() {
    // "no open items", "no longer a customer": the state of the poster's account, negated, is
    // still the account's state. A negated practice of the company ("we never read your mail")
    // is not.
    for r in [
        "Since we no longer count you among our active customers, the scanner stopped.",
        "Your account has no unpaid invoices and no restrictions, so that mail is phishing.",
        "Bei Ihnen gibt es keine offenen Rechnungen und keine Sperre.",
        "Vous n'êtes plus client chez nous depuis longtemps.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
    for r in [
        "We never read customers' mail.",
        "Unsere Mitarbeiter lesen keine Kundenpostfächer.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn a_copy_the_company_kept_of_the_posters_data_is_blocked() {
    // Keeping what the customer stored is drawing on it, as the policy says ("kept").
    for r in [
        "Good news: we still have an older copy of your online shop from before the attack.",
        "Keine Sorge, wir haben noch eine Kopie deines Blogs vom Juli.",
        "Pas d'inquiétude, nous gardons encore une copie de votre boutique d'avant la migration.",
        "Tranquilo, todavía tenemos una copia de tu web de antes del cambio.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // A product that keeps copies, said of nobody in particular, is not a finding of that kind.
    assert_ne!(
        d("We have a strict policy on backups, documented on the status page."),
        Decision::Blocked
    );
}

#[test]
fn a_german_ordinal_date_does_not_end_the_sentence() {
    let a = Assessor::new(&AssessConfig::default(), &service()).unwrap();
    let r = "Wir haben die Sicherung vom 3. November geöffnet und eine Hintertür gefunden.";
    let e = a.explain(&AssessInput {
        customer: None,
        post_author: "pixelfox",
        post_text: "Smart Security Scan is terrible.",
        reply: r,
    });
    assert_eq!(e.sentences.len(), 1, "{:?}", e.sentences);
}

#[test]
fn a_numeric_date_with_its_full_stop_does_not_end_the_sentence() {
    let a = Assessor::new(&AssessConfig::default(), &service()).unwrap();
    for r in [
        "Wir haben die Sicherung vom 3.11. geöffnet und eine Hintertür gefunden.",
        "Die Datei lag im Backup vom 03.11. und wurde zurückgespielt.",
    ] {
        let e = a.explain(&AssessInput {
            customer: None,
            post_author: "pixelfox",
            post_text: "Smart Security Scan is terrible.",
            reply: r,
        });
        assert_eq!(e.sentences.len(), 1, "{r}: {:?}", e.sentences);
    }
}

#[test]
fn a_quantity_carries_the_entrusted_object_into_the_next_statement() {
    for r in [
        "The uploads folder of the shop holds invoices with full addresses; we opened a couple to be sure.",
        "Im Ordner liegen Rechnungen mit Adressen – wir haben ein paar davon geöffnet.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn scheduled_tasks_in_everyday_words_are_entrusted() {
    // "your cron jobs" without the word cron.
    for r in [
        "We saw that your nightly scheduled task fails every time and floods the alerts.",
        "Wir haben gesehen, dass Ihre geplante Aufgabe jede Nacht abbricht.",
        "Nous avons vu que votre tâche planifiée échoue chaque nuit.",
        "Vimos que su tarea programada falla cada noche.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn negated_practices_and_code_are_not_findings() {
    for r in [
        // A search of the records, negated as a practice, searched nothing.
        "Our staff cannot read customer databases; break-glass access needs a written OK.",
        // Code in a fenced block is configuration, not prose about anyone.
        "Start with a record in monitoring mode:\n\n```\n_dmarc.example.org. TXT \"v=DMARC1; p=none; rua=mailto:reports@example.org\"\n```\n\nthen move to `p=quarantine` once reports are clean.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // A search that found nothing still tells the relationship.
    assert_ne!(
        d("We found no record of you in the customer database."),
        Decision::Routine
    );
    // Prose in a fence is still read.
    assert_ne!(
        d("```\nYou have been a customer since 2019 and your last invoice bounced\n```"),
        Decision::Routine
    );
}

#[test]
fn what_the_poster_did_before_is_not_an_echo_of_the_post() {
    // "You reported ... back in March" tells the contact history; "as you wrote" frames the
    // post only when the sentence adds nothing the post did not say.
    for r in [
        "You reported the same outage back in March and we closed that ticket too early.",
        "Looked you up and you're already one of ours.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
    let a = decide(
        "pixelfox",
        "My site was down for two hours and nobody answered.",
        "As you wrote, the site was down for two hours; we are sorry nobody answered.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
}

#[test]
fn echoing_what_the_poster_said_of_their_account_is_routine() {
    for (post, reply) in [
        (
            "Ich habe letzte Woche gekündigt, der Support war mir zu langsam.",
            "Schade, dass du gekündigt hast. Alles Gute beim neuen Anbieter!",
        ),
        (
            "I cancelled my subscription because of the price.",
            "Sorry to see that you cancelled your subscription.",
        ),
    ] {
        let a = decide("pixelfox", post, reply);
        assert_eq!(a.decision, Decision::Routine, "{reply}: {a:?}");
    }
    // What the post did not say is still held.
    let a = decide(
        "pixelfox",
        "I cancelled my subscription because of the price.",
        "Since you cancelled, the 49 EUR of your last invoice were refunded.",
    );
    assert_ne!(a.decision, Decision::Routine, "{a:?}");
}

#[test]
fn advice_about_the_posters_own_things_is_routine() {
    // The poster is the one advised; "your" names what the advice is about.
    for r in [
        "Make sure your wp-config.php sits outside the web root and check what your firewall lets through.",
        "Move your .env file out of the document root and rotate the keys in it.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // A statement about the poster inside an order is still a statement.
    for r in [
        "Don't forget you signed the DPA in March.",
        "Please update your card, the last payment of 49 EUR failed.",
    ] {
        assert_ne!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn an_order_that_tells_what_the_company_holds_is_held() {
    assert_ne!(
        d("Restore your site from the backup we took on Monday."),
        Decision::Routine
    );
}

#[test]
fn a_reply_longer_than_the_cap_is_held_and_read_only_to_the_cap() {
    let long = "Thanks for the feedback, we appreciate it. ".repeat(2_000);
    assert!(long.chars().count() > MAX_REPLY_CHARS);
    let a = decide("pixelfox", "Smart Security Scan is terrible.", &long);
    assert_eq!(a.decision, Decision::NeedsReview, "{:?}", a.findings.last());
    let last = a.findings.last().expect("a finding for the unread rest");
    assert_eq!(last.kind, "too_long");
    assert_eq!(
        (last.start, last.end),
        (MAX_REPLY_CHARS, long.chars().count())
    );
    // What is read still decides: entrusted data at the start stays blocked.
    let blocked = format!("We opened your mailbox and read 300 mails. {long}");
    assert_eq!(
        decide("pixelfox", "Smart Security Scan is terrible.", &blocked).decision,
        Decision::Blocked
    );
    // Under the cap nothing changes.
    assert_eq!(
        d("Thanks for the feedback, we appreciate it."),
        Decision::Routine
    );
}

#[test]
fn the_reply_cap_is_the_configured_one() {
    let cfg = AssessConfig {
        max_reply_chars: Some(40),
        ..AssessConfig::default()
    };
    let a = Assessor::new(&cfg, &service()).unwrap();
    let reply = "Thanks for the feedback, we appreciate it.";
    let input = AssessInput {
        customer: None,
        post_author: "pixelfox",
        post_text: "Smart Security Scan is terrible.",
        reply,
    };
    let held = a.assess(&input);
    assert_eq!(held.decision, Decision::NeedsReview);
    let last = held.findings.last().expect("a finding for the unread rest");
    assert_eq!((last.kind.as_str(), last.start), ("too_long", 40));
    // The default reads it whole.
    assert_eq!(d(reply), Decision::Routine);
}

#[test]
fn a_function_word_inside_an_address_is_part_of_the_address() {
    // Norway's ".no", a "not." label: what an address spells is not a negation.
    for r in [
        "The access logs for shop.baltic-freight.no show requests from 14 addresses.",
        "The error log of app.not.example-store.de shows 40 failed logins.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // A negation written as a word still negates.
    assert_ne!(
        d("No, we never read the database of shop.example-store.de."),
        Decision::Blocked
    );
}

#[test]
fn the_company_records_of_the_posters_traffic_are_entrusted() {
    // DNS, proxy and firewall records of the poster's network are their browsing, whoever
    // keeps them: "our" does not make them the company's own data when they are about the poster.
    for r in [
        "Laut unseren DNS-Protokollen ruft ein Gerät in Ihrem Büro seit Montag eine Phishing-Seite auf.",
        "Nuestros registros DNS muestran que un equipo de tu red consulta un dominio de phishing cada hora.",
        "D'après nos journaux DNS, un poste de votre réseau contacte un domaine malveillant toutes les heures.",
        "Our firewall logs show that a printer on your network has been talking to a server in Panama.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // The company's practice with such records names nobody.
    for r in [
        "Unsere DNS-Protokolle werden nach sieben Tagen gelöscht.",
        "Our proxy logs are kept for a week and then deleted.",
    ] {
        assert_ne!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn what_sits_on_the_posters_server_is_entrusted() {
    // Whatever the words for the things, what is on or in the poster's server is its content.
    for r in [
        "We had a quick look at what's on your VPS and it seems fine.",
        "Unser Techniker hat sich angesehen, was auf deinem Server liegt.",
        "Nous avons jeté un œil à ce qui se trouve sur votre serveur, rien de suspect.",
        "Revisamos lo que hay en tu servidor y está limpio.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // The server itself, or ours, is not its content.
    for r in [
        "We restarted the web service on our servers, sorry for the outage.",
        "You can see what runs on your server in the dashboard.",
    ] {
        assert_ne!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_german_compound_is_read_by_its_last_word() {
    // "Kundenordner" is a folder, "reingelesen" is read: German joins words, and the last part
    // of a compound (or the verb after a separable prefix) carries its meaning.
    for r in [
        "Wir haben uns Ihren Kundenordner angeschaut, er ist sauber.",
        "Ich habe kurz in eure Bestelltabelle reingelesen, da fehlen 40 Zeilen.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // A compound whose last part is no term stays what it was.
    assert_eq!(
        d("Danke für den Hinweis, wir prüfen das Handbuch."),
        Decision::Routine
    );
}

#[test]
fn an_abbreviated_account_word_is_the_word() {
    // Chat spellings of the account's words ("accnt", "acc", "subscr") tell what the words do.
    for r in [
        "ur accnt is fine, nothing weird on our side",
        "your acc looks normal from here, no flags",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn german_tells_contents_by_where_things_lie() {
    // "liegt", "stehen", "gibt es": German says what a store holds with verbs of place, as
    // French says "il y a" and Spanish "hay".
    for r in [
        "In Ihrer Datenbank stehen 300 Bestellungen von gestern.",
        "Auf Ihrem Webspace liegt eine verdächtige PHP-Datei.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // "man sieht": the company's look, said impersonally.
    assert_eq!(
        d("Man sieht im Verlauf Ihres Browsers, dass oft Glücksspielseiten besucht werden."),
        Decision::Blocked
    );
}

#[test]
fn a_modal_word_not_bound_to_the_poster_does_not_make_a_finding_advice() {
    // "most of them", "usually": a quantifier over the poster's data, not advice to them.
    for r in [
        "Your customer table holds 2,300 rows, most of them test accounts.",
        "Your mailbox usually gets 400 spam mails a day from that sender, we saw.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // A modal bound to the poster still makes it advice or a practice.
    for r in [
        "Your files are encrypted and only you can access them.",
        "You can restore your database from the dashboard.",
    ] {
        assert_ne!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_look_told_before_what_it_found_is_access() {
    // The company's look in one statement, what it saw in the poster's data in the next.
    for r in [
        "Wir haben reingeschaut: Ihre Kundenliste ist vollständig.",
        "We checked this morning. Your mailbox is nearly empty now.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // A look, then advice or nothing of the poster's data: no access.
    for r in [
        "We had a look. Make sure your backups run every night.",
        "We checked. Your site is back online.",
    ] {
        assert_ne!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn what_a_store_includes_is_told_in_every_language() {
    // "includes", "counts", "comprises": English had them; the others say the same.
    for r in [
        "Tu copia de seguridad del lunes incluye los datos de tus clientes.",
        "Votre table des commandes compte 2300 lignes.",
        "Ihre Sicherung vom Montag beinhaltet die Daten Ihrer Kunden.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_role_noun_in_a_rule_is_nobody_in_particular() {
    // "the account holder" in a statement of how things are done names a role, not the poster.
    for r in [
        "Backups are only restored when the account holder asks for it in writing.",
        "Only the account owner can open a shell on the server.",
        "Nur der Kontoinhaber kann eine Wiederherstellung anstoßen.",
        "Seul le titulaire du compte peut demander une restauration.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // The same noun in a statement of what happened is the poster.
    assert_eq!(
        d("The account holder was sent a reminder about the open invoice on Monday."),
        Decision::NeedsReview
    );
}

#[test]
fn a_relationship_denied_is_no_echo_of_one_stated() {
    // The post says the poster is a customer; the reply says they no longer are: news.
    for r in [
        "Strange, since we no longer have you as an active customer, the alerts should have stopped.",
        "Vous n'êtes plus client chez nous depuis un moment, ces alertes sont étranges.",
    ] {
        let a = decide(
            "pixelfox",
            "My Smart Security Scan account keeps mailing me alerts.",
            r,
        );
        assert_eq!(a.decision, Decision::NeedsReview, "{r}: {a:?}");
    }
}

#[test]
fn the_company_denying_itself_access_is_a_practice_even_beside_a_participle() {
    // "Stored files", "hosted mailboxes": a participle before the object names the object;
    // the company's verb is the negated one.
    for r in [
        "Stored mailboxes are encrypted and our support team has no way to open them.",
        "Hosted databases are encrypted at rest and our admins cannot read them.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    assert_eq!(
        d("We opened the stored mailboxes and read them."),
        Decision::Blocked
    );
}

#[test]
fn a_look_told_in_the_passive_or_by_a_noun_is_the_companys() {
    // Nobody is named as looking, but a look at stored data happened: blocked.
    for r in [
        "While going through the server logs it was noticed that the intruder came in through an old upload form.",
        "Beim Durchsehen der Zugriffsprotokolle wurde festgestellt, dass der Angreifer über ein altes Plugin kam.",
        "Après vérification des journaux du serveur, il a été constaté que l'attaquant est passé par un vieux module.",
        "Al revisar los registros del servidor se detectó que el atacante entró por un módulo antiguo.",
        "In the mail log it was found that every bounce came from one misconfigured relay.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // The same words in a rule, a condition or a denial are no look.
    for r in [
        "Server logs are kept for fourteen days and are never read by staff.",
        "If an attack is suspected, the server logs are checked by the abuse team.",
        "Die Serverprotokolle werden nicht von Mitarbeitenden gelesen.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn an_account_event_dated_by_a_relative_time_is_held() {
    // No pronoun names the poster, but "this morning" makes it their trial.
    for r in [
        "The trial ran out this morning, which is why the scans paused.",
        "La période gratuite s'est achevée ce matin, d'où la suspension des analyses.",
        "Die Testphase ist heute früh ausgelaufen, deshalb stehen die Scans.",
        "El periodo de prueba terminó esta mañana, por eso se pausaron los análisis.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
    // French "été" after an auxiliary is "been", not summer; "s'" before a verb is no "if".
    for r in [
        "Le correctif a été déployé sur tous les scanners.",
        "La page de statut s'est mise à jour toute seule.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn a_bare_look_after_naming_stored_data_looked_at_it() {
    // "We checked." after a statement about the poster's stored data: the look was at it,
    // also when a sentence without an object stands between.
    for r in [
        "The copy of your site from last Monday is complete. We checked.",
        "Die Sicherung vom Montag ist vollständig, die Startseite ist auch drin: wir haben nachgesehen.",
        "La sauvegarde de lundi est complète, et la page d'accueil s'y trouve encore : on a vérifié.",
        "Your uploaded photos are all still there; we had a look.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // A bare look after nothing stored is nobody's data.
    assert_eq!(d("Thanks for the report. We checked."), Decision::Routine);
}

#[test]
fn french_toujours_may_mean_still() {
    // "sont toujours là" (still there) is no rule: the look in the sentence stands.
    assert_eq!(
        d("Vos fichiers sont toujours là, on a vérifié dans votre espace web."),
        Decision::Blocked
    );
}

#[test]
fn a_duration_in_words_dates_an_account_state_in_every_language() {
    for r in [
        "Weil die hinterlegte Telefonnummer seit vier Monaten als ungültig gilt, kommen keine SMS an.",
        "Parce que le numéro enregistré est invalide depuis quatre mois, les SMS ne partent plus.",
        "Porque el teléfono guardado figura como inválido desde hace cuatro meses, no salen los SMS.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn a_number_word_is_no_verb_form_and_counts_only_as_a_duration() {
    // "seis" ends like "tenéis"; "en dos pasos" counts steps, not time.
    for r in [
        "Se recomienda una duración mínima de seis meses para esa cabecera.",
        "La verificación en dos pasos para todas las cuentas marca mucha diferencia.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn what_the_posters_people_did_online_is_entrusted() {
    // The pages the poster's staff opened, what their shoppers typed: data the company holds
    // for the poster, named by what the people did.
    for r in [
        "We looked at what your shoppers typed into the checkout form last night.",
        "Nous avons regardé les sites que vos employés ont consultés hier.",
        "Wir haben uns angesehen, was Ihre Kundschaft im Checkout eingetippt hat.",
        "Revisamos lo que sus clientes escribieron en el formulario de pago.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // People who act are not data: "your visitors will see", "sus clientes podrán".
    assert_eq!(
        d("Your visitors will see a warning page until the certificate is renewed."),
        Decision::Routine
    );
}

#[test]
fn a_negation_or_passive_reaches_only_its_own_clause() {
    for r in [
        // "without" ends with its clause: the look after the comma stands.
        "The invoices on shop.kowalczyk-design.de were all sent without a single error, we checked the mail log.",
        // German puts the participle last: the auxiliary stands anywhere before it.
        "Auf shop.kowalczyk-design.de wurden in vier alten Plugin-Dateien Hintertüren gefunden.",
        // "sacar" is to pull, as "we pulled the log".
        "Sacamos el historial de accesos de shop.kowalczyk-design.de y había un solo intruso.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_participle_after_a_copula_names_no_stored_thing() {
    for r in [
        "Posez-nous n'importe quelle question, notre méthode d'analyse est documentée publiquement.",
        "Pregúntenos lo que quiera, nuestro método de análisis está documentado públicamente.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn advice_about_the_posters_own_things_tells_no_relationship() {
    for r in [
        "How often to scan depends on how often your web site changes.",
        "You should make sure that your server sends the full certificate chain.",
        "A separate plugin is only needed when your shop software lacks this.",
        "Am besten prüfen Sie, ob Ihr Server die ganze Zertifikatskette ausliefert.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // A modal over a report of what happened is no advice.
    assert_eq!(
        d("Anyone can tell from the status log that only your server was hit."),
        Decision::NeedsReview
    );
    // Advice that also states an account fact still tells it.
    assert_eq!(
        d("You should know that your site has been on the Business Pro plan since 2019."),
        Decision::NeedsReview
    );
}

#[test]
fn a_modal_advises_only_its_own_clause() {
    // The relationship told in the clause before the advice still tells it.
    assert_eq!(
        d("As you are a customer of ours yourself, you can grab the contract template from the dashboard."),
        Decision::NeedsReview
    );
}

#[test]
fn an_answer_to_the_posters_question_is_no_echo_and_an_indefinite_noun_no_history() {
    // The post asked; the reply tells: no echo.
    let a = decide(
        "pixelfox",
        "Is my Smart Security Scan account in trouble?",
        "Nope, your account is in good standing, that mail was phishing.",
    );
    assert_eq!(a.decision, Decision::NeedsReview, "{a:?}");
    // "a ticket" is any ticket.
    let a = decide(
        "pixelfox",
        "Does opening a ticket give your staff access to my backups?",
        "No, opening a ticket gives nobody access to your backups.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
}

#[test]
fn a_relative_clause_about_the_poster_asserts_under_a_modal() {
    assert_eq!(
        d("That shouldn't happen on the premium contract you have with us."),
        Decision::NeedsReview
    );
}

#[test]
fn the_companys_dated_contact_and_its_look_at_account_things_tell_them() {
    for r in [
        "Wie beim Anruf kürzlich besprochen, ist der Bericht jetzt verfügbar.",
        "As promised on our call last week, the PDF report is now available.",
        "We noticed the invoices went out without the VAT number.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
    assert_eq!(
        d("We noticed the status page was slow this morning."),
        Decision::Routine
    );
}

#[test]
fn what_follows_the_companys_look_is_what_it_saw() {
    for r in [
        // The look, then what the stored data holds.
        "We dug around a bit: the inbox gets the parents' messages, a rule files them in a subfolder.",
        // A short word of content does not hide a longer one after it.
        "Im Ordner lag der Export, der beim Durchgehen Ihrer Dateien aufgefallen ist.",
        // Spanish "se ve que": the log shows it.
        "En el registro de correo de su servidor se ve que Gmail rechaza los envíos.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_look_told_as_a_noun_or_in_colloquial_german_is_a_look() {
    for r in [
        "Beim Nachschauen in der Datenbank waren alle 800 Bestellungen noch da.",
        "hab eben in eure kundenliste reingeguckt, die einträge sind seit montag weg",
        "Al revisar la base de datos de su tienda aparecieron cientos de pedidos falsos.",
        "Once we had the memory dump of your server it was clear which process was tampered with.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_plan_told_by_its_rank_to_a_customer_is_theirs() {
    for r in [
        "The smallest package only ever covered weekly scans from outside.",
        "Con el plan más básico el soporte es solo por correo.",
    ] {
        let a = decide(
            "pixelfox",
            "I pay Smart Security Scan every month and my support answers are slow.",
            r,
        );
        assert_eq!(a.decision, Decision::NeedsReview, "{r}: {a:?}");
    }
}

#[test]
fn a_dated_time_together_is_the_posters_tenure() {
    for r in [
        "After more than four years of working together, a note like this means a lot.",
        "Nach über vier Jahren Zusammenarbeit freut uns so ein Satz besonders.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn welcome_back_tells_a_former_customer() {
    for r in [
        "Welcome back! The new pricing page groups the plans by use case.",
        "Willkommen zurück! Die neue Preisseite ordnet die Tarife nach Einsatzzweck.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn belonging_to_the_clientele_is_the_relationship() {
    for r in [
        "The reviewer, who belongs to our clientele, can see these figures in the dashboard.",
        "La autora, que forma parte de nuestra clientela, ve estas cifras en su panel.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn a_dashboard_is_no_table_of_stored_data() {
    assert_eq!(
        d("Nous voyons ces chiffres dans le tableau de bord des statistiques publiques."),
        Decision::Routine
    );
}

#[test]
fn what_usted_has_contracted_names_the_poster() {
    // Spanish drops the pronoun: "tiene contratado" is the customer's contract.
    assert_eq!(
        d("Lo que tiene contratado no incluye el filtro de correo."),
        Decision::NeedsReview
    );
}

#[test]
fn a_handle_word_written_as_an_abbreviation_is_a_term_not_the_poster() {
    // "vpn_worrier" does not make every "VPN" in the reply a mention of the poster.
    let a = decide(
        "vpn_worrier",
        "Does SSS log what goes through its VPN?",
        "We get the concern. Smart Security Scan does not sell or share the VPN traffic of its \
         users for any advertising purpose.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
    // The handle itself, or a capitalised name word, still names them.
    let a = decide(
        "vpn_worrier",
        "Does SSS log what goes through its VPN?",
        "vpn_worrier, your plan was cancelled on 3 March.",
    );
    assert_eq!(a.decision, Decision::NeedsReview, "{a:?}");
}

#[test]
fn no_access_to_customers_data_is_a_practice_not_an_account_state() {
    for reply in [
        "Unser Support hat keinen Zugriff auf Kundendatenbanken.",
        "Notre équipe n'a aucun accès aux bases de données clients.",
        "Our support team has no access to customer databases.",
    ] {
        let a = decide(
            "curious_cat",
            "Can your staff read my shop database?",
            reply,
        );
        assert_eq!(a.decision, Decision::Routine, "{reply}: {a:?}");
    }
    // A negated state of the poster's account is still its state.
    assert_eq!(
        d("You have no access to the dashboard since your plan was cancelled."),
        Decision::NeedsReview
    );
}

#[test]
fn a_word_of_the_replys_own_language_is_not_read_as_english_slang() {
    // "ya" is Spanish "already", not English "you".
    let a = decide(
        "lector_lento",
        "Los avisos de los escaneos llegan tarde.",
        "Gracias por la paciencia. El fallo de la cola ya está corregido y las alertas vuelven a \
         llegar al instante.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
    // In an English reply "ya" still is the poster.
    assert_eq!(
        d("ya still owe us the 49 EUR from the March invoice"),
        Decision::NeedsReview
    );
}

#[test]
fn spanish_relative_possession_without_a_pronoun_names_the_poster() {
    // "la tarifa que tiene" with nothing after "tiene": what usted has.
    let a = decide(
        "keanu_k",
        "¿Por qué no tengo copias diarias?",
        "Porque la tarifa pequeña que tiene no las trae; la de arriba sí.",
    );
    assert_eq!(a.decision, Decision::NeedsReview, "{a:?}");
    // "que tiene" with its object after it describes the plan.
    let a = decide(
        "keanu_k",
        "¿Qué plan trae cortafuegos?",
        "Web Guard es el plan que tiene cortafuegos incluido.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
}

#[test]
fn what_a_thanks_is_for_is_the_post_not_stored_mail() {
    for reply in [
        "Merci beaucoup pour votre message, et à bientôt !",
        "Danke für deine Nachricht und einen schönen Abend!",
        "Thanks so much for the kind message!",
    ] {
        let a = decide("pixelfox", "Smart Security Scan is great.", reply);
        assert_eq!(a.decision, Decision::Routine, "{reply}: {a:?}");
    }
    // A look at the poster's messages is access, whatever thanks stand beside it.
    assert_ne!(
        d("Thanks for your patience: we read your messages from Monday."),
        Decision::Routine
    );
}

#[test]
fn an_impersonal_look_at_the_accounts_own_things_tells_them() {
    for reply in [
        "Thanks for the patience. It was found that the new direct debit mandate arrived without \
         a signature date.",
        "Gracias por escribir. Se ha comprobado que la nueva domiciliación llegó sin fecha de firma.",
    ] {
        let a = decide("pixelfox", "I changed banks and you still charge the old account.", reply);
        assert_eq!(a.decision, Decision::NeedsReview, "{reply}: {a:?}");
    }
}

#[test]
fn the_posters_own_tenure_echoed_in_other_words_is_routine() {
    let post = "I've been with you since 2015 and never had a real problem.";
    for reply in [
        "Thank you for so many years of loyalty, it means a lot!",
        "Danke für die langjährige Treue!",
    ] {
        let a = decide("pixelfox", post, reply);
        assert_eq!(a.decision, Decision::Routine, "{reply}: {a:?}");
    }
    // Stated without a pronoun, thanked for in other words.
    let a = decide(
        "pixelfox",
        "Been with you since 2016, never a serious outage.",
        "Since 2016 - thank you for that loyalty!",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
    // A tenure the post did not state is news.
    let a = decide("pixelfox", post, "Actually you've been with us since 2012.");
    assert_eq!(a.decision, Decision::NeedsReview, "{a:?}");
    // Without the post stating it, the same thanks tell the tenure.
    let a = decide(
        "pixelfox",
        "The scanner is slow.",
        "Thank you for so many years of loyalty, it means a lot!",
    );
    assert_eq!(a.decision, Decision::NeedsReview, "{a:?}");
}

#[test]
fn a_clause_opening_with_or_to_and_a_verb_continues_the_advice() {
    let a = decide(
        "pixelfox",
        "My .htaccess shows up in the scan, what now?",
        "The simplest fix is to move it above the web root, or to add a deny rule for dotfiles \
         in your server config.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
    // An infinitive that frames a statement orders nothing.
    assert_eq!(
        d("To be clear, the backups of your shop contain malware."),
        Decision::Blocked
    );
    assert_ne!(
        d("We never read mail, and to be fair, your mailbox holds a phishing kit."),
        Decision::Routine
    );
}

#[test]
fn an_account_word_naming_the_kind_of_a_company_thing_is_no_account_fact() {
    for reply in [
        "The billing system was down for an hour this morning; it is back now.",
        "Der Login-Dienst war heute früh eine Stunde gestört, jetzt läuft er wieder.",
        "Le service de facturation était en panne ce matin, tout refonctionne.",
    ] {
        let a = decide("pixelfox", "Is your site down?", reply);
        assert_eq!(a.decision, Decision::Routine, "{reply}: {a:?}");
    }
    // The account's own thing, told the same way, is still held.
    assert_eq!(
        d("The billing address on your account was changed this morning."),
        Decision::NeedsReview
    );
}

#[test]
fn a_rules_quantifier_reaches_the_role_noun_later_in_the_sentence() {
    for reply in [
        "Restores of a mailbox are only started at the written request of the account holder.",
        "Any export of server files must be approved in writing by the account owner first.",
    ] {
        let a = decide(
            "pixelfox",
            "Can your admins poke around in my stuff?",
            reply,
        );
        assert_eq!(a.decision, Decision::Routine, "{reply}: {a:?}");
    }
    // A dated statement about the account holder is still about the poster.
    assert_ne!(
        d("Only on 3 March did the account holder ask us to restore the mailbox."),
        Decision::Routine
    );
}

#[test]
fn a_number_in_an_order_configures_unless_it_numbers_an_account_item() {
    let a = decide(
        "pixelfox",
        "The scan says my config file is readable. Help?",
        "move config.php one level above the web root, chmod 440, rescan.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
    assert_eq!(
        d("See ticket 48213 for the details."),
        Decision::NeedsReview
    );
}

#[test]
fn an_account_word_before_an_abbreviation_names_a_technical_thing() {
    let a = decide(
        "pixelfox",
        "My mails land in spam. Tips?",
        "Worth checking that reverse DNS matches your HELO name.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
    let a = decide(
        "pixelfox",
        "How do I harden SSH?",
        "Limiting SSH to known IPs in your firewall is the biggest single win.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
    // Unless the abbreviation is an account word itself.
    assert_ne!(
        d("Gracias. Se ha comprobado que el nuevo mandato SEPA se recibió sin fecha."),
        Decision::Routine
    );
}

#[test]
fn an_act_named_as_a_definite_noun_on_a_past_occasion_was_the_companys() {
    for reply in [
        "Sorry for the wait! The review of the mailbox from Monday took longer than planned.",
        "Désolés ! L'analyse du journal de lundi a été plus longue que prévu.",
    ] {
        let a = decide("pixelfox", "Why did my ticket take so long?", reply);
        assert_eq!(a.decision, Decision::Blocked, "{reply}: {a:?}");
    }
    // A product described in the present names no occasion.
    let a = decide(
        "pixelfox",
        "How long does a restore take?",
        "The restore of a snapshot usually takes about an hour.",
    );
    assert_eq!(a.decision, Decision::Routine, "{a:?}");
}

#[test]
fn a_negative_subject_states_a_practice_about_anyone() {
    // "Nobody here opens ...": the negation is the subject, so whatever the clause names,
    // the poster's things or a customer's, it tells what never happens.
    for reply in [
        "Nobody in our support team opens your mailbox or a customer's database.",
        "Niemand im Support öffnet die Postfächer eines Kunden, auch nicht Ihres.",
        "Aucun technicien n'ouvre les fichiers d'un client sans son accord écrit.",
        "Ninguna persona del soporte abre la base de datos de un cliente.",
    ] {
        let a = decide(
            "curious_cat",
            "Can your staff read my shop database?",
            reply,
        );
        assert_eq!(a.decision, Decision::Routine, "{reply}: {a:?}");
    }
    // A negative subject does not undo what else the sentence tells of the poster.
    assert_eq!(
        d("Nobody else has access, since your plan was cancelled on 3 March."),
        Decision::NeedsReview
    );
}

#[test]
fn a_stored_object_that_showed_something_was_read() {
    // The object named definitely, as the subject of what it showed on an occasion: the
    // company read it, whether or not the reply says "your".
    for r in [
        "The proxy log for Tuesday showed dozens of visits to gambling sites.",
        "Das Mail-Log vom Montag zeigte, dass die Nachricht nie ankam.",
        "Le journal du proxy de mardi montrait des dizaines de visites.",
        "El registro del proxy del martes mostraba decenas de visitas.",
        "The backup from last night contained the whole customer table.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // What a log would show, or shows in general, is advice or a description.
    for r in [
        "Your access log will show which IPs to ban.",
        "An access log shows every request.",
        "If the mail log shows errors, check your SPF record.",
    ] {
        assert_ne!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_restore_or_recovery_of_stored_data_is_access_in_every_language() {
    for r in [
        "We recovered the folder from Friday's snapshot.",
        "Den Ordner haben wir aus dem Snapshot von Freitag zurückgeholt.",
        "Nous avons récupéré le dossier dans l'instantané de vendredi.",
        "Recuperamos la carpeta de la instantánea del viernes.",
        "Le dossier a été retrouvé dans la sauvegarde de vendredi.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn an_impersonal_look_that_reports_a_finding_is_the_companys() {
    // "one sees that ...": a look with a generic subject, reporting what it found.
    for r in [
        "Im DNS-Verlauf Ihres Netzes sieht man, dass nur eine Subdomain geblockt wurde.",
        "En el historial DNS de su red se ve que solo se bloqueó una página.",
        "Dans l'historique DNS de votre réseau, on voit que seule une page a été bloquée.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // Whether something shows is for the poster to look up: advice.
    assert_ne!(
        d("Im DNS-Verlauf sieht man dann, ob die Subdomain geblockt wird."),
        Decision::Blocked
    );
}

#[test]
fn an_order_verb_in_a_past_tense_tells_what_was_done() {
    // "tried", "checked": the company's past act, not advice.
    assert_eq!(
        d("We tried your number twice on Monday, but the line was busy."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("Try the phone line at 16:40 if the chat is busy."),
        Decision::Routine
    );
}

#[test]
fn the_companys_staff_named_by_role_act_for_it() {
    for r in [
        "The tech opened the mail queue and removed the attachment.",
        "Der Techniker hat die Mail-Warteschlange geöffnet und den Anhang gelöscht.",
        "El técnico revisó la cola de correo y borró el adjunto.",
        "Le technicien a ouvert la file des mails et supprimé la pièce jointe.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_meeting_in_person_or_on_video_is_contact_history() {
    for r in [
        "Nous vous avons rencontré au salon de Lyon en mars.",
        "Me alegro de que la videollamada del martes le sirviera.",
        "Thanks again for the video call on Tuesday, it helped us a lot.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
    // A greeting formula meets nobody.
    assert_eq!(
        d("Nice to meet you! Welcome to the forum."),
        Decision::Routine
    );
}

#[test]
fn a_comma_separates_a_hedge_from_the_claim_after_it() {
    // "For what it's worth," frames the claim; its "worth" advises nobody.
    assert_eq!(
        d("For what it's worth, you're on the cheapest plan we have."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("It's worth a try, you'll see the difference."),
        Decision::Routine
    );
}

#[test]
fn keeping_for_a_stated_time_is_a_retention_practice() {
    for r in [
        "We keep backups for a week.",
        "Usually, we keep your backups for a week.",
        "Wir speichern die Logs für 14 Tage.",
        "Conservamos las copias durante 30 días.",
    ] {
        assert_ne!(d(r), Decision::Blocked, "{r}");
    }
    assert_eq!(
        d("We kept your backup from last week and found the old file in it."),
        Decision::Blocked
    );
}

#[test]
fn sie_after_a_conjunction_is_a_subject_not_a_polite_order() {
    assert_eq!(
        d("Das alte Paket wird nicht mehr verkauft, aber Sie haben es noch."),
        Decision::NeedsReview
    );
    assert_eq!(d("Prüfen Sie bitte Ihre DNS-Einträge."), Decision::Routine);
}

#[test]
fn a_statement_before_a_spanish_question_mark_is_no_question() {
    assert_eq!(
        d("Ya que lleva tantos años con nosotros, ¿por qué no prueba Web Guard?"),
        Decision::NeedsReview
    );
    assert_eq!(
        d("¿Quiere que revisemos la configuración?"),
        Decision::Routine
    );
}

#[test]
fn inline_code_that_reads_as_code_is_a_command_not_a_finding() {
    for r in [
        "Check the cron runs with `grep CRON /var/log/syslog` and rerun the job.",
        "Schau ins Syslog: `grep CRON /var/log/syslog`.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // Words in backticks are still words.
    assert_ne!(
        d("Your mailbox: `we opened it and it held 3,000 messages`."),
        Decision::Routine
    );
}

#[test]
fn a_statement_that_opens_with_what_was_done_is_the_companys() {
    // "Received ...", "Refunded ...": the subject left out is the company.
    for r in [
        "Received 24 EUR on 2 Dec via SEPA.",
        "Refunded the 19 EUR on Monday, should be back in 3 days.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
    assert_eq!(
        d("Updated the docs on 2 Dec, see the changelog."),
        Decision::Routine
    );
}

#[test]
fn advice_to_look_at_the_readers_own_data_is_no_look_of_ours() {
    // The older token rules read an access verb beside a path on the poster's system as the
    // company's look; the claim rules read these as advice to the reader, and their reading
    // governs.
    for reply in [
        "look in /var/log/auth.log on your server if you want the details",
        "If you want to know what ran, open ~/.bash_history on your machine.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // A look the company reports stays its own.
    assert_eq!(
        d("We looked in /var/log/auth.log on your server and saw the details."),
        Decision::Blocked
    );
}

#[test]
fn a_day_written_as_an_ordinal_is_as_specific_as_its_digits() {
    for reply in [
        "Sorry for the hassle. The collection on the 2nd bounced, a retry runs later.",
        "Le prélèvement du 1er a échoué, nous réessayons.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    assert!(numbers::ordinal_digits("19th") && numbers::ordinal_digits("1er"));
    assert!(!numbers::ordinal_digits("th") && !numbers::ordinal_digits("2fa"));
}

#[test]
fn a_dated_passive_with_a_definite_subject_tells_the_account() {
    for reply in [
        "Thanks for waiting. The remaining scans were suspended on 3 May.",
        "Danke für die Geduld. Die restlichen Scans wurden am 3. Mai gesperrt.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // Without a date or number it tells no one's event.
    assert_eq!(
        d("Scans are suspended when a domain fails verification."),
        Decision::Routine
    );
}

#[test]
fn years_spent_together_are_the_posters_tenure_without_a_date() {
    for reply in [
        "After all these years together, a big thank you from the whole team.",
        "Nach all den gemeinsamen Jahren ein großes Dankeschön vom Team!",
        "Presque une décennie ensemble : merci pour tout.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
}

#[test]
fn a_look_told_as_a_noun_with_what_it_found_is_the_companys() {
    for reply in [
        "Thanks for your patience. An audit of the shop database revealed 12 stale admin accounts.",
        "Danke für die Geduld. Eine Auswertung der Logdateien ergab rund 900 Fehlversuche.",
        "Merci de votre patience. L'examen de la sauvegarde a révélé trois fichiers corrompus.",
        "Gracias por la paciencia. Un análisis de la copia de seguridad mostró dos tablas dañadas.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // Advice to look, or a look in the future, found nothing yet.
    for reply in [
        "A review of your mail log will show who sent it.",
        "Eine Prüfung der Logdateien lohnt sich immer.",
    ] {
        assert_ne!(d(reply), Decision::Blocked, "{reply}");
    }
}

#[test]
fn what_the_readers_own_data_will_tell_them_is_advice() {
    for reply in [
        "Your error log will tell you which plugin crashed.",
        "Votre journal d'erreurs vous indiquera quel module plante.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // The company's look stays a look, in the future too.
    assert_eq!(
        d("We will go through your error log and tell you which plugin crashed."),
        Decision::Blocked
    );
}

#[test]
fn a_stored_record_that_says_what_it_holds_shows_its_content() {
    for reply in [
        "Thanks for flagging it. The error log of your shop says the database timed out at 02:14.",
        "Danke! Das Protokoll Ihres Postfachs verzeichnet 30 Anmeldungen seit Montag.",
        "Merci. Le journal de votre boutique mentionne 14 échecs de connexion depuis mardi.",
        "Gracias. En el registro de su servidor figura un acceso a las 03:10.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
}

#[test]
fn opening_hours_are_a_schedule_not_an_event() {
    for reply in [
        "The phone support takes calls Monday to Friday, 9:00 to 17:00.",
        "L'assistance téléphonique répond du lundi au vendredi de 9 h à 17 h.",
        "The chat line is staffed 24/7.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // One dated time is an event.
    assert_eq!(
        d("Your call on Monday at 9:00 was logged."),
        Decision::NeedsReview
    );
}

#[test]
fn the_staff_member_who_signs_the_reply_is_no_third_party() {
    for reply in [
        "The scanner bug is fixed in today's release.\n\nKind regards,\nThomas Becker, Support Team",
        "Das ist behoben. Viele Grüße, Laura Schmidt",
        "C'est corrigé dans la dernière version.\n— Sophie Martin, équipe support",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // A name inside the reply's text is still someone's personal data.
    assert_eq!(
        d("Thanks. Peter Maier from the other shop asked us the same thing last week, and the answer is no."),
        Decision::NeedsReview
    );
}

#[test]
fn since_a_moment_of_the_last_days_tells_no_tenure() {
    for reply in [
        "C'est corrigé depuis ce matin.",
        "Das läuft seit heute früh wieder.",
        "Está arreglado desde esta mañana.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    assert_eq!(d("Sie sind seit 2019 dabei."), Decision::NeedsReview);
}

#[test]
fn since_is_a_word_of_its_own_and_german_plural_you_declines() {
    // "Seite" stems like "seit"; "since" is the whole word only.
    assert_eq!(
        d("Auf der Seite 2 der Doku steht, wie das geht."),
        Decision::Routine
    );
    // "euren", "eurem": the plural "you" in every case names the posters.
    assert_ne!(
        d("Auf euren Rechnern lief gestern ein alter Browser."),
        Decision::Routine
    );
}

#[test]
fn card_brands_and_contract_terms_are_account_words() {
    for reply in [
        "Sorry for the trouble. The Visa ending 4417 was declined on 2 March.",
        "The agreement runs until 30 June, then it renews.",
        "Die Mindestlaufzeit endet am 30. Juni.",
        "La permanencia termina el 30 de junio.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
}

#[test]
fn an_order_is_read_by_its_shape_whatever_the_verb() {
    for reply in [
        "Tail your error log while you reload the page, then grep the access log for 500s.",
        "Verschlüssele deine Sicherungen, bevor sie den Server verlassen.",
        "Purgez les anciennes sauvegardes de votre serveur chaque mois.",
        "Cifrad vuestras copias antes de subirlas a otro servidor.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // What only looks like an order: a framed adverb, a preposition, a past.
    for reply in [
        "Incidentally, your invoice from 3 May is still unpaid.",
        "Over the weekend, your checkout logged 400 failed card payments.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
    assert_eq!(
        d("Found your database dump in the web root."),
        Decision::Blocked
    );
}

#[test]
fn a_quota_used_up_is_an_account_fact_in_every_language() {
    for reply in [
        "Sorry! The 300 scans of the monthly allowance were used up on 14 May.",
        "Désolés ! Les 300 analyses du mois ont été consommées le 14 mai.",
        "¡Perdón! Los 300 escaneos del mes se agotaron el 14 de mayo.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
}

#[test]
fn contact_still_to_come_is_a_procedure_not_a_history() {
    for reply in [
        "Pour un diagnostic, on vous demandera de nous envoyer une capture.",
        "Si hace falta, le llamaremos en una hora.",
        "If it happens again, we will call you back within the hour.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // Contact that happened is history.
    assert_eq!(
        d("On vous a demandé une capture lors de l'appel de lundi."),
        Decision::NeedsReview
    );
}

#[test]
fn a_stored_thing_still_with_the_company_is_kept() {
    for reply in [
        "Good news: the old export of your shop still sits on our storage.",
        "Die alte Kopie Ihres Postfachs liegt noch auf unseren Servern.",
        "La copia antigua de su tienda sigue en nuestros servidores.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    assert_ne!(
        d("The old export of your shop is no longer on our storage."),
        Decision::Blocked
    );
}

#[test]
fn what_the_companys_staff_can_read_of_the_posters_data_is_blocked() {
    assert_eq!(
        d("To be honest: our senior engineers can open the mailbox of your shop if a disk fails."),
        Decision::Blocked
    );
    assert_ne!(
        d("Only you can open your mailbox; our engineers cannot."),
        Decision::Blocked
    );
    // "lo mejor" is the best, not an upgrade ("mejora" stems alike).
    assert_eq!(
        d("Te deseamos lo mejor para el nuevo proyecto."),
        Decision::Routine
    );
}

#[test]
fn the_company_denying_its_own_access_states_a_practice() {
    // The company as the subject of a negated act on stored data, whoever owns the data.
    for reply in [
        "Our engineers would never open your mailbox, not even for a support request.",
        "We do not read the databases of your web shop.",
        "Unsere Techniker öffnen Ihr Postfach niemals ohne Ihren Auftrag.",
        "Nuestro equipo nunca abre los archivos de su tienda.",
        "Nos techniciens ne consultent jamais les fichiers de votre boutique.",
        "Jamás abriríamos el buzón de un cliente.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // A negated result is a look that found nothing; an account fact beside the denial
    // still tells.
    for reply in [
        "Wir haben in Ihrem Postfach nichts Verdächtiges gefunden.",
        "We never opened your mailbox, but your invoice from March is still unpaid.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn an_order_keeps_its_shape_past_an_adverb_and_in_the_familiar_singular() {
    // Orders with an adverb between the verb and its object, an indefinite object, or the
    // Spanish familiar singular before the reader's own possessive.
    for reply in [
        "Sichere regelmäßig deine Datenbank und lagere mindestens eine Kopie außerhalb deines Servers.",
        "Kontrolliere zuerst deine Logdateien.",
        "Exportad semanalmente vuestra base de datos y guardad una copia fuera del servidor.",
        "Copia cada noche tu base de datos a otro disco y prueba tu copia una vez al mes.",
        "Sauvegarde chaque nuit ta base de données sur un autre disque.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // A verb before the reader's own account thing tells of it ("your contract expires"),
    // and a German second person is a statement.
    for reply in [
        "Vence tu contrato a final de mes.",
        "Caduca tu tarjeta pronto.",
        "Hast eine offene Rechnung vom letzten Monat.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn numbers_in_an_order_configure_unless_they_count_an_account_thing() {
    // Permissions, ports and counts of copies in an order are settings to make.
    for reply in [
        "Set the permissions of your wp-config.php to 600 and keep it one level above public_html.",
        "Move your SSH daemon to port 2222 and check your auth.log every morning.",
        "Stelle die Rechte deiner Konfigurationsdatei auf 640 und prüfe deine Logdateien.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // A number beside an account word is that account's.
    for reply in [
        "Pay your invoice of 49 EUR by Friday.",
        "Check your invoice 2026-0881 again.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_clause_with_no_policy_word_does_not_undo_the_order_beside_it() {
    // The older rules read the whole list; its last item ("and rescan") says nothing of
    // anyone, so the orders before it decide.
    for reply in [
        "Print your crontab with `crontab -l`, then `chmod 700` the files it names, and rescan.",
        "Export your mailbox with the backup tool, then `chmod 600` the archive it writes, and re-sync.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn the_posters_own_site_or_server_tells_no_relationship_by_itself() {
    // Anyone has a site, a server, a domain: naming the reader's own is no sign that they
    // are a customer.
    for reply in [
        "Your shop stays online while the scan runs.",
        "You can turn off TLS 1.0 in your web server settings.",
        "It is worth checking whether your outbound IP is on a public blocklist.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // What the company did to it, or that it is with the company, still tells.
    for reply in [
        "Your server was suspended after the abuse report.",
        "We host your site on our servers in Frankfurt.",
        "Your VPS is one of ours.",
        "Your site has been on our platform for years.",
        "Your domain expired last week.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn have_before_a_participle_is_a_tense_not_keeping() {
    // "you have never tested" is a perfect tense: nobody keeps anything.
    for reply in [
        "A snapshot you have never tested is only a wish.",
        "An export you have never opened tells you nothing.",
        "Eine Sicherung, die du nie zurückgespielt hast, ist nur eine Hoffnung.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // Keeping stays keeping.
    for reply in [
        "We still have a copy of your mailbox.",
        "You have three backups of your database on our storage.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
}

#[test]
fn a_look_named_as_a_noun_at_the_head_of_a_sentence_is_the_companys() {
    // Headline style: the act as the first word, without an article, told in the past.
    for reply in [
        "Review of your backups found a corrupted archive.",
        "Inspection of the uploads folder revealed around 40 empty thumbnails.",
        "Prüfung Ihrer Postfächer ergab zwei Weiterleitungsregeln.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // An order still orders: "Review your backups", "Check the uploads folder".
    for reply in [
        "Review your backups once a month.",
        "Check the uploads folder for files you did not put there.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_reassurance_before_a_comma_orders_nothing_of_what_follows() {
    // "Don't panic," comforts; what the company then says it did is a statement.
    for reply in [
        "Don't panic, we restored the database from Sunday's copy.",
        "Don't worry, our admin opened the mailbox and deleted the forwarding rule.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    for reply in [
        "Check your logs, we will look at ours too.",
        "Don't worry, we will never open your mailbox.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn the_companys_perfect_over_a_stored_thing_is_its_act_whatever_the_verb() {
    for reply in [
        "Nous avons remis en place la sauvegarde d'hier soir.",
        "Nous avons rapatrié vos fichiers sur le nouveau serveur.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // The company's product, changed for everyone, is no one's stored thing.
    for reply in [
        "Nous avons amélioré la sauvegarde pour tous les clients.",
        "We have updated the backup schedule for everyone.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_look_that_found_nothing_still_looked() {
    // The company tells what its search of stored data did not find: it searched.
    for reply in [
        "We did not find any malware in your mailbox.",
        "No encontramos nada raro en su buzón.",
        "Nous n'avons trouvé aucun virus dans vos fichiers.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // What the company can not see, or would not find, is a practice.
    for reply in [
        "We can't see the files in your web space.",
        "Even if we wanted to, we would not find anything in your mailbox, because it is encrypted.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_definite_account_thing_told_in_the_past_is_that_accounts() {
    // No "you", no number: the account's own thing, definite, and what happened to it.
    for reply in [
        "The flag shows because the last direct debit was sent back by the bank.",
        "Die letzte Abbuchung wurde von der Bank zurückgegeben.",
        "La dernière facture a été rejetée par la banque.",
        "Renewal is due on 4 March.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // A rule in the present, or what happens to anyone's, tells no account.
    for reply in [
        "Invoices are sent on the first of each month.",
        "The invoice layout was redesigned for everyone.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_definite_amount_that_leaves_the_account_is_billing() {
    for reply in [
        "Los 24 euros que salen cada mes incluyen el IVA.",
        "Les 19 euros qui partent chaque mois couvrent aussi le pare-feu.",
        "Die 24 Euro, die jeden Monat abgehen, enthalten schon die Steuer.",
        "Yes, the 19 went out twice on the 2nd; one is on its way back.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // A price of the list is no one's money.
    for reply in [
        "Web Guard costs 19 EUR a month and includes the firewall.",
        "The 19 euros of Web Guard include the firewall.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn how_long_the_company_keeps_its_own_or_anyones_records_is_a_rule() {
    // A duration right after the verb of keeping states a retention period; the logs "of
    // our servers" are the company's own.
    for reply in [
        "Les journaux de nos serveurs sont gardés 30 jours, puis effacés.",
        "Los informes de análisis se conservan 90 días y después se borran.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // Keeping the poster's data longer, in the past, is a fact of theirs.
    assert_eq!(
        d("We kept your mailbox backup 30 days longer than usual."),
        Decision::Blocked
    );
}

#[test]
fn spanish_orders_in_voseo_and_irregular_forms_are_orders() {
    for reply in [
        "Revisá los registros de acceso de tu hosting.",
        "Haz una copia de tu base de datos antes de actualizar.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // A future is a statement ("revisará"), a preterite too.
    for reply in [
        "Revisamos los registros de acceso de tu hosting.",
        "Revisé los registros de acceso de tu hosting.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn how_billing_works_for_everyone_is_a_rule_not_an_account_fact() {
    // Present tense, a generic subject or a frequency, nobody addressed: how it works.
    for reply in [
        "Invoices are issued on the 2nd of every month and sent to the billing address on file.",
        "Une carte refusée est représentée trois jours plus tard.",
        "Las facturas se emiten el día 1 de cada mes.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // The reader's own, or what happened once, is their account's.
    for reply in [
        "Your invoice was issued on the 2nd and the card was declined.",
        "The invoice for March was sent on the 2nd.",
        "Your card is charged on the 1st of every month.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
}

#[test]
fn the_company_offering_to_reach_stored_data_now_can_read_it() {
    // What the company can read of the poster's data is blocked, offered or not.
    for reply in [
        "If you want, I can go into the mailbox now and search for the invoice.",
        "Puedo entrar ahora mismo en su buzón y buscarlo.",
        "Ich kann die Dateien sofort aus der Sicherung zurückholen.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // The reader's own way in is advice.
    for reply in [
        "Go into Settings > Mail and search for the rule.",
        "Puede revisar su buzón desde el panel.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_role_in_a_rule_with_a_duration_is_still_a_rule() {
    for reply in [
        "Backups made with the add-on stay until the customer deletes them, plus a 30-day grace period.",
        "Sicherungen bleiben, bis der Kunde sie löscht, plus 30 Tage Karenz.",
    ] {
        let a = decide("pixelfox", "How long do you keep backups?", reply);
        assert_eq!(a.decision, Decision::Routine, "{reply}: {a:?}");
    }
    // A date names one occasion of one account holder.
    assert_ne!(
        d("The backups stayed until the customer deleted them on 3 March."),
        Decision::Routine
    );
}

#[test]
fn orders_addressed_familiarly_or_with_an_irregular_form_are_orders() {
    for reply in [
        // Spanish: the familiar singular, the reader addressed with "tu" in the clause.
        "Entra en el panel de tu hosting y revisa los registros de acceso.",
        // French: "faites", "dites" are orders without a subject.
        "Faites une copie de votre base de données avant la mise à jour.",
        // German: the ihr-form with "euer" in the clause.
        "Macht täglich ein Backup eurer Dateien und legt eine Kopie außer Haus ab.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    for reply in [
        "Entra en vigor tu nuevo contrato el 1 de marzo.",
        "Macht der Server deiner Firma seit Montag Probleme mit der Datenbank?",
        "Reste une facture impayée de mars.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn access_bound_to_a_condition_or_an_only_is_a_rule() {
    // What the company would or will do only under a condition states its practice.
    for reply in [
        "We would only open a mailbox with a court order.",
        "Our staff will only access your files if you ask us to in writing.",
        "We only look at a customer's files when the customer asks us to.",
        "Your backups will only be restored when you request it.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // What the company did, on request or not, it did.
    for reply in [
        "We only looked at your mailbox after you asked us to.",
        "We opened your mailbox when you asked us to on Monday.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
}

#[test]
fn the_accounts_city_in_the_replys_language_is_still_its_city() {
    let a = Assessor::new(&AssessConfig::default(), &service()).unwrap();
    for (city, reply) in [
        (
            "Regensburg",
            "Nos techniciens passent à Ratisbonne la semaine prochaine.",
        ),
        ("München", "El equipo de Múnich le llamará el lunes."),
        ("Wien", "The latency to Vienna looks normal again."),
    ] {
        let mut c = customer();
        c.facts.insert("city".into(), city.into());
        let got = a.assess(&AssessInput {
            customer: Some(&c),
            post_author: "pixelfox",
            post_text: "Which data centre is closest to me?",
            reply,
        });
        assert_eq!(got.decision, Decision::NeedsReview, "{reply}");
    }
}

#[test]
fn how_full_the_accounts_storage_is_tells_the_account() {
    // A definite store and a share of it used: the account's quota.
    for reply in [
        "Der Speicher ist zu 95 Prozent belegt.",
        "El espacio está al 98 %.",
        "L'espace disque est utilisé à 93 %.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // Anyone's mailboxes, or the scanner's rate, are no account's.
    for reply in [
        "Most mailboxes are 80% full before anyone notices.",
        "The scanner finds 99% of known plugin flaws.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn instructions_in_the_infinitive_are_orders() {
    // Checklists written with infinitives: Spanish and French open with one, German ends
    // with one.
    for reply in [
        "Primero, revisar las tareas programadas. Después, borrar los archivos PHP desconocidos de la carpeta uploads y cambiar todas las contraseñas.",
        "D'abord, vérifier les journaux d'accès de votre hébergement. Ensuite, supprimer les fichiers inconnus du dossier uploads.",
        "Zuerst die geplanten Aufgaben prüfen. Danach unbekannte Dateien im Upload-Ordner löschen und alle Passwörter ändern.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // An infinitive as the subject of what happened is the company's look.
    for reply in [
        "Revisar su buzón fue lo primero que hicimos.",
        "Wir haben die Dateien im Upload-Ordner geprüft und gelöscht.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn the_posters_problem_as_on_an_earlier_occasion_tells_a_contact() {
    // "the same as last time" points at an earlier case of the poster's with the company.
    for reply in [
        "By the look of it, the same certificate error as last time.",
        "Igual que la otra vez: es la caché del navegador.",
        "Comme la dernière fois, c'est le cache du navigateur.",
        "Wieder der Zwischenspeicher, wie beim letzten Mal.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // The company's own earlier occasion is its own.
    assert_eq!(
        d("The last time we updated the scanner, the report layout changed too."),
        Decision::Routine
    );
}

#[test]
fn what_the_posters_people_kept_doing_online_is_their_record() {
    // The imperfect and the progressive tell the same visits as the past does.
    for reply in [
        "Quelqu'un de votre bureau visitait sans cesse un site de jeux.",
        "Alguien de su oficina visitaba todo el rato una web de apuestas.",
        "Jemand aus Ihrem Büro hat ständig eine Glücksspielseite besucht.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
}

#[test]
fn a_fact_told_from_a_stored_source_was_read_there() {
    for reply in [
        "Per the mailbox contents, the invoice never arrived.",
        "Per your error log, the import stopped at row 4,000.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    assert_eq!(d("Our plans cost 19 EUR per month."), Decision::Routine);
}

#[test]
fn protection_of_the_posters_data_and_denied_access_are_practices() {
    for reply in [
        // A negated access noun with the company as subject, whoever owns the data.
        "Unsere Mitarbeiter haben keinen Zugriff auf den Inhalt Ihres Postfachs.",
        // How the poster's data is protected, in the present, tells no content.
        "Ihre Sicherungen sind verschlüsselt; wir können sie nicht öffnen.",
        "Vos sauvegardes sont chiffrées : nous ne pouvons pas les ouvrir.",
        "Your backups are encrypted; we cannot open them.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // What was found in them, or that the company holds them, still tells.
    for reply in [
        "Your backups are encrypted, but we restored the one from Monday.",
        "Ihre Sicherungen waren am Montag unvollständig.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn the_posters_own_look_and_the_companys_own_verbs_are_no_claims() {
    for reply in [
        // The poster as the one who looks: their own access, not ours.
        "Nur Sie sehen, was in Ihren Sicherungen liegt.",
        "Only you can see what is stored in your backups.",
        // The company's own "haben": a practice under its negation.
        "Wir haben keinen Schlüssel für Ihre verschlüsselten Dateien.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // The company that saw it, saw it.
    assert_eq!(
        d("Wir sehen, was in Ihren Sicherungen liegt: drei alte Datenbank-Dumps."),
        Decision::Blocked
    );
}

#[test]
fn a_german_source_told_after_its_noun_was_read() {
    for reply in [
        "Der Sicherung vom 3. März zufolge war die Seite noch da.",
        "Dem Zugriffsprotokoll zufolge kam der Bot aus Brasilien.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // "zufolge" of a report of anyone's is no stored source.
    assert_eq!(
        d("Dem Bericht der Presse zufolge war der Ausfall kurz."),
        Decision::Routine
    );
}

#[test]
fn a_customer_in_a_procedure_is_whoever_holds_the_role() {
    // The customer as the party of a procedure told in the present names anyone who is one:
    // a request "of the customer" beside an indefinite of its own, an "exclusively" before
    // the noun, "the affected customer" in a rule with its conditions.
    for r in [
        "Ein Notfallzugang braucht immer eine Freigabe der Kundin.",
        "Tout accès d'urgence exige une demande du client.",
        "Cada acceso de emergencia exige una solicitud del cliente.",
        "Eine Wiederherstellung startet ausschließlich der Kunde selbst.",
        "Restores are started exclusively by the customer.",
        "We tell the affected customer before any disclosure unless a court forbids it.",
        "Le client concerné est prévenu avant toute remise, sauf interdiction d'un juge.",
        "El cliente afectado recibe un aviso antes de cualquier entrega, salvo que un juez lo prohíba.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // Told as what happened, the same noun is the poster.
    for r in [
        "The customer concerned was told before the disclosure.",
        "Le client concerné a été prévenu hier.",
        "Die Kundin hat die Wiederherstellung selbst gestartet.",
        "El cliente afectado pidió una copia el lunes.",
        "A request from the customer came in on Monday.",
    ] {
        assert_ne!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn a_look_from_outside_sees_what_anyone_sees() {
    // What a scan sees from outside, as any visitor would, is public: no stored data was
    // reached. A kind of service ("service d'analyse") is no look either.
    for r in [
        "Nuestro servicio de análisis mira las páginas desde fuera, como lo haría un visitante.",
        "Unser Scanner sieht die Seiten eines Shops nur von außen, wie ein Besucher.",
        "Nos offres d'analyse passent par l'extérieur, comme un visiteur.",
        "Our scan reads the pages from the outside and nothing else.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // An infinitive after "de" is an act; a visitor's data is stored data; a look at stored
    // things stays one.
    for r in [
        "Nous avons décidé d'analyser vos fichiers hier.",
        "Hemos decidido revisar sus pedidos esta mañana.",
        "Nous avons regardé les commandes d'un visiteur de votre boutique.",
        "Von außen war nichts zu sehen, also haben wir Ihre Logdateien durchsucht.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_spanish_statement_opening_with_a_preterite_tells_what_was_done() {
    // The subject left out, as Spanish does for "usted": a count and a day make it the
    // account's.
    for r in [
        "Agotó los 200 escaneos del mes el día 9; por eso se detuvieron.",
        "Canceló la suscripción el 3 de marzo y la reactivó el día 20.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn spanish_usted_shown_only_by_the_verb_is_the_poster() {
    // A reply that speaks to the poster as "usted" drops the pronoun: a verb of having that
    // opens a clause is the poster's.
    for r in [
        "Gracias por su mensaje. Como tiene el plan más pequeño, el escaneo diario no está incluido.",
        "Gracias por su reseña. Ya dispone del paquete más completo, así que el gestor de soporte está incluido.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
    // A subject before the verb is its own; agreeing names no account thing.
    for r in [
        "Gracias por su reseña. El plan más pequeño dispone de un escaneo semanal.",
        "Gracias por su reseña. Tiene razón: el panel va lento y lo estamos mejorando.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn a_day_of_a_schedule_is_every_month_s() {
    // "the 1st of each month" is when a rule acts for every account; "the account" in it is
    // any account.
    for r in [
        "Les factures sont établies le 2 de chaque mois et envoyées au contact enregistré dans le compte.",
        "Die Abbuchung erfolgt am 5. jedes Monats von dem im Konto hinterlegten Zahlungsmittel.",
        "El cargo se hace el día 3 de cada mes con el medio de pago guardado en la cuenta.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // A day of one month is an occasion of the poster's account.
    for r in [
        "Les factures de votre compte sont parties le 2 de ce mois.",
        "Die Abbuchung von Ihrem Konto erfolgte am 5. dieses Monats.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn days_counted_from_a_step_of_a_procedure_are_its_timing() {
    // "N days after the invoice" times a rule for everyone; it dates nothing of one account.
    for r in [
        "Direct debits are drawn seven days after the invoice is issued.",
        "Die Lastschriften werden zehn Tage nach Rechnungsstellung eingezogen.",
        "Les remboursements arrivent dix jours après la résiliation.",
        "Los reembolsos llegan diez días después de la baja.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    for r in [
        "Your refund arrived ten days after the cancellation.",
        "Ihr Vertrag läuft schon seit zehn Jahren.",
        "Vous êtes client depuis dix ans.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn a_german_condition_told_by_its_verb_first_is_a_condition() {
    // "Läuft ..., bleibt ...": a condition without "wenn", as German word order allows.
    for r in [
        "Läuft ein Paket aus, bleiben die Daten noch 30 Tage erhalten.",
        "Wird eine Rechnung nicht bezahlt, schickt das System nach sieben Tagen eine Mahnung.",
        "Fällt eine Lastschrift zurück, versuchen wir den Einzug nach fünf Tagen erneut.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // A statement of what happened keeps its account facts.
    for r in [
        "Leider ist Ihre Lastschrift am 3. März zurückgefallen, wir versuchen es erneut.",
        "Am 3. März fiel Ihre Lastschrift zurück, wir haben den Einzug wiederholt.",
        "Ihre Lastschrift ist am 3. März zurückgefallen, versucht wird es nun erneut.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn german_access_told_in_the_present_is_access() {
    // German tells what it is about to do in the present: "Ich prüfe gleich ...".
    for r in [
        "Ich prüfe gleich Ihre Datenbank auf verdächtige Einträge.",
        "Heute Nachmittag durchsuchen wir Ihren Webspace nach der Schadsoftware.",
        "Wir lesen gerade Ihre Mail-Logs, um den Fehler zu finden.",
        "Ein Kollege schaut sich morgen früh Ihre Sicherungen an.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // Advice to look, and a refusal, stay what they are.
    for r in [
        "Prüfen Sie am besten selbst Ihre Datenbank auf verdächtige Einträge.",
        "Wir lesen keine Postfächer unserer Kundschaft.",
        "Wir durchsuchen Ihre Sicherungen grundsätzlich nicht.",
        "In Postfächer schauen wir nie, auch nicht auf Nachfrage.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn reading_without_an_object_is_reading_the_post() {
    // What a reply reads without naming it is the post it answers: no look at stored data
    // that the next sentence would tell.
    for r in [
        "Wir haben das mit Bedauern gelesen. Eine Nachricht an unseren Support hilft uns weiter.",
        "We read this with regret. A message to our support address is the quickest way to reach us.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // A look without an object still reaches what the next sentence tells.
    assert_eq!(
        d("Wir haben nachgesehen. Ihr Postfach enthält 40 ungelesene Nachrichten."),
        Decision::Blocked
    );
}

#[test]
fn a_stored_record_that_shows_a_count_was_read() {
    // A definite log told with what it holds, counted, is a reading of it, in the present
    // too; a source cited without an article ("Laut Mailprotokoll") is one.
    for r in [
        "Das Zugriffsprotokoll des Servers zeigt rund 3000 Anmeldeversuche von zwei Adressen.",
        "Le journal d'accès du serveur montre environ 3 000 tentatives de connexion.",
        "Los registros de error del servidor muestran 57 caídas del proceso PHP.",
        "Laut Fehlerprotokoll wurde das Skript gestern zweimal abgebrochen.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // A limit or a rate is the product's setting.
    for r in [
        "Das Zugriffsprotokoll zeigt bis zu 500 Zeilen pro Seite.",
        "Le journal d'accès affiche 200 lignes par page.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn what_lies_in_a_stored_place_was_seen_there() {
    // Told what a definite store holds, counted or dated, the reply tells a look.
    for r in [
        "In the backup folder there are 14 copies of the shop from last spring.",
        "Im Postfach liegen noch 2.300 Nachrichten aus dem Jahr 2021.",
        "Dans le dossier uploads se trouvent 40 fichiers PHP datés de 2024.",
        "En la base de datos hay 12.000 pedidos de 2022.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // What any store may hold is the product's measure.
    for r in [
        "In a backup folder there is room for up to 30 copies.",
        "In einem Ordner liegen höchstens 500 Dateien.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn what_the_posters_people_do_online_as_a_habit_is_read_from_records() {
    for r in [
        "Sus empleados navegan mucho por webs de apuestas en horario laboral.",
        "Ihre Mitarbeiter surfen tagsüber viel auf Streaming-Seiten.",
        "Vos salariés naviguent beaucoup sur des sites de paris.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // What they may do is no record.
    for r in [
        "Ihre Mitarbeiter können weiter surfen, der Filter blockt nur Schadseiten.",
        "Sus empleados pueden navegar por donde quieran, el filtro solo bloquea malware.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn french_seeing_and_spanish_relative_acts_of_the_poster() {
    // "pouvons voir": the company's ability to look, used; "que subió": what usted put there.
    for r in [
        "Nous pouvons voir dans votre messagerie que la facture a bien été reçue.",
        "La base que dejó en el servidor antiguo sigue con nosotros.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    for r in [
        "Vous pouvez voir dans votre messagerie si la facture a été reçue.",
        "La base que dejó un cliente anterior no tiene nada que ver con usted.",
    ] {
        assert_ne!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn reading_as_an_infinitive_after_the_companys_modal_is_access() {
    for r in [
        "Notre support peut lire le contenu de vos courriels à tout moment.",
        "El equipo de soporte puede leer el contenido de sus correos en cualquier momento.",
        "Podemos abrir su buzón ahora mismo y comprobarlo.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    for r in [
        "Vous pouvez lire vos courriels depuis le webmail.",
        "Nadie de nuestro equipo puede leer sus correos.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn a_list_of_prices_is_everyones() {
    for r in [
        "The current prices are Starter at 9 EUR and Business Pro at 49 EUR per month.",
        "Les prix actuels sont de 9 EUR pour Starter et de 49 EUR pour Business Pro.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // Two amounts of the poster's own account stay the account's.
    for r in [
        "Your plan went from 9 EUR to 19 EUR a month.",
        "Votre prélèvement de 49 EUR a été remboursé, soit 49 EUR de retour sur votre compte.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
}

#[test]
fn the_companys_activity_named_as_a_noun_in_the_present_is_no_look() {
    // What "our scans" do in general, and a cause told with an indefinite after it, look at
    // nobody's data.
    for r in [
        "Unsere Prüfungen ändern nichts am Server. Häufig steckt ein gehacktes Kontaktformular dahinter.",
        "Our checks change nothing on the server. Often a hacked contact form is behind it.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    for r in [
        "Our checks found a web shell in your uploads.",
        "Wir haben nachgesehen. Ein Kontaktformular auf Ihrer Seite verschickt Spam.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn the_posters_own_stored_thing_echoed_without_a_look_is_their_words() {
    let post_fr = "Le filtre a enfin nettoyé le formulaire de notre association.";
    let post_es = "El filtro por fin limpió el formulario de nuestra asociación.";
    for (post, reply) in [
        (
            post_fr,
            "Contents que le filtre ait nettoyé le formulaire de votre association !",
        ),
        (
            post_es,
            "¡Qué alegría que el filtro haya limpiado el formulario de su asociación!",
        ),
    ] {
        let a = decide("pixelfox", post, reply);
        assert_eq!(a.decision, Decision::Routine, "{reply}: {a:?}");
    }
    // Told what it holds, or that the company looked, it is a look.
    for (post, reply) in [
        (
            post_fr,
            "Le formulaire de votre association contient encore un script suspect.",
        ),
        (
            post_fr,
            "Nous avons vérifié le formulaire de votre association, il est propre.",
        ),
        (
            post_es,
            "El formulario de su asociación contiene todavía un script sospechoso.",
        ),
    ] {
        let a = decide("pixelfox", post, reply);
        assert_eq!(a.decision, Decision::Blocked, "{reply}: {a:?}");
    }
}

#[test]
fn an_act_on_stored_data_named_at_the_head_and_told_done_was_the_companys() {
    for r in [
        "The restore finished from last night's backup of the shop.",
        "Die Wiederherstellung lief aus der Sicherung vom Sonntag.",
        "La restauration s'est faite à partir de la sauvegarde de dimanche.",
        "La restauración se hizo a partir de la copia de seguridad del domingo.",
    ] {
        assert_ne!(d(r), Decision::Routine, "{r}");
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // How restores work is no restore.
    for r in [
        "Restores run from the nightly backup.",
        "A restore takes about ten minutes per backup.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn the_amount_of_what_the_poster_stores_was_measured() {
    for r in [
        "Les 6 Go de photos dans votre espace web expliquent le quota plein.",
        "Los 6 GB de fotos de su espacio web explican la cuota llena.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    assert_eq!(
        d("Vous pouvez garder jusqu'à 5 sauvegardes dans votre espace."),
        Decision::Routine
    );
}

#[test]
fn time_the_posters_people_spend_online_is_read_from_records() {
    for r in [
        "Somebody at your office spends whole mornings on gaming sites.",
        "Vos collègues passent des heures sur des sites de jeux.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // Spent without people is money or time of the account.
    assert_ne!(
        d("Your budget is spent on the Business Pro plan."),
        Decision::Blocked
    );
}

#[test]
fn a_comparison_with_others_then_the_poster_tells_the_posters_fact() {
    for r in [
        "Wie viele andere zahlen Sie noch den Preis von damals.",
        "Wie die meisten, die damals kamen, zahlen Sie noch den Preis von damals.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
    assert_eq!(
        d("Viele Kunden zahlen noch den alten Preis."),
        Decision::Routine
    );
}

#[test]
fn a_question_whether_the_reader_forgot_something_tells_it() {
    for r in [
        "Haben Sie vergessen, dass Sie im April auf den kleineren Tarif gewechselt haben?",
        "Vous souvenez-vous que vous avez changé de formule en avril ?",
        "¿Recuerda que cambió de tarifa en abril?",
        "Did you forget that you moved to the smaller plan in April?",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
    // A question about a thing, not a clause, asks.
    for r in [
        "Haben Sie Ihr Passwort vergessen? Nutzen Sie den Link auf der Anmeldeseite.",
        "¿Sabe que el plan Pro incluye informes semanales?",
    ] {
        assert_ne!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn a_denied_look_at_all_customers_data_is_a_practice() {
    // Customers in the plural are everyone's; a request by a third party is no contact with
    // the poster.
    for r in [
        "Nous ne lisons jamais les courriels des clients, même si la police le demande sans juge.",
        "Wir öffnen niemals die Postfächer der Kunden, auch nicht auf Anfrage der Polizei.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    assert_eq!(
        d("We do not look at your mailbox because you are no longer a customer of ours."),
        Decision::NeedsReview
    );
}

#[test]
fn a_condition_by_inversion_makes_the_customer_in_it_anyone() {
    // "Should ..." opens a condition as "if" does; the customer named in the rule is anyone.
    for r in [
        "Should an engineer ever need to open a server, the customer is told beforehand.",
        "Should we ever have to read a mailbox, the customer hears about it first.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // An order with its subject left out is no inversion; an offer to look now is a look.
    for r in [
        "Had a quick look at your uploads folder: two unknown PHP files sit there.",
        "If you like, I can open your mailbox right now and find it for you.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn an_amount_of_money_in_a_month_is_an_accounts_charge() {
    // Negated or not, a dated amount is one account's money.
    for r in [
        "The September one over 24 EUR is still open.",
        "Les 24 € de septembre ne sont pas encore réglés.",
        "Los 24 € de septiembre siguen sin pagarse.",
    ] {
        assert_eq!(d(r), Decision::NeedsReview, "{r}");
    }
    // A price with no month, or an order with an amount, is nobody's.
    for r in [
        "Web Guard kostet 19 € im Monat.",
        "Pay the 19 € by card under Billing.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn an_offer_on_the_readers_wish_is_the_companys_act() {
    // "If you like, I ...": the condition is the reader's wish, the act the company's.
    for r in [
        "Si lo desea, reviso ahora mismo su buzón y se lo busco.",
        "Wenn Sie möchten, sehe ich gleich in Ihrem Postfach nach.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // The same wish before advice to the reader stays advice.
    for r in [
        "Si lo desea, revise usted mismo su buzón de spam.",
        "Wenn Sie möchten, prüfen Sie Ihr Postfach selbst.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
}

#[test]
fn a_denial_at_no_time_or_with_the_object_between_is_a_practice() {
    for r in [
        "Wir versichern Ihnen, dass wir die Inhalte Ihrer Sicherungen weder lesen noch auswerten.",
        "Le garantizamos que en ningún momento nuestros técnicos acceden al contenido de sus buzones.",
    ] {
        assert_eq!(d(r), Decision::Routine, "{r}");
    }
    // A search that found nothing still searched; a denial beside a fact still tells it.
    assert_eq!(
        d("Wir haben in Ihrem Webspace nichts Verdächtiges gefunden."),
        Decision::Blocked
    );
    assert_ne!(
        d("We never opened your mailbox, but your March invoice is unpaid."),
        Decision::Routine
    );
}

#[test]
fn a_count_told_of_the_posters_stored_thing_was_measured_there() {
    for r in [
        "Votre liste de diffusion a renvoyé 120 erreurs hier soir.",
        "Su lista de contactos rebotó en 120 direcciones anoche.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    // A count in another clause is not the thing's.
    assert_ne!(
        d("Votre liste de diffusion est à vous, et nous avons 120 clients en Belgique."),
        Decision::Blocked
    );
}

#[test]
fn a_share_of_what_the_poster_stores_tells_its_content() {
    // As "half of your orders" does in English.
    for r in [
        "Die Hälfte der Anfragen Ihres Kontaktformulars kam aus Polen.",
        "La moitié des réservations de votre site venait de Suisse.",
        "La mitad de los pedidos de su tienda venía de Chile.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn what_a_stored_list_contained_in_the_past_tells_it() {
    // The past of "contains" and lists of people, in German, French and Spanish.
    for r in [
        "Die Teilnehmerliste Ihres Vereins enthielt drei Minderjährige.",
        "Le fichier de votre association contenait des adresses privées.",
        "La base de su asociación contenía direcciones privadas.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
}

#[test]
fn what_the_posters_stored_thing_does_was_read_from_it() {
    // The thing as the subject of what it does; as the object it is the company's practice.
    for r in [
        "Der nächtliche Job auf Ihrem Server entfernt die Bilder des Vorjahres.",
        "La tâche de nuit sur votre serveur supprime les images de l'an dernier.",
        "La tarea nocturna de su servidor elimina las imágenes de más de un año.",
    ] {
        assert_eq!(d(r), Decision::Blocked, "{r}");
    }
    for r in [
        "Das System entfernt Ihre Sicherungen nach einem Jahr.",
        "Si votre tâche cron supprime des fichiers, vérifiez le chemin.",
    ] {
        assert_ne!(d(r), Decision::Blocked, "{r}");
    }
}

fn with_products(products: &[&str]) -> Assessor {
    let service = ServiceConfig {
        products: products.iter().map(|p| p.to_string()).collect(),
        ..service()
    };
    Assessor::new(&AssessConfig::default(), &service).unwrap()
}

fn decide_with(a: &Assessor, c: Option<&Customer>, reply: &str) -> Decision {
    a.assess(&AssessInput {
        customer: c,
        post_author: "pixelfox",
        post_text: "Smart Security Scan is terrible.",
        reply,
    })
    .decision
}

#[test]
fn the_words_of_a_product_name_are_a_name_not_vocabulary() {
    // A product is the company's public fact: a plan word beside a product's name names the
    // product, not anyone's plan, and a word of the name names no poster.
    let a = with_products(&["Mail Shield", "Backup Vault", "Web Guard"]);
    let plain = Assessor::new(&AssessConfig::default(), &service()).unwrap();
    for reply in [
        "Dès janvier, l'offre Mail Shield inclut l'archivage.",
        "A partir de enero la tarifa Mail Shield incluye el archivo.",
        "In January the Mail Shield tier gets archiving.",
    ] {
        assert_eq!(decide_with(&a, None, reply), Decision::Routine, "{reply}");
        // Without the product list the same words are read as the policy's.
        assert_ne!(
            decide_with(&plain, None, reply),
            Decision::Routine,
            "{reply}"
        );
    }
    // The account's own plan is still its plan, a plan word with the poster's possessive is
    // still theirs, and what the reply says beside a product's name is still read.
    let mut c = customer();
    c.plan = Some("Web Guard".into());
    for (reply, customer, want) in [
        (
            "You have been on Web Guard for a while, so the WAF is on.",
            Some(&c),
            Decision::NeedsReview,
        ),
        (
            "Since March your Mail Shield plan has been paid by card.",
            None,
            Decision::NeedsReview,
        ),
        (
            "We restored your Backup Vault snapshot from Monday and found the old database in it.",
            None,
            Decision::Blocked,
        ),
    ] {
        assert_eq!(decide_with(&a, customer, reply), want, "{reply}");
    }
}

#[test]
fn an_account_word_inside_a_product_name_is_the_name() {
    // "Mail" and "Ticket" are contact words, "Login" an account word: inside a product's
    // name they tell no contact and no fact of anyone's.
    let a = with_products(&["Mail Shield", "Ticket Desk", "Login Guard"]);
    for reply in [
        "Unsere Preise: Login Guard 7 Euro, Mail Shield 24 Euro und Ticket Desk 12 Euro im Monat.",
        "Kurz gesagt: Mail Shield kostet 24 €, Ticket Desk 12 €.",
        "Mail Shield costs 24 EUR a month and Ticket Desk 12 EUR.",
        "Tarifs : Mail Shield 24 €, Login Guard 7 € par mois.",
    ] {
        assert_eq!(decide_with(&a, None, reply), Decision::Routine, "{reply}");
    }
    // The same words outside a name are still read.
    for reply in [
        "Your mail of 3 March about the 24 EUR charge was answered.",
        "Your ticket from 12 May is still open.",
    ] {
        assert_ne!(decide_with(&a, None, reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_price_or_date_told_for_everyone_is_an_announcement() {
    for reply in [
        "The Web Guard plan goes up to 21 EUR in March for all customers.",
        "Der Tarif Web Guard kostet ab März 21 € für alle.",
        "Le forfait Web Guard passe à 21 € en mars pour tous les clients.",
        "El plan Web Guard sube a 21 € en marzo para todos.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // "all" of the poster's own things counts them.
    for reply in [
        "In March we sent the reminder to all your addresses.",
        "En marzo enviamos el aviso a todos sus correos.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn stored_things_told_by_the_room_they_take_were_looked_at() {
    for reply in [
        "The videos from the spring course take up about 120 GB.",
        "Ihre Videos belegen inzwischen 40 GB.",
        "Les vidéos de 2023 occupent la moitié de l'espace.",
        "Los vídeos del curso ocupan casi 90 GB.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // Room in general, as advice or a condition, or the company's own: no look.
    for reply in [
        "Videos usually take up the most space on a small site.",
        "If your photos take up too much space, compress them before uploading.",
        "Our own backups take up 2 TB in the data centre.",
        "Si sus fotos ocupan demasiado espacio, redúzcalas antes de subirlas.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn the_measured_size_of_stored_things_was_looked_at() {
    for reply in [
        "Your app rewrites its whole data file on every save, and that file is now over 400 MB.",
        "Die Fotos in Ihrem Shop sind fast alle unbearbeitet, mit 10 bis 15 MB pro Stück.",
        "Les vidéos de votre boutique sont toutes en haute définition, autour de 80 Mo chacune.",
        "Cada carpeta de la suya guarda unos 200 documentos de 3 MB.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // A size in general, a limit, an order or a price measures nothing stored.
    for reply in [
        "Photos over 5 MB slow down any page.",
        "Keep each image of your shop under 2 MB.",
        "Uploads are limited to 50 MB per file.",
        "Extra storage costs 5 EUR per 50 GB.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_word_of_advice_after_an_article_or_possessive_is_a_noun() {
    // "The suggestion you made ...": a noun, so the sentence is a statement about the poster,
    // not advice to them.
    for reply in [
        "The suggestion you made on your call with Tom in May shaped the new report.",
        "The recommendation you got in your chat with Anna last week was wrong.",
        "Une recommandation de votre part, lors du chat de lundi, est dans la version.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // The verbs still advise, also after a pronoun that looks like an article.
    for reply in [
        "Please call the hotline on Monday if the scan fails again.",
        "Vous pouvez la supprimer dans le panneau, puis relancer le scan.",
        "We suggest you rotate the key once a year.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_question_about_a_dated_contact_takes_it_as_true() {
    for reply in [
        "Was the call with Tom on Monday the reason for this?",
        "War der Anruf am Dienstag mit Frau Berg der Grund?",
        "L'appel de mardi avec Claire était-il la raison ?",
        "¿Fue la llamada del lunes con Marta el motivo?",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // Asking about the company's opening hours tells no contact.
    for reply in [
        "Is the hotline open on Saturday?",
        "Ist die Hotline am Samstag erreichbar?",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn photo_albums_and_mail_folders_are_stored_things_in_every_language() {
    // Parity of two kinds of stored thing the policies named only in some languages: the
    // albums of a gallery, and the folders of a mailbox besides the inbox.
    for reply in [
        "The albums in your account are mostly wedding shoots from 2022.",
        "Ihre Alben bestehen größtenteils aus Hochzeiten von 2022.",
        "Vos albums sont surtout des mariages de 2022.",
        "Sus álbumes son sobre todo bodas de 2022.",
        "Your outbox still holds the newsletter from Friday.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // A gallery's albums in general, as advice: no look.
    assert_eq!(
        d("Albums with more than 200 photos load faster when split into pages."),
        Decision::Routine
    );
}

#[test]
fn what_stored_things_undergo_at_a_clock_time_was_read_from_the_server() {
    for reply in [
        "At 3:15 one of them rewrites all the product images.",
        "Um 2:30 Uhr exportiert einer Ihrer Jobs die komplette Artikeldatenbank.",
        "À 4 h, l'une d'elles compresse toutes les vidéos du site.",
        "A las 5:00 su tarea vacía todas las carpetas temporales.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // The company's own schedule, a scan, or a condition: nothing read.
    for reply in [
        "Our backups start at 2:00 every night.",
        "The external scan starts at 3:00.",
        "If your cron job runs at 3:00, move it to a quieter hour.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_count_in_words_of_the_posters_stored_things_was_measured() {
    for reply in [
        "Your visitors left seven comments on the new page this week.",
        "Ihre Besucher haben zwölf Anfragen über das Formular geschickt.",
        "Vos visiteurs ont envoyé douze messages par le formulaire cette semaine.",
        "Sus visitantes dejaron doce comentarios en la página esta semana.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    for reply in [
        "Most shops get two or three form requests a day.",
        "You can keep up to ten backups in the panel.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn the_companys_service_to_its_customers_in_general_is_no_look() {
    for reply in [
        "We host and scan websites for our customers.",
        "Nous hébergeons et analysons des sites pour nos clients partout en Europe.",
        "Analizamos tiendas online para nuestros clientes en toda Europa.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // One of them, the poster among them, or a look at theirs still tells.
    for reply in [
        "You are one of our customers.",
        "Sie sind einer unserer Kunden.",
        "Es uno de nuestros clientes más fieles.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    assert_eq!(
        d("Yesterday we scanned the files of your shop for our customers' report."),
        Decision::Blocked
    );
}

#[test]
fn the_last_digits_of_a_payment_instrument_name_the_accounts() {
    for reply in [
        "Is it the Amex ending in 3005?",
        "Geht es um die Karte endend auf 7781?",
        "Est-ce la carte finissant par 0932 ?",
        "¿Es la tarjeta terminada en 88?",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    assert_eq!(
        d("We accept Visa, Mastercard and SEPA direct debit."),
        Decision::Routine
    );
}

#[test]
fn a_bound_to_keep_within_is_no_value_of_the_account() {
    // Advice that sets a target ("at most", "höchstens", "ou moins") names no value of
    // anyone's account.
    for reply in [
        "Am besten speichern Sie die Bilder auf Ihrer Seite mit höchstens 1600 Pixel Breite.",
        "Gardez les images de votre boutique à 300 Ko ou moins.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // A value told of the account still is one.
    assert_eq!(
        d("Your plan has 5 GB of space and you use 4.8 GB of it."),
        Decision::NeedsReview
    );
}

#[test]
fn a_stored_thing_named_at_the_replys_first_word_and_looked_at_later_does_not_panic() {
    // The look in the second sentence is at what the first one named ("them"): a thing
    // named before the sentence, at the reply's very first word.
    let decision = d("Backups were moved. We scanned them for our customers.");
    assert_ne!(decision, Decision::Routine);
}

#[test]
fn the_companys_act_on_one_accounts_money_or_plan_is_that_accounts_history() {
    // The company as the subject, in the past or the perfect, acting on an account thing
    // named definitely or counted: whoever the sentence names, it tells the account.
    for reply in [
        "We reversed the late fee this morning.",
        "I have cancelled the upgrade.",
        "We've credited three months.",
        "Wir haben die Mahnung storniert.",
        "Die Mahngebühr haben wir erlassen.",
        "Nous avons annulé la relance.",
        "Hemos reembolsado la cuota.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // The company's own things, everyone's, a product's, a part of the product, or what
    // it will do for anyone, tell no account.
    for reply in [
        "We refunded everyone affected by the outage.",
        "We lowered the price of Web Guard.",
        "We redesigned the invoice page.",
        "We reworked our prices in 2025.",
        "Nous avons simplifié les factures pour tous les clients.",
        "Hemos mejorado la página de facturación.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_value_in_the_path_of_a_link_to_the_company_is_not_the_companys() {
    // The link is the company's; the host in its query is the poster's.
    assert_eq!(
        d("Please open https://status.smartsecurityscan.com/lookup?site=shop.kowalczyk-design.de and tell us what it says."),
        Decision::NeedsReview
    );
    assert_eq!(
        d("Please open https://status.smartsecurityscan.com/incidents/2026 and tell us what it says."),
        Decision::Routine
    );
}

#[test]
fn a_value_named_by_its_last_digits_is_the_accounts() {
    // Any value, in any of the four languages' ways of saying it.
    for reply in [
        "We left a voicemail on the mobile that ends with 5521.",
        "Wir haben die Nummer, die auf 4410 endet, angerufen.",
        "Ist das noch die Rufnummer mit 7781 am Ende?",
        "On a laissé un message sur le portable qui finit par 12 48.",
        "Le escribimos al móvil que acaba en 0331.",
        "We checked the last four digits, 9012, against the payment.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // A number with no value it ends is no one's.
    for reply in [
        "The scan ends in 20 minutes on most sites.",
        "Die Wartung endet um 6 Uhr.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_conversation_with_the_company_is_contact_history() {
    for reply in [
        "When we talked in March, I promised a fix by summer.",
        "Here is the checklist we discussed.",
        "As agreed, the switch happens on Friday.",
        "Wie vereinbart, stellen wir am Freitag um.",
        "Comme convenu, nous basculons vendredi.",
        "Como acordamos, el cambio se hace el viernes.",
        "After you phoned us, the team reopened the case.",
        "Our reply in the chat still applies.",
        "Nuestra respuesta de la llamada sigue en pie.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // Talk to come, with others, in this thread, or how it usually goes, is no history.
    for reply in [
        "We spoke with several hosting experts before choosing the design.",
        "As discussed above, the fix is live.",
        "If you called us, we would answer within the hour.",
        "Our reply in the chat normally comes within minutes.",
        "Hablamos mañana si le viene bien.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_rule_or_an_offer_for_a_class_of_customers_names_no_account() {
    for reply in [
        "Whoever renews for two years pays 15% less, on any package.",
        "Wer fünf Jahre bleibt, bekommt einen Monat gratis.",
        "Jusqu'au 30 novembre, Mail Shield coûte moitié moins pour les nouveaux et les anciens clients.",
        "Hasta el 30 de noviembre, Web Guard cuesta la mitad para clientes nuevos.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // Whoever, with a date of their own, is the poster, veiled; a class of the poster's own
    // things is still theirs.
    for reply in [
        "Whoever joined us on 3 March 2019 knows the old panel well.",
        "Your renewal on 1 December is for all your domains.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
}

#[test]
fn spanish_yes_is_no_condition() {
    // "sí" (yes, "eso sí") opens no condition as "si" does: what follows is a statement.
    for reply in [
        "Eso sí, el paquete que tiene no trae filtro de correo.",
        "Sí, su cuenta sigue con la tarifa de 19 euros.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    assert_eq!(
        d("Si su paquete no trae filtro de correo, puede añadirlo desde el panel."),
        Decision::Routine
    );
}

#[test]
fn a_question_about_a_dated_charge_or_contact_takes_it_as_the_accounts() {
    for reply in [
        "Geht es um die Lastschrift vom 3. Oktober?",
        "Is this about the call from last Tuesday?",
        "¿Se refiere al cargo de agosto?",
        "Parlez-vous de l'appel de mardi dernier ?",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // Every month's, or nobody's account thing, is no one's.
    for reply in [
        "Do you mean the reminder we send on the 5th of every month?",
        "Have you read the announcement from Monday?",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_counted_allowance_all_used_is_the_accounts() {
    for reply in [
        "Alle 9 Plätze im Team sind belegt.",
        "Tiene ocupados los 7 puestos del equipo.",
        "Les 12 places sont toutes prises.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // The product's allowance, a condition, what something serves, or the company's own.
    for reply in [
        "When all 20 licences are used, you can add more in the panel.",
        "All 4 regions are used for scanning.",
        "Alle 3 Rechenzentren werden für Scans genutzt.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_redacted_reply_reads_in_the_language_of_its_original() {
    // Found by the property test: the marker in place of an address made the detector read
    // the redacted reply as another language, and a mention of the poster in a language
    // without a policy is held.
    let post = "Janajana.k@kowalczyk-design.de";
    let reply = "jana.k@kowalczyk-design.deshop[.]kowalczyk-design[.]de[dot]JanaO\u{200b}according to our recordsİ[dot]Kowalczyk";
    let got = decide("", post, reply);
    assert_ne!(got.decision, Decision::Routine);
    let again = decide("", post, &got.redacted);
    assert_eq!(again.decision, Decision::Routine, "{}", got.redacted);
}

#[test]
fn a_contrast_after_a_comma_negates_only_what_it_names() {
    // ", not from us" sets the company against the statement; what the log showed stands.
    let got = decide(
        "pixelfox",
        "Our mail keeps bouncing.",
        "The mail log for shop.kowalczyk-design.de shows the bounces come from a full mailbox, not from us.",
    );
    assert_eq!(got.decision, Decision::Blocked);
    assert_eq!(
        d("Bounces usually come from full mailboxes on the receiving side, not from us."),
        Decision::Routine
    );
}

#[test]
fn an_order_after_a_step_of_a_sequence_is_advice() {
    for reply in [
        "Finally, delete the old dump from your web space.",
        "Zunächst löschen Sie den alten Dump aus dem Webspace.",
        "Luego, suba el archivo .htaccess a la raíz web.",
        "Después, limite el acceso a la base de datos a su propia IP.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // The company's act after the same words is still a look.
    for reply in [
        "Finally, we deleted the old dump from your web space.",
        "Después, revisamos su base de datos.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_count_of_the_posters_things_held_with_the_company_is_an_account_fact() {
    // Under a modal too: the count is stated, only what follows is hypothetical.
    for reply in [
        "You could add it next to the three sites already hosted with us.",
        "Podría sumarlo a los dos dominios registrados con nosotros.",
        "Vous pourriez l'ajouter aux trois sites hébergés chez nous.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // A condition names no one's count.
    assert_eq!(
        d("If you have 10 domains registered with us, the volume rate applies."),
        Decision::Routine
    );
}

#[test]
fn a_way_of_paying_presupposed_by_what_is_said_of_it_is_the_accounts() {
    // Under a modal too: to stop it, it must be there.
    for reply in [
        "Habría que cambiar la tarjeta que tiene activa ahora.",
        "Wir müssten nur Ihre laufende Lastschrift stoppen.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // A condition presupposes nothing.
    assert_eq!(
        d("If your current card expires, the panel asks for a new one."),
        Decision::Routine
    );
}

#[test]
fn thanks_for_the_posters_loyalty_tells_the_tenure_in_every_language() {
    for reply in [
        "Merci de votre fidélité depuis toutes ces années.",
        "Gracias por su fidelidad, de verdad.",
        "Danke für Ihre Treue!",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // "merci de" before an order is a request, and thanks for a message tell nothing.
    for reply in [
        "Merci de nous envoyer les en-têtes du message.",
        "Merci de vos retours, nous corrigeons la page.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn thanks_or_apologies_for_a_private_contact_tell_the_contact() {
    for reply in [
        "Sorry we missed your call.",
        "Désolés d'avoir manqué votre appel.",
        "Thanks for your patience in the chat.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // The post itself, and the company's own line, are no contact history.
    for reply in [
        "Thanks for your message.",
        "Sorry, our phone line was down this morning.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn sie_after_a_german_subordinating_conjunction_is_the_subject() {
    // "Seit Sie ...", "Als Sie ...": a clause about the poster, not the polite order.
    for reply in [
        "Seit Sie im Frühjahr auf das kleinere Paket gewechselt sind, läuft der Scan nur wöchentlich.",
        "Als Sie im Mai verlängert haben, galt noch der alte Preis.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
    // The polite order and a condition stay advice.
    for reply in [
        "Prüfen Sie Ihre Einstellungen.",
        "Falls Sie Fragen haben, melden Sie sich.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_particular_report_on_the_posters_stored_things_is_blocked() {
    // What one web space, mailbox or folder holds or held, told plainly with a past, a date, a
    // count, "still" or "now", was read from it.
    for reply in [
        "Die Fotos in Ihrem Shop waren unbearbeitete Originale.",
        "Die Dokumente in Ihrem Webspace sind allerdings zur Hälfte doppelt, rund 900 Stück.",
        "Les fichiers de votre site dataient tous de l'ancienne version.",
        "Quedan restos en el espacio de su web: la carpeta de imágenes antiguas.",
        "The spreadsheets in your storage now carry yesterday's date.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // The same things in advice, a rule for everyone, a condition or how things usually go
    // report no look.
    for reply in [
        "Pictures in your gallery folder should be resized before upload.",
        "Wenn die Dokumente in Ihrem Webspace doppelt sind, löschen Sie eine Kopie.",
        "Les pièces jointes de votre boîte occupent généralement la plus grande part de l'espace.",
    ] {
        assert_ne!(d(reply), Decision::Blocked, "{reply}");
    }
}

#[test]
fn how_the_product_keeps_everyones_data_is_no_look() {
    // What the product does by itself, or for every plan, told in no past: routine.
    for reply in [
        "Backups are made automatically and kept encrypted in our Frankfurt data centre for 30 days.",
        "Chaque formule conserve 7 sauvegardes quotidiennes dans notre centre de données.",
        "Todas las tiendas guardan automáticamente diez copias diarias en nuestro centro de datos.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // A look offered under a condition has not happened, and what follows it was not seen.
    for reply in [
        "If you ever need it, we can restore any of the last 14 days. You can also do it yourself in the panel, file by file.",
        "Si vous en avez besoin, nous pouvons récupérer une copie récente. Vous pouvez aussi le faire vous-même, dossier par dossier.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // The look that happened is still one, "all" or not.
    for reply in [
        "On a lu les mails bloqués, ils venaient tous du même expéditeur.",
        "We opened all the files in your upload folder yesterday.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
}

#[test]
fn orders_stay_advice_with_a_relative_time_or_an_unlisted_french_verb() {
    // A time relative to now says which things to look at; a French verb in "-ez" at the head
    // orders, whether or not the policy lists it.
    for reply in [
        "Search your uploads folder for recently changed PHP files and delete the ones you don't know.",
        "Durchsuchen Sie Ihren Webspace nach kürzlich geänderten Dateien.",
        "Cherchez dans votre dossier les fichiers modifiés récemment.",
        "Contrôlez ensuite vos tâches planifiées.",
        "Ensuite, nettoyez les anciens fichiers de votre espace.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // "Sachez que ..." tells what follows; "Avez-vous ...?" asks.
    for reply in [
        "Sachez que votre abonnement a été prolongé hier.",
        "Notez que votre carte a été refusée le 3 mars.",
    ] {
        assert_eq!(d(reply), Decision::NeedsReview, "{reply}");
    }
}

#[test]
fn a_cause_found_in_the_posters_stored_things_is_blocked() {
    // Only a look at the poster's stored things finds the cause there.
    for reply in [
        "The outage came from the videos in your media folder.",
        "La lenteur vient de la base de données de votre boutique.",
        "El error viene de los archivos de su carpeta de subidas.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // Where such causes usually lie, or a condition on one, is advice.
    for reply in [
        "Such errors usually come from the files in your cache folder.",
        "If the crash comes from your image folder, delete the largest files.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_redacted_reply_stands_alone_when_redaction_leaves_too_few_words_to_read_its_language() {
    // The reply reads as English; its redacted alternative keeps only a name and a few
    // symbols, which no detector can place. Published alone, it must still assess routine.
    let reply = "2019-05-14\u{fb01}\u{f347a}\u{a2}\u{112} [dot]Kowalczyk \u{f347a}you were suspendedJana\u{f347a}we found JanaKowalczyk";
    let got = decide("", "Kowalczyk", reply);
    assert_ne!(got.decision, Decision::Routine);
    let again = decide("", "Kowalczyk", &got.redacted);
    assert_eq!(again.decision, Decision::Routine, "{:?}", got.redacted);
}

#[test]
fn a_stored_thing_told_by_its_size_was_measured_even_in_a_question() {
    for reply in [
        "Are the 7 GB of archives in the /old folder still needed?",
        "Les 2 Go de fichiers du dossier « anciens » sont-ils à vous ?",
        "¿Son suyos los 9 GB de archivos de la carpeta /temporal?",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // An allowance, and a size the post gave, are no measurement of ours.
    assert_eq!(
        d("Up to 10 GB of files are included in Starter."),
        Decision::Routine
    );
    assert_eq!(
        decide(
            "pixelfox",
            "I have about 7 GB of photos, is that a problem?",
            "7 GB of photos is fine on every plan."
        )
        .decision,
        Decision::Routine
    );
}

#[test]
fn a_rule_for_all_our_plans_and_a_list_of_stored_things_are_no_look() {
    // "All our packages": a rule of the product. A stored thing that ends a list after a
    // denial of access is a thing, not a verb of access, though the word can be both.
    assert_eq!(
        d("Todos nuestros paquetes traen copias semanales que se guardan 60 días."),
        Decision::Routine
    );
    let denial = "Nuestro personal carece de acceso al contenido de webs, bases de datos, buzones y copias de los clientes.";
    assert_ne!(d(denial), Decision::Blocked, "{denial}");
}

#[test]
fn the_company_opening_the_posters_things_now_is_a_look_in_every_person_of_the_verb() {
    for reply in [
        "Nous ouvrons tout de suite les dossiers de votre site et revenons vers vous.",
        "Wir öffnen gleich die Ordner in Ihrem Webspace und melden uns.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    for reply in [
        "Öffnen Sie den Ordner in Ihrem Webspace und löschen Sie alte Dateien.",
        "Ouvrez le dossier de votre site et supprimez les anciens fichiers.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn the_posters_stored_things_kept_until_a_date_are_blocked() {
    // Kept by the company for now or until a date, whatever the verb of keeping.
    for reply in [
        "We still have the shop's order history on our servers until 4 April.",
        "Les fichiers de votre boutique restent chez nous jusqu'au 12 mars.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // A rule's period names no date of anyone's.
    assert_ne!(
        d("We keep backups for 30 days after a cancellation."),
        Decision::Blocked
    );
}

#[test]
fn what_a_definite_stored_thing_held_told_in_a_plain_past_was_read() {
    for reply in [
        "Die zurückgehaltenen Mails hatten alle denselben Anhang.",
        "Die gesperrten Nachrichten hatten alle denselben Absender.",
        "The old copy that we brought back has everything up to midnight.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // What such things usually hold is no reading of anyone's.
    assert_ne!(
        d("Blocked mails usually have an attachment with macros."),
        Decision::Blocked
    );
}

#[test]
fn a_particular_report_on_what_is_installed_on_the_posters_site_is_blocked() {
    for reply in [
        "Two of the themes installed on your site have had no update since 2022.",
        "Vier der auf Ihrer Seite installierten Erweiterungen sind veraltet, seit März.",
        "Trois des modules installés sur votre boutique n'ont pas été mis à jour depuis un an.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // Advice about what is installed, or a denial of looking at it, reports nothing.
    for reply in [
        "Keep the plugins installed on your site up to date.",
        "We never look at the plugins installed on your site.",
    ] {
        assert_ne!(d(reply), Decision::Blocked, "{reply}");
    }
}

#[test]
fn a_count_of_stored_things_told_of_one_store_in_particular_was_counted() {
    for reply in [
        "It holds about 70,000 rows now, far more than it needs.",
        "Im Newsletter-Verteiler stehen derzeit rund 2.500 Adressen ohne Bestätigung.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
    // A price list and a rule for every store count nothing of anyone's.
    for reply in [
        "Mail Shield (24 EUR/month) holds 10 mailboxes.",
        "Every table holds about 1,000 rows by default.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_partitive_of_the_companys_own_names_one_person_under_an_offer_too() {
    // "Happy to ..." offers help; "one of our own" is the poster, not a rule for customers.
    assert_eq!(
        d("Happy to support one of our own here."),
        Decision::NeedsReview
    );
    // The company's clientele as a whole names nobody.
    assert_eq!(
        d("Happy to help: for our customers the scan is free."),
        Decision::Routine
    );
}

#[test]
fn a_stored_thing_after_an_article_or_possessive_is_no_verb() {
    // "sauvegardes", "copias" are things and verbs of access: after "vos", "sus", "des" they
    // are things, and a never-statement about them looks at nothing.
    for reply in [
        "Nous ne revendrons jamais à des annonceurs le contenu de vos pages, de vos courriels ou de vos sauvegardes.",
        "No cederemos nunca a ninguna agencia el contenido de sus páginas, de sus correos ni de sus copias.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // The verb is still a verb: the company saved the poster's things.
    for reply in [
        "Hier soir, nous avons sauvegardé vos fichiers puis les avons ouverts.",
        "Ayer copiamos sus correos y los revisamos.",
    ] {
        assert_eq!(d(reply), Decision::Blocked, "{reply}");
    }
}

#[test]
fn german_denies_a_look_with_a_subject_after_the_verb() {
    // German puts the negative subject after the verb: nobody looks, whatever the object.
    for reply in [
        "In Ihre Postfächer schaut hier niemand.",
        "Ihre Datenbank öffnet von uns keiner.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // An exception is someone who looks.
    assert_eq!(
        d("In Ihre Postfächer schaut niemand außer unserem Techniker, und der hat gestern 40 Mails gefunden."),
        Decision::Blocked
    );
}

#[test]
fn an_adjective_after_a_company_head_names_its_kind() {
    // French and Spanish put the adjective after the noun: "équipe commerciale" is the
    // company's sales team, no contact with anyone.
    for reply in [
        "Notre équipe commerciale vous prépare volontiers un devis sur mesure.",
        "Nuestro equipo comercial le prepara con gusto un presupuesto a medida.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
    // The same word as the poster's contact is still read.
    assert_ne!(
        d("Votre demande commerciale du 3 mars a reçu une réponse le 5."),
        Decision::Routine
    );
}

#[test]
fn a_sentence_opened_by_a_preposition_is_no_order() {
    // A preposition, simple or the head of a compound one ("frente a", "junto a"), or a
    // participle ("Debido a", "Comparado con") opens a statement; read as an order's verb,
    // it hid what the clause after it tells of the poster.
    for reply in [
        "Unlike the 9 EUR you pay today, the larger tier adds mail filtering.",
        "Except the invoice you got in May, everything was settled.",
        "Neben den 9 Euro, die Sie zahlen, kommt nichts dazu.",
        "Zwischen den Rechnungen, die Sie bekommen haben, fehlt eine.",
        "Respecto a los 9 euros que paga, no cambia nada.",
        "Junto a la cuota que paga cada mes, le cobramos el dominio.",
        "Debido a la cuota que paga, el análisis es semanal.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
    // Orders are still orders.
    for reply in [
        "Vaya a Ajustes y active la copia diaria.",
        "Prüfe den Spam-Ordner und melde dich wieder.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_modal_of_expectation_states_what_the_company_knows() {
    // "should" over a perfect or a lasting state is what the company expects of the account
    // (it knows the invoice went out, the discount is on it), not advice.
    for reply in [
        "You should have received the refund confirmation on Tuesday.",
        "Your renewal notice should still have the old rate on it, you should still have the founder discount.",
        "Sie müssten die Gutschrift inzwischen erhalten haben.",
        "Vous devriez avoir reçu l'avoir mardi.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
    // An order stays advice, also one about a state to reach.
    for reply in [
        "You should turn on two-factor login for every admin.",
        "You should already have a second copy somewhere else.",
        "Sie sollten die Datenbank regelmäßig sichern.",
        "Vous devriez activer la double authentification.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn a_definite_account_event_told_in_a_simple_past_is_the_accounts() {
    // "the last X bounced", "the card payment failed": one account's event, with nobody
    // named, told in a simple past or by the head of an English compound.
    for reply in [
        "Sorry about that, the last card payment bounced.",
        "Es normal: el último cargo rebotó.",
        "The reminder is there because the last SEPA collection was returned.",
    ] {
        assert_ne!(d(reply), Decision::Routine, "{reply}");
    }
    // One of a kind, or every customer's: how it works.
    for reply in [
        "A payment that bounced is retried after three days.",
        "Any charge that failed is retried after three days.",
    ] {
        assert_eq!(d(reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn an_english_verb_with_an_s_is_no_order() {
    // An English order has no "-s": "Logs", "Looks", "Checks" open a statement, and what
    // it tells of the poster's things is read.
    assert_eq!(
        d("Logs from your server show the login at 3am."),
        Decision::Blocked
    );
    assert_ne!(
        d("Looks like the last card payment bounced."),
        Decision::Routine
    );
    assert_eq!(
        d("Checks on your mailbox found nothing."),
        Decision::Blocked
    );
    // The order itself is still advice.
    assert_eq!(
        d("Check the logs on your server for the login at 3am."),
        Decision::Routine
    );
}

#[test]
fn a_handle_written_with_its_marks_names_the_poster() {
    // The reader splits "atelier_mc" at the mark; the handle still names the poster, as the
    // owner of what follows.
    let by = |reply: &str| decide("studio_nord", "Smart Security Scan is slow.", reply).decision;
    for reply in [
        "studio_nord's package covers one site with a daily scan.",
        "La formule de studio_nord prévoit une analyse par jour.",
        "Das Paket von studio.nord enthält eine Prüfung pro Tag.",
    ] {
        assert_ne!(by(reply), Decision::Routine, "{reply}");
    }
    // Greeted before a comma, the handle is whom the reply speaks to, not what the clause
    // after the comma is about.
    assert_eq!(
        by("Hi @studio_nord and @mara_k, the status page was down between 14:02 and 14:09 UTC."),
        Decision::Routine
    );
}
