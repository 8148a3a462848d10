//! Comments in Postgres (`comments`, migration V22). An add counts the quotas and takes
//! the next `seq` under the session's comment lock, in one transaction, so concurrent
//! adds can neither pass a full quota nor share a seq.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio_postgres::Row;
use uuid::Uuid;

use super::{Db, db_error};
use crate::arrangement::{Author, ClipId, Samples, TrackId};
use crate::comments::{Comment, CommentError, CommentId, CommentStore, CommentText, NewComment, Pin};
use crate::domain::{DisplayName, MemberId, SessionId, Window};
use crate::store::StoreError;

const COLUMNS: &str = "id, session_id, seq, reply_to, author_id, author_name, body, at_sample, track_id, \
     clip_id, clip_offset, version, resolved_at, resolved_by_id, resolved_by_name, created_at";

/// Comments in their table.
#[derive(Clone)]
pub struct PgCommentStore {
    db: Db,
}

impl PgCommentStore {
    /// A store over an existing pool.
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl CommentStore for PgCommentStore {
    async fn add(&self, new: NewComment) -> Result<Result<Comment, CommentError>, StoreError> {
        let mut client = self.db.client().await?;
        let tx = client.transaction().await.map_err(db_error)?;
        let session = new.session.as_uuid();
        let lock = format!("comments:{session}");
        tx.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", &[&lock])
            .await
            .map_err(db_error)?;
        let author = new.author.member_id.as_ref().map(|m| m.as_str());
        let counts = tx
            .query_one(
                "SELECT count(*) AS all_comments, count(*) FILTER (WHERE author_id = $2) AS mine, \
                 coalesce(max(seq), 0) + 1 AS next FROM comments WHERE session_id = $1",
                &[&session, &author],
            )
            .await
            .map_err(db_error)?;
        let all: i64 = counts.try_get("all_comments").map_err(db_error)?;
        let mine: i64 = if author.is_some() {
            counts.try_get("mine").map_err(db_error)?
        } else {
            0
        };
        if let Err(full) = NewComment::fits(all, mine) {
            return Ok(Err(full));
        }
        let next: i64 = counts.try_get("next").map_err(db_error)?;
        let name = new.author.display_name.as_ref().map(|n| n.as_str());
        let (clip, offset) = new.pin.clip.map(|(c, o)| (c.as_uuid(), o)).unzip();
        let row = tx
            .query_one(
                &format!(
                    "INSERT INTO comments (id, session_id, seq, reply_to, author_id, author_name, body, at_sample, \
                     track_id, clip_id, clip_offset, version) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING {COLUMNS}"
                ),
                &[
                    &new.id.as_uuid(),
                    &session,
                    &next,
                    &new.reply_to.map(CommentId::as_uuid),
                    &author,
                    &name,
                    &new.text.as_str(),
                    &(new.pin.at.get() as i64),
                    &new.pin.track.map(TrackId::as_uuid),
                    &clip,
                    &offset,
                    &(new.version as i64),
                ],
            )
            .await
            .map_err(db_error)?;
        let comment = comment(&row)?;
        tx.commit().await.map_err(db_error)?;
        Ok(Ok(comment))
    }

    async fn get(&self, session: SessionId, id: CommentId) -> Result<Option<Comment>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM comments WHERE session_id = $1 AND id = $2");
        self.db
            .read_opt(&sql, &[&session.as_uuid(), &id.as_uuid()])
            .await?
            .map(|row| comment(&row))
            .transpose()
    }

