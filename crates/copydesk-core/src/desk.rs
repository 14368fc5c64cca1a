//! The desk: the one API that the desktop shell and the CLI both call.
use crate::article::{
    self, Article, ArticleDraft, ArticleEdit, ArticleId, ArticleStatus, ArticleSummary,
};
use crate::change::Change;
use crate::clock::{Clock, SystemClock};
use crate::data_dir::DataDir;
use crate::error::{Error, Result};
use crate::newsroom;
use crate::page;
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
    /// Where the newsroom session token is kept when not in the database (the app's keyring).
    pub(crate) session_keeper: RwLock<Option<Arc<dyn crate::newsroom::SessionKeeper>>>,
    /// Body leases this desk holds now, renewed by the newsroom follower.
    pub(crate) held_leases: std::sync::Mutex<crate::newsroom::HeldLeases>,
    /// What the newsroom follower last announced, for a window that asks.
    pub(crate) newsroom_activity: RwLock<Option<crate::newsroom::NewsroomActivity>>,
    /// One push at a time from this desk (the follower's two threads both push): a refusal
    /// is recorded once.
    pub(crate) push_lock: std::sync::Mutex<()>,
    /// Keeps a restore from replacing the database while this desk is open.
    _in_use: crate::backup::InUse,
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
        let in_use = crate::backup::InUse::take(&config.data_dir)?;
        let store = Store::open(&config.data_dir.database())?;
        let now = config.clock.now();
        let profile = store.write(|tx| {
            // The change log keeps its newest rows (outside.rs reads it within moments).
            tx.execute(
                "DELETE FROM desk_changes WHERE seq <= (SELECT MAX(seq) FROM desk_changes) - ?1",
                [crate::outside::KEPT_CHANGES],
            )?;
            crate::profile::ensure(tx, &config.author, config.role, now)
        })?;
        let member = store.read(crate::newsroom::session_profile)?;
        let desk = Desk {
            store,
            listeners: RwLock::new(Vec::new()),
            profile: RwLock::new(profile.clone()),
            session_keeper: RwLock::new(None),
            held_leases: Default::default(),
            newsroom_activity: RwLock::new(None),
            push_lock: std::sync::Mutex::new(()),
            config,
            _in_use: in_use,
        };
        match member {
            // In a newsroom the signed-in account acts, in the role the server gave it.
            Some(member) => desk.act_as_member(member),
            None => desk.act_as(profile),
        }
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
        self.set_profile(profile);
    }

    pub(crate) fn set_profile(&self, profile: Profile) {
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

    /// The database, for tests and benches that set up or inspect what no API shows.
    #[cfg(feature = "test-support")]
    pub fn store(&self) -> &Store {
        &self.store
    }

    #[cfg(not(feature = "test-support"))]
    pub(crate) fn store(&self) -> &Store {
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
            newsroom::queue_for_article(tx, id, now, |uuid| {
                newsroom::queue::create_op(&article, uuid)
            })?;
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
                    newsroom::queue_for_article(tx, edit.id, now, |uuid| {
                        newsroom::queue::save_op(&article, uuid, edit.base_version, edit.autosave)
                    })?;
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
            newsroom::queue_for_article(tx, article.id, now, |uuid| {
                newsroom::queue::save_op(&article, uuid, current.version, false)
            })?;
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

    /// Every article, most recently changed first. The CLI's whole list; the app reads pages
    /// ([`Desk::article_page`]).
    pub fn articles(&self) -> Result<Vec<ArticleSummary>> {
        self.store.read(article::list)
    }

    /// One page of an article list: up to `limit` rows from `seek`, in `filter`'s order, with
    /// the list's size.
    pub fn article_page(
        &self,
        filter: &page::ArticleFilter,
        seek: &page::Seek<page::ArticleKey>,
        limit: u32,
    ) -> Result<page::Page<ArticleSummary, page::ArticleKey>> {
        self.store.read(|c| page::articles(c, filter, seek, limit))
    }

    /// The sections and tags used in a queue (every article's for `None`).
    pub fn article_facets(&self, queue: Option<ArticleStatus>) -> Result<page::ArticleFacets> {
        self.store.read(|c| page::facets(c, queue))
    }

    /// How many rows each list holds (the navigator's counts), "my drafts" being the acting
    /// profile's.
    pub fn list_counts(&self) -> Result<page::ListCounts> {
        let me = self.profile().name;
        self.store.read(|c| page::counts(c, &me))
    }

    pub fn now(&self) -> Timestamp {
        self.config.clock.now()
    }
}
