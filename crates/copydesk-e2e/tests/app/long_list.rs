//! A desk with thousands of drafts, in the real app: the list draws only what is on screen,
//! End reaches the last draft and Home the first with the focus on them and in view, and a
//! draft made in the app appears on top.
use copydesk_core::{ArticleDraft, DataDir, Desk, DeskConfig};
use copydesk_e2e::{testid, E2eResult, Harness};
use fantoccini::key::Key;
use serde_json::Value;
use std::time::Instant;

const DRAFTS: usize = 3_000;

/// Writes the drafts through the core before the app opens the desk: "Story 0001" is the
/// oldest, "Story 3000" the newest (each created a moment after the one before).
fn seed(h: &Harness) -> E2eResult {
    let began = Instant::now();
    let desk = Desk::open(DeskConfig::new(DataDir::new(h.desk_dir())))?;
    for n in 1..=DRAFTS {
        desk.create_article(ArticleDraft {
            headline: format!("Story {n:04}"),
            body: format!("Paragraph of story {n}."),
            section: ["News", "Sport", "Business"][n % 3].into(),
            tags: vec![format!("Tag{}", n % 5)],
            ..Default::default()
        })?;
    }
    eprintln!(
        "[long_list] seeded {DRAFTS} drafts in {:?}",
        began.elapsed()
    );
    Ok(())
}

/// The focused list row's headline, and whether the whole row is inside its pane (below the
/// sticky heading) with its focus ring drawn inside it.
const FOCUSED_ROW: &str = "
    const b = document.activeElement;
    if (!b || b.dataset.testid !== 'article-item') return null;
    const pane = b.closest('section');
    const head = pane.querySelector('header').getBoundingClientRect();
    const p = pane.getBoundingClientRect();
    const r = b.getBoundingClientRect();
    const s = getComputedStyle(b);
    const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && parseFloat(s.outlineOffset) < 0;
    const inView = r.top >= head.bottom - 1 && r.bottom <= p.bottom + 1;
    return [b.querySelector('.headline').textContent, inView && ring,
            inView, s.outlineStyle, s.outlineOffset];";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_drafts_page_in_and_the_ends_take_the_focus() -> E2eResult {
    let mut h = Harness::start("long_list")?;
    seed(&h)?;
    let app = h.launch().await?;
    app.wait_text(&testid("list-shown"), &DRAFTS.to_string())
        .await?;
    app.wait_text(&testid("draft-count"), &DRAFTS.to_string())
        .await?;
    app.wait_text("[data-testid=article-item] .headline", "Story 3000")
        .await?;
    let rows = app
        .js(
            "return document.querySelectorAll('[data-testid=article-list] > li').length",
            &[],
        )
        .await?;
    let rows = rows.as_u64().unwrap_or(u64::MAX);
    assert!(
        rows > 0 && rows < 200,
        "{rows} rows in the DOM for {DRAFTS}"
    );
    h.shot(&app, "top").await?;

    // End from the first row: the last draft, focused and on screen.
    app.click_css("#article-3000").await?;
    app.type_in_css("#article-3000", &Key::End.to_string())
        .await?;
    let focused = || app.js(FOCUSED_ROW, &[]);
    app.wait_until(
        "the focus on the last draft, in view",
        copydesk_e2e::WAIT,
        focused,
        |v| v[0] == "Story 0001" && v[1] == true,
    )
    .await?;
    let rows = app
        .js(
            "return document.querySelectorAll('[data-testid=article-list] > li').length",
            &[],
        )
        .await?;
    assert!(rows.as_u64().unwrap_or(u64::MAX) < 200, "{rows}");
    h.shot(&app, "end").await?;

    // ↑ from there, then Home: the first draft, focused and on screen.
    app.type_in_css("#article-1", &Key::Up.to_string()).await?;
    app.wait_until("the focus one up", copydesk_e2e::WAIT, focused, |v| {
        v[0] == "Story 0002" && v[1] == true
    })
    .await?;
    app.type_in_css("#article-2", &Key::Home.to_string())
        .await?;
    app.wait_until(
        "the focus on the first draft, in view",
        copydesk_e2e::WAIT,
        focused,
        |v| v[0] == "Story 3000" && v[1] == true,
    )
    .await?;
    // PageDown moves a screen's worth and keeps the focus in view.
    app.type_in_css("#article-3000", &Key::PageDown.to_string())
        .await?;
    app.wait_until(
        "the focus a page down, in view",
        copydesk_e2e::WAIT,
        focused,
        |v: &Value| v[1] == Value::Bool(true) && v[0] != "Story 3000",
    )
    .await?;
    h.shot(&app, "home-then-page-down").await?;

    // A draft made in the app appears on top of the list, and the counts follow.
    app.type_in_css("#article-3000", &Key::Home.to_string())
        .await?;
    app.new_draft("Ferry strike called off").await?;
    app.type_in("body", "Services resume at noon.").await?;
    app.click("save").await?;
    app.wait_saved().await?;
    app.wait_text(
        "[data-testid=article-item] .headline",
        "Ferry strike called off",
    )
    .await?;
    app.wait_text(&testid("list-shown"), &(DRAFTS + 1).to_string())
        .await?;
    app.wait_text(&testid("draft-count"), &(DRAFTS + 1).to_string())
        .await?;
    h.shot(&app, "new-draft-on-top").await?;
    h.quit(app).await?;
    Ok(())
}
