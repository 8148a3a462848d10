//! The file an export is written as, from the `format` member of `POST /api/export`.

use serde_json::Value;

/// WAV at 16 bits (TPDF-dithered), 24 bits (TPDF-dithered at its own LSB) or 32-bit
/// float (no dither: nothing is reduced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Wav16,
    Wav24,
    Wav32f,
}

/// A `format` the studio does not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("format must be \"wav16\" (the default), \"wav24\" or \"wav32f\"")]
pub struct FormatError;

impl Format {
    /// The body's `format` (absent or null: `wav16`).
    pub fn from_body(value: Option<&Value>) -> Result<Self, FormatError> {
        match value {
            None | Some(Value::Null) => Ok(Self::Wav16),
            Some(Value::String(name)) => match name.as_str() {
                "wav16" => Ok(Self::Wav16),
                "wav24" => Ok(Self::Wav24),
                "wav32f" => Ok(Self::Wav32f),
                _ => Err(FormatError),
            },
            Some(_) => Err(FormatError),
        }
    }

    /// How the export record names it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Wav16 => "wav16",
            Self::Wav24 => "wav24",
            Self::Wav32f => "wav32f",
        }
    }

    /// Bits per sample in the file.
    pub fn bits(self) -> u16 {
        match self {
            Self::Wav16 => 16,
            Self::Wav24 => 24,
            Self::Wav32f => 32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_map_to_formats_and_anything_else_is_refused() {
        assert_eq!(Format::from_body(None), Ok(Format::Wav16));
        assert_eq!(Format::from_body(Some(&json!("wav24"))), Ok(Format::Wav24));
        assert_eq!(
            Format::from_body(Some(&json!("wav32f"))).map(Format::bits),
            Ok(32)
        );
        assert_eq!(Format::from_body(Some(&json!("mp3"))), Err(FormatError));
        assert_eq!(Format::from_body(Some(&json!(24))), Err(FormatError));
    }
}
