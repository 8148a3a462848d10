//! The arrangement's values, each checking itself when made from what a client sent.

use serde::Serialize;
use uuid::Uuid;

use super::error::ArrangementError;
use super::limits::*;

/// A gain in dB (clip, track or master), from -60 to +12 (`MIN_GAIN_DB`, `MAX_GAIN_DB`).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct GainDb(f64);

impl GainDb {
    /// 0 dB: unchanged.
    pub const UNITY: Self = Self(0.0);

    /// The gain in dB.
    pub fn db(self) -> f64 {
        self.0
    }

    /// The linear factor a sample is multiplied by.
    pub fn factor(self) -> f64 {
        10f64.powf(self.0 / 20.0)
    }
}

impl TryFrom<f64> for GainDb {
    type Error = ArrangementError;
    fn try_from(db: f64) -> Result<Self, Self::Error> {
        if (MIN_GAIN_DB..=MAX_GAIN_DB).contains(&db) {
            Ok(Self(db))
        } else {
            Err(ArrangementError::InvalidGain)
        }
    }
}

/// A stereo position: -1 is left, 0 the centre, 1 right.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Pan(f64);

impl Pan {
    /// The centre.
    pub const CENTRE: Self = Self(0.0);

    /// The position, -1..=1.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Pan {
    type Error = ArrangementError;
    fn try_from(pan: f64) -> Result<Self, Self::Error> {
        if (-1.0..=1.0).contains(&pan) {
            Ok(Self(pan))
        } else {
            Err(ArrangementError::InvalidPan)
        }
    }
}

/// Beats per minute of the signature's beat unit, from 20 to 400.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Tempo(f64);

impl Tempo {
    /// The tempo a new arrangement starts at.
    pub const DEFAULT: Self = Self(120.0);

    /// Beats per minute.
    pub fn bpm(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Tempo {
    type Error = ArrangementError;
    fn try_from(bpm: f64) -> Result<Self, Self::Error> {
        if (MIN_TEMPO..=MAX_TEMPO).contains(&bpm) {
            Ok(Self(bpm))
        } else {
            Err(ArrangementError::InvalidTempo)
        }
    }
}

/// Beats per bar over the note value of a beat (4/4, 6/8, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TimeSignature {
    beats_per_bar: u8,
    beat_unit: u8,
}

impl TimeSignature {
    /// 4/4.
    pub const COMMON: Self = Self {
        beats_per_bar: 4,
        beat_unit: 4,
    };

    /// Checks a signature: 1..=32 beats of a unit in [`BEAT_UNITS`].
    pub fn new(beats_per_bar: i64, beat_unit: i64) -> Result<Self, ArrangementError> {
        let beats = u8::try_from(beats_per_bar).map_err(|_| ArrangementError::InvalidTimeSignature)?;
        let unit = u8::try_from(beat_unit).map_err(|_| ArrangementError::InvalidTimeSignature)?;
        if !(1..=MAX_BEATS_PER_BAR).contains(&beats) || !BEAT_UNITS.contains(&unit) {
            return Err(ArrangementError::InvalidTimeSignature);
        }
        Ok(Self {
            beats_per_bar: beats,
            beat_unit: unit,
        })
    }

    /// Beats in one bar.
    pub fn beats_per_bar(self) -> u8 {
        self.beats_per_bar
    }

    /// The note value of one beat (4: a quarter note).
    pub fn beat_unit(self) -> u8 {
        self.beat_unit
    }
}

/// A track's name: trimmed, 1 to 80 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct TrackName(String);

impl TrackName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for TrackName {
    type Error = ArrangementError;
    fn try_from(raw: &str) -> Result<Self, Self::Error> {
        let name = raw.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > MAX_TRACK_NAME_CHARS || name.chars().any(char::is_control) {
            return Err(ArrangementError::InvalidTrackName);
        }
        Ok(Self(name.to_owned()))
    }
}

/// A snapshot's name: as a track name is, 1 to 80 characters, trimmed, no control
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct SnapshotName(String);

impl SnapshotName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&str> for SnapshotName {
    type Error = ArrangementError;
    fn try_from(raw: &str) -> Result<Self, Self::Error> {
        TrackName::try_from(raw)
            .map(|name| Self(name.0))
            .map_err(|_| ArrangementError::InvalidSnapshotName)
    }
}

/// A point or a length on the timeline: whole samples at 48 kHz (`TIMELINE_RATE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Samples(u64);

impl Samples {
    /// No time at all.
    pub const ZERO: Self = Self(0);

