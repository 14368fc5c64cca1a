//! Inputs known to have hurt Markdown parsers (the security doc's appendix, scaled so the
//! suite stays fast in a debug build). Each must finish and return HTML; timings live in
//! `examples/pathological.rs`, not here.

use copydesk_render::{render, RenderOptions};

fn finishes(markdown: &str) -> String {
    let html = render(markdown, &RenderOptions::default()).html;
    crate::scan::assert_safe(&html);
    html
}

#[test]
fn deeply_nested_blockquotes_are_flattened() {
    let html = finishes(&format!(
        "{}deep *down* ![a tracker](https://t.example/p.gif)",
        ">".repeat(50_000)
    ));
    // Nesting is capped, the text is kept, images still become placeholders.
    assert!(html.matches("<blockquote>").count() <= copydesk_render::MAX_DEPTH);
    assert!(
        html.contains("<p>deep down [image: a tracker]</p>"),
        "{html}"
    );
}

#[test]
fn deeply_nested_lists() {
    let mut markdown = String::new();
    for depth in 0..300 {
        markdown.push_str(&"  ".repeat(depth));
        markdown.push_str("- item\n");
    }
    let html = finishes(&markdown);
    assert_eq!(html.matches("item").count(), 300);
}

#[test]
fn deeply_nested_emphasis_and_links() {
    let html = finishes(&format!(
        "{}x{}",
        "[*__a ".repeat(3_000),
        " a__*](https://e.example)".repeat(3_000)
    ));
    assert!(html.contains('x'));
    let html = finishes(&format!("{}{}", "*a ".repeat(5_000), "a* ".repeat(5_000)));
    assert!(html.matches("<em>").count() <= copydesk_render::MAX_DEPTH);
}

#[test]
fn unclosed_link_destinations() {
    finishes(&"[a](<b".repeat(20_000));
}

#[test]
fn runs_of_markup_characters() {
    finishes(&"<".repeat(20_000));
    finishes(&format!("{}a", "* ".repeat(10_000)));
    finishes(&"_a* ".repeat(20_000));
    finishes(&"> - ".repeat(5_000));
}

#[test]
fn wide_table() {
    let mut markdown = String::new();
    for row in 0..52 {
        for _ in 0..200 {
            markdown.push_str(if row == 1 { "|-" } else { "| x" });
        }
        markdown.push_str("|\n");
    }
    let html = finishes(&markdown);
    assert_eq!(html.matches("<td>").count(), 200 * 50);
}

#[test]
fn many_reference_definitions_and_uses() {
    let mut markdown = String::new();
    for i in 0..2_000 {
        markdown.push_str(&format!("[r{i}]: https://e.example/{i}\n"));
    }
    for i in 0..2_000 {
        markdown.push_str(&format!("[x][r{i}] "));
    }
    let html = finishes(&markdown);
    assert_eq!(html.matches("<a ").count(), 2_000);
}

#[test]
fn one_long_line() {
    let html = finishes(&"word ".repeat(200_000));
    assert!(html.len() > 1_000_000);
}

/// html5ever's serialiser is quadratic in runs of `&` and U+0080–U+00BF inside one text node
/// or attribute; `sanitise` works around it (timings in `examples/pathological.rs`). Here the
/// round trip through the workaround must be exact.
#[test]
fn long_runs_of_ampersands_and_latin1_punctuation() {
    let html = finishes(&"&".repeat(30_000));
    assert_eq!(html.matches("&amp;").count(), 30_000);
    let html = finishes(&"«£°½\u{a0}".repeat(5_000));
    assert_eq!(html.matches("«£°½&nbsp;").count(), 5_000);
    let html = finishes(&format!(
        "[x](https://e.example \"{}\")",
        "&«".repeat(10_000)
    ));
    assert_eq!(html.matches("&amp;«").count(), 10_000);
}
