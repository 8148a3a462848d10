//! Sessions in a vector, for unit tests of handlers.

use async_trait::async_trait;
use chrono::Utc;
use std::sync::Mutex;

use crate::domain::{DisplayName, MemberId, Page, PageRequest, Session, SessionId, SessionName};
use crate::sessions::{
    Admission, Change, Changed, Entrant, InviteStore, MemberRecord, NewInvite, Removal, RoomControls,
    SessionStore,
};
use crate::store::StoreError;

/// Sessions held in a vector; for unit tests of handlers.
#[derive(Default)]
pub struct InMemorySessionStore {
    sessions: Mutex<Vec<Session>>,
    /// (session, member, display name, role)
    members: Mutex<Vec<(SessionId, MemberId, String, String)>>,
    /// (session, member, banned) of the removed members
    removed: Mutex<Vec<(SessionId, MemberId, bool)>>,
}

#[async_trait]
impl SessionStore for InMemorySessionStore {
    async fn create(&self, name: SessionName) -> Result<Session, StoreError> {
        let session = Session {
            id: SessionId::new(),
            name,
            created_at: Utc::now(),
            forked_from: None,
        };
        self.sessions.lock().unwrap().push(session.clone());
        Ok(session)
    }

    async fn get(&self, id: SessionId) -> Result<Option<Session>, StoreError> {
        let sessions = self.sessions.lock().unwrap();
        Ok(sessions.iter().find(|s| s.id == id).cloned())
    }

    async fn list(&self, page: PageRequest) -> Result<Page<Session>, StoreError> {
        let key = |s: &Session| (s.created_at, s.id.as_uuid());
        let mut sessions = self.sessions.lock().unwrap().clone();
        sessions.sort_by_key(|s| std::cmp::Reverse(key(s)));
        let limit = page.limit.get() as usize;
        let items: Vec<Session> = sessions
            .into_iter()
            .filter(|s| page.after.is_none_or(|c| key(s) < (c.created_at, c.id)))
            .take(limit + 1)
            .collect();
        Ok(Page::cut(items, limit, key))
    }

    async fn record_member(
        &self,
        session: SessionId,
        member: &MemberId,
        name: &DisplayName,
        role: &str,
    ) -> Result<(), StoreError> {
        let mut members = self.members.lock().unwrap();
        members.retain(|(s, m, _, _)| !(*s == session && m == member));
        members.push((session, member.clone(), name.as_str().to_owned(), role.to_owned()));
        Ok(())
    }

    async fn host_name(&self, session: SessionId) -> Result<Option<String>, StoreError> {
        let members = self.members.lock().unwrap();
        let host = members.iter().find(|(s, _, _, r)| *s == session && r == "host");
        Ok(host.map(|(_, _, name, _)| name.clone()))
    }

    async fn member(
        &self,
        session: SessionId,
        member: &MemberId,
    ) -> Result<Option<MemberRecord>, StoreError> {
        let members = self.members.lock().unwrap();
        let found = members.iter().find(|(s, m, _, _)| *s == session && m == member);
        let removed = self.removed.lock().unwrap();
        let standing = removed.iter().find(|(s, m, _)| *s == session && m == member);
        Ok(found.map(|(_, _, _, role)| MemberRecord {
            role: role.clone(),
            removed: standing.is_some(),
            banned: standing.is_some_and(|(_, _, ban)| *ban),
        }))
    }

    async fn remove_member(
        &self,
        session: SessionId,
        member: &MemberId,
        ban: bool,
    ) -> Result<Removal, StoreError> {
        match self.member(session, member).await? {
            None => Ok(Removal::NotAMember),
            Some(record) if record.role == "host" => Ok(Removal::Host),
            Some(record) => {
                let mut removed = self.removed.lock().unwrap();
                removed.retain(|(s, m, _)| !(*s == session && m == member));
                removed.push((session, member.clone(), ban || record.banned));
                Ok(Removal::Removed)
            }
        }
    }
}

/// Invites in memory: recorded and admitted through without bounds, enough for the
/// handlers' unit tests; the bounds and moderation are Postgres's (`tests/api`).
#[async_trait]
impl InviteStore for InMemorySessionStore {
    async fn create_invite(&self, _: &NewInvite) -> Result<(), StoreError> {
        Ok(())
    }

    async fn admit(&self, e: &Entrant<'_>) -> Result<Admission, StoreError> {
        self.record_member(e.session, e.member, e.name, e.role.as_str())
            .await?;
        Ok(Admission::Admitted)
    }

    async fn is_locked(&self, _: SessionId) -> Result<bool, StoreError> {
        Ok(false)
    }

    async fn controls(&self, _: SessionId) -> Result<RoomControls, StoreError> {
        Err(StoreError::internal(
            "memory",
            "moderation is kept in Postgres only",
        ))
    }

    async fn apply(&self, _: SessionId, _: &[Change], _: i64) -> Result<Vec<Changed>, StoreError> {
        Err(StoreError::internal(
            "memory",
            "moderation is kept in Postgres only",
        ))
    }
}
