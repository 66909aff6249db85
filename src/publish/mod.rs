//! Publishing an approved reply through the platform's API (Discourse, WordPress, a signed
//! webhook): exactly the approved version, once per item and version, retried on 5xx and 429.
//!
//! Once: the attempt is recorded (`sending`, with an idempotency key) before the platform is
//! called and its outcome (`sent` with the URL, or `failed`) after. A send whose outcome was
//! never recorded (a crash, a kill) is refused until the operator says `--resend-unconfirmed`:
//! neither Discourse nor WordPress accepts an idempotency key, so whether the reply went out
//! can only be seen on the site, and the watcher does exactly that on the next poll (the
//! publishing account is a staff account): if the reply is there, the item becomes `posted`.
//! A resend, and every retry after a 5xx or a timeout, first asks the platform for the reply.

mod compare;
mod platforms;

use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::{Config, HttpConfig, SourceConfig};
use crate::model::Post;
use crate::queue::{Actor, ItemId, Queue, QueueError, State};
use crate::store::{PublishRecord, Store, StoreError};

pub use compare::{published_form, same_text};
pub use platforms::{sign, Publisher, SendError, LOOKUP_MAX_PAGES, LOOKUP_MAX_TIME};

/// Why an item was not published. Every refusal comes before any platform is contacted.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// There is no such item.
    #[error("queue item {0} not found")]
    NotFound(ItemId),
    /// The item is not approved (pending, rejected, or already posted).
    #[error("refused: item #{id} is {state}, not approved; only an approved reply is published")]
    NotApproved { id: ItemId, state: State },
    /// The version named is not the approved one.
    #[error("refused: version {given} of item #{id} is not the approved version (the approved version is {current}); read it with `reviewgate queue show {id}`")]
    StaleVersion {
        id: ItemId,
        given: u32,
        current: u32,
    },
    /// The item's source has no `[sources.publisher]`.
    #[error("refused: source {source_name} of item #{id} has no [sources.publisher]: publish by hand and run `queue mark-posted`")]
    NotConfigured { id: ItemId, source_name: String },
    /// A send of this version started and its outcome was never recorded.
    #[error("refused: a send of version {version} of item #{id} started at {started_at} and its outcome was never recorded (a crash?); it may be on the site already. The watcher marks the item posted when it sees the reply on the next poll; if the reply is not on the site, publish again with --resend-unconfirmed")]
    InProgress {
        id: ItemId,
        version: u32,
        started_at: DateTime<Utc>,
    },
    /// The publisher's settings or environment are incomplete, or the reply target could not
    /// be found (which topic or comment it answers).
    #[error("source {source_name}: {detail}")]
    Setup { source_name: String, detail: String },
    /// The platform refused or failed; the attempt is recorded as failed.
    #[error("item #{id}: {source}")]
    Send {
        id: ItemId,
        #[source]
        source: SendError,
    },
    /// The queue refused to record the publication (the item changed meanwhile).
    #[error(transparent)]
    Queue(#[from] QueueError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl PublishError {
    /// Whether the user's request was refused (exit 2) rather than something failing.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            PublishError::NotFound(_)
                | PublishError::NotApproved { .. }
                | PublishError::StaleVersion { .. }
                | PublishError::NotConfigured { .. }
                | PublishError::InProgress { .. }
                | PublishError::Setup { .. }
        )
    }
}

/// What is about to be sent: the approved version, the post it answers, and the key.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub item_id: ItemId,
    pub version: u32,
    pub text: String,
    pub answered: Post,
    /// The same for every attempt at this item version (sent as `Idempotency-Key` by the
    /// webhook, kept in the attempts table).
    pub key: String,
    pub source: SourceConfig,
    /// The platform already took this version (a crash after its answer, before the item
    /// was marked posted): its URL, and nothing is sent again.
    pub already_sent: Option<String>,
    /// An earlier send's outcome is unknown (`--resend-unconfirmed`): the platform is checked
    /// for the reply before anything is sent.
    pub look_first: bool,
}

/// The idempotency key of one item version: the item, the version and the text's digest.
pub fn idempotency_key(item: ItemId, version: u32, text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = hex::encode(&Sha256::digest(text.as_bytes())[..8]);
    format!("reviewgate-{item}-v{version}-{digest}")
}

