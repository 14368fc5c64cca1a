//! Attacks a draft (or wire copy turned into Markdown) might carry. Every output is read
//! back with a real HTML tokenizer and checked against the policy (`scan::assert_safe`);
//! each case then says what should be left for the reader.

use crate::safe_html;

/// Raw HTML never reaches the page: no tag, no attribute, and no markup as visible text.
/// Inline, comrak drops each tag on its own, so words between tags (`alert(1)`) stay as
/// plain, inert text; on a line of its own an HTML block is dropped whole.
#[test]
fn raw_html_never_reaches_the_page() {
    let payloads = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=https://evil.example></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<svg onload=alert(1)></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<svg><foreignObject><iframe onload=alert(1)></iframe></foreignObject></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<math><annotation-xml encoding=\"text/html\"><style><img src=x onerror=alert(1)></style></annotation-xml></math>",
        "<style>body{display:none}</style>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
        "<details open ontoggle=alert(1)><summary>x</summary></details>",
        "<form action=https://evil.example><input name=q><button formaction=javascript:alert(1)>go</button></form>",
        "<input type=text autofocus onfocus=alert(1)>",
        "<object data=javascript:alert(1)></object>",
        "<embed src=javascript:alert(1)>",
        "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<!-- <img src=x onerror=alert(1)> -->",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p onmouseover=alert(1)>x</p>",
        "<textarea><img src=x onerror=alert(1)></textarea>",
        "<xmp><script>alert(1)</script></xmp>",
        "<template><script>alert(1)</script></template>",
        "<plaintext><script>alert(1)</script>",
        "<img src=\"https://tracker.example/p.gif\">",
    ];
    for payload in payloads {
        for markdown in [payload.to_owned(), format!("Before {payload} after.")] {
            let (html, scan) = safe_html(&markdown);
            let text = scan.text.to_lowercase();
            for leak in [
                "<",
                "onerror",
                "onload",
                "onclick",
                "ontoggle",
                "onfocus",
                "javascript:",
                "tracker",
            ] {
                assert!(
                    !text.contains(leak),
                    "{leak:?} visible for {markdown:?}:\n{html}"
                );
            }
        }
    }
}

/// The exact pages for the classic payloads, as the security doc's probe saw comrak's side.
#[test]
fn classic_payloads_exact_output() {
    let cases = [
        ("<script>alert(1)</script>", "\n"),
        (
            "hi <img src=x onerror=alert(1)> there",
            "<p>hi  there</p>\n",
        ),
        ("<iframe src=https://evil.example></iframe>", "\n"),
        ("<svg onload=alert(1)></svg>", "<p></p>\n"),
        (
            "<details open ontoggle=alert(1)><summary>x</summary></details>",
            "\n",
        ),
        ("<!-- note to self -->", "\n"),
        (
            "[click](javascript:alert(1))",
            "<p><a rel=\"noopener noreferrer nofollow\">click</a></p>\n",
        ),
        (
            "<javascript:alert(1)>",
            "<p><a rel=\"noopener noreferrer nofollow\">javascript:alert(1)</a></p>\n",
        ),
    ];
    for (markdown, expected) in cases {
        let (html, _) = safe_html(markdown);
        assert_eq!(html, expected, "for {markdown:?}");
    }
}

/// Links to anything but http, https, mailto or a fragment lose their target and keep their
/// label, however the scheme is dressed up.
#[test]
fn dangerous_link_targets_are_removed() {
    let targets = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "JAVASCRIPT:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&#X6a;&#x61;vascript:alert(1)",
        "java&#x09;script:alert(1)",
        "java&#10;script:alert(1)",
        "javascript&colon;alert(1)",
        "%6Aavascript:alert(1)",
        "\u{1}javascript:alert(1)",
        "<\u{b}javascript:alert(1)>",
        "< javascript:alert(1)>",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "livescript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:text/html,<script>alert(1)</script>",
        "DATA:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "file:///etc/passwd",
        "//evil.example/x",
        "/etc/passwd",
        "ftp://evil.example/x",
        "tel:+123",
    ];
    for target in targets {
        for markdown in [
            format!("[label]({target})"),
            format!("[label]({target} \"title\")"),
            format!("[label][ref]\n\n[ref]: {target}"),
            format!("[label]\n\n[label]: {target}"),
            format!("<{target}>"),
        ] {
            let (html, scan) = safe_html(&markdown);
            assert!(
                scan.tags_named("a").all(|a| a.attr("href").is_none()),
                "a link target survived for {markdown:?}:\n{html}"
            );
        }
    }
}

