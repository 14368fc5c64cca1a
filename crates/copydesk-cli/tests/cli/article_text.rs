//! `article edit`, `search`, `history`, `diff`, `restore` and `tags`.
use super::{command, each, fails_with, json, json_lines, TestDesk};
use std::io::Write;
use std::process::Stdio;

#[test]
fn edit_changes_what_is_given_and_refuses_a_stale_version() {
    let desk = TestDesk::new();
    let id = desk.new_article(
        "Bridge to close",
        "The bridge closes.\n",
        &["Transport", "Local"],
    );
    let body = desk.path("new-body.md");
    std::fs::write(&body, "The bridge closes on Monday.\n").expect("write");
    let saved = desk.json(&[
        "article",
        "edit",
        &id,
        "--headline",
        "Harbour bridge to close",
        "--body-file",
        body.to_str().expect("utf8"),
        "--tag",
        "roads",
        "--tag",
        "TRANSPORT",
        "--untag",
        "local",
        "--byline",
        "Ana Ruiz",
        "--urgency",
        "3",
        "--json",
    ]);
    assert_eq!(saved["headline"], "Harbour bridge to close");
    assert_eq!(saved["body"], "The bridge closes on Monday.\n");
    assert_eq!(
        saved["tags"],
        serde_json::json!(["Transport", "roads"]),
        "added once, removed in any case"
    );
    assert_eq!(saved["byline"], "Ana Ruiz");
    assert_eq!(saved["urgency"], 3);
    assert_eq!(saved["version"], 2);
    // What was not given stays as it was, and the save is kept: `show` reads it back.
    let shown = desk.json(&["article", "show", &id, "--json"]);
    assert_eq!(shown["body"], saved["body"]);
    assert_eq!(shown["slug"], "");

    // Someone read version 1 and saves now: refused, the stored text untouched.
    let stale = desk.run(&[
        "article",
        "edit",
        &id,
        "--base-version",
        "1",
        "--headline",
        "Old news",
    ]);
    let err = fails_with(&stale, "conflict");
    assert!(err.contains("kept as revision"), "{err}");
    let shown = desk.json(&["article", "show", &id, "--json"]);
    assert_eq!(shown["headline"], "Harbour bridge to close");
    assert_eq!(shown["version"], 2);

    // "-": the body from standard input.
    let mut child = command(&desk.data())
        .args(["article", "edit", &id, "--body-file", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn copydesk");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"Piped in.\n").expect("write stdin");
    drop(stdin);
    let piped = json(&child.wait_with_output().expect("wait"));
    assert_eq!(piped["body"], "Piped in.\n");

    let text = desk.text(&["article", "edit", &id, "--section", "City"]);
    assert_eq!(text, format!("{id}  version 4  Harbour bridge to close\n"));

    fails_with(
        &desk.run(&["article", "edit", "99", "--headline", "x"]),
        "not_found",
    );
    fails_with(&desk.run(&["article", "edit", &id]), "invalid");
    fails_with(
        &desk.run(&["article", "edit", &id, "--urgency", "9"]),
        "invalid",
    );
}

#[test]
fn history_diff_and_restore_walk_an_articles_revisions() {
    let desk = TestDesk::new();
    let id = desk.new_article("Council", "The council met on Monday.\n", &[]);
    let other = desk.new_article("Other", "Something else.\n", &[]);
    let body = desk.path("edit.md");
    std::fs::write(&body, "The council met on Tuesday.\n").expect("write");
    let body = body.to_str().expect("utf8");
    desk.json(&["article", "edit", &id, "--body-file", body, "--json"]);

    let history = desk.json(&["article", "history", &id, "--json"]);
    assert_eq!(each(&history, "kind"), ["save", "created"], "newest first");
    let created = history[1]["id"].as_i64().expect("id").to_string();
    let saved = history[0]["id"].as_i64().expect("id").to_string();
    let foreign = desk.json(&["article", "history", &other, "--json"])[0]["id"]
        .as_i64()
        .expect("id")
        .to_string();

    let changed = |diff: &serde_json::Value| -> Vec<(String, String)> {
        diff.as_array()
            .expect("chunks")
            .iter()
            .filter(|c| c["op"] != "equal")
            .map(|c| {
                (
                    c["op"].as_str().expect("op").into(),
                    c["text"].as_str().expect("text").into(),
                )
            })
            .collect()
    };
    let expected = vec![
        ("delete".to_string(), "Monday.".to_string()),
        ("insert".to_string(), "Tuesday.".to_string()),
    ];
    let between = desk.json(&["article", "diff", &id, &created, &saved, "--json"]);
    assert_eq!(changed(&between), expected);
    // One revision: against the current text.
    let to_now = desk.json(&["article", "diff", &id, &created, "--json"]);
    assert_eq!(changed(&to_now), expected);
    let text = desk.text(&["article", "diff", &id, &created]);
    assert_eq!(text, "The council met on [-Monday.-]{+Tuesday.+}\n");

    // Revisions of another article, or none at all, are not this article's.
    fails_with(&desk.run(&["article", "diff", &id, &foreign]), "not_found");
    fails_with(
        &desk.run(&["article", "diff", &id, &created, &foreign]),
        "not_found",
    );
    fails_with(&desk.run(&["article", "diff", &id, "999"]), "not_found");
    fails_with(
        &desk.run(&["article", "restore", &id, &foreign]),
        "not_found",
    );
    fails_with(&desk.run(&["article", "history", "99"]), "not_found");

    let restored = desk.json(&["article", "restore", &id, &created, "--json"]);
    assert_eq!(restored["body"], "The council met on Monday.\n");
    assert_eq!(restored["version"], 3);
    let history = desk.json(&["article", "history", &id, "--json"]);
    assert_eq!(history[0]["kind"], "restore");
    assert_eq!(history.as_array().expect("array").len(), 3);
    // The other article was not touched by any of it.
    let untouched = desk.json(&["article", "show", &other, "--json"]);
    assert_eq!(untouched["version"], 1);
}

#[test]
fn search_finds_saved_text_and_tags_are_counted() {
    let desk = TestDesk::new();
    let harbour = desk.new_article(
        "Harbour bridge",
        "Ferries will run instead.\n",
        &["Transport", "City"],
    );
    desk.new_article("Budget", "The council's budget.\n", &["City"]);
    desk.new_article("Tram", "Trams are late.\n", &["transport"]);

    let hits = desk.json(&["article", "search", "ferries", "--json"]);
    let hits = hits.as_array().expect("array");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["kind"], "article");
    assert_eq!(
        hits[0]["id"].as_i64().map(|i| i.to_string()),
        Some(harbour.clone())
    );
    let text = desk.text(&["article", "search", "ferries"]);
    assert!(text.starts_with("article "), "{text}");
    assert!(text.contains("[Ferries]"), "matches are marked: {text}");
    // An edit is searchable at once.
    desk.json(&[
        "article",
        "edit",
        &harbour,
        "--standfirst",
        "Gondolas too",
        "--json",
    ]);
    let hits = desk.json(&["article", "search", "gondolas", "--limit", "5", "--json"]);
    assert_eq!(hits.as_array().expect("array").len(), 1);
    assert_eq!(
        desk.json(&["article", "search", "nothing-like-it", "--json"]),
        serde_json::json!([])
    );

    let tags = desk.json(&["article", "tags", "--json"]);
    assert_eq!(
        tags[0],
        serde_json::json!({"name": "City", "articles": 2}),
        "most used first: {tags}"
    );
    assert_eq!(
        tags.as_array().expect("array").len(),
        2,
        "Transport and transport are one: {tags}"
    );
    let prefixed = desk.json(&["article", "tags", "--prefix", "TR", "--json"]);
    assert_eq!(prefixed.as_array().expect("array").len(), 1);
    assert_eq!(prefixed[0]["articles"], 2);
    assert_eq!(
        desk.text(&["article", "tags", "--prefix", "ci"]),
        "    2  City\n"
    );
}

#[test]
fn article_list_pages_with_limit_and_after() {
    let desk = TestDesk::new();
    for n in 1..=5 {
        desk.new_article(&format!("Story {n}"), "Text.\n", &[]);
    }
    let headlines = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|a| a["headline"].as_str().expect("headline").to_string())
            .collect()
    };
    let all = desk.json(&["article", "list", "--json"]);
    assert_eq!(headlines(&all).len(), 5);
    let first = desk.json(&["article", "list", "--limit", "2", "--json"]);
    assert_eq!(headlines(&first), headlines(&all)[..2]);
    let last_id = first[1]["id"].as_i64().expect("id").to_string();
    let next = desk.json(&[
        "article", "list", "--limit", "2", "--after", &last_id, "--json",
    ]);
    assert_eq!(headlines(&next), headlines(&all)[2..4]);
    let rest = desk.json(&[
        "article",
        "list",
        "--after",
        &next[1]["id"].as_i64().expect("id").to_string(),
        "--json",
    ]);
    assert_eq!(headlines(&rest), headlines(&all)[4..]);
}

