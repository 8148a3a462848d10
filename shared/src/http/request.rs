//! Reading what a client sent: query parameters and bounded JSON bodies.

use http::header;
use lambda_http::{Request, RequestExt};
use serde_json::{Map, Value};

/// Largest JSON body the studio's JSON routes read. Session and presence bodies are a
/// few hundred bytes; anything near this is not a well-meaning client.
pub const MAX_JSON_BODY: usize = 64 * 1024;

/// A body the route cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("request body is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("content type {0:?} is not supported: send the body as application/json")]
    UnsupportedMediaType(String),
    #[error("request body is not valid JSON: {0}")]
    Malformed(String),
    #[error("request body must be a JSON object")]
    NotAnObject,
}

/// The first value of a query parameter.
pub fn query<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.query_string_parameters_ref()
        .and_then(|params| params.first(name))
}

/// Reads the body as a JSON object. An empty body without a content type (or an empty
/// JSON one) is `Ok(None)`, so routes whose fields are all optional can accept it; a
/// body over `limit` bytes, any content type but `application/json` (or `+json`),
/// malformed JSON and non-object JSON are refused.
pub fn json_object(req: &Request, limit: usize) -> Result<Option<Map<String, Value>>, BodyError> {
    read_object(req, limit, false)
}

/// [`json_object`] as FastAPI reads a body for the `/v1` parity routes: a body without
/// a content type is read as JSON too.
pub fn json_object_untyped(req: &Request, limit: usize) -> Result<Option<Map<String, Value>>, BodyError> {
    read_object(req, limit, true)
}

fn read_object(
    req: &Request,
    limit: usize,
    untyped_is_json: bool,
) -> Result<Option<Map<String, Value>>, BodyError> {
    let bytes: &[u8] = req.body().as_ref();
    if bytes.len() > limit {
        return Err(BodyError::TooLarge { limit });
    }
    let content_type = req.headers().get(header::CONTENT_TYPE);
    if bytes.iter().all(u8::is_ascii_whitespace) && content_type.is_none() {
        return Ok(None);
    }
    // A body must say it is JSON: a page elsewhere can make a browser send text/plain or
    // a form without asking (no CORS preflight), but never application/json.
    let text = content_type.and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !(is_json(text) || untyped_is_json && content_type.is_none()) {
        return Err(BodyError::UnsupportedMediaType(text.to_owned()));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(Some(map)),
        Ok(_) => Err(BodyError::NotAnObject),
        Err(e) => Err(BodyError::Malformed(e.to_string())),
    }
}

fn is_json(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or_default().trim();
    let mime = mime.to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_http::Body;

    fn request(content_type: Option<&str>, body: &str) -> Request {
        let mut builder = http::Request::builder().method("POST").uri("/api/sessions");
        if let Some(ct) = content_type {
            builder = builder.header("content-type", ct);
        }
        builder.body(Body::Text(body.to_owned())).unwrap()
    }

    #[test]
    fn an_empty_body_reads_as_nothing() {
        assert_eq!(json_object(&request(None, ""), 100), Ok(None));
        assert_eq!(
            json_object(&request(Some("application/json"), "  \n"), 100),
            Ok(None)
        );
    }

    #[test]
    fn an_object_is_read_and_other_json_refused() {
        let map = json_object(
            &request(Some("application/json; charset=utf-8"), r#"{"a":1}"#),
            100,
        )
        .unwrap()
        .unwrap();
        assert_eq!(map["a"], 1);
        let json = Some("application/json");
        assert_eq!(
            json_object(&request(json, "[1]"), 100),
            Err(BodyError::NotAnObject)
        );
        assert!(matches!(
            json_object(&request(json, "{"), 100),
            Err(BodyError::Malformed(_))
        ));
    }

    #[test]
    fn an_oversized_body_or_a_foreign_content_type_is_refused() {
        let big = format!(r#"{{"name":"{}"}}"#, "x".repeat(200));
        assert_eq!(
            json_object(&request(Some("application/json"), &big), 100),
            Err(BodyError::TooLarge { limit: 100 })
        );
        assert!(matches!(
            json_object(&request(Some("application/xml"), "<a/>"), 100),
            Err(BodyError::UnsupportedMediaType(_))
        ));
    }

    #[test]
    fn a_body_a_browser_can_send_without_a_preflight_is_refused() {
        for ct in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
        ] {
            assert!(
                matches!(
                    json_object(&request(ct, r#"{"name":"x"}"#), 100),
                    Err(BodyError::UnsupportedMediaType(_))
                ),
                "{ct:?}"
            );
        }
    }
}
