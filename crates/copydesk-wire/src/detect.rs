//! Which format a file is, from its bytes alone (never its name).

use crate::model::WireFormat;

/// Signatures of non-text files that get renamed to .txt or .xml.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x7fELF", "an ELF executable"),
    (b"%PDF-", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh91AY&SY", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Office document",
    ),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\x00asm", "a WebAssembly module"),
    (b"RIFF", "a RIFF media file (WAV/AVI/WebP)"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 audio file"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
];

/// If the bytes are clearly not text, says what they look like.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(what);
        }
    }
    if bytes.len() > 8 && &bytes[4..8] == b"ftyp" {
        return Some("an MP4/QuickTime media file");
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() || has_utf16_shape(head) {
        return None;
    }
    // Control bytes that no text format uses (the teletype framing ones are allowed).
    let odd = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x01..=0x04 | 0x08 | 0x10..=0x16 | 0x1E | 0x1F))
        .count();
    let nul = head.iter().filter(|&&b| b == 0).count();
    // Text of any kind has next to no such bytes; random or compressed data has one in
    // twenty (a file of random bytes once came in as a story with a garbage headline).
    if nul * 10 > head.len() || odd * 5 > head.len() || (odd >= 8 && odd * 50 > head.len()) {
        return Some("binary data");
    }
    None
}

fn has_utf16_shape(head: &[u8]) -> bool {
    head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") || {
        let pairs = head.len() / 2;
        let even_zero = head.iter().step_by(2).filter(|b| **b == 0).count();
        let odd_zero = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        pairs >= 4
            && ((odd_zero * 10 >= pairs * 9 && even_zero == 0)
                || (even_zero * 10 >= pairs * 9 && odd_zero == 0))
    }
}

