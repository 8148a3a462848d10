//! `template.yaml`'s DynamoDB tables are the ones the project creates locally.

use serde_norway::Value;
use std::collections::BTreeSet;
use studio_admin::tables::{ALL, TableDef};
use studio_tests::workspace_root;

fn resource(logical_id: &str) -> Value {
    let text = std::fs::read_to_string(workspace_root().join("template.yaml")).unwrap();
    let doc: Value = serde_norway::from_str(&text).unwrap();
    let resource = doc["Resources"][logical_id].clone();
    assert_eq!(
        resource["Type"].as_str(),
        Some("AWS::DynamoDB::Table"),
        "{logical_id}"
    );
    resource["Properties"].clone()
}

fn keys(schema: &Value) -> Vec<(String, String)> {
    schema
        .as_sequence()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["AttributeName"].as_str().unwrap().to_owned(),
                k["KeyType"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn expected_keys(partition: &str, sort: Option<&str>) -> Vec<(String, String)> {
    let mut keys = vec![(partition.to_owned(), "HASH".to_owned())];
    keys.extend(sort.map(|s| (s.to_owned(), "RANGE".to_owned())));
    keys
}

fn check(def: &TableDef) {
    let props = resource(def.logical_id);
    assert_eq!(props["BillingMode"].as_str(), Some("PAY_PER_REQUEST"));
    assert_eq!(
        keys(&props["KeySchema"]),
        expected_keys(def.partition_key, def.sort_key)
    );
    let attributes: BTreeSet<(String, String)> = props["AttributeDefinitions"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["AttributeName"].as_str().unwrap().to_owned(),
                a["AttributeType"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = def
        .key_attributes()
        .into_iter()
        .map(|a| (a.to_owned(), "S".to_owned()))
        .collect();
    assert_eq!(attributes, expected, "{}", def.logical_id);
    let ttl = &props["TimeToLiveSpecification"];
    assert_eq!(
        (ttl["AttributeName"].as_str(), ttl["Enabled"].as_bool()),
        (Some(def.ttl_attribute), Some(true))
    );
    let indexes = props["GlobalSecondaryIndexes"]
        .as_sequence()
        .cloned()
        .unwrap_or_default();
    match def.index {
        None => assert!(indexes.is_empty(), "{}", def.logical_id),
        Some(index) => {
            assert_eq!(indexes.len(), 1, "{}", def.logical_id);
            assert_eq!(indexes[0]["IndexName"].as_str(), Some(index.name));
            assert_eq!(
                keys(&indexes[0]["KeySchema"]),
                expected_keys(index.partition_key, index.sort_key)
            );
            assert_eq!(indexes[0]["Projection"]["ProjectionType"].as_str(), Some("ALL"));
        }
    }
}

#[test]
fn the_templates_tables_match_the_definitions_the_project_creates() {
    for def in &ALL {
        check(def);
    }
}
