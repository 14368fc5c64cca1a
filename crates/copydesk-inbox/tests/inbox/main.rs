//! copydesk-inbox against real folders and files: one test binary (linked once), a module per
//! concern. `latency.rs` and `shutdown.rs` stay their own binaries on purpose: one measures
//! hand-off without other watchers competing, the other counts the process's threads.
#[path = "../common/mod.rs"]
mod common;

mod burst;
mod hostile;
mod overflow;
mod readiness;
mod shelf;
