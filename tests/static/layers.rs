//! The library's layers: no two modules import each other, whether files or the crate's
//! top-level modules (`infra/scripts/module-cycles.py` reads the `use` paths). A cycle
//! means a concept is split across modules or sits in the wrong one.

use std::process::Command;
use studio_tests::workspace_root;

#[test]
fn no_modules_import_each_other_in_the_library_the_gateway_or_the_admin_tool() {
    let output = Command::new("python3")
        .arg(workspace_root().join("infra/scripts/module-cycles.py"))
        .output()
        .expect("python3 runs the module-cycles script");
    assert!(
        output.status.success(),
        "module cycles:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_cycle_check_finds_a_cycle_between_two_top_level_modules() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("a")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod a;\npub mod b;\n").unwrap();
    std::fs::write(src.join("a/mod.rs"), "pub mod inner;\n").unwrap();
    std::fs::write(src.join("a/inner.rs"), "use crate::b::Thing;\n").unwrap();
    std::fs::write(
        src.join("b.rs"),
        "pub struct Thing;\nfn f() { crate::a::inner::g(); }\n",
    )
    .unwrap();
    let output = Command::new("python3")
        .arg(workspace_root().join("infra/scripts/module-cycles.py"))
        .arg(&src)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "a cycle makes the check fail");
    assert!(printed.contains("top: a <-> b"), "{printed}");
}
