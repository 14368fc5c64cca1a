//! The wire half of the desk's API.
use super::{
    IncomingFile, IngestOutcome, Ingested, QuarantinedFile, Receipt, WireFilter, WireItem,
    WireItemSummary, WireStory, WireWatch,
};
use crate::article::{Article, ArticleDraft};
use crate::change::Change;
use crate::desk::Desk;
use crate::error::{Error, Result};
use copydesk_inbox::InboxConfig;
use std::path::Path;
use std::sync::Arc;

impl Desk {
    /// Imports one wire file: parses it, links each item to its story, stores it with the
    /// original bytes, all in one transaction. The same bytes twice import once. A file that
    /// cannot be read is recorded with the reason (the caller keeps the file aside).
    pub fn ingest(&self, file: IncomingFile<'_>) -> Result<Receipt> {
        let now = self.now();
        let (receipt, stories) = self.store().write(|tx| {
            let receipt = super::ingest(tx, &file, now)?;
            let mut stories: Vec<i64> = receipt
                .lines
                .iter()
                .filter(|l| l.outcome != IngestOutcome::Duplicate)
                .filter_map(|l| l.item.as_ref().map(|i| i.story_id))
                .collect();
            stories.dedup();
            let stories = super::summaries_of(tx, &stories)?;
            let quarantined = match receipt.quarantine {
                Some(_) => Some(super::quarantined_file(tx, receipt.file_id)?),
                None => None,
            };
            Ok((receipt, (stories, quarantined)))
        })?;
        let (stories, quarantined) = stories;
        if !stories.is_empty() {
            self.announce(Change::WireReceived { stories });
        }
        if let Some(file) = quarantined {
            self.announce(Change::WireQuarantined { file });
        }
        Ok(receipt)
    }

    /// Imports files, or every file in folders (recursively), through [`Desk::ingest`]. The
    /// files are left where they are: they are the user's, not the inbox's.
    pub fn import_paths(&self, paths: &[impl AsRef<Path>]) -> Result<Vec<Ingested>> {
        let mut files = Vec::new();
        for path in paths {
            collect_files(path.as_ref(), &mut files)?;
        }
        let mut lines = Vec::new();
        for path in files {
            let name = path.display().to_string();
            let bytes =
                std::fs::read(&path).map_err(|e| Error::io(format!("cannot read {name}"), e))?;
            lines.extend(
                self.ingest(IncomingFile {
                    name: &name,
                    bytes: &bytes,
                })?
                .lines,
            );
        }
        Ok(lines)
    }

    pub(crate) fn record_refused(&self, name: &str, code: &str, message: &str) -> Result<i64> {
        let now = self.now();
        let file = self.store().write(|tx| {
            let id = super::record_refused(tx, name, code, message, now)?;
            super::quarantined_file(tx, id)
        })?;
        let id = file.id;
        self.announce(Change::WireQuarantined { file });
        Ok(id)
    }

    /// Remembers where a received file was moved (archive or quarantine).
    pub(crate) fn note_shelved(&self, file_id: i64, path: &Path) {
        let path = path.display().to_string();
        if let Err(e) = self
            .store()
            .write(|tx| super::mark_shelved(tx, file_id, &path))
        {
            tracing::warn!("could not record where file {file_id} went: {e}");
        }
    }

    pub(crate) fn announce_wire_scan(&self, found: usize) {
        self.announce(Change::WireScanned {
            found: u32::try_from(found).unwrap_or(u32::MAX),
        });
    }

    /// Watches an inbox folder and imports what is dropped there until the handle is dropped.
    pub fn watch_inbox(self: &Arc<Self>, config: InboxConfig) -> Result<WireWatch> {
        WireWatch::start(self.clone(), config)
    }

    pub fn wire_items(&self, filter: &WireFilter) -> Result<Vec<WireItemSummary>> {
        self.store().read(|c| super::items(c, filter))
    }

    pub fn wire_item(&self, id: i64) -> Result<WireItem> {
        self.store().read(|c| super::item(c, id))
    }

    pub fn wire_story(&self, id: i64) -> Result<WireStory> {
        self.store().read(|c| super::story(c, id))
    }

    pub fn quarantined(&self) -> Result<Vec<QuarantinedFile>> {
        self.store().read(super::quarantined)
    }

    /// Starts a draft from a wire item, remembering which item and version it came from and
    /// crediting the source at the foot of the copy.
    pub fn take_to_desk(&self, wire_item_id: i64) -> Result<Article> {
        let item = self.wire_item(wire_item_id)?;
        let source = item
            .provider
            .clone()
            .or(item.source.clone())
            .unwrap_or_else(|| "wire".into());
        let body = format!(
            "{}\n\n*Source: {source} (wire item {}, version {})*\n",
            item.body.trim_end(),
            item.id,
            item.version
        );
        self.create_article(ArticleDraft {
            headline: item.headline.clone(),
            standfirst: item.standfirst.clone().unwrap_or_default(),
            byline: item.byline.clone().unwrap_or_default(),
            dateline: item.dateline.clone().unwrap_or_default(),
            slug: item.slugline.clone().unwrap_or_default(),
            body,
            tags: item.keywords.clone(),
            urgency: item.urgency.map(|u| u.clamp(1, 8)),
            wire_item_id: Some(item.id),
            ..Default::default()
        })
    }
}

fn collect_files(path: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    if meta.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| Error::io(format!("cannot list {}", path.display()), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for entry in entries {
            collect_files(&entry, out)?;
        }
    } else if meta.is_file() {
        out.push(path.to_path_buf());
    }
    Ok(())
}
