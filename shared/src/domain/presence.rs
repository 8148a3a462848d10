//! Who is in a studio room: room and member ids, display names, statuses and how long a
//! presence lasts without being refreshed.

use serde::Serialize;

use super::{IdError, MemberId};

/// Why a presence value was refused; the message names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresenceError {
    #[error(transparent)]
    Id(#[from] IdError),
    #[error("displayName must be 1-{MAX_DISPLAY_NAME_CHARS} characters without control characters")]
    InvalidDisplayName,
    #[error("status must be 1-{MAX_STATUS_CHARS} characters of lower-case letters, digits, '-' or '_'")]
    InvalidStatus,
    #[error("ttlSeconds must be a whole number from {MIN_TTL_SECONDS} to {MAX_TTL_SECONDS}")]
    InvalidTtl,
}

/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 80;
/// Longest status.
pub const MAX_STATUS_CHARS: usize = 32;
/// Shortest presence lifetime: below it a client would spend its time heartbeating.
pub const MIN_TTL_SECONDS: u32 = 5;
/// Longest presence lifetime: a vanished member lingers at most this long.
pub const MAX_TTL_SECONDS: u32 = 3600;
/// Longest lifetime of a presence written over HTTP, which nothing heartbeats: a
/// longer `ttlSeconds` is cut to this, so a member planted over HTTP lingers briefly.
pub const MAX_HTTP_TTL_SECONDS: u32 = 300;
/// The lifetime used when a client names none.
pub const DEFAULT_TTL_SECONDS: u32 = 60;

/// The name shown for a member: trimmed, 1-80 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DisplayName(String);

impl DisplayName {
    /// Trims and checks a display name.
    pub fn parse(raw: &str) -> Result<Self, PresenceError> {
        let trimmed = raw.trim();
        let chars = trimmed.chars().count();
        if chars == 0 || chars > MAX_DISPLAY_NAME_CHARS || trimmed.chars().any(char::is_control) {
            return Err(PresenceError::InvalidDisplayName);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a member is doing (`online`, `recording`, `away`, ...): a short lower-case word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PresenceStatus(String);

impl PresenceStatus {
    /// Checks a status word.
    pub fn parse(raw: &str) -> Result<Self, PresenceError> {
        let ok = !raw.is_empty()
            && raw.len() <= MAX_STATUS_CHARS
            && raw
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_'));
        ok.then(|| Self(raw.to_owned()))
            .ok_or(PresenceError::InvalidStatus)
    }

    /// `online`, the status of a member who names none.
    pub fn online() -> Self {
        Self("online".to_owned())
    }

    /// The status as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a presence lasts without a refresh, within 5..=3600 seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ttl(u32);

impl Ttl {
    /// Checks a lifetime in seconds.
    pub fn parse(seconds: i64) -> Result<Self, PresenceError> {
        u32::try_from(seconds)
            .ok()
            .filter(|s| (MIN_TTL_SECONDS..=MAX_TTL_SECONDS).contains(s))
            .map(Self)
            .ok_or(PresenceError::InvalidTtl)
    }

    /// Reads an optional JSON value: absent or null means the default.
    pub fn from_json(value: Option<&serde_json::Value>) -> Result<Self, PresenceError> {
        match value {
            None | Some(serde_json::Value::Null) => Ok(Self::default()),
            Some(v) => v.as_i64().ok_or(PresenceError::InvalidTtl).and_then(Self::parse),
        }
    }

    /// This lifetime, or `ceiling` seconds if that is shorter.
    pub fn at_most(self, ceiling: u32) -> Self {
        Self(self.0.min(ceiling))
    }

    /// The lifetime in seconds.
    pub fn seconds(self) -> i64 {
        i64::from(self.0)
    }
}

impl Default for Ttl {
    fn default() -> Self {
        Self(DEFAULT_TTL_SECONDS)
    }
}

/// One member's presence in a room, as clients see it. Times are Unix seconds, the unit
/// of DynamoDB's TTL attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PresenceMember {
    pub member_id: MemberId,
    pub display_name: DisplayName,
    pub status: PresenceStatus,
    pub updated_at: i64,
    pub expires_at: i64,
}

impl PresenceMember {
    /// A presence refreshed at `now` for `ttl`.
    pub fn new(
        member_id: MemberId,
        display_name: DisplayName,
        status: PresenceStatus,
        ttl: Ttl,
        now: i64,
    ) -> Self {
        Self {
            member_id,
            display_name,
            status,
            updated_at: now,
            expires_at: now + ttl.seconds(),
        }
    }

    /// Whether the presence still counts at `now`.
    pub fn is_live(&self, now: i64) -> bool {
        self.expires_at > now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(DisplayName::parse("  Ada ").unwrap().as_str(), "Ada");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse("a\nb").is_err());
        assert!(DisplayName::parse(&"é".repeat(MAX_DISPLAY_NAME_CHARS)).is_ok());
        assert!(DisplayName::parse(&"é".repeat(MAX_DISPLAY_NAME_CHARS + 1)).is_err());
    }

    #[test]
    fn statuses_are_short_lower_case_words() {
        assert!(PresenceStatus::parse("recording").is_ok());
        assert!(PresenceStatus::parse("Away").is_err());
        assert!(PresenceStatus::parse("").is_err());
    }

    #[test]
    fn a_ttl_outside_its_bounds_is_refused_and_absent_means_the_default() {
        assert_eq!(Ttl::parse(5).unwrap().seconds(), 5);
        assert_eq!(Ttl::parse(3600).unwrap().seconds(), 3600);
        assert!(Ttl::parse(4).is_err());
        assert!(Ttl::parse(3601).is_err());
        assert_eq!(Ttl::from_json(None).unwrap(), Ttl::default());
        assert!(Ttl::from_json(Some(&serde_json::json!("60"))).is_err());
        assert!(Ttl::from_json(Some(&serde_json::json!(1.5))).is_err());
    }

    #[test]
    fn a_member_is_live_until_its_expiry() {
        let m = PresenceMember::new(
            MemberId::parse("m").unwrap(),
            DisplayName::parse("M").unwrap(),
            PresenceStatus::online(),
            Ttl::default(),
            100,
        );
        assert!(m.is_live(159));
        assert!(!m.is_live(160));
    }
}
