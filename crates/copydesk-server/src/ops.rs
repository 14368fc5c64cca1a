//! Applying operations: each once, a push in one transaction (a savepoint per operation), each
//! answer stored with its id.
use crate::auth::Caller;
use crate::db::{ts, Touched, Writes, CHANNEL};
use crate::db::{Sql, Transaction};
use crate::error::{from_core, refuse, refuse_with, Fail, KeptText};
use crate::read;
use copydesk_newsroom::entity::{ArticleSnapshot, RevisionKind};
use copydesk_newsroom::op::{
    ArticleCreate, ArticleEmbargo, ArticleMove, ArticleSave, ArticleSchedule, CommentAdd,
    CommentRef,
};
use copydesk_newsroom::{
    Action, ArticleStatus, ErrorCode, Op, OpBody, OpOutcome, OpResult, MAX_BODY_CHARS,
    MAX_COMMENT_CHARS, MAX_LINE_CHARS,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Autosaves by one person within this long fold into one revision (copydesk-core's rule).
fn autosave_coalesce_ms() -> i64 {
    i64::try_from(copydesk_core::revision::AUTOSAVE_COALESCE.as_millis()).unwrap_or(300_000)
}

/// At most this many tags, each at most this long.
const MAX_TAGS: usize = 100;
const MAX_TAG_CHARS: usize = 100;

/// How often a push that lost a deadlock (two pushes locking the same stories in opposite
/// orders) is tried again from the start before the desk is told to retry.
const PUSH_ATTEMPTS: usize = 5;

/// Applies a push: every operation in order, in one transaction, each in a savepoint of its
/// own (a refusal undoes just that operation, and its answer is stored like any other), with
/// one stamp at the end (seqs, stored answers, NOTIFY). Resent operations get the answer stored
/// for their id. `Err` only when the database failed: then nothing of the push was stored, and
/// resending it all is safe.
pub async fn apply_push(
    client: &mut deadpool_postgres::Object,
    caller: &Caller,
    ops: &[Op],
    now: i64,
) -> Result<Vec<Answer>, Fail> {
    let mut attempt = 1;
    loop {
        match try_push(client, caller, ops, now).await {
            Err(Fail::Db(e)) if attempt < PUSH_ATTEMPTS && lost_a_race(&e) => {
                tracing::debug!(attempt, error = %e, "push lost a lock race; trying again");
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// What one operation of a push got: the answer, or a refusal that is not stored (an op id
/// reused for different content).
// Nearly every answer is `Stored`, and a push holds at most 100: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Answer {
    Stored(OpResult),
    NotStored(Fail),
}

/// Deadlocks and serialisation failures: PostgreSQL undid the transaction, and doing it again
/// is the cure.
fn lost_a_race(message: &str) -> bool {
    message.ends_with("(40P01)") || message.ends_with("(40001)")
}

async fn try_push(
    client: &mut deadpool_postgres::Object,
    caller: &Caller,
    ops: &[Op],
    now: i64,
) -> Result<Vec<Answer>, Fail> {
    let tx = client.transaction().await?;
    let mut answers: Vec<Answer> = Vec::with_capacity(ops.len());
    // Per operation answered here: its place in `answers`, its stored JSON and the rows it
    // touched (in order).
    let mut fresh: Vec<(usize, String, Vec<Touched>)> = Vec::new();
    let mut this_push: std::collections::HashMap<Uuid, (usize, Vec<u8>)> = Default::default();
    let digests = ops
        .iter()
        .map(|op| {
            serde_json::to_vec(&op.op)
                .map(|json| Sha256::digest(json).to_vec())
                .map_err(|e| Fail::Db(format!("cannot encode an op: {e}")))
        })
        .collect::<Result<Vec<_>, Fail>>()?;
    let claimed = claim(&tx, caller, ops, &digests, now).await?;
    for (op, digest) in ops.iter().zip(digests) {
        // Sent twice in this very push: the second gets the first's answer.
        if let Some((at, first_digest)) = this_push.get(&op.op_id) {
            let again = match &answers[*at] {
                Answer::Stored(first) if *first_digest == digest => {
                    let mut again = first.clone();
                    again.replayed = true;
                    Answer::Stored(again)
                }
                _ => Answer::NotStored(reused(op.op_id)),
            };
            answers.push(again);
            continue;
        }
        if !claimed.contains(&op.op_id) {
            answers.push(match stored_answer(&tx, op.op_id, &digest, caller).await {
                Ok(Some(stored)) => Answer::Stored(stored),
                Ok(None) => return Err(Fail::Db(format!("operation {} has no answer", op.op_id))),
                Err(Fail::Db(e)) => return Err(Fail::Db(e)),
                Err(refused) => Answer::NotStored(refused),
            });
            continue;
        }
        this_push.insert(op.op_id, (answers.len(), digest));
        // After the claim, so that undoing a refused operation keeps the claim.
        let savepoint = refuses_after_writing(&op.op);
        if savepoint {
            tx.batch_execute("SAVEPOINT op").await?;
        }
        let mut writes = Writes::default();
        let outcome = apply(&tx, caller, &op.op, now, &mut writes).await;
        let (error, current, kept_revision) = match outcome {
            Ok(()) => (None, None, None),
            Err(Fail::Db(e)) => return Err(Fail::Db(e)),
            Err(Fail::Refused(refusal)) => {
                if savepoint {
                    tx.batch_execute("ROLLBACK TO SAVEPOINT op").await?;
                }
                writes.clear();
                let kept = match &refusal.keep {
                    Some(text) => {
                        Some(keep_text(&tx, text, &caller.account, now, &mut writes).await?)
                    }
                    None => None,
                };
                (Some(refusal.error), refusal.current, kept)
            }
        };
        let result = OpResult {
            op_id: op.op_id,
            outcome: if error.is_none() {
                OpOutcome::Applied
            } else {
                OpOutcome::Refused
            },
            seq: None,
            error,
            current,
            kept_revision,
            answered_at: ts(now),
            replayed: false,
        };
        let json = serde_json::to_string(&result)
            .map_err(|e| Fail::Db(format!("cannot encode an answer: {e}")))?;
        fresh.push((answers.len(), json, writes.rows().to_vec()));
        answers.push(Answer::Stored(result));
    }
    // Every touched row once, at the place of its last change; each operation's seq is the
    // highest final place among its rows, so a desk that has pulled up to it sees its effect.
    let mut order: Vec<&Touched> = Vec::new();
    for (_, _, rows) in &fresh {
        for row in rows {
            order.retain(|r| *r != row);
            order.push(row);
        }
    }
    let place = |row: &Touched| order.iter().position(|r| *r == row).map_or(0, |p| p + 1);
    let op_last: Vec<i32> = fresh
        .iter()
        .map(|(_, _, rows)| rows.iter().map(place).max().unwrap_or(0) as i32)
        .collect();
    let (kinds, keys): (Vec<&str>, Vec<String>) = order.iter().map(|t| t.kind_and_key()).unzip();
    let op_ids: Vec<Uuid> = fresh
        .iter()
        .map(|(at, _, _)| match &answers[*at] {
            Answer::Stored(r) => r.op_id,
            Answer::NotStored(_) => Uuid::nil(),
        })
        .collect();
    let jsons: Vec<&str> = fresh.iter().map(|(_, json, _)| json.as_str()).collect();
    let last: Option<i64> = tx
        .one(
            "SELECT copydesk_stamp_ops($1, $2, $3, $4, $5, $6)",
            &[&kinds, &keys, &CHANNEL, &op_ids, &jsons, &op_last],
        )
        .await?
        .get(0);
    tx.commit().await?;
    let base = last.map(|l| l - order.len() as i64);
    for ((at, _, _), op_last) in fresh.iter().zip(&op_last) {
        if let (Answer::Stored(result), Some(base)) = (&mut answers[*at], base) {
            if *op_last > 0 {
                result.seq = Some(base + i64::from(*op_last));
            }
        }
    }
    // Repeats within this push carry the first one's seq too.
    for i in 0..answers.len() {
        let Answer::Stored(r) = &answers[i] else {
            continue;
        };
        if r.replayed && r.seq.is_none() {
            if let Some((at, _)) = this_push.get(&r.op_id) {
                if let Answer::Stored(first) = &answers[*at] {
                    let seq = first.seq;
                    if let Answer::Stored(again) = &mut answers[i] {
                        again.seq = seq;
                    }
                }
            }
        }
    }
    for answer in &answers {
        let Answer::Stored(r) = answer else { continue };
        if r.replayed {
            continue;
        }
        match &r.error {
            None => {
                tracing::info!(op = %r.op_id, account = %caller.account, seq = r.seq, "applied")
            }
            Some(e) => {
                tracing::info!(op = %r.op_id, account = %caller.account, code = %e.code, "refused")
            }
        }
    }
    Ok(answers)
}

/// Whether an operation can be refused after it has written something, so it needs a
/// savepoint to undo that. A create is checked before it writes, and its one refusal after
/// (the id is taken) comes from an insert that wrote nothing: pushes of new stories, the bulk of
/// a desk joining or filing offline, skip a subtransaction each (measured in BENCHMARKS.md).
fn refuses_after_writing(op: &OpBody) -> bool {
    !matches!(op, OpBody::ArticleCreate(_))
}

fn reused(op_id: Uuid) -> Fail {
    refuse(
        ErrorCode::Invalid,
        format!("operation id {op_id} was already used for a different operation"),
    )
}

/// Claims every operation id of a push in one statement (the first time each appears), in id
/// order so two pushes sharing ids lock them in the same order. A concurrent push holding one
/// of the ids makes this wait for it to commit; the id is then not claimed here and its stored
/// answer is read instead. Returns the ids this push claimed.
async fn claim(
    tx: &Transaction<'_>,
    caller: &Caller,
    ops: &[Op],
    digests: &[Vec<u8>],
    now: i64,
) -> Result<std::collections::HashSet<Uuid>, Fail> {
    let mut first: Vec<(Uuid, &str, &[u8])> = Vec::with_capacity(ops.len());
    for (op, digest) in ops.iter().zip(digests) {
        if !first.iter().any(|(id, _, _)| *id == op.op_id) {
            first.push((op.op_id, op.op.kind(), digest));
        }
    }
    first.sort_by_key(|(id, _, _)| *id);
    let ids: Vec<Uuid> = first.iter().map(|f| f.0).collect();
    let kinds: Vec<&str> = first.iter().map(|f| f.1).collect();
    let digests: Vec<&[u8]> = first.iter().map(|f| f.2).collect();
    let rows = tx
        .rows(
            "INSERT INTO ops (op_id, account, kind, digest, result, answered_at)
             SELECT id, $4, kind, digest, '', $5
               FROM unnest($1::uuid[], $2::text[], $3::bytea[]) WITH ORDINALITY
                    AS o(id, kind, digest, n)
              ORDER BY n
             ON CONFLICT (op_id) DO NOTHING
             RETURNING op_id",
            &[&ids, &kinds, &digests, &caller.account, &now],
        )
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

async fn stored_answer(
    client: &Transaction<'_>,
    op_id: Uuid,
    digest: &[u8],
    caller: &Caller,
) -> Result<Option<OpResult>, Fail> {
    let Some(row) = client
        .query_opt(
            "SELECT account, digest, result, seq FROM ops WHERE op_id = $1",
            &[&op_id],
        )
        .await?
    else {
        return Ok(None);
    };
    let account: String = row.get(0);
    let stored_digest: Vec<u8> = row.get(1);
    if account != caller.account || stored_digest != digest {
        return Err(reused(op_id));
    }
    let mut result: OpResult = serde_json::from_str(row.get(2))
        .map_err(|e| Fail::Db(format!("a stored answer cannot be read: {e}")))?;
    result.seq = row.get(3);
    result.replayed = true;
    Ok(Some(result))
}

async fn keep_text(
    tx: &Transaction<'_>,
    text: &KeptText,
    author: &str,
    now: i64,
    writes: &mut Writes,
) -> Result<Uuid, Fail> {
    let id = Uuid::new_v4();
    tx.exec(
        "INSERT INTO revisions (id, article, version, kind, author, created_at, updated_at,
                                headline, standfirst, body, tags)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10)",
        &[
            &id,
            &text.article,
            &text.version,
            &text.kind.as_str(),
            &author,
            &now,
            &text.headline,
            &text.standfirst,
            &text.body,
            &text.tags,
        ],
    )
    .await?;
    writes.touch(Touched::Revision(id));
    Ok(id)
}

async fn apply(
    tx: &Transaction<'_>,
    caller: &Caller,
    op: &OpBody,
    now: i64,
    writes: &mut Writes,
) -> Result<(), Fail> {
    match op {
        OpBody::ArticleCreate(a) => create(tx, caller, a, now, writes).await,
        OpBody::ArticleSave(s) => save(tx, caller, s, now, writes).await,
        OpBody::ArticleMove(m) => move_article(tx, caller, m, now, writes).await,
        OpBody::ArticleSchedule(s) => schedule(tx, caller, s, now, writes).await,
        OpBody::ArticleEmbargo(e) => embargo(tx, e, now, writes).await,
        OpBody::CommentAdd(c) => comment_add(tx, caller, c, now, writes).await,
        OpBody::CommentEdit(c) => comment_edit(tx, caller, c, now, writes).await,
        OpBody::CommentDelete(c) => comment_delete(tx, caller, c, now, writes).await,
        OpBody::CommentResolve(c) => comment_resolved(tx, caller, c, Some(now), writes).await,
        OpBody::CommentReopen(c) => comment_resolved(tx, caller, c, None, writes).await,
        OpBody::WireFileAdd(w) => wire_file_add(tx, caller, w, writes).await,
    }
}

/// A wire file one desk took in, stored once for the newsroom by its SHA-256 (the same file
/// from a second desk changes nothing). Any role may share what its inbox received.
async fn wire_file_add(
    tx: &Transaction<'_>,
    caller: &Caller,
    w: &copydesk_newsroom::op::WireFileAdd,
    writes: &mut Writes,
) -> Result<(), Fail> {
    let Some(original) = copydesk_newsroom::wire_original(&w.sha256, &w.original) else {
        return Err(invalid(
            "the wire file's bytes do not match its SHA-256 (or are not base64)",
        ));
    };
    if original.len() > copydesk_newsroom::MAX_SHARED_WIRE_BYTES {
        return Err(refuse(
            ErrorCode::TooLarge,
            format!(
                "a shared wire file is at most {} bytes",
                copydesk_newsroom::MAX_SHARED_WIRE_BYTES
            ),
        ));
    }
    let name = line("the file name", &w.name)?;
    let added = tx
        .exec(
            "INSERT INTO wire_files (sha256, name, received_at, original, added_by)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
            &[
                &w.sha256,
                &name,
                &w.received_at.as_millisecond(),
                &original,
                &caller.account,
            ],
        )
        .await?;
    if added > 0 {
        writes.touch(Touched::WireFile(w.sha256.clone()));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Checks (the desk's rules, with the newsroom's size limits)

fn invalid(message: impl Into<String>) -> Fail {
    refuse(ErrorCode::Invalid, message)
}

fn line(field: &str, value: &str) -> Result<String, Fail> {
    let value = value.trim();
    if value.chars().count() > MAX_LINE_CHARS {
        return Err(invalid(format!(
            "{field} is longer than {MAX_LINE_CHARS} characters"
        )));
    }
    Ok(value.to_string())
}

fn headline(value: &str) -> Result<String, Fail> {
    let h = line("the headline", value)?;
    if h.is_empty() {
        return Err(invalid("a headline is needed"));
    }
    Ok(h)
}

fn body(value: &str) -> Result<(), Fail> {
    if value.chars().count() > MAX_BODY_CHARS {
        return Err(invalid(format!(
            "the body is longer than {MAX_BODY_CHARS} characters"
        )));
    }
    Ok(())
}

fn urgency(u: u8) -> Result<i16, Fail> {
    if (1..=8).contains(&u) {
        Ok(i16::from(u))
    } else {
        Err(invalid(format!(
            "urgency must be 1 (flash) to 8 (lowest), not {u}"
        )))
    }
}

/// Tags trimmed, empty ones dropped, repeats (in any case) kept once: copydesk-core's rule.
fn tags(tags: &[String]) -> Result<Vec<String>, Fail> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim();
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(invalid(format!(
                "a tag is at most {MAX_TAG_CHARS} characters"
            )));
        }
        if !tag.is_empty() && !out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            out.push(tag.to_string());
        }
    }
    if out.len() > MAX_TAGS {
        return Err(invalid(format!("an article has at most {MAX_TAGS} tags")));
    }
    Ok(out)
}

/// An article's editable fields, checked and cleaned as the desk does.
struct Fields {
    headline: String,
    slug: String,
    standfirst: String,
    byline: String,
    dateline: String,
    section: String,
    tags: Vec<String>,
    urgency: i16,
}

impl Fields {
    /// `lines` are slug, standfirst, byline, dateline and section, in that order.
    fn check(
        headline_text: &str,
        lines: [&str; 5],
        tag_list: &[String],
        u: u8,
    ) -> Result<Fields, Fail> {
        let [slug, standfirst, byline, dateline, section] = lines;
        Ok(Fields {
            headline: headline(headline_text)?,
            slug: line("the slug", slug)?,
            standfirst: line("the standfirst", standfirst)?,
            byline: line("the byline", byline)?,
            dateline: line("the dateline", dateline)?,
            section: line("the section", section)?,
            tags: tags(tag_list)?,
            urgency: urgency(u)?,
        })
    }
}

fn word_count(text: &str) -> i32 {
    i32::try_from(copydesk_core::article::word_count(text)).unwrap_or(i32::MAX)
}

fn core_status(s: ArticleStatus) -> copydesk_core::ArticleStatus {
    copydesk_core::ArticleStatus::parse(s.as_str())
}

fn core_action(a: Action) -> Option<copydesk_core::Action> {
    copydesk_core::Action::ALL
        .into_iter()
        .find(|c| c.as_str() == a.as_str())
}

fn from_core_status(s: copydesk_core::ArticleStatus) -> ArticleStatus {
    ArticleStatus::parse(s.as_str()).unwrap_or(ArticleStatus::Draft)
}

/// The workflow role: admins move stories as editors do.
fn workflow_role(caller: &Caller) -> copydesk_core::Role {
    if caller.role.is_editor() {
        copydesk_core::Role::Editor
    } else {
        copydesk_core::Role::Writer
    }
}

/// Refuses a move the caller's role may never make, before anything else is looked at: a
/// writer's desk hears `forbidden_for_role` whatever article or state it names.
fn check_role(caller: &Caller, action: Action) -> Result<copydesk_core::Action, Fail> {
    let core = core_action(action).ok_or_else(|| invalid("unknown action"))?;
    if core.needs_editor() && !caller.role.is_editor() {
        return Err(refuse(
            ErrorCode::ForbiddenForRole,
            format!(
                "a {} cannot {}; ask an editor",
                caller.role.as_str(),
                action.as_str()
            ),
        ));
    }
    Ok(core)
}

pub(crate) async fn locked_article(
    tx: &Transaction<'_>,
    id: Uuid,
    now: i64,
) -> Result<ArticleSnapshot, Fail> {
    let found = tx
        .opt("SELECT 1 FROM articles WHERE id = $1 FOR UPDATE", &[&id])
        .await?;
    if found.is_none() {
        return Err(refuse(
            ErrorCode::NotFound,
            format!("article {id} does not exist"),
        ));
    }
    read::article(tx, id, now)
        .await?
        .ok_or_else(|| refuse(ErrorCode::NotFound, format!("article {id} does not exist")))
}

// ---------------------------------------------------------------------------------------------
// Articles

async fn create(
    tx: &Transaction<'_>,
    caller: &Caller,
    a: &ArticleCreate,
    now: i64,
    writes: &mut Writes,
) -> Result<(), Fail> {
    body(&a.body)?;
    let f = Fields::check(
        &a.headline,
        [&a.slug, &a.standfirst, &a.byline, &a.dateline, &a.section],
        &a.tags,
        a.urgency,
    )?;
    // The story and its `created` revision in one statement (one round trip), the revision
    // only if the story was new: a taken id writes nothing, so a create needs no savepoint.
    let revision = Uuid::new_v4();
    let inserted = tx
        .exec(
            "WITH story AS (
               INSERT INTO articles (id, slug, headline, standfirst, byline, dateline, section,
                                     body, tags, urgency, status, author, word_count, version,
                                     created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12, 1, $13, $13)
               ON CONFLICT (id) DO NOTHING
               RETURNING id)
             INSERT INTO revisions (id, article, version, kind, author, created_at, updated_at,
                                    headline, standfirst, body, tags)
             SELECT $14, story.id, 1, 'created', $11, $13, $13, $3, $4, $8, $9 FROM story",
            &[
                &a.article,
                &f.slug,
                &f.headline,
                &f.standfirst,
                &f.byline,
                &f.dateline,
                &f.section,
                &a.body,
                &f.tags,
                &f.urgency,
                &caller.account,
                &word_count(&a.body),
                &now,
                &revision,
            ],
        )
        .await?;
    if inserted == 0 {
        return Err(invalid(format!(
            "article id {} is already taken",
            a.article
        )));
    }
    writes.touch(Touched::Article(a.article));
    writes.touch(Touched::Revision(revision));
    Ok(())
}

async fn save(
    tx: &Transaction<'_>,
    caller: &Caller,
    s: &ArticleSave,
    now: i64,
    writes: &mut Writes,
) -> Result<(), Fail> {
    if let Some(b) = &s.body {
        body(b)?;
    }
    let f = Fields::check(
        &s.headline,
        [&s.slug, &s.standfirst, &s.byline, &s.dateline, &s.section],
        &s.tags,
        s.urgency,
    )?;
    let current = locked_article(tx, s.article, now).await?;
    let kept = |kind: RevisionKind| {
        s.body.as_ref().map(|b| KeptText {
            article: s.article,
            version: s.base_version,
            kind,
            headline: f.headline.clone(),
            standfirst: f.standfirst.clone(),
            body: b.clone(),
            tags: f.tags.clone(),
        })
    };
    if s.body.is_some() {
        if let Some(holder) = &current.lease {
            if !crate::lease::held_by(holder, &caller.account, caller.desk) {
                let message = format!(
                    "{} is editing this story; your text was not applied but kept as a revision",
                    holder.account
                );
                let keep = kept(RevisionKind::Unleased);
                return Err(refuse_with(ErrorCode::Locked, message, current, keep));
            }
        }
    }
    if current.version != s.base_version {
        let message = format!(
            "the story was changed elsewhere (you edited version {}, it is now at version {}); {}",
            s.base_version,
            current.version,
            if s.body.is_some() {
                "your text was kept as a revision"
            } else {
                "your change was not applied"
            }
        );
        let keep = kept(RevisionKind::Conflict);
        return Err(refuse_with(ErrorCode::Conflict, message, current, keep));
    }
    let body_now = s.body.clone().unwrap_or_else(|| current.body.clone());
    let version = current.version + 1;
    tx.exec(
        "UPDATE articles SET slug = $2, headline = $3, standfirst = $4, byline = $5, dateline = $6,
                section = $7, body = $8, tags = $9, urgency = $10, word_count = $11,
                version = $12, updated_at = $13
          WHERE id = $1",
        &[
            &s.article,
            &f.slug,
            &f.headline,
            &f.standfirst,
            &f.byline,
            &f.dateline,
            &f.section,
            &body_now,
            &f.tags,
            &f.urgency,
            &word_count(&body_now),
            &version,
            &now,
        ],
    )
    .await?;
    writes.touch(Touched::Article(s.article));
    if s.body.is_some() {
        // The newest revision (by `made`: the order revisions were made in, which the
        // article's row lock makes the order of its saves, also within one push), if it is
        // this author's autosave started < 5 minutes ago.
        let open: Option<Uuid> = if s.autosave {
            tx.opt(
                "SELECT id FROM revisions WHERE article = $1 AND kind = 'autosave' AND author = $2
                    AND created_at >= $3
                    AND made = (SELECT max(made) FROM revisions WHERE article = $1)",
                &[&s.article, &caller.account, &(now - autosave_coalesce_ms())],
            )
            .await?
            .map(|r| r.get(0))
        } else {
            None
        };
        let revision = match open {
            Some(id) => {
                tx.exec(
                    "UPDATE revisions SET version = $2, updated_at = $3, headline = $4,
                            standfirst = $5, body = $6, tags = $7 WHERE id = $1",
                    &[
                        &id,
                        &version,
                        &now,
                        &f.headline,
                        &f.standfirst,
                        &body_now,
                        &f.tags,
                    ],
                )
                .await?;
                id
            }
            None => {
                let id = Uuid::new_v4();
                let kind = if s.autosave { "autosave" } else { "save" };
                tx.exec(
                    "INSERT INTO revisions (id, article, version, kind, author, created_at,
                                            updated_at, headline, standfirst, body, tags)
                     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10)",
                    &[
                        &id,
                        &s.article,
                        &version,
                        &kind,
                        &caller.account,
                        &now,
                        &f.headline,
                        &f.standfirst,
                        &body_now,
                        &f.tags,
                    ],
                )
                .await?;
                id
            }
        };
        writes.touch(Touched::Revision(revision));
    }
    Ok(())
}

