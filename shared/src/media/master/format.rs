//! The file an export is written as, from the `format` member of `POST /api/export`:
//! its container (WAV or FLAC), its sample depth, its content type and extension.

use serde_json::Value;

/// WAV at 16 bits (TPDF-dithered), 24 bits (TPDF-dithered at its own LSB) or 32-bit
/// float (no dither: nothing is reduced); FLAC at 16 or 24 bits, quantised and
/// dithered exactly as the WAV of the same depth, so both hold the same PCM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Wav16,
    Wav24,
    Wav32f,
    Flac16,
    Flac24,
}

/// A `format` the studio does not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("format must be \"wav16\" (the default), \"wav24\", \"wav32f\", \"flac16\" or \"flac24\"")]
pub struct FormatError;

const ALL: [Format; 5] = [
    Format::Wav16,
    Format::Wav24,
    Format::Wav32f,
    Format::Flac16,
    Format::Flac24,
];

impl Format {
    /// The body's `format` (absent or null: `wav16`).
    pub fn from_body(value: Option<&Value>) -> Result<Self, FormatError> {
        match value {
            None | Some(Value::Null) => Ok(Self::Wav16),
            Some(Value::String(name)) => Self::from_name(name).ok_or(FormatError),
            Some(_) => Err(FormatError),
        }
    }

    /// The format a record names (`None` for a name the studio never wrote).
    pub fn from_name(name: &str) -> Option<Self> {
        ALL.into_iter().find(|f| f.name() == name)
    }

    /// How the export record names it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Wav16 => "wav16",
            Self::Wav24 => "wav24",
            Self::Wav32f => "wav32f",
            Self::Flac16 => "flac16",
            Self::Flac24 => "flac24",
        }
    }

    /// Bits per sample in the file.
    pub fn bits(self) -> u16 {
        match self {
            Self::Wav16 | Self::Flac16 => 16,
            Self::Wav24 | Self::Flac24 => 24,
            Self::Wav32f => 32,
        }
    }

    /// Whether samples are written as floats (else as integers, dithered).
    pub fn is_float(self) -> bool {
        self == Self::Wav32f
    }

    /// Whether the file is FLAC (else WAV).
    pub fn is_flac(self) -> bool {
        matches!(self, Self::Flac16 | Self::Flac24)
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        if self.is_flac() { "flac" } else { "wav" }
    }

    /// The object's content type.
    pub fn content_type(self) -> &'static str {
        if self.is_flac() { "audio/flac" } else { "audio/wav" }
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
        assert_eq!(Format::from_body(Some(&json!("flac24"))), Ok(Format::Flac24));
        assert_eq!(Format::from_body(Some(&json!("mp3"))), Err(FormatError));
        assert_eq!(Format::from_body(Some(&json!("flac"))), Err(FormatError));
        assert_eq!(Format::from_body(Some(&json!(24))), Err(FormatError));
    }

    #[test]
    fn every_name_reads_back_as_its_format_with_its_type_and_extension() {
        for format in ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        assert_eq!(
            (Format::Flac16.content_type(), Format::Flac16.extension()),
            ("audio/flac", "flac")
        );
        assert_eq!(
            (Format::Wav24.content_type(), Format::Wav24.extension()),
            ("audio/wav", "wav")
        );
        assert_eq!(Format::Flac24.bits(), Format::Wav24.bits());
        assert!(!Format::Flac16.is_float());
    }
}
