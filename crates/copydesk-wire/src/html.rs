//! HTML to story blocks. A forgiving tokenizer (wire HTML is rarely well-formed) that keeps the
//! words, paragraphs, lists, tables and safe links, and never any markup.

use crate::markdown_body::{Block, BlockKind, Body};

/// What an element means for the story text. Shared with the XML body walker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Dropped with everything inside (scripts, styles, navigation, media).
    Skip,
    Paragraph,
    Heading,
    List {
        ordered: bool,
    },
    ListItem,
    Quote,
    Pre,
    Table,
    Row,
    Cell,
    Break,
    Link,
    /// A block container: its boundaries end a paragraph.
    Container,
    /// Anything else: its text flows into the current paragraph.
    Inline,
}

pub fn role(local_name: &str) -> Role {
    let name = local_name.to_ascii_lowercase();
    match name.as_str() {
        "script" | "style" | "head" | "title" | "noscript" | "iframe" | "object" | "embed"
        | "svg" | "math" | "template" | "form" | "button" | "select" | "textarea" | "nav"
        | "img" | "video" | "audio" | "canvas" | "map" | "input" | "media" | "media-reference"
        | "media-caption" | "media-producer" | "media-metadata" | "meta" | "link" | "header"
        | "footer" | "aside" | "time"
        // TT's NITF dialect: the headline and dateline are read as metadata.
        | "rubrik" | "dat" => Role::Skip,
        "p" | "dd" | "dt" | "figcaption" | "caption" | "address" | "tagline" | "bibliography"
        | "credit" | "summary" | "citat" => Role::Paragraph,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "hl1" | "hl2" | "hedline" | "mellis" => Role::Heading,
        "ul" | "dl" => Role::List { ordered: false },
        "ol" => Role::List { ordered: true },
        "li" => Role::ListItem,
        "blockquote" | "bq" => Role::Quote,
        "pre" => Role::Pre,
        "table" => Role::Table,
        "tr" => Role::Row,
        "td" | "th" => Role::Cell,
        "br" => Role::Break,
        "a" => Role::Link,
        "div" | "section" | "article" | "main" | "body" | "html" | "block" | "body.content"
        | "body.end" | "figure" | "center" | "fieldset"
        | "tbody" | "thead" | "tfoot" | "hr" | "nitf" | "content" | "datacontent" | "text"
        | "ingress" | "brodtext" => Role::Container,
        _ => Role::Inline,
    }
}

/// Converts an HTML fragment or page to blocks.
pub fn to_blocks(html: &str) -> Vec<Block> {
    let mut walker = Walker::default();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            walker.text(rest);
            break;
        };
        if lt > 0 {
            walker.text(&rest[..lt]);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = match after.find("-->") {
                Some(end) => &after[end + 3..],
                None => "",
            };
            continue;
        }
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            walker.raw_text(&after[..end]);
            rest = after.get(end + 3..).unwrap_or("");
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = match rest.find('>') {
                Some(end) => &rest[end + 1..],
                None => "",
            };
            continue;
        }
        match parse_tag(rest) {
            Some((tag, used)) => {
                rest = &rest[used..];
                if tag.closing {
                    walker.close(&tag.name);
                } else {
                    let r = role(&tag.name);
                    if matches!(r, Role::Skip) && !tag.self_closing && !is_void(&tag.name) {
                        // Skip to the matching close tag (scripts may contain '<').
                        let close = format!("</{}", tag.name);
                        rest = match find_ci(rest, &close) {
                            Some(p) => {
                                let after = &rest[p..];
                                match after.find('>') {
                                    Some(e) => &after[e + 1..],
                                    None => "",
                                }
                            }
                            None => "",
                        };
                        continue;
                    }
                    if r == Role::Pre && !tag.self_closing {
                        let end = find_ci(rest, "</pre").unwrap_or(rest.len());
                        walker.pre(&decode_entities(&strip_tags(&rest[..end])));
                        rest = &rest[end..];
                        rest = match rest.find('>') {
                            Some(e) => &rest[e + 1..],
                            None => "",
                        };
                        continue;
                    }
                    walker.open(
                        &tag.name,
                        r,
                        tag.href.as_deref(),
                        tag.self_closing || is_void(&tag.name),
                    );
                }
            }
            None => {
                // A lone '<' is text.
                walker.text("<");
                rest = &rest[1..];
            }
        }
    }
    walker.finish()
}