/// An active embargo blocks publishing and scheduling before it lifts, unless a reason is given
/// (only editors get this far with publish or schedule).
fn check_embargo(
    current: &ArticleSnapshot,
    at: i64,
    override_reason: Option<&str>,
) -> Result<(), Fail> {
    let Some(embargo) = &current.embargo else {
        return Ok(());
    };
    if embargo.until.as_millisecond() <= at {
        return Ok(());
    }
    match override_reason.map(str::trim) {
        Some(r) if !r.is_empty() => Ok(()),
        _ => Err(refuse_with(
            ErrorCode::Embargoed,
            format!(
                "embargoed until {} ({}); an editor can override it with a reason",
                embargo.until, embargo.zone
            ),
            current.clone(),
            None,
        )),
    }
}

fn override_note(note: &str, override_reason: Option<&str>) -> String {
    match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reason) if note.is_empty() => format!("embargo overridden: {reason}"),
        Some(reason) => format!("{note} (embargo overridden: {reason})"),
        None => note.to_string(),
    }
}

/// The common part of every move: the status check, core's rules, the update and the log.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn do_move(
    tx: &Transaction<'_>,
    caller: &Caller,
    current: &ArticleSnapshot,
    action: Action,
    from: ArticleStatus,
    note: &str,
    embargo_at: Option<(i64, Option<&str>)>,
    now: i64,
    writes: &mut Writes,
) -> Result<ArticleStatus, Fail> {
    let core = check_role(caller, action)?;
    if current.status != from {
        return Err(refuse_with(
            ErrorCode::Conflict,
            format!(
                "the story was moved elsewhere: it is {} now, not {}",
                current.status.as_str(),
                from.as_str()
            ),
            current.clone(),
            None,
        ));
    }
    let to = copydesk_core::workflow::next_status(
        core_status(current.status),
        core,
        workflow_role(caller),
        current.spiked_from.map(core_status),
    )
    .map(from_core_status)
    .map_err(|e| match from_core(e) {
        Fail::Refused(mut r) => {
            r.current = Some(current.clone());
            Fail::Refused(r)
        }
        other => other,
    })?;
    if let Some((at, override_reason)) = embargo_at {
        // After the move is known legal (a writer hears "ask an editor" first), as on the desk.
        check_embargo(current, at, override_reason)?;
    }
    let spiked_from = (to == ArticleStatus::Spiked).then(|| current.status.as_str());
    tx.exec(
        "UPDATE articles SET status = $2, spiked_from = $3, updated_at = $4,
                published_at = CASE WHEN $2 = 'published' AND $5 THEN $4 ELSE published_at END
          WHERE id = $1",
        &[
            &current.id,
            &to.as_str(),
            &spiked_from,
            &now,
            &(action == Action::Publish),
        ],
    )
    .await?;
    if action == Action::Unschedule {
        tx.exec(
            "UPDATE articles SET scheduled_at = NULL, schedule_zone = NULL, schedule_wall = NULL
              WHERE id = $1",
            &[&current.id],
        )
        .await?;
    }
    let transition = Uuid::new_v4();
    tx.exec(
        "INSERT INTO transitions (id, article, action, from_status, to_status, actor, role, at, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            &transition,
            &current.id,
            &action.as_str(),
            &current.status.as_str(),
            &to.as_str(),
            &caller.account,
            &caller.role.as_str(),
            &now,
            &note,
        ],
    )
    .await?;
    writes.touch(Touched::Article(current.id));
    writes.touch(Touched::Transition(transition));
    if let Some(kind) = publication_kind(action) {
        record_publication(tx, current.id, kind, now, writes).await?;
    }
    Ok(to)
}

