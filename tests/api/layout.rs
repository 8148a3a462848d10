//! The suite's names agree everywhere, and the template passes cfn-lint (plain and with
//! the serverless rules) and `sam validate --lint`.

use local_gateway::Template;
use std::collections::BTreeSet;
use std::process::Command;
use studio::FunctionName;
use studio::realtime::WsRoute;
use studio_tests::workspace_root;

fn stems(dir: &str, extension: &str) -> BTreeSet<String> {
    std::fs::read_dir(workspace_root().join(dir))
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            (path.extension()? == extension).then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect()
}

fn template() -> Template {
    Template::load(&workspace_root().join("template.yaml")).unwrap()
}

/// A watch-router path in API Gateway's syntax: matchit writes a greedy `{proxy+}` as `{*proxy}`.
fn as_api_gateway_path(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.strip_prefix("{*") {
            Some(rest) => format!("{{{}+}}", rest.trim_end_matches('}')),
            None => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `(METHOD, path, function)` for each route of the cargo lambda watch router.
fn watch_routes() -> BTreeSet<(String, String, String)> {
    let text = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
    let manifest: toml::Table = toml::from_str(&text).unwrap();
    let router = &manifest["workspace"]["metadata"]["lambda"]["watch"]["router"];
    let mut routes = BTreeSet::new();
    for (path, entries) in router.as_table().unwrap() {
        for entry in entries.as_array().unwrap() {
            routes.insert((
                entry["method"].as_str().unwrap().to_owned(),
                as_api_gateway_path(path),
                entry["function"].as_str().unwrap().to_owned(),
            ));
        }
    }
    routes
}

#[test]
fn template_binaries_router_events_and_catalog_name_the_same_functions() {
    let catalog: BTreeSet<String> = FunctionName::ALL.iter().map(|f| f.as_str().to_owned()).collect();
    let template: BTreeSet<String> = template().functions.into_iter().collect();
    let binaries = stems("functions/src/bin", "rs");
    let events = stems("events", "json");
    let router: BTreeSet<String> = watch_routes().into_iter().map(|(_, _, f)| f).collect();
    assert_eq!(template, catalog, "template.yaml vs the catalog");
    assert_eq!(binaries, catalog, "functions/src/bin vs the catalog");
    assert_eq!(events, catalog, "events/ vs the catalog");
    let http_functions: BTreeSet<String> = self::template()
        .http_routes
        .into_iter()
        .map(|r| r.function)
        .collect();
    assert_eq!(
        router, http_functions,
        "the watch router vs the template's HTTP functions"
    );
}

#[test]
fn websocket_functions_are_exactly_the_templates_websocket_routes() {
    let from_template: BTreeSet<(String, String)> = template()
        .ws_routes
        .into_iter()
        .map(|r| (r.route_key, r.function))
        .collect();
    let expected: BTreeSet<(String, String)> = FunctionName::ALL
        .iter()
        .filter_map(|f| {
            let key = match f.ws_route()? {
                WsRoute::Connect => "$connect",
                WsRoute::Disconnect => "$disconnect",
                WsRoute::Default => "$default",
            };
            Some((key.to_owned(), f.as_str().to_owned()))
        })
        .collect();
    assert_eq!(from_template, expected);
    let http: BTreeSet<String> = template().http_routes.into_iter().map(|r| r.function).collect();
    for (_, function) in &expected {
        assert!(
            !http.contains(function),
            "{function} is a WebSocket function with an HTTP route"
        );
    }
}

#[test]
fn every_catalog_function_is_either_an_http_route_or_a_websocket_route() {
    let template = template();
    let routed: BTreeSet<String> = template
        .http_routes
        .iter()
        .map(|r| r.function.clone())
        .chain(template.ws_routes.iter().map(|r| r.function.clone()))
        .collect();
    let catalog: BTreeSet<String> = FunctionName::ALL.iter().map(|f| f.as_str().to_owned()).collect();
    assert_eq!(routed, catalog);
}

#[test]
fn each_binary_serves_its_own_function_through_the_entry_point_of_its_kind() {
    for &function in FunctionName::ALL {
        let path = workspace_root().join(format!("functions/src/bin/{function}.rs"));
        let source = std::fs::read_to_string(&path).unwrap();
        let entry = match function.ws_route() {
            Some(_) => "serve_ws",
            None => "serve_http",
        };
        let call = format!("studio::runtime::{entry}(studio::functions::fixed::{function:?})");
        assert!(source.contains(&call), "{} should call {call}", path.display());
    }
}

#[test]
fn the_watch_router_serves_exactly_the_templates_http_routes() {
    let from_template: BTreeSet<(String, String, String)> = template()
        .http_routes
        .into_iter()
        .map(|r| (r.method, r.path, r.function))
        .collect();
    assert_eq!(watch_routes(), from_template);
}

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
