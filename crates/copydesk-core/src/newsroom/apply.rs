//! Laying what the server sent over the working copy: each snapshot by its newsroom id
//! (insert or update), in the order the feed gives. A story with changes of this desk's still
//! waiting for the server's answer keeps the desk's text on top; the server's copy arrives
//! again once those are answered. Rows the desk wrote itself (its own record of a save or a
//! move) give way to the server's once the story is in step.
use super::queue;
use crate::article::{self, ArticleId, ArticleStatus};
use crate::change::Change;
use crate::comment;
use crate::error::{Error, Result};
use copydesk_newsroom::entity::{
    ArticleSnapshot, CommentSnapshot, Entity, LeaseHolder, ProfileSnapshot, RevisionSnapshot,
    TransitionSnapshot,
};
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// What applying one entity did.
#[allow(clippy::large_enum_variant)] // short-lived, one at a time
pub(super) enum Applied {
    /// Applied; the desk announces these changes.
    Done(Vec<Change>),
    /// It names something the working copy does not have yet: kept to try again.
    Orphan,
}

fn ms(t: Timestamp) -> i64 {
    t.as_millisecond()
}

fn local_article(conn: &Connection, uuid: &str) -> Result<Option<ArticleId>> {
    Ok(conn
        .query_row("SELECT id FROM articles WHERE uuid = ?1", [uuid], |r| {
            r.get(0)
        })
        .optional()?)
}

fn local_comment(conn: &Connection, uuid: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM comments WHERE uuid = ?1", [uuid], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(super) fn entity(tx: &Transaction<'_>, entity: &Entity, me: &str) -> Result<Applied> {
    match entity {
        Entity::Article(a) => article(tx, a).map(Applied::Done),
        Entity::Revision(r) => revision(tx, r),
        Entity::Comment(c) => comment(tx, c, me),
        Entity::Transition(t) => transition(tx, t),
        Entity::Profile(p) => profile(tx, p, me).map(|()| Applied::Done(Vec::new())),
        Entity::WireFile(w) => wire_file(tx, w).map(|c| Applied::Done(c.into_iter().collect())),
        Entity::Publication(p) => publication(tx, p),
        Entity::Delivery(d) => match crate::workflow::webhook::store_newsroom(tx, d)? {
            Some((article_id, delivery)) => Ok(Applied::Done(vec![Change::DeliveryUpdated {
                article_id,
                delivery,
            }])),
            None => Ok(Applied::Orphan),
        },
        Entity::Lease(l) => {
            let uuid = l.article.to_string();
            store_lease(tx, &uuid, l.holder.as_ref())?;
            // Who holds the story reaches the editor and the list at once. A hold on a story
            // not here yet is kept in the table and announced when the story arrives.
            let Some(article_id) = super::lease::local_id(tx, &uuid)? else {
                return Ok(Applied::Done(Vec::new()));
            };
            Ok(Applied::Done(vec![lease_changed(
                tx,
                article_id,
                l.holder.as_ref(),
            )?]))
        }
    }
}

/// The change that tells the editor and the lists who holds a story, as the feed says it (a
/// lapsed hold is the reader's to judge by `expires_at`).
fn lease_changed(
    tx: &Transaction<'_>,
    article_id: ArticleId,
    holder: Option<&LeaseHolder>,
) -> Result<Change> {
    let me = crate::store::settings::get(tx, super::sync::DESK_ID_SETTING)?;
    let lease = holder.map(|h| super::lease::ArticleLease {
        account: h.account.clone(),
        mine: me.as_deref() == Some(h.desk.to_string().as_str()),
        expires_at: h.expires_at,
    });
    Ok(Change::LeaseChanged { article_id, lease })
}

