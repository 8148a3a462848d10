//! Which functions a run of the gateway invoked. With `STUDIO_INVOKED_DIR` set, each
//! process writes the names of the functions it invoked to `DIR/<pid>.txt`, one a line,
//! kept current as new ones are invoked; test.sh reads them after the tests to name any
//! function of `template.yaml` that no test drove (a route key no test sends to, an
//! authorizer no test passes through). Unset, nothing is recorded.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};

/// Where this process records, read once.
static DIR: LazyLock<Option<PathBuf>> =
    LazyLock::new(|| std::env::var_os("STUDIO_INVOKED_DIR").map(PathBuf::from));
static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Notes that `function` was invoked. Best effort: a file that cannot be written only
/// weakens the coverage check, which then names the function as not driven.
pub fn record(function: &str) {
    let Some(dir) = DIR.as_ref() else { return };
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if !seen.insert(function.to_owned()) {
        return;
    }
    let lines: String = seen.iter().map(|f| format!("{f}\n")).collect();
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(dir.join(format!("{}.txt", std::process::id())), lines);
}
