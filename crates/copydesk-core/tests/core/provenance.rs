//! Wire provenance over real sample files: copy taken to the desk, edited, pasted from another
//! agency, credited, and quoted from a story the agency then killed.
use crate::common::{clock, edit, open};
use copydesk_core::workflow::CheckLevel;
use copydesk_core::{ArticleDraft, Desk, IncomingFile, WireItem};
use std::path::Path;

fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/wire-samples")
            .join(rel),
    )
    .expect("sample file")
}

fn import(desk: &Desk, rel: &str) -> WireItem {
    let report = desk
        .import_file(IncomingFile {
            name: rel,
            bytes: &sample(rel),
        })
        .expect("import");
    report.lines[0].item.clone().expect("an item")
}

/// The body's text in `from..to` (UTF-16 units, as passages count).
fn slice(text: &str, from: u32, to: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[from as usize..to as usize]).expect("utf-16")
}

/// The first `n` words of `text`.
fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

const OWN: &str = "Our reporter spent the morning at the harbour, where fishing crews \
    watched the grey water and talked about prices, the weather and the coming season.";

#[test]
fn copy_taken_to_the_desk_still_matches_after_edits_and_names_its_agency() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    let item = import(&desk, "nitf/aap.xml");
    let draft = desk.take_to_desk(item.id).expect("take");
    let agency = item
        .copy
        .provider
        .clone()
        .or(item.copy.source.clone())
        .expect("AAP names itself");

    let p = desk.article_provenance(draft.id, None).expect("provenance");
    assert_eq!(p.sources[0].wire_item_id, item.id);
    assert_eq!(p.sources[0].provider, agency);
    assert!(p.wire_percent >= 80, "{p:?}");
    // The "*Source: …*" line the desk added is its own words, and credits the agency.
    assert!(p.agencies[0].credited, "{p:?}");
    assert_eq!(
        p.credit.as_deref(),
        Some(format!("With reporting from {agency}").as_str())
    );
    for passage in &p.passages {
        let text = slice(&draft.body, passage.from, passage.to);
        assert!(
            item.copy.body.contains(&text) || item.copy.headline.contains(&text),
            "{text:?}"
        );
    }

    // Every eighth word rewritten: the rest still matches, the rewritten words do not.
    let rewritten: Vec<String> = draft
        .body
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i % 8 == 7 {
                "zzzq".to_string()
            } else {
                w.to_string()
            }
        })
        .collect();
    let rewritten = rewritten.join(" ");
    let after = desk
        .article_provenance(draft.id, Some(&rewritten))
        .expect("provenance");
    assert!(after.wire_percent < p.wire_percent, "{after:?}");
    assert!(after.wire_percent >= 60, "{after:?}");
    assert!(after
        .passages
        .iter()
        .all(|x| !slice(&rewritten, x.from, x.to).contains("zzzq")));
}

#[test]
fn a_pasted_paragraph_is_found_and_the_checklist_asks_for_its_credit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    let afp = import(&desk, "newsml-1.2/afp.xml");
    let agency = afp.copy.provider.clone().expect("AFP names itself");
    let pasted = first_words(&afp.copy.body, 80);
    let story = desk
        .create_article(ArticleDraft {
            headline: "Harbour life".into(),
            byline: "Ana Reyes".into(),
            body: format!("{OWN}\n\n{pasted}\n"),
            ..Default::default()
        })
        .expect("draft");

    let p = desk.article_provenance(story.id, None).expect("provenance");
    assert_eq!(p.sources.len(), 1, "{p:?}");
    assert_eq!(p.sources[0].wire_item_id, afp.id);
    assert!((60..=85).contains(&p.wire_percent), "{p:?}");
    assert!(!p.agencies[0].credited);
    // The desk's own paragraph is not in any passage.
    assert!(p.passages.iter().all(|x| x.from as usize > OWN.len()));
    let checklist = desk.checklist(story.id, None).expect("checklist");
    let warning = format!("no credit to {agency}");
    assert!(
        checklist
            .iter()
            .any(|i| i.level == CheckLevel::Warn && i.text.contains(&warning)),
        "{checklist:?}"
    );

    // The credit line, added as the details panel adds it, settles it.
    let credited = desk
        .save_article(edit(
            &story,
            &format!(
                "{}\n\n*{}.*\n",
                story.body.trim_end(),
                p.credit.expect("credit")
            ),
            false,
        ))
        .expect("save");
    let p = desk
        .article_provenance(credited.id, None)
        .expect("provenance");
    assert!(p.agencies[0].credited, "{p:?}");
    let checklist = desk.checklist(story.id, None).expect("checklist");
    assert!(
        !checklist.iter().any(|i| i.text.contains(&warning)),
        "{checklist:?}"
    );
}

#[test]
fn a_desks_own_words_and_stock_phrases_are_not_wire_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    import(&desk, "newsml-1.2/afp.xml");
    import(&desk, "nitf/aap.xml");
    let story = desk
        .create_article(ArticleDraft {
            headline: "Harbour life".into(),
            body: format!("{OWN} The minister said on Tuesday that the government would act."),
            ..Default::default()
        })
        .expect("draft");
    let p = desk.article_provenance(story.id, None).expect("provenance");
    assert_eq!(p.wire_percent, 0, "{p:?}");
    assert!(p.sources.is_empty() && p.passages.is_empty() && p.credit.is_none());
}

#[test]
fn quoting_a_story_the_agency_killed_blocks_publishing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = open(dir.path(), clock());
    let first = import(
        &desk,
        "newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838",
    );
    let story = desk
        .create_article(ArticleDraft {
            headline: "Markets".into(),
            byline: "Ana Reyes".into(),
            body: format!("{OWN}\n\n{}\n", first_words(&first.copy.body, 60)),
            ..Default::default()
        })
        .expect("draft");
    let before = desk.checklist(story.id, None).expect("checklist");
    assert!(
        !before.iter().any(|i| i.text.contains("killed")),
        "{before:?}"
    );

    import(
        &desk,
        "newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538",
    );
    let p = desk.article_provenance(story.id, None).expect("provenance");
    assert!(
        p.sources
            .iter()
            .any(|s| s.wire_item_id == first.id && s.killed),
        "{p:?}"
    );
    let after = desk.checklist(story.id, None).expect("checklist");
    assert!(
        after
            .iter()
            .any(|i| i.level == CheckLevel::Block && i.text.contains("killed")),
        "{after:?}"
    );
}
