//! The wire inbox chosen in Settings: the folder stored with the desk is watched at start,
//! moving it in Settings moves the watcher at once (the old folder is no longer read), and
//! the choice survives a restart.
use copydesk_e2e::{testid, App, E2eResult, Harness, WAIT};
use std::path::Path;

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

/// Waits until the wire queue holds exactly these headlines, in any order.
async fn queue_has(app: &App, headlines: &[&str]) -> E2eResult {
    let mut wanted: Vec<String> = headlines.iter().map(|h| h.to_string()).collect();
    wanted.sort();
    app.wait_until(
        "the wire queue",
        WAIT,
        || async {
            let mut shown = app.texts("[data-testid=wire-item] .headline").await?;
            shown.sort();
            Ok(shown)
        },
        |shown| *shown == wanted,
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_the_inbox_in_settings_moves_the_watcher_and_is_kept() -> E2eResult {
    let mut h = Harness::start_with_chosen_inbox("inbox_settings")?;
    let first = h.data.path().join("first-inbox");
    let second = h.data.path().join("share").join("wire");
    // Chosen beforehand from the command line (the same stored setting Settings changes).
    h.cli(&["wire", "inbox", "--folder", first.to_str().ok_or("path")?])?;

    let app = h.launch().await?;
    app.go("wire").await?;
    drop_story(&first, "one.txt", "Ferry strike called off")?;
    queue_has(&app, &["Ferry strike called off"]).await?;

    // Settings: type the new folder, ask for polling (a network share), move.
    app.open_settings().await?;
    assert_eq!(
        app.value(&testid("inbox-folder")).await?.as_deref(),
        first.to_str()
    );
    app.fill("inbox-folder", second.to_str().ok_or("path")?)
        .await?;
    app.click("inbox-polling").await?;
    app.click("move-inbox").await?;
    app.wait_until(
        "the move confirmed",
        WAIT,
        || app.texts("[role=dialog] [role=status]"),
        |status| status.iter().any(|s| s.starts_with("Inbox moved")),
    )
    .await?;
    h.shot(&app, "settings-inbox-moved").await?;
    app.close_dialog().await?;

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
    app.open_settings().await?;
    assert_eq!(
        app.value(&testid("inbox-folder")).await?.as_deref(),
        second.to_str()
    );
    assert!(app.checked("inbox-polling").await?);
    h.quit(app).await?;
    Ok(())
}
