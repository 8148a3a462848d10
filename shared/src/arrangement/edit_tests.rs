use super::*;
use crate::arrangement::{ArrangementError, Clip, MAX_TRACKS, Samples, Track, TrackName};
use crate::domain::SessionId;

fn session() -> SessionId {
    SessionId::from(uuid::Uuid::from_u128(1))
}

fn name(n: &str) -> TrackName {
    TrackName::try_from(n).unwrap()
}

/// A document at version 2 with one track (changed in 1) holding one clip (changed in 2).
fn doc() -> (Arrangement, TrackId, ClipId, UploadId) {
    let (track, clip, upload) = (TrackId::new(), ClipId::new(), UploadId::new());
    let mut doc = Arrangement::empty(session());
    doc.version = 2;
    doc.tracks.push(Track {
        id: track,
        name: name("Drums"),
        gain_db: GainDb::UNITY,
        pan: Pan::CENTRE,
        muted: false,
        solo: false,
        changed_in: 1,
        clips: vec![Clip {
            id: clip,
            upload_id: upload,
            start: Samples::ZERO,
            trim_start: Samples::ZERO,
            trim_end: None,
            gain_db: GainDb::UNITY,
            fade_in: Samples::ZERO,
            fade_out: Samples::ZERO,
            source_length: Some(Samples::new(48_000)),
            changed_in: 2,
        }],
    });
    (doc, track, clip, upload)
}

fn uploads(upload: UploadId, ready: bool, session: SessionId) -> HashMap<UploadId, UploadFacts> {
    let facts = UploadFacts {
        session: Some(session),
        ready,
        length: Some(Samples::new(48_000)),
    };
    HashMap::from([(upload, facts)])
}

#[test]
fn an_edit_of_a_clip_changed_after_its_base_is_a_conflict_and_of_its_unchanged_track_is_rebased() {
    let (mut d, track, clip, _) = doc();
    let move_clip = Operation::MoveClip {
        clip_id: clip,
        start: Samples::new(10),
        track_id: None,
    };
    let refused = apply(
        &mut d.clone(),
        1,
        std::slice::from_ref(&move_clip),
        &HashMap::new(),
    );
    assert!(
        matches!(refused, Err(EditError::Conflict { current: 2, .. })),
        "{refused:?}"
    );
    let mute = Operation::SetTrack {
        track_id: track,
        gain_db: None,
        pan: None,
        muted: Some(true),
        solo: None,
    };
    let applied = apply(&mut d, 1, &[mute], &HashMap::new()).unwrap();
    assert_eq!((applied.version, applied.rebased), (3, true));
    assert!(d.tracks[0].muted);
    assert_eq!((d.version, d.tracks[0].changed_in), (3, 3));
}

#[test]
fn a_track_is_not_removed_under_a_clip_changed_since_the_base() {
    let (mut d, track, _, _) = doc();
    let remove = Operation::RemoveTrack { track_id: track };
    assert!(matches!(
        apply(&mut d.clone(), 1, std::slice::from_ref(&remove), &HashMap::new()),
        Err(EditError::Conflict { .. })
    ));
    let applied = apply(&mut d, 2, &[remove], &HashMap::new()).unwrap();
    assert_eq!(applied.removed_clips.len(), 1);
    assert!(d.tracks.is_empty());
}

#[test]
fn a_missing_target_is_unknown_at_the_current_version_and_a_conflict_behind_it() {
    let (d, _, _, _) = doc();
    let gone = Operation::RemoveClip {
        clip_id: ClipId::new(),
    };
    let at_current = apply(&mut d.clone(), 2, std::slice::from_ref(&gone), &HashMap::new());
    assert!(matches!(at_current, Err(EditError::Unknown { what: "clip", .. })));
    let behind = apply(&mut d.clone(), 1, &[gone], &HashMap::new());
    assert!(matches!(behind, Err(EditError::Conflict { .. })));
}

#[test]
fn a_clip_needs_a_ready_upload_of_its_own_session() {
    let (d, track, _, _) = doc();
    let upload = UploadId::new();
    let add = Operation::AddClip {
        clip_id: ClipId::new(),
        track_id: track,
        upload_id: upload,
        start: Samples::ZERO,
        trim_start: Samples::ZERO,
        trim_end: None,
        gain_db: GainDb::UNITY,
        fade_in: Samples::ZERO,
        fade_out: Samples::ZERO,
    };
    let other = SessionId::from(uuid::Uuid::from_u128(2));
    let cases = [
        (
            uploads(upload, true, other),
            ArrangementError::UploadOfOtherSession,
        ),
        (HashMap::new(), ArrangementError::UploadOfOtherSession),
        (
            uploads(upload, false, session()),
            ArrangementError::UploadNotReady,
        ),
    ];
    for (facts, expected) in cases {
        let refused = apply(&mut d.clone(), 2, std::slice::from_ref(&add), &facts);
        assert_eq!(refused, Err(EditError::Invalid(expected)));
    }
    let mut d = d;
    apply(&mut d, 2, &[add], &uploads(upload, true, session())).unwrap();
    assert_eq!(d.clip_count(), 2);
}

