//! Reading entities as protocol snapshots, and pull pages.
use crate::db::ts;
use crate::db::{Sql, Transaction};
use crate::error::Fail;
use copydesk_newsroom::entity::{
    ArticleSnapshot, Change, CommentSnapshot, Embargo, Entity, LeaseHolder, LeaseSnapshot,
    ProfileSnapshot, RevisionKind, RevisionSnapshot, Schedule, TransitionSnapshot,
};
use copydesk_newsroom::{Action, ArticleStatus, Role};
use tokio_postgres::Row;
use uuid::Uuid;

const ARTICLE_COLUMNS: &str = "a.id, a.slug, a.headline, a.standfirst, a.byline, a.dateline,
    a.section, a.body, a.tags, a.urgency, a.status, a.spiked_from, a.author, a.word_count,
    a.version, a.created_at, a.updated_at, a.scheduled_at, a.schedule_zone, a.schedule_wall,
    a.embargo_until, a.embargo_zone, a.published_at, a.seq,
    l.account AS lease_account, l.desk AS lease_desk, l.acquired_at AS lease_acquired_at,
    l.expires_at AS lease_expires_at";

/// `FROM` clause joining the live lease ($1 is now, in ms).
const ARTICLE_FROM: &str = "articles a LEFT JOIN leases l
    ON l.article = a.id AND l.account IS NOT NULL AND l.expires_at > $1";

fn status(s: &str) -> ArticleStatus {
    ArticleStatus::parse(s).unwrap_or(ArticleStatus::Draft)
}

fn lease_from(row: &Row, prefix: &str) -> Option<LeaseHolder> {
    let account: Option<String> = row.get(format!("{prefix}account").as_str());
    let desk: Option<Uuid> = row.get(format!("{prefix}desk").as_str());
    let acquired: Option<i64> = row.get(format!("{prefix}acquired_at").as_str());
    let expires: Option<i64> = row.get(format!("{prefix}expires_at").as_str());
    Some(LeaseHolder {
        account: account?,
        desk: desk?,
        acquired_at: ts(acquired?),
        expires_at: ts(expires?),
    })
}

fn article_from(row: &Row) -> ArticleSnapshot {
    let urgency: i16 = row.get("urgency");
    let word_count: i32 = row.get("word_count");
    let scheduled_at: Option<i64> = row.get("scheduled_at");
    let embargo_until: Option<i64> = row.get("embargo_until");
    ArticleSnapshot {
        id: row.get("id"),
        slug: row.get("slug"),
        headline: row.get("headline"),
        standfirst: row.get("standfirst"),
        byline: row.get("byline"),
        dateline: row.get("dateline"),
        section: row.get("section"),
        body: row.get("body"),
        tags: row.get("tags"),
        urgency: u8::try_from(urgency).unwrap_or(5),
        status: status(row.get("status")),
        spiked_from: row
            .get::<_, Option<&str>>("spiked_from")
            .and_then(ArticleStatus::parse),
        author: row.get("author"),
        word_count: u32::try_from(word_count).unwrap_or(0),
        version: row.get("version"),
        created_at: ts(row.get("created_at")),
        updated_at: ts(row.get("updated_at")),
        schedule: scheduled_at.map(|at| Schedule {
            at: ts(at),
            zone: row
                .get::<_, Option<String>>("schedule_zone")
                .unwrap_or_default(),
            wall: row
                .get::<_, Option<String>>("schedule_wall")
                .unwrap_or_default(),
        }),
        embargo: embargo_until.map(|until| Embargo {
            until: ts(until),
            zone: row
                .get::<_, Option<String>>("embargo_zone")
                .unwrap_or_default(),
        }),
        published_at: row.get::<_, Option<i64>>("published_at").map(ts),
        lease: lease_from(row, "lease_"),
    }
}

/// The article as it is now (in this transaction), or None.
pub async fn article(
    tx: &Transaction<'_>,
    id: Uuid,
    now: i64,
) -> Result<Option<ArticleSnapshot>, Fail> {
    let row = tx
        .opt(
            &format!("SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id = $2"),
            &[&now, &id],
        )
        .await?;
    Ok(row.as_ref().map(article_from))
}

