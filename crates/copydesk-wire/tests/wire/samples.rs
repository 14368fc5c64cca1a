//! One snapshot per sample file: the whole Reading (or the Rejection) as JSON, body included.
//! Review changes by reading the .snap files as a wire editor would.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests may panic

use copydesk_wire::{read, Limits};

#[test]
fn every_sample_file() {
    insta::glob!("../../../../../shared/wire-samples", "*/*", |path| {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let outcome = match read(&bytes, &Limits::default()) {
            Ok(reading) => serde_json::json!({ "reading": reading }),
            Err(rejection) => serde_json::json!({ "rejection": rejection }),
        };
        insta::assert_json_snapshot!(outcome);
    });
}
