//! Reads rendered HTML back through html5ever's tokenizer and checks it against the policy,
//! written out again here on purpose: a test that imported the crate's own lists would agree
//! with any mistake in them.

use std::cell::RefCell;

use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

/// A start tag as a browser would see it: lower-case name, entity-decoded attribute values.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Default)]
pub struct Scan {
    /// Start tags in document order.
    pub tags: Vec<Tag>,
    /// End tag names, to catch a stray `</script>` too.
    pub end_tags: Vec<String>,
    /// All character data, entity-decoded: what a reader sees.
    pub text: String,
    pub comments: usize,
}

impl Scan {
    pub fn tags_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Tag> + 's {
        self.tags.iter().filter(move |t| t.name == name)
    }
}

#[derive(Default)]
struct Collector(RefCell<Scan>);

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut scan = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => scan.tags.push(Tag {
                    name: tag.name.to_string(),
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                }),
                TagKind::EndTag => scan.end_tags.push(tag.name.to_string()),
            },
            Token::CharacterTokens(text) => scan.text.push_str(&text),
            Token::CommentToken(_) => scan.comments += 1,
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

pub fn scan(html: &str) -> Scan {
    let tokenizer = Tokenizer::new(Collector::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

const ALLOWED: &[(&str, &[&str])] = &[
    ("p", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("blockquote", &[]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &["id"]),
    ("em", &[]),
    ("strong", &[]),
    ("del", &[]),
    ("code", &[]),
    ("pre", &[]),
    ("table", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &["align"]),
    ("td", &["align"]),
    ("a", &["href", "title", "id", "aria-label", "class", "rel"]),
    ("hr", &[]),
    ("br", &[]),
    ("sup", &["class"]),
    ("sub", &[]),
    ("section", &["class"]),
    ("input", &["type", "checked", "disabled"]),
];

/// Strips what browsers ignore inside a URL scheme (whitespace, control characters), so
/// `java\tscript:` is seen as the `javascript:` it would be.
fn squeeze(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_plain_id(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Panics with the offending HTML unless it obeys the preview policy.
pub fn assert_safe(html: &str) -> Scan {
    let lower = html.to_lowercase();
    for needle in [
        "<script", "<img", "<svg", "<math", "<iframe", "<style", "<object", "<embed", "<form",
        "<details", "<link", "<meta", "<base", "<!--",
    ] {
        assert!(!lower.contains(needle), "{needle} in output:\n{html}");
    }
    let scan = scan(html);
    assert_eq!(scan.comments, 0, "comment in output:\n{html}");
    for name in &scan.end_tags {
        assert!(
            ALLOWED.iter().any(|(allowed, _)| allowed == name),
            "end tag </{name}> in output:\n{html}"
        );
    }
    for tag in &scan.tags {
        let Some((_, attrs)) = ALLOWED.iter().find(|(name, _)| *name == tag.name) else {
            panic!("tag <{}> not allowed in output:\n{html}", tag.name);
        };
        for (name, value) in &tag.attrs {
            assert!(
                !name.starts_with("on"),
                "handler {name} on <{}>:\n{html}",
                tag.name
            );
            assert!(
                attrs.contains(&name.as_str()),
                "attribute {name} on <{}>:\n{html}",
                tag.name
            );
            if name == "href" {
                // Browsers skip whitespace and control characters around and inside a
                // scheme; `squeeze` does the same, so `java\tscript:` cannot pass as text.
                let squeezed = squeeze(value);
                assert!(
                    ["http://", "https://", "mailto:", "#"]
                        .iter()
                        .any(|p| squeezed.starts_with(p)),
                    "href {value:?} is not http(s), mailto or a fragment:\n{html}"
                );
                if let Some(fragment) = value.strip_prefix('#') {
                    assert!(is_plain_id(fragment), "fragment {value:?}:\n{html}");
                }
            }
            if name == "id" {
                // Only footnote ids, so a draft cannot shadow ids in a host page.
                let footnote = value.starts_with("fn-") || value.starts_with("fnref-");
                assert!(footnote && is_plain_id(value), "id {value:?}:\n{html}");
            }
            if name == "class" {
                let allowed = match tag.name.as_str() {
                    "section" => "footnotes",
                    "sup" => "footnote-ref",
                    _ => "footnote-backref",
                };
                assert_eq!(value, allowed, "class on <{}>:\n{html}", tag.name);
            }
        }
        match tag.name.as_str() {
            "a" => assert_eq!(
                tag.attr("rel"),
                Some("noopener noreferrer nofollow"),
                "link without rel:\n{html}"
            ),
            "input" => {
                assert_eq!(
                    tag.attr("type"),
                    Some("checkbox"),
                    "input not a checkbox:\n{html}"
                );
                assert!(
                    tag.attr("disabled").is_some(),
                    "input not disabled:\n{html}"
                );
            }
            _ => {}
        }
    }
    scan
}

#[test]
fn the_checker_catches_what_it_should() {
    // Each of these must fail the check, or the checker proves nothing.
    let bad = [
        "<p><script>x</script></p>",
        "<p onclick=\"x\">a</p>",
        "<a href=\"java&#x09;script:alert(1)\" rel=\"noopener noreferrer nofollow\">a</a>",
        "<a href=\"&#106;avascript:x\" rel=\"noopener noreferrer nofollow\">a</a>",
        "<a href=\" \u{1}javascript:x\" rel=\"noopener noreferrer nofollow\">a</a>",
        "<a href=\"#a:b\" rel=\"noopener noreferrer nofollow\">a</a>",
        "<li id=\"location\">a</li>",
        "<li id=\"fn-a:b\">a</li>",
        "<a href=\"https://ok.example\">no rel</a>",
        "<a href=\"//evil.example\" rel=\"noopener noreferrer nofollow\">a</a>",
        "<p style=\"color:red\">a</p>",
        "<span>a</span>",
        "<input type=\"text\" disabled=\"\">",
        "<input type=\"checkbox\">",
        "<p class=\"x\">a</p>",
        "<!-- c -->",
        "<p>a</p></iframe>",
        "<IMG SRC=x>",
    ];
    for html in bad {
        let caught = std::panic::catch_unwind(|| assert_safe(html)).is_err();
        assert!(caught, "checker let this through: {html}");
    }
    assert_safe("<p><a href=\"https://ok.example\" rel=\"noopener noreferrer nofollow\">a</a></p>");
}
