//! Untrusted XML: a byte-level pre-check (no internal DTD subset, no entity declarations,
//! bounded depth), then roxmltree with a node limit. DTDs are never fetched and no entity is
//! ever expanded beyond XML's five predefined ones and character references.

pub mod agency;
pub mod newsml12;
pub mod newsml_g2;
pub mod nitf;

use roxmltree::{Document, Node, ParsingOptions};

use crate::html::{role, table_blocks, Role};
use crate::markdown_body::{Block, BlockKind, Body};
use crate::model::{Limits, Rejection, RejectionCode};

/// Checks untrusted XML and blanks out its DOCTYPE, so that the parser never sees a DTD.
///
/// A DOCTYPE is fine when it only names an external DTD, or when its internal subset only
/// declares parameter entities (NewsML 1.2 pulls NITF in with `<!ENTITY % nitf SYSTEM …> %nitf;`):
/// those live inside the DTD, which is never read. A general entity declaration
/// (`<!ENTITY name …>`, the tool of billion-laughs bombs and XXE) rejects the file.
pub fn prepare<'a>(text: &'a str, limits: &Limits) -> Result<std::borrow::Cow<'a, str>, Rejection> {
    let doctype = precheck(text, limits)?;
    Ok(match doctype {
        Some((start, end)) => {
            let mut owned = String::with_capacity(text.len());
            owned.push_str(&text[..start]);
            // Keep line numbers stable for error messages.
            owned.extend(
                text[start..end]
                    .chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' }),
            );
            owned.push_str(&text[end..]);
            std::borrow::Cow::Owned(owned)
        }
        None => std::borrow::Cow::Borrowed(text),
    })
}

/// Parses text returned by [`prepare`].
pub fn parse<'a>(prepared: &'a str, limits: &Limits) -> Result<Document<'a>, Rejection> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: u32::try_from(limits.max_xml_nodes).unwrap_or(u32::MAX),
        // Never set: no entity is ever resolved from outside the document.
        ..ParsingOptions::default()
    };
    Document::parse_with_options(prepared, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => Rejection::new(
            RejectionCode::TooManyNodes,
            format!(
                "The XML has more than {} elements and text runs; it was not read.",
                limits.max_xml_nodes
            ),
        ),
        roxmltree::Error::EntityReferenceLoop(_) | roxmltree::Error::DtdDetected => Rejection::new(
            RejectionCode::XmlDtdForbidden,
            "The XML declares entities; files with entity declarations are not read.",
        ),
        other => Rejection::new(
            RejectionCode::MalformedXml,
            format!("The XML is not well-formed: {other}."),
        ),
    })
}

/// Rejects general entity declarations and nesting deeper than allowed, with one linear scan
/// that never allocates per element. Returns where the DOCTYPE is, if there is one.
fn precheck(text: &str, limits: &Limits) -> Result<Option<(usize, usize)>, Rejection> {
    let mut doctype = None;
    let b = text.as_bytes();
    let mut i = 0;
    let mut depth: usize = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i += skip_to(&b[i..], b"-->").unwrap_or(b.len() - i);
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            i += skip_to(&b[i..], b"]]>").unwrap_or(b.len() - i);
            continue;
        }
        if rest.starts_with(b"<?") {
            i += skip_to(&b[i..], b"?>").unwrap_or(b.len() - i);
            continue;
        }
        if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<!DOCTYPE") {
            let end = declaration_end(rest);
            if declares_general_entity(&rest[..end]) {
                return Err(Rejection::new(
                    RejectionCode::XmlDtdForbidden,
                    "The XML declares its own entities in its DTD (the mechanism of 'billion laughs' bombs and external-file tricks); it was not read.",
                ));
            }
            if doctype.is_some() {
                return Err(Rejection::new(
                    RejectionCode::MalformedXml,
                    "The XML has two DOCTYPE declarations.",
                ));
            }
            doctype = Some((i, i + end));
            i += end;
            continue;
        }
        if rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"<!ENTITY") {
            return Err(Rejection::new(
                RejectionCode::XmlDtdForbidden,
                "The XML declares entities outside a DTD; it was not read.",
            ));
        }
        if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i += 2;
            continue;
        }
        // A start tag: find its end, honouring quoted attribute values.
        let end = tag_end(rest);
        let self_closing = end >= 2 && rest[end - 2] == b'/';
        if !self_closing
            && rest
                .get(1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_' || *c >= 0x80)
        {
            depth += 1;
            if depth > limits.max_xml_depth {
                return Err(Rejection::new(
                    RejectionCode::TooDeep,
                    format!(
                        "The XML nests elements more than {} deep; it was not read.",
                        limits.max_xml_depth
                    ),
                ));
            }
        }
        i += end.max(1);
    }
    Ok(doctype)
}

