//! The first vertical slice, in the real app: write a draft, see it listed, restart the app,
//! find it again; the CLI sees the same draft, and what the CLI writes while the app is open
//! shows in the app without a reload.
use copydesk_e2e::{testid, E2eResult, Harness};

const HEADLINE: &str = "Harbour bridge to close for repairs";
const BODY: &str = "The harbour bridge will close for **three weeks** from Monday.";
const CLI_BODY: &str = "The harbour bridge will close for four weeks, the council said.";
const CLI_HEADLINE: &str = "Ferry timetable extended";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_saved_listed_and_still_there_after_a_restart() -> E2eResult {
    let mut h = Harness::start("first_draft")?;

    let app = h.launch().await?;
    h.shot(&app, "empty-desk").await?;

    // Settings open as a dialog that shows where things live, and Esc closes it.
    app.open_settings().await?;
    app.wait_text_with(
        "[role=dialog][aria-label=Settings]",
        &["Wire inbox", "Outbox"],
    )
    .await?;
    // The house style the checklist uses: the starter sheet until the desk writes its own.
    let house_style = testid("house-style");
    app.wait_until(
        "the starter house style in Settings",
        copydesk_e2e::WAIT,
        || app.value(&house_style),
        |v| v.as_deref().is_some_and(|v| v.contains("use = \"Kyiv\"")),
    )
    .await?;
    // What the desk holds, and the way to compact it.
    app.wait_text_with(
        &testid("storage"),
        &[
            "The desk's database is",
            "0 articles",
            "Compact the database",
        ],
    )
    .await?;
    app.click("compact").await?;
    app.wait_text_with("[role=dialog][aria-label=Settings]", &["Compacted:"])
        .await?;
    h.shot(&app, "settings").await?;
    app.close_dialog().await?;
    app.wait_text(&testid("draft-count"), "0").await?;

    app.new_draft(HEADLINE).await?;
    app.type_in("body", BODY).await?;
    // Tags live in the details panel, as chips: a comma makes one.
    app.click("metadata-toggle").await?;
    app.type_in("tags", "Transport, Local").await?;
    h.shot(&app, "draft-typed").await?;

    app.click("save").await?;
    app.wait_saved().await?;
    app.wait_texts("[data-testid=article-item] .headline", &[HEADLINE])
        .await?;
    let counts = app.text(&testid("counts")).await?.unwrap_or_default();
    assert!(counts.starts_with("10 words"), "{counts}");
    h.shot(&app, "draft-saved").await?;

    h.quit(app).await?;

    let app = h.launch().await?;
    app.wait_texts("[data-testid=article-item] .headline", &[HEADLINE])
        .await?;
    h.shot(&app, "after-restart").await?;
    app.click("article-item").await?;
    app.wait_body(BODY).await?;
    app.click("metadata-toggle").await?;
    assert_eq!(
        app.texts("[data-testid=tag-chip] .name").await?,
        ["Transport", "Local"]
    );
    h.shot(&app, "reopened").await?;

    // The CLI reads the same desk.
    let list = h.cli(&["article", "list"])?;
    assert_eq!(list[0]["headline"], HEADLINE);
    assert_eq!(list[0]["tags"], serde_json::json!(["Transport", "Local"]));

    // The CLI writes while the app is open: its edit shows in the open editor (nothing was
    // unsaved there) and its new draft in the list and the count, with no reload.
    let id = list[0]["id"]
        .as_i64()
        .ok_or("no id in the list")?
        .to_string();
    let body_file = h.data.path().join("cli-body.md");
    std::fs::write(&body_file, CLI_BODY)?;
    let body_file = body_file.to_str().ok_or("temp path is not UTF-8")?;
    h.cli(&["article", "edit", &id, "--body-file", body_file])?;
    app.wait_body(CLI_BODY).await?;
    h.cli(&["article", "new", "--headline", CLI_HEADLINE])?;
    app.wait_texts(
        "[data-testid=article-item] .headline",
        &[CLI_HEADLINE, HEADLINE],
    )
    .await?;
    app.wait_text(&testid("draft-count"), "2").await?;
    h.shot(&app, "cli-writes-shown-live").await?;

    // House style as you write: a moment after typing stops, "Kiev" is marked with the
    // desk's spelling on hover.
    app.type_in("body", " Ferries still run to Kiev.").await?;
    app.wait_text(&testid("style-flag"), "Kiev").await?;
    let hint = app
        .js(
            "return document.querySelector('[data-testid=style-flag]').getAttribute('title')",
            &[],
        )
        .await?;
    assert!(
        hint.as_str().is_some_and(|t| t.contains("Write: Kyiv")),
        "{hint:?}"
    );
    h.shot(&app, "house-style-marked").await?;
    // Ctrl+. takes the desk's word for the flag just typed; the mark goes with it.
    app.shortcut("body", false, '.').await?;
    app.wait_until(
        "Kyiv in place of Kiev",
        copydesk_e2e::WAIT,
        || copydesk_e2e::editor_text(&app),
        |t| t.as_deref().is_some_and(|t| t.contains("run to Kyiv.")),
    )
    .await?;
    app.wait_gone(&testid("style-flag")).await?;

    // Spelling too (the system's en_GB dictionary): a wavy mark, and Ctrl+. takes the first
    // suggestion.
    app.type_in("body", " Crews recieved it.").await?;
    app.wait_text(&testid("style-flag"), "recieved").await?;
    let kind = app
        .js(
            "return document.querySelector('[data-testid=style-flag]').getAttribute('data-kind')",
            &[],
        )
        .await?;
    assert_eq!(kind.as_str(), Some("spelling"));
    h.shot(&app, "spelling-marked").await?;
    app.shortcut("body", false, '.').await?;
    app.wait_gone(&testid("style-flag")).await?;
    h.quit(app).await?;
    Ok(())
}
