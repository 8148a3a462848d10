//! The session store on Postgres, through a small connection pool that replaces
//! connections the server has dropped.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio_postgres::Row;
use uuid::Uuid;

use super::{Db, db_error};
use crate::domain::{DisplayName, ForkedFrom, MemberId, Page, PageRequest, Session, SessionId, SessionName};
use crate::sessions::{MemberRecord, Removal, SessionStore};
use crate::store::StoreError;

/// Sessions in the `sessions` table.
#[derive(Clone)]
pub struct PgSessionStore {
    pub(super) db: Db,
}

impl PgSessionStore {
    /// A store over an existing pool.
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

const INSERT: &str = "INSERT INTO sessions (id, name) VALUES ($1, $2) RETURNING id, name, created_at, forked_from_session, forked_from_version";
const SELECT_ONE: &str =
    "SELECT id, name, created_at, forked_from_session, forked_from_version FROM sessions WHERE id = $1";
const SELECT_FIRST_PAGE: &str = "SELECT id, name, created_at, forked_from_session, forked_from_version FROM sessions ORDER BY created_at DESC, id DESC LIMIT $1";
const RECORD_MEMBER: &str = "INSERT INTO session_members (session_id, member_id, display_name, role) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (session_id, member_id) DO UPDATE SET display_name = $3";
const HOST_NAME: &str = "SELECT display_name FROM session_members \
     WHERE session_id = $1 AND role = 'host' AND removed_at IS NULL LIMIT 1";
const MEMBER: &str = "SELECT role, removed_at IS NOT NULL AS removed, banned FROM session_members \
     WHERE session_id = $1 AND member_id = $2";
const REMOVE_MEMBER: &str = "UPDATE session_members \
     SET removed_at = coalesce(removed_at, now()), banned = banned OR $3 \
     WHERE session_id = $1 AND member_id = $2 AND role <> 'host'";
const SELECT_NEXT_PAGE: &str = "SELECT id, name, created_at, forked_from_session, forked_from_version FROM sessions \
     WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT $3";

#[async_trait]
impl SessionStore for PgSessionStore {
    async fn create(&self, name: SessionName) -> Result<Session, StoreError> {
        let id = SessionId::new().as_uuid();
        let row = self.db.write_one(INSERT, &[&id, &name.as_str()]).await?;
        to_session(&row)
    }

    async fn get(&self, id: SessionId) -> Result<Option<Session>, StoreError> {
        let row = self.db.read_opt(SELECT_ONE, &[&id.as_uuid()]).await?;
        row.as_ref().map(to_session).transpose()
    }

    async fn list(&self, page: PageRequest) -> Result<Page<Session>, StoreError> {
        let limit = page.limit.get() as usize;
        let fetch = (limit + 1) as i64;
        let rows = match page.after {
            None => self.db.read(SELECT_FIRST_PAGE, &[&fetch]).await?,
            Some(c) => {
                self.db
                    .read(SELECT_NEXT_PAGE, &[&c.created_at, &c.id, &fetch])
                    .await?
            }
        };
        let items = rows.iter().map(to_session).collect::<Result<Vec<_>, _>>()?;
        Ok(Page::cut(items, limit, |r| (r.created_at, r.id.as_uuid())))
    }

    async fn record_member(
        &self,
        session: SessionId,
        member: &MemberId,
        name: &DisplayName,
        role: &str,
    ) -> Result<(), StoreError> {
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 4] =
            [&session.as_uuid(), &member.as_str(), &name.as_str(), &role];
        self.db.execute(RECORD_MEMBER, &params).await?;
        Ok(())
    }

    async fn host_name(&self, session: SessionId) -> Result<Option<String>, StoreError> {
        let row = self.db.read_opt(HOST_NAME, &[&session.as_uuid()]).await?;
        row.map(|r| r.try_get(0).map_err(db_error)).transpose()
    }

    async fn member(
        &self,
        session: SessionId,
        member: &MemberId,
    ) -> Result<Option<MemberRecord>, StoreError> {
        let row = self
            .db
            .read_opt(MEMBER, &[&session.as_uuid(), &member.as_str()])
            .await?;
        row.map(|r| {
            Ok(MemberRecord {
                role: r.try_get("role").map_err(db_error)?,
                removed: r.try_get("removed").map_err(db_error)?,
                banned: r.try_get("banned").map_err(db_error)?,
            })
        })
        .transpose()
    }

    async fn remove_member(
        &self,
        session: SessionId,
        member: &MemberId,
        ban: bool,
    ) -> Result<Removal, StoreError> {
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 3] =
            [&session.as_uuid(), &member.as_str(), &ban];
        if self.db.execute(REMOVE_MEMBER, &params).await? == 1 {
            return Ok(Removal::Removed);
        }
        Ok(match self.member(session, member).await? {
            Some(record) if record.role == "host" => Removal::Host,
            _ => Removal::NotAMember,
        })
    }
}

pub(crate) fn to_session(row: &Row) -> Result<Session, StoreError> {
    let id: Uuid = row.try_get("id").map_err(db_error)?;
    let name: String = row.try_get("name").map_err(db_error)?;
    let created_at: DateTime<Utc> = row.try_get("created_at").map_err(db_error)?;
    // A row that fails the domain's own checks was written around the API: say so.
    let name = SessionName::parse(&name)
        .map_err(|e| StoreError::internal("postgres", format!("stored session name: {e}")))?;
    let from: Option<Uuid> = row.try_get("forked_from_session").map_err(db_error)?;
    let version: Option<i64> = row.try_get("forked_from_version").map_err(db_error)?;
    let forked_from = match (from, version) {
        (Some(session), Some(version)) => Some(ForkedFrom {
            session_id: session.into(),
            version: u64::try_from(version).unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(Session {
        id: id.into(),
        name,
        created_at,
        forked_from,
    })
}
