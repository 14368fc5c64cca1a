//! Editorial comments in the real app: a colleague's comment (written with the CLI) shows as
//! text with a count badge; open the panel from the keyboard, start a thread, reply, resolve
//! and reopen; light and dark.
use copydesk_e2e::{cli_binary, eventually, text, texts, E2eResult, Harness};
use fantoccini::key::Key;
use fantoccini::Locator;
use std::time::Duration;

const HOSTILE: &str = "<b>Who</b> confirmed the closure date? <img src=x>";

fn cli(h: &Harness, args: &[&str]) -> E2eResult<serde_json::Value> {
    let out = std::process::Command::new(cli_binary())
        .arg("--data-dir")
        .arg(h.desk_dir())
        .args(args)
        .arg("--json")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cli_binary().display()))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).to_string().into());
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}

async fn click(app: &fantoccini::Client, css: &str) -> E2eResult {
    app.find(Locator::Css(css)).await?.click().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comment_reply_and_resolve_beside_the_editor() -> E2eResult {
    let mut h = Harness::start("comments")?;
    // Before the app starts: a draft, and an editor's comment on it from another desk.
    let article = cli(
        &h,
        &["article", "new", "--headline", "Harbour bridge to close"],
    )?;
    let id = article["id"].as_i64().ok_or("no id")?.to_string();
    cli(
        &h,
        &[
            "--profile",
            "ed",
            "article",
            "comment",
            &id,
            "--text",
            HOSTILE,
        ],
    )?;

    let app = h.launch().await?;
    eventually("the draft in the list", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=article-item]").await?.is_some())
    })
    .await?;
    click(&app, "[data-testid=article-item]").await?;
    eventually("the comment badge", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=comment-count]").await?.as_deref() == Some("1"))
    })
    .await?;

    // Ctrl+Shift+M opens the panel with the cursor in the new-comment box.
    app.find(Locator::Css("[data-testid=headline]"))
        .await?
        .send_keys(&format!("{}{}m", Key::Control, Key::Shift))
        .await?;
    eventually("the panel", Duration::from_secs(10), || async {
        let focused = app
            .execute(
                "return document.activeElement?.dataset.testid ?? null",
                vec![],
            )
            .await?;
        Ok(focused.as_str() == Some("comment-new"))
    })
    .await?;
    // The colleague's comment is text: no element was made from it, and it is not ours to edit.
    assert_eq!(texts(&app, "[data-testid=comment-body]").await?, [HOSTILE]);
    let made = app
        .execute(
            "return document.querySelectorAll('[data-testid=comments] img, [data-testid=comments] .body b').length",
            vec![],
        )
        .await?;
    assert_eq!(made.as_i64(), Some(0));
    assert!(texts(&app, "[data-testid=comment-edit]").await?.is_empty());

    // Start a thread (Ctrl+Enter sends), then answer the colleague.
    app.find(Locator::Css("[data-testid=comment-new]"))
        .await?
        .send_keys(&format!(
            "Photo needs a credit.{}{}",
            Key::Control,
            Key::Enter
        ))
        .await?;
    eventually("two threads", Duration::from_secs(10), || async {
        Ok(texts(&app, "[data-testid=thread]").await?.len() == 2)
    })
    .await?;
    click(&app, "[data-testid=thread] [data-testid=comment-reply]").await?;
    app.find(Locator::Css("[data-testid=comment-draft]"))
        .await?
        .send_keys("The port authority, by phone at 10:40.")
        .await?;
    click(&app, "[data-testid=comment-draft-send]").await?;
    eventually("the reply", Duration::from_secs(10), || async {
        Ok(texts(
            &app,
            "[data-testid=thread] .replies [data-testid=comment-body]",
        )
        .await?
            == ["The port authority, by phone at 10:40."])
    })
    .await?;
    assert_eq!(
        text(&app, "[data-testid=comment-count]").await?.as_deref(),
        Some("2")
    );
    h.shot(&app, "thread-with-reply").await?;

    // Resolve the first thread: it folds into the resolved list and the badge counts one.
    click(&app, "[data-testid=thread] [data-testid=thread-resolve]").await?;
    eventually("the resolved thread", Duration::from_secs(10), || async {
        Ok(
            texts(&app, "[data-testid=resolved-thread]").await?.len() == 1
                && texts(&app, "[data-testid=thread]").await?.len() == 1,
        )
    })
    .await?;
    assert_eq!(
        text(&app, "[data-testid=comment-count]").await?.as_deref(),
        Some("1")
    );
    let summary = text(&app, "[data-testid=resolved-thread] summary")
        .await?
        .unwrap_or_default();
    assert!(summary.contains("Resolved by"), "{summary}");
    h.shot(&app, "resolved").await?;

    // The backend agrees.
    let threads = cli(&h, &["article", "comments", &id])?;
    assert!(threads[0]["resolved_at"].is_string());
    assert_eq!(threads[0]["replies"].as_array().map(Vec::len), Some(1));
    assert!(threads[1]["resolved_at"].is_null());

    // Open it, reopen it.
    click(&app, "[data-testid=resolved-thread] summary").await?;
    click(&app, "[data-testid=thread-reopen]").await?;
    eventually("the reopened thread", Duration::from_secs(10), || async {
        Ok(texts(&app, "[data-testid=thread]").await?.len() == 2
            && texts(&app, "[data-testid=resolved-thread]")
                .await?
                .is_empty())
    })
    .await?;

    // Dark theme, with the panel open.
    click(&app, "[data-testid=toggle-theme]").await?;
    let theme = app
        .execute("return document.documentElement.dataset.theme", vec![])
        .await?;
    assert_eq!(theme.as_str(), Some("dark"));
    h.shot(&app, "comments-dark").await?;

    // Esc in the panel closes it.
    app.find(Locator::Css("[data-testid=comment-new]"))
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;
    eventually("the panel to close", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=comments]").await?.is_none())
    })
    .await?;

    h.quit(app).await?;
    Ok(())
}
