//! What an export is mastered to: a loudness target and a true-peak ceiling, from the
//! `mastering` member of `POST /api/export`, checked before anything is rendered.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Targets given as a number must lie in this range, LUFS: from well below broadcast
/// (-23) to far louder than any service plays (-5); outside it is a typo.
pub const TARGET_LUFS_RANGE: (f64, f64) = (-40.0, -5.0);
/// Ceilings must lie in this range, dBTP: 0 is full scale; below -12 is not a ceiling a
/// release asks for.
pub const CEILING_DBTP_RANGE: (f64, f64) = (-12.0, 0.0);
/// The ceiling when none is given: what Spotify and the EBU ask for.
pub const DEFAULT_CEILING_DBTP: f64 = -1.0;

/// Where the mix's integrated loudness is brought.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// -14 LUFS (Spotify, YouTube, Tidal).
    Streaming,
    /// -16 LUFS (Apple Music).
    Apple,
    /// -23 LUFS (EBU R128).
    Broadcast,
    Lufs(f64),
    /// No normalising: the mix as summed, only held under the ceiling.
    Off,
}

impl Target {
    /// The loudness aimed at, LUFS; `None` when off.
    pub fn lufs(self) -> Option<f64> {
        match self {
            Self::Streaming => Some(-14.0),
            Self::Apple => Some(-16.0),
            Self::Broadcast => Some(-23.0),
            Self::Lufs(v) => Some(v),
            Self::Off => None,
        }
    }

    /// How the target is named in the export record.
    pub fn name(self) -> &'static str {
        match self {
            Self::Streaming => "streaming",
            Self::Apple => "apple",
            Self::Broadcast => "broadcast",
            Self::Lufs(_) => "lufs",
            Self::Off => "off",
        }
    }
}

/// Checked mastering options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mastering {
    pub target: Target,
    pub ceiling_dbtp: f64,
}

impl Default for Mastering {
    /// What a musician expects of "export the mix": the streaming preset.
    fn default() -> Self {
        Self {
            target: Target::Streaming,
            ceiling_dbtp: DEFAULT_CEILING_DBTP,
        }
    }
}

/// The `mastering` member as sent.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MasteringInput {
    /// `"streaming"`, `"apple"`, `"broadcast"`, `"off"` or a number of LUFS.
    pub target: Option<Value>,
    pub ceiling_dbtp: Option<Value>,
}

/// Mastering options that cannot be honoured.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MasteringError {
    #[error("mastering must be an object {{ target?, ceilingDbtp? }}: {0}")]
    Shape(String),
    #[error(
        "mastering.target must be \"streaming\", \"apple\", \"broadcast\", \"off\" or a number of LUFS from -40 to -5"
    )]
    Target,
    #[error("mastering.ceilingDbtp must be a number of dBTP from -12 to 0")]
    Ceiling,
}

impl Mastering {
    /// The options in a request body's `mastering` member (absent or null: the default).
    pub fn from_body(value: Option<&Value>) -> Result<Self, MasteringError> {
        match value {
            None | Some(Value::Null) => Ok(Self::default()),
            Some(v) => serde_json::from_value::<MasteringInput>(v.clone())
                .map_err(|e| MasteringError::Shape(e.to_string()))?
                .try_into(),
        }
    }
}

impl TryFrom<MasteringInput> for Mastering {
    type Error = MasteringError;

    fn try_from(input: MasteringInput) -> Result<Self, Self::Error> {
        let target = match input.target {
            None | Some(Value::Null) => Target::Streaming,
            Some(Value::String(name)) => match name.as_str() {
                "streaming" => Target::Streaming,
                "apple" => Target::Apple,
                "broadcast" => Target::Broadcast,
                "off" => Target::Off,
                _ => return Err(MasteringError::Target),
            },
            Some(Value::Number(n)) => {
                let lufs = n.as_f64().ok_or(MasteringError::Target)?;
                let (low, high) = TARGET_LUFS_RANGE;
                if !(low..=high).contains(&lufs) {
                    return Err(MasteringError::Target);
                }
                Target::Lufs(lufs)
            }
            Some(_) => return Err(MasteringError::Target),
        };
        let ceiling_dbtp = match input.ceiling_dbtp {
            None | Some(Value::Null) => DEFAULT_CEILING_DBTP,
            Some(Value::Number(n)) => n.as_f64().ok_or(MasteringError::Ceiling)?,
            Some(_) => return Err(MasteringError::Ceiling),
        };
        let (low, high) = CEILING_DBTP_RANGE;
        if !(low..=high).contains(&ceiling_dbtp) {
            return Err(MasteringError::Ceiling);
        }
        Ok(Self { target, ceiling_dbtp })
    }
}

/// What mastering did to an export, kept in its record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedMastering {
    /// `streaming`, `apple`, `broadcast`, `lufs` or `off`.
    pub target: String,
    /// The loudness aimed at (null when off).
    pub target_lufs: Option<f64>,
    pub ceiling_dbtp: f64,
    /// The gain applied to the mix before the limiter, dB (0 when off or silent).
    pub gain_db: f64,
    /// The deepest gain reduction of the true-peak limiter, dB (0 when it never acted).
    pub limiter_max_reduction_db: f64,
    /// The integrated loudness of the mix before mastering, LUFS (null for silence).
    pub integrated_lufs_before: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<Mastering, MasteringError> {
        Mastering::from_body(Some(&v))
    }

    #[test]
    fn presets_numbers_and_absence_become_targets_and_the_ceiling_defaults_to_minus_one() {
        assert_eq!(Mastering::from_body(None), Ok(Mastering::default()));
        assert_eq!(
            parse(json!({ "target": "apple" })).unwrap().target.lufs(),
            Some(-16.0)
        );
        let custom = parse(json!({ "target": -9.5, "ceilingDbtp": -2 })).unwrap();
        assert_eq!((custom.target, custom.ceiling_dbtp), (Target::Lufs(-9.5), -2.0));
        assert_eq!(parse(json!({ "target": "off" })).unwrap().ceiling_dbtp, -1.0);
    }

    #[test]
    fn unknown_names_numbers_out_of_range_and_stray_fields_are_refused() {
        assert_eq!(parse(json!({ "target": "loud" })), Err(MasteringError::Target));
        assert_eq!(parse(json!({ "target": -2 })), Err(MasteringError::Target));
        assert_eq!(parse(json!({ "target": true })), Err(MasteringError::Target));
        assert_eq!(parse(json!({ "ceilingDbtp": 0.5 })), Err(MasteringError::Ceiling));
        assert_eq!(
            parse(json!({ "ceilingDbtp": "-1" })),
            Err(MasteringError::Ceiling)
        );
        assert!(matches!(
            parse(json!({ "gain": 3 })),
            Err(MasteringError::Shape(_))
        ));
        assert!(matches!(parse(json!("streaming")), Err(MasteringError::Shape(_))));
    }
}
