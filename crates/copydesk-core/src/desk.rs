//! The desk: the one API that the desktop shell and the CLI both call.
use crate::article::{self, Article, ArticleDraft, ArticleEdit, ArticleId, ArticleSummary};
use crate::change::Change;
use crate::clock::{Clock, SystemClock};
use crate::data_dir::DataDir;
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::revision::{self, DiffChunk, Revision, RevisionKind, Text};
use crate::search::{self, SearchHit};
use crate::store::Store;
use jiff::Timestamp;
use std::sync::{Arc, RwLock};

type Listener = Box<dyn Fn(&Change) + Send + Sync>;

/// How to open a desk.
#[derive(Debug, Clone)]
pub struct DeskConfig {
    pub data_dir: DataDir,
    pub clock: Arc<dyn Clock>,
    /// Who is working at this desk (their profile); recorded as author and in revisions.
    pub author: String,
    /// The role their profile gets if it does not exist yet; a stored profile keeps its own.
    pub role: crate::workflow::Role,
    /// Act in this role whatever the profile says (the CLI's `--as-editor`, scripts).
    pub force_role: Option<crate::workflow::Role>,
    /// Where publishing writes its files.
    pub outbox: std::path::PathBuf,
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
            role: crate::workflow::Role::Writer,
            force_role: None,
            outbox: crate::data_dir::resolve_outbox(None),
        }
    }
}

pub struct Desk {
    config: DeskConfig,
    store: Store,
    listeners: RwLock<Vec<Listener>>,
    /// Who the desk acts as now (switchable at run time).
    profile: RwLock<Profile>,
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
        let now = config.clock.now();
        let profile =
            store.write(|tx| crate::profile::ensure(tx, &config.author, config.role, now))?;
        let desk = Desk {
            store,
            listeners: RwLock::new(Vec::new()),
            profile: RwLock::new(profile.clone()),
            config,
        };
        desk.act_as(profile);
        Ok(desk)
    }

    /// Who the desk is acting as, and in which role.
    pub fn profile(&self) -> Profile {
        self.profile
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn act_as(&self, mut profile: Profile) {
        if let Some(role) = self.config.force_role {
            profile.role = role;
        }
        *self.profile.write().unwrap_or_else(|e| e.into_inner()) = profile;
    }

    /// After a profile changed in the database: follow it if it is the one acting.
    pub(crate) fn refresh_profile(&self, changed: &Profile) {
        if self.profile().name.eq_ignore_ascii_case(&changed.name) {
            self.act_as(changed.clone());
        }
    }

    pub fn config(&self) -> &DeskConfig {
        &self.config
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
        let profile = self.profile();
        let author = &profile.name;
        let article = self.store.write(|tx| {
            let id = article::insert(tx, &draft, author, now)?;
            let article = article::get(tx, id)?;
            let text = Text::from(&article);
            revision::record(tx, id, 1, text, RevisionKind::Created, author, now)?;
            Ok(article)
        })?;
        self.announce(Change::ArticleCreated {
            article: article::summary(&article),
        });
        Ok(article)
    }

    /// Saves an edit only if nobody saved the article since `edit.base_version`. A stale
    /// save changes nothing in the article, but its text is kept as a `conflict` revision and
    /// the error says which.
    pub fn save_article(&self, edit: ArticleEdit) -> Result<Article> {
        let now = self.config.clock.now();
        let profile = self.profile();
        let author = &profile.name;
        let saved = self
            .store
            .write(|tx| match article::update(tx, &edit, now) {
                Ok(()) => {
                    let article = article::get(tx, edit.id)?;
                    let kind = if edit.autosave {
                        RevisionKind::Autosave
                    } else {
                        RevisionKind::Save
                    };
                    let text = Text::from(&article);
                    revision::record(tx, edit.id, article.version, text, kind, author, now)?;
                    Ok(Ok(article))
                }
                Err(Error::Conflict {
                    id,
                    expected,
                    actual,
                    ..
                }) => {
                    let text = Text {
                        headline: &edit.headline,
                        standfirst: &edit.standfirst,
                        body: &edit.body,
                        tags: &edit.tags,
                    };
                    let kept = revision::record(
                        tx,
                        id,
                        expected,
                        text,
                        RevisionKind::Conflict,
                        author,
                        now,
                    )?;
                    // Committed: the losing text is safe before the caller hears "conflict".
                    Ok(Err(Error::Conflict {
                        id,
                        expected,
                        actual,
                        kept_revision: Some(kept),
                    }))
                }
                Err(e) => Err(e),
            })?;
        let article = saved?;
        self.announce(Change::ArticleSaved {
            article: article::summary(&article),
        });
        Ok(article)
    }

    /// Makes a revision's text the article's current text (a new version and revision; the
    /// history before it stays).
    pub fn restore_revision(&self, revision_id: i64) -> Result<Article> {
        let now = self.config.clock.now();
        let profile = self.profile();
        let author = &profile.name;
        let article = self.store.write(|tx| {
            let old = revision::get(tx, revision_id)?;
            let current = article::get(tx, old.article_id)?;
            let edit = ArticleEdit {
                id: current.id,
                base_version: current.version,
                headline: old.headline.clone(),
                standfirst: old.standfirst.clone(),
                body: old.body.clone(),
                tags: old.tags.clone(),
                slug: current.slug,
                byline: current.byline,
                dateline: current.dateline,
                section: current.section,
                urgency: current.urgency,
                autosave: false,
            };
            article::update(tx, &edit, now)?;
            let article = article::get(tx, current.id)?;
            let text = Text::from(&article);
            let kind = RevisionKind::Restore;
            revision::record(tx, article.id, article.version, text, kind, author, now)?;
            Ok(article)
        })?;
        self.announce(Change::ArticleSaved {
            article: article::summary(&article),
        });
        Ok(article)
    }

    /// An article's revisions, newest first.
    pub fn revisions(&self, article_id: ArticleId) -> Result<Vec<Revision>> {
        self.store.read(|c| {
            article::get(c, article_id)?;
            revision::list(c, article_id)
        })
    }

    pub fn revision(&self, id: i64) -> Result<Revision> {
        self.store.read(|c| revision::get(c, id))
    }

    /// What changed in the body from revision `from` to revision `to`, word by word.
    pub fn diff_revisions(&self, from: i64, to: i64) -> Result<Vec<DiffChunk>> {
        let (a, b) = self
            .store
            .read(|c| Ok((revision::get(c, from)?, revision::get(c, to)?)))?;
        Ok(revision::diff(&a.body, &b.body))
    }

    /// Tags beginning with `prefix`, most used first (for autocomplete).
    pub fn tags(&self, prefix: &str, limit: u32) -> Result<Vec<article::TagUse>> {
        self.store
            .read(|c| article::tags(c, prefix, limit.clamp(1, 100)))
    }

    /// Drafts and wire copy matching what the user typed, best first. Autosaved text not yet
    /// in the index is indexed first, so a search always sees what was last saved.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        if self.store.read(search::has_pending)? {
            self.store.write(search::index_pending)?;
        }
        self.store
            .read(|c| search::search(c, query, limit.clamp(1, 200)))
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
