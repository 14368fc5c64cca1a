//! The facts that matter most, asserted one by one beside the snapshots.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests may panic

use crate::common;

use crate::common::{item, reading};
use copydesk_wire::{PubStatus, WireFormat};

fn ts(s: &str) -> Option<jiff::Timestamp> {
    Some(s.parse().expect("test timestamp"))
}

fn paragraphs(body: &str) -> Vec<&str> {
    body.split("\n\n").collect()
}

// ---- The seed: a scraped web page ----

#[test]
fn scraped_page_headline_standfirst_and_body_order() {
    let it = item("text/scraped-page-nk-missiles.txt");
    assert_eq!(it.format, WireFormat::ScrapedPage);
    assert_eq!(
        it.headline,
        "Moscow mocks US claims it used North Korean missiles"
    );
    assert_eq!(
        it.standfirst.as_deref(),
        Some("Ukraine has said it found no evidence of being attacked with such weapons, despite Washington\u{2019}s assertion")
    );
    let paras = paragraphs(&it.body);
    assert_eq!(paras.len(), 9, "{paras:#?}");
    assert!(paras[0].starts_with("The US is peddling false information"));
    assert!(paras[1].starts_with("Washington has accused Russia"));
    assert!(paras[2].starts_with("Nebenzia brushed off"));
    assert!(paras[3].starts_with("\u{201C}It turns out"));
    assert!(paras[4].starts_with("North Korea is under UN sanctions"));
    assert!(paras[5].starts_with("South Korean ambassador"));
    assert!(paras[6].starts_with("Ignat, the military spokesman"));
    assert!(paras[7].starts_with("Another Ukrainian official"));
    assert!(paras[8].starts_with("Russian Foreign Minister Sergey Lavrov"));
}

#[test]
fn scraped_page_furniture_is_removed_not_lost() {
    let it = item("text/scraped-page-nk-missiles.txt");
    for junk in [
        "17.8 C",
        "Thursday, February 22, 2024",
        "Read more",
        "FILE PHOTO",
        "No timeline for delivery",
        "READ MORE",
        "glide bombs",
        "07:58PM",
        "Most Popular",
    ] {
        assert!(!it.body.contains(junk), "body still holds {junk:?}");
    }
    let kinds: Vec<(&str, &str)> = it
        .removed
        .iter()
        .map(|r| (r.kind.as_str(), r.text.as_str()))
        .collect();
    assert!(kinds.contains(&("weather_line", "17.8 C")));
    assert!(kinds.contains(&("page_date", "Thursday, February 22, 2024")));
    assert!(kinds.contains(&("read_more", "Read more")));
    assert!(kinds
        .iter()
        .any(|(k, t)| *k == "photo_caption" && t.starts_with("FILE PHOTO: A NASAMS")));
    assert!(kinds.iter().any(|(k, t)| *k == "related_story"
        && t.starts_with("No timeline for delivery of air-defense system")));
    assert!(kinds
        .iter()
        .any(|(k, t)| *k == "read_more" && t.starts_with("READ MORE: Russia using")));
    assert!(kinds.contains(&("feed_timestamp", "January 11, 2024 at 07:58PM")));
    assert!(kinds.contains(&("most_popular", "Most Popular Articles")));
}

#[test]
fn scraped_page_dates_are_kept_and_their_disagreement_reported() {
    let it = item("text/scraped-page-nk-missiles.txt");
    assert_eq!(it.sent_at, ts("2024-01-11T19:58:00Z"));
    assert!(
        it.warnings.iter().any(|w| w.contains("disagree")),
        "{:?}",
        it.warnings
    );
}

#[test]
fn scraped_heuristics_work_on_a_similar_page() {
    let page = "21\u{B0}C\nMonday, March 4, 2024\n\nCouncil approves new harbour bridge\n\nThe vote ends a decade of debate over the crossing\n\nThe city council voted on Monday to approve a new bridge across the harbour, ending years of argument about cost, design and the fate of the ferry service that runs there today.\n\nRelated\n\nPHOTO: The old ferry terminal at dusk.\nFerry operators fear for their jobs\n\nConstruction is expected to begin next spring and to take three years, according to the council's engineering department, which published a detailed timetable.\n\nREAD MORE: What the bridge will cost you\n\nMarch 4, 2024 at 10:15AM\n\nMost Read";
    let r = copydesk_wire::read(page.as_bytes(), &copydesk_wire::Limits::default()).expect("reads");
    let it = &r.items[0];
    assert_eq!(it.format, WireFormat::ScrapedPage);
    assert_eq!(it.headline, "Council approves new harbour bridge");
    assert_eq!(
        it.standfirst.as_deref(),
        Some("The vote ends a decade of debate over the crossing")
    );
    assert_eq!(paragraphs(&it.body).len(), 2, "{}", it.body);
    assert!(!it.body.contains("Ferry operators fear"));
    assert!(!it.body.contains("READ MORE"));
    assert_eq!(it.sent_at, ts("2024-03-04T10:15:00Z"));
    assert!(!it.warnings.iter().any(|w| w.contains("disagree")));
}

