//! copydesk-wire on real and hostile bytes: one test binary (linked once), a module per concern.
//! The page corpus stays in `tests/pages/`, the sample snapshots in `wire/snapshots/`.
mod common;

mod facts;
mod hostile;
mod pages;
mod props;
mod samples;
