//! A saved web page (.html/.htm): parsed by a real HTML5 parser (html5ever, through
//! `scraper`), its metadata read from `<meta>`, Open Graph and JSON-LD `NewsArticle`, and its
//! blocks sorted into story and furniture by the same classifier as scraped text
//! ([`crate::boilerplate`]), helped by what the markup says (navigation, asides, figures,
//! class names such as "share" or "newsletter", link density).
//!
//! Scripts, styles, forms and embeds never reach the body: their text is not even read. The
//! tree is walked without recursion, so nesting depth costs no stack.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use crate::boilerplate::{self, Line, Role};
use crate::markdown_body::{Block, BlockKind, Body};
use crate::model::{RemovedPart, Subject, WireFormat, WireItem};
use crate::times;

/// Elements whose content is never text of the page.
fn is_dropped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "head"
            | "title"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "video"
            | "audio"
            | "map"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dd"
            | "dt"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "table"
            | "tr"
            | "caption"
            | "form"
            | "address"
            | "body"
            | "html"
            | "br"
            | "hr"
            | "pre"
            | "time"
            | "cite"
            | "center"
            | "fieldset"
            | "details"
            | "summary"
    )
}

/// Inline elements whose edges a browser shows as a gap between words (separate widgets).
fn spaced_inline(name: &str) -> bool {
    matches!(
        name,
        "span" | "a" | "label" | "small" | "td" | "th" | "img" | "bsp-timestamp"
    )
}

/// What the markup says a part of the page is, from its element and class/id words.
fn hint_of(name: &str, class_id: &str, in_article: bool) -> Option<&'static str> {
    match name {
        "nav" => return Some("navigation"),
        "aside" => return Some("related_story"),
        "figure" | "figcaption" => return Some("photo_caption"),
        "form" => return Some("newsletter"),
        "footer" if !in_article => return Some("footer"),
        "header" if !in_article => return Some("navigation"),
        "time" => return Some("timestamp"),
        "address" => return Some("byline"),
        _ => {}
    }
    if class_id.trim().is_empty() {
        return None;
    }
    let lower = class_id.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    let joined = lower.as_str();
    if has(&["cookie", "consent", "gdpr"]) {
        return Some("cookie_notice");
    }
    if has(&[
        "nav",
        "navbar",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "skip",
        "topbar",
        "masthead",
    ]) {
        return Some("navigation");
    }
    if has(&[
        "share",
        "sharing",
        "social",
        "tools",
        "compartir",
        "teilen",
        "actions",
    ]) {
        return Some("share");
    }
    if has(&[
        "ad",
        "ads",
        "advert",
        "advertisement",
        "sponsor",
        "sponsored",
        "mpu",
        "anzeige",
        "publi",
        "paid",
        "promoted",
        "gpt",
        "dfp",
        "outbrain",
        "taboola",
    ]) {
        return Some("advertisement");
    }
    if has(&[
        "newsletter",
        "signup",
        "subscribe",
        "promo",
        "paywall",
        "digest",
        "support",
    ]) {
        return Some("newsletter");
    }
    if has(&["comments", "comment", "respond", "replies"]) {
        return Some("comments");
    }
    if joined.contains("most-read")
        || joined.contains("most-viewed")
        || joined.contains("mas-leido")
        || joined.contains("top-stories")
        || has(&["popular", "trending", "meistgelesen"])
    {
        return Some("most_popular");
    }
    if has(&[
        "related",
        "relacionadas",
        "mehr",
        "more",
        "recommended",
        "read",
        "carousel",
        "headlines",
    ]) {
        return Some("related_story");
    }
    if has(&["tags", "topics", "keywords", "topic"]) {
        return Some("topics");
    }
    if has(&["bio", "tagline"]) || joined.contains("author-box") {
        return Some("author_bio");
    }
    if has(&["caption", "credit", "imagecaption"]) {
        return Some("photo_caption");
    }
    if has(&["byline", "author", "authors", "firma", "autor"]) {
        return Some("byline");
    }
    if has(&[
        "timestamp",
        "timestamps",
        "dates",
        "date",
        "stand",
        "datemodified",
    ]) {
        return Some("timestamp");
    }
    if has(&[
        "ticker",
        "scoreboard",
        "lineups",
        "league",
        "audio",
        "video",
        "sr",
        "hidden",
    ]) {
        return Some("page_furniture");
    }
    if has(&["footer", "footnote", "sign", "standards"]) && !has(&["signup"]) {
        return Some("footer");
    }
    if has(&[
        "standfirst",
        "dek",
        "subhead",
        "entradilla",
        "excerpt",
        "teaser",
        "summary",
    ]) {
        return Some("standfirst");
    }
    None
}

