//! Whether the Discord side is connected, for the service's `/readyz`.

use std::sync::atomic::{AtomicBool, Ordering};

static CONNECTED: AtomicBool = AtomicBool::new(false);

/// True while the gateway session is up (or the interactions listener is bound).
pub fn connected() -> bool {
    CONNECTED.load(Ordering::Relaxed)
}

pub(crate) fn set_connected(up: bool) {
    CONNECTED.store(up, Ordering::Relaxed);
}
