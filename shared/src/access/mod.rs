//! Who may do what: the two access modes, member tokens in LiveKit's access-token
//! format, the identity API Gateway's authorizers hand to functions, and the checks
//! every protected route makes with it.

mod actions;
mod authorizer;
mod caller;
mod claims;
mod config;
mod error;
mod hs256;
mod keys;
mod livekit;
mod mode;
mod revocations;
mod tokens;

pub use actions::{Action, ROLES, RULES};
pub use authorizer::{Unauthorized, authorize_http, authorize_ws};
pub use caller::{Caller, Member};
pub use claims::{Claims, Role, StudioClaims, TokenUse, VideoGrant};
pub use config::AccessConfig;
pub use error::AccessError;
pub use keys::{KeyError, SigningKey, SigningKeys};
pub use livekit::{LiveKit, LiveKitJoin};
pub use mode::{AccessMode, InvalidAccessMode};
pub use revocations::{NoRevocations, REVOCATION_TTL_SECONDS, Revocations, Standing, still_member};
pub use tokens::{
    INVITE_TTL_DEFAULT, INVITE_TTL_MAX, INVITE_TTL_MIN, Invitation, Issued, MEMBER_TOKEN_TTL, TokenError,
    Tokens, bearer,
};