fn publication_kind(action: Action) -> Option<&'static str> {
    match action {
        Action::Publish => Some("publish"),
        Action::Correct => Some("correction"),
        Action::Kill => Some("kill"),
        _ => None,
    }
}

/// Records what went out, in the move's transaction (the article row is locked, so the
/// number cannot race): the outbox writer puts it in files later, once.
async fn record_publication(
    tx: &Transaction<'_>,
    article: Uuid,
    kind: &str,
    now: i64,
    writes: &mut Writes,
) -> Result<(), Fail> {
    let story = read::article(tx, article, now).await?.ok_or_else(|| {
        refuse(
            ErrorCode::NotFound,
            format!("article {article} does not exist"),
        )
    })?;
    let story = serde_json::to_string(&story)
        .map_err(|e| Fail::Db(format!("cannot encode a publication: {e}")))?;
    let id = Uuid::new_v4();
    tx.exec(
        "INSERT INTO publications (id, article, kind, number, at, story)
         SELECT $1, $2, $3, count(*) + 1, $4, $5 FROM publications WHERE article = $2",
        &[&id, &article, &kind, &now, &story],
    )
    .await?;
    writes.touch(Touched::Publication(id));
    Ok(())
}

async fn move_article(
    tx: &Transaction<'_>,
    caller: &Caller,
    m: &ArticleMove,
    now: i64,
    writes: &mut Writes,
) -> Result<(), Fail> {
    check_role(caller, m.action)?;
    if m.action == Action::Schedule {
        return Err(invalid(
            "schedule with an article_schedule operation (it needs a time)",
        ));
    }
    let note = line("the note", &m.note)?;
    let current = locked_article(tx, m.article, now).await?;
    let (note, embargo_at) = if m.action == Action::Publish {
        let reason = m.override_reason.as_deref();
        (override_note(&note, reason), Some((now, reason)))
    } else {
        (note, None)
    };
    // A publish, correction or kill is recorded as a publication in the move's transaction
    // (`do_move`); the outbox writer puts it in files, and every desk sees it in the feed.
    // Webhook deliveries stay with the desk that made the move (the server has none yet).
    do_move(
        tx, caller, &current, m.action, m.from, &note, embargo_at, now, writes,
    )
    .await?;
    Ok(())
}

