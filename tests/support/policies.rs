//! What `template.yaml` grants each function: the actions and resources of its
//! policies, with resources written the way the recorder of AWS calls names them.

use serde_norway::Value;
use std::collections::{BTreeMap, BTreeSet};

use crate::workspace_root;

/// `binary → {(action, resource)}`.
pub type Grants = BTreeMap<String, BTreeSet<(String, String)>>;

/// Every function's grants.
pub fn grants() -> Grants {
    let text = std::fs::read_to_string(workspace_root().join("template.yaml")).unwrap();
    let doc: Value = serde_norway::from_str(&text).unwrap();
    let mut grants = Grants::new();
    for (_, resource) in doc["Resources"].as_mapping().unwrap() {
        if resource["Type"].as_str() != Some("AWS::Serverless::Function") {
            continue;
        }
        let binary = resource["Metadata"]["BuildProperties"]["Binary"]
            .as_str()
            .unwrap()
            .to_owned();
        let granted = grants.entry(binary.clone()).or_default();
        for policy in resource["Properties"]["Policies"]
            .as_sequence()
            .cloned()
            .unwrap_or_default()
        {
            granted.extend(policy_grants(&binary, &policy));
        }
    }
    grants
}

fn policy_grants(binary: &str, policy: &Value) -> Vec<(String, String)> {
    if let Some(template) = policy.get("AWSSecretsManagerGetSecretValuePolicy") {
        let secret = name(&template["SecretArn"]);
        return vec![("secretsmanager:GetSecretValue".to_owned(), secret)];
    }
    let Some(statements) = policy.get("Statement").and_then(Value::as_sequence) else {
        panic!("{binary}: a policy this test cannot read: {policy:?}");
    };
    let mut found = Vec::new();
    for statement in statements
        .iter()
        .filter(|s| s["Effect"].as_str() == Some("Allow"))
    {
        for action in list(&statement["Action"]) {
            for resource in list(&statement["Resource"]) {
                found.push((action.as_str().unwrap_or_default().to_owned(), name(&resource)));
            }
        }
    }
    found
}

fn list(value: &Value) -> Vec<Value> {
    match value {
        // A tagged value (`!Sub [template, variables]`) is one resource, not a list.
        Value::Sequence(items) => items.clone(),
        other => vec![other.clone()],
    }
}

/// `!GetAtt X.Arn` → `X.Arn`, `!Sub "${X.Arn}/uploads/*"` → `X.Arn/uploads/*`, `!Ref P`
/// → `P`, the media bucket's ARN by name (`arn:…:s3:::omnisonic-…`) → `MediaBucket.Arn`,
/// and any `@connections` ARN → `@connections`.
fn name(value: &Value) -> String {
    let text = match value {
        Value::Tagged(tagged) => {
            let sub = tagged.tag.to_string().trim_start_matches('!') == "Sub";
            match &tagged.value {
                // `!Sub [template, variables]`: the template names the resource.
                Value::Sequence(parts) if sub => parts[0].as_str().unwrap_or_default().to_owned(),
                Value::Sequence(parts) => parts
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("."),
                other => other.as_str().unwrap_or_default().to_owned(),
            }
        }
        other => other.as_str().unwrap_or_default().to_owned(),
    };
    if text.contains("@connections") {
        return "@connections".to_owned();
    }
    if let Some(at) = text.find(":s3:::omnisonic-") {
        let rest = &text[at..];
        let path = rest.find('/').map_or("", |slash| &rest[slash..]);
        return format!("MediaBucket.Arn{path}");
    }
    text.replace("${", "").replace('}', "")
}

/// Whether `granted` covers `used`: the same, or a pattern ending in `*` over it.
pub fn covers(granted: &str, used: &str) -> bool {
    granted == used
        || granted
            .strip_suffix('*')
            .is_some_and(|prefix| used.starts_with(prefix))
}