fn revision_from(row: &Row) -> RevisionSnapshot {
    RevisionSnapshot {
        id: row.get("id"),
        article: row.get("article"),
        version: row.get("version"),
        kind: RevisionKind::parse(row.get("kind")).unwrap_or(RevisionKind::Save),
        author: row.get("author"),
        created_at: ts(row.get("created_at")),
        updated_at: ts(row.get("updated_at")),
        headline: row.get("headline"),
        standfirst: row.get("standfirst"),
        body: row.get("body"),
        tags: row.get("tags"),
    }
}

pub fn comment_from(row: &Row) -> CommentSnapshot {
    CommentSnapshot {
        id: row.get("id"),
        article: row.get("article"),
        parent: row.get("parent"),
        reply_to: row.get("reply_to"),
        author: row.get("author"),
        body: row.get("body"),
        created_at: ts(row.get("created_at")),
        edited_at: row.get::<_, Option<i64>>("edited_at").map(ts),
        deleted_at: row.get::<_, Option<i64>>("deleted_at").map(ts),
        resolved_at: row.get::<_, Option<i64>>("resolved_at").map(ts),
        resolved_by: row.get("resolved_by"),
    }
}

fn transition_from(row: &Row) -> TransitionSnapshot {
    TransitionSnapshot {
        id: row.get("id"),
        article: row.get("article"),
        action: Action::parse(row.get("action")).unwrap_or(Action::Submit),
        from_status: status(row.get("from_status")),
        to_status: status(row.get("to_status")),
        actor: row.get("actor"),
        role: Role::parse(row.get("role")).unwrap_or(Role::Writer),
        at: ts(row.get("at")),
        note: row.get("note"),
    }
}

pub fn profile_from(row: &Row) -> ProfileSnapshot {
    ProfileSnapshot {
        name: row.get("name"),
        role: Role::parse(row.get("role")).unwrap_or(Role::Writer),
        revoked: row.get::<_, Option<i64>>("revoked_at").is_some(),
    }
}

fn lease_snapshot_from(row: &Row, now: i64) -> LeaseSnapshot {
    let holder = lease_from(row, "").filter(|h| h.expires_at.as_millisecond() > now);
    LeaseSnapshot {
        article: row.get("article"),
        holder,
    }
}

pub fn wire_file_from(row: &Row) -> copydesk_newsroom::entity::WireFileSnapshot {
    copydesk_newsroom::entity::WireFileSnapshot {
        sha256: row.get("sha256"),
        name: row.get("name"),
        received_at: crate::db::ts(row.get("received_at")),
        original: copydesk_newsroom::encode_original(&row.get::<_, Vec<u8>>("original")),
        added_by: row.get("added_by"),
    }
}

pub fn publication_from(row: &Row) -> copydesk_newsroom::PublicationSnapshot {
    copydesk_newsroom::PublicationSnapshot {
        id: row.get("id"),
        article: row.get("article"),
        kind: row.get("kind"),
        number: i64::from(row.get::<_, i32>("number")),
        at: crate::db::ts(row.get("at")),
        written_at: row.get::<_, Option<i64>>("written_at").map(crate::db::ts),
        written_to: row.get("written_to"),
    }
}

/// A webhook address as desks see it: scheme and host, never the path or query (a token).
fn target_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    format!("{scheme}://{host}")
}

pub fn delivery_from(row: &Row) -> copydesk_newsroom::DeliverySnapshot {
    copydesk_newsroom::DeliverySnapshot {
        id: row.get("id"),
        publication: row.get("publication"),
        target: target_of(row.get("url")),
        state: row.get("state"),
        attempts: i64::from(row.get::<_, i32>("attempts")),
        next_at: crate::db::ts(row.get("next_at")),
        last_status: row.get::<_, Option<i32>>("last_status").map(i64::from),
        last_error: row.get("last_error"),
    }
}

