//! The first vertical slice, in the real app: write a draft, see it listed, restart the app,
//! find it again; and the CLI sees the same draft.
use copydesk_e2e::{cli_binary, editor_text, eventually, text, texts, E2eResult, Harness};
use fantoccini::Locator;
use std::time::Duration;

const HEADLINE: &str = "Harbour bridge to close for repairs";
const BODY: &str = "The harbour bridge will close for **three weeks** from Monday.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_saved_listed_and_still_there_after_a_restart() -> E2eResult {
    let mut h = Harness::start("first_draft")?;

    let app = h.launch().await?;
    h.shot(&app, "empty-desk").await?;

    // Settings open as a dialog that shows where things live, and Esc closes it.
    app.find(Locator::Css("[data-testid=open-settings]"))
        .await?
        .click()
        .await?;
    eventually("the settings dialog", Duration::from_secs(10), || async {
        let shown = text(&app, "[role=dialog][aria-label=Settings]")
            .await?
            .unwrap_or_default();
        Ok(shown.contains("Wire inbox") && shown.contains("Outbox"))
    })
    .await?;
    h.shot(&app, "settings").await?;
    app.find(Locator::Css("[role=dialog][aria-label=Settings]"))
        .await?
        .send_keys(&fantoccini::key::Key::Escape.to_string())
        .await?;
    eventually("the dialog to close", Duration::from_secs(10), || async {
        Ok(text(&app, "[role=dialog]").await?.is_none())
    })
    .await?;
    assert_eq!(
        text(&app, "[data-testid=draft-count]").await?.as_deref(),
        Some("0")
    );

    app.find(Locator::Css("[data-testid=new-draft]"))
        .await?
        .click()
        .await?;
    let headline = app.find(Locator::Css("[data-testid=headline]")).await?;
    headline.send_keys(HEADLINE).await?;
    app.find(Locator::Css("[data-testid=body]"))
        .await?
        .send_keys(BODY)
        .await?;
    // Tags live in the details panel, as chips: a comma makes one.
    app.find(Locator::Css("[data-testid=metadata-toggle]"))
        .await?
        .click()
        .await?;
    app.find(Locator::Css("[data-testid=tags]"))
        .await?
        .send_keys("Transport, Local")
        .await?;
    h.shot(&app, "draft-typed").await?;

    app.find(Locator::Css("[data-testid=save]"))
        .await?
        .click()
        .await?;
    eventually("the draft to be saved", Duration::from_secs(10), || async {
        let status = text(&app, "[data-testid=save-status]")
            .await?
            .unwrap_or_default();
        Ok(status.starts_with("Saved"))
    })
    .await?;
    eventually(
        "the draft to appear in the list",
        Duration::from_secs(10),
        || async { Ok(texts(&app, "[data-testid=article-item] .headline").await? == [HEADLINE]) },
    )
    .await?;
    let counts = text(&app, "[data-testid=counts]")
        .await?
        .unwrap_or_default();
    assert!(counts.starts_with("10 words"), "{counts}");
    h.shot(&app, "draft-saved").await?;

    h.quit(app).await?;

    let app = h.launch().await?;
    eventually(
        "the draft to be listed after the restart",
        Duration::from_secs(10),
        || async { Ok(texts(&app, "[data-testid=article-item] .headline").await? == [HEADLINE]) },
    )
    .await?;
    h.shot(&app, "after-restart").await?;
    app.find(Locator::Css("[data-testid=article-item]"))
        .await?
        .click()
        .await?;
    eventually("the draft to open", Duration::from_secs(10), || async {
        Ok(editor_text(&app).await?.as_deref() == Some(BODY))
    })
    .await?;
    app.find(Locator::Css("[data-testid=metadata-toggle]"))
        .await?
        .click()
        .await?;
    assert_eq!(
        texts(&app, "[data-testid=tag-chip] .name").await?,
        ["Transport", "Local"]
    );
    h.shot(&app, "reopened").await?;
    h.quit(app).await?;

    // The CLI reads the same desk.
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
    assert_eq!(list[0]["headline"], HEADLINE);
    assert_eq!(list[0]["tags"], serde_json::json!(["Transport", "Local"]));
    Ok(())
}
