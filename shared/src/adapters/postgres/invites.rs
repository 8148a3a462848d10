//! Invites and the room's moderation in Postgres (`invites`, `sessions.locked`,
//! `session_members`, migration V23). An admission locks its invite's row, checks the
//! room's lock and the invite's bounds, records the member and counts it, all in one
//! transaction: two joins through one invite queue on the row, so neither bound is
//! overshot however many arrive at once.

use async_trait::async_trait;
use tokio_postgres::{GenericClient, Row};
use uuid::Uuid;

use super::{PgSessionStore, db_error};
use crate::access::Role;
use crate::domain::{MemberId, SessionId};
use crate::sessions::{
    Admission, Change, Changed, Entrant, INVITE_JOINS_PER_MINUTE, InviteRecord, InviteStore, MemberEntry,
    NewInvite, RoomControls,
};
use crate::store::StoreError;

const INSERT_INVITE: &str = "INSERT INTO invites (id, session_id, role, created_by, expires_at, max_members) \
     VALUES ($1, $2, $3, $4, to_timestamp($5), $6)";
const INVITE_COLUMNS: &str = "id, role, created_by, extract(epoch FROM created_at)::bigint AS created_at, \
     extract(epoch FROM expires_at)::bigint AS expires_at, \
     extract(epoch FROM revoked_at)::bigint AS revoked_at, max_members, admitted";
/// The invite's row, locked, with what the admission checks.
const ADMISSION: &str = "SELECT i.revoked_at IS NOT NULL AS revoked, i.max_members, i.admitted, \
     i.window_started_at > to_timestamp($3) - interval '60 seconds' AS in_window, i.window_joins, s.locked \
     FROM invites i JOIN sessions s ON s.id = i.session_id \
     WHERE i.id = $1 AND i.session_id = $2 FOR UPDATE OF i";
const COUNT_IN_WINDOW: &str =
    "UPDATE invites SET admitted = admitted + 1, window_joins = window_joins + 1 WHERE id = $1";
const COUNT_NEW_WINDOW: &str = "UPDATE invites SET admitted = admitted + 1, window_joins = 1, \
     window_started_at = to_timestamp($2) WHERE id = $1";
const INSERT_MEMBER: &str = "INSERT INTO session_members (session_id, member_id, display_name, role, invite_id) \
     VALUES ($1, $2, $3, $4, $5)";
const MEMBERS: &str = "SELECT member_id, display_name, role, invite_id, removed_at IS NOT NULL AS removed, banned \
     FROM session_members WHERE session_id = $1 ORDER BY joined_at, member_id";

fn param_now(now: i64) -> f64 {
    now as f64
}

#[async_trait]
impl InviteStore for PgSessionStore {
    async fn create_invite(&self, invite: &NewInvite) -> Result<(), StoreError> {
        insert_invite(&**self.db.client().await?, invite).await
    }

    async fn admit(&self, e: &Entrant<'_>) -> Result<Admission, StoreError> {
        let mut client = self.db.client().await?;
        let tx = client.transaction().await.map_err(db_error)?;
        let now = param_now(e.now);
        let Some(row) = tx
            .query_opt(ADMISSION, &[&e.invite, &e.session.as_uuid(), &now])
            .await
            .map_err(db_error)?
        else {
            return Ok(Admission::Unknown);
        };
        let get_i32 = |name: &str| row.try_get::<_, i32>(name).map_err(db_error);
        let get_bool = |name: &str| row.try_get::<_, bool>(name).map_err(db_error);
        // Dropping the transaction on a refusal rolls it back: a refused join writes nothing.
        if get_bool("revoked")? {
            return Ok(Admission::Revoked);
        }
        if get_bool("locked")? {
            return Ok(Admission::Locked);
        }
        if get_i32("admitted")? >= get_i32("max_members")? {
            return Ok(Admission::Exhausted);
        }
        let in_window = get_bool("in_window")?;
        if in_window && get_i32("window_joins")? >= INVITE_JOINS_PER_MINUTE {
            return Ok(Admission::RateLimited);
        }
        if in_window {
            tx.execute(COUNT_IN_WINDOW, &[&e.invite])
                .await
                .map_err(db_error)?;
        } else {
            tx.execute(COUNT_NEW_WINDOW, &[&e.invite, &now])
                .await
                .map_err(db_error)?;
        }
        let invite = e.invite.to_string();
        tx.execute(
            INSERT_MEMBER,
            &[
                &e.session.as_uuid(),
                &e.member.as_str(),
                &e.name.as_str(),
                &e.role.as_str(),
                &invite,
            ],
        )
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(Admission::Admitted)
    }

