//! Revocation: a member the host removed holds tokens that still verify (a signed
//! token cannot be recalled), so every place that admits a token also asks whether its
//! member was removed. One record per (session, member), kept as long as any token
//! issued to that member before its removal could still be valid.

use async_trait::async_trait;

use super::caller::Member;
use super::tokens::MEMBER_TOKEN_TTL;
use crate::domain::{MemberId, SessionId};
use crate::store::StoreError;

/// How long a revocation is kept after the removal: the longest a member token issued
/// just before it lives, plus the verifiers' clock leeway. After that no token of the
/// member verifies, and renewals are refused by the member's record in Postgres.
pub const REVOCATION_TTL_SECONDS: i64 = MEMBER_TOKEN_TTL + 60;

/// Where revocations live (DynamoDB on AWS, read by the authorizers outside the VPC).
#[async_trait]
pub trait Revocations: Send + Sync {
    /// Records that `member` of `session` was removed at `now`.
    async fn revoke(&self, session: SessionId, member: &MemberId, now: i64) -> Result<(), StoreError>;

    /// Whether `member` of `session` was removed (a strongly consistent read: a
    /// removal is seen by the very next check).
    async fn is_revoked(&self, session: SessionId, member: &MemberId, now: i64) -> Result<bool, StoreError>;
}

/// No revocations at all: open mode, where nobody holds a token to revoke.
pub struct NoRevocations;

#[async_trait]
impl Revocations for NoRevocations {
    async fn revoke(&self, _: SessionId, _: &MemberId, _: i64) -> Result<(), StoreError> {
        Ok(())
    }

    async fn is_revoked(&self, _: SessionId, _: &MemberId, _: i64) -> Result<bool, StoreError> {
        Ok(false)
    }
}

/// Whether `member`, whose token verified, still belongs to its session.
pub async fn still_member(
    revocations: &dyn Revocations,
    member: &Member,
    now: i64,
) -> Result<bool, StoreError> {
    Ok(!revocations
        .is_revoked(member.session, &member.member, now)
        .await?)
}