    async fn page(
        &self,
        session: SessionId,
        window: Window,
        limit: usize,
    ) -> Result<Vec<Comment>, StoreError> {
        let (id, limit) = (session.as_uuid(), limit as i64);
        let rows = match window {
            Window::Newest { before } => {
                let before = before.map_or(i64::MAX, |b| i64::try_from(b).unwrap_or(i64::MAX));
                let sql = format!(
                    "SELECT {COLUMNS} FROM comments WHERE session_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3"
                );
                self.db.read(&sql, &[&id, &before, &limit]).await?
            }
            Window::After(after) => {
                let after = i64::try_from(after).unwrap_or(i64::MAX);
                let sql = format!(
                    "SELECT {COLUMNS} FROM comments WHERE session_id = $1 AND seq > $2 ORDER BY seq ASC LIMIT $3"
                );
                self.db.read(&sql, &[&id, &after, &limit]).await?
            }
        };
        rows.iter().map(comment).collect()
    }

    async fn set_resolved(
        &self,
        session: SessionId,
        root: CommentId,
        by: Option<Author>,
    ) -> Result<Option<Comment>, StoreError> {
        let (member, name) = by.as_ref().map_or((None, None), |by| {
            (
                by.member_id.as_ref().map(|m| m.as_str()),
                by.display_name.as_ref().map(|n| n.as_str()),
            )
        });
        let resolving = by.is_some();
        // Only a change of state writes: resolving a resolved thread (or reopening an
        // open one) matches no row.
        let sql = format!(
            "UPDATE comments SET resolved_at = CASE WHEN $3 THEN now() END, resolved_by_id = $4, \
             resolved_by_name = $5 WHERE session_id = $1 AND id = $2 AND (resolved_at IS NULL) = $3 \
             RETURNING {COLUMNS}"
        );
        self.db
            .write_opt(
                &sql,
                &[&session.as_uuid(), &root.as_uuid(), &resolving, &member, &name],
            )
            .await?
            .map(|row| comment(&row))
            .transpose()
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::internal("postgres", format!("stored comment has an invalid {what}"))
}

fn author(id: Option<&str>, name: Option<&str>) -> Author {
    Author {
        member_id: id.and_then(|m| MemberId::parse(m).ok()),
        display_name: name.and_then(|n| DisplayName::parse(n).ok()),
    }
}

fn comment(row: &Row) -> Result<Comment, StoreError> {
    let get = db_error;
    let seq: i64 = row.try_get("seq").map_err(get)?;
    let at: i64 = row.try_get("at_sample").map_err(get)?;
    let version: i64 = row.try_get("version").map_err(get)?;
    let clip: Option<Uuid> = row.try_get("clip_id").map_err(get)?;
    let offset: Option<i64> = row.try_get("clip_offset").map_err(get)?;
    let resolved_at: Option<DateTime<Utc>> = row.try_get("resolved_at").map_err(get)?;
    let resolved_by = author(
        row.try_get("resolved_by_id").map_err(get)?,
        row.try_get("resolved_by_name").map_err(get)?,
    );
    Ok(Comment {
        id: CommentId::from(row.try_get::<_, Uuid>("id").map_err(get)?),
        session: SessionId::from(row.try_get::<_, Uuid>("session_id").map_err(get)?),
        seq: u64::try_from(seq).map_err(|_| corrupt("seq"))?,
        reply_to: row
            .try_get::<_, Option<Uuid>>("reply_to")
            .map_err(get)?
            .map(CommentId::from),
        author: author(
            row.try_get("author_id").map_err(get)?,
            row.try_get("author_name").map_err(get)?,
        ),
        text: CommentText::parse(row.try_get("body").map_err(get)?).map_err(|_| corrupt("text"))?,
        pin: Pin {
            at: Samples::new(u64::try_from(at).map_err(|_| corrupt("time"))?),
            track: row
                .try_get::<_, Option<Uuid>>("track_id")
                .map_err(get)?
                .map(TrackId::from),
            clip: clip.zip(offset).map(|(c, o)| (ClipId::from(c), o)),
        },
        version: u64::try_from(version).map_err(|_| corrupt("version"))?,
        resolved_by: resolved_at.map(|_| resolved_by),
        resolved_at,
        created_at: row.try_get("created_at").map_err(get)?,
    })
}
