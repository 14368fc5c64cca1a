//! Hostile and broken input: each gives a clear rejection or a deliberate item with warnings,
//! never a panic or a hang.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests may panic

use crate::common::{inputs, rejection};
use copydesk_wire::{read, Limits, RejectionCode, WireFormat};
use std::time::Duration;

/// Runs `f` on its own thread and fails if it has not finished within a minute: a hang is the
/// failure these tests look for. How fast hostile input is read is `benches/hostile.rs`'s
/// claim, not a test's (a busy machine would make it flaky).
fn unhung<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    const HANG_GUARD: Duration = Duration::from_secs(60);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(HANG_GUARD)
        .unwrap_or_else(|_| panic!("no answer within {HANG_GUARD:?}: a hang"))
}

#[test]
fn empty_and_blank_files() {
    assert_eq!(rejection(b"").code, RejectionCode::Empty);
    assert_eq!(rejection(b"  \r\n\t \n").code, RejectionCode::Empty);
    assert!(rejection(b"").message.contains("0 bytes"));
}

#[test]
fn binaries_renamed_to_txt() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let zip = b"PK\x03\x04\x14\0\0\0\x08\0story.xml";
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0";
    let gz = b"\x1f\x8b\x08\0\0\0\0\0";
    for (bytes, word) in [
        (&png[..], "PNG"),
        (&zip[..], "ZIP"),
        (&elf[..], "ELF"),
        (&gz[..], "gzip"),
    ] {
        let r = rejection(bytes);
        assert_eq!(r.code, RejectionCode::Binary);
        assert!(r.message.contains(word), "{}", r.message);
    }
    let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 31) as u8).collect();
    assert_eq!(rejection(&noise).code, RejectionCode::Binary);
    assert_eq!(copydesk_wire::detect(png), WireFormat::Binary);
}

#[test]
fn invalid_utf8_is_read_as_windows_1252_and_said_so() {
    let bytes = b"Caf\xe9 owner\xc3 says \xff no\n\nThe caf\xe9 will stay open.";
    let r = read(bytes, &Limits::default()).expect("a deliberate item");
    assert_eq!(r.encoding, "windows-1252");
    assert!(r.items[0].headline.contains("Café owner"));
}

#[test]
fn declared_utf8_that_is_not() {
    let xml = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><nitf><body><body.head><hedline><hl1>M\xfcnchen</hl1></hedline></body.head></body></nitf>";
    let r = read(xml, &Limits::default()).expect("reads");
    assert_eq!(r.items[0].headline, "München");
    assert!(r.items[0]
        .warnings
        .iter()
        .any(|w| w.contains("not valid UTF-8")));
}

#[test]
fn nul_bytes_never_reach_the_text() {
    let bytes = b"Headline with\0 a NUL\n\nBody\0 text that goes on for a while.";
    let r = read(bytes, &Limits::default()).expect("reads");
    let it = &r.items[0];
    assert!(!it.headline.contains('\0') && !it.body.contains('\0'));
    assert!(it.warnings.iter().any(|w| w.contains("NUL")));
}

#[test]
fn one_megabyte_single_line() {
    let line = inputs::megabyte_line();
    let r = unhung({
        let line = line.clone();
        move || read(line.as_bytes(), &Limits::default())
    })
    .expect("reads");
    assert!(!r.items[0].headline.is_empty());
    // A tighter line limit cuts and says so.
    let limits = Limits {
        max_line_chars: 10_000,
        ..Limits::default()
    };
    let r = read(line.as_bytes(), &limits).expect("reads");
    assert!(r.items[0].warnings.iter().any(|w| w.contains("was cut")));
}

#[test]
fn too_large() {
    let limits = Limits {
        max_bytes: 1024,
        ..Limits::default()
    };
    let r = read(&vec![b'a'; 2048], &limits).expect_err("rejected");
    assert_eq!(r.code, RejectionCode::TooLarge);
    assert!(r.message.contains("2048"));
}

#[test]
fn billion_laughs() {
    let r = unhung(|| rejection(inputs::BILLION_LAUGHS.as_bytes()));
    assert_eq!(r.code, RejectionCode::XmlDtdForbidden);
}

#[test]
fn quadratic_blowup() {
    let r = unhung(|| rejection(inputs::quadratic_blowup().as_bytes()));
    assert_eq!(r.code, RejectionCode::XmlDtdForbidden);
}

#[test]
fn xxe() {
    for xml in [
        r#"<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><nitf><body><body.content><p>&xxe;</p></body.content></body></nitf>"#,
        r#"<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]><nitf>&xxe;</nitf>"#,
    ] {
        let r = rejection(xml.as_bytes());
        assert_eq!(r.code, RejectionCode::XmlDtdForbidden, "{}", r.message);
    }
}

#[test]
fn external_dtd_reference_alone_is_fine() {
    let xml = r#"<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "http://127.0.0.1:9/nitf-3-2.dtd"><nitf><body><body.head><hedline><hl1>Fine</hl1></hedline></body.head><body.content><p>Read without fetching anything.</p></body.content></body></nitf>"#;
    let r = read(xml.as_bytes(), &Limits::default()).expect("reads");
    assert_eq!(r.items[0].headline, "Fine");
}