    async fn is_locked(&self, session: SessionId) -> Result<bool, StoreError> {
        let row = self
            .db
            .read_opt("SELECT locked FROM sessions WHERE id = $1", &[&session.as_uuid()])
            .await?;
        Ok(row
            .map(|r| r.try_get("locked"))
            .transpose()
            .map_err(db_error)?
            .unwrap_or(false))
    }

    async fn controls(&self, session: SessionId) -> Result<RoomControls, StoreError> {
        let id = session.as_uuid();
        let locked = self.is_locked(session).await?;
        let sql = format!(
            "SELECT {INVITE_COLUMNS} FROM invites WHERE session_id = $1 ORDER BY created_at DESC, id"
        );
        let invites = self.db.read(&sql, &[&id]).await?;
        let members = self.db.read(MEMBERS, &[&id]).await?;
        Ok(RoomControls {
            locked,
            invites: invites.iter().map(to_invite).collect::<Result<_, _>>()?,
            members: members.iter().map(to_member).collect::<Result<_, _>>()?,
        })
    }

    async fn apply(
        &self,
        session: SessionId,
        changes: &[Change],
        now: i64,
    ) -> Result<Vec<Changed>, StoreError> {
        let mut client = self.db.client().await?;
        let tx = client.transaction().await.map_err(db_error)?;
        let mut answers = Vec::with_capacity(changes.len());
        for change in changes {
            let changed = apply_one(&*tx, session, change, now).await?;
            let refused = matches!(changed, Changed::NotFound | Changed::Host | Changed::Removed);
            answers.push(changed);
            if refused {
                // Rolled back as the transaction drops: the batch changes nothing.
                return Ok(answers);
            }
        }
        tx.commit().await.map_err(db_error)?;
        Ok(answers)
    }
}

async fn insert_invite(c: &impl GenericClient, invite: &NewInvite) -> Result<(), StoreError> {
    c.execute(
        INSERT_INVITE,
        &[
            &invite.id,
            &invite.session.as_uuid(),
            &invite.role.as_str(),
            &invite.created_by.as_str(),
            &param_now(invite.expires_at),
            &invite.max_members,
        ],
    )
    .await
    .map_err(db_error)?;
    Ok(())
}

