//! The writing desk in the real app: write a draft with tags, find it through search, edit
//! it, look at the preview and the history, restore an earlier revision; light and dark.
use copydesk_e2e::{eventually, text, texts, value, E2eResult, Harness};
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
    app.find(Locator::Css("[data-testid=tags]"))
        .await?
        .send_keys("Coast, People")
        .await?;
    app.find(Locator::Css("[data-testid=save]"))
        .await?
        .click()
        .await?;
    saved(&app).await?;

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
            Ok(value(&app, "[data-testid=body]")
                .await?
                .unwrap_or_default()
                .ends_with("Her lamp never failed."))
        },
    )
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
    app.find(Locator::Css("[data-testid=restore]"))
        .await?
        .click()
        .await?;
    eventually("the restored text", Duration::from_secs(10), || async {
        let body = value(&app, "[data-testid=body]").await?.unwrap_or_default();
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
    h.quit(app).await?;
    Ok(())
}
