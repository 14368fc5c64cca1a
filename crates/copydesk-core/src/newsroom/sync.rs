//! Connecting a desk to a newsroom, and one round of sync: push the queue in order, then pull
//! the feed until caught up. The app runs rounds in the background; the CLI runs one per
//! command. Every step is safe to repeat: the server answers a resent operation with its first
//! answer, and the feed position moves only in the transaction that applies the changes.
use super::apply::{self, Applied};
use super::{client_error, membership, queue, Membership};
use crate::article::{self, ArticleStatus};
use crate::change::Change;
use crate::desk::Desk;
use crate::error::{Error, ErrorCode, Result};
use crate::profile::Profile;
use crate::store::settings;
use copydesk_newsroom::client::Client;
use copydesk_newsroom::entity::Entity;
use copydesk_newsroom::op::{ArticleMove, OpBody, OpOutcome};
use copydesk_newsroom::{Action, ArticleStatus as NewsroomStatusName};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use uuid::Uuid;

/// The settings key of this working copy's own newsroom id, made once and kept.
pub(super) const DESK_ID_SETTING: &str = "newsroom_desk";
/// Operations per push; the server takes at most 100.
const PUSH_BATCH: u32 = 100;
/// Snapshots per pull page.
const PULL_PAGE: u32 = 500;

/// What one round of sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncReport {
    /// Operations the server answered (applied or refused).
    pub pushed: u32,
    /// Snapshots applied from the feed.
    pub pulled: u32,
    /// Operations still waiting for an answer.
    pub pending: u32,
    /// Operations the server refused (the text is kept as a revision; see the log).
    pub refused: u32,
}

/// Where a desk stands with its newsroom.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewsroomStatus {
    /// The desk belongs to a newsroom (signed in or not).
    pub connected: bool,
    /// It holds a session (signed in).
    pub signed_in: bool,
    /// The server answered just now (only checked when asked).
    pub online: bool,
    pub server: Option<String>,
    pub account: Option<String>,
    pub role: Option<String>,
    pub pending: u32,
    pub last_seq: i64,
    pub last_error: Option<String>,
    /// Where the session token is kept ("the system keyring", "the desk's database"…).
    pub session_kept_in: Option<String>,
    /// What the background follower last saw (the app's badge), if one runs.
    pub activity: Option<super::NewsroomActivity>,
}

/// A status that is not `invalid`: the server decided, or could not be reached.
fn is_network(e: &Error) -> bool {
    matches!(e.code(), ErrorCode::Offline | ErrorCode::Unauthorised)
}

impl Desk {
    /// This working copy's newsroom id, made the first time it is asked for.
    pub(crate) fn desk_id(&self) -> Result<Uuid> {
        let stored = self.store().read(|c| settings::get(c, DESK_ID_SETTING))?;
        if let Some(id) = stored.and_then(|s| Uuid::parse_str(&s).ok()) {
            return Ok(id);
        }
        let id = Uuid::new_v4();
        self.store()
            .write(|tx| settings::put(tx, DESK_ID_SETTING, Some(&id.to_string())))?;
        Ok(id)
    }

    pub(crate) fn client(&self) -> Result<(Client, Membership)> {
        let member = self
            .store()
            .read(membership)?
            .ok_or_else(|| Error::Invalid("this desk is not connected to a newsroom".into()))?;
        let token = self
            .session_token(&member)?
            .ok_or_else(|| Error::Newsroom {
                code: ErrorCode::Unauthorised,
                message: format!(
                    "signed out of {}: connect again to sync (changes stay queued)",
                    member.server
                ),
            })?;
        Ok((Client::new(&member.server).with_token(token), member))
    }

