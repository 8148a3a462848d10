//! Keyset paging: a bounded page size and an opaque cursor naming the last row seen.
//!
//! A cursor is `(createdAt, id)` of the last session on a page, so the next page is an
//! index range scan that costs the same on page one and page ten thousand.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Page size when the client names none.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: u32 = 100;

/// Why a paging parameter was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("limit must be a whole number from 1 to {MAX_PAGE_SIZE}")]
    InvalidLimit,
    #[error("cursor is not one this API returned")]
    InvalidCursor,
}

/// How many rows a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimit(u32);

impl PageLimit {
    /// Parses `limit`; absent means the default.
    pub fn parse(raw: Option<&str>) -> Result<Self, PageError> {
        let Some(raw) = raw else {
            return Ok(Self::default());
        };
        match raw.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(Self(n)),
            _ => Err(PageError::InvalidLimit),
        }
    }

    /// The page size.
    pub fn get(&self) -> u32 {
        self.0
    }
}

impl Default for PageLimit {
    fn default() -> Self {
        Self(DEFAULT_PAGE_SIZE)
    }
}

/// The position after which the next page starts: newest-first order, so the next
/// page holds rows strictly older than `(created_at, id)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: DateTime<Utc>,
    pub id: Uuid,
}

impl Cursor {
    /// Encodes the cursor as an opaque URL-safe token.
    pub fn encode(&self) -> String {
        let raw = format!("{}:{}", self.created_at.timestamp_micros(), self.id);
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// Decodes a token made by [`Cursor::encode`].
    pub fn decode(token: &str) -> Result<Self, PageError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(token.trim())
            .map_err(|_| PageError::InvalidCursor)?;
        let text = String::from_utf8(bytes).map_err(|_| PageError::InvalidCursor)?;
        let (micros, id) = text.split_once(':').ok_or(PageError::InvalidCursor)?;
        let micros: i64 = micros.parse().map_err(|_| PageError::InvalidCursor)?;
        let created_at = DateTime::from_timestamp_micros(micros).ok_or(PageError::InvalidCursor)?;
        let id = Uuid::try_parse(id).map_err(|_| PageError::InvalidCursor)?;
        Ok(Self { created_at, id })
    }
}

/// What a list call asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageRequest {
    pub limit: PageLimit,
    pub after: Option<Cursor>,
}

impl PageRequest {
    /// Parses the `limit` and `cursor` query parameters.
    pub fn parse(limit: Option<&str>, cursor: Option<&str>) -> Result<Self, PageError> {
        Ok(Self {
            limit: PageLimit::parse(limit)?,
            after: cursor.map(Cursor::decode).transpose()?,
        })
    }
}

/// One page of rows and, when more exist, the cursor of the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

impl<T> Page<T> {
    /// A page of `limit` rows from rows fetched in page order, one more than a page when
    /// more exist; the next page starts after the last row kept, at `position(row)`.
    pub fn cut(mut items: Vec<T>, limit: usize, position: impl Fn(&T) -> (DateTime<Utc>, Uuid)) -> Self {
        let next = (items.len() > limit).then(|| {
            items.truncate(limit);
            let (created_at, id) = position(&items[limit - 1]);
            Cursor { created_at, id }
        });
        Self { items, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_a_round_trip_to_the_microsecond() {
        let cursor = Cursor {
            created_at: DateTime::from_timestamp_micros(1_732_400_000_123_456).unwrap(),
            id: Uuid::new_v4(),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Ok(cursor));
    }

    #[test]
    fn a_forged_or_garbled_cursor_is_refused() {
        for token in ["", "!!!", "bm90LWEtY3Vyc29y", &URL_SAFE_NO_PAD.encode("12:nope")] {
            assert_eq!(Cursor::decode(token), Err(PageError::InvalidCursor), "{token}");
        }
    }

    #[test]
    fn limits_outside_one_to_the_maximum_are_refused() {
        assert_eq!(PageLimit::parse(None).unwrap().get(), DEFAULT_PAGE_SIZE);
        assert_eq!(PageLimit::parse(Some("1")).unwrap().get(), 1);
        assert_eq!(PageLimit::parse(Some("100")).unwrap().get(), 100);
        for bad in ["0", "101", "-1", "ten", "", "1.5"] {
            assert_eq!(PageLimit::parse(Some(bad)), Err(PageError::InvalidLimit), "{bad}");
        }
    }
}