async fn apply_one(
    c: &impl GenericClient,
    session: SessionId,
    change: &Change,
    now: i64,
) -> Result<Changed, StoreError> {
    let sid = session.as_uuid();
    Ok(match change {
        Change::CreateInvite(invite) => {
            insert_invite(c, invite).await?;
            Changed::Done
        }
        Change::RevokeInvite(id) => Changed::Invite(Some(match revoke(c, session, *id, now).await? {
            Some(invite) => invite,
            None => return Ok(Changed::NotFound),
        })),
        Change::Lock(locked) => {
            c.execute("UPDATE sessions SET locked = $2 WHERE id = $1", &[&sid, locked])
                .await
                .map_err(db_error)?;
            Changed::Done
        }
        Change::SetRole(member, role) => {
            let Some(current) = member_row(c, session, member).await? else {
                return Ok(Changed::NotFound);
            };
            if current.role == Role::Host {
                return Ok(Changed::Host);
            }
            if current.removed {
                return Ok(Changed::Removed);
            }
            c.execute(
                "UPDATE session_members SET role = $3 WHERE session_id = $1 AND member_id = $2",
                &[&sid, &member.as_str(), &role.as_str()],
            )
            .await
            .map_err(db_error)?;
            Changed::Done
        }
        Change::Ban(member) => {
            let Some(current) = member_row(c, session, member).await? else {
                return Ok(Changed::NotFound);
            };
            if current.role == Role::Host {
                return Ok(Changed::Host);
            }
            c.execute(
                "UPDATE session_members SET removed_at = COALESCE(removed_at, now()), banned = true \
                 WHERE session_id = $1 AND member_id = $2",
                &[&sid, &member.as_str()],
            )
            .await
            .map_err(db_error)?;
            let invite = current
                .invite_id
                .as_deref()
                .and_then(|raw| Uuid::parse_str(raw).ok());
            match invite {
                Some(id) => Changed::Invite(revoke(c, session, id, now).await?),
                None => Changed::Invite(None),
            }
        }
        Change::Unban(member) => {
            let n = c
                .execute(
                    "UPDATE session_members SET banned = false WHERE session_id = $1 AND member_id = $2",
                    &[&sid, &member.as_str()],
                )
                .await
                .map_err(db_error)?;
            if n == 0 { Changed::NotFound } else { Changed::Done }
        }
    })
}

/// Revokes an invite of the session (an already revoked one keeps its time).
async fn revoke(
    c: &impl GenericClient,
    session: SessionId,
    id: Uuid,
    now: i64,
) -> Result<Option<InviteRecord>, StoreError> {
    let sql = format!(
        "UPDATE invites SET revoked_at = COALESCE(revoked_at, to_timestamp($3)) \
         WHERE id = $1 AND session_id = $2 RETURNING {INVITE_COLUMNS}"
    );
    let row = c
        .query_opt(&sql, &[&id, &session.as_uuid(), &param_now(now)])
        .await
        .map_err(db_error)?;
    row.as_ref().map(to_invite).transpose()
}

async fn member_row(
    c: &impl GenericClient,
    session: SessionId,
    member: &MemberId,
) -> Result<Option<MemberEntry>, StoreError> {
    let sql = "SELECT member_id, display_name, role, invite_id, removed_at IS NOT NULL AS removed, banned \
               FROM session_members WHERE session_id = $1 AND member_id = $2 FOR UPDATE";
    let row = c
        .query_opt(sql, &[&session.as_uuid(), &member.as_str()])
        .await
        .map_err(db_error)?;
    row.as_ref().map(to_member).transpose()
}

fn role_of(row: &Row) -> Result<Role, StoreError> {
    let raw: String = row.try_get("role").map_err(db_error)?;
    Role::parse(&raw).ok_or_else(|| StoreError::internal("postgres", format!("unknown role {raw:?}")))
}

fn to_invite(row: &Row) -> Result<InviteRecord, StoreError> {
    Ok(InviteRecord {
        id: row.try_get("id").map_err(db_error)?,
        role: role_of(row)?,
        created_by: row.try_get("created_by").map_err(db_error)?,
        created_at: row.try_get("created_at").map_err(db_error)?,
        expires_at: row.try_get("expires_at").map_err(db_error)?,
        revoked_at: row.try_get("revoked_at").map_err(db_error)?,
        max_members: row.try_get("max_members").map_err(db_error)?,
        admitted: row.try_get("admitted").map_err(db_error)?,
    })
}

fn to_member(row: &Row) -> Result<MemberEntry, StoreError> {
    Ok(MemberEntry {
        member_id: row.try_get("member_id").map_err(db_error)?,
        display_name: row.try_get("display_name").map_err(db_error)?,
        role: role_of(row)?,
        invite_id: row.try_get("invite_id").map_err(db_error)?,
        removed: row.try_get("removed").map_err(db_error)?,
        banned: row.try_get("banned").map_err(db_error)?,
    })
}