    /// Signs in to the newsroom at `server` and joins it: from now on this desk acts as
    /// `account`, in the role the server gives it, and its changes are queued for the server.
    /// Drafts and stories in review already here are shared with the newsroom; stories past
    /// review stay this desk's own. Then one round of sync.
    pub fn connect_newsroom(
        &self,
        server: &str,
        account: &str,
        password: &str,
    ) -> Result<(NewsroomStatus, SyncReport)> {
        let desk = self.desk_id()?;
        let mut client = Client::new(server.trim());
        let session = client
            .sign_in(account, password, desk)
            .map_err(client_error)?;
        let token = session
            .token
            .ok_or_else(|| Error::Internal("the server gave no session token".into()))?;
        let server = client.base().to_string();
        let role = session.profile.role.as_str();
        let now = self.now();
        let token = self.keep_token(&server, &session.profile.name, Some(&token))?;
        let first_time = self.store().write(|tx| {
            let before = membership(tx)?;
            let first = before.is_none();
            // Another server is another feed: start reading it from the beginning.
            let restart = before.as_ref().is_none_or(|m| m.server != server);
            tx.execute(
                "INSERT INTO newsroom (id, server, account, role, token, last_seq, connected_at)
                 VALUES (1, ?1, ?2, ?3, ?4, 0, ?5)
                 ON CONFLICT (id) DO UPDATE SET server = ?1, account = ?2, role = ?3, token = ?4,
                        last_seq = CASE WHEN ?6 THEN 0 ELSE last_seq END, connected_at = ?5,
                        last_error = NULL",
                params![
                    server,
                    session.profile.name,
                    role,
                    token,
                    now.as_millisecond(),
                    restart
                ],
            )?;
            crate::profile::ensure(tx, &session.profile.name, super::role_from(role), now)?;
            if first {
                share_existing(tx, now)?;
            }
            Ok(first)
        })?;
        self.follow_membership()?;
        tracing::info!(
            "joined the newsroom at {server} as {} ({role}){}",
            session.profile.name,
            if first_time {
                ", sharing this desk's drafts"
            } else {
                ""
            }
        );
        let report = self.sync_newsroom()?;
        Ok((self.newsroom_status(false)?, report))
    }

    /// Acts as the newsroom account this desk is signed in as, in its server role.
    pub(crate) fn follow_membership(&self) -> Result<()> {
        if let Some(profile) = self.store().read(super::session_profile)? {
            self.act_as_member(profile);
        }
        Ok(())
    }

    /// Signs this desk out of its newsroom (the server forgets the session and releases the
    /// desk's leases). Queued changes stay, to be sent after the next `connect`.
    pub fn newsroom_logout(&self) -> Result<()> {
        let (mut client, member) = self.client()?;
        // Offline: the session simply expires on the server; it is forgotten here at once.
        if let Err(e) = client.sign_out() {
            tracing::warn!("signing out: {e}");
        }
        if let Err(e) = self.keep_token(&member.server, &member.account, None) {
            tracing::warn!("signing out: {e}");
        }
        self.held_leases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        *self
            .newsroom_activity
            .write()
            .unwrap_or_else(|e| e.into_inner()) = None;
        self.store().write(|tx| {
            tx.execute("UPDATE newsroom SET token = NULL WHERE id = 1", [])?;
            Ok(())
        })
    }

    /// Where this desk stands; with `check_online`, asks the server whether it answers.
    pub fn newsroom_status(&self, check_online: bool) -> Result<NewsroomStatus> {
        let (member, pending, last_error) = self.store().read(|c| {
            let error: Option<String> = c
                .query_row("SELECT last_error FROM newsroom WHERE id = 1", [], |r| {
                    r.get(0)
                })
                .unwrap_or(None);
            Ok((membership(c)?, queue::count(c)?, error))
        })?;
        let Some(member) = member else {
            return Ok(NewsroomStatus {
                pending,
                ..NewsroomStatus::default()
            });
        };
        let token = self.session_token(&member)?;
        let online = check_online
            && match &token {
                Some(token) => Client::new(&member.server)
                    .with_token(token.clone())
                    .session()
                    .is_ok(),
                None => Client::new(&member.server).health().is_ok(),
            };
        Ok(NewsroomStatus {
            connected: true,
            signed_in: token.is_some(),
            session_kept_in: Some(self.session_place()),
            activity: self
                .newsroom_activity
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
            online,
            server: Some(member.server),
            account: Some(member.account),
            role: Some(member.role.as_str().to_string()),
            pending,
            last_seq: member.last_seq,
            last_error,
        })
    }

    /// One round: push every queued operation (oldest first), then pull until caught up.
    pub fn sync_newsroom(&self) -> Result<SyncReport> {
        let result = self.sync_round(None);
        let error = result.as_ref().err().map(ToString::to_string);
        self.store().write(|tx| {
            tx.execute(
                "UPDATE newsroom SET last_error = ?1,
                        last_sync_at = CASE WHEN ?1 IS NULL THEN ?2 ELSE last_sync_at END
                  WHERE id = 1",
                params![error, self.now().as_millisecond()],
            )?;
            Ok(())
        })?;
        result
    }

    /// A round whose pull, when there is no news yet, waits up to `wait` for some (a long
    /// poll): what a desk's background sync runs in a loop.
    pub fn sync_newsroom_waiting(&self, wait: Duration) -> Result<SyncReport> {
        self.sync_round(Some(wait))
    }

