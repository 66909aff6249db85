//! The review queue policy: states, who may approve what, two-person rule, rewrites. Pure; the store persists it.
