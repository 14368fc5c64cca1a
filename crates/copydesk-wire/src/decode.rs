//! Bytes to text: BOMs, declared charsets (and their lies), detection, and mojibake repair.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// Text decoded from a file, with what it was decoded from and anything worth telling the desk.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: String,
    pub warnings: Vec<String>,
}

/// Decodes `bytes`. `declared` is the charset the file claims (XML declaration, MIME header), if any.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Decoded {
    let mut warnings = Vec::new();
    let (encoding, body) = choose(bytes, declared, &mut warnings);
    let (text, had_errors) = decode_with(encoding, body);
    if had_errors {
        warnings.push(format!(
            "some bytes are not valid {}; they were replaced with \u{FFFD}",
            encoding_name(encoding)
        ));
    } else if text.contains('\u{FFFD}') {
        warnings.push(
            "the text already contains replacement characters (\u{FFFD}): some characters were lost before the file reached us"
                .to_string(),
        );
    }
    let (text, repaired) = repair_mojibake(&text);
    if has_orphan_mojibake(&text) {
        warnings.push(
            "'\u{E2}' appears inside words (\"company\u{E2}s\"): an apostrophe or quote lost its bytes before the file reached us; not repaired"
                .to_string(),
        );
    }
    if repaired > 0 {
        warnings.push(format!(
            "repaired mojibake (UTF-8 read as Latin-1) in {repaired} place{}",
            if repaired == 1 { "" } else { "s" }
        ));
    }
    Decoded {
        text,
        encoding: encoding_name(encoding),
        warnings,
    }
}

/// Decodes with a known encoding (MIME parts, whose charset is declared per part).
pub fn decode_part(bytes: &[u8], charset: Option<&str>) -> Decoded {
    decode(bytes, charset)
}

pub fn encoding_name(e: &'static Encoding) -> String {
    e.name().to_ascii_lowercase()
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), had_errors)
}

fn choose<'a>(
    bytes: &'a [u8],
    declared: Option<&str>,
    warnings: &mut Vec<String>,
) -> (&'static Encoding, &'a [u8]) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (UTF_8, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (UTF_16BE, rest);
    }
    if let Some(e) = sniff_utf16(bytes) {
        return (e, bytes);
    }
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    let has_high = bytes.iter().any(|b| *b >= 0x80);

    if let Some(label) = declared.map(str::trim).filter(|l| !l.is_empty()) {
        match Encoding::for_label(label.as_bytes()) {
            Some(e) if e == UTF_8 => {
                if utf8_ok {
                    return (UTF_8, bytes);
                }
                let fallback = guess_legacy(bytes);
                warnings.push(format!(
                    "declared {label} but the bytes are not valid UTF-8; read as {}",
                    encoding_name(fallback)
                ));
                return (fallback, bytes);
            }
            Some(e) if e == UTF_16LE || e == UTF_16BE => {
                // A UTF-16 label on bytes that have no BOM and no zero bytes is a lie.
                if utf8_ok {
                    if has_high {
                        warnings.push(format!("declared {label} but the bytes are UTF-8"));
                    }
                    return (UTF_8, bytes);
                }
                return (e, bytes);
            }
            Some(e) => {
                if utf8_ok && has_high && e.is_single_byte() {
                    warnings.push(format!("declared {label} but the bytes are UTF-8"));
                    return (UTF_8, bytes);
                }
                return (e, bytes);
            }
            None => warnings.push(format!(
                "unknown charset '{label}' declared; detected instead"
            )),
        }
    }
    if utf8_ok {
        return (UTF_8, bytes);
    }
    (guess_legacy(bytes), bytes)
}

/// Non-UTF-8 bytes with no usable declaration: ask chardetng, but stay with Windows-1252 (the
/// superset of Latin-1 that wire copy really uses) unless the guess is clearly something else.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    if guess == UTF_8 || guess == WINDOWS_1252 {
        return WINDOWS_1252;
    }
    // Latin-script guesses other than 1252 are usually a handful of accented letters that
    // 1252 decodes the same way or better; only trust scripts 1252 cannot represent.
    let trusted = [
        "windows-1251",
        "KOI8-U",
        "KOI8-R",
        "ISO-8859-5",
        "IBM866",
        "windows-1253",
        "ISO-8859-7",
        "windows-1255",
        "ISO-8859-8",
        "windows-1256",
        "ISO-8859-6",
        "Shift_JIS",
        "EUC-JP",
        "EUC-KR",
        "GBK",
        "gb18030",
        "Big5",
        "windows-874",
    ];
    if trusted.contains(&guess.name()) {
        let (_, errors) = guess.decode_without_bom_handling(bytes);
        if !errors {
            return guess;
        }
    }
    WINDOWS_1252
}

