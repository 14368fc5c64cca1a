//! Ordinary copy keeps working after all that sanitising.

use copydesk_render::{render, try_render, Heading, RenderOptions};

use crate::safe_html;

#[test]
fn headings_and_the_outline() {
    let markdown =
        "# Council backs \"budget\"\n\nIntro.\n\n## What *changes*\n\nText.\n\n### For `schools`\n";
    let rendered = render(markdown, &RenderOptions::default());
    crate::scan::assert_safe(&rendered.html);
    assert!(
        rendered.html.contains("<h1>Council backs “budget”</h1>"),
        "{}",
        rendered.html
    );
    assert!(
        rendered.html.contains("<h2>What <em>changes</em></h2>"),
        "{}",
        rendered.html
    );
    assert_eq!(
        rendered.headings,
        [
            Heading {
                level: 1,
                text: "Council backs “budget”".to_owned()
            },
            Heading {
                level: 2,
                text: "What changes".to_owned()
            },
            Heading {
                level: 3,
                text: "For schools".to_owned()
            },
        ]
    );
}

#[test]
fn emphasis_strong_and_struck() {
    let (html, _) = safe_html("*soft* **hard** ~~cut~~ ***both***");
    assert_eq!(
        html,
        "<p><em>soft</em> <strong>hard</strong> <del>cut</del> <em><strong>both</strong></em></p>\n"
    );
}

#[test]
fn lists_keep_their_numbering() {
    let (html, _) = safe_html("- one\n- two\n\n3. third\n4. fourth\n");
    assert_eq!(
        html,
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol start=\"3\">\n<li>third</li>\n<li>fourth</li>\n</ol>\n"
    );
}

#[test]
fn blockquotes_nest() {
    let (html, _) = safe_html("> She said:\n>\n> > \"No.\"\n");
    assert_eq!(
        html,
        "<blockquote>\n<p>She said:</p>\n<blockquote>\n<p>“No.”</p>\n</blockquote>\n</blockquote>\n"
    );
}

#[test]
fn tables_keep_alignment() {
    let (html, scan) = safe_html("| Party | Seats |\n|:--|--:|\n| Green | 12 |\n| Blue | 7 |\n");
    assert_eq!(scan.tags_named("td").count(), 4, "{html}");
    assert!(html.contains("<th align=\"left\">Party</th>"), "{html}");
    assert!(html.contains("<td align=\"right\">12</td>"), "{html}");
}

#[test]
fn footnotes_link_both_ways() {
    let (html, scan) = safe_html("The figure[^src] rose.\n\n[^src]: Statistics office, May.\n");
    let hrefs: Vec<_> = scan
        .tags_named("a")
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(hrefs, ["#fn-src", "#fnref-src"], "{html}");
    let ids: Vec<_> = scan.tags.iter().filter_map(|t| t.attr("id")).collect();
    assert_eq!(ids, ["fnref-src", "fn-src"], "{html}");
    assert!(html.contains("<section class=\"footnotes\">"), "{html}");
    assert!(scan.text.contains("Statistics office, May."), "{html}");
}

#[test]
fn code_blocks_and_spans_are_literal() {
    let (html, _) = safe_html("Use `a < b`.\n\n```html\n<script>alert(1)</script>\n```\n");
    assert_eq!(
        html,
        "<p>Use <code>a &lt; b</code>.</p>\n<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n"
    );
}

#[test]
fn smart_punctuation_is_on_by_default_and_can_be_turned_off() {
    let markdown = "\"Quote,\" she said -- it's 9--5... 'fine' --- done";
    let html = render(markdown, &RenderOptions::default()).html;
    assert_eq!(html, "<p>“Quote,” she said – it’s 9–5… ‘fine’ — done</p>\n");
    let plain = RenderOptions {
        smart_punctuation: false,
        ..RenderOptions::default()
    };
    let html = render(markdown, &plain).html;
    assert_eq!(
        html,
        "<p>\"Quote,\" she said -- it's 9--5... 'fine' --- done</p>\n"
    );
}

