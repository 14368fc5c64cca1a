//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod inputs;

use copydesk_wire::{read, Limits, Reading, Rejection, WireItem};

pub fn sample_path(rel: &str) -> String {
    format!(
        "{}/../../../shared/wire-samples/{rel}",
        env!("CARGO_MANIFEST_DIR")
    )
}

pub fn sample_bytes(rel: &str) -> Vec<u8> {
    std::fs::read(sample_path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn reading(rel: &str) -> Reading {
    read(&sample_bytes(rel), &Limits::default()).unwrap_or_else(|r| panic!("{rel}: {r}"))
}

pub fn item(rel: &str) -> WireItem {
    let mut r = reading(rel);
    assert_eq!(r.items.len(), 1, "{rel}: expected one item");
    r.items.remove(0)
}

pub fn rejection(bytes: &[u8]) -> Rejection {
    match read(bytes, &Limits::default()) {
        Ok(r) => panic!("expected a rejection, got {r:?}"),
        Err(r) => r,
    }
}