// ---- Versions, corrections and kills ----

#[test]
fn reuters_correction_then_kill_share_a_guid() {
    let corrected = item("newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838");
    let killed = item("newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538");
    assert_eq!(
        corrected.guid.as_deref(),
        Some("tag:reuters.com,0000:newsml_L1N14N0FF")
    );
    assert_eq!(corrected.guid, killed.guid);
    assert_eq!(corrected.version, Some(978_556_838));
    assert_eq!(killed.version, Some(1_542_761_538));
    assert_eq!(corrected.pub_status, PubStatus::Usable);
    assert_eq!(corrected.link.edit_marker.as_deref(), Some("correction"));
    assert!(corrected.headline.starts_with("CORRECTED-"));
    assert!(corrected
        .body
        .starts_with("(In Jan. 3 story, corrects last paragraph"));
    assert_eq!(killed.pub_status, PubStatus::Canceled);
    assert_eq!(killed.link.edit_marker.as_deref(), Some("kill"));
    assert!(killed.sent_at > corrected.sent_at);
}

#[test]
fn stt_version_two_links_to_version_one() {
    let it = item("newsml-g2/stt1.xml");
    assert_eq!(it.version, Some(2));
    assert_eq!(it.guid.as_deref(), Some("urn:newsml:stt.fi::102736761"));
    assert_eq!(
        it.link.previous_guid.as_deref(),
        Some("urn:newsml:stt.fi:20190415:102736761")
    );
    assert_eq!(it.link.edit_marker.as_deref(), Some("update"));
    assert!(
        it.body.contains("Revenio Groupin"),
        "STT's <Company> tags keep their words"
    );
}

#[test]
fn newsml12_revision_two_points_back() {
    let it = item("newsml-1.2/anp_belga.xml");
    assert_eq!(it.version, Some(2));
    assert_eq!(
        it.link.previous_guid.as_deref(),
        Some("urn:newsml:ANP:20181210:ANPX-101218-041-v2:1")
    );
}

#[test]
fn nitf_kill_refers_to_earlier_document() {
    let it = item("nitf/nitf-fishing.xml");
    assert_eq!(it.guid.as_deref(), Some("iptc.321656141.b"));
    assert_eq!(it.pub_status, PubStatus::Canceled);
    assert_eq!(it.link.previous_guid.as_deref(), Some("iptc.321656141.a"));
    assert_eq!(it.link.edit_marker.as_deref(), Some("kill"));
    assert_eq!(it.version, Some(1));
}

#[test]
fn nitf_du_key_is_the_story_and_doc_id_the_version() {
    // PA: the du-key names the story while it runs; each version has its own doc-id.
    let pa = item("nitf/pa5.xml");
    assert_eq!(
        pa.guid.as_deref(),
        Some("17b7b4c3-6e05-4690-b7cb-37b5c99c9a86HHH-5-1")
    );
    assert_eq!(pa.link.du_key.as_deref(), Some("PA-HHH-POLITICS-Brexit"));
    assert_eq!(pa.provider.as_deref(), Some("PA"));
    assert_eq!(pa.version, None);
    // Not a slug key: that is only for formats without ids.
    assert_eq!(pa.link.story_key, None);
    // NTB numbers its versions on the du-key.
    let ntb = item("nitf/nitf-ntb.xml");
    assert_eq!(
        ntb.link.du_key.as_deref(),
        Some("faktisk-d9cde75b-256e-4989-b6a3-b8ad27f43a5c")
    );
    assert_eq!(ntb.version, Some(48));
}