fn core_choice(
    d: Option<copydesk_newsroom::Disambiguation>,
) -> Option<copydesk_core::Disambiguation> {
    d.map(|d| match d {
        copydesk_newsroom::Disambiguation::Earlier => copydesk_core::Disambiguation::Earlier,
        copydesk_newsroom::Disambiguation::Later => copydesk_core::Disambiguation::Later,
    })
}

async fn schedule(
    tx: &Transaction<'_>,
    caller: &Caller,
    s: &ArticleSchedule,
    now: i64,
    writes: &mut Writes,
) -> Result<(), Fail> {
    check_role(caller, Action::Schedule)?;
    let (at, shown) = copydesk_core::workflow::wall_time_to_instant(
        &s.wall,
        &s.zone,
        core_choice(s.disambiguation),
    )
    .map_err(from_core)?;
    let at = at.as_millisecond();
    if at <= now {
        return Err(invalid(format!(
            "{shown} {} has already passed; pick a time in the future or publish now",
            s.zone
        )));
    }
    let current = locked_article(tx, s.article, now).await?;
    let reason = s.override_reason.as_deref();
    let note = override_note(&format!("for {shown} {}", s.zone), reason);
    let embargo_at = Some((at, reason));
    do_move(
        tx,
        caller,
        &current,
        Action::Schedule,
        s.from,
        &note,
        embargo_at,
        now,
        writes,
    )
    .await?;
    tx.exec(
        "UPDATE articles SET scheduled_at = $2, schedule_zone = $3, schedule_wall = $4 WHERE id = $1",
        &[&s.article, &at, &s.zone, &shown],
    )
    .await?;
    // The server-side scheduler that publishes due stories exactly once is a later phase:
    // it will `UPDATE articles … WHERE status = 'scheduled' AND scheduled_at <= now`.
    Ok(())
}

