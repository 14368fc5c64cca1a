//! Wire ingest in the real app: a file dropped into the inbox shows up in the Wire queue
//! without a reload, can be read, and taken to the desk as a draft.
use copydesk_e2e::{editor_visible_text, eventually, text, texts, value, E2eResult, Harness};
use fantoccini::key::Key;
use fantoccini::Locator;
use std::path::Path;
use std::time::Duration;

const SEED_HEADLINE: &str = "Moscow mocks US claims it used North Korean missiles";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_file_reaches_the_wire_queue_and_the_desk() -> E2eResult {
    let mut h = Harness::start("wire_drop")?;
    let app = h.launch().await?;
    app.find(Locator::Css("[data-testid=nav-wire]"))
        .await?
        .click()
        .await?;
    assert_eq!(
        text(&app, "[data-testid=wire-count]").await?.as_deref(),
        Some("0")
    );

    // Dropped the way a wire client does it: written under a temp name, renamed in.
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/wire-samples/text/scraped-page-nk-missiles.txt");
    let inbox = h.inbox_dir();
    std::fs::write(inbox.join("nk.txt.part"), std::fs::read(seed)?)?;
    std::fs::rename(inbox.join("nk.txt.part"), inbox.join("nk.txt"))?;
    // And one that cannot be read.
    std::fs::write(inbox.join("broken.xml"), b"<nitf><body>")?;

    eventually(
        "the story in the wire queue",
        Duration::from_secs(15),
        || async { Ok(texts(&app, "[data-testid=wire-item] .headline").await? == [SEED_HEADLINE]) },
    )
    .await?;
    h.shot(&app, "wire-queue").await?;

    app.find(Locator::Css("[data-testid=wire-item]"))
        .await?
        .click()
        .await?;
    eventually("the preview", Duration::from_secs(10), || async {
        Ok(text(&app, "[data-testid=wire-headline]").await?.as_deref() == Some(SEED_HEADLINE))
    })
    .await?;
    let body = text(&app, "[data-testid=wire-body]")
        .await?
        .unwrap_or_default();
    assert!(
        body.starts_with("The US is peddling false information"),
        "{body}"
    );
    assert!(!body.contains("Most Popular"), "page furniture in the body");
    h.shot(&app, "wire-preview").await?;

    app.find(Locator::Css("[data-testid=take-to-desk]"))
        .await?
        .click()
        .await?;
    eventually(
        "the draft taken from the wire",
        Duration::from_secs(10),
        || async {
            Ok(value(&app, "[data-testid=headline]").await?.as_deref() == Some(SEED_HEADLINE))
        },
    )
    .await?;
    // The credit line closes the draft: go to the end of the body (Ctrl+End) and read it there.
    app.find(Locator::Css("[data-testid=body]"))
        .await?
        .send_keys(&format!("{}{}", Key::Control, Key::End))
        .await?;
    eventually("the credit line", Duration::from_secs(5), || async {
        let draft = editor_visible_text(&app).await?.unwrap_or_default();
        Ok(draft.contains("*Source: "))
    })
    .await?;
    assert_eq!(
        text(&app, "[data-testid=draft-count]").await?.as_deref(),
        Some("1")
    );
    h.shot(&app, "taken-to-desk").await?;

    app.find(Locator::Css("[data-testid=nav-quarantine]"))
        .await?
        .click()
        .await?;
    eventually(
        "the broken file in quarantine",
        Duration::from_secs(10),
        || async {
            let names = texts(&app, "[data-testid=quarantine-list] .name").await?;
            Ok(names == ["broken.xml"])
        },
    )
    .await?;
    h.shot(&app, "quarantine").await?;

    // "Try again" puts it back in the inbox; still unreadable, it returns to quarantine.
    app.find(Locator::Css("[data-testid=retry]"))
        .await?
        .click()
        .await?;
    eventually("the retry message", Duration::from_secs(10), || async {
        let msg = text(&app, "[role=status]").await?.unwrap_or_default();
        Ok(msg.contains("back in the inbox"))
    })
    .await?;
    let quarantined = inbox.join("Quarantine/broken.xml");
    eventually(
        "the file quarantined again",
        Duration::from_secs(15),
        || async { Ok(quarantined.exists() && !inbox.join("broken.xml").exists()) },
    )
    .await?;
    assert_eq!(
        texts(&app, "[data-testid=quarantine-list] .name").await?,
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
        std::fs::write(
            inbox.join(format!("reuters-{n}.part")),
            std::fs::read(g2.join(name))?,
        )?;
        std::fs::rename(
            inbox.join(format!("reuters-{n}.part")),
            inbox.join(format!("reuters-{n}.xml")),
        )?;
        // One after the other, as the agency sends them.
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    app.find(Locator::Css("[data-testid=nav-wire]"))
        .await?
        .click()
        .await?;
    eventually(
        "the killed story in the queue",
        Duration::from_secs(15),
        || async {
            let lines = texts(&app, "[data-testid=wire-item]").await?;
            Ok(lines
                .iter()
                .any(|l| l.contains("KILLED") && l.contains("2 versions")))
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
    eventually(
        "the changes since the older version",
        Duration::from_secs(10),
        || async { Ok(text(&app, "[data-testid=wire-diff]").await?.is_some()) },
    )
    .await?;
    h.shot(&app, "wire-versions-diff").await?;
    h.quit(app).await?;

    assert!(inbox.join("Quarantine/broken.xml").exists());
    assert!(
        !inbox.join("nk.txt").exists(),
        "the imported file was not archived"
    );
    Ok(())
}
