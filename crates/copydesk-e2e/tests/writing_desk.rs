//! The writing desk in the real app: write a draft with tags, find it through search, edit
//! it, look at the preview and the history, restore an earlier revision, set details in the
//! metadata panel, write in focus mode; light and dark.
use copydesk_e2e::{cli_binary, editor_text, eventually, text, texts, value, E2eResult, Harness};
use fantoccini::key::Key;
use fantoccini::Locator;
use std::time::Duration;

async fn saved(app: &fantoccini::Client) -> E2eResult {
    eventually("the save", Duration::from_secs(10), || async {
        let status = text(app, "[data-testid=save-status]")
            .await?
            .unwrap_or_default();
        Ok(status.starts_with("Saved"))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_find_edit_and_restore_a_draft() -> E2eResult {
    let mut h = Harness::start("writing_desk")?;
    let app = h.launch().await?;

    app.find(Locator::Css("[data-testid=new-draft]"))
        .await?
        .click()
        .await?;
    app.find(Locator::Css("[data-testid=headline]"))
        .await?
        .send_keys("Lighthouse keeper retires after forty years")
        .await?;
    app.find(Locator::Css("[data-testid=body]"))
        .await?
        .send_keys(&format!(
            "## A life at sea{enter}{enter}She climbed the *132 steps* every night.",
            enter = Key::Enter
        ))
        .await?;
    app.find(Locator::Css("[data-testid=metadata-toggle]"))
        .await?
        .click()
        .await?;
    app.find(Locator::Css("[data-testid=tags]"))
        .await?
        .send_keys(&format!("Coast, People{}", Key::Enter))
        .await?;
    assert_eq!(
        texts(&app, "[data-testid=tag-chip] .name").await?,
        ["Coast", "People"]
    );
    app.find(Locator::Css("[data-testid=metadata-toggle]"))
        .await?
        .click()
        .await?;
    app.find(Locator::Css("[data-testid=save]"))
        .await?
        .click()
        .await?;
    saved(&app).await?;

    // The editor's own CSS is in force under the strict CSP (it comes as an adopted
    // stylesheet, not an inline <style>): its root is a flex column, not a plain block.
    let display = app
        .execute(
            "return getComputedStyle(document.querySelector('.cm-editor')).display",
            vec![],
        )
        .await?;
    assert_eq!(display.as_str(), Some("flex"));

    // The preview is the backend's sanitised HTML.
    app.find(Locator::Css("[data-testid=preview-toggle]"))
        .await?
        .click()
        .await?;
    eventually("the preview", Duration::from_secs(10), || async {
        let html = app
            .execute(
                "const p = document.querySelector('[data-testid=preview]'); return p ? p.innerHTML : '';",
                vec![],
            )
            .await?;
        let html = html.as_str().unwrap_or_default().to_string();
        Ok(html.contains("<h2>A life at sea</h2>") && html.contains("<em>132 steps</em>"))
    })
    .await?;
    h.shot(&app, "editor-preview-light").await?;
    app.find(Locator::Css("[data-testid=preview-toggle]"))
        .await?
        .click()
        .await?;

    // Edit: a second explicit save.
    let body = app.find(Locator::Css("[data-testid=body]")).await?;
    body.send_keys(" Her lamp never failed.").await?;
    app.find(Locator::Css("[data-testid=save]"))
        .await?
        .click()
        .await?;
    saved(&app).await?;

    // Find it through search (Ctrl+K), with a prefix of a tag and a word from the body.
    app.find(Locator::Css("[data-testid=open-search]"))
        .await?
        .click()
        .await?;
    app.find(Locator::Css("[data-testid=search-input]"))
        .await?
        .send_keys("lamp coa")
        .await?;
    eventually("a search hit", Duration::from_secs(10), || async {
        Ok(texts(&app, "[data-testid=search-hit] .headline").await?
            == ["Lighthouse keeper retires after forty years"])
    })
    .await?;
    h.shot(&app, "search").await?;
    app.find(Locator::Css("[data-testid=search-input]"))
        .await?
        .send_keys(&Key::Enter.to_string())
        .await?;
    eventually(
        "the draft opened from search",
        Duration::from_secs(10),
        || async {
            Ok(editor_text(&app)
                .await?
                .unwrap_or_default()
                .ends_with("Her lamp never failed."))
        },
    )
    .await?;

    // The list narrows as a filter is typed; Esc clears it. "My drafts" holds this one.
    app.find(Locator::Css("[data-testid=list-filter]"))
        .await?
        .send_keys("harbour")
        .await?;
    eventually("the filtered list", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=list-shown]").await?.as_deref() == Some("0"))
    })
    .await?;
    app.find(Locator::Css("[data-testid=list-filter]"))
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;
    eventually("the list back", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=list-shown]").await?.as_deref() == Some("1"))
    })
    .await?;
    app.find(Locator::Css("[data-testid=nav-my_drafts]"))
        .await?
        .click()
        .await?;
    eventually("my drafts", Duration::from_secs(10), || async {
        Ok(texts(&app, "[data-testid=article-item] .headline").await?
            == ["Lighthouse keeper retires after forty years"])
    })
    .await?;

    // History: restore the first revision.
    app.find(Locator::Css("[data-testid=history-toggle]"))
        .await?
        .click()
        .await?;
    eventually("two revisions", Duration::from_secs(10), || async {
        Ok(texts(&app, "[data-testid=revision] .kind").await?.len() == 2)
    })
    .await?;
    let kinds = texts(&app, "[data-testid=revision] .kind").await?;
    assert_eq!(kinds, ["Saved", "Created"], "{kinds:?}");
    app.find(Locator::XPath("(//*[@data-testid='revision'])[last()]"))
        .await?
        .click()
        .await?;
    eventually("the diff", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=diff] ins").await?.is_some())
    })
    .await?;
    h.shot(&app, "history-diff").await?;
    // Side by side: the old text with what was deleted, the latest with what was added.
    app.find(Locator::Css("[data-testid=diff-side]"))
        .await?
        .click()
        .await?;
    eventually("the side-by-side diff", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=diff-after] ins").await?.as_deref()
            == Some("Her lamp never failed."))
    })
    .await?;
    assert_eq!(
        text(&app, "[data-testid=diff-before]").await?.as_deref(),
        Some("## A life at sea\n\nShe climbed the *132 steps* every night.")
    );
    h.shot(&app, "history-side-by-side").await?;
    app.find(Locator::Css("[data-testid=restore]"))
        .await?
        .click()
        .await?;
    eventually("the restored text", Duration::from_secs(10), || async {
        let body = editor_text(&app).await?.unwrap_or_default();
        Ok(body == "## A life at sea\n\nShe climbed the *132 steps* every night.")
    })
    .await?;
    eventually(
        "the restore in the history",
        Duration::from_secs(10),
        || async {
            Ok(texts(&app, "[data-testid=revision] .kind")
                .await?
                .first()
                .map(String::as_str)
                == Some("Restored"))
        },
    )
    .await?;

    // Details: a byline and one more tag chip (from the keyboard: Enter makes the chip), saved
    // and read back from the backend twice: by the app reopening the draft, and by the CLI.
    app.find(Locator::Css("[data-testid=metadata-toggle]"))
        .await?
        .click()
        .await?;
    app.find(Locator::Css("[data-testid=meta-byline]"))
        .await?
        .send_keys("Kari Nordmann")
        .await?;
    app.find(Locator::Css("[data-testid=tags]"))
        .await?
        .send_keys(&format!("Lighthouses{}", Key::Enter))
        .await?;
    eventually("the new chip", Duration::from_secs(5), || async {
        Ok(
            texts(&app, "[data-testid=tag-chip] .name").await?
                == ["Coast", "People", "Lighthouses"],
        )
    })
    .await?;
    h.shot(&app, "metadata-panel").await?;
    app.find(Locator::Css("[data-testid=save]"))
        .await?
        .click()
        .await?;
    saved(&app).await?;
    // Open something else, then the draft again: the editor loads it from the backend.
    app.find(Locator::Css("[data-testid=new-draft]"))
        .await?
        .click()
        .await?;
    app.find(Locator::Css("[data-testid=article-item]"))
        .await?
        .click()
        .await?;
    eventually("the draft reopened", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=save-status]")
            .await?
            .unwrap_or_default()
            .starts_with("Saved"))
    })
    .await?;
    app.find(Locator::Css("[data-testid=metadata-toggle]"))
        .await?
        .click()
        .await?;
    assert_eq!(
        value(&app, "[data-testid=meta-byline]").await?.as_deref(),
        Some("Kari Nordmann")
    );
    assert_eq!(
        texts(&app, "[data-testid=tag-chip] .name").await?,
        ["Coast", "People", "Lighthouses"]
    );
    let out = std::process::Command::new(cli_binary())
        .arg("--data-dir")
        .arg(h.desk_dir())
        .args(["article", "list", "--json"])
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(
        list[0]["tags"],
        serde_json::json!(["Coast", "People", "Lighthouses"])
    );
    let id = list[0]["id"].to_string();
    let out = std::process::Command::new(cli_binary())
        .arg("--data-dir")
        .arg(h.desk_dir())
        .args(["article", "show", &id, "--json"])
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(shown["byline"], "Kari Nordmann");

    // A new draft's tag field suggests the desk's tags from what is typed; ↓ and Enter take one.
    app.find(Locator::Css("[data-testid=new-draft]"))
        .await?
        .click()
        .await?;
    app.find(Locator::Css("[data-testid=metadata-toggle]"))
        .await?
        .click()
        .await?;
    let tags = app.find(Locator::Css("[data-testid=tags]")).await?;
    tags.send_keys("lig").await?;
    eventually("a tag suggestion", Duration::from_secs(5), || async {
        Ok(texts(&app, "[data-testid=tag-suggestion] .name").await? == ["Lighthouses"])
    })
    .await?;
    h.shot(&app, "tag-suggestion").await?;
    tags.send_keys(&format!("{}{}", Key::Down, Key::Enter))
        .await?;
    eventually("the suggested chip", Duration::from_secs(5), || async {
        Ok(texts(&app, "[data-testid=tag-chip] .name").await? == ["Lighthouses"])
    })
    .await?;
    app.find(Locator::Css("[data-testid=article-item]"))
        .await?
        .click()
        .await?;
    saved(&app).await?;

    // Focus mode from the keyboard: only the text, the cursor's line mid-window; Esc leaves.
    let body = app.find(Locator::Css("[data-testid=body]")).await?;
    body.send_keys(&format!("{}{}f", Key::Control, Key::Shift))
        .await?;
    eventually("focus mode", Duration::from_secs(5), || async {
        focus_mode_covers_the_window(&app).await
    })
    .await?;
    eventually(
        "the cursor line mid-window",
        Duration::from_secs(5),
        || async {
            let offset = app
                .execute(
                    "const c = document.querySelector('.cm-cursor-primary');
                 if (!c) return 1;
                 const r = c.getBoundingClientRect();
                 return Math.abs((r.top + r.bottom) / 2 - innerHeight / 2) / innerHeight;",
                    vec![],
                )
                .await?;
            Ok(offset.as_f64().unwrap_or(1.0) < 0.1)
        },
    )
    .await?;
    h.shot(&app, "focus-mode-light").await?;
    app.find(Locator::Css("[data-testid=body]"))
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;
    eventually("focus mode left", Duration::from_secs(5), || async {
        Ok(!focus_mode_covers_the_window(&app).await?)
    })
    .await?;

    // Dark theme.
    app.find(Locator::Css("[data-testid=toggle-theme]"))
        .await?
        .click()
        .await?;
    let theme = app
        .execute("return document.documentElement.dataset.theme", vec![])
        .await?;
    assert_eq!(theme.as_str(), Some("dark"));
    h.shot(&app, "editor-dark").await?;

    // The details from the keyboard: Ctrl+I opens them with the cursor in the first field,
    // Esc closes them and gives the cursor back to the body.
    app.find(Locator::Css("[data-testid=body]"))
        .await?
        .send_keys(&format!("{}i", Key::Control))
        .await?;
    eventually("the details, focused", Duration::from_secs(5), || async {
        let focused = app
            .execute(
                "return document.activeElement?.dataset.testid ?? null",
                vec![],
            )
            .await?;
        Ok(focused.as_str() == Some("meta-slug"))
    })
    .await?;
    h.shot(&app, "metadata-dark").await?;
    app.find(Locator::Css("[data-testid=meta-slug]"))
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;
    eventually("the details closed", Duration::from_secs(5), || async {
        let back = app
            .execute(
                "return !document.querySelector('[data-testid=metadata]')
                   && document.activeElement?.dataset.testid === 'body'",
                vec![],
            )
            .await?;
        Ok(back.as_bool() == Some(true))
    })
    .await?;
    app.find(Locator::Css("[data-testid=focus-toggle]"))
        .await?
        .click()
        .await?;
    eventually("focus mode again", Duration::from_secs(5), || async {
        focus_mode_covers_the_window(&app).await
    })
    .await?;
    h.shot(&app, "focus-mode-dark").await?;
    h.quit(app).await?;
    Ok(())
}

/// Whether the editor covers the window in focus mode: the navigator's corner is under it and
/// the bars are hidden.
async fn focus_mode_covers_the_window(app: &fantoccini::Client) -> E2eResult<bool> {
    let covered = app
        .execute(
            "const corner = document.elementFromPoint(20, 20);
             const bar = document.querySelector('[data-testid=save]');
             return !!corner && !!corner.closest('.editor.focus') && !!bar && bar.offsetParent === null;",
            vec![],
        )
        .await?;
    Ok(covered.as_bool() == Some(true))
}
