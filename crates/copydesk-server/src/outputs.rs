//! The newsroom's outbox: a server started with `--outbox DIR` writes the files of every
//! publication (publish, correction, kill — by a desk's move or by the scheduler) into
//! `DIR/<story uuid>-<slug>/<kind>-<number>/`, in the desk's formats (HTML, Markdown, ninjs,
//! NITF, NewsML-G2).
//!
//! Once per publication, whichever process writes it: unwritten rows are taken with
//! `FOR UPDATE SKIP LOCKED` and marked written in the same transaction, after the files are
//! in place. A process that dies between the two leaves the row unwritten, and the next pass
//! writes the same files again (each file is replaced whole), so a crash never loses a
//! publication and never makes a second, different one.
use crate::db::{assign_seqs, Sql, Touched, Writes};
use crate::error::Fail;
use crate::App;
use copydesk_core::{Article, ArticleStatus, PublicationKind};
use copydesk_newsroom::ArticleSnapshot;
use deadpool_postgres::Pool;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::watch;
use uuid::Uuid;

/// Publications taken per transaction.
const BATCH: i64 = 20;

/// The story as the desk's outbox writer takes it. The local number is 0: on the server a
/// story is known by its UUID, which the files carry (guid, folder).
pub(crate) fn as_article(s: &ArticleSnapshot) -> Article {
    Article {
        id: 0,
        uuid: s.id.to_string(),
        slug: s.slug.clone(),
        headline: s.headline.clone(),
        standfirst: s.standfirst.clone(),
        byline: s.byline.clone(),
        dateline: s.dateline.clone(),
        section: s.section.clone(),
        body: s.body.clone(),
        tags: s.tags.clone(),
        urgency: s.urgency,
        status: ArticleStatus::parse(s.status.as_str()),
        author: s.author.clone(),
        word_count: s.word_count,
        version: s.version,
        created_at: s.created_at,
        updated_at: s.updated_at,
        wire_item_id: None,
        schedule: None,
        embargo: None,
        published_at: s.published_at,
    }
}

pub(crate) fn kind(stored: &str) -> PublicationKind {
    match stored {
        "correction" => PublicationKind::Correction,
        "kill" => PublicationKind::Kill,
        _ => PublicationKind::Publish,
    }
}

/// Writes every unwritten publication's files under `outbox`; returns how many. A write that
/// fails (full disk, no permission) is logged, left unwritten and tried on the next pass.
pub async fn write_due(pool: &Pool, outbox: &Path, now: i64) -> Result<usize, Fail> {
    let mut client = pool.get().await?;
    let mut written = 0;
    loop {
        let tx = client.transaction().await?;
        let due = tx
            .rows(
                "SELECT id, kind, number, at, story FROM publications
                  WHERE written_at IS NULL
                  ORDER BY at, id
                  LIMIT $1
                  FOR UPDATE SKIP LOCKED",
                &[&BATCH],
            )
            .await?;
        if due.is_empty() {
            tx.rollback().await?;
            return Ok(written);
        }
        let mut failed = false;
        let mut writes = Writes::default();
        for row in &due {
            let id: Uuid = row.get(0);
            let (kind_name, number, at): (String, i32, i64) = (row.get(1), row.get(2), row.get(3));
            let story: ArticleSnapshot = serde_json::from_str(row.get(4))
                .map_err(|e| Fail::Db(format!("publication {id} is unreadable: {e}")))?;
            let article = as_article(&story);
            let dir: PathBuf = outbox
                .join(copydesk_core::workflow::story_folder(
                    &article.uuid,
                    &article.slug,
                ))
                .join(format!("{kind_name}-{number}"));
            let at = crate::db::ts(at);
            let target = dir.clone();
            let result = tokio::task::spawn_blocking(move || {
                copydesk_core::workflow::write_publication(
                    &target,
                    &article,
                    kind(&kind_name),
                    i64::from(number),
                    at,
                )
            })
            .await
            .map_err(|e| Fail::Db(format!("the outbox writer stopped: {e}")))?;
            match result {
                Ok(_) => {
                    tx.exec(
                        "UPDATE publications SET written_at = $2, written_to = $3 WHERE id = $1",
                        &[&id, &now, &dir.display().to_string()],
                    )
                    .await?;
                    // Desks hear where it went.
                    writes.touch(Touched::Publication(id));
                    written += 1;
                }
                Err(e) => {
                    tracing::warn!(publication = %id, error = %e, "cannot write a publication's files");
                    failed = true;
                    break;
                }
            }
        }
        assign_seqs(&tx, &writes).await?;
        tx.commit().await?;
        if failed || (due.len() as i64) < BATCH {
            return Ok(written);
        }
    }
}

/// Writes due publications every `scheduler_tick` until `stop` fires.
pub async fn run(app: Arc<App>, outbox: PathBuf, stop: watch::Receiver<bool>) {
    crate::scheduler::every_tick(app, stop, "outbox: cannot write publications", |app| {
        let outbox = outbox.clone();
        async move {
            let n = write_due(&app.pool, &outbox, app.now_ms()).await?;
            if n > 0 {
                tracing::info!(publications = n, "outbox written");
            }
            Ok(())
        }
    })
    .await
}
