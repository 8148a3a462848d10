//! The OpenAPI document: the committed `docs/openapi.json` is what the handlers' types
//! generate, and every HTTP route of `template.yaml` is one of its operations.

use local_gateway::Template;
use std::collections::BTreeSet;
use studio_tests::workspace_root;

/// Routes served by the pages function (HTML) and the contract documents themselves.
fn undocumented(path: &str) -> bool {
    let pages = ["/", "/about", "/sessions", "/sessions/{id}", "/{proxy+}"];
    let documents = ["/api/openapi.json", "/api/asyncapi.json", "/docs"];
    pages.contains(&path) || documents.contains(&path)
}

#[test]
fn the_committed_openapi_document_is_the_generated_one() {
    let committed = std::fs::read_to_string(workspace_root().join("docs/openapi.json")).unwrap_or_default();
    assert!(
        committed == studio::openapi::to_json(),
        "docs/openapi.json is not what the handlers' types generate: regenerate it with \
         `cargo run -q -p studio-admin -- contract openapi > docs/openapi.json`"
    );
}

#[test]
fn every_http_route_of_the_template_is_an_operation_of_the_document() {
    let template = Template::load(&workspace_root().join("template.yaml")).unwrap();
    let document = serde_json::to_value(studio::openapi::document()).unwrap();
    let routes: BTreeSet<(String, String)> = template
        .http_routes
        .iter()
        .filter(|r| !undocumented(&r.path))
        .map(|r| (r.method.to_ascii_lowercase(), r.path.clone()))
        .collect();
    assert!(routes.len() >= 15, "{routes:?}");
    let missing: Vec<String> = routes
        .iter()
        .filter(|(method, path)| document["paths"][path][method].is_null())
        .map(|(method, path)| format!("{} {path}", method.to_uppercase()))
        .collect();
    assert!(missing.is_empty(), "routes without an operation: {missing:?}");
}

#[test]
fn the_document_is_openapi_3_1_and_every_operation_answers_json_for_each_status() {
    let document = serde_json::to_value(studio::openapi::document()).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["servers"][0]["url"], "/");
    let schemes = &document["components"]["securitySchemes"]["member_token"];
    assert_eq!(
        (&schemes["type"], &schemes["scheme"]),
        (&"http".into(), &"bearer".into())
    );
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            assert!(responses.keys().any(|s| s.starts_with('2')), "{method} {path}");
            for (status, response) in responses {
                assert!(
                    response["content"]["application/json"]["schema"].is_object(),
                    "{method} {path} {status} has no JSON schema"
                );
            }
        }
    }
}

#[test]
fn the_routes_behind_the_member_token_authorizer_document_the_bearer_scheme_and_its_refusals() {
    let template = Template::load(&workspace_root().join("template.yaml")).unwrap();
    let document = serde_json::to_value(studio::openapi::document()).unwrap();
    let protected: Vec<_> = template
        .http_routes
        .iter()
        .filter(|r| r.authorizer.is_some())
        .collect();
    assert!(!protected.is_empty());
    for route in protected {
        let operation = &document["paths"][&route.path][route.method.to_ascii_lowercase()];
        let security = operation["security"].to_string();
        assert!(
            security.contains("member_token"),
            "{} {}",
            route.method,
            route.path
        );
        for status in ["401", "403"] {
            let schema = operation["responses"][status]["content"]["application/json"]["schema"].to_string();
            assert!(
                schema.contains("Refusal"),
                "{} {} {status}: {schema}",
                route.method,
                route.path
            );
        }
    }
}
