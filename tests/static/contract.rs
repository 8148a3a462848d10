//! The route contract: every function `template.yaml` declares has its binary, its
//! sample event and a test that drives it; every function a route invokes also has its
//! place in the local gateway's in-process table and (for HTTP) in `cargo lambda
//! watch`'s router. Whatever is missing is named, so adding a route is: the template,
//! one binary, one handler, one event, one test. A function no route invokes (the
//! migrate function) is invoked by a custom resource of the template.

use local_gateway::Template;
use local_gateway::hosted::{Clients, functions};
use std::collections::BTreeSet;
use std::sync::Arc;
use studio::telemetry::Telemetry;
use studio_tests::workspace_root;

fn template() -> Template {
    Template::load(&workspace_root().join("template.yaml")).unwrap()
}

fn exists(path: &str) -> bool {
    workspace_root().join(path).is_file()
}

/// The template as YAML, for what the gateway's reading of it leaves out.
fn document() -> serde_norway::Value {
    let text = std::fs::read_to_string(workspace_root().join("template.yaml")).unwrap();
    serde_norway::from_str(&text).unwrap()
}

/// Where a function's binary comes from: `functions/src/bin/<name>.rs`, or
/// `<CodeUri>/src/bin/<name>.rs` for a function built from another package.
fn binary_source(doc: &serde_norway::Value, function: &str) -> String {
    let resources = doc["Resources"].as_mapping().unwrap();
    let code_uri = resources
        .values()
        .find(|r| r["Metadata"]["BuildProperties"]["Binary"].as_str() == Some(function))
        .and_then(|r| r["Properties"]["CodeUri"].as_str())
        .filter(|uri| *uri != ".")
        .unwrap_or("functions");
    format!("{code_uri}/src/bin/{function}.rs")
}

/// The functions a custom resource of the template invokes (its `ServiceToken` is
/// `!Ref Function`, `!Ref Function.Alias` or `!GetAtt Function.Arn`), by binary name.
fn custom_resource_functions(doc: &serde_norway::Value) -> BTreeSet<String> {
    use serde_norway::Value;
    let resources = doc["Resources"].as_mapping().unwrap();
    resources
        .values()
        .filter(|r| r["Type"].as_str().is_some_and(|t| t.starts_with("Custom::")))
        .filter_map(|r| match &r["Properties"]["ServiceToken"] {
            Value::Tagged(t) if t.tag == "Ref" || t.tag == "GetAtt" => t.value.as_str(),
            _ => None,
        })
        .filter_map(|target| resources.get(target.split('.').next()?))
        .filter_map(|function| function["Metadata"]["BuildProperties"]["Binary"].as_str())
        .map(str::to_owned)
        .collect()
}

