//! Editorial comments: threaded notes on an article, private to the newsroom. They are never
//! indexed for search or written to the outbox, and their bodies are plain text as typed
//! (untrusted: show them as text, never as HTML or Markdown).
//!
//! The rules, in one place:
//! - A thread starts with a comment; replies hang from it, one level deep, each remembering the
//!   comment it answers. Threads and replies are listed oldest first (in the order written).
//! - Only a comment's author edits or deletes it (`not_author` otherwise).
//! - Deleting a comment that something answers keeps a "comment deleted" placeholder (no text)
//!   so the conversation still reads; a placeholder goes once nothing hangs from it any more.
//!   A comment nothing answers is removed outright: its author asked for that.
//! - Anyone at the desk, writer or editor, may resolve a thread or reopen it: the note is
//!   usually settled by whoever acted on it, and the record says who closed it and when.
//!   A reply to a resolved thread reopens it, so a new question is never hidden.
use crate::article::{self, from_ms, ArticleId};
use crate::change::Change;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::newsroom::queue::queue_for_comment;
use copydesk_newsroom::op::{CommentAdd, CommentRef, OpBody};
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

pub type CommentId = i64;

/// The longest comment, in characters (Unicode scalar values) after trimming: a note, not
/// a second story.
pub const MAX_COMMENT_CHARS: usize = 10_000;

/// One comment, or the placeholder of a deleted one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Comment {
    pub id: CommentId,
    pub article_id: ArticleId,
    /// The thread's first comment; `None` for that first comment itself.
    pub parent_id: Option<CommentId>,
    /// The comment this reply answers (the first one or another reply); `None` for the first.
    pub reply_to: Option<CommentId>,
    pub author: String,
    /// Plain text, untrusted. Empty once deleted.
    pub body: String,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub edited_at: Option<Timestamp>,
    /// Set when its author deleted it and it stays as a placeholder.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub deleted_at: Option<Timestamp>,
    /// Written by the person at this desk: they may edit or delete it.
    pub mine: bool,
}

/// A thread: its first comment, the replies (oldest first) and whether it is resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CommentThread {
    /// The first comment's id.
    pub id: CommentId,
    pub article_id: ArticleId,
    pub root: Comment,
    pub replies: Vec<Comment>,
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub resolved_at: Option<Timestamp>,
    pub resolved_by: Option<String>,
}

/// Trimmed text, or why it cannot be a comment.
pub(crate) fn check_body(body: &str) -> Result<String> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::EmptyComment);
    }
    let chars = body.chars().count();
    if chars > MAX_COMMENT_CHARS {
        return Err(Error::CommentTooLong {
            chars,
            max: MAX_COMMENT_CHARS,
        });
    }
    Ok(body.to_string())
}

/// A stored row with what is needed to build a thread.
struct Stored {
    comment: Comment,
    resolved_at: Option<Timestamp>,
    resolved_by: Option<String>,
}

const COLUMNS: &str = "id, article_id, parent_id, reply_to_id, author, body, created_at,
                       edited_at, deleted_at, resolved_at, resolved_by";

fn from_row(row: &Row<'_>, me: &str) -> rusqlite::Result<Stored> {
    let author: String = row.get("author")?;
    Ok(Stored {
        comment: Comment {
            id: row.get("id")?,
            article_id: row.get("article_id")?,
            parent_id: row.get("parent_id")?,
            reply_to: row.get("reply_to_id")?,
            mine: author == me,
            author,
            body: row.get("body")?,
            created_at: from_ms(row.get("created_at")?),
            edited_at: row.get::<_, Option<i64>>("edited_at")?.map(from_ms),
            deleted_at: row.get::<_, Option<i64>>("deleted_at")?.map(from_ms),
        },
        resolved_at: row.get::<_, Option<i64>>("resolved_at")?.map(from_ms),
        resolved_by: row.get("resolved_by")?,
    })
}

pub(crate) fn get(conn: &Connection, id: CommentId, me: &str) -> Result<Comment> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM comments WHERE id = ?1"),
        [id],
        |r| from_row(r, me),
    )
    .optional()?
    .map(|s| s.comment)
    .ok_or_else(|| Error::NotFound(format!("comment {id}")))
}

