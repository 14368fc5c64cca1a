//! Property tests: `read` never panics, on arbitrary bytes or on damaged sample files.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests may panic

use crate::common;

use copydesk_wire::{read, Limits};
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    "anpa/anpa-1.tst",
    "iptc7901/IPTC7901.txt",
    "zczc/bob_am_headlines.tst",
    "nitf/nitf-fishing.xml",
    "newsml-g2/stt1.xml",
    "newsml-1.2/afp.xml",
    "email/odd_charset_email.txt",
    "ninjs/ninjs1.json",
    "rss-atom/wenn.xml",
    "text/scraped-page-nk-missiles.txt",
];

fn check(bytes: &[u8]) {
    if let Ok(r) = read(bytes, &Limits::default()) {
        for it in r.items {
            assert!(!it.body.contains('\0') && !it.headline.contains('\0'));
        }
    }
}

proptest! {
    // 256 cases keep `cargo test` quick; PROPTEST_CASES=20000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,600}") {
        check(text.as_bytes());
    }

    #[test]
    fn mutated_samples(
        seed in 0..SEEDS.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..24),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = common::sample_bytes(SEEDS[seed]);
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        let keep = cut.index(bytes.len() + 1);
        bytes.truncate(keep.max(bytes.len() / 2));
        check(&bytes);
    }

    #[test]
    fn structural_soup(parts in proptest::collection::vec(prop::sample::select(vec![
        "<", ">", "</", "<p>", "</p>", "<nitf>", "<body.content>", "<!DOCTYPE x>", "<![CDATA[", "]]>",
        "&amp;", "&#x", ";", "\u{1}", "\u{2}", "\u{3}", "\u{4}", "ZCZC", "NNNN", "=?utf-8?B?", "?=",
        "--b\n", "Content-Type: multipart/mixed; boundary=b\n", "\n\n", "^", "<", "{\"headline\":",
        "\"", "From: x\n", "Subject: y\n", "Read more", "17.8 C", "January 11, 2024 at 07:58PM",
        "\u{E2}\u{80}", "Ã©", "\r", "\t", " _ ", "``", "# ", "---\n",
    ]), 0..80)) {
        check(parts.concat().as_bytes());
    }
}