fn is_article(name: &str, class_id: &str, itemprop: Option<&str>) -> bool {
    name == "article"
        || name == "main"
        || itemprop == Some("articleBody")
        || class_id.contains("article-body")
        || class_id.contains("story-body")
        || class_id.contains("entry-content")
}

struct Walk {
    body: Body,
    lines: Vec<Line>,
    /// Per open element: its hint, whether it is a heading, link, list or article.
    stack: Vec<Frame>,
    dropped: usize,
    link_chars: usize,
    chars: usize,
}

/// An open element, with what it inherits from the elements around it (so that nothing has to
/// look down the stack: hostile pages nest tens of thousands deep).
#[derive(Clone, Copy, Default)]
struct Frame {
    hint: Option<&'static str>,
    heading: Option<u8>,
    link: bool,
    article: bool,
    /// The innermost list: ordered or not.
    list: Option<bool>,
    kind: Option<BlockKind>,
    block: bool,
    spaced: bool,
}

impl Walk {
    fn top(&self) -> Frame {
        self.stack.last().copied().unwrap_or_default()
    }

    fn hint(&self) -> Option<&'static str> {
        self.top().hint
    }

    fn kind(&self) -> BlockKind {
        self.top().kind.unwrap_or(BlockKind::Paragraph)
    }

    fn boundary(&mut self) {
        let kind = self.kind();
        let heading = self.top().heading;
        let before = self.body.blocks.len();
        self.body.end_block(kind);
        if self.body.blocks.len() > before {
            let text = self.body.blocks[before].plain();
            let density = if self.chars == 0 {
                0.0
            } else {
                self.link_chars as f32 / self.chars as f32
            };
            self.lines.push(Line {
                text: crate::text::one_line(&text),
                hint: self.hint(),
                heading,
                link_density: density,
            });
        }
        self.link_chars = 0;
        self.chars = 0;
    }

    fn text(&mut self, t: &str) {
        if self.dropped > 0 {
            return;
        }
        let n = t.trim().chars().count();
        self.chars += n;
        if self.top().link {
            self.link_chars += n;
        }
        self.body.text(t);
    }
}

