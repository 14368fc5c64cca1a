//! copydesk-server against a real PostgreSQL (a throwaway cluster per test) and real desks:
//! one test binary (linked once), a module per concern. `measure.rs` (ignored benchmarks run by
//! hand) stays apart.
#[path = "../support/mod.rs"]
mod support;

mod desks;
mod follow;
mod server;
mod webhook;
