//! The desk: the one API that the desktop shell and the CLI both call.
use crate::article::{self, Article, ArticleDraft, ArticleEdit, ArticleId, ArticleSummary};
use crate::change::Change;
use crate::clock::{Clock, SystemClock};
use crate::data_dir::DataDir;
use crate::error::{Error, Result};
use crate::store::Store;
use jiff::Timestamp;
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

    pub(crate) fn announce(&self, change: Change) {
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
}
