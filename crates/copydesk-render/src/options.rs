//! What a newsroom can switch in the preview. Raw HTML is deliberately not among the switches:
//! it is always dropped, whatever the caller asks for.

/// Markdown features the preview understands. Defaults suit news copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Straight quotes become curly, `--`/`---` become en/em dashes, `...` an ellipsis.
    pub smart_punctuation: bool,
    /// `[^1]` references with a notes section at the end (sources, corrections).
    pub footnotes: bool,
    /// GFM pipe tables (results, polls, schedules).
    pub tables: bool,
    /// `~~struck~~` text, for showing cuts during editing.
    pub strikethrough: bool,
    /// Bare `https://…`, `www.…` and e-mail addresses become links.
    pub autolink: bool,
    /// `- [ ] check the quote` items, rendered as disabled checkboxes (editors' notes).
    pub task_lists: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            smart_punctuation: true,
            footnotes: true,
            tables: true,
            strikethrough: true,
            autolink: true,
            task_lists: true,
        }
    }
}

impl RenderOptions {
    /// comrak's options for these switches. Safe mode is spelled out rather than left to
    /// comrak's default, so a change of default upstream cannot turn raw HTML on.
    pub(crate) fn comrak(&self) -> comrak::Options<'static> {
        comrak::Options {
            extension: comrak::options::Extension {
                strikethrough: self.strikethrough,
                table: self.tables,
                autolink: self.autolink,
                tasklist: self.task_lists,
                footnotes: self.footnotes,
                // Drafts may open with a `---` metadata block; it is parsed and never shown.
                front_matter_delimiter: Some("---".to_owned()),
                ..Default::default()
            },
            parse: comrak::options::Parse {
                smart: self.smart_punctuation,
                ..Default::default()
            },
            render: comrak::options::Render {
                r#unsafe: false,
                escape: false,
                ..Default::default()
            },
        }
    }
}
