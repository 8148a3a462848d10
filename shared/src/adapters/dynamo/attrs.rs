//! Reading and writing DynamoDB attributes, span attributes and error mapping shared by
//! the realtime adapters.

use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::{error::SdkError, types::AttributeValue};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use opentelemetry::KeyValue;
use std::collections::HashMap;

use super::TTL_ATTRIBUTE;
use crate::domain::RoomId;
use crate::store::StoreError;
use crate::telemetry::traced;

/// An item as the SDK returns it.
pub(crate) type Item = HashMap<String, AttributeValue>;

/// Maps an SDK error of DynamoDB (see [`crate::adapters::sdk_error`]).
pub fn store_error<E>(e: SdkError<E, HttpResponse>) -> StoreError
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    crate::adapters::sdk_error::store_error("dynamodb", e)
}

pub(crate) fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}

pub(crate) fn n(v: i64) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

pub(crate) fn text<'a>(item: &'a Item, name: &str) -> Result<&'a str, StoreError> {
    match item.get(name) {
        Some(AttributeValue::S(v)) => Ok(v),
        _ => Err(StoreError::internal(
            "dynamodb",
            format!("item has no string {name}"),
        )),
    }
}

pub(crate) fn number(item: &Item, name: &str) -> Result<i64, StoreError> {
    match item.get(name) {
        Some(AttributeValue::N(v)) => v
            .parse()
            .map_err(|_| StoreError::internal("dynamodb", format!("{name} is not an integer"))),
        _ => Err(StoreError::internal(
            "dynamodb",
            format!("item has no number {name}"),
        )),
    }
}

pub(crate) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::internal("dynamodb", format!("stored value is invalid: {e}"))
}

pub(crate) fn span(op: &'static str, table: &str) -> Vec<KeyValue> {
    vec![
        KeyValue::new("db.system.name", "aws.dynamodb"),
        KeyValue::new("db.operation.name", op),
        KeyValue::new("aws.dynamodb.table_names", table.to_owned()),
    ]
}

/// The live rows of a room: one paginated Query on `roomId` (the table's key or an index
/// the caller chose) that skips rows whose TTL has passed, since DynamoDB deletes expired
/// items only within days; run inside a span named `span_name`.
pub(crate) async fn live_in_room(
    query: QueryFluentBuilder,
    span_name: &'static str,
    table: &str,
    room: &RoomId,
    now: i64,
) -> Result<Vec<Item>, StoreError> {
    let pages = query
        .key_condition_expression("roomId = :room")
        .filter_expression(format!("{TTL_ATTRIBUTE} > :now"))
        .expression_attribute_values(":room", s(room.as_str()))
        .expression_attribute_values(":now", n(now))
        .into_paginator()
        .items()
        .send()
        .collect::<Vec<_>>();
    traced(span_name, span("Query", table), async {
        pages
            .await
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .map_err(store_error)
    })
    .await
}