/// Checks that `version` of item `id` may be published now and records the attempt as
/// `sending` (audited), before any network call. `resend_unconfirmed` lets an operator send
/// again after a send whose outcome was never recorded.
pub fn prepare(
    store: &Store,
    config: &Config,
    id: ItemId,
    version: u32,
    actor: &Actor,
    resend_unconfirmed: bool,
) -> Result<Prepared, PublishError> {
    let queue = Queue::new(store);
    let refuse = |e: PublishError| -> Result<Prepared, PublishError> {
        queue.record_refusal(Some(id), actor, "publish", &e.to_string())?;
        Err(e)
    };
    let view = match queue.show(id) {
        Ok(v) => v,
        Err(QueueError::NotFound(_)) => return Err(PublishError::NotFound(id)),
        Err(e) => return Err(e.into()),
    };
    if view.state != State::Approved {
        return refuse(PublishError::NotApproved {
            id,
            state: view.state,
        });
    }
    if version != view.version {
        return refuse(PublishError::StaleVersion {
            id,
            given: version,
            current: view.version,
        });
    }
    let Some(source) = config.sources.iter().find(|s| s.name == view.source) else {
        return refuse(PublishError::NotConfigured {
            id,
            source_name: view.source.clone(),
        });
    };
    if source.publisher.is_none() {
        return refuse(PublishError::NotConfigured {
            id,
            source_name: view.source.clone(),
        });
    }
    let answered = store
        .post(&view.source, &view.post_id)?
        .ok_or_else(|| PublishError::Setup {
            source_name: view.source.clone(),
            detail: format!(
                "the post {} that item #{id} answers is no longer stored",
                view.post_id
            ),
        })?;
    let key = idempotency_key(id, version, &view.reply);
    let publisher = source.publisher.as_ref().map_or("", |p| p.kind.as_str());
    let mut look_first = false;
    let already_sent = store.write(|tx| -> Result<Option<String>, PublishError> {
        match tx.publish_record(id, version)? {
            PublishRecord::InProgress { started_at } if !resend_unconfirmed => {
                let e = PublishError::InProgress {
                    id,
                    version,
                    started_at,
                };
                tx.append_audit(
                    &actor.id,
                    "refuse:publish",
                    Some(id),
                    Some(version),
                    &e.to_string(),
                )?;
                return Err(e);
            }
            // Sent but not marked posted: a crash after the platform answered. Finishing is
            // `finish` with the stored URL, never a second send.
            PublishRecord::Sent { url } => return Ok(Some(url)),
            // The earlier send may have reached the platform: look there before sending.
            PublishRecord::InProgress { .. } => look_first = true,
            PublishRecord::Fresh => {}
        }
        tx.publish_begin(id, version, &key, publisher)?;
        tx.append_audit(
            &actor.id,
            "publish_start",
            Some(id),
            Some(version),
            &format!("{publisher}; key {key}"),
        )?;
        Ok(None)
    })?;
    Ok(Prepared {
        item_id: id,
        version,
        text: view.reply.clone(),
        answered,
        key,
        source: source.clone(),
        already_sent,
        look_first,
    })
}

/// Records the platform's answer: the attempt's outcome, and on success the item `posted`
/// with the URL (by `actor`, who asked for the publication).
pub fn finish(
    store: &Store,
    prepared: &Prepared,
    outcome: &Result<String, SendError>,
    actor: &Actor,
) -> Result<String, PublishError> {
    let (id, version) = (prepared.item_id, prepared.version);
    match outcome {
        Ok(url) => {
            if prepared.already_sent.is_none() {
                store.write(|tx| -> Result<(), StoreError> {
                    tx.publish_end(id, version, Ok(url))?;
                    tx.append_audit(&actor.id, "publish_sent", Some(id), Some(version), url)?;
                    Ok(())
                })?;
            }
            Queue::new(store).mark_posted(id, version, actor, url)?;
            Ok(url.clone())
        }
        Err(e) => {
            let text = e.to_string();
            store.write(|tx| -> Result<(), StoreError> {
                // Whether the platform took it is unknown: the attempt stays `sending`, so the
                // next one must be asked for with --resend-unconfirmed (and looks first).
                if matches!(e, SendError::Unconfirmed { .. }) {
                    tx.append_audit(
                        &actor.id,
                        "publish_unconfirmed",
                        Some(id),
                        Some(version),
                        &text,
                    )?;
                    return Ok(());
                }
                tx.publish_end(id, version, Err(&text))?;
                tx.append_audit(&actor.id, "publish_failed", Some(id), Some(version), &text)?;
                Ok(())
            })?;
            Err(PublishError::Send {
                id,
                source: e.clone(),
            })
        }
    }
}

