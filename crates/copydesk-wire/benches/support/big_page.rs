//! A 200 KB saved page for timing, shared by the bench and the timing test.

/// The corpus's `herald.html` plus what makes real pages big.
pub fn big_page() -> String {
    let page = std::fs::read_to_string(format!(
        "{}/tests/pages/herald.html",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_default();
    let mut state = String::from("<script>window.__STATE__={\"articles\":[");
    let mut k = 0;
    while state.len() < 90_000 {
        state.push_str(&format!(
            "{{\"id\":{k},\"title\":\"Teaser headline number {k} about the council and the harbour\",\"url\":\"/news/{k}\",\"tags\":[\"a\",\"b\"]}},"
        ));
        k += 1;
    }
    state.push_str("{}]};</script>\n");
    let mut menu = String::from("<nav class=\"mega-menu\"><ul>");
    for k in 0..500 {
        menu.push_str(&format!(
            "<li><a href=\"/section/{k}\">Section {k}</a></li>"
        ));
    }
    menu.push_str("</ul></nav>\n");
    let mut grid = String::from("<section class=\"more-stories\"><h2>More stories</h2>");
    let mut k = 0;
    while page.len() + state.len() + menu.len() + grid.len() < 200_000 {
        grid.push_str(&format!(
            "<article class=\"card\"><a href=\"/story/{k}\"><h3>Teaser {k}: ferry timetable changes for the summer</h3></a><p>Operators say the new times will suit commuters but not day trippers.</p><time>{} June 2024</time></article>",
            k % 28 + 1
        ));
        k += 1;
    }
    grid.push_str("</section>\n");
    page.replacen("</head>", &format!("{state}</head>"), 1)
        .replacen("<body class=\"\">", &format!("<body class=\"\">{menu}"), 1)
        .replacen("</body>", &format!("{grid}</body>"), 1)
}
