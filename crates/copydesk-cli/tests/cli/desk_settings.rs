//! `article publications`, `article checklist` and `webhook`.
use super::{each, fails_with, TestDesk};
use serde_json::json;

#[test]
fn publications_and_the_checklist_follow_the_article() {
    let desk = TestDesk::new();
    let id = desk.new_article("Gala", "The gala raised money.\n", &[]);
    let outbox = desk.path("out");
    let outbox = outbox.to_str().expect("utf8");
    assert_eq!(
        desk.json(&["article", "publications", &id, "--json"]),
        json!([])
    );

    let checklist = desk.json(&["article", "checklist", &id, "--json"]);
    let texts = each(&checklist, "text");
    assert!(texts.contains(&"No byline."), "{texts:?}");
    desk.text(&[
        "article",
        "embargo",
        &id,
        "--until",
        "2099-01-01 00:00",
        "--tz",
        "UTC",
    ]);
    let blocked = desk.json(&["article", "checklist", &id, "--json"]);
    assert!(each(&blocked, "level").contains(&"block"), "{blocked}");
    let later = desk.json(&[
        "article",
        "checklist",
        &id,
        "--at",
        "2100-01-01T00:00:00Z",
        "--json",
    ]);
    assert!(
        !each(&later, "level").contains(&"block"),
        "the embargo has lifted by then: {later}"
    );
    assert!(desk
        .text(&["article", "checklist", &id])
        .contains("block Embargoed until"));
    fails_with(
        &desk.run(&["article", "checklist", &id, "--at", "tomorrow"]),
        "invalid",
    );
    fails_with(&desk.run(&["article", "checklist", "99"]), "not_found");

    desk.text(&["article", "embargo", &id, "--clear"]);
    desk.text(&["article", "submit", &id]);
    desk.text(&["--as-editor", "article", "approve", &id]);
    desk.json(&[
        "--as-editor",
        "--outbox",
        outbox,
        "article",
        "publish",
        &id,
        "--json",
    ]);
    let publications = desk.json(&["article", "publications", &id, "--json"]);
    assert_eq!(
        publications.as_array().expect("array").len(),
        1,
        "{publications}"
    );
    assert_eq!(publications[0]["kind"], "publish");
    assert_eq!(publications[0]["number"], 1);
    assert!(desk
        .text(&["article", "publications", &id])
        .contains("  1  publish "));
}

#[test]
fn webhook_is_shown_set_and_cleared() {
    let desk = TestDesk::new();
    assert_eq!(desk.json(&["webhook", "--json"]), json!(null));
    assert_eq!(desk.text(&["webhook"]), "(none)\n");
    let set = desk.json(&["webhook", "https://example.org/hook", "--json"]);
    assert_eq!(set, json!("https://example.org/hook"));
    assert_eq!(desk.text(&["webhook"]), "https://example.org/hook\n");
    fails_with(&desk.run(&["webhook", "ftp://example.org"]), "invalid");
    assert_eq!(
        desk.json(&["webhook", "--json"]),
        json!("https://example.org/hook")
    );
    assert_eq!(desk.json(&["webhook", "--clear", "--json"]), json!(null));
}