    /// Checks a number a client sent for `field`: a whole number from 0 to `max` (JSON
    /// numbers arrive as `f64`; every sample count up to 2^53 is exact in one).
    pub fn parse(field: &'static str, value: f64, max: u64) -> Result<Self, ArrangementError> {
        if value.fract() == 0.0 && value >= 0.0 && value <= max as f64 {
            Ok(Self(value as u64))
        } else {
            Err(ArrangementError::InvalidTime { field, max })
        }
    }

    /// A count the studio computed or stored.
    pub fn new(count: u64) -> Self {
        Self(count)
    }

    /// The number of samples.
    pub fn get(self) -> u64 {
        self.0
    }

    /// The time in seconds.
    pub fn seconds(self) -> f64 {
        self.0 as f64 / f64::from(TIMELINE_RATE)
    }
}

macro_rules! entity_id {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new random id.
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }

            /// The id as a UUID, for stores.
            pub fn as_uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

entity_id!(TrackId, "The id of a track in an arrangement.");
entity_id!(ClipId, "The id of a clip on a track.");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_outside_their_documented_ranges_are_refused() {
        assert_eq!(GainDb::try_from(12.5), Err(ArrangementError::InvalidGain));
        assert_eq!(GainDb::try_from(f64::NAN), Err(ArrangementError::InvalidGain));
        assert_eq!(GainDb::try_from(-60.0).unwrap().db(), -60.0);
        assert_eq!(Pan::try_from(-1.01), Err(ArrangementError::InvalidPan));
        assert_eq!(Pan::try_from(1.0).unwrap().get(), 1.0);
        assert_eq!(Tempo::try_from(19.9), Err(ArrangementError::InvalidTempo));
        assert!(TimeSignature::new(7, 8).is_ok());
        assert_eq!(
            TimeSignature::new(4, 3),
            Err(ArrangementError::InvalidTimeSignature)
        );
        assert_eq!(
            TimeSignature::new(33, 4),
            Err(ArrangementError::InvalidTimeSignature)
        );
        assert_eq!(
            TimeSignature::new(-1, 4),
            Err(ArrangementError::InvalidTimeSignature)
        );
    }

    #[test]
    fn track_names_are_trimmed_and_bounded() {
        assert_eq!(TrackName::try_from("  Bass ").unwrap().as_str(), "Bass");
        assert!(TrackName::try_from("   ").is_err());
        assert!(TrackName::try_from("a\nb").is_err());
        assert!(TrackName::try_from("é".repeat(80).as_str()).is_ok());
        assert!(TrackName::try_from("é".repeat(81).as_str()).is_err());
    }

    #[test]
    fn sample_counts_are_whole_and_bounded() {
        assert_eq!(
            Samples::parse("start", 48_000.0, MAX_START).unwrap().seconds(),
            1.0
        );
        assert!(Samples::parse("start", 0.5, MAX_START).is_err());
        assert!(Samples::parse("start", -1.0, MAX_START).is_err());
        assert!(Samples::parse("start", (MAX_START + 1) as f64, MAX_START).is_err());
        assert!(Samples::parse("start", f64::INFINITY, MAX_START).is_err());
    }

    #[test]
    fn a_gain_of_minus_six_db_halves_the_amplitude() {
        let factor = GainDb::try_from(-6.020_599_913).unwrap().factor();
        assert!((factor - 0.5).abs() < 1e-9);
    }
}