/// The raw-HTML `<a>` form of the same attacks: comrak drops the tags, the text stays.
#[test]
fn raw_anchor_tags_never_become_links() {
    let (html, scan) = safe_html(
        "Read <a href=\"javascript:alert(1)\" onclick=\"alert(2)\">this</a> and \
         <A HREF=\"https://ok.example\" ONMOUSEOVER=\"alert(3)\">that</A>.",
    );
    assert_eq!(scan.tags_named("a").count(), 0, "{html}");
    assert_eq!(scan.text.trim(), "Read this and that.");
}

/// A title cannot break out of its attribute, whatever quotes it carries.
#[test]
fn link_titles_with_quotes_stay_inside_the_attribute() {
    let cases = [
        (
            "[x](https://ok.example \"a \\\" onmouseover=alert(1) b\")",
            "a \" onmouseover=alert(1) b",
        ),
        (
            "[x](https://ok.example 'it\\'s \"fine\" onclick=x')",
            "it's \"fine\" onclick=x",
        ),
        (
            "[x](https://ok.example \"\\\"><img src=x onerror=alert(1)>\")",
            "\"><img src=x onerror=alert(1)>",
        ),
    ];
    for (markdown, title) in cases {
        let (html, scan) = safe_html(markdown);
        let links: Vec<_> = scan.tags_named("a").collect();
        assert_eq!(links.len(), 1, "{html}");
        assert_eq!(links[0].attr("title"), Some(title), "{html}");
        assert_eq!(links[0].attr("href"), Some("https://ok.example"), "{html}");
        assert_eq!(links[0].attrs.len(), 3, "only href, title and rel: {html}");
    }
}

/// A URL that smuggles quotes or angle brackets is percent-encoded into one attribute.
#[test]
fn urls_cannot_inject_attributes() {
    let (html, scan) = safe_html("[x](https://ok.example/\"onmouseover=\"alert(1))");
    let link = scan.tags_named("a").next();
    assert!(link.is_some(), "{html}");
    assert!(link.is_some_and(|a| a.attrs.len() == 2), "{html}");
}

/// No image element ever reaches the preview: not remote ones (tracking beacons), not data
/// URIs, not SVG. The alt text remains as a placeholder.
#[test]
fn images_become_placeholders() {
    let cases = [
        ("![](https://tracker.example/p.gif?story=123)", "[image]"),
        (
            "![Mayor at the podium](https://tracker.example/p.gif)",
            "[image: Mayor at the podium]",
        ),
        ("![x](data:image/png;base64,iVBORw0KGgo=)", "[image: x]"),
        (
            "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
            "[image: x]",
        ),
        ("![x](javascript:alert(1))", "[image: x]"),
        (
            "![x][pic]\n\n[pic]: https://tracker.example/p.gif",
            "[image: x]",
        ),
        ("![*bold* `code`](x.png \"t\")", "[image: bold code]"),
        (
            "[![logo](https://tracker.example/l.png)](https://ok.example)",
            "[image: logo]",
        ),
    ];
    for (markdown, placeholder) in cases {
        let (html, scan) = safe_html(markdown);
        assert_eq!(scan.text.trim(), placeholder, "{html}");
        assert!(!html.contains("tracker.example"), "{html}");
    }
}

/// A footnote label is user text that lands in `id` and `href`: both are reduced to plain
/// identifier characters, the same way, so the note still links.
#[test]
fn footnote_labels_become_plain_fragments() {
    let (html, scan) = safe_html("Claim[^javascript:alert(1)].\n\n[^javascript:alert(1)]: Source.");
    let hrefs: Vec<_> = scan
        .tags_named("a")
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        ["#fn-javascript_alert_1_", "#fnref-javascript_alert_1_"],
        "{html}"
    );
    let ids: Vec<_> = scan.tags.iter().filter_map(|t| t.attr("id")).collect();
    assert_eq!(
        ids,
        ["fnref-javascript_alert_1_", "fn-javascript_alert_1_"],
        "{html}"
    );
}

/// Bare text that merely looks dangerous is shown as text, escaped.
#[test]
fn dangerous_looking_text_stays_text() {
    let (html, scan) = safe_html("Type `<script>` or write 1 < 2 > 0 & onload=x in code.");
    assert!(scan.text.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
}

/// Autolinking only ever produces http(s) and mailto links.
#[test]
fn autolinks_are_web_or_mail_only() {
    let (html, scan) = safe_html(
        "See www.example.com, https://ok.example/a?b=1&c=2, reporter@news.example, \
         javascript:alert(1) and xmpp:foo@bar.example.",
    );
    let hrefs: Vec<_> = scan
        .tags_named("a")
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "http://www.example.com",
            "https://ok.example/a?b=1&c=2",
            "mailto:reporter@news.example"
        ],
        "{html}"
    );
}