/// UTF-16 without a BOM shows itself as zero bytes in every other position of ASCII text.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(256)];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_zero = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_zero * 10 >= pairs * 9 && even_zero == 0 {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 9 && odd_zero == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Repairs text whose UTF-8 bytes were once read as Latin-1 or Windows-1252 ("Ã©" for "é",
/// "â€™" for "’"). Returns the text and how many sequences were repaired.
pub fn repair_mojibake(text: &str) -> (String, usize) {
    // Fast path: mojibake always has a lead character in U+00C2..=U+00F4.
    if !text.chars().any(|c| ('\u{C2}'..='\u{F4}').contains(&c)) {
        return (text.to_string(), 0);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut repaired = 0;
    let mut i = 0;
    while i < chars.len() {
        if let Some((decoded, used)) = mojibake_at(&chars[i..]) {
            out.push(decoded);
            repaired += 1;
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    (out, repaired)
}

fn mojibake_at(chars: &[char]) -> Option<(char, usize)> {
    let lead = byte_of(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    if chars.len() < len {
        return None;
    }
    let mut buf = [0u8; 4];
    buf[0] = lead;
    for k in 1..len {
        let b = byte_of(chars[k])?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        buf[k] = b;
    }
    let s = std::str::from_utf8(&buf[..len]).ok()?;
    let c = s.chars().next()?;
    // Two-byte sequences decode to U+0080..U+07FF. "Â" + NBSP or "Ã" + "©" style pairs are
    // common mojibake; but a real "Â»" pair in French text is rare enough to accept.
    Some((c, len))
}

/// "companyâs", "donât": the lead byte of a UTF-8 apostrophe survived, its tail did not.
fn has_orphan_mojibake(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(4).any(|w| {
        w[1] == '\u{E2}'
            && w[0].is_alphabetic()
            && matches!(w[2], 's' | 't' | 'd' | 'm')
            && !w[3].is_alphabetic()
    })
}

/// The byte a character stood for when UTF-8 was misread as Windows-1252 (or Latin-1).
fn byte_of(c: char) -> Option<u8> {
    let cp = c as u32;
    if (0x80..=0xFF).contains(&cp) {
        return Some(cp as u8);
    }
    // Windows-1252's 0x80..0x9F block.
    let b = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// The `encoding` pseudo-attribute of an XML declaration, read from the ASCII-compatible head.
pub fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(512)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = find(head, b"<?xml")?;
    let end = find(&head[start..], b"?>")? + start;
    let decl = &head[start..end];
    let at = find(decl, b"encoding")?;
    let rest = &decl[at + 8..];
    let rest = trim_start(rest);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let rest = &rest[1..];
    let close = rest.iter().position(|b| *b == quote)?;
    let label = std::str::from_utf8(&rest[..close]).ok()?;
    Some(label.trim().to_string())
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_utf8_read_as_1252() {
        let (t, n) = repair_mojibake("companyâ€™s and cafÃ©");
        assert_eq!(t, "company’s and café");
        assert_eq!(n, 2);
        let (t, n) = repair_mojibake("companyâ\u{80}\u{99}s");
        assert_eq!(t, "company’s");
        assert_eq!(n, 1);
    }

    #[test]
    fn leaves_real_latin1_alone() {
        let (t, n) = repair_mojibake("Gerd Müller, «gilets jaunes», São Paulo");
        assert_eq!(n, 0);
        assert_eq!(t, "Gerd Müller, «gilets jaunes», São Paulo");
    }

    #[test]
    fn declared_latin1_holding_utf8() {
        let d = decode(
            "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>procès</a>".as_bytes(),
            Some("iso-8859-1"),
        );
        assert!(d.text.contains("procès"));
        assert_eq!(d.encoding, "utf-8");
        assert!(d.warnings.iter().any(|w| w.contains("bytes are UTF-8")));
    }

    #[test]
    fn windows_1252_fallback() {
        let d = decode(b"UGL\x92s and \x95 bullet", None);
        assert_eq!(d.text, "UGL’s and • bullet");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        for c in "Héllo".encode_utf16() {
            le.extend_from_slice(&c.to_le_bytes());
        }
        assert_eq!(decode(&le, None).text, "Héllo");
        assert_eq!(decode(&le, None).encoding, "utf-16le");
        let mut be = Vec::new();
        for c in "<nitf>plain ascii</nitf>".encode_utf16() {
            be.extend_from_slice(&c.to_be_bytes());
        }
        assert_eq!(decode(&be, None).encoding, "utf-16be");
    }
}
