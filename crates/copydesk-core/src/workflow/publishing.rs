//! Publishing: the publish, correct and kill moves, the outbox files each publication writes,
//! and the webhook deliveries that follow it. A publication is committed first and written
//! second, so a full disk or a dead webhook never undoes a published state.
use super::moves::{check_release, move_article, override_note, queue_move, Actor};
use super::outbox::{self, OutboxFile, OutboxState, Publication, PublicationKind};
use super::{next_status, webhook, Action};
use crate::article::{self, from_ms, Article, ArticleId};
use crate::change::Change;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::store::settings;
use jiff::Timestamp;
use rusqlite::{params, Connection, Transaction};

fn record(
    tx: &Transaction<'_>,
    id: ArticleId,
    kind: PublicationKind,
    now: Timestamp,
) -> Result<i64> {
    let number: i64 = tx.query_row(
        "SELECT count(*) + 1 FROM publications WHERE article_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    // A newsroom story's files are the newsroom outbox's: this desk records what it did and
    // shows where they went once the server says so.
    let outbox = if crate::newsroom::shared_uuid(tx, id)?.is_some() {
        OutboxState::Newsroom
    } else {
        OutboxState::Pending
    };
    tx.execute(
        "INSERT INTO publications (article_id, kind, number, at, outbox) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, kind.as_str(), number, now.as_millisecond(), outbox.as_str()],
    )?;
    let publication = tx.last_insert_rowid();
    // The desk that made the move sends its own webhook, newsroom story or not.
    webhook::enqueue(tx, publication, now)?;
    Ok(publication)
}

/// What one publication put out: the article as it is now, and which publication it was.
struct Issue {
    article: Article,
    kind: PublicationKind,
    number: i64,
    at: Timestamp,
}

fn issue(conn: &Connection, publication_id: i64) -> Result<Issue> {
    let (article_id, kind, number, at): (i64, String, i64, i64) = conn.query_row(
        "SELECT article_id, kind, number, at FROM publications WHERE id = ?1",
        [publication_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    Ok(Issue {
        article: article::get(conn, article_id)?,
        kind: PublicationKind::parse(&kind),
        number,
        at: from_ms(at),
    })
}

pub(crate) fn list(conn: &Connection, article_id: ArticleId) -> Result<Vec<Publication>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, article_id, kind, number, at, outbox, detail
           FROM publications WHERE article_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([article_id], |r| {
            Ok(Publication {
                id: r.get(0)?,
                article_id: r.get(1)?,
                kind: PublicationKind::parse(&r.get::<_, String>(2)?),
                number: r.get(3)?,
                at: from_ms(r.get(4)?),
                outbox: OutboxState::parse(&r.get::<_, String>(5)?),
                detail: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Publications whose outbox files are not written yet (pending or failed).
pub(super) fn unwritten(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM publications WHERE outbox IN ('pending', 'failed')")?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(rows)
}

fn record_outbox(
    tx: &Transaction<'_>,
    publication_id: i64,
    state: OutboxState,
    detail: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE publications SET outbox = ?2, detail = ?3 WHERE id = ?1",
        params![publication_id, state.as_str(), detail],
    )?;
    Ok(())
}

impl Desk {
    /// Publishes a ready or scheduled article now. An active embargo or a blocking checklist
    /// item stops it unless an editor gives a reason, which is logged.
    pub fn publish(&self, id: ArticleId, override_reason: Option<&str>) -> Result<Article> {
        let actor = self.actor();
        self.publish_as(id, &actor, override_reason, "")
    }

    pub(super) fn publish_as(
        &self,
        id: ArticleId,
        actor: &Actor,
        override_reason: Option<&str>,
        note: &str,
    ) -> Result<Article> {
        let now = self.now();
        let (article, publication) = self.store().write(|tx| {
            let current = article::get(tx, id)?;
            // The role is checked before the embargo, so a writer hears "ask an editor".
            next_status(current.status, Action::Publish, actor.role, None)?;
            let overridden = check_release(tx, &current, now, override_reason)?;
            let note = override_note(note, overridden, override_reason);
            let (from, _) = move_article(tx, id, Action::Publish, actor, now, &note)?;
            queue_move(tx, id, Action::Publish, from, &note, override_reason, now)?;
            tx.execute(
                "UPDATE articles SET published_at = ?2 WHERE id = ?1",
                params![id, now.as_millisecond()],
            )?;
            let publication = record(tx, id, PublicationKind::Publish, now)?;
            Ok((article::get(tx, id)?, publication))
        })?;
        // Committed: the story is published even if the outbox cannot be written now; the
        // write is retried by the scheduler and its state is shown.
        self.write_publication(publication);
        Ok(self.moved(article))
    }

    /// Publishes the current text of a published story again, as a correction.
    pub fn correct(&self, id: ArticleId, note: &str) -> Result<Article> {
        self.republish(id, Action::Correct, PublicationKind::Correction, note)
    }

    /// Withdraws a published story: a kill notice goes to the outbox.
    pub fn kill(&self, id: ArticleId, note: &str) -> Result<Article> {
        self.republish(id, Action::Kill, PublicationKind::Kill, note)
    }

    fn republish(
        &self,
        id: ArticleId,
        action: Action,
        kind: PublicationKind,
        note: &str,
    ) -> Result<Article> {
        let now = self.now();
        let actor = self.actor();
        let (article, publication) = self.store().write(|tx| {
            let (from, _) = move_article(tx, id, action, &actor, now, note)?;
            queue_move(tx, id, action, from, note, None, now)?;
            let publication = record(tx, id, kind, now)?;
            Ok((article::get(tx, id)?, publication))
        })?;
        self.write_publication(publication);
        Ok(self.moved(article))
    }

    /// Writes one recorded publication's files and records how it went.
    pub(super) fn write_publication(&self, publication_id: i64) {
        let newsroom = self.store().read(|c| {
            Ok(c.query_row(
                "SELECT outbox = 'newsroom' FROM publications WHERE id = ?1",
                [publication_id],
                |r| r.get::<_, bool>(0),
            )?)
        });
        if newsroom.unwrap_or(false) {
            return;
        }
        let outbox = &self.config().outbox;
        let written: Result<Vec<OutboxFile>> = self
            .store()
            .read(|c| issue(c, publication_id))
            .and_then(|i| outbox::write(outbox, &i.article, i.kind, i.number, i.at));
        let (state, detail) = match &written {
            Ok(files) => (
                OutboxState::Written,
                files
                    .iter()
                    .map(|f| f.path.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Err(e) => (OutboxState::Failed, e.to_string()),
        };
        if let Err(e) = self
            .store()
            .write(|tx| record_outbox(tx, publication_id, state, &detail))
        {
            tracing::error!(
                "could not record the outbox state of publication {publication_id}: {e}"
            );
        }
    }

    /// Writes the outbox files of every publication whose write failed or never ran.
    pub(super) fn write_unwritten(&self) -> Result<()> {
        for publication in self.store().read(unwritten)? {
            self.write_publication(publication);
        }
        Ok(())
    }

    /// An article's publications (first, corrections, kill), oldest first.
    pub fn publications(&self, id: ArticleId) -> Result<Vec<Publication>> {
        self.store().read(|c| list(c, id))
    }

    /// POSTs every webhook delivery that is due, recording each answer; failures are retried
    /// later with growing waits.
    pub fn deliver_due(&self) -> Result<()> {
        let now = self.now();
        let due = self.store().read(|c| webhook::due(c, now))?;
        for (delivery, publication, url) in due {
            let json = self.store().read(|c| {
                let i = issue(c, publication)?;
                Ok(outbox::ninjs(&i.article, i.kind, i.number, i.at))
            })?;
            // Outside any transaction: the network can take its time without holding the writer.
            let outcome = webhook::post(&url, &json);
            let now = self.now();
            let (article_id, delivery) = self.store().write(|tx| {
                webhook::record(tx, delivery, outcome, now)?;
                webhook::get(tx, delivery)
            })?;
            self.announce(Change::DeliveryUpdated {
                article_id,
                delivery,
            });
        }
        Ok(())
    }

    /// Queues a webhook delivery that failed (or is waiting out a backoff) to be sent at the
    /// scheduler's next run. Editors only, like publishing.
    pub fn retry_delivery(&self, id: i64) -> Result<webhook::Delivery> {
        self.require_editor("retry a webhook delivery")?;
        let now = self.now();
        let (article_id, delivery) = self.store().write(|tx| {
            webhook::retry(tx, id, now)?;
            webhook::get(tx, id)
        })?;
        self.announce(Change::DeliveryUpdated {
            article_id,
            delivery: delivery.clone(),
        });
        Ok(delivery)
    }

    /// The webhook deliveries of an article's publications, oldest first.
    pub fn deliveries(&self, id: ArticleId) -> Result<Vec<webhook::Delivery>> {
        self.store().read(|c| webhook::list(c, id))
    }

    /// Sets (or with `None` clears) the webhook that published stories are POSTed to.
    pub fn set_webhook(&self, url: Option<&str>) -> Result<()> {
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(u) = url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                return Err(Error::Invalid(format!(
                    "{u} is not a web address (it must start with https:// or http://)"
                )));
            }
        }
        self.store()
            .write(|tx| settings::put(tx, webhook::WEBHOOK_SETTING, url))
    }

    pub fn webhook(&self) -> Result<Option<String>> {
        self.store().read(webhook::url)
    }
}
