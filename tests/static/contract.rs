//! The route contract: every function `template.yaml` declares has its binary, its
//! sample event, its place in the local gateway's in-process table and (for HTTP) in
//! `cargo lambda watch`'s router, and a test that drives it. Whatever is missing is
//! named, so adding a route is: the template, one binary, one handler, one event, one
//! test.

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

/// What a test names when it drives `function`: one of its paths, or its route key.
fn driven(sources: &str, template: &Template, function: &str) -> bool {
    let http = template.http_routes.iter().filter(|r| r.function == function);
    let paths = http.map(|r| r.path.split('{').next().unwrap_or_default().to_owned());
    let ws = template.ws_routes.iter().filter(|r| r.function == function);
    let handshake = ws.map(|r| match r.route_key.as_str() {
        "$connect" => ".join(".to_owned(),
        "$disconnect" => ".leave()".to_owned(),
        _ => ".send(".to_owned(),
    });
    paths
        .filter(|p| p.len() > 1)
        .chain(handshake)
        .any(|needle| sources.contains(&needle))
        || sources.contains(&format!("\"{function}\""))
}

#[test]
fn every_function_in_the_template_has_each_piece_a_route_needs() {
    let template = template();
    let hosted = functions(Arc::new(Clients::default()), &Telemetry::off());
    let routed: BTreeSet<String> = watch_routes().into_iter().map(|(_, _, f)| f).collect();
    let sources = test_sources();
    let mut missing = Vec::new();
    for function in &template.functions {
        let is_http = template.http_routes.iter().any(|r| &r.function == function);
        let pieces = [
            (
                exists(&format!("functions/src/bin/{function}.rs")),
                "a binary functions/src/bin/{f}.rs",
            ),
            (
                exists(&format!("events/{function}.json")),
                "a sample event events/{f}.json",
            ),
            (
                hosted.contains_key(function.as_str()),
                "a row in infra/local-gateway/src/hosted/table.rs",
            ),
            (
                !is_http || routed.contains(function),
                "a route in Cargo.toml's watch router",
            ),
            (
                driven(&sources, &template, function),
                "a test in tests/api that drives it",
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
fn every_function_is_either_an_http_route_or_a_websocket_route_never_both() {
    let template = template();
    let http: BTreeSet<&str> = template.http_routes.iter().map(|r| r.function.as_str()).collect();
    let ws: BTreeSet<&str> = template.ws_routes.iter().map(|r| r.function.as_str()).collect();
    assert!(
        http.is_disjoint(&ws),
        "both: {:?}",
        http.intersection(&ws).collect::<Vec<_>>()
    );
    let routed: BTreeSet<&str> = http.union(&ws).copied().collect();
    let declared: BTreeSet<&str> = template.functions.iter().map(String::as_str).collect();
    assert_eq!(routed, declared, "functions without a route");
    let keys: BTreeSet<&str> = template.ws_routes.iter().map(|r| r.route_key.as_str()).collect();
    assert_eq!(keys, BTreeSet::from(["$connect", "$default", "$disconnect"]));
}