/// The page's blocks, each with what the markup says about it.
fn walk(doc: &Html) -> (Vec<Line>, Vec<Block>) {
    let mut w = Walk {
        body: Body::new(),
        lines: Vec::new(),
        stack: Vec::new(),
        dropped: 0,
        link_chars: 0,
        chars: 0,
    };
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(t) => w.text(t),
                Node::Element(e) => {
                    let name = e.name();
                    if w.dropped > 0 || is_dropped(name) {
                        w.dropped += 1;
                        continue;
                    }
                    let class_id = match (e.attr("class"), e.attr("id")) {
                        (None, None) => String::new(),
                        (c, i) => format!("{} {}", c.unwrap_or(""), i.unwrap_or("")),
                    };
                    let block = is_block(name);
                    let spaced = spaced_inline(name);
                    let article = is_article(name, &class_id, e.attr("itemprop"));
                    let outer = w.top();
                    let in_article = outer.article || article;
                    let heading = name
                        .strip_prefix('h')
                        .and_then(|d| d.parse::<u8>().ok())
                        .filter(|d| (1..=6).contains(d));
                    let list = match name {
                        "ul" | "dl" => Some(false),
                        "ol" => Some(true),
                        _ => outer.list,
                    };
                    let kind = if heading.is_some() {
                        Some(BlockKind::Heading)
                    } else if name == "li" {
                        Some(BlockKind::ListItem {
                            ordered: list.unwrap_or(false),
                        })
                    } else if name == "blockquote" {
                        Some(BlockKind::Quote)
                    } else {
                        outer.kind
                    };
                    let frame = Frame {
                        hint: hint_of(name, &class_id, in_article).or(outer.hint),
                        heading: heading.or(outer.heading),
                        link: name == "a" || outer.link,
                        article: in_article,
                        list,
                        kind,
                        block,
                        spaced,
                    };
                    if block {
                        w.boundary();
                    } else if spaced {
                        w.body.text(" ");
                    }
                    if name == "a" {
                        if let Some(h) = e.attr("href") {
                            w.body.link_start(h);
                        }
                    }
                    w.stack.push(frame);
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(_) = node.value() {
                    if w.dropped > 0 {
                        w.dropped -= 1;
                        continue;
                    }
                    let Some(frame) = w.stack.last().copied() else {
                        continue;
                    };
                    if frame.link && !w.stack.iter().rev().nth(1).is_some_and(|f| f.link) {
                        w.body.link_end();
                    }
                    if frame.block {
                        w.boundary();
                    } else if frame.spaced {
                        w.body.text(" ");
                    }
                    w.stack.pop();
                }
            }
        }
    }
    w.boundary();
    let blocks = std::mem::take(&mut w.body.blocks);
    (w.lines, blocks)
}

/// What `<meta>`, Open Graph and JSON-LD say about the article.
#[derive(Default, Debug)]
struct Meta {
    title: Option<String>,
    headlines: Vec<String>,
    description: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    section: Option<String>,
    site: Option<String>,
    url: Option<String>,
    lang: Option<String>,
}

fn read_meta(doc: &Html) -> Meta {
    let mut m = Meta::default();
    let mut og_title = None;
    let mut tw_title = None;
    let mut ld_headline = None;
    for node in doc.tree.root().descendants() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        match e.name() {
            "html" => m.lang = e.attr("lang").map(str::to_string),
            "title" if m.title.is_none() => {
                let t: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                m.title = crate::text::non_empty(&t);
            }
            "link" if e.attr("rel") == Some("canonical") => {
                m.url = e.attr("href").and_then(crate::text::non_empty);
            }
            "meta" => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(v) = e.attr("content").and_then(crate::text::non_empty) else {
                    continue;
                };
                match key.as_str() {
                    "og:title" => og_title = Some(v),
                    "twitter:title" => tw_title = Some(v),
                    "og:description" | "description" => {
                        m.description.get_or_insert(v);
                    }
                    "og:site_name" => m.site = Some(v),
                    "og:url" => {
                        m.url.get_or_insert(v);
                    }
                    "article:published_time" | "date" | "pubdate" => {
                        m.published.get_or_insert(v);
                    }
                    "article:section" => {
                        m.section.get_or_insert(v);
                    }
                    "author" | "article:author"
                        if !v.starts_with("http") && m.authors.is_empty() =>
                    {
                        m.authors.push(v);
                    }
                    _ => {}
                }
            }
            "script" if e.attr("type") == Some("application/ld+json") => {
                let raw: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&raw) {
                    json_ld(&v, &mut m, &mut ld_headline, 0);
                }
            }
            _ => {}
        }
    }
    for h in [ld_headline, og_title, tw_title].into_iter().flatten() {
        if !m.headlines.contains(&h) {
            m.headlines.push(h);
        }
    }
    m
}