#[test]
fn teletype_versions_link_by_slug() {
    let a = item("anpa/anpa-2.tst");
    assert_eq!(a.link.edit_marker.as_deref(), Some("1st Ld-Writethru"));
    assert_eq!(
        a.link.story_key.as_deref(),
        Some("ap/bc-us-ethanol-losinggra/11-13")
    );
    let b = item("anpa/ap_anpa-3.tst");
    assert_eq!(b.link.edit_marker.as_deref(), Some("1st Ld-Writethru"));
    assert_eq!(b.slugline.as_deref(), Some("BC-US--Giant Lobster Death"));
    let d = item("iptc7901/dpa.txt");
    assert_eq!(d.link.edit_marker.as_deref(), Some("2ND LEAD, 3RD NET"));
    assert!(d
        .link
        .story_key
        .as_deref()
        .is_some_and(|k| k.contains("politics-britain-eu-brexit-justice")));
    let e = item("iptc7901/IPTC7901_odd_charset.txt");
    assert_eq!(e.link.edit_marker.as_deref(), Some("1ST LEAD"));
    let z = item("zczc/1487e8f1-f7f5-40f5-8c0f-0eba3c2e162d.tst");
    assert_eq!(z.link.story_key.as_deref(), Some("aap/legionella-bc1"));
}

// ---- Embargoes ----

#[test]
fn embargoes() {
    let pa3 = item("nitf/pa3.xml");
    assert_eq!(
        pa3.embargo,
        ts("2016-09-08T23:01:00Z"),
        "0001 BST on 9 September"
    );
    assert!(pa3
        .ednote
        .as_deref()
        .is_some_and(|n| n.contains("Embargoed to 0001 Friday September 9")));
    let listing = item("newsml-g2/LISTING_1_A_NewsML-G2_News_Item.xml");
    assert_eq!(listing.embargo, ts("2018-10-23T12:00:00Z"));
    let ninjs = item("ninjs/ninjs_embargoed.json");
    assert_eq!(ninjs.embargo, ts("2022-06-29T02:30:00Z"));
    // Both of these carry an embargo element that is empty: no embargo, and nothing to warn about.
    let scoop = item("newsml-g2/scoop.xml");
    assert_eq!(scoop.embargo, None);
    let solita = item("proprietary-xml/solita_1.xml");
    assert_eq!(solita.embargo, None);
    assert!(!solita.warnings.iter().any(|w| w.contains("embargo")));
    // A release time equal to the issue time is not an embargo.
    assert_eq!(item("nitf/aap.xml").embargo, None);
}

#[test]
fn invalid_date_placeholder_is_a_warning() {
    let it = item("nitf/handle_invalid_fields.xml");
    assert_eq!(it.embargo, None);
    assert!(
        it.warnings
            .iter()
            .any(|w| w.contains("YYYYMMDD000000-HHMM")),
        "{:?}",
        it.warnings
    );
    assert_eq!(
        it.headline,
        "Man accused of ramming gate at Rideau Hall with truck faces multiple charges"
    );
    assert_eq!(it.urgency, Some(2));
}

// ---- Encodings (SOURCES.md) ----

#[test]
fn declared_latin1_holding_utf8() {
    let it = item("newsml-1.2/afp20.xml");
    assert!(it.headline.contains("Décès"), "{}", it.headline);
    assert!(it.slugline.as_deref().is_some_and(|s| s.contains("procès")));
    assert!(it
        .warnings
        .iter()
        .any(|w| w.contains("declared iso-8859-1 but the bytes are UTF-8")));
    assert_eq!(it.encoding, "utf-8");
}

#[test]
fn latin1_and_windows_1252_bytes() {
    let pa5 = item("nitf/pa5.xml");
    assert!(pa5.headline.contains("£66BN"));
    assert!(pa5.body.contains("£38 billion"));
    let ntb = item("nitf/nitf_test.xml");
    assert!(ntb.body.contains("København"));
    let odd = item("iptc7901/IPTC7901_odd_charset.txt");
    assert_eq!(odd.encoding, "windows-1252");
    let ats = item("iptc7901/ats.txt");
    assert!(ats
        .headline
        .contains("\u{AB}catastrophe pour notre économie\u{BB}"));
    assert!(ats.body.contains("Ségolène Royal"));
    let four = item("iptc7901/dpa_four_line.txt");
    assert!(
        four.removed
            .iter()
            .any(|r| r.text.contains("Helen\u{A0}Corbett")),
        "NBSP kept"
    );
    let lopez = item("anpa/ap_anpa-6.tst");
    assert!(lopez.body.contains("López"));
    let aap = item("zczc/AAP201606060716291.tst");
    assert!(
        aap.body.starts_with("UGL\u{2019}s construction"),
        "0x92 is a curly apostrophe"
    );
    let bullets = item("text/asianet_10.tst");
    assert!(
        bullets.body.contains("- Q1 EBITDA"),
        "0x95 bullets become a list"
    );
    let pound = item("text/asianet_2.tst");
    assert!(pound.body.contains("£1million"));
}

