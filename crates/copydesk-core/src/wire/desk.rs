//! The wire half of the desk's API.
use super::{
    IncomingFile, IngestOutcome, Ingested, QuarantinedFile, Receipt, WireFileId, WireFilter,
    WireItem, WireItemSummary, WireStory, WireWatch,
};
use crate::article::{Article, ArticleDraft};
use crate::change::Change;
use crate::desk::Desk;
use crate::error::{Error, Result};
use copydesk_inbox::InboxConfig;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An inbox entry refused unread (a symlink, a FIFO, a file over the cap), to be recorded.
pub(crate) struct RefusedEntry<'a> {
    pub name: &'a str,
    pub code: &'a str,
    pub message: &'a str,
}

/// What one import transaction recorded.
#[derive(Default)]
pub(crate) struct Intake {
    /// One per file, in the order given.
    pub receipts: Vec<Receipt>,
    /// The ledger row of each refused entry, in the order given.
    pub refused: Vec<WireFileId>,
}

impl Intake {
    /// The ledger rows of everything kept aside (unreadable files and refused entries), each
    /// once.
    pub fn quarantined(&self) -> Vec<WireFileId> {
        let quarantined = self
            .receipts
            .iter()
            .filter(|r| r.quarantine.is_some())
            .map(|r| r.file_id)
            .chain(self.refused.iter().copied());
        unique(quarantined)
    }
}

/// `ids` without repeats, first occurrence kept.
fn unique(ids: impl IntoIterator<Item = i64>) -> Vec<i64> {
    let mut seen = HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}

impl Desk {
    /// Imports one wire file: parses it, links each item to its story, stores it with the
    /// original bytes, all in one transaction. The same bytes twice import once. A file that
    /// cannot be read is recorded with the reason (the caller keeps the file aside).
    pub fn ingest(&self, file: IncomingFile<'_>) -> Result<Receipt> {
        self.ingest_batch(std::slice::from_ref(&file))?
            .pop()
            .ok_or_else(|| Error::Invalid("the import returned no receipt".into()))
    }

