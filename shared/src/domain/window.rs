//! Paging through a numbered log (a room's seqs, an arrangement's versions): the newest
//! entries below a position, or forward from one, a bounded number at a time.

/// Which stretch of a numbered log to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Newest first, below `before` (from the newest when `None`).
    Newest { before: Option<u64> },
    /// Oldest first, above this position (a client catching up).
    After(u64),
}

/// Why `before`, `after` or `limit` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    #[error("{0} must be a whole number from 0")]
    NotAPosition(&'static str),
    #[error("give before or after, not both")]
    BeforeAndAfter,
    #[error("limit must be a whole number from 1 to {0}")]
    Limit(usize),
}

/// A page of a numbered log: where, and at most how many entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowRequest {
    pub window: Window,
    pub limit: usize,
}

impl WindowRequest {
    /// Parses the `before`, `after` and `limit` query parameters: at most one of the
    /// first two, and `limit` from 1 to `max` (`default` when absent).
    pub fn parse(
        before: Option<&str>,
        after: Option<&str>,
        limit: Option<&str>,
        default: usize,
        max: usize,
    ) -> Result<Self, WindowError> {
        let position = |name, raw: Option<&str>| {
            raw.map(|raw| {
                raw.trim()
                    .parse::<u64>()
                    .map_err(|_| WindowError::NotAPosition(name))
            })
            .transpose()
        };
        let window = match (position("before", before)?, position("after", after)?) {
            (Some(_), Some(_)) => return Err(WindowError::BeforeAndAfter),
            (before, None) => Window::Newest { before },
            (None, Some(after)) => Window::After(after),
        };
        let limit = match limit {
            None => default,
            Some(raw) => raw
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or(WindowError::Limit(max))?,
        };
        Ok(Self { window, limit })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_is_newest_first_unless_after_is_given() {
        let newest = WindowRequest::parse(None, None, None, 50, 100).unwrap();
        assert_eq!(
            newest,
            WindowRequest {
                window: Window::Newest { before: None },
                limit: 50
            }
        );
        let back = WindowRequest::parse(Some("7"), None, Some("3"), 50, 100).unwrap();
        assert_eq!(back.window, Window::Newest { before: Some(7) });
        assert_eq!(back.limit, 3);
        let forward = WindowRequest::parse(None, Some("4"), None, 50, 100).unwrap();
        assert_eq!(forward.window, Window::After(4));
    }

    #[test]
    fn both_cursors_a_bad_position_or_a_limit_out_of_range_is_refused() {
        let refused = |b, a, l| WindowRequest::parse(b, a, l, 50, 100).unwrap_err();
        assert_eq!(refused(Some("1"), Some("2"), None), WindowError::BeforeAndAfter);
        assert_eq!(
            refused(Some("-1"), None, None),
            WindowError::NotAPosition("before")
        );
        assert_eq!(refused(None, Some("x"), None), WindowError::NotAPosition("after"));
        assert_eq!(refused(None, None, Some("0")), WindowError::Limit(100));
        assert_eq!(refused(None, None, Some("101")), WindowError::Limit(100));
    }
}
