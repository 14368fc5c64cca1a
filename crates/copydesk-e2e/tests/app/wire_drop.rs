//! Wire import in the real app: a file dropped into the inbox shows up in the Wire queue
//! without a reload, can be read, and taken to the desk as a draft.
use copydesk_e2e::{editor_visible_text, testid, E2eResult, Harness, WAIT};
use fantoccini::key::Key;
use fantoccini::Locator;
use std::path::Path;
use std::time::Duration;

const SEED_HEADLINE: &str = "Moscow mocks US claims it used North Korean missiles";

/// Drops `bytes` into `inbox` as `name` the way a wire client does: written under a temporary
/// name, then renamed in.
fn drop_file(inbox: &Path, name: &str, bytes: &[u8]) -> E2eResult {
    let part = inbox.join(format!("{name}.part"));
    std::fs::write(&part, bytes)?;
    std::fs::rename(part, inbox.join(name))?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_file_reaches_the_wire_queue_and_the_desk() -> E2eResult {
    let mut h = Harness::start("wire_drop")?;
    let app = h.launch().await?;
    app.go("wire").await?;
    app.wait_text(&testid("wire-count"), "0").await?;

    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/wire-samples/text/scraped-page-nk-missiles.txt");
    let inbox = h.inbox_dir();
    drop_file(&inbox, "nk.txt", &std::fs::read(seed)?)?;
    // And one that cannot be read.
    std::fs::write(inbox.join("broken.xml"), b"<nitf><body>")?;

    app.wait_texts("[data-testid=wire-item] .headline", &[SEED_HEADLINE])
        .await?;
    h.shot(&app, "wire-queue").await?;

    app.click("wire-item").await?;
    app.wait_text(&testid("wire-headline"), SEED_HEADLINE)
        .await?;
    let body = app.text(&testid("wire-body")).await?.unwrap_or_default();
    assert!(
        body.starts_with("The US is peddling false information"),
        "{body}"
    );
    assert!(!body.contains("Most Popular"), "page furniture in the body");
    h.shot(&app, "wire-preview").await?;

    app.click("take-to-desk").await?;
    app.wait_until(
        "the draft taken from the wire",
        WAIT,
        || app.value("[data-testid=headline]"),
        |v| v.as_deref() == Some(SEED_HEADLINE),
    )
    .await?;
    // The credit line closes the draft: go to the end of the body (Ctrl+End) and read it there.
    app.type_in("body", &format!("{}{}", Key::Control, Key::End))
        .await?;
    app.wait_until(
        "the credit line",
        WAIT,
        || editor_visible_text(&app),
        |draft| draft.as_deref().unwrap_or_default().contains("*Source: "),
    )
    .await?;
    // The navigator's counts are read again once a burst of changes settles (250 ms).
    app.wait_text(&testid("draft-count"), "1").await?;
    h.shot(&app, "taken-to-desk").await?;

    app.go("quarantine").await?;
    app.wait_texts("[data-testid=quarantine-list] .name", &["broken.xml"])
        .await?;
    h.shot(&app, "quarantine").await?;

    // "Try again" puts it back in the inbox; still unreadable, it returns to quarantine.
    app.click("retry").await?;
    app.wait_text_with("[role=status]", &["back in the inbox"])
        .await?;
    let quarantined = inbox.join("Quarantine/broken.xml");
    app.wait_until(
        "the file quarantined again",
        WAIT,
        || async { Ok(quarantined.exists() && !inbox.join("broken.xml").exists()) },
        |done| *done,
    )
    .await?;
    assert_eq!(
        app.texts("[data-testid=quarantine-list] .name").await?,
        ["broken.xml"],
        "one record, not two"
    );

    // A correction and then a kill of one Reuters story: one queue line, two versions, and
    // the older one shows what the newer one changed.
    let g2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/wire-samples/newsml-g2");
    for (n, name) in [
        "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838",
        "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538",
    ]
    .iter()
    .enumerate()
    {
        drop_file(
            &inbox,
            &format!("reuters-{n}.xml"),
            &std::fs::read(g2.join(name))?,
        )?;
        // One after the other, as the agency sends them.
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    app.go("wire").await?;
    app.wait_until(
        "the killed story in the queue",
        WAIT,
        || app.texts("[data-testid=wire-item]"),
        |lines| {
            lines
                .iter()
                .any(|l| l.contains("KILLED") && l.contains("2 versions"))
        },
    )
    .await?;
    app.find(Locator::XPath(
        "//*[@data-testid='wire-item'][contains(., 'KILLED')]",
    ))
    .await?
    .click()
    .await?;
    // The versions list arrives a moment after the item itself.
    app.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(
            "//section[@aria-label='Versions']//li[1]/button",
        ))
        .await?
        .click()
        .await?;
    app.wait_shown(&testid("wire-diff")).await?;
    h.shot(&app, "wire-versions-diff").await?;
    h.quit(app).await?;

    assert!(inbox.join("Quarantine/broken.xml").exists());
    assert!(
        !inbox.join("nk.txt").exists(),
        "the imported file was not archived"
    );
    Ok(())
}