    /// Imports several files in ONE transaction (one commit, so one fsync, for all of them),
    /// each exactly as [`Desk::ingest`] would, in order: a later file sees what an earlier one
    /// stored (a duplicate of it, the next version of its story). All or nothing: if storing
    /// any file fails, none is stored. Returns one receipt per file, in the order given, and
    /// announces after the commit: one `WireReceived` with every story touched, and one
    /// `WireQuarantined` per file kept aside.
    pub fn ingest_batch(&self, files: &[IncomingFile<'_>]) -> Result<Vec<Receipt>> {
        let intake = self.take_in(files, &[])?;
        let quarantined = intake.quarantined();
        if !quarantined.is_empty() {
            self.announce_quarantined(&quarantined);
        }
        Ok(intake.receipts)
    }

    /// The inbox worker's import: files and refused entries in one transaction, announcing
    /// the stories after the commit. Quarantines are announced by [`Desk::note_shelved`],
    /// once the records say where the files went.
    pub(crate) fn take_in(
        &self,
        files: &[IncomingFile<'_>],
        refused: &[RefusedEntry<'_>],
    ) -> Result<Intake> {
        if files.is_empty() && refused.is_empty() {
            return Ok(Intake::default());
        }
        let now = self.now();
        // Parsing needs no database: done before the write lock is taken.
        let read = super::read_all(files);
        let (intake, stories) = self.store().write(|tx| {
            let mut receipts = Vec::with_capacity(files.len());
            for file in &read {
                receipts.push(super::ingest(tx, file, now)?);
            }
            let refused = refused
                .iter()
                .map(|r| super::record_refused(tx, r.name, r.code, r.message, now))
                .collect::<Result<Vec<_>>>()?;
            // Every story with something new, once, in the order they were touched.
            let touched = unique(
                receipts
                    .iter()
                    .flat_map(|r| &r.lines)
                    .filter(|l| l.outcome != IngestOutcome::Duplicate)
                    .filter_map(|l| l.item.as_ref().map(|i| i.story_id)),
            );
            let stories = super::summaries_of(tx, &touched)?;
            Ok((Intake { receipts, refused }, stories))
        })?;
        if !stories.is_empty() {
            self.announce(Change::WireReceived { stories });
        }
        Ok(intake)
    }

    /// Imports files, or every file in folders (recursively), as [`Desk::ingest`] would, a
    /// batch of files per transaction. The files are left where they are: they are the
    /// user's, not the inbox's.
    pub fn import_paths(&self, paths: &[impl AsRef<Path>]) -> Result<Vec<Ingested>> {
        const BATCH_FILES: usize = 256;
        const BATCH_BYTES: usize = 64 << 20;
        let mut files = Vec::new();
        for path in paths {
            collect_files(path.as_ref(), &mut files)?;
        }
        let mut lines = Vec::new();
        let mut batch: Vec<(String, Vec<u8>)> = Vec::new();
        let mut batch_bytes = 0;
        let mut import = |batch: &mut Vec<(String, Vec<u8>)>| -> Result<()> {
            let incoming: Vec<IncomingFile<'_>> = batch
                .iter()
                .map(|(name, bytes)| IncomingFile { name, bytes })
                .collect();
            for receipt in self.ingest_batch(&incoming)? {
                lines.extend(receipt.lines);
            }
            batch.clear();
            Ok(())
        };
        for path in files {
            let name = path.display().to_string();
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    // What was read before stays imported, as if one file at a time.
                    import(&mut batch)?;
                    return Err(Error::io(format!("cannot read {name}"), e));
                }
            };
            batch_bytes += bytes.len();
            batch.push((name, bytes));
            if batch.len() >= BATCH_FILES || batch_bytes >= BATCH_BYTES {
                import(&mut batch)?;
                batch_bytes = 0;
            }
        }
        if !batch.is_empty() {
            import(&mut batch)?;
        }
        Ok(lines)
    }

    /// Remembers where received files were moved (archive or quarantine), all in one
    /// transaction, then announces each file kept aside in `quarantined` with its record as it
    /// now stands.
    pub(crate) fn note_shelved(
        &self,
        shelved: &[(WireFileId, PathBuf)],
        quarantined: &[WireFileId],
    ) {
        if !shelved.is_empty() {
            let recorded = self.store().write(|tx| {
                for (file_id, path) in shelved {
                    super::mark_shelved(tx, *file_id, &path.display().to_string())?;
                }
                Ok(())
            });
            if let Err(e) = recorded {
                tracing::warn!("could not record where {} files went: {e}", shelved.len());
            }
        }
        if !quarantined.is_empty() {
            self.announce_quarantined(quarantined);
        }
    }

    /// Announces quarantine records (read after the commit that wrote them).
    fn announce_quarantined(&self, ids: &[WireFileId]) {
        for id in ids {
            match self.store().read(|c| super::quarantined_file(c, *id)) {
                Ok(file) => self.announce(Change::WireQuarantined { file }),
                Err(e) => tracing::warn!("could not read quarantine record {id}: {e}"),
            }
        }
    }

    pub(crate) fn announce_wire_scan(&self, found: usize) {
        self.announce(Change::WireScanned {
            found: u32::try_from(found).unwrap_or(u32::MAX),
        });
    }

    /// Watches an inbox folder and imports what is dropped there until the handle is dropped.
    pub fn watch_inbox(self: &Arc<Self>, config: InboxConfig) -> Result<WireWatch> {
        WireWatch::start(self.clone(), config, None)
    }

    /// As [`Desk::watch_inbox`], and tells `report` what became of each file: the lines an
    /// import reports (new, update, duplicate, quarantined), once the file has been moved.
    pub fn watch_inbox_reporting(
        self: &Arc<Self>,
        config: InboxConfig,
        report: impl Fn(&Ingested) + Send + 'static,
    ) -> Result<WireWatch> {
        WireWatch::start(self.clone(), config, Some(Box::new(report)))
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

    /// What changed in the body between two versions of a wire story, word by word.
    pub fn diff_wire_items(&self, from: i64, to: i64) -> Result<Vec<crate::DiffChunk>> {
        let (a, b) = self
            .store()
            .read(|c| Ok((super::item(c, from)?, super::item(c, to)?)))?;
        if a.story_id != b.story_id {
            return Err(Error::Invalid(format!(
                "wire items {from} and {to} are not versions of one story"
            )));
        }
        Ok(crate::revision::diff(&a.body, &b.body))
    }

    pub fn quarantined(&self) -> Result<Vec<QuarantinedFile>> {
        self.store().read(super::quarantined)
    }

    /// "Try again": puts a quarantined file back into `inbox` so the watcher imports it anew
    /// (after a parser update, or once the file is fixed). The file is moved back from the
    /// quarantine folder if it is still there, else written from the bytes the ledger kept.
    /// Returns where it was put.
    pub fn retry_quarantined(&self, id: WireFileId, inbox: &Path) -> Result<PathBuf> {
        let (name, shelved, original): (String, Option<String>, Option<Vec<u8>>) =
            self.store().read(|c| {
                c.query_row(
                    "SELECT name, shelved_at_path, original FROM wire_files
                      WHERE id = ?1 AND outcome = 'quarantined'",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .map_err(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => {
                        Error::NotFound(format!("quarantined file {id}"))
                    }
                    e => e.into(),
                })
            })?;
        let file_name = Path::new(&name)
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_else(|| format!("retry-{id}").into());
        let mut target = inbox.join(&file_name);
        let mut n = 1;
        while target.exists() {
            target = inbox.join(format!("{}-retry{n}", file_name.to_string_lossy()));
            n += 1;
        }
        let from = shelved.map(PathBuf::from).filter(|p| p.is_file());
        match (from, original) {
            (Some(from), _) => {
                std::fs::rename(&from, &target)
                    .map_err(|e| Error::io(format!("cannot move {} back", from.display()), e))?;
                let reason = PathBuf::from(format!(
                    "{}{}",
                    from.display(),
                    copydesk_inbox::REASON_SUFFIX
                ));
                let _ = std::fs::remove_file(reason);
            }
            (None, Some(bytes)) => {
                // Written under a temporary name and renamed, so the watcher never takes half.
                let tmp = inbox.join(format!(".{}.part", file_name.to_string_lossy()));
                std::fs::write(&tmp, &bytes)
                    .and_then(|()| std::fs::rename(&tmp, &target))
                    .map_err(|e| Error::io(format!("cannot write {}", target.display()), e))?;
            }
            (None, None) => {
                return Err(Error::Invalid(format!(
                    "{name} was refused unread and is no longer in quarantine: nothing to try again"
                )))
            }
        }
        Ok(target)
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
