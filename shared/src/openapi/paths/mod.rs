//! One operation per HTTP route of `template.yaml`: its parameters, body and every
//! status it answers, in the handlers' own types.

pub mod arrangement;
pub mod comments;
pub mod media;
pub mod moderation;
pub mod parity;
pub mod presence;
pub mod rooms;
pub mod sessions;
