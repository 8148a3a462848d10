//! The rate an export is delivered at, from the `sampleRate` member of
//! `POST /api/export`: 48 kHz (what the mix is rendered at) or 44.1 kHz (CD and most
//! distributors).

use serde_json::Value;

/// 44.1 or 48 kHz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SampleRate {
    Hz44100,
    #[default]
    Hz48000,
}

/// A `sampleRate` the studio does not deliver.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("sampleRate must be 44100 or 48000 (the default)")]
pub struct SampleRateError;

impl SampleRate {
    /// The body's `sampleRate` (absent or null: 48000).
    pub fn from_body(value: Option<&Value>) -> Result<Self, SampleRateError> {
        match value {
            None | Some(Value::Null) => Ok(Self::Hz48000),
            Some(v) => match v.as_u64() {
                Some(44_100) => Ok(Self::Hz44100),
                Some(48_000) => Ok(Self::Hz48000),
                _ => Err(SampleRateError),
            },
        }
    }

    /// Frames per second.
    pub fn hz(self) -> u32 {
        match self {
            Self::Hz44100 => 44_100,
            Self::Hz48000 => 48_000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_two_rates_are_taken_and_anything_else_is_refused() {
        assert_eq!(SampleRate::from_body(None).map(SampleRate::hz), Ok(48_000));
        assert_eq!(
            SampleRate::from_body(Some(&json!(44_100))).map(SampleRate::hz),
            Ok(44_100)
        );
        for bad in [json!(96_000), json!("44100"), json!(44_100.5), json!(-48_000)] {
            assert_eq!(SampleRate::from_body(Some(&bad)), Err(SampleRateError), "{bad}");
        }
    }
}
