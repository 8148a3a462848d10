//! What a deploy of `template.yaml` relies on, checked where the linters cannot see it:
//! each function's log group and retention, the VPC only where Postgres is used, the
//! database secret never in plain configuration, no wildcard resources, timeouts inside
//! API Gateway's limit, and `samconfig.toml`'s settings.

use serde_norway::{Mapping, Value};
use std::collections::BTreeSet;
use studio_tests::workspace_root;

fn document() -> Value {
    let text = std::fs::read_to_string(workspace_root().join("template.yaml")).unwrap();
    serde_norway::from_str(&text).unwrap()
}

fn resources(doc: &Value) -> &Mapping {
    doc["Resources"].as_mapping().unwrap()
}

/// The resource a `!Ref Name` (or `{ Ref: Name }`) names.
fn ref_target(value: &Value) -> Option<&str> {
    match value {
        Value::Tagged(tagged) if tagged.tag == "Ref" => tagged.value.as_str(),
        Value::Mapping(m) => m.get("Ref").and_then(Value::as_str),
        _ => None,
    }
}

/// `(logical id, function, properties)` of every `AWS::Serverless::Function`.
fn functions(doc: &Value) -> Vec<(String, String, Value)> {
    resources(doc)
        .iter()
        .filter(|(_, r)| r["Type"].as_str() == Some("AWS::Serverless::Function"))
        .map(|(id, r)| {
            let binary = r["Metadata"]["BuildProperties"]["Binary"].as_str().unwrap();
            (
                id.as_str().unwrap().to_owned(),
                binary.to_owned(),
                r["Properties"].clone(),
            )
        })
        .collect()
}

