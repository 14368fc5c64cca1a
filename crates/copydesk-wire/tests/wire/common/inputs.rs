//! Hostile inputs shared by `tests/wire/hostile.rs` and `benches/hostile.rs` (which includes this
//! file by path), so the bench times exactly what the tests check.
#![allow(dead_code)]

/// A small xorshift generator: the same "random" bytes on every run, no dependency.
pub fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Billion laughs: nested entity expansion.
pub const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>"#;

/// One 50,000-character entity referenced 50,000 times.
pub fn quadratic_blowup() -> String {
    format!(
        "<!DOCTYPE n [<!ENTITY a \"{}\">]><nitf><body><body.content><p>{}</p></body.content></body></nitf>",
        "x".repeat(50_000),
        "&a;".repeat(50_000)
    )
}

pub fn deep_xml(depth: usize) -> String {
    format!(
        "<nitf>{}{}</nitf>",
        "<p>".repeat(depth),
        "</p>".repeat(depth)
    )
}

pub fn deep_html(depth: usize) -> String {
    format!(
        "<html><body>{}deep{}</body></html>",
        "<div><b>".repeat(depth),
        "</b></div>".repeat(depth)
    )
}

pub fn deep_json_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// "word, " × 180,000: a 1 MB single line.
pub fn megabyte_line() -> String {
    "word, ".repeat(180_000)
}