#[test]
fn iso_8859_15_and_utf8_bom() {
    let belga = reading("newsml-1.2/belga_newsml_1_2.xml");
    assert_eq!(belga.encoding, "iso-8859-15");
    let ats = item("newsml-1.2/ats_newsml_1_2_belga.xml");
    assert!(ats.headline.contains("à Landquart"));
    let scoop = reading("newsml-g2/scoop.xml");
    assert_eq!(scoop.encoding, "utf-8");
    assert!(scoop.items[0].headline.starts_with("Dick Smith receivers"));
}

#[test]
fn mime_charsets_and_encoded_words() {
    let odd = item("email/odd_charset_email.txt");
    assert_eq!(odd.headline, "Senden defends but Scott favourite");
    assert!(
        odd.body.contains("Innisbrook Resort\u{2019}s"),
        "=92 in Windows-1252 quoted-printable"
    );
    assert!(
        odd.body.contains("AAP \u{2013} Adam Scott"),
        "=96 is an en dash"
    );
    assert!(odd
        .removed
        .iter()
        .any(|r| r.kind == "email_subject"
            && r.text == "TravTalk\u{2019}s Special for TAAI convention"));
    let subj = item("email/charset_in_subject_email.txt");
    assert_eq!(subj.headline, "Google Apps News March 2015");
}

#[test]
fn no_framing_characters_reach_the_text() {
    for f in [
        "anpa/anpa-1.tst",
        "anpa/ap_anpa-6.tst",
        "anpa/kyodo.txt",
        "iptc7901/IPTC7901.txt",
        "iptc7901/ats.txt",
        "zczc/ED_841066_2_1.tst",
    ] {
        for it in reading(f).items {
            let all = format!(
                "{}{}{:?}{:?}",
                it.headline, it.body, it.removed, it.slugline
            );
            assert!(
                !all.chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{f}: control character left"
            );
        }
    }
}

// ---- Format specifics ----

#[test]
fn anpa_header_lines() {
    let it = item("anpa/anpa-1.tst");
    assert_eq!(
        it.headline,
        "For Argentine chemo patients, mirrors can hurt"
    );
    assert_eq!(
        it.byline.as_deref(),
        Some("By PAUL BYRNE and ALMUDENA CALATRAVA, Associated Press")
    );
    assert_eq!(it.dateline.as_deref(), Some("BUENOS AIRES, Argentina"));
    assert_eq!(it.urgency, Some(1), "priority f = flash");
    assert_eq!(it.sent_at, ts("2013-11-13T15:09:00Z"));
    assert!(
        it.body.contains("\u{201C}Look Good Feel Better\u{201D}"),
        "AP `` '' quotes"
    );
    assert!(it
        .body
        .starts_with("BUENOS AIRES, Argentina (AP) \u{2014} For cancer"));
}

#[test]
fn dpa_notebook_is_not_copy() {
    let it = item("iptc7901/IPTC7901.txt");
    assert!(!it.body.contains("not for publication"));
    assert!(!it.body.contains("dpa wsz"));
    assert!(it
        .removed
        .iter()
        .any(|r| r.kind == "sign_off" && r.text == "dpa wsz jln npr"));
    assert!(it.removed.iter().any(|r| r.kind == "notebook"));
}

#[test]
fn newsml_g2_message_with_several_items() {
    let r = reading("newsml-g2/ap.xml");
    assert_eq!(r.items.len(), 3);
    assert_eq!(
        r.items[0].headline,
        "Nutrisystem beats 4Q earnings and revenue expectations"
    );
    assert_eq!(
        r.items[0].link.edit_marker.as_deref(),
        Some("1st Ld-Writethru")
    );
}

#[test]
fn feeds_give_one_item_per_entry() {
    assert_eq!(reading("rss-atom/wenn.xml").items.len(), 2);
    assert_eq!(reading("rss-atom/wordpress_wxr.xml").items.len(), 5);
}

#[test]
fn html_in_bodies_never_survives() {
    for f in [
        "ninjs/ninjs_embargoed.json",
        "proprietary-xml/solita_1.xml",
        "proprietary-xml/ritzau_news.xml",
        "email/odd_charset_email.txt",
        "nitf/nitf-ntb.xml",
    ] {
        for it in reading(f).items {
            // Literal angle brackets in wire text are escaped ("\\<div"), so they render as text.
            let raw_lt = it
                .body
                .match_indices('<')
                .any(|(p, _)| !it.body[..p].ends_with('\\'));
            assert!(!raw_lt, "{f}: unescaped markup in body");
        }
    }
}