#[test]
fn ten_thousand_deep_nesting() {
    let r = unhung(|| rejection(inputs::deep_xml(10_000).as_bytes()));
    assert_eq!(r.code, RejectionCode::TooDeep);
    // HTML is not parsed as a tree at all: deep nesting only costs time, bounded.
    let r = unhung(|| read(inputs::deep_html(20_000).as_bytes(), &Limits::default()));
    assert!(r.is_ok());
    let json = format!("{}{}", "{\"a\":".repeat(5_000), "}".repeat(5_000));
    assert!(read(json.as_bytes(), &Limits::default()).is_err());
}

#[test]
fn too_many_nodes() {
    let xml = format!(
        "<nitf><body><body.content>{}</body.content></body></nitf>",
        "<p>x</p>".repeat(5_000)
    );
    let limits = Limits {
        max_xml_nodes: 1_000,
        ..Limits::default()
    };
    let r = read(xml.as_bytes(), &limits).expect_err("rejected");
    assert_eq!(r.code, RejectionCode::TooManyNodes);
}

#[test]
fn malformed_and_unknown_xml() {
    let r = rejection(b"<nitf><body><p>unclosed</body>");
    assert_eq!(r.code, RejectionCode::MalformedXml);
    assert!(r.message.contains(':'), "position given: {}", r.message);
    let r = rejection(b"<?xml version=\"1.0\"?><invoice><total>12</total></invoice>");
    assert_eq!(r.code, RejectionCode::Unrecognised);
    assert!(r.message.contains("<invoice>"));
}

