//! Showing a timeline position: seconds, and bars:beats from the tempo and signature.
//! The tempo counts beats of the signature's unit (6/8 at 120 is 120 eighths a minute).

use super::limits::TIMELINE_RATE;
use super::values::{Samples, Tempo, TimeSignature};

/// `bar:beat`, both counted from 1, the beat with two decimals when between beats:
/// `1:1` is the start, `5:1` the first beat of bar 5, `2:3.50` halfway through beat 3.
pub fn bars_beats(at: Samples, tempo: Tempo, signature: TimeSignature) -> String {
    let samples_per_beat = f64::from(TIMELINE_RATE) * 60.0 / tempo.bpm();
    let beats = at.get() as f64 / samples_per_beat;
    let per_bar = f64::from(signature.beats_per_bar());
    let bar = (beats / per_bar).floor();
    let beat = beats - bar * per_bar + 1.0;
    // Rounding to two decimals first, so 3.999999 shows as the next beat, not "3.100".
    let rounded = (beat * 100.0).round() / 100.0;
    let (bar, beat) = if rounded >= per_bar + 1.0 {
        (bar + 1.0, 1.0)
    } else {
        (bar, rounded)
    };
    if beat.fract() == 0.0 {
        format!("{}:{}", bar as u64 + 1, beat as u64)
    } else {
        format!("{}:{beat:.2}", bar as u64 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_five_at_120_bpm_in_four_four_starts_after_eight_seconds() {
        let tempo = Tempo::try_from(120.0).unwrap();
        let common = TimeSignature::COMMON;
        assert_eq!(bars_beats(Samples::ZERO, tempo, common), "1:1");
        assert_eq!(bars_beats(Samples::new(8 * 48_000), tempo, common), "5:1");
        assert_eq!(
            bars_beats(Samples::new(2 * 48_000 + 12_000 * 5), tempo, common),
            "2:3.50"
        );
        assert_eq!(bars_beats(Samples::new(2 * 48_000 - 1), tempo, common), "2:1");
    }

    #[test]
    fn six_eight_counts_six_beats_a_bar() {
        let tempo = Tempo::try_from(120.0).unwrap();
        let six_eight = TimeSignature::new(6, 8).unwrap();
        assert_eq!(bars_beats(Samples::new(3 * 48_000), tempo, six_eight), "2:1");
    }
}
