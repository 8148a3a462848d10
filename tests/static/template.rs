//! What a deploy of `template.yaml` relies on, checked where the linters cannot see it:
//! each function's log group and retention, the VPC only where Postgres is used, the
//! database secret never in plain configuration, no wildcard resources, timeouts inside
//! API Gateway's limit, the `live` alias every function is published under and the APIs
//! invoke, the gradual rollout with its alarms, the migrations custom resource, the
//! bucket wired without a second deploy, and `samconfig.toml`'s non-interactive deploys.

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
            ("ROOM_EVENTS_TABLE", "room-events"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("STUDIO_TRACES", "off"),
        ])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{binary} runs (the test command builds it first: cargo build -p studio-functions -p studio-admin): {e}"
            )
        });
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

/// The value under `tag` when `value` is `!tag ...` (or its long form `{ "Fn::tag": ... }`
/// for the functions, `{ "Ref": ... }` for `Ref`).
fn tagged<'a>(value: &'a Value, tag: &str) -> Option<&'a Value> {
    match value {
        Value::Tagged(tagged) if tagged.tag == tag => Some(&tagged.value),
        Value::Mapping(m) if m.len() == 1 => m
            .get(format!("Fn::{tag}").as_str())
            .or_else(|| (tag == "Ref").then(|| m.get("Ref")).flatten()),
        _ => None,
    }
}

/// The function logical ids whose binary a route of the HTTP or WebSocket API invokes.
fn routed(doc: &Value) -> BTreeSet<String> {
    let template = local_gateway::Template::load(&workspace_root().join("template.yaml")).unwrap();
    let routed = template.routed_functions();
    functions(doc)
        .into_iter()
        .filter(|(_, binary, _)| routed.contains(binary))
        .map(|(id, _, _)| id)
        .collect()
}

#[test]
fn every_function_is_published_under_the_live_alias_with_all_its_properties() {
    let doc = document();
    for (id, _, properties) in functions(&doc) {
        assert_eq!(properties["AutoPublishAlias"].as_str(), Some("live"), "{id}");
        // Without it a changed timeout, VPC or setting would stay on the old version.
        assert_eq!(
            properties["AutoPublishAliasAllProperties"].as_bool(),
            Some(true),
            "{id}"
        );
    }
}

#[test]
fn every_routed_function_shifts_traffic_gradually_and_rolls_back_on_its_alarms() {
    let doc = document();
    let routed = routed(&doc);
    // All but the functions nothing routes: migrate (a custom resource) and the sweep
    // (a schedule), which serve no traffic to shift.
    let unrouted = functions(&doc).len() - routed.len();
    assert_eq!(
        unrouted, 2,
        "every function but migrate and media-sweep serves or authorizes a route: {routed:?}"
    );
    let deployment_type = &doc["Parameters"]["DeploymentType"];
    let default = deployment_type["Default"].as_str().unwrap();
    assert!(
        default.starts_with("CodeDeployDefault.LambdaCanary")
            || default.starts_with("CodeDeployDefault.LambdaLinear"),
        "the default rollout is gradual, not {default}"
    );
    for (id, _, properties) in functions(&doc)
        .into_iter()
        .filter(|(id, _, _)| routed.contains(id))
    {
        let preference = &properties["DeploymentPreference"];
        assert_eq!(
            ref_target(&preference["Type"]),
            Some("DeploymentType"),
            "{id}: DeploymentPreference.Type"
        );
        let name = id.strip_suffix("Function").unwrap();
        let alarms: Vec<&str> = preference["Alarms"]
            .as_sequence()
            .unwrap_or_else(|| panic!("{id} has no DeploymentPreference.Alarms"))
            .iter()
            .filter_map(ref_target)
            .collect();
        let (errors, throttles) = (format!("{name}Errors"), format!("{name}Throttles"));
        assert_eq!(alarms, [errors.as_str(), throttles.as_str()], "{id}");
        for (alarm, metric) in [(&errors, "Errors"), (&throttles, "Throttles")] {
            let resource = &resources(&doc)[alarm.as_str()];
            assert_eq!(
                resource["Type"].as_str(),
                Some("AWS::CloudWatch::Alarm"),
                "{alarm}"
            );
            let p = &resource["Properties"];
            assert_eq!(p["Namespace"].as_str(), Some("AWS/Lambda"), "{alarm}");
            assert_eq!(p["MetricName"].as_str(), Some(metric), "{alarm}");
            assert_eq!(p["Threshold"].as_u64(), Some(1), "{alarm}: one is enough");
            assert_eq!(
                p["ComparisonOperator"].as_str(),
                Some("GreaterThanOrEqualToThreshold"),
                "{alarm}"
            );
            assert_eq!(p["TreatMissingData"].as_str(), Some("notBreaching"), "{alarm}");
            let dimensions: Vec<(&str, &Value)> = p["Dimensions"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|d| (d["Name"].as_str().unwrap(), &d["Value"]))
                .collect();
            let dimension = |name: &str| {
                dimensions
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| *v)
                    .unwrap_or_else(|| panic!("{alarm} has no {name} dimension"))
            };
            assert_eq!(
                ref_target(dimension("FunctionName")),
                Some(id.as_str()),
                "{alarm}"
            );
            let alias = format!("${{{id}}}:live");
            assert_eq!(
                tagged(dimension("Resource"), "Sub").and_then(Value::as_str),
                Some(alias.as_str()),
                "{alarm} watches the alias"
            );
            if metric == "Errors" {
                // Only the new version's failures count during a shift.
                let version = format!("{id}.Version.Version");
                assert_eq!(
                    tagged(dimension("ExecutedVersion"), "GetAtt").and_then(Value::as_str),
                    Some(version.as_str()),
                    "{alarm}"
                );
            }
        }
    }
    for (id, _, properties) in functions(&doc)
        .into_iter()
        .filter(|(id, _, _)| !routed.contains(id))
    {
        assert!(
            properties.get("DeploymentPreference").is_none(),
            "{id} serves no traffic to shift"
        );
    }
}

