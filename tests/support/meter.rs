//! An independent loudness meter for the tests: Debian's ffmpeg, which
//! `infra/scripts/lib.sh` (`ensure_audio_tools`) installs.

use serde_json::Value;

/// ffmpeg's integrated loudness (LUFS) and true peak (dBTP) of a WAV: integrated from
/// its `ebur128` filter (to a thousandth; `loudnorm`'s `input_i` misreads short files
/// with quiet passages), true peak from `loudnorm`'s analysis (to a hundredth of a dB).
pub fn ffmpeg_meter(wav: &[u8]) -> (f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.wav");
    std::fs::write(&path, wav).unwrap();
    let filters = "ebur128=metadata=1,ametadata=print:key=lavfi.r128.I,loudnorm=print_format=json";
    let output = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(&path)
        .args(["-af", filters, "-f", "null", "-"])
        .output()
        .expect("ffmpeg runs (infra/scripts/lib.sh ensure_audio_tools installs it)");
    let text = String::from_utf8_lossy(&output.stderr);
    let key = "lavfi.r128.I=";
    let at = text.rfind(key).expect("ebur128 prints the integrated loudness") + key.len();
    let integrated = text[at..].lines().next().unwrap().trim().parse::<f64>().unwrap();
    let json = &text[text.rfind('{').expect("loudnorm prints JSON")..];
    let figures: Value = serde_json::from_str(json.trim()).unwrap();
    let peak = figures["input_tp"].as_str().unwrap().parse::<f64>().unwrap();
    (integrated, peak)
}