/// The hold stored for a story, to tell whether a snapshot changed it.
fn stored_lease(tx: &Transaction<'_>, article: &str) -> Result<Option<(String, String, i64)>> {
    Ok(tx
        .prepare_cached("SELECT account, desk, expires_at FROM article_leases WHERE article = ?1")?
        .query_row([article], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// Another desk's wire file: imported here as this desk's own inbox would (the same bytes
/// already here change nothing), and never sent back.
fn wire_file(
    tx: &Transaction<'_>,
    w: &copydesk_newsroom::entity::WireFileSnapshot,
) -> Result<Option<Change>> {
    let Some(bytes) = copydesk_newsroom::wire_original(&w.sha256, &w.original) else {
        return Err(Error::Internal(format!(
            "the newsroom sent wire file {} whose bytes do not match its SHA-256",
            w.name
        )));
    };
    let incoming = crate::wire::IncomingFile {
        name: &w.name,
        bytes: &bytes,
    };
    let read = crate::wire::read_all(std::slice::from_ref(&incoming));
    let Some(file) = read.first() else {
        return Ok(None);
    };
    let report = crate::wire::store_file(tx, file, w.received_at)?;
    let mut touched = Vec::new();
    for line in &report.lines {
        if line.outcome != crate::wire::ImportOutcome::Duplicate {
            if let Some(item) = &line.item {
                if !touched.contains(&item.story_id) {
                    touched.push(item.story_id);
                }
            }
        }
    }
    if touched.is_empty() {
        return Ok(None);
    }
    Ok(Some(Change::WireReceived {
        stories: crate::wire::summaries_of(tx, &touched)?,
    }))
}

/// A newsroom publication: the server's record, laid over this desk's own record of the same
/// move when it made it (matched by number, before it had the server's id).
fn publication(
    tx: &Transaction<'_>,
    p: &copydesk_newsroom::PublicationSnapshot,
) -> Result<Applied> {
    let Some(article_id) = local_article(tx, &p.article.to_string())? else {
        return Ok(Applied::Orphan);
    };
    let uuid = p.id.to_string();
    let detail = match (&p.written_to, p.written_at) {
        (Some(dir), Some(_)) => dir.clone(),
        _ => String::new(),
    };
    let kind = crate::workflow::PublicationKind::parse(&p.kind);
    let here: Option<i64> = tx
        .query_row(
            "SELECT id FROM publications
              WHERE uuid = ?1 OR (article_id = ?2 AND number = ?3 AND uuid IS NULL)
              ORDER BY uuid IS NULL LIMIT 1",
            params![uuid, article_id, p.number],
            |r| r.get(0),
        )
        .optional()?;
    let id = match here {
        Some(id) => {
            tx.execute(
                "UPDATE publications SET uuid = ?2, kind = ?3, number = ?4, at = ?5,
                        outbox = 'newsroom', detail = ?6
                  WHERE id = ?1",
                params![id, uuid, kind.as_str(), p.number, ms(p.at), detail],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO publications (article_id, kind, number, at, outbox, detail, uuid)
                 VALUES (?1, ?2, ?3, ?4, 'newsroom', ?5, ?6)",
                params![article_id, kind.as_str(), p.number, ms(p.at), detail, uuid],
            )?;
            tx.last_insert_rowid()
        }
    };
    let publication = crate::workflow::publishing::list(tx, article_id)?
        .into_iter()
        .find(|x| x.id == id)
        .ok_or_else(|| Error::Internal("a pulled publication was not stored".into()))?;
    Ok(Applied::Done(vec![Change::PublicationRecorded {
        article_id,
        publication,
    }]))
}

pub(super) fn store_lease(
    tx: &Transaction<'_>,
    article: &str,
    holder: Option<&LeaseHolder>,
) -> Result<()> {
    match holder {
        None => tx.execute("DELETE FROM article_leases WHERE article = ?1", [article])?,
        Some(h) => tx.execute(
            "INSERT INTO article_leases (article, account, desk, acquired_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (article) DO UPDATE SET account = ?2, desk = ?3, acquired_at = ?4,
                                                  expires_at = ?5",
            params![
                article,
                h.account,
                h.desk.to_string(),
                ms(h.acquired_at),
                ms(h.expires_at)
            ],
        )?,
    };
    Ok(())
}

pub(super) fn article(tx: &Transaction<'_>, a: &ArticleSnapshot) -> Result<Vec<Change>> {
    let uuid = a.id.to_string();
    let held_before = stored_lease(tx, &uuid)?;
    store_lease(tx, &uuid, a.lease.as_ref())?;
    if queue::has_pending(tx, &uuid)? {
        return Ok(Vec::new());
    }
    let existing = local_article(tx, &uuid)?;
    let status = ArticleStatus::parse(a.status.as_str());
    let spiked_from = a.spiked_from.map(|s| s.as_str());
    let schedule = a.schedule.as_ref();
    let embargo = a.embargo.as_ref();
    let values = params![
        a.slug,
        a.headline,
        a.standfirst,
        a.byline,
        a.dateline,
        a.section,
        a.body,
        a.urgency,
        status.as_str(),
        spiked_from,
        a.author,
        a.word_count,
        a.version,
        ms(a.created_at),
        ms(a.updated_at),
        schedule.map(|s| ms(s.at)),
        schedule.map(|s| s.zone.as_str()),
        schedule.map(|s| s.wall.as_str()),
        embargo.map(|e| ms(e.until)),
        embargo.map(|e| e.zone.as_str()),
        a.published_at.map(ms),
        uuid,
    ];
    let id = match existing {
        Some(id) => {
            tx.execute(
                "UPDATE articles SET slug = ?1, headline = ?2, standfirst = ?3, byline = ?4,
                        dateline = ?5, section = ?6, body = ?7, urgency = ?8, status = ?9,
                        spiked_from = ?10, author = ?11, word_count = ?12, version = ?13,
                        created_at = ?14, updated_at = ?15, scheduled_at = ?16,
                        schedule_zone = ?17, schedule_wall = ?18, embargo_until = ?19,
                        embargo_zone = ?20, published_at = ?21
                  WHERE uuid = ?22",
                values,
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO articles (slug, headline, standfirst, byline, dateline, section,
                        body, urgency, status, spiked_from, author, word_count, version,
                        created_at, updated_at, scheduled_at, schedule_zone, schedule_wall,
                        embargo_until, embargo_zone, published_at, uuid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                         ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
                values,
            )?;
            tx.last_insert_rowid()
        }
    };
    article::set_tags(tx, id, &article::clean_tags(&a.tags))?;
    crate::search::index_article(tx, id)?;
    // In step with the server: the desk's own records of saves and moves give way to the
    // server's (which arrive as revisions and transitions). Text kept aside stays.
    tx.execute(
        "DELETE FROM revisions WHERE article_id = ?1 AND shared = 0
            AND kind IN ('created', 'save', 'autosave', 'restore')",
        [id],
    )?;
    tx.execute(
        "DELETE FROM transitions WHERE article_id = ?1 AND shared = 0",
        [id],
    )?;
    let summary = article::summary(&article::get(tx, id)?);
    let mut changes = vec![match existing {
        Some(_) => Change::ArticleSaved { article: summary },
        None => Change::ArticleCreated { article: summary },
    }];
    // The feed sends each story's latest snapshot at its latest place, so a hold can come
    // before the story it names: a story arriving held says so, as does a changed holder.
    let arrived_held = existing.is_none() && a.lease.is_some();
    if arrived_held || held_before != stored_lease(tx, &uuid)? {
        changes.push(lease_changed(tx, id, a.lease.as_ref())?);
    }
    Ok(changes)
}

fn revision(tx: &Transaction<'_>, r: &RevisionSnapshot) -> Result<Applied> {
    let Some(article_id) = local_article(tx, &r.article.to_string())? else {
        return Ok(Applied::Orphan);
    };
    let tags = serde_json::to_string(&r.tags).unwrap_or_else(|_| "[]".into());
    tx.execute(
        "INSERT INTO revisions (article_id, version, kind, author, created_at, updated_at,
                                headline, standfirst, body, tags, uuid, shared)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1)
         ON CONFLICT (uuid) DO UPDATE SET version = ?2, updated_at = ?6, headline = ?7,
                standfirst = ?8, body = ?9, tags = ?10, shared = 1",
        params![
            article_id,
            r.version,
            r.kind.as_str(),
            r.author,
            ms(r.created_at),
            ms(r.updated_at),
            r.headline,
            r.standfirst,
            r.body,
            tags,
            r.id.to_string()
        ],
    )?;
    Ok(Applied::Done(Vec::new()))
}

fn comment(tx: &Transaction<'_>, c: &CommentSnapshot, me: &str) -> Result<Applied> {
    let Some(article_id) = local_article(tx, &c.article.to_string())? else {
        return Ok(Applied::Orphan);
    };
    let mut refs = [None, None];
    for (slot, uuid) in refs.iter_mut().zip([c.parent, c.reply_to]) {
        if let Some(uuid) = uuid {
            match local_comment(tx, &uuid.to_string())? {
                Some(id) => *slot = Some(id),
                None => return Ok(Applied::Orphan),
            }
        }
    }
    let [parent, reply_to] = refs;
    let here = local_comment(tx, &c.id.to_string())?;
    if c.deleted_at.is_some() {
        // A deleted comment nothing answers is not shown at all (the desk's own rule).
        let answered = match here {
            Some(id) => tx
                .prepare_cached("SELECT 1 FROM comments WHERE reply_to_id = ?1 OR parent_id = ?1")?
                .exists([id])?,
            None => false,
        };
        if !answered {
            if let Some(id) = here {
                tx.execute("DELETE FROM comments WHERE id = ?1", [id])?;
            }
            let root = parent.or(here);
            return Ok(Applied::Done(
                root.map(|root| -> Result<Change> {
                    Ok(Change::CommentsChanged {
                        article_id,
                        thread_id: root,
                        thread: comment::thread(tx, root, me)?,
                        open_threads: comment::open_threads(tx, article_id)?,
                    })
                })
                .transpose()?
                .into_iter()
                .collect(),
            ));
        }
    }
    tx.execute(
        "INSERT INTO comments (article_id, parent_id, reply_to_id, author, body, created_at,
                               edited_at, deleted_at, resolved_at, resolved_by, uuid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (uuid) DO UPDATE SET body = ?5, edited_at = ?7, deleted_at = ?8,
                resolved_at = ?9, resolved_by = ?10",
        params![
            article_id,
            parent,
            reply_to,
            c.author,
            c.body,
            ms(c.created_at),
            c.edited_at.map(ms),
            c.deleted_at.map(ms),
            c.resolved_at.map(ms),
            c.resolved_by,
            c.id.to_string()
        ],
    )?;
    let root = match parent {
        Some(root) => root,
        None => local_comment(tx, &c.id.to_string())?
            .ok_or_else(|| Error::Internal("a pulled comment was not stored".into()))?,
    };
    Ok(Applied::Done(vec![Change::CommentsChanged {
        article_id,
        thread_id: root,
        thread: comment::thread(tx, root, me)?,
        open_threads: comment::open_threads(tx, article_id)?,
    }]))
}

fn transition(tx: &Transaction<'_>, t: &TransitionSnapshot) -> Result<Applied> {
    let Some(article_id) = local_article(tx, &t.article.to_string())? else {
        return Ok(Applied::Orphan);
    };
    tx.execute(
        "INSERT INTO transitions (article_id, action, from_status, to_status, actor, role, at,
                                  note, uuid, shared)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1)
         ON CONFLICT (uuid) DO NOTHING",
        params![
            article_id,
            t.action.as_str(),
            t.from_status.as_str(),
            t.to_status.as_str(),
            t.actor,
            t.role.as_str(),
            ms(t.at),
            t.note,
            t.id.to_string()
        ],
    )?;
    Ok(Applied::Done(Vec::new()))
}

fn profile(tx: &Transaction<'_>, p: &ProfileSnapshot, me: &str) -> Result<()> {
    let role = super::role_from(p.role.as_str());
    tx.execute(
        "INSERT INTO profiles (name, role, created_at) VALUES (?1, ?2, 0)
         ON CONFLICT (name) DO UPDATE SET role = ?2",
        params![p.name, role.as_str()],
    )?;
    if p.name == me {
        tx.execute(
            "UPDATE newsroom SET role = ?1 WHERE id = 1",
            [p.role.as_str()],
        )?;
    }
    Ok(())
}