/// Groups rows (ordered by id) into threads, oldest first.
fn threads_of(rows: Vec<Stored>) -> Vec<CommentThread> {
    let mut threads: Vec<CommentThread> = Vec::new();
    let mut replies: Vec<Comment> = Vec::new();
    for row in rows {
        match row.comment.parent_id {
            None => threads.push(CommentThread {
                id: row.comment.id,
                article_id: row.comment.article_id,
                root: row.comment,
                replies: Vec::new(),
                resolved_at: row.resolved_at,
                resolved_by: row.resolved_by,
            }),
            Some(_) => replies.push(row.comment),
        }
    }
    // Ids grow with every insert, so id order is the order written even if the clock jumped.
    for reply in replies {
        if let Some(t) = threads.iter_mut().find(|t| Some(t.id) == reply.parent_id) {
            t.replies.push(reply);
        }
    }
    threads
}

/// An article's threads, oldest first, replies oldest first.
pub(crate) fn list(
    conn: &Connection,
    article_id: ArticleId,
    me: &str,
) -> Result<Vec<CommentThread>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM comments WHERE article_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([article_id], |r| from_row(r, me))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(threads_of(rows))
}

/// The thread whose first comment is `root`, or `None` if it is gone.
pub(crate) fn thread(
    conn: &Connection,
    root: CommentId,
    me: &str,
) -> Result<Option<CommentThread>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM comments WHERE id = ?1 OR parent_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([root], |r| from_row(r, me))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(threads_of(rows).into_iter().next())
}

/// Open (unresolved) threads on an article.
pub(crate) fn open_threads(conn: &Connection, article_id: ArticleId) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM comments
          WHERE article_id = ?1 AND parent_id IS NULL AND resolved_at IS NULL",
        [article_id],
        |r| r.get(0),
    )?)
}

/// The first comment of the thread `id` belongs to.
pub(crate) fn root_of(comment: &Comment) -> CommentId {
    comment.parent_id.unwrap_or(comment.id)
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    article_id: ArticleId,
    reply_to: Option<&Comment>,
    author: &str,
    body: &str,
    now: Timestamp,
) -> Result<CommentId> {
    let parent = reply_to.map(root_of);
    tx.execute(
        "INSERT INTO comments (article_id, parent_id, reply_to_id, author, body, created_at, uuid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            article_id,
            parent,
            reply_to.map(|c| c.id),
            author,
            body,
            now.as_millisecond(),
            crate::newsroom::new_id(),
        ],
    )?;
    let id = tx.last_insert_rowid();
    if let Some(parent) = parent {
        // A new question in a settled thread must be seen: the thread opens again.
        tx.execute(
            "UPDATE comments SET resolved_at = NULL, resolved_by = NULL WHERE id = ?1",
            [parent],
        )?;
    }
    Ok(id)
}

pub(crate) fn edit(tx: &Transaction<'_>, id: CommentId, body: &str, now: Timestamp) -> Result<()> {
    tx.execute(
        "UPDATE comments SET body = ?2, edited_at = ?3 WHERE id = ?1",
        params![id, body, now.as_millisecond()],
    )?;
    Ok(())
}

/// Whether another comment hangs from `id` (a reply in its thread, or an answer to it).
fn has_dependents(tx: &Transaction<'_>, id: CommentId) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM comments WHERE parent_id = ?1 OR reply_to_id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

/// Deletes a comment: a placeholder if something hangs from it, gone otherwise; then drops
/// the placeholders in its thread that nothing hangs from any more.
pub(crate) fn delete(tx: &Transaction<'_>, comment: &Comment, now: Timestamp) -> Result<()> {
    if has_dependents(tx, comment.id)? {
        tx.execute(
            "UPDATE comments SET body = '', deleted_at = ?2 WHERE id = ?1",
            params![comment.id, now.as_millisecond()],
        )?;
        return Ok(());
    }
    tx.execute("DELETE FROM comments WHERE id = ?1", [comment.id])?;
    // Each pass may free the placeholder the removed one answered; a thread is short.
    let root = root_of(comment);
    loop {
        let removed = tx.execute(
            "DELETE FROM comments
              WHERE (id = ?1 OR parent_id = ?1) AND deleted_at IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM comments d
                                 WHERE d.parent_id = comments.id OR d.reply_to_id = comments.id)",
            [root],
        )?;
        if removed == 0 {
            return Ok(());
        }
    }
}

