//! Helpers shared by the desk's integration tests: a desk on a temporary folder, a clock the
//! test moves, and short ways to write drafts and edits.
//! Not every module uses every helper.

use copydesk_core::{ArticleDraft, ArticleEdit, DataDir, Desk, DeskConfig, ManualClock};
use jiff::Timestamp;
use std::sync::Arc;

pub fn open(dir: &std::path::Path, clock: Arc<ManualClock>) -> Desk {
    let mut config = DeskConfig::new(DataDir::new(dir));
    config.clock = clock;
    config.author = "ana".into();
    Desk::open(config).expect("open desk")
}

/// A desk on `dir` acting as `name`, whose profile (if new) gets `role`; it publishes into
/// `dir/Outbox`, never the user's ~/Copydesk/Outbox.
pub fn desk_as(
    dir: &std::path::Path,
    clock: Arc<ManualClock>,
    name: &str,
    role: copydesk_core::Role,
) -> Desk {
    let mut config = DeskConfig::new(DataDir::new(dir.join("desk")));
    config.clock = clock;
    config.author = name.into();
    config.role = role;
    config.outbox = dir.join("Outbox");
    Desk::open(config).expect("open desk")
}

pub fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        "2026-11-29T09:00:00Z".parse::<Timestamp>().expect("time"),
    ))
}

pub fn edit(a: &copydesk_core::Article, body: &str, autosave: bool) -> ArticleEdit {
    ArticleEdit {
        id: a.id,
        base_version: a.version,
        headline: a.headline.clone(),
        body: body.into(),
        slug: a.slug.clone(),
        standfirst: a.standfirst.clone(),
        byline: a.byline.clone(),
        dateline: a.dateline.clone(),
        section: a.section.clone(),
        tags: a.tags.clone(),
        urgency: a.urgency,
        autosave,
    }
}

pub fn draft(headline: &str, body: &str, tags: &[&str]) -> ArticleDraft {
    ArticleDraft {
        headline: headline.into(),
        body: body.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    }
}
