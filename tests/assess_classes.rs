//! One test per failure class of issue #18, each on sentences written for this file (not taken
//! from the labelled parts): they fail on the assessor before the claim rules, the policy files,
//! the company facts and the obfuscation check.

mod assess_support;

use assess_support::{load_customers, parts_assessor};
use reviewgate::assess::{AssessInput, Profile};
use reviewgate::model::Decision;

fn decide(profile: Profile, customer: Option<&str>, post: &str, reply: &str) -> Decision {
    let customers = load_customers();
    let a = parts_assessor(profile);
    a.assess(&AssessInput {
        customer: customer.and_then(|id| customers.get(id)),
        post_author: "harbour_lights",
        post_text: post,
        reply,
    })
    .decision
}

fn default(customer: Option<&str>, post: &str, reply: &str) -> Decision {
    decide(Profile::Default, customer, post, reply)
}

const POST: &str = "Smart Security Scan keeps flagging my site, very annoying.";

#[test]
fn a_value_written_only_obfuscated_in_the_post_is_not_public() {
    let post =
        "They keep mailing jana.k (at) kowalczyk-design (dot) de about scans I never asked for.";
    let reply = "Done, jana.k@kowalczyk-design.de will get no more scan mails.";
    assert_eq!(default(None, post, reply), Decision::NeedsReview);
    let ip_post = "Your scanner hit 203[.]0[.]113[.]61 all night.";
    let ip_reply = "We removed 203.0.113.61 from the target list this morning.";
    assert_eq!(default(None, ip_post, ip_reply), Decision::NeedsReview);
    // Written in clear, the value is the poster's own publication.
    let clear = "They keep mailing jana.k@kowalczyk-design.de about scans I never asked for.";
    assert_eq!(default(None, clear, reply), Decision::Routine);
}

#[test]
fn a_plan_said_without_the_word_plan_is_held() {
    let reply = "Hello! The cheapest bundle you are on only covers a single domain, sorry.";
    assert_eq!(default(Some("C-10431"), POST, reply), Decision::NeedsReview);
}

#[test]
fn tenure_without_a_date_is_held() {
    let reply = "Thanks for the kind words. You have been a loyal customer for many years now.";
    assert_eq!(default(Some("C-10429"), POST, reply), Decision::NeedsReview);
}

#[test]
fn billing_paraphrases_are_held() {
    let reply =
        "Hi there. Your last direct debit was returned by the bank, which paused the scans.";
    assert_eq!(default(Some("C-10429"), POST, reply), Decision::NeedsReview);
}

#[test]
fn contact_history_is_held() {
    let reply =
        "Sorry about that. You phoned our hotline three times on Monday and nobody called back.";
    assert_eq!(default(Some("C-10429"), POST, reply), Decision::NeedsReview);
}

#[test]
fn account_facts_only_the_company_knows_are_held() {
    let reply = "Hi! Your trial ended on the 4th, which is why the reports stopped. Welcome to pick a plan.";
    assert_eq!(default(Some("C-10431"), POST, reply), Decision::NeedsReview);
}

#[test]
fn confirming_the_relationship_is_held() {
    let reply = "We have pulled up your records and everything looks fine on our end.";
    assert_eq!(default(None, POST, reply), Decision::NeedsReview);
}

#[test]
fn german_french_and_spanish_claims_are_held() {
    let de = "Hallo! Ihre letzte Rechnung ist seit drei Wochen offen, daher die Sperre.";
    let fr = "Bonjour, votre abonnement a été résilié le mois dernier, désolés.";
    let es = "Hola. Su cuenta fue suspendida el martes por falta de pago.";
    for reply in [de, fr, es] {
        assert_eq!(
            default(Some("C-10429"), POST, reply),
            Decision::NeedsReview,
            "{reply}"
        );
    }
}

#[test]
fn entrusted_data_in_everyday_words_is_blocked() {
    let en = "We had a look at the photos you uploaded last week and most are huge originals.";
    let de = "Wir haben uns die Bestellungen Ihrer Kundschaft von gestern angesehen, alles normal.";
    let fr = "Nous avons parcouru les messages de votre boîte mail, rien de suspect.";
    let es = "Revisamos las copias de seguridad de su tienda y están completas.";
    for reply in [en, de, fr, es] {
        assert_eq!(
            default(Some("C-10429"), POST, reply),
            Decision::Blocked,
            "{reply}"
        );
    }
}

