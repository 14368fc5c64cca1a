//! Hostile and broken input: each gives a clear rejection or a deliberate item with warnings,
//! never a panic or a hang.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests may panic

mod common;

use common::rejection;
use copydesk_wire::{read, Limits, RejectionCode, WireFormat};
use std::time::{Duration, Instant};

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
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
    let line = "word, ".repeat(180_000);
    let (r, took) = timed(|| read(line.as_bytes(), &Limits::default()));
    let r = r.expect("reads");
    assert!(took < Duration::from_secs(5), "took {took:?}");
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
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>"#;
    let (r, took) = timed(|| rejection(bomb.as_bytes()));
    assert_eq!(r.code, RejectionCode::XmlDtdForbidden);
    assert!(took < Duration::from_millis(500));
}

#[test]
fn quadratic_blowup() {
    let big = "x".repeat(50_000);
    let refs = "&a;".repeat(50_000);
    let xml = format!("<!DOCTYPE n [<!ENTITY a \"{big}\">]><nitf><body><body.content><p>{refs}</p></body.content></body></nitf>");
    let (r, took) = timed(|| rejection(xml.as_bytes()));
    assert_eq!(r.code, RejectionCode::XmlDtdForbidden);
    assert!(took < Duration::from_secs(1));
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
    let xml = format!(
        "<nitf>{}{}</nitf>",
        "<p>".repeat(10_000),
        "</p>".repeat(10_000)
    );
    let (r, took) = timed(|| rejection(xml.as_bytes()));
    assert_eq!(r.code, RejectionCode::TooDeep);
    assert!(took < Duration::from_secs(1));
    // HTML is not parsed as a tree at all: deep nesting only costs time, bounded.
    let html = format!(
        "<html><body>{}deep{}</body></html>",
        "<div><b>".repeat(20_000),
        "</b></div>".repeat(20_000)
    );
    let (r, took) = timed(|| read(html.as_bytes(), &Limits::default()));
    assert!(r.is_ok());
    assert!(took < Duration::from_secs(5), "took {took:?}");
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
