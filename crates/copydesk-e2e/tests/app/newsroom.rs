//! The newsroom in the real app: a throwaway PostgreSQL and the real `copydesk-server`, the app
//! signing in from Settings as an editor, and another desk (a writer's working copy, through
//! copydesk-core as the CLI uses it) filing and editing a story. What the other desk does
//! appears in the open app without a reload; a story it holds opens read-only with its live
//! text and "wendy is editing" until the editor takes it over; stopping the server turns the
//! badge to offline, counting the changes that wait, and they go when it is back.
use copydesk_core::{ArticleDraft, ArticleEdit, DataDir, Desk, DeskConfig};
use copydesk_e2e::newsroom::{Newsroom, PASSWORD};
use copydesk_e2e::{testid, E2eResult, Harness};
use std::time::Duration;

const FILED: &str = "Ferry strike called off";
const HELD: &str = "Council budget vote tonight";

fn other_desk(dir: &std::path::Path) -> Desk {
    let mut config = DeskConfig::new(DataDir::new(dir));
    config.outbox = dir.join("Outbox");
    Desk::open(config).expect("open the writer's desk")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_joins_a_newsroom_and_follows_another_desk_live() -> E2eResult {
    let mut newsroom = Newsroom::start()?;
    let mut h = Harness::start("newsroom")?;
    let app = h.launch().await?;
    let badge = testid("newsroom-badge");
    // Working locally is the default.
    app.wait_text(&badge, "Local").await?;

    // Sign in from Settings, as the editor.
    app.open_settings().await?;
    app.fill("newsroom-server", &newsroom.url()).await?;
    app.fill("newsroom-account", "eddie").await?;
    app.fill("newsroom-password", PASSWORD).await?;
    h.shot(&app, "settings-sign-in").await?;
    app.click("newsroom-connect").await?;
    app.wait_text_with(&testid("newsroom-signed-in"), &["eddie", "an editor"])
        .await?;
    // No Secret Service under Xvfb: the token stays in memory, and Settings says so.
    let place = app
        .text(&testid("newsroom-session-place"))
        .await?
        .unwrap_or_default();
    assert!(place.starts_with("The session is kept in"), "{place}");
    h.shot(&app, "settings-signed-in").await?;
    app.close_dialog().await?;
    // Well inside the follower's first long poll (20 s): online shows when the server first
    // answers, not when that poll ends.
    app.wait_until(
        "the badge to read Online",
        std::time::Duration::from_secs(15),
        || app.text(&badge),
        |t| t.as_deref() == Some("Online"),
    )
    .await?;

    // Another desk files a story: it appears here without a reload.
    let writer_dir = tempfile::tempdir()?;
    let wendy = other_desk(writer_dir.path());
    wendy.connect_newsroom(&newsroom.url(), "wendy", PASSWORD)?;
    wendy.create_article(ArticleDraft {
        headline: FILED.into(),
        body: "The union and the operator agreed overnight.".into(),
        ..Default::default()
    })?;
    wendy.sync_newsroom()?;
    app.wait_text_with(&testid("article-list"), &[FILED])
        .await?;
    h.shot(&app, "filed-story-arrives").await?;

    // The writer holds a story's body: the list and the editor say so, read-only, live.
    let held = wendy.create_article(ArticleDraft {
        headline: HELD.into(),
        body: "First paragraph.".into(),
        ..Default::default()
    })?;
    wendy.sync_newsroom()?;
    wendy.hold_article(held.id)?;
    app.wait_text_with(&testid("article-list"), &[HELD, "wendy is editing"])
        .await?;
    app.click_css(&format!("{} .headline", testid("article-item")))
        .await?;
    // The newest story is first in the list.
    app.wait_text_with(&testid("held-by"), &["wendy is editing"])
        .await?;
    app.wait_text(&testid("read-only-body"), "First paragraph.")
        .await?;
    h.shot(&app, "read-only-while-held").await?;
    wendy.save_article(ArticleEdit {
        id: held.id,
        base_version: held.version,
        headline: held.headline.clone(),
        body: "First paragraph.\n\nSecond, as the writer types it.".into(),
        slug: String::new(),
        standfirst: String::new(),
        byline: String::new(),
        dateline: String::new(),
        section: String::new(),
        tags: vec![],
        urgency: 5,
        autosave: true,
    })?;
    wendy.sync_newsroom()?;
    app.wait_text_with(
        &testid("read-only-body"),
        &["Second, as the writer types it."],
    )
    .await?;
    h.shot(&app, "live-text").await?;

    // The editor takes it over: the editor opens, and the writer's desk sees who holds it.
    app.click("take-over").await?;
    app.wait_gone(&testid("read-only-story")).await?;
    app.wait_until(
        "the taken-over text in the editor",
        copydesk_e2e::WAIT,
        || copydesk_e2e::editor_text(&app),
        |t| {
            t.as_deref()
                .is_some_and(|t| t.contains("Second, as the writer types it."))
        },
    )
    .await?;
    h.shot(&app, "taken-over").await?;
    wendy.sync_newsroom()?;
    let holder = wendy.article_lease(held.id)?.map(|l| l.account);
    assert_eq!(holder.as_deref(), Some("eddie"));

    // The server stops: the badge says offline, and counts what waits.
    newsroom.stop_server();
    app.wait_text_with(&badge, &["Offline"]).await?;
    app.type_in("body", " Filed offline.").await?;
    app.click("save").await?;
    app.wait_saved().await?;
    app.wait_text_with(&badge, &["Offline", "waiting"]).await?;
    h.shot(&app, "offline-with-changes-waiting").await?;

    // Back: what waited goes (the follower retries within its 30 s backoff).
    newsroom.start_server()?;
    app.wait_until(
        "the badge to say online again",
        Duration::from_secs(45),
        || app.text(&badge),
        |t| t.as_deref() == Some("Online"),
    )
    .await?;
    h.shot(&app, "back-online").await?;
    wendy.sync_newsroom()?;
    let story = wendy.article(held.id)?;
    assert!(story.body.contains("Filed offline."), "{:?}", story.body);
    h.quit(app).await?;
    Ok(())
}
