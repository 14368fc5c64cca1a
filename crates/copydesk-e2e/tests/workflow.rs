//! The editorial workflow in the real app: submit, approve, schedule a story a little ahead,
//! see the scheduler publish it into the outbox, and an embargo that blocks until overridden.
use copydesk_e2e::{eventually, text, E2eResult, Harness};
use fantoccini::{Client, Locator};
use std::time::Duration;

async fn click(app: &Client, testid: &str) -> E2eResult {
    app.find(Locator::Css(&format!("[data-testid={testid}]")))
        .await?
        .click()
        .await?;
    Ok(())
}

async fn status_is(app: &Client, wanted: &str) -> E2eResult {
    eventually(
        &format!("status {wanted}"),
        Duration::from_secs(15),
        || async {
            Ok(text(app, "[data-testid=article-status]").await?.as_deref() == Some(wanted))
        },
    )
    .await
}

/// Fills a form field the way the browser's own picker would, and tells Svelte about it.
async fn fill(app: &Client, testid: &str, value: &str) -> E2eResult {
    app.execute(
        "const el = document.querySelector(`[data-testid=${arguments[0]}]`);
         el.value = arguments[1];
         el.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![testid.into(), value.into()],
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_approve_schedule_and_see_it_published() -> E2eResult {
    let mut h = Harness::start("workflow")?;
    let app = h.launch().await?;

    click(&app, "new-draft").await?;
    app.find(Locator::Css("[data-testid=headline]"))
        .await?
        .send_keys("Ferry timetable changes from Monday")
        .await?;
    click(&app, "save").await?;
    status_is(&app, "Draft").await?;
    click(&app, "move-submit").await?;
    status_is(&app, "In review").await?;
    click(&app, "move-approve").await?;
    status_is(&app, "Ready").await?;

    // An embargo an hour away blocks "publish now" until an editor gives a reason.
    let now = jiff::Timestamp::now();
    let in_zone = |t: jiff::Timestamp| {
        t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .strftime("%Y-%m-%dT%H:%M:%S")
            .to_string()
    };
    click(&app, "embargo-button").await?;
    fill(
        &app,
        "when",
        &in_zone(now + jiff::SignedDuration::from_hours(1)),
    )
    .await?;
    fill(&app, "zone", "UTC").await?;
    click(&app, "confirm-when").await?;
    eventually("the embargo countdown", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=embargo-countdown]")
            .await?
            .is_some())
    })
    .await?;
    click(&app, "move-publish").await?;
    // The pre-publish checklist comes first: the embargo and the empty story are on it.
    eventually("the checklist", Duration::from_secs(10), || async {
        let list = text(&app, "[data-testid=checklist]")
            .await?
            .unwrap_or_default();
        Ok(list.contains("Embargoed until") && list.contains("no text"))
    })
    .await?;
    h.shot(&app, "checklist").await?;
    click(&app, "publish-anyway").await?;
    eventually("the embargo refusal", Duration::from_secs(10), || async {
        let problem = text(&app, "[data-testid=workflow-problem]")
            .await?
            .unwrap_or_default();
        Ok(problem.contains("embargoed until"))
    })
    .await?;
    h.shot(&app, "embargo-blocks").await?;
    // Cancel, lift the embargo, and schedule 20 seconds ahead instead.
    app.find(Locator::XPath("//button[normalize-space()='Cancel']"))
        .await?
        .click()
        .await?;
    click(&app, "embargo-button").await?;
    app.find(Locator::XPath("//button[normalize-space()='Lift embargo']"))
        .await?
        .click()
        .await?;
    eventually("the embargo lifted", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=embargo-countdown]")
            .await?
            .is_none())
    })
    .await?;

    click(&app, "move-schedule_dialog").await?;
    let due = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(20);
    fill(&app, "when", &in_zone(due)).await?;
    fill(&app, "zone", "UTC").await?;
    click(&app, "confirm-when").await?;
    status_is(&app, "Scheduled").await?;
    h.shot(&app, "scheduled").await?;

    // Not early: still scheduled well before the time.
    assert!(jiff::Timestamp::now() < due - jiff::SignedDuration::from_secs(5));
    assert_eq!(
        text(&app, "[data-testid=article-status]").await?.as_deref(),
        Some("Scheduled")
    );
    eventually(
        "publication by the scheduler",
        Duration::from_secs(60),
        || async {
            Ok(text(&app, "[data-testid=article-status]").await?.as_deref() == Some("Published"))
        },
    )
    .await?;
    assert!(jiff::Timestamp::now() >= due, "published early");
    h.shot(&app, "published").await?;

    // The calendar shows it at its time.
    click(&app, "nav-calendar").await?;
    eventually(
        "the story in the calendar",
        Duration::from_secs(10),
        || async {
            let events = copydesk_e2e::texts(&app, "[data-testid=calendar] .ec-event").await?;
            Ok(events
                .iter()
                .any(|e| e.contains("Ferry timetable changes from Monday")))
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
