//! The writing desk in the real app: write a draft with tags, find it through search, edit
//! it, look at the preview and the history, restore an earlier revision, set details in the
//! metadata panel, write in focus mode; light and dark.
use copydesk_e2e::{editor_text, testid, App, E2eResult, Harness, WAIT};
use fantoccini::key::Key;
use fantoccini::Locator;

const HEADLINE: &str = "Lighthouse keeper retires after forty years";
const FIRST_BODY: &str = "## A life at sea\n\nShe climbed the *132 steps* every night.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_find_edit_and_restore_a_draft() -> E2eResult {
    let mut h = Harness::start("writing_desk")?;
    let app = h.launch().await?;

    app.new_draft(HEADLINE).await?;
    app.type_in(
        "body",
        &format!(
            "## A life at sea{enter}{enter}She climbed the *132 steps* every night.",
            enter = Key::Enter
        ),
    )
    .await?;
    app.click("metadata-toggle").await?;
    app.type_in("tags", &format!("Coast, People{}", Key::Enter))
        .await?;
    assert_eq!(
        app.texts("[data-testid=tag-chip] .name").await?,
        ["Coast", "People"]
    );
    app.click("metadata-toggle").await?;
    app.click("save").await?;
    app.wait_saved().await?;

    // The editor's own CSS is in force under the strict CSP (it comes as an adopted
    // stylesheet, not an inline <style>): its root is a flex column, not a plain block.
    let display = app
        .js(
            "return getComputedStyle(document.querySelector('.cm-editor')).display",
            &[],
        )
        .await?;
    assert_eq!(display.as_str(), Some("flex"));

    // The preview is the backend's sanitised HTML.
    app.click("preview-toggle").await?;
    app.wait_until(
        "the preview",
        WAIT,
        || async {
            let html = app
                .js(
                    "const p = document.querySelector('[data-testid=preview]'); return p ? p.innerHTML : '';",
                    &[],
                )
                .await?;
            Ok(html.as_str().unwrap_or_default().to_string())
        },
        |html| html.contains("<h2>A life at sea</h2>") && html.contains("<em>132 steps</em>"),
    )
    .await?;
    h.shot(&app, "editor-preview-light").await?;
    app.click("preview-toggle").await?;

    // Edit: a second explicit save.
    app.type_in("body", " Her lamp never failed.").await?;
    app.click("save").await?;
    app.wait_saved().await?;

    // Find it through search (Ctrl+K), with a prefix of a tag and a word from the body.
    app.click("open-search").await?;
    app.type_in("search-input", "lamp coa").await?;
    app.wait_texts("[data-testid=search-hit] .headline", &[HEADLINE])
        .await?;
    h.shot(&app, "search").await?;
    app.press("search-input", Key::Enter).await?;
    app.wait_until(
        "the draft opened from search",
        WAIT,
        || editor_text(&app),
        |body| {
            body.as_deref()
                .unwrap_or_default()
                .ends_with("Her lamp never failed.")
        },
    )
    .await?;

    // The list narrows as a filter is typed; Esc clears it. "My drafts" holds this one.
    app.type_in("list-filter", "harbour").await?;
    app.wait_text(&testid("list-shown"), "0").await?;
    app.press("list-filter", Key::Escape).await?;
    app.wait_text(&testid("list-shown"), "1").await?;
    app.go("my_drafts").await?;
    app.wait_texts("[data-testid=article-item] .headline", &[HEADLINE])
        .await?;

    // History: restore the first revision.
    app.click("history-toggle").await?;
    app.wait_count("[data-testid=revision] .kind", 2).await?;
    let kinds = app.texts("[data-testid=revision] .kind").await?;
    assert_eq!(kinds, ["Saved", "Created"], "{kinds:?}");
    app.find(Locator::XPath("(//*[@data-testid='revision'])[last()]"))
        .await?
        .click()
        .await?;
    app.wait_shown("[data-testid=diff] ins").await?;
    h.shot(&app, "history-diff").await?;
    // Side by side: the old text with what was deleted, the latest with what was added.
    app.click("diff-side").await?;
    app.wait_text("[data-testid=diff-after] ins", "Her lamp never failed.")
        .await?;
    assert_eq!(
        app.text(&testid("diff-before")).await?.as_deref(),
        Some(FIRST_BODY)
    );
    h.shot(&app, "history-side-by-side").await?;
    app.click("restore").await?;
    app.wait_body(FIRST_BODY).await?;
    app.wait_until(
        "the restore in the history",
        WAIT,
        || app.text("[data-testid=revision] .kind"),
        |first| first.as_deref() == Some("Restored"),
    )
    .await?;

    // Details: a byline and one more tag chip (from the keyboard: Enter makes the chip), saved
    // and read back from the backend twice: by the app reopening the draft, and by the CLI.
    app.click("metadata-toggle").await?;
    app.type_in("meta-byline", "Kari Nordmann").await?;
    app.type_in("tags", &format!("Lighthouses{}", Key::Enter))
        .await?;
    app.wait_texts(
        "[data-testid=tag-chip] .name",
        &["Coast", "People", "Lighthouses"],
    )
    .await?;
    h.shot(&app, "metadata-panel").await?;
    app.click("save").await?;
    app.wait_saved().await?;
    // Open something else, then the draft again: the editor loads it from the backend.
    app.click("new-draft").await?;
    app.click("article-item").await?;
    app.wait_saved().await?;
    app.click("metadata-toggle").await?;
    assert_eq!(
        app.value(&testid("meta-byline")).await?.as_deref(),
        Some("Kari Nordmann")
    );
    assert_eq!(
        app.texts("[data-testid=tag-chip] .name").await?,
        ["Coast", "People", "Lighthouses"]
    );
    let list = h.cli(&["article", "list"])?;
    assert_eq!(
        list[0]["tags"],
        serde_json::json!(["Coast", "People", "Lighthouses"])
    );
    let id = list[0]["id"].to_string();
    let shown = h.cli(&["article", "show", &id])?;
    assert_eq!(shown["byline"], "Kari Nordmann");

    // A new draft's tag field suggests the desk's tags from what is typed; ↓ and Enter take one.
    app.click("new-draft").await?;
    app.click("metadata-toggle").await?;
    app.type_in("tags", "lig").await?;
    app.wait_texts("[data-testid=tag-suggestion] .name", &["Lighthouses"])
        .await?;
    h.shot(&app, "tag-suggestion").await?;
    app.type_in("tags", &format!("{}{}", Key::Down, Key::Enter))
        .await?;
    app.wait_texts("[data-testid=tag-chip] .name", &["Lighthouses"])
        .await?;
    app.click("article-item").await?;
    app.wait_saved().await?;

    // Focus mode from the keyboard: only the text, the cursor's line mid-window; Esc leaves.
    app.shortcut("body", true, 'f').await?;
    wait_focus_mode(&app, true).await?;
    app.wait_until(
        "the cursor line mid-window",
        WAIT,
        || async {
            let offset = app
                .js(
                    "const c = document.querySelector('.cm-cursor-primary');
                     if (!c) return 1;
                     const r = c.getBoundingClientRect();
                     return Math.abs((r.top + r.bottom) / 2 - innerHeight / 2) / innerHeight;",
                    &[],
                )
                .await?;
            Ok(offset.as_f64().unwrap_or(1.0))
        },
        |offset| *offset < 0.1,
    )
    .await?;
    h.shot(&app, "focus-mode-light").await?;
    app.press("body", Key::Escape).await?;
    wait_focus_mode(&app, false).await?;

    // Dark theme.
    assert_eq!(app.toggle_theme().await?.as_deref(), Some("dark"));
    h.shot(&app, "editor-dark").await?;

    // The details from the keyboard: Ctrl+I opens them with the cursor in the first field,
    // Esc closes them and gives the cursor back to the body.
    app.shortcut("body", false, 'i').await?;
    app.wait_focused("meta-slug").await?;
    h.shot(&app, "metadata-dark").await?;
    app.press("meta-slug", Key::Escape).await?;
    app.wait_gone(&testid("metadata")).await?;
    app.wait_focused("body").await?;
    app.click("focus-toggle").await?;
    wait_focus_mode(&app, true).await?;
    h.shot(&app, "focus-mode-dark").await?;
    h.quit(app).await?;
    Ok(())
}

/// Waits until the editor covers the window in focus mode (the navigator's corner is under it
/// and the bars are hidden), or, with `on` false, no longer does.
async fn wait_focus_mode(app: &App, on: bool) -> E2eResult {
    app.wait_until(
        if on { "focus mode" } else { "focus mode left" },
        WAIT,
        || async {
            let covered = app
                .js(
                    "const corner = document.elementFromPoint(20, 20);
                     const bar = document.querySelector('[data-testid=save]');
                     return !!corner && !!corner.closest('.editor.focus') && !!bar && bar.offsetParent === null;",
                    &[],
                )
                .await?;
            Ok(covered.as_bool() == Some(true))
        },
        |covered| *covered == on,
    )
    .await?;
    Ok(())
}
