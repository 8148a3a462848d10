//! CloudFormation custom resources: the request CloudFormation sends a function, and the
//! response it waits for at the request's pre-signed `ResponseURL`.
//!
//! CloudFormation invokes the function asynchronously and then waits for that PUT, not
//! for the invocation's result: a function that never answers holds the stack until the
//! resource's `ServiceTimeout`. So every request gets an answer, a failure included.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use studio::adapters::https::{HttpsClient, HttpsError};

/// CloudFormation refuses a response body over 4096 bytes.
pub const MAX_BODY: usize = 4096;

/// The reason shown in the stack's events is kept this short, leaving room for the rest.
const MAX_REASON: usize = 1024;

/// What CloudFormation asks of the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum RequestType {
    Create,
    Update,
    Delete,
}

/// A custom resource request, as CloudFormation sends it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Request {
    pub request_type: RequestType,
    /// Pre-signed S3 URL the response is PUT to.
    #[serde(rename = "ResponseURL")]
    pub response_url: String,
    pub stack_id: String,
    pub request_id: String,
    pub resource_type: String,
    pub logical_resource_id: String,
    /// Absent on `Create`: the response names it.
    #[serde(default)]
    pub physical_resource_id: Option<String>,
    #[serde(default)]
    pub resource_properties: Map<String, Value>,
    #[serde(default)]
    pub old_resource_properties: Option<Map<String, Value>>,
}

/// Whether the resource's operation succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Success,
    Failed,
}

/// The response CloudFormation waits for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Response {
    pub status: Status,
    /// Shown in the stack's events (CloudFormation requires one on failure).
    pub reason: String,
    pub physical_resource_id: String,
    pub stack_id: String,
    pub request_id: String,
    pub logical_resource_id: String,
    /// Read in the template with `!GetAtt Resource.Key`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
}

impl Request {
    /// A success for this request: the resource is `physical_id` and carries `data`.
    pub fn success(&self, physical_id: String, reason: &str, data: BTreeMap<String, String>) -> Response {
        self.respond(Status::Success, physical_id, reason, data)
    }

    /// A failure for this request, with its reason. The resource keeps its physical id;
    /// one that failed to be created gets `fallback_id`, which CloudFormation then
    /// passes to the `Delete` of the rollback.
    pub fn failure(&self, fallback_id: &str, reason: &str) -> Response {
        let id = self
            .physical_resource_id
            .clone()
            .unwrap_or_else(|| fallback_id.to_owned());
        self.respond(Status::Failed, id, reason, BTreeMap::new())
    }

    fn respond(
        &self,
        status: Status,
        physical_resource_id: String,
        reason: &str,
        data: BTreeMap<String, String>,
    ) -> Response {
        Response {
            status,
            reason: shorten(reason, MAX_REASON),
            physical_resource_id,
            stack_id: self.stack_id.clone(),
            request_id: self.request_id.clone(),
            logical_resource_id: self.logical_resource_id.clone(),
            data,
        }
    }
}

impl Response {
    /// The JSON body, within CloudFormation's size limit: data values are shortened
    /// first, then the reason.
    pub fn body(&self) -> String {
        let mut response = self.clone();
        let mut room = MAX_REASON;
        loop {
            let body = serde_json::to_string(&response).expect("a response always serialises");
            if body.len() <= MAX_BODY || room < 16 {
                return body;
            }
            room /= 2;
            for value in response.data.values_mut() {
                *value = shorten(value, room);
            }
            response.reason = shorten(&response.reason, room);
        }
    }
}

