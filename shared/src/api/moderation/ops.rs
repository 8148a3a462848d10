//! The body of `POST /api/sessions/moderation`: `{ sessionId?, ops: [...] }`, each op
//! `{ "op": "createInvite" | "revokeInvite" | "replaceInvite" | "lock" | "unlock" |
//! "setRole" | "ban" | "unban", ... }`, read into checked values before anything is
//! written.

use serde::Deserialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::access::{INVITE_TTL_DEFAULT, INVITE_TTL_MAX, INVITE_TTL_MIN, Role};
use crate::domain::MemberId;
use crate::error::ApiError;
use crate::sessions::{INVITE_MAX_MEMBERS_CEILING, INVITE_MAX_MEMBERS_DEFAULT};

/// The most ops one request applies: a host's batch, not a script's.
pub const MAX_OPS: usize = 20;

/// The body as sent.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Body {
    #[serde(default)]
    session_id: Option<String>,
    ops: Vec<RawOp>,
}

#[derive(Deserialize)]
#[serde(
    tag = "op",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
enum RawOp {
    CreateInvite {
        #[serde(default)]
        role: Option<String>,
        #[serde(default)]
        max_members: Option<i64>,
        #[serde(default)]
        ttl_seconds: Option<i64>,
    },
    RevokeInvite {
        invite_id: String,
    },
    ReplaceInvite {
        invite_id: String,
    },
    Lock,
    Unlock,
    SetRole {
        member_id: String,
        role: String,
    },
    Ban {
        member_id: String,
    },
    Unban {
        member_id: String,
    },
}

/// One checked op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    CreateInvite { role: Role, max_members: i32, ttl: i64 },
    RevokeInvite(Uuid),
    ReplaceInvite(Uuid),
    Lock(bool),
    SetRole(MemberId, Role),
    Ban(MemberId),
    Unban(MemberId),
}

/// The session asked for (empty: the host's) and the checked ops.
pub fn read(body: Map<String, Value>) -> Result<(String, Vec<Op>), ApiError> {
    let body: Body =
        serde_json::from_value(Value::Object(body)).map_err(|e| ApiError::bad_request("invalid_body", e))?;
    if body.ops.is_empty() {
        return Err(ApiError::bad_request(
            "no_ops",
            "ops must name at least one change",
        ));
    }
    if body.ops.len() > MAX_OPS {
        return Err(ApiError::bad_request(
            "too_many_ops",
            format!("one request applies at most {MAX_OPS} ops"),
        ));
    }
    let ops = body.ops.into_iter().map(check).collect::<Result<_, _>>()?;
    Ok((body.session_id.unwrap_or_default(), ops))
}

fn check(raw: RawOp) -> Result<Op, ApiError> {
    Ok(match raw {
        RawOp::CreateInvite {
            role,
            max_members,
            ttl_seconds,
        } => Op::CreateInvite {
            role: guest_role(role.as_deref().unwrap_or("performer"))?,
            max_members: max_members_of(max_members)?,
            ttl: ttl_of(ttl_seconds)?,
        },
        RawOp::RevokeInvite { invite_id } => Op::RevokeInvite(invite_id_of(&invite_id)?),
        RawOp::ReplaceInvite { invite_id } => Op::ReplaceInvite(invite_id_of(&invite_id)?),
        RawOp::Lock => Op::Lock(true),
        RawOp::Unlock => Op::Lock(false),
        RawOp::SetRole { member_id, role } => Op::SetRole(MemberId::parse(&member_id)?, guest_role(&role)?),
        RawOp::Ban { member_id } => Op::Ban(MemberId::parse(&member_id)?),
        RawOp::Unban { member_id } => Op::Unban(MemberId::parse(&member_id)?),
    })
}

/// A role the host may hand out: `performer` or `listener`, never its own.
fn guest_role(raw: &str) -> Result<Role, ApiError> {
    match raw {
        "performer" => Ok(Role::Performer),
        "listener" => Ok(Role::Listener),
        _ => Err(ApiError::bad_request(
            "invalid_role",
            "role must be \"performer\" or \"listener\"",
        )),
    }
}

fn max_members_of(asked: Option<i64>) -> Result<i32, ApiError> {
    match asked {
        None => Ok(INVITE_MAX_MEMBERS_DEFAULT),
        Some(n) if (1..=i64::from(INVITE_MAX_MEMBERS_CEILING)).contains(&n) => Ok(n as i32),
        Some(_) => Err(ApiError::bad_request(
            "invalid_max_members",
            format!("maxMembers must be a whole number from 1 to {INVITE_MAX_MEMBERS_CEILING}"),
        )),
    }
}

/// `ttlSeconds`: as a session's first invite, seven days unless the host asks for 60 s
/// to 30 days.
fn ttl_of(asked: Option<i64>) -> Result<i64, ApiError> {
    match asked {
        None => Ok(INVITE_TTL_DEFAULT),
        Some(s) if (INVITE_TTL_MIN..=INVITE_TTL_MAX).contains(&s) => Ok(s),
        Some(_) => Err(ApiError::bad_request(
            "invalid_invite_ttl",
            format!("ttlSeconds must be a whole number from {INVITE_TTL_MIN} to {INVITE_TTL_MAX}"),
        )),
    }
}

fn invite_id_of(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw)
        .map_err(|_| ApiError::bad_request("invalid_invite_id", "inviteId must be an invite's id"))
}

/// How long a replacement lasts: as long as the invite it replaces was made to.
pub fn replacement_ttl(created_at: i64, expires_at: i64) -> i64 {
    let ttl = expires_at - created_at;
    if ttl > 0 { ttl } else { INVITE_TTL_DEFAULT }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn every_op_reads_into_its_checked_form() {
        let (session, ops) = read(body(json!({ "ops": [
            { "op": "createInvite", "role": "listener", "maxMembers": 3, "ttlSeconds": 3600 },
            { "op": "lock" },
            { "op": "setRole", "memberId": "m-1", "role": "listener" },
        ]})))
        .unwrap();
        assert_eq!(session, "");
        assert_eq!(
            ops[0],
            Op::CreateInvite {
                role: Role::Listener,
                max_members: 3,
                ttl: 3600,
            }
        );
        assert_eq!(ops[1], Op::Lock(true));
        assert_eq!(
            ops[2],
            Op::SetRole(MemberId::parse("m-1").unwrap(), Role::Listener)
        );
    }

    #[test]
    fn no_op_may_make_a_host_nor_an_invite_over_the_ceiling() {
        let host = read(body(
            json!({ "ops": [{ "op": "setRole", "memberId": "m-1", "role": "host" }] }),
        ));
        assert_eq!(host.err().unwrap().code(), "invalid_role");
        let big = read(body(
            json!({ "ops": [{ "op": "createInvite", "maxMembers": 251 }] }),
        ));
        assert_eq!(big.err().unwrap().code(), "invalid_max_members");
        let short = read(body(
            json!({ "ops": [{ "op": "createInvite", "ttlSeconds": 59 }] }),
        ));
        assert_eq!(short.err().unwrap().code(), "invalid_invite_ttl");
        let none = read(body(json!({ "ops": [] })));
        assert_eq!(none.err().unwrap().code(), "no_ops");
        let unknown = read(body(json!({ "ops": [{ "op": "promote" }] })));
        assert_eq!(unknown.err().unwrap().code(), "invalid_body");
    }
}