/// How the publisher retries: `[http] max_attempts`, `retry_base_delay`, `max_retry_wait`.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub max_attempts: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl From<&HttpConfig> for Retry {
    fn from(h: &HttpConfig) -> Self {
        Retry {
            max_attempts: h.max_attempts.max(1),
            base: h.retry_base_delay,
            cap: h.max_retry_wait,
        }
    }
}

/// Sends a prepared reply (async: only the network wait runs here; [`prepare`] and
/// [`finish`] touch the store and belong on a blocking thread). A version already recorded
/// as sent is not sent again: its URL is returned.
pub async fn send(
    prepared: &Prepared,
    http: &HttpConfig,
    env: impl Fn(&str) -> Option<String>,
) -> Result<String, SendError> {
    if let Some(url) = &prepared.already_sent {
        return Ok(url.clone());
    }
    // A publisher that can not be set up (a variable unset) makes the attempt fail, recorded
    // by `finish`, so it does not block a later one as a send in progress.
    let cfg = prepared
        .source
        .publisher
        .as_ref()
        .ok_or_else(|| SendError::Setup("no [sources.publisher]".into()))?;
    let publisher = Publisher::new(cfg, http, &env).map_err(SendError::Setup)?;
    publisher.send(prepared).await
}

/// Reads an environment variable (the publishers' credentials).
pub type EnvFn = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Publishing from the review channel: the config's sources (with their publishers), the
/// HTTP settings and where credentials come from. The "Publish" button runs the same
/// [`prepare`], [`send`] and [`finish`] as `queue publish`, so it has the same guarantees.
/// Clones share the config, so a reload ([`Publishing::update`]) reaches every holder.
#[derive(Clone)]
pub struct Publishing {
    config: Arc<RwLock<Arc<Config>>>,
    env: EnvFn,
}

impl Publishing {
    /// Publishing with credentials read from `env`.
    pub fn new(config: Arc<Config>, env: EnvFn) -> Self {
        Publishing {
            config: Arc::new(RwLock::new(config)),
            env,
        }
    }

    /// Takes the sources' publishers and HTTP settings of a reloaded config: the next
    /// publication uses them (one already under way finishes with the config it began with).
    pub fn update(&self, config: Arc<Config>) {
        *self.config.write().unwrap_or_else(|p| p.into_inner()) = config;
    }

    /// The config in force.
    fn config(&self) -> Arc<Config> {
        self.config
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Publishing with credentials read from the process's environment.
    pub fn from_process_env(config: Arc<Config>) -> Self {
        Publishing::new(config, Arc::new(|k: &str| std::env::var(k).ok()))
    }

    /// Whether replies to `source`'s posts can be published through a platform's API.
    pub fn configured_for(&self, source: &str) -> bool {
        self.config()
            .sources
            .iter()
            .any(|s| s.name == source && s.publisher.is_some())
    }

    /// Publishes `version` of item `id` as `actor` (the caller checked their role): refused
    /// before any call as [`prepare`] refuses, sent once, recorded and audited. Blocks: call it
    /// on a blocking thread inside a Tokio runtime (it waits for the send on that runtime).
    pub fn publish_blocking(
        &self,
        store: &Store,
        id: ItemId,
        version: u32,
        actor: &Actor,
    ) -> Result<String, PublishError> {
        let config = self.config();
        let prepared = prepare(store, &config, id, version, actor, false)?;
        let env = self.env.clone();
        let outcome =
            tokio::runtime::Handle::current()
                .block_on(send(&prepared, &config.http, move |k| env(k)));
        finish(store, &prepared, &outcome, actor)
    }
}