/// The binaries of functions with a `Schedule` or `ScheduleV2` event.
fn scheduled_functions(doc: &serde_norway::Value) -> BTreeSet<String> {
    let resources = doc["Resources"].as_mapping().unwrap();
    let scheduled = |function: &serde_norway::Value| {
        let events = function["Properties"]["Events"]
            .as_mapping()
            .cloned()
            .unwrap_or_default();
        events
            .values()
            .any(|event| matches!(event["Type"].as_str(), Some("Schedule" | "ScheduleV2")))
    };
    resources
        .values()
        .filter(|r| r["Type"].as_str() == Some("AWS::Serverless::Function") && scheduled(r))
        .filter_map(|r| {
            r["Metadata"]["BuildProperties"]["Binary"]
                .as_str()
                .map(str::to_owned)
        })
        .collect()
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

/// Every integration test's source, to find the tests that drive a route.
fn test_sources() -> String {
    let mut all = String::new();
    for dir in ["tests/api", "tests/browser"] {
        for entry in std::fs::read_dir(workspace_root().join(dir)).unwrap() {
            all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
    }
    all
}

/// What a test names when it drives `function`: one of its HTTP paths, or (a function
/// no route invokes: the migration, the sweep) its name. WebSocket functions and
/// authorizers have no such text of their own (a socket's `.send(` proves nothing about
/// which route key it reaches), so for them, and again for every routed function, the
/// proof is what the tests actually invoked: test.sh runs them with `STUDIO_INVOKED_DIR`
/// and fails naming any function of `local-gateway --routed-functions` no test invoked.
fn driven(sources: &str, template: &Template, function: &str) -> bool {
    let ws_or_authorizer = template.ws_routes.iter().any(|r| r.function == function)
        || template.authorizer_functions().iter().any(|f| f == function);
    if ws_or_authorizer {
        return true;
    }
    let mut paths = template
        .http_routes
        .iter()
        .filter(|r| r.function == function)
        .map(|r| r.path.split('{').next().unwrap_or_default().to_owned())
        .filter(|p| p.len() > 1);
    paths.any(|path| sources.contains(&format!("\"{path}"))) || sources.contains(&format!("\"{function}\""))
}

#[test]
fn every_function_in_the_template_has_each_piece_a_route_needs() {
    let template = template();
    let doc = document();
    let hosted = functions(Arc::new(Clients::default()), &Telemetry::off());
    let routed: BTreeSet<String> = watch_routes().into_iter().map(|(_, _, f)| f).collect();
    let served = template.routed_functions();
    let sources = test_sources();
    let mut missing = Vec::new();
    for function in &template.functions {
        let is_http = template.http_routes.iter().any(|r| &r.function == function);
        let is_routed = served.contains(function);
        let source = binary_source(&doc, function);
        let pieces = [
            (exists(&source), format!("a binary {source}")),
            (
                exists(&format!("events/{function}.json")),
                "a sample event events/{f}.json".to_owned(),
            ),
            (
                !is_routed || hosted.contains_key(function.as_str()),
                "a row in infra/local-gateway/src/hosted/table.rs".to_owned(),
            ),
            (
                !is_http || routed.contains(function),
                "a route in Cargo.toml's watch router".to_owned(),
            ),
            (
                driven(&sources, &template, function),
                "a test in tests/api that drives it".to_owned(),
            ),
        ];
        for (present, piece) in pieces {
            if !present {
                missing.push(format!("{function}: {}", piece.replace("{f}", function)));
            }
        }
    }
    let declared: BTreeSet<&str> = template.functions.iter().map(String::as_str).collect();
    for extra in hosted.keys().filter(|name| !declared.contains(*name)) {
        missing.push(format!("{extra}: hosted locally but not in template.yaml"));
    }
    assert!(missing.is_empty(), "missing pieces:\n{}", missing.join("\n"));
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

#[test]
fn every_function_is_an_http_route_a_websocket_route_an_authorizer_or_a_custom_resource_only() {
    let template = template();
    let http: BTreeSet<&str> = template.http_routes.iter().map(|r| r.function.as_str()).collect();
    let ws: BTreeSet<&str> = template.ws_routes.iter().map(|r| r.function.as_str()).collect();
    assert!(
        http.is_disjoint(&ws),
        "both: {:?}",
        http.intersection(&ws).collect::<Vec<_>>()
    );
    let authorizers: BTreeSet<&str> = template
        .authorizer_functions()
        .into_iter()
        .map(|f| f.leak() as &str)
        .collect();
    assert_eq!(authorizers, BTreeSet::from(["authorizer-http", "authorizer-ws"]));
    let routed: BTreeSet<&str> = http.union(&ws).chain(&authorizers).copied().collect();
    let declared: BTreeSet<&str> = template.functions.iter().map(String::as_str).collect();
    let unrouted: BTreeSet<String> = declared.difference(&routed).map(|f| (*f).to_owned()).collect();
    let custom = custom_resource_functions(&document());
    let scheduled = scheduled_functions(&document());
    let expected: BTreeSet<String> = custom.union(&scheduled).cloned().collect();
    assert_eq!(
        unrouted, expected,
        "functions that neither serve nor authorize a route are exactly those a custom resource or a schedule invokes"
    );
    assert_eq!(custom, BTreeSet::from(["migrate".to_owned()]));
    assert_eq!(scheduled, BTreeSet::from(["media-sweep".to_owned()]));
    let keys: BTreeSet<&str> = template.ws_routes.iter().map(|r| r.route_key.as_str()).collect();
    assert_eq!(keys, BTreeSet::from(["$connect", "$default", "$disconnect"]));
}