#[test]
fn an_entrusted_object_tied_to_the_poster_is_at_least_held() {
    let reply = "Your cron job that runs every minute is what keeps the CPU busy.";
    assert_ne!(default(Some("C-10429"), POST, reply), Decision::Routine);
}

#[test]
fn company_facts_are_routine() {
    let reply = "That is our scanner: 198.18.40.0/24 is ours. Call +49 89 2555 3000 or write to \
                 dpo@sss-datenschutz.de; our office is Rosenheimer Straße 141, 81671 München.";
    assert_eq!(default(None, POST, reply), Decision::Routine);
}

#[test]
fn advice_and_negated_practice_are_routine() {
    let advice =
        "Make sure your admin panel sits behind 2FA, and check what your firewall lets in.";
    let negated =
        "We never open customers' mailboxes or databases, and our staff has no access to them.";
    for reply in [advice, negated] {
        assert_eq!(default(None, POST, reply), Decision::Routine, "{reply}");
    }
}

#[test]
fn what_the_poster_said_may_be_echoed_except_in_the_strict_profile() {
    let post = "I cancelled my Smart Security Scan subscription last month. Bye.";
    let reply = "Sorry to see you cancel, and thanks for the feedback.";
    assert_eq!(
        decide(Profile::Default, None, post, reply),
        Decision::Routine
    );
    let confirm = "We are sad to lose you as a customer.";
    assert_eq!(
        decide(Profile::Strict, Some("C-10429"), post, confirm),
        Decision::NeedsReview
    );
}

#[test]
fn a_language_without_a_policy_that_names_the_poster_is_held() {
    let reply =
        "Ciao harbour_lights, il tuo abbonamento è stato sospeso ieri per un pagamento mancato.";
    assert_eq!(default(None, POST, reply), Decision::NeedsReview);
}

fn decide_by(
    profile: Profile,
    customer: Option<&str>,
    author: &str,
    post: &str,
    reply: &str,
) -> Decision {
    let customers = load_customers();
    parts_assessor(profile)
        .assess(&AssessInput {
            customer: customer.and_then(|id| customers.get(id)),
            post_author: author,
            post_text: post,
            reply,
        })
        .decision
}

#[test]
fn the_strict_profile_holds_every_echo_of_the_poster() {
    // (author, customer, post, reply): each echoes something the post said about the poster.
    let cases = [
        (
            "nordwind_jana",
            None,
            "Scans are quick and the reports are clear. Jana",
            "Thank you, Jana! Glad the reports help.",
        ),
        (
            "nordwind_jana",
            None,
            "Scans are quick and the reports are clear.",
            "Merci nordwind_jana, ça fait plaisir !",
        ),
        (
            "harbour_lights",
            None,
            "Why does shop.kowalczyk-design.de get a C rating from you?",
            "The C for shop.kowalczyk-design.de comes from two missing security headers.",
        ),
        (
            "harbour_lights",
            None,
            "Your firewall blocked 198.51.100.23 again this morning.",
            "Lo sentimos: 198.51.100.23 ya está desbloqueada.",
        ),
        (
            "harbour_lights",
            Some("C-10429"),
            "We run Business Pro and the weekly report arrives late.",
            "Danke! Dass der Bericht bei Business Pro spät kommt, schauen wir uns an.",
        ),
    ];
    for (author, customer, post, reply) in cases {
        assert_eq!(
            decide_by(Profile::Default, customer, author, post, reply),
            Decision::Routine,
            "default: {reply}"
        );
        assert_eq!(
            decide_by(Profile::Strict, customer, author, post, reply),
            Decision::NeedsReview,
            "strict: {reply}"
        );
    }
    // What names nobody stays routine in the strict profile too.
    let plain = "Thanks for the feedback, we pass it on to the report team.";
    assert_eq!(
        decide_by(
            Profile::Strict,
            Some("C-10429"),
            "nordwind_jana",
            POST,
            plain
        ),
        Decision::Routine
    );
}
