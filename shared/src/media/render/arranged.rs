//! Mixing an arrangement's plan: clips open when the timeline reaches them and close
//! when they end, so memory holds the clips playing at one moment (a decoder and a few
//! blocks each), whatever the number of clips or their uploads' length.

use std::path::PathBuf;

use super::RenderError;
use super::clip::ClipPlayer;
use super::mix::{BLOCK, Mixed, OUTPUT_CHANNELS, OUTPUT_RATE, RenderBounds, within};
use super::plan::RenderPlan;
use super::track::TrackSource;

/// Mixes `plan` into blocks of interleaved 48 kHz stereo f32 frames handed to `sink`.
/// `files[i]` is where upload `plan.sources[i]` is staged (`None`: its object was
/// missing, so its clips are left out). Each audible track's share is 1/N for the N
/// tracks whose clips play (as when every upload was summed from 0), so the mix of
/// full-scale tracks at unity stays within full scale. The mix lasts until the end of
/// the last clip; with nothing to play it is one second of silence. An upload that
/// cannot be decoded is left out and noted in `skipped` by its index in `sources`
/// (once, whatever the number of its clips). Blocking.
pub fn mix_plan(
    plan: &RenderPlan,
    files: &[Option<PathBuf>],
    bounds: RenderBounds,
    sink: &mut dyn FnMut(&[f32]) -> Result<(), RenderError>,
) -> Result<Mixed, RenderError> {
    let mut skipped = Vec::new();
    // One look at each upload's header before mixing, so a broken upload is out of the
    // track count from the start rather than found when its first clip plays.
    let usable: Vec<bool> = files
        .iter()
        .enumerate()
        .map(|(i, file)| match file.as_ref().map(|f| TrackSource::open(f, i)) {
            Some(Ok(_)) => true,
            Some(Err(e)) => {
                skipped.push((i, e.to_string()));
                false
            }
            None => false,
        })
        .collect();
    let clips: Vec<_> = plan.clips.iter().filter(|c| usable[c.source]).collect();
    let mut tracks: Vec<usize> = clips.iter().map(|c| c.track).collect();
    tracks.sort_unstable();
    tracks.dedup();
    let scale = 1.0 / tracks.len().max(1) as f32;
    let channels = OUTPUT_CHANNELS as usize;
    let mut mix = vec![0.0f32; BLOCK * channels];
    let mut frames = 0u64;
    if clips.is_empty() {
        while frames < u64::from(OUTPUT_RATE) {
            let n = (u64::from(OUTPUT_RATE) - frames).min(BLOCK as u64) as usize;
            frames += n as u64;
            sink(&mix[..n * channels])?;
        }
        return Ok(Mixed {
            frames,
            tracks: 0,
            skipped,
        });
    }
    let mut next = 0;
    let mut playing: Vec<(usize, usize, ClipPlayer)> = Vec::new();
    loop {
        let block_end = frames + BLOCK as u64;
        while let Some(clip) = clips.get(next).filter(|c| c.start < block_end) {
            next += 1;
            let path = files[clip.source].as_deref().expect("usable uploads are staged");
            match ClipPlayer::open(clip, path, clip.source, scale) {
                Ok(player) => playing.push(((clip.start.max(frames) - frames) as usize, clip.source, player)),
                Err(e) => note(&mut skipped, clip.source, e),
            }
        }
        if playing.is_empty() && next == clips.len() {
            break;
        }
        mix.iter_mut().for_each(|s| *s = 0.0);
        let mut reached = 0;
        let mut failed = Vec::new();
        playing.retain_mut(|(offset, source, player)| {
            let at = std::mem::take(offset);
            match player.mix_into(&mut mix[at * channels..], BLOCK - at) {
                Ok((n, ended)) => {
                    reached = reached.max(at + n);
                    !ended
                }
                Err(e) => {
                    failed.push((*source, e));
                    false
                }
            }
        });
        // What a failing clip had played stays in the mix; its upload is noted.
        for (source, e) in failed {
            note(&mut skipped, source, e);
        }
        // Past the last clip's end the mix stops mid-block; before it, silence between
        // clips is part of the song.
        let more = !playing.is_empty() || next < clips.len();
        let n = if more { BLOCK } else { reached };
        if n == 0 {
            break;
        }
        frames += n as u64;
        within(frames, bounds)?;
        sink(&mix[..n * channels])?;
    }
    Ok(Mixed {
        frames,
        tracks: tracks.len() as u32,
        skipped,
    })
}

/// Notes an upload as left out, once.
fn note(skipped: &mut Vec<(usize, String)>, source: usize, e: RenderError) {
    if !skipped.iter().any(|(i, _)| *i == source) {
        skipped.push((source, e.to_string()));
    }
}

#[cfg(test)]
#[path = "arranged_tests.rs"]
mod tests;
