//! `/api/upload` and `/api/export`: audio uploads to S3 and WAV exports of a session.

pub mod answers;
mod confirm;
pub mod export;
mod history;
pub(crate) mod input;
mod multipart;
mod pending;
mod staging;
#[cfg(test)]
mod tests;
pub mod upload;
