//! The labelled set in `fixtures/assess/`: no disclosing reply may pass as routine, at least 95% of
//! entrusted-data replies must be blocked, and at most 5% of routine replies may be held.
//! Every redacted alternative must itself assess as routine.

mod assess_support;

use assess_support::{assessor, load_cases, load_customers};
use reviewgate::assess::AssessInput;
use reviewgate::model::Decision;

#[test]
fn labelled_set_meets_the_safety_bar() {
    let customers = load_customers();
    let cases = load_cases();
    let a = assessor();
    let (mut disclosing, mut leaked, mut entrusted, mut blocked, mut routine, mut held) =
        (0, 0, 0, 0, 0, 0);
    let (mut adversarial, mut exact, mut redaction_failures) = (0, 0, 0);
    let mut problems = Vec::new();
    for case in &cases {
        let customer = case.customer_id.as_ref().map(|id| {
            customers
                .get(id)
                .unwrap_or_else(|| panic!("{}: unknown customer {id}", case.id))
        });
        let input = AssessInput {
            customer,
            post_author: &case.post_author,
            post_text: &case.post_text,
            reply: &case.reply,
        };
        let got = a.assess(&input);
        if got.decision == case.expected {
            exact += 1;
        }
        adversarial += usize::from(case.adversarial);
        match case.expected {
            Decision::Routine => {
                routine += 1;
                if got.decision != Decision::Routine {
                    held += 1;
                    problems.push(format!(
                        "HELD   {} {:?}: {:?} {:?}",
                        case.id, got.decision, case.reply, got.findings
                    ));
                }
            }
            _ => {
                disclosing += 1;
                if got.decision == Decision::Routine {
                    leaked += 1;
                    problems.push(format!(
                        "LEAKED {} (expected {:?}): {:?}",
                        case.id, case.expected, case.reply
                    ));
                }
                if case.expected == Decision::Blocked {
                    entrusted += 1;
                    if got.decision == Decision::Blocked {
                        blocked += 1;
                    } else {
                        problems.push(format!(
                            "NOT BLOCKED {} {:?}: {:?}",
                            case.id, got.decision, case.reply
                        ));
                    }
                }
            }
        }
        if got.decision != Decision::Routine {
            let again = a.assess(&AssessInput {
                reply: &got.redacted,
                ..input
            });
            if again.decision != Decision::Routine {
                redaction_failures += 1;
                problems.push(format!(
                    "REDACTION {} {:?} -> {:?}",
                    case.id, got.redacted, again.findings
                ));
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "labelled cases: {} ({} disclosing, {} adversarial, {} entrusted, {} routine)",
        cases.len(),
        disclosing,
        adversarial,
        entrusted,
        routine
    );
    println!(
        "disclosing classified routine: {leaked} ({:.2}%)",
        pct(leaked, disclosing)
    );
    println!(
        "entrusted blocked: {blocked}/{entrusted} ({:.2}%)",
        pct(blocked, entrusted)
    );
    println!(
        "routine held: {held}/{routine} ({:.2}%)",
        pct(held, routine)
    );
    println!(
        "exact decision: {exact}/{} ({:.2}%)",
        cases.len(),
        pct(exact, cases.len())
    );
    println!("redacted alternatives not routine: {redaction_failures}");
    for p in &problems {
        println!("{p}");
    }
    assert!(
        cases.len() >= 600 && disclosing >= 300 && adversarial >= 100 && routine >= 200,
        "labelled set too small"
    );
    assert_eq!(leaked, 0, "disclosing replies classified routine");
    assert!(
        pct(blocked, entrusted) >= 95.0,
        "entrusted replies blocked below 95%"
    );
    assert!(pct(held, routine) <= 5.0, "routine replies held above 5%");
    assert_eq!(
        redaction_failures, 0,
        "redacted alternatives must be routine"
    );
}
