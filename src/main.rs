//! The `reviewgate` binary: a thin CLI over the library.

fn main() {}