#[test]
fn the_track_limit_holds_for_the_document_after_the_batch() {
    let (mut d, _, _, _) = doc();
    let adds: Vec<Operation> = (0..MAX_TRACKS)
        .map(|i| Operation::AddTrack {
            track_id: TrackId::new(),
            name: name(&format!("T{i}")),
        })
        .collect();
    let refused = apply(&mut d.clone(), 2, &adds, &HashMap::new());
    assert_eq!(refused, Err(EditError::Invalid(ArrangementError::TooManyTracks)));
    apply(&mut d, 2, &adds[1..], &HashMap::new()).unwrap();
    assert_eq!(d.tracks.len(), MAX_TRACKS);
}

#[test]
fn trims_past_the_upload_and_fades_longer_than_the_clip_are_refused() {
    let (d, _, clip, _) = doc();
    let trim = Operation::TrimClip {
        clip_id: clip,
        trim_start: Samples::new(48_000),
        trim_end: None,
    };
    assert_eq!(
        apply(&mut d.clone(), 2, &[trim], &HashMap::new()),
        Err(EditError::Invalid(ArrangementError::InvalidTrim))
    );
    let fades = Operation::SetClip {
        clip_id: clip,
        gain_db: None,
        fade_in: Some(Samples::new(30_000)),
        fade_out: Some(Samples::new(30_000)),
    };
    assert_eq!(
        apply(&mut d.clone(), 2, &[fades], &HashMap::new()),
        Err(EditError::Invalid(ArrangementError::InvalidFades))
    );
}

#[test]
fn a_revert_replaces_the_document_as_changed_by_its_version_and_leaves_out_clips_of_gone_uploads() {
    let (old, track, clip, upload) = doc();
    let mut now = old.clone();
    now.version = 3;
    now.tracks[0].clips.clear();
    now.tracks[0].name = name("Renamed");
    let revert = Operation::Revert {
        to_version: 2,
        left_out: Vec::new(),
    };
    let stale = apply_with(
        &mut now.clone(),
        2,
        std::slice::from_ref(&revert),
        &HashMap::new(),
        Some(&old),
    );
    assert!(matches!(stale, Err(EditError::Conflict { .. })), "{stale:?}");

    let mut kept = now.clone();
    let applied = apply_with(
        &mut kept,
        3,
        std::slice::from_ref(&revert),
        &uploads(upload, true, session()),
        Some(&old),
    )
    .unwrap();
    assert_eq!((kept.version, applied.left_out.len()), (4, 0));
    assert_eq!(kept.tracks[0].name, name("Drums"));
    assert_eq!((kept.tracks[0].id, kept.tracks[0].clips[0].id), (track, clip));
    assert_eq!(
        (
            kept.tracks[0].changed_in,
            kept.tracks[0].clips[0].changed_in,
            kept.changes.tempo
        ),
        (4, 4, 4)
    );

    let mut gone = now.clone();
    let applied = apply_with(&mut gone, 3, &[revert], &HashMap::new(), Some(&old)).unwrap();
    assert_eq!(applied.left_out, vec![clip]);
    assert!(gone.tracks[0].clips.is_empty(), "the track stays, empty");
}

#[test]
fn a_batch_has_at_most_one_snapshot_and_a_revert_only_with_one() {
    let (mut d, track, _, _) = doc();
    let snapshot = Operation::Snapshot {
        name: crate::arrangement::SnapshotName::try_from("Take 2").unwrap(),
    };
    let revert = Operation::Revert {
        to_version: 1,
        left_out: Vec::new(),
    };
    let mute = Operation::SetTrack {
        track_id: track,
        gain_db: None,
        pan: None,
        muted: Some(true),
        solo: None,
    };
    let none = HashMap::new();
    let twice = apply(&mut d.clone(), 2, &[snapshot.clone(), snapshot.clone()], &none);
    assert_eq!(twice, Err(EditError::NotAlone("snapshot")));
    let crowded = apply(&mut d.clone(), 2, &[revert, mute.clone()], &none);
    assert_eq!(crowded, Err(EditError::NotAlone("revert")));
    let applied = apply(&mut d, 2, &[mute, snapshot], &none).unwrap();
    assert_eq!(
        applied.snapshot.map(|s| s.as_str().to_owned()),
        Some("Take 2".into())
    );
}