async fn embargo(
    tx: &Transaction<'_>,
    e: &ArticleEmbargo,
    now: i64,
    writes: &mut Writes,
) -> Result<(), Fail> {
    let until = match &e.until {
        Some(u) => {
            let (at, _) = copydesk_core::workflow::wall_time_to_instant(
                &u.wall,
                &u.zone,
                core_choice(u.disambiguation),
            )
            .map_err(from_core)?;
            Some((at.as_millisecond(), u.zone.clone()))
        }
        None => None,
    };
    locked_article(tx, e.article, now).await?;
    tx.exec(
        "UPDATE articles SET embargo_until = $2, embargo_zone = $3, updated_at = $4 WHERE id = $1",
        &[
            &e.article,
            &until.as_ref().map(|u| u.0),
            &until.as_ref().map(|u| u.1.clone()),
            &now,
        ],
    )
    .await?;
    writes.touch(Touched::Article(e.article));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Comments: append-only, no version check; only the author edits or deletes.

fn comment_body(text: &str) -> Result<String, Fail> {
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid("a comment needs some text"));
    }
    let chars = text.chars().count();
    if chars > MAX_COMMENT_CHARS {
        return Err(invalid(format!(
            "a comment can be at most {MAX_COMMENT_CHARS} characters long; this one has {chars}"
        )));
    }
    Ok(text.to_string())
}