#[test]
fn the_websocket_api_invokes_each_functions_live_alias() {
    let doc = document();
    let mut integrations = 0;
    for (id, resource) in resources(&doc) {
        let id = id.as_str().unwrap();
        match resource["Type"].as_str() {
            Some("AWS::ApiGatewayV2::Integration") => {
                integrations += 1;
                let sub = tagged(&resource["Properties"]["IntegrationUri"], "Sub")
                    .and_then(Value::as_sequence)
                    .unwrap_or_else(|| panic!("{id}: IntegrationUri is a !Sub [text, {{ Alias: ... }}]"));
                assert!(
                    sub[0]
                        .as_str()
                        .unwrap()
                        .ends_with("/functions/${Alias}/invocations"),
                    "{id}"
                );
                let alias = tagged(&sub[1]["Alias"], "Ref").and_then(Value::as_str);
                assert!(
                    alias.is_some_and(|a| a.ends_with("Function.Alias")),
                    "{id}: {alias:?}"
                );
            }
            Some("AWS::Lambda::Permission") => {
                let target = tagged(&resource["Properties"]["FunctionName"], "Ref").and_then(Value::as_str);
                assert!(
                    target.is_some_and(|t| t.ends_with("Function.Alias")),
                    "{id} allows the alias: {target:?}"
                );
            }
            _ => {}
        }
    }
    assert_eq!(integrations, 3);
}

