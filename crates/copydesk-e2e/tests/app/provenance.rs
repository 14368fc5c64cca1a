//! Wire provenance in the real app: an agency's item taken to the desk is underlined where it
//! is still the agency's text, the details panel says how much of the story is wire copy and
//! the credit it implies, and adds that credit once the desk's own source line is gone.
use copydesk_e2e::{editor_visible_text, testid, E2eResult, Harness, WAIT};
use fantoccini::key::Key;
use std::path::Path;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wire_story_on_the_desk_shows_its_agency_and_gets_its_credit() -> E2eResult {
    let mut h = Harness::start("provenance")?;
    let app = h.launch().await?;
    app.go("wire").await?;
    let aap =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/wire-samples/nitf/aap.xml");
    let inbox = h.inbox_dir();
    std::fs::write(inbox.join("aap.xml.part"), std::fs::read(aap)?)?;
    std::fs::rename(inbox.join("aap.xml.part"), inbox.join("aap.xml"))?;
    let items = testid("wire-item");
    app.wait_until(
        "the AAP item in the queue",
        WAIT,
        || app.texts(&items),
        |items| items.len() == 1,
    )
    .await?;
    app.click("wire-item").await?;
    app.click("take-to-desk").await?;
    app.wait_until(
        "the draft taken from the wire",
        WAIT,
        || app.value("[data-testid=headline]"),
        |v| v.as_deref().is_some_and(|v| !v.is_empty()),
    )
    .await?;

    // The wire passages are underlined; the details panel says how much is the agency's copy.
    // The desk's "*Source: …*" line credits it, so no credit is asked for yet.
    let passages = testid("wire-passage");
    app.wait_until(
        "the wire passages marked",
        WAIT,
        || app.texts(&passages),
        |marks| !marks.is_empty(),
    )
    .await?;
    app.click("metadata-toggle").await?;
    let percent = testid("wire-percent");
    app.wait_until(
        "most of the draft to be wire copy",
        WAIT,
        || app.text(&percent),
        |t| {
            t.as_deref()
                .and_then(|t| t.split('%').next()?.trim().parse::<u32>().ok())
                .is_some_and(|p| p >= 80)
        },
    )
    .await?;
    app.wait_text_with(&testid("credit-line"), &["With reporting from"])
        .await?;
    assert!(app.texts(&testid("add-credit")).await?.is_empty());
    // Edited: the source line (the last line) replaced by the desk's own words. The agency is
    // now uncredited; the panel adds the credit line at the foot of the story.
    h.shot(&app, "provenance").await?;
    app.type_in("body", &format!("{}{}", Key::Control, Key::End))
        .await?;
    // Back onto the source line, and CodeMirror's delete-line (Ctrl+Shift+K).
    app.press("body", Key::Backspace).await?;
    app.type_in("body", &format!("{}{}k", Key::Control, Key::Shift))
        .await?;
    app.type_in("body", "Edited at the desk.").await?;
    h.shot(&app, "edited").await?;
    let add = testid("add-credit");
    app.wait_until(
        "the panel to ask for the credit",
        WAIT,
        || app.texts(&add),
        |b| b.len() == 1,
    )
    .await?;
    h.shot(&app, "provenance-uncredited").await?;
    app.click("add-credit").await?;
    app.wait_until(
        "the credit line in the story",
        WAIT,
        || editor_visible_text(&app),
        |draft| {
            draft
                .as_deref()
                .unwrap_or_default()
                .contains("*With reporting from ")
        },
    )
    .await?;
    app.wait_gone(&add).await?;
    h.shot(&app, "provenance-credited").await?;
    app.click("metadata-toggle").await?;
    h.quit(app).await?;
    Ok(())
}
