//! An export's tracks staged in temp files, a few downloads at a time, then rendered
//! off the async runtime. A track whose object is missing is skipped, not fatal.

use std::path::{Path, PathBuf};
use std::time::Instant;
use tokio::task::JoinSet;

use crate::error::ApiError;
use crate::media::{AppliedMastering, Mastering, render_mastered};
use crate::media::{Media, OUTPUT_RATE, RenderBounds, Rendered, SkippedTrack, UploadRecord};

/// What a render made of a session's tracks.
pub struct Staged {
    pub rendered: Rendered,
    pub mastering: AppliedMastering,
    pub skipped: Vec<SkippedTrack>,
}

/// Downloads `tracks` into `dir` (at most `limits.download_concurrency` at once, each
/// streamed to disk), renders them into `out` within the limits' frame cap and deadline,
/// mastered as `mastering` asks, and names the tracks left out.
pub async fn render(
    media: &Media,
    tracks: &[UploadRecord],
    dir: &Path,
    out: &Path,
    mastering: Mastering,
) -> Result<Staged, ApiError> {
    let started = Instant::now();
    let limits = media.limits;
    let fetched = download(media, tracks, dir, limits.download_concurrency.max(1)).await?;
    let mut skipped = Vec::new();
    let mut present = Vec::new();
    let mut order = Vec::new();
    for (track, path) in tracks.iter().zip(fetched) {
        match path {
            Some(path) => {
                present.push(path);
                order.push(track);
            }
            None => skipped.push(skip(track, "the stored object is missing")),
        }
    }
    let bounds = RenderBounds {
        max_frames: (limits.max_output_seconds * f64::from(OUTPUT_RATE)) as u64,
        deadline: started + limits.deadline,
    };
    let target = out.to_owned();
    let (rendered, mastering) =
        tokio::task::spawn_blocking(move || render_mastered(&present, &target, bounds, &mastering))
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))??;
    for (index, reason) in &rendered.skipped {
        skipped.push(skip(order[*index], reason));
    }
    Ok(Staged {
        rendered,
        mastering,
        skipped,
    })
}

/// Streams each track to a file in `dir`, `concurrency` at a time; `None` for a track
/// whose object is gone. Each download is its own task over owned values.
async fn download(
    media: &Media,
    tracks: &[UploadRecord],
    dir: &Path,
    concurrency: usize,
) -> Result<Vec<Option<PathBuf>>, ApiError> {
    let mut fetched = vec![None; tracks.len()];
    let mut queue = tracks.iter().enumerate();
    let mut running = JoinSet::new();
    loop {
        while running.len() < concurrency {
            let Some((i, track)) = queue.next() else { break };
            let (objects, key) = (media.objects.clone(), track.object_key.clone());
            let path = dir.join(format!("track-{i}"));
            running.spawn(async move {
                let found = objects.download(&key, &path).await;
                (i, found.map(|found| found.then_some(path)))
            });
        }
        let Some(done) = running.join_next().await else {
            return Ok(fetched);
        };
        let (i, path) = done.map_err(|e| ApiError::Internal(e.to_string()))?;
        fetched[i] = path?;
    }
}

fn skip(track: &UploadRecord, reason: &str) -> SkippedTrack {
    tracing::warn!(upload = %track.id, %reason, "export skips a track");
    SkippedTrack {
        upload_id: track.id,
        filename: track.filename.clone(),
        reason: reason.to_owned(),
    }
}
