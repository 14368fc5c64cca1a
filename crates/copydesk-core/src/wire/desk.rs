//! The wire half of the desk's API.
use super::{
    ImportOutcome, ImportReport, Imported, IncomingFile, QuarantinedFile, WireFileId, WireFilter,
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

/// What one inbox import transaction recorded.
#[derive(Default)]
pub(crate) struct InboxImport {
    /// One per file, in the order given.
    pub reports: Vec<ImportReport>,
    /// The ledger row of each refused entry, in the order given.
    pub refused: Vec<WireFileId>,
}

impl InboxImport {
    /// The ledger rows of everything kept aside (unreadable files and refused entries), each
    /// once.
    pub fn quarantined(&self) -> Vec<WireFileId> {
        let quarantined = self
            .reports
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
    pub fn import_file(&self, file: IncomingFile<'_>) -> Result<ImportReport> {
        self.import_files(std::slice::from_ref(&file))?
            .pop()
            .ok_or_else(|| Error::Internal("the import returned no report".into()))
    }

    /// Imports several files in ONE transaction (one commit, so one fsync, for all of them),
    /// each exactly as [`Desk::import_file`] would, in order: a later file sees what an
    /// earlier one stored (a duplicate of it, the next version of its story). All or nothing:
    /// if storing any file fails, none is stored. Returns one report per file, in the order
    /// given, and announces after the commit: one `WireReceived` with every story touched, and
    /// one `WireQuarantined` per file kept aside.
    pub fn import_files(&self, files: &[IncomingFile<'_>]) -> Result<Vec<ImportReport>> {
        let import = self.import_inbox_batch(files, &[])?;
        let quarantined = import.quarantined();
        if !quarantined.is_empty() {
            self.announce_quarantined(&quarantined);
        }
        Ok(import.reports)
    }

    /// The inbox worker's import: files and refused entries in one transaction, announcing
    /// the stories after the commit. Quarantines are announced by [`Desk::note_shelved`],
    /// once the records say where the files went.
    pub(crate) fn import_inbox_batch(
        &self,
        files: &[IncomingFile<'_>],
        refused: &[RefusedEntry<'_>],
    ) -> Result<InboxImport> {
        if files.is_empty() && refused.is_empty() {
            return Ok(InboxImport::default());
        }
        let now = self.now();
        // Parsing needs no database: done before the write lock is taken.
        let read = super::read_all(files);
        let (import, stories) = self.store().write(|tx| {
            let mut reports = Vec::with_capacity(files.len());
            for file in &read {
                let report = super::store_file(tx, file, now)?;
                // New copy this desk read: the rest of the newsroom gets it too (a file it
                // already had, or could not read, stays as it is).
                let new_copy = report.quarantine.is_none()
                    && report
                        .lines
                        .iter()
                        .any(|l| l.outcome != ImportOutcome::Duplicate);
                if new_copy {
                    crate::newsroom::queue_wire_file(
                        tx,
                        file.sha256(),
                        file.file().name,
                        file.file().bytes,
                        now,
                    )?;
                }
                reports.push(report);
            }
            let refused = refused
                .iter()
                .map(|r| super::record_refused(tx, r.name, r.code, r.message, now))
                .collect::<Result<Vec<_>>>()?;
            // Every story with something new, once, in the order they were touched.
            let touched = unique(
                reports
                    .iter()
                    .flat_map(|r| &r.lines)
                    .filter(|l| l.outcome != ImportOutcome::Duplicate)
                    .filter_map(|l| l.item.as_ref().map(|i| i.story_id)),
            );
            let stories = super::summaries_of(tx, &touched)?;
            Ok((InboxImport { reports, refused }, stories))
        })?;
        if !stories.is_empty() {
            self.announce(Change::WireReceived { stories });
        }
        Ok(import)
    }

    /// Imports files, or every file in folders (recursively), as [`Desk::import_file`] would,
    /// a batch of files per transaction. The files are left where they are: they are the
    /// user's, not the inbox's.
    pub fn import_paths(&self, paths: &[impl AsRef<Path>]) -> Result<Vec<Imported>> {
        const BATCH_FILES: usize = 256;
        const BATCH_BYTES: usize = 64 << 20;
        let mut found = Vec::new();
        for path in paths {
            collect_files(path.as_ref(), &mut found)?;
        }
        let mut lines = Vec::new();
        let mut batch: Vec<(String, Vec<u8>)> = Vec::new();
        let mut batch_bytes = 0;
        let import = |batch: &mut Vec<(String, Vec<u8>)>| -> Result<Vec<Imported>> {
            let incoming: Vec<IncomingFile<'_>> = batch
                .iter()
                .map(|(name, bytes)| IncomingFile { name, bytes })
                .collect();
            let reports = self.import_files(&incoming)?;
            batch.clear();
            Ok(reports.into_iter().flat_map(|r| r.lines).collect())
        };
        for entry in found {
            let path = match entry {
                Found::File(path) => path,
                Found::Skipped(path, reason) => {
                    // Reported in order: what came before it is imported first.
                    lines.extend(import(&mut batch)?);
                    batch_bytes = 0;
                    lines.push(Imported {
                        file: path.display().to_string(),
                        outcome: ImportOutcome::Skipped,
                        reason: Some(reason),
                        item: None,
                    });
                    continue;
                }
            };
            let name = path.display().to_string();
            // Too large to read: refused by its size, unread, as the inbox watcher refuses it.
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            let limit = copydesk_wire::Limits::default().max_bytes as u64;
            if size > limit {
                lines.extend(import(&mut batch)?);
                batch_bytes = 0;
                let message =
                    format!("The file is {size} bytes; files over {limit} bytes are not read.");
                let refused = self.import_inbox_batch(
                    &[],
                    &[RefusedEntry {
                        name: &name,
                        code: "too_large",
                        message: &message,
                    }],
                )?;
                self.announce_quarantined(&refused.quarantined());
                lines.push(Imported {
                    file: name,
                    outcome: ImportOutcome::Quarantined,
                    reason: Some(format!("too_large: {message}")),
                    item: None,
                });
                continue;
            }
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
                lines.extend(import(&mut batch)?);
                batch_bytes = 0;
            }
        }
        if !batch.is_empty() {
            lines.extend(import(&mut batch)?);
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
        report: impl Fn(&Imported) + Send + 'static,
    ) -> Result<WireWatch> {
        WireWatch::start(self.clone(), config, Some(Box::new(report)))
    }

    pub fn wire_items(&self, filter: &WireFilter) -> Result<Vec<WireItemSummary>> {
        self.store().read(|c| super::items(c, filter))
    }

    /// One page of the wire queue: up to `limit` stories from `seek`, newest first, narrowed
    /// by `filter` (its `limit` is not used), with the queue's size.
    pub fn wire_page(
        &self,
        filter: &WireFilter,
        seek: &crate::page::Seek<super::WireKey>,
        limit: u32,
    ) -> Result<crate::page::Page<WireItemSummary, super::WireKey>> {
        self.store()
            .read(|c| crate::page::wire::page(c, filter, seek, limit))
    }

    /// The queue lines of these stories, in the order given (the wire search's hits); one
    /// not on the wire is left out.
    pub fn wire_stories(&self, stories: &[super::WireStoryId]) -> Result<Vec<WireItemSummary>> {
        self.store().read(|c| super::summaries_of(c, stories))
    }

    /// The sources and formats on the wire (the queue's filter menus).
    pub fn wire_facets(&self) -> Result<super::WireFacets> {
        self.store().read(crate::page::wire::facets)
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
        Ok(crate::revision::diff(&a.copy.body, &b.copy.body))
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
        let version = item.version();
        let WireItem { id, copy, .. } = item;
        let source = copy
            .provider
            .or(copy.source)
            .unwrap_or_else(|| "wire".into());
        let body = format!(
            "{}\n\n*Source: {source} (wire item {id}, version {version})*\n",
            copy.body.trim_end(),
        );
        self.create_article(ArticleDraft {
            headline: copy.headline,
            standfirst: copy.standfirst.unwrap_or_default(),
            byline: copy.byline.unwrap_or_default(),
            dateline: copy.dateline.unwrap_or_default(),
            slug: copy.slugline.unwrap_or_default(),
            body,
            tags: copy.keywords,
            urgency: copy.urgency.map(|u| u.clamp(1, 8)),
            wire_item_id: Some(id),
            ..Default::default()
        })
    }
}

/// What an import found at a path: a file to read, or an entry it leaves alone, and why.
enum Found {
    File(PathBuf),
    Skipped(PathBuf, String),
}

/// The files under `path` in name order; symlinks, FIFOs, sockets and devices are never
/// opened (as in the inbox), and a folder with no files says so.
fn collect_files(path: &Path, out: &mut Vec<Found>) -> Result<()> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    if meta.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| Error::io(format!("cannot list {}", path.display()), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        let before = out.len();
        for entry in entries {
            collect_files(&entry, out)?;
        }
        if out.len() == before {
            let reason = "NO_FILES: a folder with no files in it".to_string();
            out.push(Found::Skipped(path.to_path_buf(), reason));
        }
    } else if meta.is_file() {
        out.push(Found::File(path.to_path_buf()));
    } else {
        let (code, message) = copydesk_inbox::never_opened(meta.file_type()).unwrap_or((
            copydesk_inbox::RefusalCode::NotRegularFile,
            "not a regular file",
        ));
        out.push(Found::Skipped(
            path.to_path_buf(),
            format!("{code}: {message}"),
        ));
    }
    Ok(())
}
