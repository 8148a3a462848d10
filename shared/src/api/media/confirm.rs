//! Confirming a pending upload: its object is read and hashed from a temp copy, and
//! that checked copy is stored under a final key no presigned URL can write, so a later
//! PUT with the old URL changes nothing an export or a download reads. One request
//! confirms: it claims the upload first, and concurrent reads see it pending meanwhile
//! rather than each downloading, hashing and decoding up to 512 MiB again.

use std::path::Path;

use super::input::mismatch;
use crate::error::ApiError;
use crate::media::{Analysis, AudioFormat, AudioInfo, Media, UploadRecord};
use crate::media::{analyse_file, probe_file, sha256_file, upload_key};

/// How long a claim on a confirmation holds: longer than `upload-get`'s 29 s timeout,
/// so only a request that died leaves one to lapse.
pub const CONFIRM_LEASE_SECONDS: i64 = 60;

/// Checks the object of a pending upload. Not there yet, or another request is
/// checking it: the record as it is (pending). There: the upload becomes ready, its
/// bytes under their final key. Not accepted audio (or another format than declared):
/// object and row are removed and the client told.
pub async fn resolve(media: &Media, record: UploadRecord) -> Result<UploadRecord, ApiError> {
    if media.objects.head(&record.object_key).await?.is_none()
        || !media
            .uploads
            .claim_confirmation(record.id, CONFIRM_LEASE_SECONDS)
            .await?
    {
        return Ok(record);
    }
    let confirmed = confirm(media, &record).await;
    if !matches!(confirmed, Ok(Some(_))) {
        // Not there after all, or the check could not finish: the next read tries.
        let _ = media.uploads.release_confirmation(record.id).await;
    }
    Ok(confirmed?.unwrap_or(record))
}

/// Downloads, checks and promotes a claimed upload; `None` when its object is gone.
async fn confirm(media: &Media, record: &UploadRecord) -> Result<Option<UploadRecord>, ApiError> {
    let dir = tempfile::tempdir().map_err(internal)?;
    let path = dir.path().join("upload");
    if !media.objects.download(&record.object_key, &path).await? {
        return Ok(None);
    }
    match check(record, &path).await? {
        Ok(checked) => promote(media, record.clone(), &path, checked).await.map(Some),
        Err(refusal) => {
            media.objects.delete(&record.object_key).await?;
            media.uploads.delete(record.id).await?;
            Err(refusal)
        }
    }
}

/// What the staged file of an accepted upload says.
struct Checked {
    audio: AudioInfo,
    checksum: String,
    analysis: Option<Analysis>,
}

/// The audio, checksum, peaks and loudness of the staged file, or why it is refused.
async fn check(record: &UploadRecord, path: &Path) -> Result<Result<Checked, ApiError>, ApiError> {
    let staged = path.to_owned();
    // Reading, hashing and decoding a file of up to 512 MiB is blocking work; peaks and
    // loudness are only decoded from audio the probe accepted.
    // The hash runs on a thread of its own beside the decoding (a function with more
    // memory has more cores).
    let (probed, checksum, analysis) = tokio::task::spawn_blocking(move || {
        std::thread::scope(|scope| {
            let hashing = scope.spawn(|| sha256_file(&staged));
            let probed = probe_file(&staged);
            let analysis = probed.as_ref().ok().and_then(|_| analyse_file(&staged));
            let checksum = hashing
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("hashing the upload failed")));
            (probed, checksum, analysis)
        })
    })
    .await
    .map_err(internal)?;
    let checksum = checksum.map_err(internal)?;
    let declared = AudioFormat::from_content_type(&record.content_type);
    Ok(match probed {
        Err(e) => Err(ApiError::UnsupportedMediaType(e.to_string())),
        Ok(audio) => match declared {
            Some(declared) if declared != audio.format => Err(mismatch(declared, audio.format)),
            _ => Ok(Checked {
                audio,
                checksum,
                analysis,
            }),
        },
    })
}

/// Stores the checked file under the upload's final key and marks the row ready, then
/// drops the incoming object. When another request confirmed it first (or it was
/// deleted meanwhile), its copy goes and the winner's record is the answer.
async fn promote(
    media: &Media,
    record: UploadRecord,
    path: &Path,
    checked: Checked,
) -> Result<UploadRecord, ApiError> {
    let key = upload_key(record.session_id, record.id);
    let content_type = checked.audio.format.content_type();
    media.objects.put_file(&key, path, content_type).await?;
    let Checked {
        audio,
        checksum,
        analysis,
    } = checked;
    let loudness = analysis.as_ref().and_then(|a| a.loudness);
    let peaks = analysis.map(|a| a.peaks);
    match media
        .uploads
        .mark_ready(record.id, &key, &checksum, audio, peaks, loudness)
        .await?
    {
        Some(ready) => {
            media.objects.delete(&record.object_key).await?;
            Ok(ready)
        }
        None => {
            media.objects.delete(&key).await?;
            let current = media.uploads.get(record.id).await?;
            current.ok_or_else(|| ApiError::not_found("upload", record.id))
        }
    }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(e.to_string())
}