/// Whether a DOCTYPE declares a general entity (`<!ENTITY name`, not `<!ENTITY % name`).
fn declares_general_entity(doctype: &[u8]) -> bool {
    let mut k = 0;
    while let Some(p) = crate::decode::find(&doctype[k..], b"<!ENTITY") {
        let after = &doctype[k + p + 8..];
        let next = after.iter().find(|c| !c.is_ascii_whitespace());
        if next != Some(&b'%') {
            return true;
        }
        k += p + 8;
    }
    // Lower-case or oddly spaced spellings are not XML, but refuse them too.
    let lower: Vec<u8> = doctype.iter().map(u8::to_ascii_lowercase).collect();
    crate::decode::find(&lower, b"<!entity").is_some()
        && crate::decode::find(doctype, b"<!ENTITY").is_none()
}

fn skip_to(hay: &[u8], needle: &[u8]) -> Option<usize> {
    crate::decode::find(hay, needle).map(|p| p + needle.len())
}

/// The end of "<!DOCTYPE …>", counting a bracketed internal subset as part of it.
fn declaration_end(rest: &[u8]) -> usize {
    let mut quote = None;
    let mut bracket = 0usize;
    for (k, &c) in rest.iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'[') => bracket += 1,
            (None, b']') => bracket = bracket.saturating_sub(1),
            (None, b'>') if bracket == 0 => return k + 1,
            _ => {}
        }
    }
    rest.len()
}

fn tag_end(rest: &[u8]) -> usize {
    let mut quote = None;
    for (k, &c) in rest.iter().enumerate().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return k + 1,
            (None, b'<') => return k,
            _ => {}
        }
    }
    rest.len()
}

// ---- DOM helpers: match by local name, never by prefix (Reuters writes `ns0:`). ----

pub fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

pub fn children<'a, 'i: 'a>(
    n: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

pub fn path<'a, 'i>(n: Node<'a, 'i>, names: &[&str]) -> Option<Node<'a, 'i>> {
    let mut cur = n;
    for name in names {
        cur = child(cur, name)?;
    }
    Some(cur)
}

pub fn descendant<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.descendants()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// An attribute by local name, whatever its namespace.
pub fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

pub fn attr_nonempty<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    attr(n, name).map(str::trim).filter(|v| !v.is_empty())
}

/// All text below a node as one line. Block elements ("p", "city" inside a location) are
/// kept apart by a space; inline ones ("em", "person") run on.
pub fn text_of(n: Node) -> String {
    let mut s = String::new();
    gather(n, &mut s);
    crate::text::one_line(&s)
}

fn gather(n: Node, out: &mut String) {
    for c in n.children() {
        if c.is_text() {
            out.push_str(c.text().unwrap_or(""));
        } else if c.is_element() {
            let inline = matches!(role(c.tag_name().name()), Role::Inline | Role::Link);
            if !inline {
                out.push(' ');
            }
            gather(c, out);
            if !inline {
                out.push(' ');
            }
        }
    }
}

pub fn text_opt(n: Option<Node>) -> Option<String> {
    n.map(text_of).filter(|t| !t.is_empty())
}

/// Builds blocks from an XML body (NITF `body.content`, XHTML, NewsML 1.2 `DataContent`).
/// Element meaning is shared with the HTML reader through [`role`]. Recursion is bounded by
/// the depth pre-check.
pub fn body_blocks(n: Node, captions: &mut Vec<String>) -> Vec<Block> {
    let mut walk = DomWalk {
        body: Body::new(),
        lists: Vec::new(),
        kinds: Vec::new(),
        captions,
    };
    walk.children(n);
    walk.body.finish()
}