#[test]
fn detection_by_bytes() {
    use copydesk_wire::detect;
    let cases = [
        ("nitf/pa1.xml", WireFormat::Nitf),
        (
            "newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838",
            WireFormat::NewsmlG2,
        ),
        ("newsml-1.2/afp.xml", WireFormat::Newsml12),
        ("anpa/anpa-1.tst", WireFormat::Anpa1312),
        ("anpa/kyodo.txt", WireFormat::Anpa1312),
        ("iptc7901/IPTC7901.txt", WireFormat::Iptc7901),
        ("iptc7901/dpa.txt", WireFormat::Iptc7901),
        ("iptc7901/ats.txt", WireFormat::Iptc7901),
        ("zczc/ED_841066_2_1.tst", WireFormat::Zczc),
        ("email/simple_email.txt", WireFormat::Email),
        ("ninjs/ninjs1.json", WireFormat::Ninjs),
        ("rss-atom/wenn.xml", WireFormat::Atom),
        ("rss-atom/wordpress_wxr.xml", WireFormat::Rss),
        ("text/scraped-page-nk-missiles.txt", WireFormat::ScrapedPage),
        ("text/asianet_2.tst", WireFormat::PlainText),
        ("proprietary-xml/ritzau_news.xml", WireFormat::RitzauXml),
        ("proprietary-xml/solita_1.xml", WireFormat::NtbReleaseXml),
    ];
    for (f, want) in cases {
        assert_eq!(detect(&common::sample_bytes(f)), want, "{f}");
    }
}

#[test]
fn markdown_with_front_matter() {
    let md = "---\ntitle: Budget passes\nauthor: Jo Bloggs\ntags: [budget, parliament]\nembargo: 2024-05-01T09:00:00Z\n---\n\nThe budget passed **tonight**.\n\n<script>alert(1)</script>\n";
    let r = copydesk_wire::read(md.as_bytes(), &copydesk_wire::Limits::default()).expect("reads");
    let it = &r.items[0];
    assert_eq!(r.format, WireFormat::Markdown);
    assert_eq!(it.headline, "Budget passes");
    assert_eq!(it.byline.as_deref(), Some("Jo Bloggs"));
    assert_eq!(it.keywords, vec!["budget", "parliament"]);
    assert_eq!(it.embargo, ts("2024-05-01T09:00:00Z"));
    assert!(
        it.body.contains("**tonight**"),
        "the copy's own Markdown stays"
    );
    assert!(
        it.body.contains("\\<script>"),
        "raw HTML is shown, never run: {}",
        it.body
    );
}

#[test]
fn html_page_keeps_words_only() {
    let html = "<!DOCTYPE html><html><head><title>Site | Storm hits coast</title><script>evil()</script></head><body><nav><a href='/'>Home</a></nav><h1>Storm hits coast</h1><p>Winds of 120 km/h <a href=\"javascript:alert(1)\">struck</a> the coast.</p><p>More <b>rain</b> is due &amp; expected.</p><footer>© Site</footer></body></html>";
    let r = copydesk_wire::read(html.as_bytes(), &copydesk_wire::Limits::default()).expect("reads");
    let it = &r.items[0];
    assert_eq!(r.format, WireFormat::Html);
    assert_eq!(it.headline, "Storm hits coast");
    assert_eq!(
        it.body,
        "Winds of 120 km/h struck the coast.\n\nMore rain is due & expected."
    );
}

#[test]
fn escaped_embed_code_goes_to_removed() {
    let it = item("nitf/nitf-ntb.xml");
    assert!(!it.body.contains("script"), "{}", it.body);
    assert!(!it.body.contains("Embed ("), "{}", it.body);
    let embeds = it.removed.iter().filter(|r| r.kind == "embed").count();
    assert_eq!(embeds, 6, "three labels and three embeds: {:?}", it.removed);
    assert!(it
        .body
        .ends_with("Les faktasjekken på [Faktisk.no](https://www.faktisk.no/faktasjekker/a0G)"));
}

#[test]
fn replacement_note_is_for_the_editor() {
    let it = item("newsml-1.2/anp_belga.xml");
    assert!(it.body.starts_with("San Mateo (ANP) - FNV"), "{}", it.body);
    assert!(it
        .ednote
        .as_deref()
        .is_some_and(|e| e.contains("vervangt: FNV staat alleen met ultimatum")));
}

#[test]
fn agency_slug_is_not_the_headline() {
    let it = item("nitf/ap_media_text_nitf.xml");
    assert_eq!(it.headline, "BASEBALL'S TOP TEN");
    assert_eq!(it.slugline.as_deref(), Some("BC-BBN--Top Ten"));
    assert_eq!(it.byline.as_deref(), Some("By The Associated Press"));
}