/// HTML typed by hand into a plain-text field (WordPress posts, ANSA's "text/plain"), where a
/// line break in the source is a paragraph break.
pub fn to_blocks_keeping_lines(html: &str) -> Vec<Block> {
    let with_breaks = crate::text::normalise_newlines(html).replace('\n', "<p>");
    to_blocks(&with_breaks)
}

/// Text that wraps a teletype-style story in a few tags (ANSA's "text/plain"): the tags go,
/// and the hard-wrapped, indented lines are read as wire text.
pub fn tagged_text_blocks(raw: &str) -> Vec<Block> {
    let text = decode_entities(&strip_tags(&crate::text::normalise_newlines(raw)));
    crate::text::paragraphs(&text)
        .iter()
        .map(|p| crate::text::block_for(p))
        .collect()
}

/// Plain text of an HTML fragment (for headlines and other one-line fields).
pub fn to_text(html: &str) -> String {
    to_blocks(html)
        .iter()
        .map(Block::plain)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn decode_entities(s: &str) -> String {
    if s.contains('&') {
        html_escape::decode_html_entities(s).into_owned()
    } else {
        s.to_string()
    }
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn is_void(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "br" | "hr"
            | "img"
            | "input"
            | "meta"
            | "link"
            | "area"
            | "base"
            | "col"
            | "embed"
            | "source"
            | "track"
            | "wbr"
            | "param"
    )
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    href: Option<String>,
}

/// Parses "<name attr=…>" at the start of `s`; returns the tag and the bytes it used.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let b = s.as_bytes();
    let mut i = 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'.' | b'_'))
    {
        i += 1;
    }
    if i == start || !b[start].is_ascii_alphabetic() {
        return None;
    }
    let full = &s[start..i];
    let name = full.rsplit(':').next().unwrap_or(full).to_ascii_lowercase();
    let mut href = None;
    let mut self_closing = false;
    // Attributes, honouring quotes so that '>' inside a value does not end the tag.
    loop {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match b.get(i) {
            None => {
                return Some((
                    Tag {
                        name,
                        closing,
                        self_closing,
                        href,
                    },
                    s.len(),
                ))
            }
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'/') => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        let an_start = i;
        while b
            .get(i)
            .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        if i == an_start {
            i += 1;
            continue;
        }
        let attr_name = s[an_start..i].to_ascii_lowercase();
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match b.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let vstart = i + 1;
                    let vend = s[vstart..]
                        .find(q as char)
                        .map(|p| vstart + p)
                        .unwrap_or(s.len());
                    value = s[vstart..vend].to_string();
                    i = (vend + 1).min(s.len());
                }
                _ => {
                    let vstart = i;
                    while b
                        .get(i)
                        .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                    {
                        i += 1;
                    }
                    value = s[vstart..i].to_string();
                }
            }
        }
        if attr_name == "href" {
            href = Some(decode_entities(&value));
        }
    }
    Some((
        Tag {
            name,
            closing,
            self_closing,
            href,
        },
        i,
    ))
}

const MAX_OPEN: usize = 256;

/// Drives a [`Body`] from start and end tags, tracking lists and tables.
#[derive(Default)]
struct Walker {
    body: Body,
    stack: Vec<(String, Role)>,
    lists: Vec<bool>,
    table: Option<Vec<Vec<String>>>,
    cell: Option<String>,
}

impl Walker {
    fn text(&mut self, raw: &str) {
        self.raw_text(&decode_entities(raw));
    }

    fn raw_text(&mut self, text: &str) {
        if let Some(cell) = self.cell.as_mut() {
            cell.push_str(text);
        } else if self.table.is_some() {
            // Text between cells is layout whitespace.
        } else {
            self.body.text(text);
        }
    }

    fn pre(&mut self, text: &str) {
        if self.table.is_some() {
            self.raw_text(text);
        } else {
            self.body.push(Block::Preformatted(text.to_string()));
        }
    }

    fn current_kind(&self) -> BlockKind {
        for (_, r) in self.stack.iter().rev() {
            match r {
                Role::Heading => return BlockKind::Heading,
                Role::ListItem => {
                    return BlockKind::ListItem {
                        ordered: self.lists.last().copied().unwrap_or(false),
                    }
                }
                Role::Quote => return BlockKind::Quote,
                Role::Paragraph => return BlockKind::Paragraph,
                _ => {}
            }
        }
        BlockKind::Paragraph
    }

