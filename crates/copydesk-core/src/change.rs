//! What changed after a committed write. The shell forwards these to the UI as events, so the
//! backend stays the source of truth and every window updates from the same stream.
use crate::article::{ArticleId, ArticleSummary};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    ArticleCreated { article: ArticleSummary },
    ArticleSaved { article: ArticleSummary },
    ArticleDeleted { id: ArticleId },
}
