//! Markdown to sanitised HTML, for the editor's live preview and `copydesk render FILE.md`.
//!
//! Two stages, each enough on its own for the common cases, together so that one bug does not
//! become script in the webview:
//!
//! 1. comrak in safe mode: raw HTML is dropped (never escaped into view), dangerous link
//!    targets are emptied, a leading `---` front-matter block is not rendered. Images are
//!    turned into `[image: alt]` text in the tree, and nesting deeper than
//!    [`MAX_DEPTH`] is collapsed to plain text.
//! 2. ammonia with an allow-list built from nothing (see [`sanitise`]): structure tags only,
//!    links to `http`, `https`, `mailto` and in-page `#` fragments, `rel="noopener noreferrer
//!    nofollow"` on every link, no `img`, `svg`, `math`, `style`, `script`, forms or handlers.
//!
//! Pure: no I/O, no clock, no global state besides the lazily built policy.

mod options;
pub mod sanitise;
mod walk;

use std::fmt;

pub use options::RenderOptions;
pub use walk::MAX_DEPTH;

/// A rendered page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML, safe to place in a page that runs no script of its own.
    pub html: String,
    /// The document's headings in order: the outline beside the preview.
    pub headings: Vec<Heading>,
}

/// One heading of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6, as in `h1`–`h6`.
    pub level: u8,
    /// The heading's text, without markup (smart punctuation applied).
    pub text: String,
}

/// Returned by [`try_render`] when the caller's cancel check said stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderCancelled;

impl fmt::Display for RenderCancelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("rendering was cancelled")
    }
}

impl std::error::Error for RenderCancelled {}

/// Renders Markdown to sanitised HTML.
///
/// ```
/// use copydesk_render::{render, RenderOptions};
///
/// let page = render("# Vote \"tonight\"\n\n[Results](javascript:alert(1))", &RenderOptions::default());
/// assert_eq!(
///     page.html,
///     "<h1>Vote “tonight”</h1>\n<p><a rel=\"noopener noreferrer nofollow\">Results</a></p>\n"
/// );
/// assert_eq!(page.headings[0].text, "Vote “tonight”");
/// ```
pub fn render(markdown: &str, options: &RenderOptions) -> Rendered {
    let comrak_options = options.comrak();
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &comrak_options);
    let (raw, headings) = unsanitised(&arena, root, &comrak_options);
    Rendered {
        html: sanitise::clean(&raw),
        headings,
    }
}

/// Like [`render`], but gives up once `should_cancel` returns `true`: comrak asks every 256
/// lines, inlines or nodes while parsing, and it is asked once more before sanitising. For the
/// live preview: a deadline or "the text changed again" keeps a pathological draft from
/// holding a worker.
pub fn try_render(
    markdown: &str,
    options: &RenderOptions,
    should_cancel: &dyn Fn() -> bool,
) -> Result<Rendered, RenderCancelled> {
    let comrak_options = options.comrak();
    let arena = comrak::Arena::new();
    let root = comrak::try_parse_document(&arena, markdown, &comrak_options, should_cancel)
        .map_err(|_| RenderCancelled)?;
    let (raw, headings) = unsanitised(&arena, root, &comrak_options);
    // The sanitiser cannot be interrupted and costs about as much as parsing.
    if should_cancel() {
        return Err(RenderCancelled);
    }
    Ok(Rendered {
        html: sanitise::clean(&raw),
        headings,
    })
}

/// comrak's HTML for the prepared tree, and the outline.
fn unsanitised<'a>(
    arena: &'a comrak::Arena<'a>,
    root: &'a comrak::nodes::AstNode<'a>,
    options: &comrak::Options<'_>,
) -> (String, Vec<Heading>) {
    let headings = walk::prepare(arena, root);
    let mut raw = String::new();
    // Formatting into a String cannot fail (fmt::Error comes only from the sink), and a
    // partial page would still go through the sanitiser.
    let _ = comrak::format_html(root, options, &mut raw);
    (raw, headings)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{render, sanitise, RenderOptions};

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// The page is a fixed point of the sanitiser: nothing in it depends on a second pass.
        #[test]
        fn rendered_pages_are_already_clean(markdown in "[a-z <>\\[\\]()*_#>|:/.\"'\n`~^-]{0,300}") {
            let html = render(&markdown, &RenderOptions::default()).html;
            prop_assert_eq!(sanitise::clean(&html), html);
        }
    }
}
