//! The story body as blocks, and its rendering to Markdown that shows wire text literally.
//!
//! Every format builds a [`Body`]; only this module writes Markdown, so escaping is decided once.

/// A run of text inside a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    /// Only http, https and mailto links survive; anything else stays as its text.
    Link {
        text: String,
        href: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    Heading(Vec<Inline>),
    ListItem {
        ordered: bool,
        inlines: Vec<Inline>,
    },
    Quote(Vec<Inline>),
    /// Tabular or fixed-width copy: whitespace is kept.
    Preformatted(String),
    Table(Vec<Vec<String>>),
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph(vec![Inline::Text(text.into())])
    }

    /// The words of the block without any markup, for heuristics.
    pub fn plain(&self) -> String {
        match self {
            Block::Paragraph(i) | Block::Heading(i) | Block::Quote(i) => plain_inlines(i),
            Block::ListItem { inlines, .. } => plain_inlines(inlines),
            Block::Preformatted(t) => t.clone(),
            Block::Table(rows) => rows
                .iter()
                .map(|r| r.join(" "))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Block::Table(rows) => rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())),
            _ => self.plain().trim().is_empty(),
        }
    }
}

pub fn plain_inlines(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => s.push_str(t),
            Inline::Link { text, .. } => s.push_str(text),
        }
    }
    s
}

/// Collects blocks while a parser walks its source; inline text is whitespace-collapsed.
#[derive(Debug, Default, Clone)]
pub struct Body {
    pub blocks: Vec<Block>,
    pending: Vec<Inline>,
    link: Option<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem { ordered: bool },
    Quote,
}

impl Body {
    pub fn new() -> Body {
        Body::default()
    }

    /// Appends inline text; runs of whitespace become one space, as in XML and HTML.
    pub fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let mut collapsed = collapse_ws(raw);
        if collapsed.is_empty() {
            return;
        }
        // Whitespace split across two text runs ("the " + <br/> + " fire") is still one space.
        if collapsed.starts_with(' ') && self.ends_with_space() {
            collapsed.remove(0);
            if collapsed.is_empty() {
                return;
            }
        }
        if let Some((_, text)) = self.link.as_mut() {
            text.push_str(&collapsed);
            return;
        }
        match self.pending.last_mut() {
            Some(Inline::Text(t)) => t.push_str(&collapsed),
            _ => self.pending.push(Inline::Text(collapsed)),
        }
    }

    fn ends_with_space(&self) -> bool {
        if let Some((_, text)) = self.link.as_ref() {
            if !text.is_empty() {
                return text.ends_with(' ');
            }
        }
        match self.pending.last() {
            Some(Inline::Text(t)) => t.ends_with(' '),
            Some(Inline::Link { .. }) => false,
            None => true,
        }
    }

    /// A line break inside a paragraph. Wire copy uses them as hard wraps, so it is a space.
    pub fn soft_break(&mut self) {
        self.text(" ");
    }

    pub fn link_start(&mut self, href: &str) {
        self.link_end();
        self.link = Some((href.trim().to_string(), String::new()));
    }

    pub fn link_end(&mut self) {
        if let Some((href, text)) = self.link.take() {
            let safe = is_safe_href(&href);
            if safe && !text.trim().is_empty() {
                self.pending.push(Inline::Link { text, href });
            } else {
                // Keep the words; drop a link we would not let anyone click.
                match self.pending.last_mut() {
                    Some(Inline::Text(t)) => t.push_str(&text),
                    _ => self.pending.push(Inline::Text(text)),
                }
            }
        }
    }

    /// Ends whatever inline text is pending as a block of `kind`.
    pub fn end_block(&mut self, kind: BlockKind) {
        self.link_end();
        let inlines = trim_inlines(std::mem::take(&mut self.pending));
        if inlines.is_empty() {
            return;
        }
        let block = match kind {
            BlockKind::Paragraph => Block::Paragraph(inlines),
            BlockKind::Heading => Block::Heading(inlines),
            BlockKind::ListItem { ordered } => Block::ListItem { ordered, inlines },
            BlockKind::Quote => Block::Quote(inlines),
        };
        self.blocks.push(block);
    }

    /// Flushes loose inline text (text directly inside a container) as a paragraph.
    pub fn flush(&mut self) {
        self.end_block(BlockKind::Paragraph);
    }

    pub fn push(&mut self, block: Block) {
        self.flush();
        if !block.is_empty() {
            self.blocks.push(block);
        }
    }

    pub fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks.retain(|b| !b.is_empty());
        self.blocks
    }
}

fn is_safe_href(href: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"))
        && !href.chars().any(|c| c.is_control())
}

fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    // Merge adjacent text runs, then trim the outer edges.
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines.drain(..) {
        match (merged.last_mut(), i) {
            (Some(Inline::Text(a)), Inline::Text(b)) => {
                if a.ends_with(' ') && b.starts_with(' ') {
                    a.push_str(b.trim_start());
                } else {
                    a.push_str(&b);
                }
            }
            (_, i) => merged.push(i),
        }
    }
    if let Some(Inline::Text(t)) = merged.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = merged.last_mut() {
        *t = t.trim_end().to_string();
    }
    merged.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    merged
}

pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        // NBSP is kept as a character: it is meaningful in French and in figures.
        if c.is_whitespace() && c != '\u{A0}' && c != '\u{202F}' {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Renders blocks as Markdown: one blank line between blocks, consecutive list items together.
pub fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut prev_list: Option<bool> = None;
    let mut ordinal = 0usize;
    for block in blocks {
        let this_list = match block {
            Block::ListItem { ordered, .. } => Some(*ordered),
            _ => None,
        };
        if !out.is_empty() {
            if this_list.is_some() && this_list == prev_list {
                out.push('\n');
            } else {
                out.push_str("\n\n");
            }
        }
        if this_list != prev_list {
            ordinal = 0;
        }
        match block {
            Block::Paragraph(i) => out.push_str(&escape_line(&inline_md(i), true)),
            Block::Heading(i) => {
                out.push_str("## ");
                out.push_str(&escape_line(&inline_md(i), false));
            }
            Block::Quote(i) => {
                out.push_str("> ");
                out.push_str(&escape_line(&inline_md(i), false));
            }
            Block::ListItem { ordered, inlines } => {
                ordinal += 1;
                if *ordered {
                    out.push_str(&format!("{ordinal}. "));
                } else {
                    out.push_str("- ");
                }
                out.push_str(&escape_line(&inline_md(inlines), false));
            }
            Block::Preformatted(t) => out.push_str(&fenced(t)),
            Block::Table(rows) => out.push_str(&table_md(rows)),
        }
        prev_list = this_list;
    }
    out
}

fn inline_md(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) => s.push_str(&escape_inline(t)),
            Inline::Link { text, href } => {
                s.push('[');
                s.push_str(&escape_inline(text.trim()));
                s.push_str("](");
                s.push_str(&escape_href(href));
                s.push(')');
            }
        }
    }
    s
}

/// Escapes characters that Markdown would read as markup anywhere in a line.
pub fn escape_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' => {
                // Only an entity-like run would be decoded; escape just those.
                let rest: String = chars[i + 1..].iter().take(33).collect();
                if looks_like_entity(&rest) {
                    out.push('\\');
                }
                out.push('&');
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn looks_like_entity(rest: &str) -> bool {
    let body: String = rest.chars().take_while(|c| *c != ';').collect();
    if body.len() == rest.len() || body.is_empty() {
        return false;
    }
    let b = body.strip_prefix('#').unwrap_or(&body);
    !b.is_empty() && b.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Escapes what matters only at the start of a line: headings, lists, rules, code indents.
fn escape_line(line: &str, paragraph: bool) -> String {
    let line = line.trim_start();
    let mut out = String::with_capacity(line.len() + 2);
    let first = line.chars().next();
    match first {
        Some('#') | Some('+') | Some('-') | Some('=') | Some('|') if paragraph => {
            out.push('\\');
            out.push_str(line);
            return out;
        }
        _ => {}
    }
    if paragraph {
        // "1. " or "1) " would start an ordered list.
        let digits: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && digits.len() <= 9 {
            let after = &line[digits.len()..];
            if let Some(rest) = after.strip_prefix('.').or_else(|| after.strip_prefix(')')) {
                if rest.is_empty() || rest.starts_with(' ') {
                    let marker = &after[..1];
                    return format!("{digits}\\{marker}{rest}");
                }
            }
        }
    }
    out.push_str(line);
    out
}

fn escape_href(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn fenced(text: &str) -> String {
    let longest = text
        .lines()
        .map(|l| {
            let t = l.trim_start();
            t.chars().take_while(|c| *c == '`').count()
        })
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{}\n{fence}", text.trim_matches('\n'))
}

fn table_md(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return String::new();
    }
    let cell = |r: &Vec<String>, k: usize| -> String {
        let raw = r.get(k).map(String::as_str).unwrap_or("");
        escape_inline(&collapse_ws(raw).trim().replace('|', "\\|"))
    };
    let mut out = String::new();
    for (n, r) in rows.iter().enumerate() {
        out.push('|');
        for k in 0..width {
            out.push(' ');
            out.push_str(&cell(r, k));
            out.push_str(" |");
        }
        out.push('\n');
        if n == 0 {
            out.push('|');
            for _ in 0..width {
                out.push_str(" --- |");
            }
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_in_wire_text() {
        let blocks = vec![
            Block::paragraph("# not a heading"),
            Block::paragraph("1. BAHAMIANS BEGIN"),
            Block::paragraph("a *star* and _under_ and <b>tag</b> &amp; [x](y)"),
            Block::paragraph("___"),
        ];
        let md = render(&blocks);
        assert_eq!(
            md,
            "\\# not a heading\n\n1\\. BAHAMIANS BEGIN\n\na \\*star\\* and \\_under\\_ and \\<b\\>tag\\</b\\> \\&amp; \\[x\\](y)\n\n\\_\\_\\_"
        );
    }

    #[test]
    fn unsafe_links_keep_only_text() {
        let mut b = Body::new();
        b.text("see ");
        b.link_start("javascript:alert(1)");
        b.text("this");
        b.link_end();
        b.text(" and ");
        b.link_start("https://example.com/a b");
        b.text("that");
        b.link_end();
        b.flush();
        assert_eq!(
            render(&b.finish()),
            "see this and [that](https://example.com/a%20b)"
        );
    }
}