    /// Pushes, then pulls; with `wait`, the first pull waits that long for news (a long poll).
    pub(crate) fn sync_round(&self, wait: Option<Duration>) -> Result<SyncReport> {
        let (client, member) = self.client()?;
        let mut report = SyncReport::default();
        // The role can change on the server at any time; it decides what this desk may do.
        match client.session() {
            Ok(session) => {
                let role = session.profile.role.as_str().to_string();
                if role != member.role.as_str() || session.profile.name != member.account {
                    self.store().write(|tx| {
                        tx.execute("UPDATE newsroom SET role = ?1 WHERE id = 1", [&role])?;
                        Ok(())
                    })?;
                    self.follow_membership()?;
                }
            }
            Err(e) => return Err(client_error(e)),
        }
        self.push_all(&client, &mut report)?;
        self.pull_all(&client, &member.account, wait, &mut report)?;
        report.pending = self.store().read(queue::count)?;
        Ok(report)
    }

    /// Pushes every queued operation now, without pulling: what the follower does the moment
    /// a local change is made (the long poll then brings the result back).
    pub fn push_newsroom(&self) -> Result<SyncReport> {
        let (client, _) = self.client()?;
        let mut report = SyncReport::default();
        self.push_all(&client, &mut report)?;
        report.pending = self.store().read(queue::count)?;
        Ok(report)
    }

    pub(super) fn push_all(&self, client: &Client, report: &mut SyncReport) -> Result<()> {
        let _one_at_a_time = self.push_lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let ops = self.store().read(|c| queue::oldest(c, PUSH_BATCH))?;
            if ops.is_empty() {
                return Ok(());
            }
            let answer = client.push(&ops).map_err(client_error)?;
            if answer.results.is_empty() {
                return Err(Error::Internal(
                    "the newsroom server answered a push with no results".into(),
                ));
            }
            let now = self.now();
            let changes = self.store().write(|tx| {
                let mut changes = Vec::new();
                let mut refusals = Vec::new();
                for result in &answer.results {
                    let article = queue::remove(tx, &result.op_id)?;
                    report.pushed += 1;
                    if result.outcome == OpOutcome::Refused {
                        report.refused += 1;
                        let (code, message) = result
                            .error
                            .as_ref()
                            .map(|e| (e.code.as_str().to_string(), e.message.clone()))
                            .unwrap_or_else(|| ("internal".into(), "refused".into()));
                        let kind = ops
                            .iter()
                            .find(|o| o.op_id == result.op_id)
                            .map_or("unknown", |o| o.op.kind());
                        tracing::warn!("the newsroom refused {kind}: {message}");
                        let what = ops
                            .iter()
                            .find(|o| o.op_id == result.op_id)
                            .map_or_else(|| "change".to_string(), |o| what_was_refused(&o.op));
                        refusals.push((article.clone(), what, code.clone(), message.clone()));
                        tx.execute(
                            "INSERT INTO newsroom_refusals (op_id, article, kind, code, message, at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            params![
                                result.op_id.to_string(),
                                article,
                                kind,
                                code,
                                message,
                                now.as_millisecond()
                            ],
                        )?;
                    }
                    // The story as the server has it, if it refused: what won is shown.
                    if let Some(current) = &result.current {
                        changes.extend(apply::article(tx, current)?);
                    }
                }
                // Said after the stories are as the server has them, so a window names them
                // as they are now.
                for (article, what, code, message) in refusals {
                    let story: Option<(i64, String)> = match &article {
                        Some(uuid) => tx
                            .query_row(
                                "SELECT id, headline FROM articles WHERE uuid = ?1",
                                [uuid],
                                |r| Ok((r.get(0)?, r.get(1)?)),
                            )
                            .optional()?,
                        None => None,
                    };
                    changes.push(Change::NewsroomRefused {
                        article_id: story.as_ref().map(|s| s.0),
                        headline: story.map(|s| s.1),
                        what,
                        code,
                        message,
                    });
                }
                Ok(changes)
            })?;
            for change in changes {
                self.announce(change);
            }
        }
    }

    fn pull_all(
        &self,
        client: &Client,
        me: &str,
        wait: Option<Duration>,
        report: &mut SyncReport,
    ) -> Result<()> {
        let mut wait = wait;
        loop {
            let since = self.store().read(membership)?.map_or(0, |m| m.last_seq);
            let page = client
                .pull(since, PULL_PAGE, wait.take())
                .map_err(client_error)?;
            let changes = self.store().write(|tx| {
                let mut changes = Vec::new();
                for change in &page.changes {
                    match apply::entity(tx, &change.entity, me)? {
                        Applied::Done(c) => changes.extend(c),
                        Applied::Orphan => keep_orphan(tx, change.seq, &change.entity)?,
                    }
                }
                changes.extend(retry_orphans(tx, me)?);
                tx.execute(
                    "UPDATE newsroom SET last_seq = ?1 WHERE id = 1",
                    [page.last_seq],
                )?;
                Ok(changes)
            })?;
            report.pulled += page.changes.len() as u32;
            if !changes.is_empty() {
                self.follow_membership()?;
            }
            for change in changes {
                self.announce(change);
            }
            if !page.more {
                return Ok(());
            }
        }
    }
}

