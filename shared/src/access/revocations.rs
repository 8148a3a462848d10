//! Revocation: a member the host removed, or whose role the host changed, holds tokens
//! that still verify (a signed token cannot be recalled), so every place that admits a
//! token also asks how the member stands. One record per (session, member), kept as
//! long as any token issued to that member before the change could still be valid:
//! either "removed" (no token of the member is admitted) or "now has role R" (only
//! tokens carrying R are admitted, so a demoted performer's tokens stop and its renewal,
//! which reads the role from Postgres, carries the new one).

use async_trait::async_trait;

use super::caller::Member;
use super::claims::Role;
use super::tokens::MEMBER_TOKEN_TTL;
use crate::domain::{MemberId, SessionId};
use crate::store::StoreError;

/// How long a revocation is kept after the removal: the longest a member token issued
/// just before it lives, plus the verifiers' clock leeway. After that no token of the
/// member verifies, and renewals are refused by the member's record in Postgres.
pub const REVOCATION_TTL_SECONDS: i64 = MEMBER_TOKEN_TTL + 60;

/// How a member stands after the host acted on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Removed: none of its tokens is admitted.
    Removed,
    /// Its role changed: only tokens carrying this role are admitted.
    Role(Role),
}

/// Where revocations live (DynamoDB on AWS, read by the authorizers outside the VPC).
#[async_trait]
pub trait Revocations: Send + Sync {
    /// Records that `member` of `session` was removed at `now`.
    async fn revoke(&self, session: SessionId, member: &MemberId, now: i64) -> Result<(), StoreError>;

    /// Records that `member` of `session` holds `role` from `now`: its tokens carrying
    /// another role stop being admitted. Never replaces a removal.
    async fn change_role(
        &self,
        session: SessionId,
        member: &MemberId,
        role: Role,
        now: i64,
    ) -> Result<(), StoreError>;

    /// How `member` of `session` stands, when the host acted on it within a token's
    /// life (a strongly consistent read: a change is seen by the very next check).
    async fn standing(
        &self,
        session: SessionId,
        member: &MemberId,
        now: i64,
    ) -> Result<Option<Standing>, StoreError>;

    /// Whether `member` of `session` was removed.
    async fn is_revoked(&self, session: SessionId, member: &MemberId, now: i64) -> Result<bool, StoreError> {
        Ok(self.standing(session, member, now).await? == Some(Standing::Removed))
    }
}

/// No revocations at all: open mode, where nobody holds a token to revoke.
pub struct NoRevocations;

#[async_trait]
impl Revocations for NoRevocations {
    async fn revoke(&self, _: SessionId, _: &MemberId, _: i64) -> Result<(), StoreError> {
        Ok(())
    }

    async fn change_role(&self, _: SessionId, _: &MemberId, _: Role, _: i64) -> Result<(), StoreError> {
        Ok(())
    }

    async fn standing(&self, _: SessionId, _: &MemberId, _: i64) -> Result<Option<Standing>, StoreError> {
        Ok(None)
    }
}

/// Whether `member`, whose token verified, is still admitted: not removed, and its
/// token carries the role the host last gave it.
pub async fn still_member(
    revocations: &dyn Revocations,
    member: &Member,
    now: i64,
) -> Result<bool, StoreError> {
    Ok(
        match revocations.standing(member.session, &member.member, now).await? {
            None => true,
            Some(Standing::Removed) => false,
            Some(Standing::Role(role)) => role == member.role,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DisplayName;

    /// One member's standing, whatever is asked.
    struct Fixed(Option<Standing>);

    #[async_trait]
    impl Revocations for Fixed {
        async fn revoke(&self, _: SessionId, _: &MemberId, _: i64) -> Result<(), StoreError> {
            Ok(())
        }

        async fn change_role(&self, _: SessionId, _: &MemberId, _: Role, _: i64) -> Result<(), StoreError> {
            Ok(())
        }

        async fn standing(&self, _: SessionId, _: &MemberId, _: i64) -> Result<Option<Standing>, StoreError> {
            Ok(self.0)
        }
    }

    fn holding(role: Role) -> Member {
        Member {
            session: SessionId::new(),
            member: MemberId::parse("m-1").unwrap(),
            name: DisplayName::parse("Pat").unwrap(),
            role,
            expires_at: 0,
        }
    }

    #[tokio::test]
    async fn after_a_change_of_role_only_tokens_of_the_new_role_pass_and_after_a_removal_none() {
        let demoted = Fixed(Some(Standing::Role(Role::Listener)));
        assert!(
            !still_member(&demoted, &holding(Role::Performer), 0)
                .await
                .unwrap()
        );
        assert!(still_member(&demoted, &holding(Role::Listener), 0).await.unwrap());
        assert!(
            !demoted
                .is_revoked(SessionId::new(), &MemberId::parse("m-1").unwrap(), 0)
                .await
                .unwrap()
        );
        let removed = Fixed(Some(Standing::Removed));
        assert!(!still_member(&removed, &holding(Role::Listener), 0).await.unwrap());
        assert!(
            still_member(&Fixed(None), &holding(Role::Performer), 0)
                .await
                .unwrap()
        );
    }
}