/// `text` cut to at most `max` bytes on a character boundary, marked with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Why a response did not reach CloudFormation.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the response could not be sent: {0}")]
    Https(#[from] HttpsError),
    #[error("the response URL is not usable: {0}")]
    Url(#[from] http::Error),
    #[error("the response URL answered {0}")]
    Status(http::StatusCode),
}

/// How long sending the answer may take: CloudFormation waits an hour for a custom
/// resource, but the function's own timeout is far shorter.
const SEND_DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

/// Sends responses to CloudFormation's pre-signed URLs: one HTTPS client with the
/// system's certificate authorities, built once per container.
pub struct Responder {
    client: HttpsClient,
}

impl Responder {
    /// A client for `https://` URLs (and `http://`, which local tests use).
    pub fn new() -> Result<Self, SendError> {
        let client = HttpsClient::new(std::time::Duration::from_secs(2))?;
        Ok(Self { client })
    }

    /// PUTs `response` to `url`. The URL is signed without a content type, so the
    /// request sends none.
    pub async fn send(&self, url: &str, response: &Response) -> Result<(), SendError> {
        let body = response.body();
        let request = http::Request::put(url)
            .header(http::header::CONTENT_LENGTH, body.len())
            .body(http_body_util::Full::new(bytes::Bytes::from(body)))?;
        let answer = self.client.send(request, SEND_DEADLINE).await?;
        if answer.status().is_success() {
            Ok(())
        } else {
            Err(SendError::Status(answer.status()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CREATE: &str = include_str!("../../../events/migrate.json");

    fn create() -> Request {
        serde_json::from_str(CREATE).unwrap()
    }

    #[test]
    fn the_sample_event_is_a_create_request() {
        let request = create();
        assert_eq!(request.request_type, RequestType::Create);
        assert_eq!(request.logical_resource_id, "Migrations");
        assert!(request.response_url.starts_with("https://"));
        assert!(request.physical_resource_id.is_none());
        assert!(request.resource_properties.contains_key("ServiceToken"));
    }

    #[test]
    fn updates_and_deletes_carry_their_physical_id() {
        let mut event: Value = serde_json::from_str(CREATE).unwrap();
        event["RequestType"] = "Delete".into();
        event["PhysicalResourceId"] = "schema:omnisonic".into();
        let request: Request = serde_json::from_value(event).unwrap();
        assert_eq!(request.request_type, RequestType::Delete);
        assert_eq!(request.physical_resource_id.as_deref(), Some("schema:omnisonic"));
        let failed = request.failure("other", "no");
        assert_eq!(failed.physical_resource_id, "schema:omnisonic");
    }

    #[test]
    fn a_response_is_the_json_cloudformation_reads() {
        let request = create();
        let data = BTreeMap::from([("SchemaVersion".to_owned(), "3".to_owned())]);
        let body: Value =
            serde_json::from_str(&request.success("schema:omnisonic".into(), "done", data).body()).unwrap();
        assert_eq!(body["Status"], "SUCCESS");
        assert_eq!(body["PhysicalResourceId"], "schema:omnisonic");
        assert_eq!(body["StackId"], request.stack_id);
        assert_eq!(body["RequestId"], request.request_id);
        assert_eq!(body["LogicalResourceId"], "Migrations");
        assert_eq!(body["Reason"], "done");
        assert_eq!(body["Data"]["SchemaVersion"], "3");

        let failed: Value = serde_json::from_str(&request.failure("schema:x", "it broke").body()).unwrap();
        assert_eq!(failed["Status"], "FAILED");
        assert_eq!(failed["Reason"], "it broke");
        assert_eq!(failed["PhysicalResourceId"], "schema:x");
        assert!(failed.get("Data").is_none());
    }

    #[test]
    fn a_long_reason_and_long_data_still_fit_in_a_response() {
        let request = create();
        let huge = "é".repeat(10_000);
        let data = BTreeMap::from([
            ("A".to_owned(), huge.clone()),
            ("B".to_owned(), huge.clone()),
            ("C".to_owned(), huge.clone()),
        ]);
        let body = request.success("id".into(), &huge, data).body();
        assert!(body.len() <= MAX_BODY, "{} bytes", body.len());
        let parsed: Value = serde_json::from_str(&body).unwrap();
        assert!(parsed["Reason"].as_str().unwrap().ends_with('…'));
    }

    #[test]
    fn shortening_keeps_whole_characters() {
        assert_eq!(shorten("short", 10), "short");
        let cut = shorten("ééééé", 6);
        assert!(cut.len() <= 6 && cut.ends_with('…'), "{cut}");
        assert_eq!(shorten("abcdefghij", 7), "abcd…");
    }
}
