//! The one pass over comrak's tree between parsing and HTML: images become text placeholders,
//! runaway nesting is collapsed to plain text, and the heading outline is collected.

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{Ast, AstNode, LineColumn, NodeValue};
use comrak::Arena;

use crate::Heading;

/// Deepest tree level kept as markup. Real copy nests a handful of levels (quote, list, item,
/// paragraph, emphasis); below this, a container's content is kept as plain text.
///
/// Why at all: the HTML parser inside the sanitiser does work proportional to the depth of the
/// open-element stack for every start tag, so depth × elements is quadratic. 50,000 nested `>`
/// took comrak 11 ms and the sanitiser 20 s; collapsed, the whole render takes milliseconds.
pub const MAX_DEPTH: usize = 32;

/// Rewrites the tree for the preview and returns the headings in document order.
///
/// Images are never shown: a remote one is a tracking beacon, and photos reach a story
/// through the media desk, not through Markdown. The `[image: alt]` placeholder keeps the
/// editor aware that the draft refers to one, and what its alt text says.
pub(crate) fn prepare<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) -> Vec<Heading> {
    let mut headings = Vec::new();
    // Explicit stack: a pathological draft is deeper than any thread's stack.
    let mut pending = vec![(root, 0_usize)];
    while let Some((node, depth)) = pending.pop() {
        if matches!(node.data.borrow().value, NodeValue::Image(_)) {
            replace_image(node);
            continue;
        }
        if depth > MAX_DEPTH && node.first_child().is_some() && collapse(arena, node) {
            continue;
        }
        if let NodeValue::Heading(ref heading) = node.data.borrow().value {
            headings.push(Heading {
                level: heading.level,
                text: plain_text(node),
            });
        }
        let children: Vec<_> = node.children().collect();
        pending.extend(children.into_iter().rev().map(|child| (child, depth + 1)));
    }
    headings
}

/// Replaces a too-deep container's subtree with its text, keeping the tree valid for comrak's
/// formatter: a block container becomes a paragraph (allowed wherever it was), a list item
/// keeps itself and holds one paragraph (a list may only hold items), an inline container
/// becomes text. Returns false for nodes that cannot nest (paragraphs, headings, table parts),
/// whose depth is bounded anyway.
fn collapse<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>) -> bool {
    enum Into {
        ItemParagraph,
        Paragraph,
        Text,
    }
    let into = match node.data.borrow().value {
        NodeValue::Item(_) | NodeValue::TaskItem(_) => Into::ItemParagraph,
        NodeValue::BlockQuote
        | NodeValue::MultilineBlockQuote(_)
        | NodeValue::Alert(_)
        | NodeValue::List(_)
        | NodeValue::DescriptionList => Into::Paragraph,
        ref inline if !inline.block() => Into::Text,
        _ => return false,
    };
    let text = plain_text(node);
    while let Some(child) = node.first_child() {
        child.detach();
    }
    match into {
        Into::ItemParagraph => {
            let paragraph = new_node(arena, node, NodeValue::Paragraph);
            paragraph.append(new_node(arena, node, NodeValue::Text(text.into())));
            node.append(paragraph);
        }
        Into::Paragraph => {
            node.data.borrow_mut().value = NodeValue::Paragraph;
            node.append(new_node(arena, node, NodeValue::Text(text.into())));
        }
        Into::Text => node.data.borrow_mut().value = NodeValue::Text(text.into()),
    }
    true
}

fn new_node<'a>(arena: &'a Arena<'a>, near: &'a AstNode<'a>, value: NodeValue) -> &'a AstNode<'a> {
    let start: LineColumn = near.data.borrow().sourcepos.start;
    arena.alloc(Ast::new(value, start).into())
}

fn replace_image<'a>(image: &'a AstNode<'a>) {
    let alt = plain_text(image);
    let placeholder = if alt.is_empty() {
        "[image]".to_owned()
    } else {
        format!("[image: {alt}]")
    };
    while let Some(child) = image.first_child() {
        child.detach();
    }
    image.data.borrow_mut().value = NodeValue::Text(placeholder.into());
}

/// The visible text under a node, as the preview would show it: line breaks and block
/// boundaries read as spaces, images below the node as their placeholder. Raw HTML is not
/// text and is left out.
fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut text = String::new();
    for edge in node.traverse() {
        match edge {
            NodeEdge::Start(descendant) => {
                let value = &descendant.data.borrow().value;
                if value.block() && !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
                match value {
                    NodeValue::Text(t) => text.push_str(t),
                    NodeValue::Code(code) => text.push_str(&code.literal),
                    NodeValue::CodeBlock(block) => text.push_str(block.literal.trim_end()),
                    NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
                    NodeValue::Image(_) if !descendant.same_node(node) => text.push_str("[image: "),
                    _ => {}
                }
            }
            NodeEdge::End(descendant) => {
                let is_image = matches!(descendant.data.borrow().value, NodeValue::Image(_));
                if is_image && !descendant.same_node(node) {
                    text.push(']');
                }
            }
        }
    }
    text
}
