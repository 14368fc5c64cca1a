//! The wire inbox chosen in Settings: the folder stored with the desk is watched at start,
//! moving it in Settings moves the watcher at once (the old folder is no longer read), and
//! the choice survives a restart.
use copydesk_e2e::{cli_binary, eventually, texts, value, E2eResult, Harness};
use fantoccini::key::Key;
use fantoccini::Locator;
use std::path::Path;
use std::time::Duration;

/// A plain-text wire file: the first line is its headline.
fn drop_story(folder: &Path, name: &str, headline: &str) -> E2eResult {
    std::fs::create_dir_all(folder)?;
    let part = folder.join(format!(".{name}.part"));
    std::fs::write(
        &part,
        format!("{headline}\n\nThe council met on Tuesday.\n"),
    )?;
    std::fs::rename(part, folder.join(name))?;
    Ok(())
}

async fn queue_has(app: &fantoccini::Client, headlines: &[&str]) -> E2eResult {
    let wanted: Vec<String> = headlines.iter().map(|h| h.to_string()).collect();
    eventually("the wire queue", Duration::from_secs(15), || async {
        let mut shown = texts(app, "[data-testid=wire-item] .headline").await?;
        shown.sort();
        let mut wanted = wanted.clone();
        wanted.sort();
        Ok(shown == wanted)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_the_inbox_in_settings_moves_the_watcher_and_is_kept() -> E2eResult {
    let mut h = Harness::start_with_chosen_inbox("inbox_settings")?;
    let first = h.data.path().join("first-inbox");
    let second = h.data.path().join("share").join("wire");
    // Chosen beforehand from the command line (the same stored setting Settings changes).
    let out = std::process::Command::new(cli_binary())
        .arg("--data-dir")
        .arg(h.desk_dir())
        .args(["wire", "inbox", "--folder"])
        .arg(&first)
        .output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let app = h.launch().await?;
    app.find(Locator::Css("[data-testid=nav-wire]"))
        .await?
        .click()
        .await?;
    drop_story(&first, "one.txt", "Ferry strike called off")?;
    queue_has(&app, &["Ferry strike called off"]).await?;

    // Settings: type the new folder, ask for polling (a network share), move.
    app.find(Locator::Css("[data-testid=open-settings]"))
        .await?
        .click()
        .await?;
    assert_eq!(
        value(&app, "[data-testid=inbox-folder]").await?.as_deref(),
        first.to_str()
    );
    app.execute(
        "const e = document.querySelector('[data-testid=inbox-folder]');
         e.value = arguments[0]; e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![serde_json::Value::String(second.display().to_string())],
    )
    .await?;
    app.find(Locator::Css("[data-testid=inbox-polling]"))
        .await?
        .click()
        .await?;
    app.find(Locator::Css("[data-testid=move-inbox]"))
        .await?
        .click()
        .await?;
    eventually("the move confirmed", Duration::from_secs(10), || async {
        let status = texts(&app, "[role=dialog] [role=status]").await?;
        Ok(status.iter().any(|s| s.starts_with("Inbox moved")))
    })
    .await?;
    h.shot(&app, "settings-inbox-moved").await?;
    app.find(Locator::Css("[role=dialog]"))
        .await?
        .send_keys(&Key::Escape.to_string())
        .await?;

    // The old folder is no longer read; the new one is (polled, so allow a few seconds).
    drop_story(&first, "two.txt", "Left behind in the old folder")?;
    drop_story(&second, "three.txt", "Harbour reopens after storm")?;
    queue_has(
        &app,
        &["Ferry strike called off", "Harbour reopens after storm"],
    )
    .await?;
    assert!(
        first.join("two.txt").exists(),
        "the old inbox is not watched any more"
    );
    assert!(!second.join("three.txt").exists(), "imported and archived");

    // After a restart the app watches the folder chosen in Settings.
    h.quit(app).await?;
    let app = h.launch().await?;
    app.find(Locator::Css("[data-testid=open-settings]"))
        .await?
        .click()
        .await?;
    assert_eq!(
        value(&app, "[data-testid=inbox-folder]").await?.as_deref(),
        second.to_str()
    );
    assert_eq!(
        app.execute(
            "return document.querySelector('[data-testid=inbox-polling]').checked;",
            vec![]
        )
        .await?,
        serde_json::Value::Bool(true)
    );
    h.quit(app).await?;
    Ok(())
}
