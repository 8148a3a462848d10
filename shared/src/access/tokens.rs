//! Issuing and verifying the studio's tokens: member tokens (hours) and invites (as
//! long as the host chooses), HS256 JWTs signed with the current key and checked with
//! whichever key of the set their `kid` names.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode};

use super::actions::Action;
use super::caller::Member;
use super::claims::{Claims, Role, StudioClaims, TokenUse, VideoGrant};
use super::keys::{SigningKey, SigningKeys};
use crate::domain::{DisplayName, MemberId, SessionId};

/// How long a member token lasts; its holder renews it before then.
pub const MEMBER_TOKEN_TTL: i64 = 4 * 60 * 60;
/// An invite's life when the host does not choose one.
pub const INVITE_TTL_DEFAULT: i64 = 7 * 24 * 60 * 60;
/// Shortest invite life a host may choose.
pub const INVITE_TTL_MIN: i64 = 60;
/// Longest invite life a host may choose.
pub const INVITE_TTL_MAX: i64 = 30 * 24 * 60 * 60;
/// Clock skew tolerated between the signer and a verifier.
const LEEWAY_SECONDS: u64 = 30;

/// A token that does not admit its holder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid: {0}")]
    Invalid(String),
    #[error("the token was signed with key {0:?}, which this studio does not hold")]
    UnknownKey(String),
    #[error("this token is {found}, not {wanted}")]
    WrongUse {
        found: &'static str,
        wanted: &'static str,
    },
}

/// A signed token and when it expires (Unix seconds).
#[derive(Debug, Clone)]
pub struct Issued {
    pub token: String,
    pub expires_at: i64,
}

/// What a verified invite grants: a place in `session` with `role`, through the
/// invite `id` (`None` for an invite minted before invites had ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invitation {
    pub id: Option<uuid::Uuid>,
    pub session: SessionId,
    pub role: Role,
}

/// Signs and verifies with one key set.
#[derive(Debug, Clone)]
pub struct Tokens {
    keys: SigningKeys,
}

impl Tokens {
    /// Tokens over `keys`.
    pub fn new(keys: SigningKeys) -> Self {
        Self { keys }
    }

    /// A member token for `member` in `session`.
    pub fn member(&self, member: &Member, now: i64) -> Issued {
        let claims = member_claims(self.keys.current().id(), member, now, MEMBER_TOKEN_TTL);
        sign(self.keys.current(), &claims)
    }

    /// The invite `id` to `session` granting `role`, valid for `ttl` seconds.
    pub fn invite(&self, id: uuid::Uuid, session: SessionId, role: Role, now: i64, ttl: i64) -> Issued {
        let claims = Claims {
            jti: Some(id.to_string()),
            iss: self.keys.current().id().to_owned(),
            sub: format!("invite:{session}"),
            name: String::new(),
            nbf: now - 1,
            exp: now + ttl,
            video: VideoGrant {
                room: session.to_string(),
                room_join: false,
                can_publish: false,
                can_subscribe: false,
            },
            studio: StudioClaims {
                token_use: TokenUse::Invite,
                role,
            },
        };
        sign(self.keys.current(), &claims)
    }

    /// The member a member token names.
    pub fn verify_member(&self, token: &str) -> Result<Member, TokenError> {
        let claims = self.verify(token, TokenUse::Member)?;
        let invalid = |what: &str| TokenError::Invalid(format!("its {what} is not valid"));
        Ok(Member {
            session: SessionId::parse(&claims.video.room).map_err(|_| invalid("room"))?,
            member: MemberId::parse(&claims.sub).map_err(|_| invalid("subject"))?,
            name: DisplayName::parse(&claims.name).map_err(|_| invalid("name"))?,
            role: claims.studio.role,
            expires_at: claims.exp,
        })
    }

    /// The session an invite opens and the role it grants. No invite makes a host:
    /// a session has the one that created it.
    pub fn verify_invite(&self, token: &str) -> Result<Invitation, TokenError> {
        let claims = self.verify(token, TokenUse::Invite)?;
        if claims.studio.role == Role::Host {
            return Err(TokenError::Invalid(
                "an invite cannot grant the host's role".into(),
            ));
        }
        let session = SessionId::parse(&claims.video.room)
            .map_err(|_| TokenError::Invalid("its room is not a session".into()))?;
        let id = match claims.jti.as_deref() {
            None => None,
            Some(raw) => Some(
                uuid::Uuid::parse_str(raw).map_err(|_| TokenError::Invalid("its id is not valid".into()))?,
            ),
        };
        Ok(Invitation {
            id,
            session,
            role: claims.studio.role,
        })
    }

    fn verify(&self, token: &str, wanted: TokenUse) -> Result<Claims, TokenError> {
        super::hs256::install();
        let header = decode_header(token).map_err(|e| TokenError::Invalid(e.to_string()))?;
        let kid = header
            .kid
            .ok_or_else(|| TokenError::Invalid("it names no key (kid)".into()))?;
        let key = self
            .keys
            .find(&kid)
            .ok_or_else(|| TokenError::UnknownKey(kid.clone()))?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_nbf = true;
        validation.set_issuer(&[kid.as_str()]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "sub"]);
        let claims = decode::<Claims>(token, &DecodingKey::from_secret(key.secret()), &validation)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid(e.to_string()),
            })?
            .claims;
        if claims.studio.token_use != wanted {
            return Err(TokenError::WrongUse {
                found: use_name(claims.studio.token_use),
                wanted: use_name(wanted),
            });
        }
        Ok(claims)
    }
}

/// The token of an `Authorization: Bearer <token>` header value.
pub fn bearer(header: &str) -> Option<&str> {
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))?;
    Some(token.trim())
}

/// A member's claims signed by the key `iss` (the studio's, or LiveKit's API key).
pub(super) fn member_claims(iss: &str, member: &Member, now: i64, ttl: i64) -> Claims {
    Claims {
        jti: None,
        iss: iss.to_owned(),
        sub: member.member.to_string(),
        name: member.name.as_str().to_owned(),
        nbf: now - 1,
        exp: now + ttl,
        video: VideoGrant {
            room: member.session.to_string(),
            room_join: true,
            // LiveKit enforces it: a listener's grant cannot publish audio.
            can_publish: Action::Publish.allows(member.role),
            can_subscribe: true,
        },
        studio: StudioClaims {
            token_use: TokenUse::Member,
            role: member.role,
        },
    }
}

/// Signs `claims` with `key`, naming it in the header.
pub(super) fn sign(key: &SigningKey, claims: &Claims) -> Issued {
    super::hs256::install();
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(key.id().to_owned());
    let token = encode(&header, claims, &EncodingKey::from_secret(key.secret()))
        .expect("HS256 signing of serialisable claims cannot fail");
    Issued {
        token,
        expires_at: claims.exp,
    }
}

fn use_name(token_use: TokenUse) -> &'static str {
    match token_use {
        TokenUse::Member => "a member token",
        TokenUse::Invite => "an invite",
    }
}

#[cfg(test)]
#[path = "tokens_tests.rs"]
mod tests;