async fn comment(
    tx: &Transaction<'_>,
    id: Uuid,
) -> Result<copydesk_newsroom::CommentSnapshot, Fail> {
    tx.opt("SELECT * FROM comments WHERE id = $1 FOR UPDATE", &[&id])
        .await?
        .map(|r| read::comment_from(&r))
        .ok_or_else(|| refuse(ErrorCode::NotFound, format!("comment {id} does not exist")))
}

async fn comment_add(
    tx: &Transaction<'_>,
    caller: &Caller,
    c: &CommentAdd,
    now: i64,
    writes: &mut Writes,
) -> Result<(), Fail> {
    let text = comment_body(&c.body)?;
    let exists = tx
        .opt("SELECT 1 FROM articles WHERE id = $1", &[&c.article])
        .await?;
    if exists.is_none() {
        return Err(refuse(
            ErrorCode::NotFound,
            format!("article {} does not exist", c.article),
        ));
    }
    let (parent, reply_to) = match c.reply_to {
        None => (None, None),
        Some(id) => {
            let answered = comment(tx, id).await?;
            if answered.article != c.article {
                return Err(invalid(format!(
                    "comment {id} is on article {}, not on article {}",
                    answered.article, c.article
                )));
            }
            (Some(answered.parent.unwrap_or(answered.id)), Some(id))
        }
    };
    let inserted = tx
        .exec(
            "INSERT INTO comments (id, article, parent, reply_to, author, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
            &[
                &c.comment,
                &c.article,
                &parent,
                &reply_to,
                &caller.account,
                &text,
                &now,
            ],
        )
        .await?;
    if inserted == 0 {
        return Err(invalid(format!(
            "comment id {} is already taken",
            c.comment
        )));
    }
    writes.touch(Touched::Comment(c.comment));
    if let Some(root) = parent {
        // A new question in a settled thread must be seen: the thread opens again.
        let reopened = tx
            .exec(
                "UPDATE comments SET resolved_at = NULL, resolved_by = NULL
                  WHERE id = $1 AND resolved_at IS NOT NULL",
                &[&root],
            )
            .await?;
        if reopened > 0 {
            writes.touch(Touched::Comment(root));
        }
    }
    Ok(())
}

