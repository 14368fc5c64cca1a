//! Two real apps in one newsroom, as a writer and an editor on two machines: the writer files
//! and submits, the editor's queue shows it live and opens it read-only while the writer still
//! holds it, the writer closes it, the editor approves and schedules it, the server publishes
//! it and the writer's desk shows it published. Then the writer's desk loses the server,
//! files offline, and what it filed reaches the editor when the server is back.
use copydesk_e2e::newsroom::{sign_in, Newsroom};
use copydesk_e2e::{testid, App, E2eResult, Harness};
use std::time::Duration;

const STORY: &str = "Harbour wall repairs approved";
const OFFLINE: &str = "Ferry crews back at work";

async fn status_is(app: &App, wanted: &str) -> E2eResult {
    app.wait_text(&testid("article-status"), wanted).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_and_an_editor_hand_a_story_across_two_apps() -> E2eResult {
    let mut newsroom = Newsroom::start()?;
    let mut writer_desk = Harness::start("two_desks-writer")?;
    let mut editor_desk = Harness::start("two_desks-editor")?;
    let writer = writer_desk.launch().await?;
    let editor = editor_desk.launch().await?;
    sign_in(&writer, &newsroom.url(), "wendy", "a writer").await?;
    sign_in(&editor, &newsroom.url(), "eddie", "an editor").await?;

    // The writer files a story and submits it, the editor still open on her desk.
    writer.new_draft(STORY).await?;
    writer
        .type_in("body", "The council approved the repairs on Tuesday.")
        .await?;
    writer.click("save").await?;
    writer.wait_saved().await?;
    writer.click("move-submit").await?;
    status_is(&writer, "In review").await?;
    writer_desk.shot(&writer, "submitted").await?;

    // The editor's review queue shows it without a reload; she holds it, so it opens
    // read-only with her name on it.
    editor.go("in_review").await?;
    editor
        .wait_text_with(&testid("article-list"), &[STORY, "wendy is editing"])
        .await?;
    editor_desk.shot(&editor, "review-queue-live").await?;
    editor
        .click_css(&format!("{} .headline", testid("article-item")))
        .await?;
    editor
        .wait_text_with(&testid("held-by"), &["wendy is editing"])
        .await?;
    editor
        .wait_text(
            &testid("read-only-body"),
            "The council approved the repairs on Tuesday.",
        )
        .await?;
    editor_desk
        .shot(&editor, "read-only-while-the-writer-holds-it")
        .await?;

    // The writer closes it: the editor's copy opens for editing by itself.
    writer.go("wire").await?;
    editor.wait_gone(&testid("read-only-story")).await?;
    editor.click("move-approve").await?;
    status_is(&editor, "Ready").await?;
    editor.click("move-schedule_dialog").await?;
    // Far enough ahead that a slow machine still sets it in the future.
    let due = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(20);
    editor
        .fill(
            "when",
            &due.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .strftime("%Y-%m-%dT%H:%M:%S")
                .to_string(),
        )
        .await?;
    editor.fill("zone", "UTC").await?;
    editor.click("confirm-when").await?;
    status_is(&editor, "Scheduled").await?;
    editor_desk.shot(&editor, "approved-and-scheduled").await?;

    // The server publishes it when it comes due (its scheduler, not a desk's), and both desks
    // see it. A hang guard, not a speed claim.
    let status = testid("article-status");
    editor
        .wait_until(
            "the server to publish the story",
            Duration::from_secs(60),
            || editor.text(&status),
            |t| t.as_deref() == Some("Published"),
        )
        .await?;
    writer.go("published").await?;
    writer
        .wait_text_with(&testid("article-list"), &[STORY])
        .await?;
    // Its log says what went out, written by the newsroom's outbox (not the desk's).
    writer
        .click_css(&format!("{} .headline", testid("article-item")))
        .await?;
    writer.click_button("Log").await?;
    writer
        .wait_text_with(
            &testid("publication-log"),
            &["Published #1", "by the newsroom's outbox"],
        )
        .await?;
    writer_desk
        .shot(&writer, "published-on-the-writers-desk")
        .await?;

    // The writer's desk loses the server: filing goes on, and waits.
    newsroom.stop_server();
    let badge = testid("newsroom-badge");
    writer.wait_text_with(&badge, &["Offline"]).await?;
    writer.new_draft(OFFLINE).await?;
    writer
        .type_in("body", "Crews returned after the overnight deal.")
        .await?;
    writer.click("save").await?;
    writer.wait_saved().await?;
    writer
        .wait_text_with(&badge, &["Offline", "waiting"])
        .await?;
    writer_desk.shot(&writer, "offline-filing-waits").await?;

    // Back: what waited goes, and the editor's desk shows it (the follower retries within
    // its 30 s backoff).
    newsroom.start_server()?;
    writer
        .wait_until(
            "the writer's badge to say online again",
            Duration::from_secs(45),
            || writer.text(&badge),
            |t| t.as_deref() == Some("Online"),
        )
        .await?;
    editor.go("drafts").await?;
    let list = testid("article-list");
    editor
        .wait_until(
            "the story filed offline on the editor's desk",
            Duration::from_secs(45),
            || editor.text(&list),
            |t| t.as_deref().is_some_and(|t| t.contains(OFFLINE)),
        )
        .await?;
    editor_desk.shot(&editor, "offline-filing-arrives").await?;

    writer_desk.quit(writer).await?;
    editor_desk.quit(editor).await?;
    Ok(())
}
