//! The allow-list every rendered page passes through after comrak.
//!
//! comrak's safe mode already drops raw HTML and empties dangerous link targets, but it keeps
//! remote images (tracking beacons) and it is not a sanitiser. This policy is built from
//! nothing (`Builder::empty` plus every setting spelled out), so no ammonia default leaks in.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

/// Elements that may appear in the preview: text structure, tables, links, footnotes,
/// task-list checkboxes. No `img`: images become text placeholders before this point.
pub const ALLOWED_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "hr",
    "br",
    "sup",
    "sub",
    "section",
    "input",
];

/// Elements removed together with everything inside them. Raw-text elements and the foreign
/// (svg, math) namespaces are here because every ammonia mXSS advisory so far needed one.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "template",
    "noscript",
    "textarea",
    "title",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
    "select",
    "option",
    "button",
    "form",
    "head",
    "link",
    "meta",
    "base",
];

/// Link schemes a reader may follow. Fragment links (`#fn-1`) are handled as relative URLs.
pub const URL_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Added to every link: no opener access, no referrer leak, no endorsement.
pub const LINK_REL: &str = "noopener noreferrer nofollow";

static POLICY: LazyLock<Builder<'static>> = LazyLock::new(policy);

/// Cleans comrak's output. Everything not allowed is removed.
pub(crate) fn clean(html: &str) -> String {
    match park(html) {
        Some(parked) => unpark(&POLICY.clean(&parked).to_string()),
        None => POLICY.clean(html).to_string(),
    }
}

/// Where characters wait while ammonia serialises: Supplementary Private Use Area-A.
const PARKING: u32 = 0xF_0000;

/// html5ever 0.40's serialiser rescans the rest of a text node or attribute value for every
/// `&` and every 0xC2 byte (the UTF-8 lead of U+0080–U+00BF: « » £ ° ½ NBSP …), so a long run
/// of them is quadratic: 400,000 `&` took 3.4 s, 160,000 `«` 200 ms. Those characters are
/// swapped for private-use stand-ins on the way in and put back on the way out. comrak writes
/// every literal `&` as `&amp;` and none of the others is markup, so what ammonia decides is
/// unchanged. Returns None when there is nothing to swap.
fn park(html: &str) -> Option<String> {
    if !html.bytes().any(|b| b == b'&' || b == 0xC2) {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut chars = html.chars();
    loop {
        if let Some(after) = chars.as_str().strip_prefix("&amp;") {
            out.push(parked('&'));
            chars = after.chars();
            continue;
        }
        match chars.next() {
            Some(c @ '\u{80}'..='\u{BF}') => out.push(parked(c)),
            Some(c) => out.push(c),
            None => break,
        }
    }
    Some(out)
}

fn parked(c: char) -> char {
    char::from_u32(PARKING + u32::from(c)).unwrap_or(c)
}

/// Puts parked characters back, escaped as html5ever would have written them. (A draft that
/// itself holds U+F0026 or U+F0080–U+F00BF, unassigned private-use code points, sees them as
/// `&` or Latin-1 in the preview; the stored text is untouched.)
fn unpark(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    for c in html.chars() {
        match u32::from(c).checked_sub(PARKING).and_then(char::from_u32) {
            Some('&') => out.push_str("&amp;"),
            Some('\u{A0}') => out.push_str("&nbsp;"),
            Some(original @ '\u{80}'..='\u{BF}') => out.push(original),
            _ => out.push(c),
        }
    }
    out
}

fn policy() -> Builder<'static> {
    let set = |items: &[&'static str]| items.iter().copied().collect::<HashSet<_>>();

    let tag_attributes = HashMap::from([
        // `id` and `aria-label` are for footnote links; `id` is filtered further below.
        ("a", set(&["href", "title", "id", "aria-label"])),
        ("li", set(&["id"])),
        ("ol", set(&["start"])),
        ("input", set(&["checked"])),
    ]);
    let alignments = || HashMap::from([("align", set(&["left", "center", "right"]))]);
    let tag_attribute_values = HashMap::from([
        ("th", alignments()),
        ("td", alignments()),
        ("input", HashMap::from([("type", set(&["checkbox"]))])),
    ]);
    // Whatever arrives, an input is a disabled checkbox: it cannot submit or take focus.
    let forced_values = HashMap::from([(
        "input",
        HashMap::from([("type", "checkbox"), ("disabled", "")]),
    )]);
    // The classes comrak puts on footnote markup, so the preview's stylesheet can set them small.
    let classes = HashMap::from([
        ("section", set(&["footnotes"])),
        ("sup", set(&["footnote-ref"])),
        ("a", set(&["footnote-backref"])),
    ]);

    let mut builder = Builder::empty();
    builder
        .tags(set(ALLOWED_TAGS))
        .clean_content_tags(set(DROPPED_WITH_CONTENT))
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        .tag_attributes(tag_attributes)
        .tag_attribute_values(tag_attribute_values)
        .set_tag_attribute_values(forced_values)
        .allowed_classes(classes)
        .url_schemes(set(URL_SCHEMES))
        .url_relative(UrlRelative::Custom(Box::new(fragment_only)))
        .link_rel(Some(LINK_REL))
        .strip_comments(true)
        .id_prefix(None)
        .attribute_filter(narrow_values);
    builder
}

/// Relative URLs: only in-page fragments survive. `//host/x`, `/path` and empty targets
/// (comrak's replacement for a dangerous link) are dropped, leaving plain link text.
fn fragment_only(url: &str) -> Option<Cow<'_, str>> {
    url.starts_with('#').then_some(Cow::Borrowed(url))
}

