//! The queue of operations a connected desk has made and the server has not yet answered.
//! Written in the same transaction as the change itself, so a change and its operation are
//! stored together or not at all, and the queue survives a crash or a restart.
use crate::article::{Article, ArticleId};
use crate::error::{Error, Result};
use copydesk_newsroom::op::{ArticleCreate, ArticleSave, Op, OpBody};
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use uuid::Uuid;

/// Queues `body` if this desk belongs to a newsroom; `article` names the story it touches.
pub(crate) fn queue(
    tx: &Transaction<'_>,
    body: OpBody,
    article: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    if super::membership(tx)?.is_none() {
        return Ok(());
    }
    let json = serde_json::to_string(&body)
        .map_err(|e| Error::Internal(format!("an operation could not be written: {e}")))?;
    tx.execute(
        "INSERT INTO pending_ops (op_id, article, body, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![super::new_id(), article, json, now.as_millisecond()],
    )?;
    Ok(())
}

/// Shares a wire file this desk's inbox took in with the newsroom (once stored here), when the
/// desk is in one and the file is small enough to travel.
pub(crate) fn queue_wire_file(
    tx: &Transaction<'_>,
    sha256: &str,
    name: &str,
    bytes: &[u8],
    received_at: Timestamp,
) -> Result<()> {
    if bytes.len() > copydesk_newsroom::MAX_SHARED_WIRE_BYTES {
        tracing::info!("{name} is too large to share with the newsroom; it stays on this desk");
        return Ok(());
    }
    queue(
        tx,
        OpBody::WireFileAdd(copydesk_newsroom::op::WireFileAdd {
            sha256: sha256.to_string(),
            name: name.to_string(),
            received_at,
            original: copydesk_newsroom::encode_original(bytes),
        }),
        None,
        received_at,
    )
}

/// Queues the operation `make` builds from the article's newsroom id, unless the desk is not
/// in a newsroom or the article stays this desk's own (`local_only`).
pub(crate) fn queue_for_article(
    tx: &Transaction<'_>,
    id: ArticleId,
    now: Timestamp,
    make: impl FnOnce(Uuid) -> OpBody,
) -> Result<()> {
    if super::membership(tx)?.is_none() {
        return Ok(());
    }
    let found: Option<(String, bool)> = tx
        .query_row(
            "SELECT uuid, local_only FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((uuid, false)) = found else {
        return Ok(());
    };
    let parsed = Uuid::parse_str(&uuid)
        .map_err(|e| Error::Internal(format!("article {id} has a bad newsroom id: {e}")))?;
    queue(tx, make(parsed), Some(&uuid), now)
}

/// The operation that creates `article` on the server.
pub(crate) fn create_op(article: &Article, uuid: Uuid) -> OpBody {
    OpBody::ArticleCreate(ArticleCreate {
        article: uuid,
        headline: article.headline.clone(),
        body: article.body.clone(),
        slug: article.slug.clone(),
        standfirst: article.standfirst.clone(),
        byline: article.byline.clone(),
        dateline: article.dateline.clone(),
        section: article.section.clone(),
        tags: article.tags.clone(),
        urgency: article.urgency,
    })
}

/// The operation that saves `article` as it is now, based on `base_version`.
pub(crate) fn save_op(article: &Article, uuid: Uuid, base_version: i64, autosave: bool) -> OpBody {
    OpBody::ArticleSave(ArticleSave {
        article: uuid,
        base_version,
        headline: article.headline.clone(),
        slug: article.slug.clone(),
        standfirst: article.standfirst.clone(),
        byline: article.byline.clone(),
        dateline: article.dateline.clone(),
        section: article.section.clone(),
        tags: article.tags.clone(),
        urgency: article.urgency,
        body: Some(article.body.clone()),
        autosave,
    })
}

/// The oldest queued operations, at most `limit`.
/// A push's operations at most, in bytes of JSON: well inside the server's request limit
/// (`MAX_REQUEST_BYTES`), whatever wire files the queue holds.
const PUSH_BYTES: usize = copydesk_newsroom::MAX_REQUEST_BYTES * 3 / 4;

/// The oldest queued operations: at most `limit`, and no more than fit one request (always at
/// least one).
pub(super) fn oldest(conn: &Connection, limit: u32) -> Result<Vec<Op>> {
    let mut stmt =
        conn.prepare_cached("SELECT op_id, body FROM pending_ops ORDER BY seq LIMIT ?1")?;
    let mut bytes = 0;
    let mut rows = Vec::new();
    let mut found = stmt.query([limit])?;
    while let Some(r) = found.next()? {
        let (id, body) = (r.get::<_, String>(0)?, r.get::<_, String>(1)?);
        bytes += body.len() + id.len();
        if bytes > PUSH_BYTES && !rows.is_empty() {
            break;
        }
        rows.push((id, body));
    }
    rows.into_iter()
        .map(|(id, body)| {
            let op_id = Uuid::parse_str(&id)
                .map_err(|e| Error::Internal(format!("queued operation {id}: {e}")))?;
            let op = serde_json::from_str(&body)
                .map_err(|e| Error::Internal(format!("queued operation {id}: {e}")))?;
            Ok(Op { op_id, op })
        })
        .collect()
}

pub(super) fn count(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("SELECT count(*) FROM pending_ops", [], |r| r.get(0))?)
}

/// Whether a story has changes of this desk's that the server has not answered yet: the
/// server's copy must not be laid over them.
pub(super) fn has_pending(conn: &Connection, article: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM pending_ops WHERE article = ?1 LIMIT 1")?
        .exists([article])?)
}

pub(super) fn remove(tx: &Transaction<'_>, op_id: &Uuid) -> Result<Option<String>> {
    let article: Option<Option<String>> = tx
        .query_row(
            "DELETE FROM pending_ops WHERE op_id = ?1 RETURNING article",
            [op_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(article.flatten())
}

/// Queues the operation `make` builds from a comment's newsroom id (and its article's), unless
/// the desk is not in a newsroom or the article stays this desk's own.
pub(crate) fn queue_for_comment(
    tx: &Transaction<'_>,
    comment: i64,
    now: Timestamp,
    make: impl FnOnce(Uuid, Uuid) -> OpBody,
) -> Result<()> {
    if super::membership(tx)?.is_none() {
        return Ok(());
    }
    let found: Option<(String, String, bool)> = tx
        .query_row(
            "SELECT c.uuid, a.uuid, a.local_only FROM comments c
               JOIN articles a ON a.id = c.article_id WHERE c.id = ?1",
            [comment],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((comment_uuid, article_uuid, false)) = found else {
        return Ok(());
    };
    let parse = |s: &str| {
        Uuid::parse_str(s)
            .map_err(|e| Error::Internal(format!("comment {comment} has a bad newsroom id: {e}")))
    };
    let body = make(parse(&comment_uuid)?, parse(&article_uuid)?);
    queue(tx, body, Some(&article_uuid), now)
}