#[test]
fn migrations_run_inside_the_deploy_before_any_function_that_serves_traffic() {
    let doc = document();
    let migrations = &resources(&doc)["Migrations"];
    assert!(
        migrations["Type"].as_str().unwrap().starts_with("Custom::"),
        "Migrations is a custom resource"
    );
    let p = &migrations["Properties"];
    assert_eq!(
        tagged(&p["ServiceToken"], "Ref").and_then(Value::as_str),
        Some("MigrateFunction.Alias")
    );
    // A new version of the function (new migrations in it) is what makes it run again.
    assert_eq!(
        tagged(&p["FunctionVersion"], "Ref").and_then(Value::as_str),
        Some("MigrateFunction.Version")
    );

    let (_, binary, migrate) = functions(&doc)
        .into_iter()
        .find(|(id, _, _)| id == "MigrateFunction")
        .expect("a MigrateFunction");
    assert_eq!(binary, "migrate");
    assert_eq!(
        migrate["CodeUri"].as_str(),
        Some("infra/admin"),
        "built beside the migrator"
    );
    assert!(migrate.get("Events").is_none(), "CloudFormation alone invokes it");
    assert!(
        needs_postgres(&binary),
        "it reads the database settings at cold start"
    );
    assert_eq!(
        ref_target(&migrate["VpcConfig"]["SubnetIds"]),
        Some("DatabaseSubnetIds")
    );
    // CloudFormation waits for an answer longer than the function can run.
    let timeout = setting(&doc, &migrate, "Timeout").as_u64().unwrap();
    let service_timeout = p["ServiceTimeout"].as_u64().unwrap();
    assert!(
        timeout < service_timeout && service_timeout <= 3600,
        "{timeout} s < {service_timeout} s"
    );

    for id in routed(&doc) {
        let depends = &resources(&doc)[id.as_str()]["DependsOn"];
        let on: Vec<&str> = match depends {
            Value::String(one) => vec![one.as_str()],
            Value::Sequence(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        assert!(on.contains(&"Migrations"), "{id} must wait for the migrations");
    }
    let output = &doc["Outputs"]["SchemaVersion"]["Value"];
    assert_eq!(
        tagged(output, "GetAtt").and_then(Value::as_str),
        Some("Migrations.SchemaVersion")
    );
}

/// Every `!Sub [text, vars]` under `value` whose text names the media bucket.
fn bucket_names<'a>(value: &'a Value, found: &mut Vec<&'a Value>) {
    if let Some(Value::Sequence(parts)) = tagged(value, "Sub")
        && parts
            .first()
            .and_then(Value::as_str)
            .is_some_and(|t| t.contains("-media-"))
    {
        found.push(value);
        return;
    }
    match value {
        Value::Sequence(items) => items.iter().for_each(|v| bucket_names(v, found)),
        Value::Mapping(m) => m.values().for_each(|v| bucket_names(v, found)),
        Value::Tagged(t) => bucket_names(&t.value, found),
        _ => {}
    }
}

#[test]
fn the_bucket_is_named_once_so_its_cors_can_name_the_api_without_a_second_deploy() {
    let doc = document();
    let bucket = &resources(&doc)["MediaBucket"];
    assert_eq!(bucket["DeletionPolicy"].as_str(), Some("RetainExceptOnCreate"));
    let name = tagged(&bucket["Properties"]["BucketName"], "Sub")
        .and_then(Value::as_sequence)
        .expect("BucketName is a !Sub [text, vars]");
    let (name_text, name_vars) = (name[0].as_str().unwrap(), &name[1]);

    // Functions use the same name and never refer to the bucket resource itself, which
    // (through the HTTP API it names in its CORS) would close a dependency cycle.
    let functions = functions(&doc);
    let mut uses = Vec::new();
    for (id, _, properties) in &functions {
        let text = serde_norway::to_string(properties).unwrap();
        assert!(
            !text.contains("MediaBucket"),
            "{id} refers to the bucket resource"
        );
        bucket_names(properties, &mut uses);
    }
    assert!(uses.len() >= 8, "{} uses of the bucket's name", uses.len());
    for used in uses {
        let parts = tagged(used, "Sub").and_then(Value::as_sequence).unwrap();
        let text = parts[0].as_str().unwrap();
        assert!(
            text == name_text || text.starts_with(&format!("arn:${{AWS::Partition}}:s3:::{name_text}")),
            "{text} is not the bucket's name {name_text}"
        );
        assert_eq!(&parts[1], name_vars, "{text}: the same variables as BucketName");
    }

    let origins = bucket["Properties"]["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"]
        .as_sequence()
        .unwrap();
    let api = tagged(&origins[0], "Sub").and_then(Value::as_str);
    assert_eq!(
        api,
        Some("https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"),
        "the pages' own origin"
    );
    let custom = tagged(&origins[1], "If").and_then(Value::as_sequence).unwrap();
    assert_eq!(
        custom[0].as_str(),
        Some("HasStudioOrigin"),
        "a custom domain stays an option"
    );
    assert_eq!(doc["Parameters"]["StudioOrigin"]["Default"].as_str(), Some(""));
}

fn samconfig() -> toml::Table {
    let text = std::fs::read_to_string(workspace_root().join("samconfig.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

#[test]
fn samconfig_enables_the_cargo_lambda_build() {
    let config = samconfig();
    for command in ["build", "sync"] {
        assert_eq!(
            config["default"][command]["parameters"]["beta_features"].as_bool(),
            Some(true),
            "default.{command}"
        );
    }
    assert_eq!(
        config["default"]["validate"]["parameters"]["lint"].as_bool(),
        Some(true)
    );
}

/// `sam build && sam deploy --config-env <stage> --no-confirm-changeset
/// --no-fail-on-empty-changeset` deploys each stage without a question: every template
/// parameter without a default has a value (a placeholder to replace, for the database
/// and network), and the stage's name is its own.
#[test]
fn each_stage_deploys_without_a_question() {
    let config = samconfig();
    let doc = document();
    let required: Vec<&str> = doc["Parameters"]
        .as_mapping()
        .unwrap()
        .iter()
        .filter(|(_, p)| p.get("Default").is_none())
        .map(|(name, _)| name.as_str().unwrap())
        .collect();
    assert_eq!(
        required,
        [
            "DatabaseSecretArn",
            "DatabaseSubnetIds",
            "DatabaseSecurityGroupIds"
        ]
    );
    for stage in ["dev", "prod"] {
        let global = &config[stage]["global"]["parameters"];
        assert_eq!(
            global["stack_name"].as_str(),
            Some(format!("omnisonic-studio-{stage}").as_str())
        );
        assert_eq!(global["beta_features"].as_bool(), Some(true), "{stage}");
        let deploy = &config[stage]["deploy"]["parameters"];
        assert_eq!(deploy["capabilities"].as_str(), Some("CAPABILITY_IAM"), "{stage}");
        assert_eq!(deploy["resolve_s3"].as_bool(), Some(true), "{stage}");
        assert_eq!(deploy["confirm_changeset"].as_bool(), Some(false), "{stage}");
        assert_eq!(
            deploy["fail_on_empty_changeset"].as_bool(),
            Some(false),
            "{stage}"
        );
        let overrides: Vec<&str> = deploy["parameter_overrides"]
            .as_array()
            .unwrap_or_else(|| panic!("{stage}: parameter_overrides as a list"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(
            overrides.contains(&format!("Stage={stage}").as_str()),
            "{stage}: {overrides:?}"
        );
        for name in &required {
            assert!(
                overrides.iter().any(|o| o.starts_with(&format!("{name}="))),
                "{stage}: {name} has no value"
            );
        }
        for o in &overrides {
            let name = o.split('=').next().unwrap();
            assert!(
                doc["Parameters"].get(name).is_some(),
                "{stage}: {name} is not a parameter of the template"
            );
        }
    }
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
