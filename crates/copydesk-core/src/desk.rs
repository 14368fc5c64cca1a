//! The desk: the one API that the desktop shell and the CLI both call.
use crate::article::{self, Article, ArticleDraft, ArticleEdit, ArticleId, ArticleSummary};
use crate::change::Change;
use crate::clock::{Clock, SystemClock};
use crate::data_dir::DataDir;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::wire::{
    self, IncomingFile, Ingested, QuarantinedFile, Receipt, WireFilter, WireItem, WireItemSummary,
    WireStory, WireWatch,
};
use copydesk_inbox::InboxConfig;
use jiff::Timestamp;
use std::path::Path;
use std::sync::{Arc, RwLock};

type Listener = Box<dyn Fn(&Change) + Send + Sync>;

/// How to open a desk.
#[derive(Debug, Clone)]
pub struct DeskConfig {
    pub data_dir: DataDir,
    pub clock: Arc<dyn Clock>,
    /// Who is working at this desk; recorded as author and in revisions.
    pub author: String,
}

impl DeskConfig {
    pub fn new(data_dir: DataDir) -> Self {
        let author = std::env::var("USER")
            .ok()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| "me".into());
        DeskConfig {
            data_dir,
            clock: Arc::new(SystemClock),
            author,
        }
    }
}

pub struct Desk {
    config: DeskConfig,
    store: Store,
    listeners: RwLock<Vec<Listener>>,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk").field("store", &self.store).finish()
    }
}

impl Desk {
    pub fn open(config: DeskConfig) -> Result<Desk> {
        std::fs::create_dir_all(config.data_dir.path()).map_err(|e| {
            Error::io(
                format!("cannot create {}", config.data_dir.path().display()),
                e,
            )
        })?;
        let store = Store::open(&config.data_dir.database())?;
        Ok(Desk {
            config,
            store,
            listeners: RwLock::new(Vec::new()),
        })
    }

    pub fn data_dir(&self) -> &DataDir {
        &self.config.data_dir
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Calls `listener` after every committed write, on the writing thread. Keep it quick:
    /// forward to a channel or an event emitter.
    pub fn on_change(&self, listener: impl Fn(&Change) + Send + Sync + 'static) {
        self.listeners
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(Box::new(listener));
    }

    fn announce(&self, change: Change) {
        for listener in self
            .listeners
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            listener(&change);
        }
    }

    pub fn create_article(&self, draft: ArticleDraft) -> Result<Article> {
        let now = self.config.clock.now();
        let article = self.store.write(|tx| {
            let id = article::insert(tx, &draft, &self.config.author, now)?;
            article::get(tx, id)
        })?;
        self.announce(Change::ArticleCreated {
            article: article::summary(&article),
        });
        Ok(article)
    }

    /// Saves an edit only if nobody saved the article since `edit.base_version`.
    pub fn save_article(&self, edit: ArticleEdit) -> Result<Article> {
        let now = self.config.clock.now();
        let article = self.store.write(|tx| {
            article::update(tx, &edit, now)?;
            article::get(tx, edit.id)
        })?;
        self.announce(Change::ArticleSaved {
            article: article::summary(&article),
        });
        Ok(article)
    }

    pub fn article(&self, id: ArticleId) -> Result<Article> {
        self.store.read(|conn| article::get(conn, id))
    }

    pub fn articles(&self) -> Result<Vec<ArticleSummary>> {
        self.store.read(article::list)
    }

    pub fn now(&self) -> Timestamp {
        self.config.clock.now()
    }

    // ---- The wire ----

    /// Imports one wire file: parses it, links each item to its story, stores it with the
    /// original bytes, all in one transaction. The same bytes twice import once. A file that
    /// cannot be read is recorded with the reason (the caller keeps the file aside).
    pub fn ingest(&self, file: IncomingFile<'_>) -> Result<Receipt> {
        let now = self.now();
        let (receipt, stories) = self.store.write(|tx| {
            let receipt = wire::ingest(tx, &file, now)?;
            let mut stories: Vec<i64> = receipt
                .lines
                .iter()
                .filter(|l| l.outcome != wire::IngestOutcome::Duplicate)
                .filter_map(|l| l.item.as_ref().map(|i| i.story_id))
                .collect();
            stories.dedup();
            let stories = wire::summaries_of(tx, &stories)?;
            let quarantined = match receipt.quarantine {
                Some(_) => Some(wire::quarantined_file(tx, receipt.file_id)?),
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
        let file = self.store.write(|tx| {
            let id = wire::record_refused(tx, name, code, message, now)?;
            wire::quarantined_file(tx, id)
        })?;
        let id = file.id;
        self.announce(Change::WireQuarantined { file });
        Ok(id)
    }

    /// Remembers where a received file was moved (archive or quarantine).
    pub(crate) fn note_shelved(&self, file_id: i64, path: &Path) {
        let path = path.display().to_string();
        if let Err(e) = self
            .store
            .write(|tx| wire::mark_shelved(tx, file_id, &path))
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
        self.store.read(|c| wire::items(c, filter))
    }

    pub fn wire_item(&self, id: i64) -> Result<WireItem> {
        self.store.read(|c| wire::item(c, id))
    }

    pub fn wire_story(&self, id: i64) -> Result<WireStory> {
        self.store.read(|c| wire::story(c, id))
    }

    pub fn quarantined(&self) -> Result<Vec<QuarantinedFile>> {
        self.store.read(wire::quarantined)
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
