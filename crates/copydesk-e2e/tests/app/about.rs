//! After a run that stopped unexpectedly the app says so once and offers the report it left;
//! the About box shows the version and where the desk keeps its things.
use copydesk_e2e::{testid, E2eResult, Harness};

fn leave_report(h: &Harness, at_ms: i64, what: &str) -> E2eResult {
    let folder = h.desk_dir().join("Crashes");
    std::fs::create_dir_all(&folder)?;
    std::fs::write(
        folder.join(format!("crash-{at_ms}.txt")),
        format!("copydesk-app 0.1.0 stopped: {what}\n\nAt: src/lib.rs:1\n"),
    )?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_report_is_offered_once_and_about_shows_the_folders() -> E2eResult {
    let mut h = Harness::start("about")?;
    leave_report(&h, 1_765_000_000_000, "index out of bounds")?;
    let app = h.launch().await?;
    app.wait_text_with(
        &testid("crash-offer"),
        &["stopped unexpectedly", "index out of bounds"],
    )
    .await?;
    h.shot(&app, "crash-offered").await?;
    app.click("crash-dismiss").await?;
    app.wait_gone(&testid("crash-offer")).await?;

    app.click("open-about").await?;
    app.wait_text(&testid("about-version"), "v0.1.0").await?;
    let data = app.text(&testid("about-data")).await?.unwrap_or_default();
    assert_eq!(data, h.desk_dir().display().to_string());
    h.shot(&app, "about").await?;
    app.close_dialog().await?;
    h.quit(app).await?;

    // Dismissed is not offered again; a newer report is.
    leave_report(&h, 1_765_000_100_000, "stack overflow")?;
    let app = h.launch().await?;
    app.wait_text_with(&testid("crash-offer"), &["stack overflow"])
        .await?;
    app.click("crash-dismiss").await?;
    h.quit(app).await?;
    let app = h.launch().await?;
    // Opening About takes several round trips after the launch's own look for a report.
    app.click("open-about").await?;
    app.wait_text(&testid("about-version"), "v0.1.0").await?;
    assert!(
        app.text(&testid("crash-offer")).await?.is_none(),
        "a dismissed report was offered again"
    );
    h.quit(app).await?;
    Ok(())
}