/// Marks the thread `root` resolved (by `who`, at `now`) or, with `None`, open again. Returns
/// whether anything changed.
pub(crate) fn set_resolved(
    tx: &Transaction<'_>,
    root: CommentId,
    resolved: Option<(&str, Timestamp)>,
) -> Result<bool> {
    let changed = match resolved {
        Some((who, at)) => tx.execute(
            "UPDATE comments SET resolved_at = ?2, resolved_by = ?3
              WHERE id = ?1 AND resolved_at IS NULL",
            params![root, at.as_millisecond(), who],
        )?,
        None => tx.execute(
            "UPDATE comments SET resolved_at = NULL, resolved_by = NULL
              WHERE id = ?1 AND resolved_at IS NOT NULL",
            [root],
        )?,
    };
    Ok(changed > 0)
}

/// What a comment write hands back to announce: the thread now and the article's open count.
pub(crate) fn thread_change(
    conn: &Connection,
    article_id: ArticleId,
    root: CommentId,
    me: &str,
) -> Result<Change> {
    Ok(Change::CommentsChanged {
        article_id,
        thread_id: root,
        thread: thread(conn, root, me)?,
        open_threads: open_threads(conn, article_id)?,
    })
}

impl Desk {
    /// Who is acting now (the desk can switch profile at run time).
    fn me(&self) -> String {
        self.profile().name
    }

    /// An article's comment threads, oldest first, each with its replies oldest first.
    pub fn comments(&self, article_id: ArticleId) -> Result<Vec<CommentThread>> {
        self.store().read(|c| {
            article::get(c, article_id)?;
            list(c, article_id, &self.me())
        })
    }

    /// The thread a comment (its first one or any reply) belongs to.
    pub fn comment_thread(&self, id: CommentId) -> Result<CommentThread> {
        self.store().read(|c| {
            let comment = get(c, id, &self.me())?;
            thread(c, root_of(&comment), &self.me())?
                .ok_or_else(|| Error::NotFound(format!("comment {id}")))
        })
    }

    /// Starts a thread on an article or, with `reply_to`, answers a comment in one (which
    /// reopens the thread if it was resolved).
    pub fn add_comment(
        &self,
        article_id: ArticleId,
        body: &str,
        reply_to: Option<CommentId>,
    ) -> Result<Comment> {
        let body = check_body(body)?;
        let now = self.now();
        let me = &self.me();
        let (comment, change) = self.store().write(|tx| {
            article::get(tx, article_id)?;
            let answered = match reply_to {
                None => None,
                Some(id) => {
                    let answered = get(tx, id, me)?;
                    if answered.article_id != article_id {
                        return Err(Error::Invalid(format!(
                            "comment {id} is on article {}, not on article {article_id}",
                            answered.article_id
                        )));
                    }
                    Some(answered)
                }
            };
            let id = insert(tx, article_id, answered.as_ref(), me, &body, now)?;
            let reply_to_uuid = match &answered {
                Some(a) => Some(comment_uuid(tx, a.id)?),
                None => None,
            };
            queue_for_comment(tx, id, now, |comment, article| {
                OpBody::CommentAdd(CommentAdd {
                    comment,
                    article,
                    body: body.clone(),
                    reply_to: reply_to_uuid,
                })
            })?;
            let comment = get(tx, id, me)?;
            let change = thread_change(tx, article_id, root_of(&comment), me)?;
            Ok((comment, change))
        })?;
        self.announce(change);
        Ok(comment)
    }

    /// Changes the text of one's own comment (marked as edited).
    pub fn edit_comment(&self, id: CommentId, body: &str) -> Result<Comment> {
        let body = check_body(body)?;
        let now = self.now();
        let me = &self.me();
        let (comment, change) = self.store().write(|tx| {
            let current = get(tx, id, me)?;
            own(&current, "edit")?;
            if current.deleted_at.is_some() {
                return Err(Error::Invalid(format!(
                    "comment {id} was deleted; it cannot be edited"
                )));
            }
            if current.body == body {
                return Ok((current, None));
            }
            edit(tx, id, &body, now)?;
            queue_for_comment(tx, id, now, |comment, _| {
                OpBody::CommentEdit(CommentRef {
                    comment,
                    body: Some(body.clone()),
                })
            })?;
            let change = thread_change(tx, current.article_id, root_of(&current), me)?;
            Ok((get(tx, id, me)?, Some(change)))
        })?;
        if let Some(change) = change {
            self.announce(change);
        }
        Ok(comment)
    }

