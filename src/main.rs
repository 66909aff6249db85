//! The `reviewgate` binary: a thin CLI over the library. Exit codes: 0 success,
//! 1 runtime failure, 2 bad usage, bad config or bad input file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod commands;

#[derive(Parser, Debug)]
#[command(
    name = "reviewgate",
    version,
    about = "Watches public reviews, matches them to customer accounts and gates every reply."
)]
struct Cli {
    /// Config file (TOML).
    #[arg(
        long,
        global = true,
        env = "REVIEWGATE_CONFIG",
        default_value = "config/reviewgate.toml"
    )]
    config: PathBuf,
    /// Log filter, e.g. "info" or "reviewgate=debug" (default: RUST_LOG, else "warn").
    #[arg(long, global = true, env = "REVIEWGATE_LOG")]
    log: Option<String>,
    /// Log line format on stderr: text (coloured only on a terminal, never with NO_COLOR) or
    /// json (one object per line, for log shippers). Default: `[service] log_format`, else text.
    #[arg(long, global = true, value_enum, env = "REVIEWGATE_LOG_FORMAT")]
    log_format: Option<commands::LogFormat>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate the config; print every problem with file:line; exit 2 on any.
    CheckConfig,
    /// Customer accounts.
    #[command(subcommand)]
    Customers(CustomersCmd),
    /// Watched sources.
    #[command(subcommand)]
    Sources(SourcesCmd),
    /// Poll every source once, store, match and queue; print each newly seen post.
    Scan(ScanArgs),
    /// Read posts (JSON lines) from stdin and print them with their match.
    Match(MatchArgs),
    /// Read replies (JSON lines) from stdin and print the decision for each.
    Assess(AssessArgs),
    /// The review queue without Discord.
    #[command(subcommand)]
    Queue(QueueCmd),
    /// The service: scheduler, queue and Discord.
    Run,
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Copy the store to FILE with SQLite's online backup API (safe while `run` writes).
    Backup { file: PathBuf },
    /// The weekly digest: posts, matches, replies by decision and time to decision, per day
    /// and per source, as text (or JSON) and, with --png, one chart image.
    Report(ReportArgs),
}