fn keep_orphan(tx: &Transaction<'_>, seq: i64, entity: &Entity) -> Result<()> {
    let json = serde_json::to_string(entity)
        .map_err(|e| Error::Internal(format!("a pulled change could not be kept: {e}")))?;
    tx.execute(
        "INSERT OR REPLACE INTO newsroom_orphans (seq, entity) VALUES (?1, ?2)",
        params![seq, json],
    )?;
    Ok(())
}

/// Applies kept changes whose article or thread has arrived since, oldest first.
fn retry_orphans(tx: &Transaction<'_>, me: &str) -> Result<Vec<Change>> {
    let kept: Vec<(i64, String)> = {
        let mut stmt =
            tx.prepare_cached("SELECT seq, entity FROM newsroom_orphans ORDER BY seq")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    let mut changes = Vec::new();
    for (seq, json) in kept {
        let Ok(entity) = serde_json::from_str::<Entity>(&json) else {
            continue;
        };
        if let Applied::Done(c) = apply::entity(tx, &entity, me)? {
            changes.extend(c);
            tx.execute("DELETE FROM newsroom_orphans WHERE seq = ?1", [seq])?;
        }
    }
    Ok(changes)
}

/// On joining: drafts and stories in review are queued for the newsroom (a create, and a
/// submit for those in review); stories further along stay this desk's own.
fn share_existing(tx: &Transaction<'_>, now: jiff::Timestamp) -> Result<()> {
    let ids: Vec<(i64, String)> = {
        let mut stmt = tx.prepare_cached("SELECT id, status FROM articles ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    for (id, status) in ids {
        let status = ArticleStatus::parse(&status);
        if !matches!(status, ArticleStatus::Draft | ArticleStatus::InReview) {
            tx.execute("UPDATE articles SET local_only = 1 WHERE id = ?1", [id])?;
            continue;
        }
        let article = article::get(tx, id)?;
        queue::queue_for_article(tx, id, now, |uuid| queue::create_op(&article, uuid))?;
        if status == ArticleStatus::InReview {
            queue::queue_for_article(tx, id, now, |uuid| {
                OpBody::ArticleMove(ArticleMove {
                    article: uuid,
                    action: Action::Submit,
                    from: NewsroomStatusName::Draft,
                    note: String::new(),
                    override_reason: None,
                })
            })?;
        }
    }
    Ok(())
}

impl Desk {
    /// Who the desk acts as while it belongs to a newsroom: the server decides the role, so
    /// nothing local (`--as-editor`, a stored profile) can grant more.
    pub(crate) fn act_as_member(&self, profile: Profile) {
        self.set_profile(profile);
    }
}

/// True when an error only means the newsroom could not be reached or asks for a sign-in:
/// the change is kept and waits.
pub fn waits_for_newsroom(e: &Error) -> bool {
    is_network(e)
}

/// What a refused operation tried, in the words a desk uses.
fn what_was_refused(op: &OpBody) -> String {
    match op {
        OpBody::ArticleCreate(_) => "new story".into(),
        OpBody::ArticleSave(_) => "save".into(),
        OpBody::ArticleMove(m) => m.action.as_str().replace('_', " "),
        OpBody::ArticleSchedule(_) => "schedule".into(),
        OpBody::ArticleEmbargo(_) => "embargo".into(),
        OpBody::CommentAdd(_)
        | OpBody::CommentEdit(_)
        | OpBody::CommentDelete(_)
        | OpBody::CommentResolve(_)
        | OpBody::CommentReopen(_) => "comment".into(),
        OpBody::WireFileAdd(_) => "wire file".into(),
    }
}