    /// Deletes one's own comment. If something answers it, a "comment deleted" placeholder
    /// stays so the thread still reads. Returns the thread as it is now (`None`: it is gone).
    pub fn delete_comment(&self, id: CommentId) -> Result<Option<CommentThread>> {
        let now = self.now();
        let me = &self.me();
        let (after, change) = self.store().write(|tx| {
            let current = get(tx, id, me)?;
            own(&current, "delete")?;
            let root = root_of(&current);
            if current.deleted_at.is_some() {
                return Ok((thread(tx, root, me)?, None));
            }
            // Queued before the row may go: the server keeps a tombstone.
            queue_for_comment(tx, id, now, |comment, _| {
                OpBody::CommentDelete(CommentRef {
                    comment,
                    body: None,
                })
            })?;
            delete(tx, &current, now)?;
            let change = thread_change(tx, current.article_id, root, me)?;
            let after = match &change {
                Change::CommentsChanged { thread, .. } => thread.clone(),
                _ => None,
            };
            Ok((after, Some(change)))
        })?;
        if let Some(change) = change {
            self.announce(change);
        }
        Ok(after)
    }

    /// Marks the thread that comment `id` belongs to as resolved, by the person at this desk.
    /// Anyone may: writers settle the notes they acted on. Resolving twice changes nothing.
    pub fn resolve_thread(&self, id: CommentId) -> Result<CommentThread> {
        let now = self.now();
        let me = &self.me();
        self.set_thread_resolved(id, Some((me, now)))
    }

    /// Opens a resolved thread again.
    pub fn reopen_thread(&self, id: CommentId) -> Result<CommentThread> {
        self.set_thread_resolved(id, None)
    }

    fn set_thread_resolved(
        &self,
        id: CommentId,
        resolved: Option<(&str, Timestamp)>,
    ) -> Result<CommentThread> {
        let me = &self.me();
        let (thread_now, change) = self.store().write(|tx| {
            let comment = get(tx, id, me)?;
            let root = root_of(&comment);
            let change = if set_resolved(tx, root, resolved)? {
                queue_for_comment(tx, root, self.now(), |comment, _| {
                    let target = CommentRef {
                        comment,
                        body: None,
                    };
                    match resolved {
                        Some(_) => OpBody::CommentResolve(target),
                        None => OpBody::CommentReopen(target),
                    }
                })?;
                Some(thread_change(tx, comment.article_id, root, me)?)
            } else {
                None
            };
            let thread_now =
                thread(tx, root, me)?.ok_or_else(|| Error::NotFound(format!("comment {id}")))?;
            Ok((thread_now, change))
        })?;
        if let Some(change) = change {
            self.announce(change);
        }
        Ok(thread_now)
    }
}

/// Refuses to let anyone but its author `action` a comment.
fn own(comment: &Comment, action: &'static str) -> Result<()> {
    if comment.mine {
        Ok(())
    } else {
        Err(Error::NotAuthor {
            action,
            author: comment.author.clone(),
        })
    }
}

/// A comment's newsroom id.
fn comment_uuid(conn: &Connection, id: CommentId) -> Result<uuid::Uuid> {
    let stored: String = conn.query_row("SELECT uuid FROM comments WHERE id = ?1", [id], |r| {
        r.get(0)
    })?;
    uuid::Uuid::parse_str(&stored)
        .map_err(|e| Error::Internal(format!("comment {id} has a bad newsroom id: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_trimmed_and_bounded() {
        assert_eq!(
            check_body("  Check the quote \n").ok().as_deref(),
            Some("Check the quote")
        );
        assert!(matches!(check_body(" \n\t "), Err(Error::EmptyComment)));
        let at_cap = "é".repeat(MAX_COMMENT_CHARS);
        assert!(
            check_body(&at_cap).is_ok(),
            "the cap counts characters, not bytes"
        );
        let over = "x".repeat(MAX_COMMENT_CHARS + 1);
        assert!(matches!(
            check_body(&over),
            Err(Error::CommentTooLong { chars, max }) if chars == MAX_COMMENT_CHARS + 1 && max == MAX_COMMENT_CHARS
        ));
    }
}