fn json_ld(v: &serde_json::Value, m: &mut Meta, headline: &mut Option<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        serde_json::Value::Array(items) => {
            for i in items.iter().take(50) {
                json_ld(i, m, headline, depth + 1);
            }
        }
        serde_json::Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                json_ld(g, m, headline, depth + 1);
            }
            let ty = match o.get("@type") {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Array(a)) => a
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            };
            if !(ty.contains("Article") || ty.contains("BlogPosting") || ty.contains("Report")) {
                return;
            }
            let s = |k: &str| {
                o.get(k)
                    .and_then(|x| x.as_str())
                    .and_then(crate::text::non_empty)
            };
            if let Some(h) = s("headline") {
                headline.get_or_insert(h);
            }
            if let Some(d) = s("datePublished") {
                m.published = Some(d);
            }
            if let Some(d) = s("description") {
                m.description.get_or_insert(d);
            }
            match o.get("articleSection") {
                Some(serde_json::Value::String(x)) => m.section = crate::text::non_empty(x),
                Some(serde_json::Value::Array(a)) => {
                    m.section = a
                        .iter()
                        .find_map(|x| x.as_str())
                        .and_then(crate::text::non_empty)
                }
                _ => {}
            }
            let mut authors = Vec::new();
            let mut push = |a: &serde_json::Value| match a {
                serde_json::Value::String(x) => authors.extend(crate::text::non_empty(x)),
                serde_json::Value::Object(p) => authors.extend(
                    p.get("name")
                        .and_then(|n| n.as_str())
                        .and_then(crate::text::non_empty),
                ),
                _ => {}
            };
            match o.get("author") {
                Some(serde_json::Value::Array(a)) => a.iter().take(20).for_each(&mut push),
                Some(a) => push(a),
                None => {}
            }
            if !authors.is_empty() {
                m.authors = authors;
            }
            if let Some(p) = o
                .get("publisher")
                .and_then(|p| p.get("name"))
                .and_then(|n| n.as_str())
            {
                m.site.get_or_insert(p.to_string());
            }
            if let Some(u) = s("url").or_else(|| s("mainEntityOfPage")) {
                m.url.get_or_insert(u);
            }
        }
        _ => {}
    }
}

/// "Headline | Section | Site" → the part that is a line of the page, else the longest part.
fn title_parts(title: &str) -> Vec<String> {
    let mut parts: Vec<String> = vec![title.to_string()];
    for sep in [" | ", " - ", " \u{2013} ", " \u{2014} ", " : ", " \u{b7} "] {
        if title.contains(sep) {
            let mut ps: Vec<String> = title.split(sep).map(|p| p.trim().to_string()).collect();
            ps.sort_by_key(|p| std::cmp::Reverse(p.len()));
            parts.extend(ps);
        }
    }
    parts
}

fn names(authors: &[String]) -> Option<String> {
    match authors {
        [] => None,
        [a] => Some(a.clone()),
        [rest @ .., last] => Some(format!("{} and {last}", rest.join(", "))),
    }
}

/// How deep the page's elements nest, estimated without building a tree. Elements whose end
/// tag may be left out (`<p>`, `<li>`, table parts) and void elements are not counted.
fn nesting_depth(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        i += p + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = b[start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .map_or(b.len(), |e| start + e);
        if end == start {
            continue;
        }
        let name = text[start..end].to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "p" | "li"
                | "dt"
                | "dd"
                | "option"
                | "tr"
                | "td"
                | "th"
                | "tbody"
                | "thead"
                | "tfoot"
                | "br"
                | "hr"
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
        ) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            let self_closing = b[end..]
                .iter()
                .position(|&c| c == b'>')
                .is_some_and(|g| g > 0 && b[end + g - 1] == b'/');
            if !self_closing {
                depth += 1;
                max = max.max(depth);
            }
        }
    }
    max
}