struct DomWalk<'c> {
    body: Body,
    lists: Vec<bool>,
    kinds: Vec<BlockKind>,
    captions: &'c mut Vec<String>,
}

impl DomWalk<'_> {
    fn kind(&self) -> BlockKind {
        self.kinds.last().copied().unwrap_or(BlockKind::Paragraph)
    }

    fn children(&mut self, n: Node) {
        for c in n.children() {
            self.node(c);
        }
    }

    fn node(&mut self, n: Node) {
        if n.is_text() {
            if let Some(t) = n.text() {
                self.body.text(t);
            }
            return;
        }
        if !n.is_element() {
            return;
        }
        let name = n.tag_name().name();
        if name == "media-caption" {
            let c = text_of(n);
            if !c.is_empty() {
                self.captions.push(c);
            }
            return;
        }
        match role(name) {
            Role::Skip => {}
            Role::Break => self.body.soft_break(),
            Role::Inline => self.children(n),
            Role::Link => match attr(n, "href") {
                Some(h) => {
                    self.body.link_start(h);
                    self.children(n);
                    self.body.link_end();
                }
                None => self.children(n),
            },
            Role::Pre => {
                let raw: String = n.descendants().filter_map(|d| d.text()).collect();
                self.body.push(Block::Preformatted(raw));
            }
            Role::Table => {
                let rows = n
                    .descendants()
                    .filter(|d| d.is_element() && d.tag_name().name().eq_ignore_ascii_case("tr"))
                    .map(|tr| {
                        tr.children()
                            .filter(|c| {
                                c.is_element() && matches!(c.tag_name().name(), "td" | "th")
                            })
                            .map(text_of)
                            .collect::<Vec<_>>()
                    })
                    .collect();
                for b in table_blocks(rows) {
                    self.body.push(b);
                }
            }
            Role::List { ordered } => {
                self.body.end_block(self.kind());
                self.lists.push(ordered);
                self.children(n);
                self.body.end_block(self.kind());
                self.lists.pop();
            }
            r @ (Role::Paragraph | Role::Heading | Role::ListItem | Role::Quote) => {
                self.body.end_block(self.kind());
                let kind = match r {
                    Role::Heading => BlockKind::Heading,
                    Role::ListItem => BlockKind::ListItem {
                        ordered: self.lists.last().copied().unwrap_or(false),
                    },
                    Role::Quote => BlockKind::Quote,
                    _ => BlockKind::Paragraph,
                };
                self.kinds.push(kind);
                // TT marks quotes with an element; Scandinavian copy shows them with a dash.
                if name.eq_ignore_ascii_case("CITAT") {
                    self.body.text("\u{2013} ");
                }
                self.children(n);
                self.body.end_block(kind);
                self.kinds.pop();
            }
            Role::Container | Role::Row | Role::Cell => {
                self.body.end_block(self.kind());
                self.children(n);
                self.body.end_block(self.kind());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_internal_subsets_and_deep_nesting() {
        let l = Limits::default();
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><lolz>&lol2;</lolz>";
        assert_eq!(
            prepare(bomb, &l).err().map(|r| r.code),
            Some(RejectionCode::XmlDtdForbidden)
        );
        let deep = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
        assert_eq!(
            prepare(&deep, &l).err().map(|r| r.code),
            Some(RejectionCode::TooDeep)
        );
        let ext =
            "<?xml version=\"1.0\"?><!DOCTYPE nitf SYSTEM \"nitf-3-2.dtd\"><nitf><head/></nitf>";
        let prepared = prepare(ext, &l).ok();
        assert!(prepared.as_deref().is_some_and(|p| parse(p, &l).is_ok()));
        let newsml = "<!DOCTYPE NewsML PUBLIC \"x\" \"y.dtd\" [<!ENTITY % nitf SYSTEM \"nitf.dtd\"> %nitf; ]><NewsML/>";
        let prepared = prepare(newsml, &l).ok();
        assert!(prepared.as_deref().is_some_and(|p| parse(p, &l).is_ok()));
    }
}