/// Values ammonia would otherwise pass as free text. Ids exist only in comrak's footnote
/// shapes (so a draft cannot clobber arbitrary ids in a host page), and ids and fragment links
/// are reduced to `[A-Za-z0-9_-]` the same way on both sides, so `[^javascript:x]` still links
/// its note without any attribute carrying a scheme-like string. List starts are digits only.
fn narrow_values<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        ("li", "id") if value.starts_with("fn-") => Some(plain_fragment(value)),
        ("a", "id") if value.starts_with("fnref-") => Some(plain_fragment(value)),
        ("li" | "a", "id") => None,
        ("a", "href") => match value.strip_prefix('#') {
            Some(fragment) => Some(Cow::Owned(format!("#{}", plain_fragment(fragment)))),
            None => Some(Cow::Borrowed(value)),
        },
        ("ol", "start") => {
            (!value.is_empty() && value.len() <= 9 && value.bytes().all(|b| b.is_ascii_digit()))
                .then_some(Cow::Borrowed(value))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

fn plain_fragment(value: &str) -> Cow<'_, str> {
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if value.chars().all(plain) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(
            value
                .chars()
                .map(|c| if plain(c) { c } else { '_' })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    //! The policy on its own, fed raw HTML that comrak's safe mode would never pass on: if
    //! comrak ever lets something through, this is what stands behind it.

    use super::clean;

    const REL: &str = "rel=\"noopener noreferrer nofollow\"";

    #[test]
    fn active_content_is_removed_with_its_content() {
        let cases = [
            ("<script>alert(1)</script>x", "x"),
            ("<style>p{}</style>x", "x"),
            ("<iframe src=https://e.example>y</iframe>x", "x"),
            ("<svg onload=alert(1)><text>y</text></svg>x", "x"),
            ("<svg><animate onbegin=alert(1) attributeName=href values=javascript:alert(1)>", ""),
            ("<math><annotation-xml encoding=text/html><img src=x onerror=alert(1)></annotation-xml></math>x", "x"),
            ("<object data=x>y</object>x", "x"),
            ("<form action=https://e.example><input name=q><button>go</button></form>x", "x"),
            ("<template><p>y</p></template>x", "x"),
            // Parsed as a browser with scripting on would: the img is real markup, and dropped.
            ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>x", "\"&gt;x"),
        ];
        for (raw, expected) in cases {
            assert_eq!(clean(raw), expected, "for {raw:?}");
        }
    }

    #[test]
    fn unknown_tags_go_but_their_text_stays() {
        assert_eq!(
            clean("<div onclick=x><span style=\"color:red\">hi</span></div>"),
            "hi"
        );
        assert_eq!(
            clean("<details open ontoggle=x><summary>s</summary>d</details>"),
            "sd"
        );
        assert_eq!(
            clean("<p><img src=https://tracker.example/p.gif alt=a>x</p>"),
            "<p>x</p>"
        );
        assert_eq!(
            clean("<p><img src=\"data:image/png;base64,iVBORw0KGgo=\">x</p>"),
            "<p>x</p>"
        );
        assert_eq!(clean("<!-- c --><p>x</p>"), "<p>x</p>");
    }

    #[test]
    fn handlers_styles_and_stray_attributes_are_dropped() {
        assert_eq!(
            clean("<p onclick=x style=\"color:red\" class=lead id=top lang=en title=t>x</p>"),
            "<p>x</p>"
        );
        assert_eq!(clean("<h2 id=location>x</h2>"), "<h2>x</h2>");
        assert_eq!(clean("<li id=location>x</li>"), "<li>x</li>");
        assert_eq!(
            clean("<ol start=\"3 onclick=x\"><li>x</li></ol>"),
            "<ol><li>x</li></ol>"
        );
        assert_eq!(clean("<td align=justify style=x>x</td>"), "x");
        assert_eq!(
            clean("<table><tr><td align=justify>x</td><td align=CENTER>y</td></tr></table>"),
            "<table><tbody><tr><td>x</td><td align=\"CENTER\">y</td></tr></tbody></table>"
        );
    }

    #[test]
    fn links_keep_only_web_mail_and_fragment_targets() {
        let dropped = [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "java&#x09;script:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "//e.example/x",
            "/root",
            "relative/path",
            "",
        ];
        for href in dropped {
            assert_eq!(
                clean(&format!("<a href=\"{href}\">x</a>")),
                format!("<a {REL}>x</a>"),
                "for {href:?}"
            );
        }
        for href in [
            "https://e.example/a?b=1",
            "http://e.example",
            "mailto:desk@e.example",
            "#fn-1",
        ] {
            assert_eq!(
                clean(&format!("<a href=\"{href}\">x</a>")),
                format!("<a href=\"{href}\" {REL}>x</a>"),
                "for {href:?}"
            );
        }
    }

    #[test]
    fn rel_is_ours_and_target_is_gone() {
        assert_eq!(
            clean(
                "<a href=https://e.example rel=opener target=_blank ping=https://t.example>x</a>"
            ),
            format!("<a href=\"https://e.example\" {REL}>x</a>")
        );
    }

    #[test]
    fn footnote_ids_and_fragments_are_plain_and_matching() {
        assert_eq!(
            clean("<a href=\"#fn-a:b(1)\" id=\"fnref-a:b(1)\">1</a><li id=\"fn-a:b(1)\">n</li>"),
            format!(
                "<a href=\"#fn-a_b_1_\" id=\"fnref-a_b_1_\" {REL}>1</a><li id=\"fn-a_b_1_\">n</li>"
            )
        );
    }

    #[test]
    fn only_comraks_footnote_classes_survive() {
        assert_eq!(
            clean("<section class=\"footnotes evil\"><sup class=\"footnote-ref x\">1</sup></section><code class=language-js>x</code>"),
            "<section class=\"footnotes\"><sup class=\"footnote-ref\">1</sup></section><code>x</code>"
        );
    }

    #[test]
    fn any_input_is_a_disabled_checkbox() {
        // Forced attributes are added in hash order; comrak's own checkboxes already carry
        // both, so their order is stable in real output.
        let forced =
            clean("<input type=text name=q value=v autofocus onfocus=x formaction=javascript:x>");
        assert!(
            forced == "<input type=\"checkbox\" disabled=\"\">"
                || forced == "<input disabled=\"\" type=\"checkbox\">",
            "{forced}"
        );
        assert_eq!(
            clean("<input type=checkbox checked disabled>"),
            "<input type=\"checkbox\" checked=\"\" disabled=\"\">"
        );
    }

    #[test]
    fn ampersands_survive_the_detour() {
        assert_eq!(
            clean("<p>AT&amp;T &amp;amp; R&amp;D &lt;b&gt;</p><a href=\"https://e.example/?a=1&amp;b=2\" title=\"Q&amp;A\">x</a>"),
            format!("<p>AT&amp;T &amp;amp; R&amp;D &lt;b&gt;</p><a href=\"https://e.example/?a=1&amp;b=2\" title=\"Q&amp;A\" {REL}>x</a>")
        );
        // A scheme spelled with an ampersand is still no scheme.
        assert_eq!(
            clean("<a href=\"java&amp;script:x\">x</a>"),
            format!("<a {REL}>x</a>")
        );
        assert_eq!(
            clean("<a href=\"#a&amp;b\" id=\"fnref-a&amp;b\">x</a>"),
            format!("<a href=\"#a_b\" id=\"fnref-a_b\" {REL}>x</a>")
        );
    }

    #[test]
    fn latin1_punctuation_survives_the_detour() {
        assert_eq!(
            clean("<p title=\"«½°\u{a0}\">£5 «quoted» 20°C\u{a0}x \u{f0000}\u{f00c0}</p>"),
            "<p>£5 «quoted» 20°C&nbsp;x \u{f0000}\u{f00c0}</p>"
        );
        assert_eq!(
            clean("<a href=https://e.example title=\"«½°\u{a0}&quot;\">£</a>"),
            format!("<a href=\"https://e.example\" title=\"«½°&nbsp;&quot;\" {REL}>£</a>")
        );
    }

    #[test]
    fn cleaning_twice_changes_nothing() {
        let once = clean(
            "<p>a <em>b</em> <a href=https://e.example title='t \"q\"'>c</a></p><table><tr><td>x</td></tr></table>\
             <section class=footnotes><ol><li id=fn-1><p>n <a href=#fnref-1 class=footnote-backref>↩</a></p></li></ol></section>",
        );
        assert_eq!(clean(&once), once);
    }
}