/// Up to `limit` changes after `since`, oldest first; and whether more were waiting.
///
/// Run in one REPEATABLE READ transaction: every table is read from the same snapshot, so a
/// commit landing between two of these queries cannot make the page skip a lower seq.
pub async fn changes(
    tx: &Transaction<'_>,
    since: i64,
    limit: u32,
    now: i64,
) -> Result<(Vec<Change>, bool), Fail> {
    let take = i64::from(limit) + 1;
    let mut all: Vec<Change> = Vec::new();
    let rows = tx
        .rows(
            &format!(
                "SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM}
                  WHERE a.seq > $2 ORDER BY a.seq LIMIT $3"
            ),
            &[&now, &since, &take],
        )
        .await?;
    all.extend(rows.iter().map(|r| Change {
        seq: r.get("seq"),
        entity: Entity::Article(article_from(r)),
    }));
    let rows = tx
        .rows(
            "SELECT * FROM revisions WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&since, &take],
        )
        .await?;
    all.extend(rows.iter().map(|r| Change {
        seq: r.get("seq"),
        entity: Entity::Revision(revision_from(r)),
    }));
    let rows = tx
        .rows(
            "SELECT * FROM comments WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&since, &take],
        )
        .await?;
    all.extend(rows.iter().map(|r| Change {
        seq: r.get("seq"),
        entity: Entity::Comment(comment_from(r)),
    }));
    let rows = tx
        .rows(
            "SELECT * FROM transitions WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&since, &take],
        )
        .await?;
    all.extend(rows.iter().map(|r| Change {
        seq: r.get("seq"),
        entity: Entity::Transition(transition_from(r)),
    }));
    let rows = tx
        .rows(
            "SELECT name, role, revoked_at, seq FROM accounts WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&since, &take],
        )
        .await?;
    all.extend(rows.iter().map(|r| Change {
        seq: r.get("seq"),
        entity: Entity::Profile(profile_from(r)),
    }));
    let rows = tx
        .rows(
            "SELECT * FROM leases WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&since, &take],
        )
        .await?;
    all.extend(rows.iter().map(|r| Change {
        seq: r.get("seq"),
        entity: Entity::Lease(lease_snapshot_from(r, now)),
    }));
    let rows = tx
        .rows(
            "SELECT id, article, kind, number, at, written_at, written_to, seq FROM publications
              WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&since, &take],
        )
        .await?;
    all.extend(rows.iter().map(|r| Change {
        seq: r.get("seq"),
        entity: Entity::Publication(publication_from(r)),
    }));
    let rows = tx
        .rows(
            "SELECT id, publication, url, state, attempts, next_at, last_status, last_error, seq
               FROM deliveries WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&since, &take],
        )
        .await?;
    all.extend(rows.iter().map(|r| Change {
        seq: r.get("seq"),
        entity: Entity::Delivery(delivery_from(r)),
    }));
    // Wire files carry their bytes: a few per page. If more were waiting, the page ends
    // before the first one left out, so nothing with a lower seq is skipped.
    let wire_take = i64::from(copydesk_newsroom::MAX_WIRE_FILES_PER_PAGE.min(limit)) + 1;
    let rows = tx
        .rows(
            "SELECT sha256, name, received_at, original, added_by, seq FROM wire_files
              WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&since, &wire_take],
        )
        .await?;
    let wire_cut =
        (rows.len() as i64 == wire_take).then(|| rows[rows.len() - 1].get::<_, i64>("seq"));
    all.extend(
        rows.iter()
            .take(rows.len().min(wire_take as usize - 1))
            .map(|r| Change {
                seq: r.get("seq"),
                entity: Entity::WireFile(wire_file_from(r)),
            }),
    );
    all.sort_by_key(|c| c.seq);
    let mut more = all.len() > limit as usize;
    all.truncate(limit as usize);
    if let Some(cut) = wire_cut {
        all.retain(|c| c.seq < cut);
        more = true;
    }
    Ok((all, more))
}

#[cfg(test)]
mod tests {
    #[test]
    fn desks_see_a_webhook_address_without_its_path_query_or_password() {
        assert_eq!(
            super::target_of("https://user:pw@example.org:8443/hook?token=secret"),
            "https://example.org:8443"
        );
        assert_eq!(
            super::target_of("http://127.0.0.1:9/x"),
            "http://127.0.0.1:9"
        );
    }
}