#[test]
fn check_and_style_flag_house_style_in_files_and_stories() {
    let desk = TestDesk::new();
    let file = desk.path("story.md");
    std::fs::write(&file, "Talks in Kiev\n\nThey will utilise the port.\n").expect("write");
    let flags = desk.json(&["check", file.to_str().expect("utf8"), "--json"]);
    let flags = flags.as_array().expect("array");
    assert_eq!(flags.len(), 2, "{flags:?}");
    assert_eq!(flags[0]["kind"], "style");
    assert_eq!(flags[0]["text"], "Kiev");
    assert_eq!(
        (flags[0]["line"].as_u64(), flags[0]["column"].as_u64()),
        (Some(1), Some(10))
    );
    assert_eq!(flags[0]["suggestions"][0], "Kyiv");
    assert_eq!(flags[1]["text"], "utilise");

    let id = desk.new_article("Talks in Kiev", "Nothing else.\n", &[]);
    let flags = desk.json(&["article", "check", &id, "--json"]);
    assert_eq!(flags[0]["field"], "headline");

    // The desk's own sheet: set from a file, shown back, and used.
    let sheet = desk.path("style.toml");
    std::fs::write(
        &sheet,
        "[[avoid]]\nword = \"port\"\nmessage = \"Say which port.\"\n",
    )
    .expect("write");
    let out = super::copydesk(
        &desk.data(),
        &["style", "--set", sheet.to_str().expect("utf8")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Say which port."));
    let flags = desk.json(&["check", file.to_str().expect("utf8"), "--json"]);
    assert_eq!(flags.as_array().map(Vec::len), Some(1));
    assert_eq!(flags[0]["text"], "port");
    // A broken sheet is refused with a stable code, and the old one stays.
    std::fs::write(&sheet, "[[prefer]]\nuse = 1\n").expect("write");
    fails_with(
        &super::copydesk(
            &desk.data(),
            &["style", "--set", sheet.to_str().expect("utf8")],
        ),
        "invalid",
    );
    let flags = desk.json(&["check", file.to_str().expect("utf8"), "--json"]);
    assert_eq!(flags[0]["text"], "port");
}

#[test]
fn provenance_names_the_wire_item_its_agency_and_the_credit() {
    let desk = TestDesk::new();
    let imported = json_lines(&desk.run(&[
        "wire",
        "import",
        "--json",
        super::sample("nitf/aap.xml").to_str().expect("utf8"),
    ]));
    let item = imported[0]["item"]["id"].as_i64().expect("item id");
    let draft = desk.json(&["wire", "take", &item.to_string(), "--json"]);
    let id = draft["id"].as_i64().expect("id").to_string();
    let p = desk.json(&["article", "provenance", &id, "--json"]);
    assert!(p["wire_percent"].as_u64().expect("percent") >= 80, "{p}");
    assert_eq!(p["sources"][0]["wire_item_id"].as_i64(), Some(item));
    let provider = p["sources"][0]["provider"].as_str().expect("provider");
    assert_eq!(p["credit"], format!("With reporting from {provider}"));
    let text = desk.text(&["article", "provenance", &id]);
    assert!(text.contains("% wire copy"), "{text}");
    assert!(text.contains(&format!("wire item {item}")), "{text}");

    let own = desk.new_article("Our own", "Written here from start to finish today.\n", &[]);
    let p = desk.json(&["article", "provenance", &own, "--json"]);
    assert_eq!(p["wire_percent"], 0);
    assert!(p["credit"].is_null());
}

#[test]
fn check_flags_spelling_with_the_sheets_dictionary_and_words() {
    let desk = TestDesk::new();
    let file = desk.path("story.md");
    std::fs::write(&file, "Crews in Bilpin recieved the report.\n").expect("write");
    let flags = desk.json(&["check", file.to_str().expect("utf8"), "--json"]);
    let flags = flags.as_array().expect("array");
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert_eq!(flags[0]["kind"], "spelling");
    assert_eq!(flags[0]["text"], "recieved");
    assert_eq!(flags[0]["suggestions"][0], "received");
    // The desk's own word list quiets it.
    let sheet = desk.path("style.toml");
    std::fs::write(&sheet, "[spelling]\nwords = [\"recieved\"]\n").expect("write");
    let out = super::copydesk(
        &desk.data(),
        &["style", "--set", sheet.to_str().expect("utf8")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let flags = desk.json(&["check", file.to_str().expect("utf8"), "--json"]);
    assert_eq!(flags.as_array().map(Vec::len), Some(0), "{flags}");
}