fn own(c: &copydesk_newsroom::CommentSnapshot, caller: &Caller, action: &str) -> Result<(), Fail> {
    if c.author == caller.account {
        Ok(())
    } else {
        Err(refuse(
            ErrorCode::NotAuthor,
            format!("only {} can {action} this comment", c.author),
        ))
    }
}

async fn comment_edit(
    tx: &Transaction<'_>,
    caller: &Caller,
    c: &CommentRef,
    now: i64,
    writes: &mut Writes,
) -> Result<(), Fail> {
    let Some(body) = &c.body else {
        return Err(invalid("comment_edit needs the new body"));
    };
    let text = comment_body(body)?;
    let current = comment(tx, c.comment).await?;
    own(&current, caller, "edit")?;
    if current.deleted_at.is_some() {
        return Err(invalid(format!(
            "comment {} was deleted; it cannot be edited",
            c.comment
        )));
    }
    if current.body == text {
        return Ok(());
    }
    tx.exec(
        "UPDATE comments SET body = $2, edited_at = $3 WHERE id = $1",
        &[&c.comment, &text, &now],
    )
    .await?;
    writes.touch(Touched::Comment(c.comment));
    Ok(())
}

async fn comment_delete(
    tx: &Transaction<'_>,
    caller: &Caller,
    c: &CommentRef,
    now: i64,
    writes: &mut Writes,
) -> Result<(), Fail> {
    if c.body.is_some() {
        return Err(invalid("comment_delete takes no body"));
    }
    let current = comment(tx, c.comment).await?;
    own(&current, caller, "delete")?;
    if current.deleted_at.is_some() {
        return Ok(());
    }
    // Always a tombstone on the server, so the deletion reaches every desk.
    tx.exec(
        "UPDATE comments SET body = '', deleted_at = $2 WHERE id = $1",
        &[&c.comment, &now],
    )
    .await?;
    writes.touch(Touched::Comment(c.comment));
    Ok(())
}

