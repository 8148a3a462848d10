//! The realtime contract as an AsyncAPI 3.0 document, generated from the envelope and
//! frame types and the realtime limits (`studio-admin contract asyncapi` writes
//! `docs/asyncapi.json`; a test keeps that file equal to this). Only with the `asyncapi`
//! feature: the functions serve the committed file.

mod channel;
mod document;
mod frames;
mod messages;
mod schemas;

pub use channel::{GATEWAY_MESSAGE_BYTES, IDLE_SECONDS};
pub use document::{document, to_json};
pub use frames::{HeartbeatFrame, MessageFrame, RosterFrame, StatusFrame};
pub use frames::{HeartbeatFrameKind, MessageFrameKind, ResumeFrameKind, RosterFrameKind, StatusFrameKind};
pub use schemas::FRAME_TYPES;