/// Detects the format of raw bytes.
pub fn detect(bytes: &[u8]) -> WireFormat {
    if bytes.iter().all(|b| b.is_ascii_whitespace() || *b == 0) {
        return WireFormat::Empty;
    }
    if binary_kind(bytes).is_some() {
        return WireFormat::Binary;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let declared = crate::decode::xml_declared_encoding(head);
    let decoded = crate::decode::decode(head, declared.as_deref());
    detect_text(&crate::text::cr_line_endings_to_lf(&decoded.text))
}

/// Detects the format of decoded text.
pub fn detect_text(text: &str) -> WireFormat {
    let t = text.trim_start_matches(|c: char| {
        c.is_whitespace() || c == '\u{7F}' || c == '\u{FEFF}' || c == '\0'
    });
    if t.is_empty() {
        return WireFormat::Empty;
    }
    let first_line = t.lines().next().unwrap_or("");
    let framed = t.trim_start_matches(crate::teletype::SYN);
    if let Some(after_soh) = framed.strip_prefix(crate::teletype::SOH) {
        let line = after_soh.lines().next().unwrap_or("");
        if line.contains('\u{1F}') {
            return WireFormat::Anpa1312;
        }
        if crate::teletype::iptc7901::header(line).is_some() {
            return WireFormat::Iptc7901;
        }
        return WireFormat::Anpa1312;
    }
    if t.starts_with(crate::teletype::SYN) {
        return WireFormat::Anpa1312;
    }
    if crate::teletype::iptc7901::header(first_line).is_some() {
        return WireFormat::Iptc7901;
    }
    if t.lines().take(6).any(|l| {
        l.trim_start()
            .get(..4)
            .is_some_and(|z| z.eq_ignore_ascii_case("ZCZC"))
    }) {
        return WireFormat::Zczc;
    }
    if t.starts_with('<') {
        return detect_markup(t);
    }
    if t.starts_with('{') {
        return match serde_json::from_str::<serde_json::Value>(t) {
            Ok(v) if crate::ninjs::looks_like_ninjs(&v) => WireFormat::Ninjs,
            _ if t.contains("\"headline\"") || t.contains("\"body_html\"") => WireFormat::Ninjs,
            _ => WireFormat::UnknownJson,
        };
    }
    if t.starts_with('[') && looks_like_json_array(t) {
        return WireFormat::UnknownJson;
    }
    if looks_like_email(t) {
        return WireFormat::Email;
    }
    if crate::markdown::has_front_matter(t) || first_line.starts_with("# ") {
        return WireFormat::Markdown;
    }
    if crate::scraped::signals(t) >= 2 {
        return WireFormat::ScrapedPage;
    }
    WireFormat::PlainText
}

/// Text that opens with `[` is JSON when it parses, when it is JSON cut short or nested past
/// the parser's limit (100,000 nested arrays once came in as a plain-text story), or when the
/// bracket opens an array, an object or a string; "[UPDATE] Harbour closes" stays text.
fn looks_like_json_array(t: &str) -> bool {
    let Err(e) = serde_json::from_str::<serde_json::Value>(t) else {
        return true;
    };
    if e.is_eof() || is_json_too_deep(&e) {
        return true;
    }
    t[1..].trim_start().starts_with(['[', '{', '"', ']'])
}

/// serde_json's refusal of input nested deeper than 128 levels.
pub fn is_json_too_deep(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("recursion limit exceeded")
}

/// The root element's local name, read without building a tree.
pub fn root_element_name(t: &str) -> Option<String> {
    let mut rest = t;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if rest
            .get(..9)
            .is_some_and(|d| d.eq_ignore_ascii_case("<!DOCTYPE"))
        {
            let end = rest.find('>')?;
            // Report HTML doctypes as the html root.
            if rest[..end].to_ascii_lowercase().contains("html")
                && !rest[..end].to_ascii_lowercase().contains("nitf")
            {
                return Some("html".to_string());
            }
            let body = &rest[..end];
            rest = if body.contains('[') {
                // An internal subset: skip to its end; the XML reader will refuse it anyway.
                let close = rest.find("]>").map(|p| p + 2).unwrap_or(rest.len());
                &rest[close..]
            } else {
                &rest[end + 1..]
            };
        } else if let Some(r) = rest.strip_prefix('<') {
            let name: String = r
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
                .collect();
            let local = name.rsplit(':').next().unwrap_or(&name).to_string();
            return Some(local);
        } else {
            return None;
        }
    }
}

fn detect_markup(t: &str) -> WireFormat {
    let Some(root) = root_element_name(t) else {
        return WireFormat::UnknownXml;
    };
    match root.as_str() {
        "nitf" => WireFormat::Nitf,
        "newsMessage" | "newsItem" | "packageItem" => WireFormat::NewsmlG2,
        "NewsML" => WireFormat::Newsml12,
        "rss" | "RDF" => WireFormat::Rss,
        "feed" => WireFormat::Atom,
        "RBNews" => WireFormat::RitzauXml,
        "release" => WireFormat::NtbReleaseXml,
        r if matches!(
            r.to_ascii_lowercase().as_str(),
            "html" | "body" | "head" | "div" | "p" | "article" | "table" | "meta" | "title"
        ) =>
        {
            WireFormat::Html
        }
        _ => WireFormat::UnknownXml,
    }
}

/// RFC 822: the first lines are "Name: value" headers, at least one of them a mail header.
fn looks_like_email(t: &str) -> bool {
    let known = [
        "received",
        "from",
        "to",
        "subject",
        "date",
        "delivered-to",
        "return-path",
        "message-id",
        "mime-version",
        "reply-to",
        "sender",
        "x-mailer",
        "content-type",
        "dkim-signature",
        "x-received",
        "arc-seal",
    ];
    let mut headers = 0;
    let mut mail_headers = 0;
    for line in t.lines().take(40) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return false;
        }
        headers += 1;
        if known.contains(&name.to_ascii_lowercase().as_str()) {
            mail_headers += 1;
        }
    }
    headers >= 2 && mail_headers >= 1
}
