//! The editorial workflow in the real app: submit, approve, schedule a story a little ahead,
//! see the scheduler publish it into the outbox, and an embargo that blocks until overridden.
use copydesk_e2e::{testid, App, E2eResult, Harness};
use std::time::Duration;

async fn status_is(app: &App, wanted: &str) -> E2eResult {
    app.wait_text(&testid("article-status"), wanted).await
}

/// A wall time in UTC, as the schedule and embargo fields take it.
fn wall(t: jiff::Timestamp) -> String {
    t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// Fills the open schedule or embargo form with `when` (UTC) and confirms it.
async fn choose_time(app: &App, when: jiff::Timestamp) -> E2eResult {
    app.fill("when", &wall(when)).await?;
    app.fill("zone", "UTC").await?;
    app.click("confirm-when").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_approve_schedule_and_see_it_published() -> E2eResult {
    let mut h = Harness::start("workflow")?;
    let app = h.launch().await?;

    app.new_draft("Ferry timetable changes from Monday").await?;
    app.click("save").await?;
    status_is(&app, "Draft").await?;
    app.click("move-submit").await?;
    status_is(&app, "In review").await?;
    app.click("move-approve").await?;
    status_is(&app, "Ready").await?;

    // An embargo an hour away blocks "publish now" until an editor gives a reason.
    app.click("embargo-button").await?;
    choose_time(
        &app,
        jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1),
    )
    .await?;
    app.wait_shown(&testid("embargo-countdown")).await?;
    app.click("move-publish").await?;
    // The pre-publish checklist comes first: the embargo and the empty story are on it.
    app.wait_text_with(&testid("checklist"), &["Embargoed until", "no text"])
        .await?;
    h.shot(&app, "checklist").await?;
    app.click("publish-anyway").await?;
    app.wait_text_with(&testid("workflow-problem"), &["embargoed until"])
        .await?;
    h.shot(&app, "embargo-blocks").await?;
    // Cancel, lift the embargo, and schedule 20 seconds ahead instead.
    app.click_button("Cancel").await?;
    app.click("embargo-button").await?;
    app.click_button("Lift embargo").await?;
    app.wait_gone(&testid("embargo-countdown")).await?;
    // A story with no text is a blocking checklist item: it would not be scheduled.
    app.type_in("body", "The ferry leaves at seven from Monday.")
        .await?;
    app.click("save").await?;
    app.wait_saved().await?;

    app.click("move-schedule_dialog").await?;
    let due = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(20);
    choose_time(&app, due).await?;
    status_is(&app, "Scheduled").await?;
    h.shot(&app, "scheduled").await?;

    // Not early: read before the time, the status is still "Scheduled". (No claim about how
    // fast the steps above ran: on a busy machine the time may already have come.)
    let status = app.text(&testid("article-status")).await?;
    if jiff::Timestamp::now() < due {
        assert_eq!(status.as_deref(), Some("Scheduled"), "published early");
    } else {
        eprintln!("the steps took past the due time: the not-early check was not made");
    }
    // A hang guard, not a speed claim: the scheduler ticks every few seconds.
    app.wait_until(
        "publication by the scheduler",
        Duration::from_secs(120),
        || app.text("[data-testid=article-status]"),
        |s| s.as_deref() == Some("Published"),
    )
    .await?;
    assert!(jiff::Timestamp::now() >= due, "published early");
    h.shot(&app, "published").await?;

    // The calendar shows it at its time. Read as text content, not as shown: near midnight
    // the event is cut in two short blocks that have room for the time only.
    app.go("calendar").await?;
    let events = "return [...document.querySelectorAll('[data-testid=calendar] .ec-event')]\
                  .map((e) => e.textContent).join('\\n')";
    app.wait_until(
        "the story in the calendar",
        Duration::from_secs(10),
        || app.js(events, &[]),
        |text| {
            text.as_str()
                .is_some_and(|t| t.contains("Ferry timetable changes from Monday"))
        },
    )
    .await?;
    h.shot(&app, "calendar").await?;
    h.quit(app).await?;

    let outbox = h.outbox_dir();
    let mut names: Vec<String> = Vec::new();
    for story in std::fs::read_dir(&outbox)? {
        for version in std::fs::read_dir(story?.path())? {
            for file in std::fs::read_dir(version?.path())? {
                names.push(file?.file_name().to_string_lossy().to_string());
            }
        }
    }
    names.sort();
    assert_eq!(
        names,
        [
            "article.html",
            "article.md",
            "article.newsml.xml",
            "article.ninjs.json",
            "article.nitf.xml"
        ]
    );
    Ok(())
}
