//! Editorial comments in the real app: a colleague's comment (written with the CLI) shows as
//! text with a count badge; open the panel from the keyboard, start a thread, reply, resolve
//! and reopen; light and dark.
use copydesk_e2e::{testid, E2eResult, Harness};
use fantoccini::key::Key;

const HOSTILE: &str = "<b>Who</b> confirmed the closure date? <img src=x>";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comment_reply_and_resolve_beside_the_editor() -> E2eResult {
    let mut h = Harness::start("comments")?;
    // Before the app starts: a draft, and an editor's comment on it from another desk.
    let article = h.cli(&["article", "new", "--headline", "Harbour bridge to close"])?;
    let id = article["id"].as_i64().ok_or("no id")?.to_string();
    h.cli(&[
        "--profile",
        "ed",
        "article",
        "comment",
        &id,
        "--text",
        HOSTILE,
    ])?;

    let app = h.launch().await?;
    app.wait_shown(&testid("article-item")).await?;
    app.click("article-item").await?;
    app.wait_text(&testid("comment-count"), "1").await?;

    // Ctrl+Shift+M opens the panel with the cursor in the new-comment box.
    app.shortcut("headline", true, 'm').await?;
    app.wait_focused("comment-new").await?;
    // The colleague's comment is text: no element was made from it, and it is not ours to edit.
    assert_eq!(app.texts(&testid("comment-body")).await?, [HOSTILE]);
    let made = app
        .js(
            "return document.querySelectorAll('[data-testid=comments] img, [data-testid=comments] .body b').length",
            &[],
        )
        .await?;
    assert_eq!(made.as_i64(), Some(0));
    assert!(app.texts(&testid("comment-edit")).await?.is_empty());

    // Start a thread (Ctrl+Enter sends), then answer the colleague.
    app.type_in(
        "comment-new",
        &format!("Photo needs a credit.{}{}", Key::Control, Key::Enter),
    )
    .await?;
    app.wait_count(&testid("thread"), 2).await?;
    app.click_css("[data-testid=thread] [data-testid=comment-reply]")
        .await?;
    app.type_in("comment-draft", "The port authority, by phone at 10:40.")
        .await?;
    app.click("comment-draft-send").await?;
    app.wait_texts(
        "[data-testid=thread] .replies [data-testid=comment-body]",
        &["The port authority, by phone at 10:40."],
    )
    .await?;
    assert_eq!(
        app.text(&testid("comment-count")).await?.as_deref(),
        Some("2")
    );
    h.shot(&app, "thread-with-reply").await?;

    // Resolve the first thread: it folds into the resolved list and the badge counts one.
    app.click_css("[data-testid=thread] [data-testid=thread-resolve]")
        .await?;
    app.wait_count(&testid("resolved-thread"), 1).await?;
    app.wait_count(&testid("thread"), 1).await?;
    assert_eq!(
        app.text(&testid("comment-count")).await?.as_deref(),
        Some("1")
    );
    let summary = app
        .text("[data-testid=resolved-thread] summary")
        .await?
        .unwrap_or_default();
    assert!(summary.contains("Resolved by"), "{summary}");
    h.shot(&app, "resolved").await?;

    // The backend agrees.
    let threads = h.cli(&["article", "comments", &id])?;
    assert!(threads[0]["resolved_at"].is_string());
    assert_eq!(threads[0]["replies"].as_array().map(Vec::len), Some(1));
    assert!(threads[1]["resolved_at"].is_null());

    // Open it, reopen it.
    app.click_css("[data-testid=resolved-thread] summary")
        .await?;
    app.click("thread-reopen").await?;
    app.wait_count(&testid("thread"), 2).await?;
    app.wait_count(&testid("resolved-thread"), 0).await?;

    // Dark theme, with the panel open.
    assert_eq!(app.toggle_theme().await?.as_deref(), Some("dark"));
    h.shot(&app, "comments-dark").await?;

    // Esc in the panel closes it.
    app.press("comment-new", Key::Escape).await?;
    app.wait_gone(&testid("comments")).await?;

    h.quit(app).await?;
    Ok(())
}
