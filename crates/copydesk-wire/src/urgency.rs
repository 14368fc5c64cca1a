//! Urgency on one scale for every format.
//!
//! `WireItem::urgency` uses the IPTC scale shared by NITF `ed-urg`, NewsML-G2 `urgency`,
//! NewsML 1.2 `Urgency`, ninjs `urgency` and the IPTC 7901 priority digit: 1 = flash (most
//! urgent) … 5 = normal … 8/9 = lowest. Those formats pass through unchanged (values outside
//! 1–9 are dropped). Formats with letters or words are mapped:
//!
//! | source | value | urgency |
//! |---|---|---|
//! | ANPA-1312 priority letter | `f` flash | 1 |
//! | | `b` bulletin | 2 |
//! | | `u` urgent | 3 |
//! | | `r` routine | 5 |
//! | | `d` deferred | 7 |
//! | | `a` advance (weekend/advance copy) | 8 |
//! | Ritzau `format` / strapline | `Flash` | 1 |
//! | WENN `feedarticle_priority` | `high` / `med` / `low` | 3 / 5 / 7 |
//!
//! `WireItem::priority` is only filled where a format carries a priority separate from its
//! urgency (ninjs `priority`, a NewsML-G2 `header/priority`, a NewsML 1.2 envelope `Priority`,
//! AAP's `aap-priority` meta, Ritzau's `Priority`); it is copied as given when within 1–9.

/// A number on the IPTC 1–9 scale, or nothing.
pub fn iptc(raw: &str) -> Option<u8> {
    let n: u8 = raw.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

/// ANPA-1312 priority letter.
pub fn anpa(letter: char) -> Option<u8> {
    match letter.to_ascii_lowercase() {
        'f' => Some(1),
        'b' => Some(2),
        'u' => Some(3),
        'r' => Some(5),
        'd' => Some(7),
        'a' => Some(8),
        _ => None,
    }
}

/// Words some agencies use instead of numbers.
pub fn word(raw: &str) -> Option<u8> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "flash" => Some(1),
        "bulletin" => Some(2),
        "urgent" | "high" => Some(3),
        "med" | "medium" | "normal" | "routine" => Some(5),
        "low" | "deferred" => Some(7),
        _ => iptc(raw),
    }
}