/// Whether the function's binary opens Postgres at cold start: started with every other
/// setting but no database and no Lambda Runtime API, a Postgres function stops on the
/// missing `DATABASE_URL`, and any other gets as far as looking for the Runtime API.
fn needs_postgres(binary: &str) -> bool {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let output = std::process::Command::new(dir.join(binary))
        .env_clear()
        .envs([
            ("MEDIA_BUCKET", "bucket"),
            ("PRESENCE_TABLE", "presence"),
            ("CONNECTIONS_TABLE", "connections"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("STUDIO_TRACES", "off"),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{binary} runs (the test command builds the functions first): {e}"));
    assert!(
        !output.status.success(),
        "{binary} cannot serve without a Runtime API"
    );
    String::from_utf8_lossy(&output.stderr).contains("DATABASE_URL is not set")
}

/// A function's setting, or the one in `Globals.Function`.
fn setting(doc: &Value, properties: &Value, name: &str) -> Value {
    match properties.get(name) {
        Some(value) => value.clone(),
        None => doc["Globals"]["Function"][name].clone(),
    }
}

#[test]
fn every_function_logs_to_a_log_group_of_its_own_with_the_retention_parameter() {
    let doc = document();
    let mut groups = BTreeSet::new();
    for (id, _, properties) in functions(&doc) {
        let group = ref_target(&properties["LoggingConfig"]["LogGroup"])
            .unwrap_or_else(|| panic!("{id} has no LoggingConfig.LogGroup: !Ref <its log group>"))
            .to_owned();
        let resource = &resources(&doc)[group.as_str()];
        assert_eq!(
            resource["Type"].as_str(),
            Some("AWS::Logs::LogGroup"),
            "{id} → {group}"
        );
        assert_eq!(
            ref_target(&resource["Properties"]["RetentionInDays"]),
            Some("LogRetentionDays"),
            "{group} must keep logs for LogRetentionDays"
        );
        assert!(groups.insert(group.clone()), "{group} is shared by two functions");
    }
    for (id, resource) in resources(&doc) {
        if resource["Type"].as_str() == Some("AWS::Logs::LogGroup") {
            assert_eq!(
                ref_target(&resource["Properties"]["RetentionInDays"]),
                Some("LogRetentionDays"),
                "{id:?} keeps logs forever"
            );
        }
    }
}

#[test]
fn exactly_the_postgres_functions_run_in_the_vpc_and_get_the_secret() {
    let doc = document();
    for (id, binary, properties) in functions(&doc) {
        let postgres = needs_postgres(&binary);
        let vpc = &properties["VpcConfig"];
        assert_eq!(
            !vpc.is_null(),
            postgres,
            "{id}: VpcConfig only where Postgres is used"
        );
        let env = &properties["Environment"]["Variables"];
        if postgres {
            assert_eq!(ref_target(&vpc["SubnetIds"]), Some("DatabaseSubnetIds"), "{id}");
            assert_eq!(
                ref_target(&vpc["SecurityGroupIds"]),
                Some("DatabaseSecurityGroupIds"),
                "{id}"
            );
            assert_eq!(
                ref_target(&env["DATABASE_SECRET_ARN"]),
                Some("DatabaseSecretArn"),
                "{id}"
            );
        } else {
            assert!(
                env.get("DATABASE_SECRET_ARN").is_none(),
                "{id} does not use Postgres"
            );
        }
        assert!(
            env.get("DATABASE_URL").is_none(),
            "{id}: a connection string would hold the password"
        );
    }
    let text = std::fs::read_to_string(workspace_root().join("template.yaml")).unwrap();
    // The only `postgres://` allowed is the parameter's description of the secret.
    let urls = text
        .match_indices("postgres://")
        .map(|(at, _)| &text[at + "postgres://".len()..]);
    for rest in urls {
        assert!(
            rest.starts_with(char::is_whitespace),
            "a connection string in the template"
        );
    }
}

/// Every `Resource` of every inline policy statement, with where it was found.
fn statement_resources(doc: &Value) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    for (id, _, properties) in functions(doc) {
        for policy in properties["Policies"].as_sequence().cloned().unwrap_or_default() {
            for statement in policy["Statement"].as_sequence().cloned().unwrap_or_default() {
                let resource = statement["Resource"].clone();
                match resource {
                    Value::Sequence(items) => found.extend(items.into_iter().map(|r| (id.clone(), r))),
                    other => found.push((id.clone(), other)),
                }
            }
        }
    }
    found
}

#[test]
fn no_policy_statement_grants_every_resource() {
    let doc = document();
    let resources = statement_resources(&doc);
    assert!(!resources.is_empty());
    for (id, resource) in resources {
        assert!(!resource.is_null(), "{id}: a statement without a Resource");
        if let Some(text) = resource.as_str() {
            assert_ne!(text.trim(), "*", "{id}: Resource '*'");
        }
    }
}

#[test]
fn http_functions_finish_inside_the_http_apis_integration_timeout() {
    let doc = document();
    for (id, _, properties) in functions(&doc) {
        let timeout = setting(&doc, &properties, "Timeout").as_u64().unwrap();
        let memory = setting(&doc, &properties, "MemorySize").as_u64().unwrap();
        assert!((128..=10_240).contains(&memory), "{id}: {memory} MB");
        let events = properties["Events"].as_mapping().cloned().unwrap_or_default();
        if events.values().any(|e| e["Type"].as_str() == Some("HttpApi")) {
            // The HTTP API answers 503 after 30 s; a longer function would go on running
            // (and billing) for nobody.
            assert!(
                timeout <= 29,
                "{id}: Timeout {timeout} s is past the HTTP API's 30 s"
            );
        }
    }
}

#[test]
fn the_pages_open_the_deployed_websocket_api() {
    let doc = document();
    let (_, _, pages) = functions(&doc)
        .into_iter()
        .find(|(_, f, _)| f == "pages")
        .unwrap();
    let ws_url = &pages["Environment"]["Variables"]["STUDIO_WS_URL"];
    let Value::Tagged(sub) = ws_url else {
        panic!("STUDIO_WS_URL should be a !Sub of the WebSocket API's URL, not {ws_url:?}")
    };
    let text = sub.value.as_str().unwrap();
    assert!(text.starts_with("wss://${WebSocketApi}.execute-api."), "{text}");
    assert!(text.ends_with("/${WebSocketStage}"), "{text}");
}

#[test]
fn samconfig_enables_the_cargo_lambda_build_and_deploys_with_iam() {
    let text = std::fs::read_to_string(workspace_root().join("samconfig.toml")).unwrap();
    let config: toml::Table = toml::from_str(&text).unwrap();
    let section = |command: &str| &config["default"][command]["parameters"];
    for command in ["build", "deploy", "sync"] {
        assert_eq!(
            section(command)["beta_features"].as_bool(),
            Some(true),
            "{command}"
        );
    }
    assert_eq!(section("deploy")["capabilities"].as_str(), Some("CAPABILITY_IAM"));
    assert_eq!(section("deploy")["resolve_s3"].as_bool(), Some(true));
    assert!(section("global")["stack_name"].as_str().is_some());
}

#[test]
fn every_function_has_reserved_concurrency_the_websocket_stage_logs_and_spans_never_go_to_the_console() {
    let doc = document();
    for (id, _, properties) in functions(&doc) {
        let reserved = &properties["ReservedConcurrentExecutions"];
        let Value::Tagged(choice) = reserved else {
            panic!("{id}: ReservedConcurrentExecutions should be !If [ReservesConcurrency, ...]")
        };
        assert_eq!(choice.value[0].as_str(), Some("ReservesConcurrency"), "{id}");
    }
    let stage = &resources(&doc)["WebSocketStage"]["Properties"];
    let logs = ref_target(&stage["AccessLogSettings"]["DestinationArn"])
        .or_else(|| match &stage["AccessLogSettings"]["DestinationArn"] {
            Value::Tagged(t) => t.value.as_str().map(|s| s.trim_end_matches(".Arn")),
            _ => None,
        })
        .expect("the WebSocket stage writes access logs");
    let group = &resources(&doc)[logs];
    assert_eq!(
        ref_target(&group["Properties"]["RetentionInDays"]),
        Some("LogRetentionDays")
    );
    let traces = &doc["Globals"]["Function"]["Environment"]["Variables"]["STUDIO_TRACES"];
    let Value::Tagged(choice) = traces else {
        panic!("STUDIO_TRACES should be !If [UsesCollector, otlp, off], not {traces:?}")
    };
    let branches: Vec<&str> = choice
        .value
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(branches, ["UsesCollector", "otlp", "off"]);
}