    fn open(&mut self, name: &str, role: Role, href: Option<&str>, void: bool) {
        match role {
            Role::Break => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.push(' ');
                } else {
                    self.body.soft_break();
                }
                return;
            }
            Role::Skip => return,
            Role::Link => {
                if let Some(h) = href {
                    if self.cell.is_none() {
                        self.body.link_start(h);
                    }
                }
            }
            Role::Table => {
                self.body.flush();
                self.table = Some(Vec::new());
            }
            Role::Row => {
                if let Some(t) = self.table.as_mut() {
                    t.push(Vec::new());
                }
            }
            Role::Cell => {
                if self.table.is_some() {
                    self.cell = Some(String::new());
                }
            }
            Role::List { ordered } => {
                let kind = self.current_kind();
                self.body.end_block(kind);
                self.lists.push(ordered);
            }
            Role::Paragraph | Role::Heading | Role::ListItem | Role::Quote | Role::Container => {
                if self.table.is_none() {
                    let kind = self.current_kind();
                    self.body.end_block(kind);
                }
            }
            Role::Pre | Role::Inline => {}
        }
        // Hostile markup can open tags without end; past this depth nesting is ignored, so
        // closing tags never scan a long stack.
        if !void && self.stack.len() < MAX_OPEN {
            self.stack.push((name.to_string(), role));
        }
    }

    fn close(&mut self, name: &str) {
        let Some(pos) = self.stack.iter().rposition(|(n, _)| n == name) else {
            return;
        };
        // Close everything opened after it too (forgiving mis-nesting).
        while self.stack.len() > pos {
            let kind = self.current_kind();
            let Some((_, role)) = self.stack.pop() else {
                break;
            };
            match role {
                Role::Link => self.body.link_end(),
                Role::Cell => {
                    if let (Some(cell), Some(t)) = (self.cell.take(), self.table.as_mut()) {
                        if let Some(row) = t.last_mut() {
                            row.push(cell.trim().to_string());
                        }
                    }
                }
                Role::Table => {
                    if let Some(rows) = self.table.take() {
                        for b in table_blocks(rows) {
                            self.body.push(b);
                        }
                    }
                }
                Role::List { .. } => {
                    self.body.end_block(kind);
                    self.lists.pop();
                }
                Role::Paragraph
                | Role::Heading
                | Role::ListItem
                | Role::Quote
                | Role::Container
                    if self.table.is_none() =>
                {
                    self.body.end_block(kind);
                }
                _ => {}
            }
        }
    }

    fn finish(mut self) -> Vec<Block> {
        while let Some((name, _)) = self.stack.last().cloned() {
            self.close(&name);
        }
        if let Some(rows) = self.table.take() {
            for b in table_blocks(rows) {
                self.body.push(b);
            }
        }
        self.body.finish()
    }
}

/// Rows with a single cell (titles inside layout tables) become paragraphs; runs of rows with
/// several cells become Markdown tables.
pub fn table_blocks(rows: Vec<Vec<String>>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut grid: Vec<Vec<String>> = Vec::new();
    for row in rows {
        let filled = row.iter().filter(|c| !c.trim().is_empty()).count();
        if filled == 0 {
            continue;
        }
        if row.len() == 1 {
            if !grid.is_empty() {
                out.push(Block::Table(std::mem::take(&mut grid)));
            }
            out.push(Block::paragraph(row[0].clone()));
        } else {
            grid.push(row);
        }
    }
    if !grid.is_empty() {
        out.push(Block::Table(grid));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown_body::render;

    #[test]
    fn drops_scripts_and_keeps_words() {
        let html = "<html><head><title>T</title><script>alert('<p>x</p>')</script></head><body><p>One <b>two</b></p><p>Three&nbsp;&amp; four &ndash; five</p><img src=x onerror=alert(1)></body></html>";
        assert_eq!(
            render(&to_blocks(html)),
            "One two\n\nThree\u{a0}& four – five"
        );
    }

    #[test]
    fn lists_links_tables() {
        let html = "<ul><li>a</li><li>b <a href=\"https://x.org/\">link</a></li></ul><table><tr><th>Name</th><th>G</th></tr><tr><td>McNeil</td><td>72</td></tr></table>";
        assert_eq!(
            render(&to_blocks(html)),
            "- a\n- b [link](https://x.org/)\n\n| Name | G |\n| --- | --- |\n| McNeil | 72 |"
        );
    }

    #[test]
    fn unclosed_and_broken_markup() {
        let html = "<div><p>open para <i>italic<p>second</div> < not a tag";
        let md = render(&to_blocks(html));
        assert!(md.contains("open para italic"));
        assert!(md.contains("second"));
        assert!(md.contains("\\< not a tag"));
    }
}