async fn comment_resolved(
    tx: &Transaction<'_>,
    caller: &Caller,
    c: &CommentRef,
    resolve_at: Option<i64>,
    writes: &mut Writes,
) -> Result<(), Fail> {
    if c.body.is_some() {
        return Err(invalid("resolving or reopening takes no body"));
    }
    let found = comment(tx, c.comment).await?;
    let root = found.parent.unwrap_or(found.id);
    let changed = match resolve_at {
        Some(at) => {
            tx.exec(
                "UPDATE comments SET resolved_at = $2, resolved_by = $3
                  WHERE id = $1 AND resolved_at IS NULL",
                &[&root, &at, &caller.account],
            )
            .await?
        }
        None => {
            tx.exec(
                "UPDATE comments SET resolved_at = NULL, resolved_by = NULL
                  WHERE id = $1 AND resolved_at IS NOT NULL",
                &[&root],
            )
            .await?
        }
    };
    if changed > 0 {
        writes.touch(Touched::Comment(root));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_and_core_agree_on_states_and_actions() {
        for s in ArticleStatus::ALL {
            assert_eq!(core_status(s).as_str(), s.as_str());
        }
        assert_eq!(
            ArticleStatus::ALL.len(),
            copydesk_core::ArticleStatus::ALL.len()
        );
        for a in Action::ALL {
            assert_eq!(core_action(a).map(|c| c.as_str()), Some(a.as_str()));
        }
        assert_eq!(Action::ALL.len(), copydesk_core::Action::ALL.len());
    }

    #[test]
    fn protocol_codes_use_core_strings() {
        use copydesk_core::ErrorCode as C;
        for (ours, core) in [
            (ErrorCode::NotFound, C::NotFound),
            (ErrorCode::Invalid, C::Invalid),
            (ErrorCode::Conflict, C::Conflict),
            (ErrorCode::IllegalTransition, C::IllegalTransition),
            (ErrorCode::ForbiddenForRole, C::ForbiddenForRole),
            (ErrorCode::Embargoed, C::Embargoed),
            (ErrorCode::NotAuthor, C::NotAuthor),
            (ErrorCode::NonexistentLocalTime, C::NonexistentLocalTime),
            (ErrorCode::AmbiguousLocalTime, C::AmbiguousLocalTime),
            (ErrorCode::Internal, C::Internal),
        ] {
            assert_eq!(ours.as_str(), core.as_str());
            let json = serde_json::to_string(&ours).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", core.as_str()));
        }
    }

    #[test]
    fn tags_follow_the_desk_rule() {
        let t = tags(&[
            " Politics ".into(),
            "politics".into(),
            "".into(),
            "EU".into(),
        ])
        .unwrap_or_default();
        assert_eq!(t, vec!["Politics".to_string(), "EU".to_string()]);
    }
}
