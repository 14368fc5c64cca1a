//! Integration tests for copydesk-render: hostile input, newsroom copy, snapshots,
//! properties and pathological input. One test binary keeps link time down.

mod hostile;
mod newsroom;
mod pathological;
mod properties;
mod scan;
mod snapshots;

use copydesk_render::{render, RenderOptions};

/// Renders with the default options and checks the result against the policy.
pub fn safe_html(markdown: &str) -> (String, scan::Scan) {
    let html = render(markdown, &RenderOptions::default()).html;
    let scan = scan::assert_safe(&html);
    (html, scan)
}
