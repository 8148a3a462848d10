//! A function that opens its AWS connections during init does so with a call its role
//! allows: the warm-up reads of `studio::adapters::warm` are granted in `template.yaml`
//! to exactly the functions whose composition root warms.

use studio_tests::{policies::grants, workspace_root};

/// `(binary, what its main warms)` for every function binary.
fn warmed() -> Vec<(String, bool, bool)> {
    let dir = workspace_root().join("functions/src/bin");
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (
                name,
                text.contains("media.warm().await"),
                text.contains("realtime.warm().await"),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_function_that_warms_a_client_is_granted_its_warm_up_read() {
    let grants = grants();
    let warmed = warmed();
    assert!(
        warmed.iter().filter(|(_, media, _)| *media).count() >= 4,
        "{warmed:?}"
    );
    assert!(
        warmed.iter().filter(|(_, _, rooms)| *rooms).count() >= 6,
        "{warmed:?}"
    );
    for (binary, media, rooms) in warmed {
        let granted = grants.get(&binary).cloned().unwrap_or_default();
        let reads_warm_object = granted
            .iter()
            .any(|(action, resource)| action == "s3:GetObject" && resource.ends_with("/~warm"));
        let reads_presence = granted
            .iter()
            .any(|(action, resource)| action == "dynamodb:GetItem" && resource.contains("PresenceTable"));
        assert_eq!(
            reads_warm_object, media,
            "{binary}: s3:GetObject on ~warm iff its main warms media"
        );
        if rooms {
            assert!(
                reads_presence,
                "{binary} warms DynamoDB: it needs dynamodb:GetItem on PresenceTable"
            );
        }
    }
}