#[test]
fn https_and_mail_links_work() {
    let (html, scan) = safe_html(
        "[Read](https://news.example/a?x=1&y=2 \"The story\") or [mail](mailto:desk@news.example).",
    );
    let links: Vec<_> = scan.tags_named("a").collect();
    assert_eq!(links.len(), 2, "{html}");
    assert_eq!(
        links[0].attr("href"),
        Some("https://news.example/a?x=1&y=2")
    );
    assert_eq!(links[0].attr("title"), Some("The story"));
    assert_eq!(links[1].attr("href"), Some("mailto:desk@news.example"));
}

#[test]
fn front_matter_is_not_rendered() {
    let (html, scan) =
        safe_html("---\nslug: budget\nembargo: 2026-12-01T06:00Z\n---\nBody text.\n");
    assert_eq!(html, "<p>Body text.</p>\n");
    assert!(!scan.text.contains("slug"));
}

#[test]
fn a_rule_later_in_the_story_is_still_a_rule() {
    let (html, _) = safe_html("Top.\n\n---\n\nBottom.\n");
    assert_eq!(html, "<p>Top.</p>\n<hr>\n<p>Bottom.</p>\n");
}

#[test]
fn task_lists_are_disabled_checkboxes() {
    let (html, scan) = safe_html("- [ ] call the mayor's office\n- [x] check the figures\n");
    let boxes: Vec<_> = scan.tags_named("input").collect();
    assert_eq!(boxes.len(), 2, "{html}");
    assert!(boxes[0].attr("checked").is_none());
    assert!(boxes[1].attr("checked").is_some());
}

#[test]
fn extensions_can_be_switched_off() {
    let off = RenderOptions {
        smart_punctuation: false,
        footnotes: false,
        tables: false,
        strikethrough: false,
        autolink: false,
        task_lists: false,
    };
    let markdown = "~~x~~ www.example.com x[^1]\n\n[^1]: n\n\n| a |\n|---|\n| b |\n\n- [ ] t\n";
    let html = render(markdown, &off).html;
    crate::scan::assert_safe(&html);
    for absent in ["<del", "href", "<sup", "<table", "<input", "<section", "“"] {
        assert!(!html.contains(absent), "{absent} in {html}");
    }
}

#[test]
fn hard_breaks_and_escapes() {
    let (html, _) = safe_html("Line one  \nLine two\\\nLine three \\*not em\\*");
    assert_eq!(
        html,
        "<p>Line one<br>\nLine two<br>\nLine three *not em*</p>\n"
    );
}

#[test]
fn cancelled_render_returns_an_error_and_an_uncancelled_one_the_same_page() {
    let markdown = "Para.\n\n".repeat(2_000);
    assert!(try_render(&markdown, &RenderOptions::default(), &|| true).is_err());
    // Asked again after parsing: a deadline that passes during the parse still stops it.
    let calls = std::cell::Cell::new(0_u32);
    let late = || {
        calls.set(calls.get() + 1);
        calls.get() > 1_000_000
    };
    assert!(try_render(&markdown, &RenderOptions::default(), &late).is_ok());
    let during_parse = calls.get();
    calls.set(0);
    let at_the_end = || {
        calls.set(calls.get() + 1);
        calls.get() >= during_parse
    };
    assert_eq!(
        try_render(&markdown, &RenderOptions::default(), &at_the_end),
        Err(copydesk_render::RenderCancelled)
    );
    let page = try_render(&markdown, &RenderOptions::default(), &|| false);
    assert_eq!(
        page.ok(),
        Some(render(&markdown, &RenderOptions::default()))
    );
}

#[test]
fn empty_and_whitespace_input() {
    assert_eq!(render("", &RenderOptions::default()).html, "");
    assert_eq!(render(" \n\t\n", &RenderOptions::default()).html, "");
}
