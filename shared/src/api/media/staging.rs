//! The uploads an export's clips play, staged in temp files a few downloads at a time
//! (each once, whatever its number of clips), then rendered off the async runtime. An
//! upload whose object is missing is skipped, not fatal.

use std::path::{Path, PathBuf};
use std::time::Instant;
use tokio::task::JoinSet;

use crate::domain::UploadId;
use crate::error::ApiError;
use crate::media::{AppliedMastering, Delivery, Mastering, RenderPlan, mix_plan, render_mastered};
use crate::media::{Media, OUTPUT_RATE, RenderBounds, Rendered, SkippedTrack, UploadRecord};

/// What a render made of a session's tracks.
pub struct Staged {
    pub rendered: Rendered,
    pub mastering: AppliedMastering,
    pub skipped: Vec<SkippedTrack>,
}

/// Downloads the uploads `plan` plays into `dir` (`uploads[i]` is the record of
/// `plan.sources[i]`, `None` when it is gone; at most `limits.download_concurrency`
/// at once, each streamed to disk), renders the plan into `out` within the limits'
/// frame cap and deadline, mastered as `mastering` asks and written as `delivery`
/// asks (format and rate), and names the uploads left out.
pub async fn render(
    media: &Media,
    plan: RenderPlan,
    uploads: &[Option<UploadRecord>],
    dir: &Path,
    out: &Path,
    (mastering, delivery): (Mastering, Delivery),
) -> Result<Staged, ApiError> {
    let started = Instant::now();
    let limits = media.limits;
    let found: Vec<UploadRecord> = uploads.iter().flatten().cloned().collect();
    let mut fetched = download(media, &found, dir, limits.download_concurrency.max(1))
        .await?
        .into_iter();
    let mut skipped = Vec::new();
    let mut files = Vec::with_capacity(uploads.len());
    for (id, upload) in plan.sources.iter().zip(uploads) {
        let path = match upload {
            Some(_) => fetched.next().flatten(),
            None => None,
        };
        match (upload, &path) {
            (None, _) => skipped.push(gone(*id)),
            (Some(upload), None) => skipped.push(skip(upload, "the stored object is missing")),
            _ => {}
        }
        files.push(path);
    }
    let bounds = RenderBounds {
        max_frames: (limits.max_output_seconds * f64::from(OUTPUT_RATE)) as u64,
        deadline: started + limits.deadline,
    };
    let target = out.to_owned();
    let (rendered, mastering) = tokio::task::spawn_blocking(move || {
        let mix = Box::new(|sink: &mut dyn FnMut(&[f32]) -> _| mix_plan(&plan, &files, bounds, sink));
        render_mastered(mix, &target, bounds, &mastering, delivery)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))??;
    for (index, reason) in &rendered.skipped {
        if let Some(upload) = &uploads[*index] {
            skipped.push(skip(upload, reason));
        }
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

/// An upload deleted between reading the arrangement and rendering it.
fn gone(id: UploadId) -> SkippedTrack {
    tracing::warn!(upload = %id, "export skips a deleted upload");
    SkippedTrack {
        upload_id: id,
        filename: String::new(),
        reason: "the upload was deleted".to_owned(),
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