/// Reads a saved web page. Pages nesting deeper than `max_depth` are hostile or broken: the
/// tree builder's cost grows with depth times size, so they are read by the forgiving
/// tokenizer instead, words only.
pub fn read(text: &str, max_depth: usize) -> WireItem {
    let mut item = WireItem {
        format: WireFormat::Html,
        ..WireItem::default()
    };
    if nesting_depth(text) > max_depth {
        item.warnings.push(format!(
            "the page nests more than {max_depth} elements deep; its words were read without its structure"
        ));
        crate::blocks::finish_body(crate::html::to_blocks(text), &mut item);
        return item;
    }
    let doc = Html::parse_document(text);
    let meta = read_meta(&doc);
    let (lines, blocks) = walk(&doc);

    // The metadata's headline, when the page shows it; else the first <h1>.
    // Only short blocks can be a headline or a standfirst.
    let normed: Vec<Option<String>> = lines
        .iter()
        .map(|l| (l.text.len() < 600).then(|| boilerplate::norm(&l.text)))
        .collect();
    let position = |h: &str| {
        let k = boilerplate::norm(h);
        normed.iter().position(|l| l.as_deref() == Some(k.as_str()))
    };
    let on_page = |h: &str| position(h).is_some();
    let mut candidates = meta.headlines.clone();
    if let Some(t) = &meta.title {
        candidates.extend(title_parts(t));
    }
    let known_at = candidates
        .iter()
        .find_map(|h| position(h))
        .or_else(|| lines.iter().position(|l| l.heading == Some(1)));
    let roles = boilerplate::classify(&lines, known_at);

    let mut body = Body::new();
    let mut removed: Vec<RemovedPart> = Vec::new();
    for ((line, role), block) in lines.iter().zip(&roles).zip(blocks) {
        match role {
            Role::Headline => item.headline = line.text.clone(),
            Role::Standfirst => item.standfirst = Some(line.text.clone()),
            Role::Byline => item.byline = Some(line.text.clone()),
            Role::Paragraph => body.push(block),
            Role::Subheading => body.push(match block {
                Block::Paragraph(i) => Block::Heading(i),
                b => b,
            }),
            Role::Removed("dateline") if item.dateline.is_none() => {
                item.dateline = Some(line.text.clone());
            }
            Role::Removed(kind) => match removed.last_mut() {
                // Menus and link lists arrive one item a block: one removed part each.
                Some(last) if last.kind == *kind => {
                    last.text.push('\n');
                    last.text.push_str(&line.text);
                }
                _ => removed.push(RemovedPart {
                    kind: kind.to_string(),
                    text: line.text.clone(),
                }),
            },
        }
    }
    item.removed = removed;
    if item.headline.is_empty() {
        if let Some(h) = candidates.first() {
            item.headline = crate::text::one_line(h);
        }
    }
    if item.standfirst.is_none() {
        if let Some(d) = &meta.description {
            if on_page(d) && boilerplate::norm(d) != boilerplate::norm(&item.headline) {
                item.standfirst = Some(d.clone());
                let k = boilerplate::norm(d);
                body.blocks.retain(|b| boilerplate::norm(&b.plain()) != k);
            }
        }
    }
    if let Some(a) = names(&meta.authors) {
        item.byline = Some(a);
    }
    item.source = meta.site.clone();
    item.guid = meta.url.clone();
    item.language = meta.lang.clone();
    if let Some(s) = &meta.section {
        item.subjects.push(Subject {
            code: None,
            name: Some(s.clone()),
            scheme: Some("page-section".into()),
        });
    }
    if let Some(p) = &meta.published {
        match times::any(p) {
            Some(s) => item.sent_at = Some(s.at),
            None => item.warnings.push(format!(
                "the page's publication time '{p}' could not be read"
            )),
        }
    }
    crate::blocks::finish_body(body.finish(), &mut item);
    item
}

#[cfg(test)]
mod debug {
    /// `PAGE=/abs/path/x.html cargo test -p copydesk-wire blocks_of_a_page -- --nocapture`
    #[test]
    fn blocks_of_a_page() {
        let Some(path) = std::env::var_os("PAGE") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let doc = scraper::Html::parse_document(&text);
        let (lines, _) = super::walk(&doc);
        for (l, r) in lines.iter().zip(super::boilerplate::classify(&lines, None)) {
            println!("{r:?}\t{:?}\t{}", l.hint, l.text);
        }
    }
}