#[test]
fn json_that_is_not_ninjs() {
    assert_eq!(
        rejection(br#"{"foo": 1, "bar": [1,2,3]}"#).code,
        RejectionCode::Unrecognised
    );
    assert_eq!(
        rejection(br#"{"headline": "x", "body_html": "<p>y"#).code,
        RejectionCode::MalformedJson
    );
}

#[test]
fn utf16_files() {
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><nitf><body><body.head><hedline><hl1>Zürich talks</hl1></hedline></body.head><body.content><p>Text.</p></body.content></body></nitf>";
    let mut le = vec![0xFF, 0xFE];
    for u in xml.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    let r = read(&le, &Limits::default()).expect("reads");
    assert_eq!(r.encoding, "utf-16le");
    assert_eq!(r.items[0].headline, "Zürich talks");
    let mut be = vec![0xFE, 0xFF];
    for u in xml.encode_utf16() {
        be.extend_from_slice(&u.to_be_bytes());
    }
    let r = read(&be, &Limits::default()).expect("reads");
    assert_eq!(r.encoding, "utf-16be");
}

#[test]
fn broken_teletype_framing() {
    // SOH and STX but no ETX or EOT, and a stray control in the text.
    let bytes = b"\x16\x16\x01W1234\x1fasian\nr a\x13\x11 BC-US--Broken     01-02 0100\n\x02^Broken frame still reads<\n\t   NEW YORK (AP) _ The text \x07goes on.\n";
    let r = read(bytes, &Limits::default()).expect("reads");
    let it = &r.items[0];
    assert_eq!(it.headline, "Broken frame still reads");
    assert!(!it.body.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn mime_bombs_stay_bounded() {
    let mut mail = String::from("From: a@b.c\nSubject: nested\nMIME-Version: 1.0\n");
    for d in 0..50 {
        mail.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=b{d}\n\n--b{d}\n"
        ));
    }
    mail.push_str("Content-Type: text/plain\n\ndeep text\n");
    let r = read(mail.as_bytes(), &Limits::default()).expect("reads");
    assert!(r.items[0]
        .warnings
        .iter()
        .any(|w| w.contains("nested too deeply")));
}

#[test]
fn script_and_links_in_html_wire() {
    let html = "<html><body><p onclick=\"x()\">Hi <a href=\"JaVaScRiPt:alert(1)\">there</a> <a href=\"https://ok.example/a(b)\">ok</a></p><iframe src=\"https://evil\"></iframe><meta http-equiv=\"refresh\" content=\"0;url=https://evil\"><base href=\"https://evil\"><form><input></form></body></html>";
    let r = read(html.as_bytes(), &Limits::default()).expect("reads");
    assert_eq!(
        r.items[0].body,
        "Hi there [ok](https://ok.example/a%28b%29)"
    );
}

#[test]
fn random_bytes_are_binary_not_a_story() {
    // 200 KB of random bytes once came in as a story with a garbage headline.
    for seed in [1, 7, 42, 0x5eed, 0xdead_beef] {
        let bytes = inputs::noise(200 * 1024, seed);
        let r = unhung({
            let bytes = bytes.clone();
            move || rejection(&bytes)
        });
        assert_eq!(r.code, RejectionCode::Binary, "seed {seed}: {}", r.message);
        assert!(r.message.contains("not text"), "{}", r.message);
        assert_eq!(copydesk_wire::detect(&bytes), WireFormat::Binary);
    }
    // Small random files too.
    for len in [300, 1024, 9000] {
        assert_eq!(
            rejection(&inputs::noise(len, len as u64)).code,
            RejectionCode::Binary
        );
    }
    // Text with a stray control byte or two is still text.
    let text = b"Harbour closes\n\nThe harbour \x07will close on Monday, the port said.\x1b\n";
    assert!(read(text, &Limits::default()).is_ok());
}

#[test]
fn json_that_is_not_ninjs_is_never_plain_text() {
    // 100,000 nested arrays once came in as a plain-text story.
    let deep = inputs::deep_json_arrays(100_000);
    let r = unhung({
        let deep = deep.clone();
        move || rejection(deep.as_bytes())
    });
    assert_eq!(r.code, RejectionCode::TooDeep, "{}", r.message);
    assert!(r.message.contains("JSON"), "{}", r.message);
    assert_eq!(
        copydesk_wire::detect(deep.as_bytes()),
        WireFormat::UnknownJson
    );
    // Cut short: still JSON, and said to be malformed.
    let r = rejection(b"[[1, 2], {\"a\": ");
    assert_eq!(r.code, RejectionCode::MalformedJson, "{}", r.message);
    // Well-formed but not ninjs: said so.
    for json in [&b"[1, 2, 3]"[..], b"[{\"x\": 1}]", b"[\"a\", \"b\"]", b"[]"] {
        let r = rejection(json);
        assert_eq!(r.code, RejectionCode::Unrecognised, "{}", r.message);
        assert!(r.message.contains("not ninjs"), "{}", r.message);
    }
    // A bracket that opens a line of text is text.
    let r = read(
        b"[UPDATE] Harbour closes\n\nThe harbour will close on Monday, the port said.",
        &Limits::default(),
    )
    .expect("text");
    assert_eq!(r.format, WireFormat::PlainText);
    assert_eq!(r.items[0].headline, "[UPDATE] Harbour closes");
}

const TITLED: &str = "Harbour bridge to close for repairs\n\
The harbour bridge will close for six weeks from Monday while engineers replace its\n\
cables, the city council said on Tuesday. Buses will run every ten minutes.\n\
Traffic will be diverted over the old river crossing, which reopened last year after\n\
its own repairs. Cyclists and walkers can still use the footpath on the east side.\n";

#[test]
fn plain_text_without_blank_lines_has_a_headline_and_a_body() {
    let r = read(TITLED.as_bytes(), &Limits::default()).expect("reads");
    assert_eq!(r.format, WireFormat::PlainText);
    let it = &r.items[0];
    assert_eq!(it.headline, "Harbour bridge to close for repairs");
    assert!(
        it.body
            .starts_with("The harbour bridge will close for six weeks"),
        "{}",
        it.body
    );
    assert!(
        it.body.contains("footpath on the east side."),
        "{}",
        it.body
    );
    // A headline wrapped over two lines, then a blank line, is still one headline.
    let wrapped = "Harbour bridge to close for six weeks from Monday after\nengineers find worn cables\n\nThe bridge will close on Monday, the council said.\n";
    let it = &read(wrapped.as_bytes(), &Limits::default())
        .expect("reads")
        .items[0];
    assert_eq!(
        it.headline,
        "Harbour bridge to close for six weeks from Monday after engineers find worn cables"
    );
}

#[test]
fn cr_only_line_endings_are_line_endings() {
    for text in [TITLED.replace('\n', "\r"), TITLED.replace('\n', "\r\n")] {
        let r = read(text.as_bytes(), &Limits::default()).expect("reads");
        let it = &r.items[0];
        assert_eq!(
            it.headline, "Harbour bridge to close for repairs",
            "{text:?}"
        );
        assert!(it.body.starts_with("The harbour bridge"), "{}", it.body);
        assert!(!it.body.contains('\r') && !it.headline.contains('\r'));
    }
    // With blank lines between paragraphs (CR CR), as old wire systems send.
    let cr = "Flash: harbour closed\r\rThe harbour closed at noon.\r\rMore follows.\r";
    let it = &read(cr.as_bytes(), &Limits::default())
        .expect("reads")
        .items[0];
    assert_eq!(it.headline, "Flash: harbour closed");
    assert_eq!(it.body, "The harbour closed at noon.\n\nMore follows.");
    // A CR-only file longer than the line limit is not cut as if it were one line.
    let long: String = (0..2_000)
        .map(|i| format!("Paragraph {i} of a long story.\r\r"))
        .collect();
    let limits = Limits {
        max_line_chars: 10_000,
        ..Limits::default()
    };
    let it = &read(format!("Long story\r\r{long}").as_bytes(), &limits)
        .expect("reads")
        .items[0];
    assert!(
        it.warnings.iter().all(|w| !w.contains("was cut")),
        "{:?}",
        it.warnings
    );
    assert!(it.body.contains("Paragraph 1999 of a long story."));
}