#[derive(Args, Debug)]
struct ReportArgs {
    /// The days covered, ending today (UTC): a duration such as 7d or 2w, or a first day
    /// such as 2026-11-01.
    #[arg(long, default_value = "7d")]
    since: String,
    /// Also draw the chart (1200x900 PNG) to this file.
    #[arg(long, value_name = "FILE")]
    png: Option<PathBuf>,
    /// Print the digest as one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
enum CustomersCmd {
    /// Upsert accounts from a CSV or JSON lines file; prints counts.
    Import { file: PathBuf },
    /// Delete accounts cancelled more than 30 days ago, and every link to them.
    Purge,
}

#[derive(Subcommand, Debug)]
enum SourcesCmd {
    /// Every configured source with its health.
    List(JsonFlag),
    /// Fetch one source now, store nothing, print what was extracted.
    Test {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Fetch one page, guess its software, read it, and print a [[sources]] block to paste.
    Detect { url: String },
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// Poll once and exit (the only mode; `run` polls on a schedule).
    #[arg(long, required = true)]
    once: bool,
    /// Print JSON lines.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct JsonFlag {
    /// Print JSON lines.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
struct MatchArgs {
    /// Print JSON lines.
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    command: Option<MatchCmd>,
}

#[derive(Subcommand, Debug)]
enum MatchCmd {
    /// Reviewers' match decisions as labelled pairs (post, account, match or non_match).
    Pairs(JsonFlag),
    /// Re-estimate the evidence weights from the labelled pairs (by counting) and print them
    /// with precision and recall on the pairs before and after; applies them only with --apply.
    Weights(WeightsArgs),
}

#[derive(Args, Debug)]
struct WeightsArgs {
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Store the weights for the matcher (it orders candidates by them from its next start) and
    /// audit it; refused with too few pairs or when precision on them would fall.
    #[arg(long)]
    apply: bool,
    /// Who applies: must be the reviewer mapped to the calling OS user in [[reviewers]] (the
    /// default), recorded in the audit trail as cli:NAME.
    #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
    actor: Option<String>,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
struct AssessArgs {
    /// Print JSON lines.
    #[arg(long)]
    json: bool,
    /// Print, for admins tuning a policy, each sentence's shape and policy terms, and every
    /// finding's class, policy entry and matched words (human-readable).
    #[arg(long)]
    explain: bool,
    #[command(subcommand)]
    command: Option<AssessCmd>,
}

#[derive(Subcommand, Debug)]
enum AssessCmd {
    /// Every reviewer's flag as a labelled `assess` input line (`expected` is the reviewer's
    /// decision), to append to a regression set.
    Flags(JsonFlag),
}

#[derive(Args, Debug)]
#[group(required = true, multiple = false)]
struct FlagWay {
    /// The gate missed a disclosure: the decision should be one level stricter.
    #[arg(long)]
    missed: bool,
    /// The gate held too much: the decision should be one level looser.
    #[arg(long)]
    too_strict: bool,
}

#[derive(Subcommand, Debug)]
enum QueueCmd {
    /// Items, oldest first.
    List {
        #[arg(long)]
        json: bool,
        /// Only items in this state (pending, approved, posted, rejected).
        #[arg(long)]
        state: Option<String>,
    },
    /// One item with its post, match, reply and approvals.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Approve the version of an item you read (--version N, as `queue show` prints it).
    Approve(ActionArgs),
    /// Reject an item.
    Reject(ActionArgs),
    /// Replace the reply with a new text (from --text or stdin); it is assessed again and
    /// approvals start over.
    Rewrite {
        id: i64,
        #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
        actor: Option<String>,
        /// The new reply; read from stdin when absent.
        #[arg(long)]
        text: Option<String>,
        /// The version the rewrite replaces (default: the current one; a stale one is refused).
        #[arg(long)]
        version: Option<u32>,
    },
    /// Replace the reply with its redacted alternative (every finding replaced).
    UseRedacted {
        id: i64,
        #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
        actor: Option<String>,
        /// The version you decided on, as `queue show` prints it (required; a stale one is refused).
        #[arg(long)]
        version: Option<u32>,
    },
    /// Confirm that a candidate match is the poster's account: the best one, or CUSTOMER,
    /// one of the ranked candidates `queue show` lists.
    ConfirmMatch {
        id: i64,
        /// The candidate account to confirm (default: the best candidate).
        customer: Option<String>,
        #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
        actor: Option<String>,
        /// The version you decided on, as `queue show` prints it (required; a stale one is refused).
        #[arg(long)]
        version: Option<u32>,
    },
    /// "Not this account" for every candidate: drop the match; the reply is assessed again
    /// (still against every candidate's values) and keeps at least its decision.
    RejectMatches {
        id: i64,
        #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
        actor: Option<String>,
        /// The version you decided on, as `queue show` prints it (required; a stale one is refused).
        #[arg(long)]
        version: Option<u32>,
    },
    /// "Not this account": drop the match; the reply is assessed again without it.
    NotThisAccount {
        id: i64,
        #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
        actor: Option<String>,
        /// The version you decided on, as `queue show` prints it (required; a stale one is refused).
        #[arg(long)]
        version: Option<u32>,
    },
    /// Flag the gate's decision as having missed something or as too strict (exactly one of
    /// --missed / --too-strict, with a note); exported by `assess flags`.
    Flag {
        /// The queue item, as `queue list` prints it.
        id: i64,
        /// Who flags: must be the reviewer mapped to the calling OS user in [[reviewers]].
        #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
        actor: Option<String>,
        #[command(flatten)]
        way: FlagWay,
        /// What the gate got wrong.
        #[arg(long, required = true)]
        note: String,
        /// The version flagged (default: the current one; a stale one is refused).
        #[arg(long)]
        version: Option<u32>,
    },
    /// Queue the relevant posts of SOURCE that the reply window held back (published, or
    /// first seen, since DATE, without an item), in one batch with one audit entry.
    Backfill {
        source: String,
        /// A date (2026-11-01, midnight UTC) or an RFC 3339 time.
        #[arg(long)]
        since: String,
        #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
        actor: Option<String>,
    },
    /// Publish the approved version through the source's publisher ([sources.publisher]):
    /// refused before any network call unless the item is approved at exactly this version.
    Publish {
        id: i64,
        /// The approved version, as `queue show` prints it.
        #[arg(long, required = true)]
        version: u32,
        #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
        actor: Option<String>,
        /// Send again although an earlier send's outcome was never recorded (a crash): only
        /// after checking that the reply is not on the site.
        #[arg(long)]
        resend_unconfirmed: bool,
    },
    /// Staff posts that no approved version accounts for, with their URL.
    Unreviewed {
        #[arg(long)]
        json: bool,
    },
    /// Per source and period: replies approved, published, verified on the site, unreviewed
    /// publications, and the median time from a post to its published reply.
    Stats {
        /// How far back, e.g. "7d", "30d".
        #[arg(long, default_value = "30d")]
        since: String,
        /// Rows per day, week or month.
        #[arg(long, default_value = "week")]
        period: String,
        #[arg(long)]
        json: bool,
    },
    /// Record that an approved reply was published, and where.
    MarkPosted {
        id: i64,
        #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
        actor: Option<String>,
        /// Where it was posted (URL or note).
        #[arg(long = "where")]
        place: String,
        /// The version you decided on, as `queue show` prints it (required; a stale one is refused).
        #[arg(long)]
        version: Option<u32>,
    },
}

#[derive(Args, Debug)]
struct ActionArgs {
    id: i64,
    /// Who acts: must be the reviewer mapped to the calling OS user in [[reviewers]] (the
    /// default), recorded in the audit trail as cli:NAME.
    #[arg(long = "as", env = "REVIEWGATE_ACTOR")]
    actor: Option<String>,
    /// The version you decided on, as `queue show` prints it (required; a stale one is refused).
    #[arg(long)]
    version: Option<u32>,
    /// Why; required for disclosures.
    #[arg(long)]
    reason: Option<String>,
}

#[derive(Subcommand, Debug)]
enum AuditCmd {
    /// Check the audit trail's hash chain; exit 1 naming the first bad entry.
    Verify {
        /// Also check against an anchor posted to the admin channel, as ENTRY:MAC (repeatable;
        /// the anchors of [audit] anchor_file are always checked).
        #[arg(long = "anchor", value_name = "ENTRY:MAC")]
        anchors: Vec<String>,
    },
    /// Anchor the chain head now: append it to [audit] anchor_file and post it to the admin
    /// channel; prints it as ENTRY:MAC.
    Anchor,
    /// Rotate the audit key: verify the trail with the current key, re-MAC it with the key in
    /// FILE, record the rotation; then point [audit] key_file (or key_env) at the new key.
    /// Stop `run` first.
    RotateKey {
        /// File holding the new key (e.g. from `openssl rand -hex 32`).
        #[arg(long, value_name = "FILE")]
        new_key_file: PathBuf,
    },
}

fn main() -> ExitCode {
    // Before any thread starts: the allocator keeps one arena per CPU slot, not per thread.
    reviewgate::sources::cpu::cap_allocator_arenas();
    let cli = Cli::parse();
    commands::init_logging(cli.log.as_deref(), cli.log_format, &cli.config);
    let result = match cli.command {
        Command::CheckConfig => commands::check_config(&cli.config),
        Command::Customers(CustomersCmd::Import { file }) => {
            commands::customers_import(&cli.config, &file)
        }
        Command::Customers(CustomersCmd::Purge) => commands::customers_purge(&cli.config),
        Command::Sources(SourcesCmd::List(f)) => commands::sources_list(&cli.config, f.json),
        Command::Sources(SourcesCmd::Detect { url }) => commands::sources_detect(&cli.config, &url),
        Command::Sources(SourcesCmd::Test { name, json }) => {
            commands::sources_test(&cli.config, &name, json)
        }
        Command::Scan(a) => commands::scan_once(&cli.config, a.json),
        Command::Match(MatchArgs {
            command: Some(MatchCmd::Pairs(f)),
            ..
        }) => commands::match_pairs(&cli.config, f.json),
        Command::Match(MatchArgs {
            command: Some(MatchCmd::Weights(w)),
            ..
        }) => commands::match_weights(&cli.config, w.json, w.apply, w.actor.as_deref()),
        Command::Match(f) => commands::match_stdin(&cli.config, f.json),
        Command::Assess(AssessArgs {
            command: Some(AssessCmd::Flags(f)),
            ..
        }) => commands::assess_flags(&cli.config, f.json),
        Command::Assess(a) => commands::assess_stdin(&cli.config, a.json, a.explain),
        Command::Queue(QueueCmd::List { json, state }) => {
            commands::queue_list(&cli.config, json, state.as_deref())
        }
        Command::Queue(QueueCmd::Show { id, json }) => commands::queue_show(&cli.config, id, json),
        Command::Queue(QueueCmd::Approve(a)) => commands::queue_act(
            &cli.config,
            commands::QueueAction::Approve,
            a.id,
            a.actor.as_deref(),
            a.version,
            a.reason,
        ),
        Command::Queue(QueueCmd::Reject(a)) => commands::queue_act(
            &cli.config,
            commands::QueueAction::Reject,
            a.id,
            a.actor.as_deref(),
            a.version,
            a.reason,
        ),
        Command::Queue(QueueCmd::Rewrite {
            id,
            actor,
            text,
            version,
        }) => commands::queue_edit(
            &cli.config,
            id,
            actor.as_deref(),
            version,
            commands::QueueEdit::Rewrite(text),
        ),
        Command::Queue(QueueCmd::UseRedacted { id, actor, version }) => commands::queue_edit(
            &cli.config,
            id,
            actor.as_deref(),
            version,
            commands::QueueEdit::UseRedacted,
        ),
        Command::Queue(QueueCmd::ConfirmMatch {
            id,
            customer,
            actor,
            version,
        }) => commands::queue_edit(
            &cli.config,
            id,
            actor.as_deref(),
            version,
            commands::QueueEdit::ConfirmMatch(customer),
        ),
        Command::Queue(QueueCmd::RejectMatches { id, actor, version }) => commands::queue_edit(
            &cli.config,
            id,
            actor.as_deref(),
            version,
            commands::QueueEdit::NotThisAccount,
        ),
        Command::Queue(QueueCmd::NotThisAccount { id, actor, version }) => commands::queue_edit(
            &cli.config,
            id,
            actor.as_deref(),
            version,
            commands::QueueEdit::NotThisAccount,
        ),
        Command::Queue(QueueCmd::MarkPosted {
            id,
            actor,
            place,
            version,
        }) => commands::queue_edit(
            &cli.config,
            id,
            actor.as_deref(),
            version,
            commands::QueueEdit::MarkPosted(place),
        ),
        Command::Queue(QueueCmd::Flag {
            id,
            actor,
            way,
            note,
            version,
        }) => {
            let kind = if way.missed {
                reviewgate::queue::FlagKind::Missed
            } else {
                reviewgate::queue::FlagKind::TooStrict
            };
            commands::queue_flag(&cli.config, id, actor.as_deref(), version, kind, &note)
        }
        Command::Queue(QueueCmd::Publish {
            id,
            version,
            actor,
            resend_unconfirmed,
        }) => commands::queue_publish(
            &cli.config,
            id,
            version,
            actor.as_deref(),
            resend_unconfirmed,
        ),
        Command::Queue(QueueCmd::Unreviewed { json }) => {
            commands::queue_unreviewed(&cli.config, json)
        }
        Command::Queue(QueueCmd::Stats {
            since,
            period,
            json,
        }) => commands::queue_stats(&cli.config, &since, &period, json),
        Command::Queue(QueueCmd::Backfill {
            source,
            since,
            actor,
        }) => commands::queue_backfill(&cli.config, &source, &since, actor.as_deref()),
        Command::Run => commands::run(&cli.config),
        Command::Audit(AuditCmd::Verify { anchors }) => {
            commands::audit_verify(&cli.config, &anchors)
        }
        Command::Audit(AuditCmd::Anchor) => commands::audit_anchor(&cli.config),
        Command::Audit(AuditCmd::RotateKey { new_key_file }) => {
            commands::audit_rotate_key(&cli.config, &new_key_file)
        }
        Command::Backup { file } => commands::backup(&cli.config, &file),
        Command::Report(args) => {
            commands::report(&cli.config, &args.since, args.png.as_deref(), args.json)
        }
    };
    commands::exit(result)
}
