//! Test audio: WAV tones written with hound, and a Goertzel detector to find a tone in
//! a mix.

use std::f64::consts::PI;
use std::io::Cursor;

/// A 16-bit WAV of a sine at `hz` and amplitude `level` (0..1) on every channel.
pub fn tone(rate: u32, channels: u16, seconds: f64, hz: f64, level: f64) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = Cursor::new(Vec::new());
    let mut writer = hound::WavWriter::new(&mut out, spec).unwrap();
    for i in 0..(f64::from(rate) * seconds).round() as u64 {
        let v = level * (2.0 * PI * hz * i as f64 / f64::from(rate)).sin();
        for _ in 0..channels {
            writer.write_sample((v * 32767.0).round() as i16).unwrap();
        }
    }
    writer.finalize().unwrap();
    out.into_inner()
}

/// The amplitude of the `hz` component of `samples` (mono, at `rate`), by Goertzel.
pub fn amplitude_at(samples: &[f64], rate: u32, hz: f64) -> f64 {
    let w = 2.0 * PI * hz / f64::from(rate);
    let coeff = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0, 0.0);
    for &x in samples {
        let s0 = x + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    let power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    2.0 * power.max(0.0).sqrt() / samples.len() as f64
}

/// A `multipart/form-data` body with an optional `file` part (name, type, bytes) and
/// an optional `sessionId` field; returns the content type and the body.
pub fn form(file: Option<(&str, &str, &[u8])>, session: Option<&str>) -> (String, Vec<u8>) {
    let boundary = "studio-test-boundary-6f1e2d";
    let mut body = Vec::new();
    if let Some(session) = session {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"sessionId\"\r\n\r\n{session}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((name, content_type, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
