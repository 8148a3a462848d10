//! `GET /v1/sessions` and `POST /v1/sessions`: the FastAPI parity service over the
//! same Postgres store as `/api`.

use lambda_http::Request;
use serde_json::Value;

use crate::api::sessions::{SessionAnswer, SessionsPage};
use crate::domain::{PageRequest, SessionName};
use crate::error::{Detail, ParityError};
use crate::http::{MAX_JSON_BODY, Response, json_object_untyped, ok, query};
use crate::sessions::SessionStore;

/// Lists sessions newest first, paged like `/api/sessions`.
pub async fn list(store: &dyn SessionStore, req: &Request) -> Result<Response, ParityError> {
    let page = PageRequest::parse(query(req, "limit"), query(req, "cursor"))?;
    let page = store.list(page).await.map_err(crate::error::ApiError::from)?;
    Ok(ok(&SessionsPage::from(page)))
}

/// Creates a session; `name` is required here, as in the FastAPI model.
pub async fn create(store: &dyn SessionStore, req: &Request) -> Result<Response, ParityError> {
    let body = json_object_untyped(req, MAX_JSON_BODY)?;
    let raw = match body.as_ref().and_then(|b| b.get("name")) {
        Some(Value::String(raw)) => raw,
        None => return Err(missing_name(body.is_none())),
        Some(_) => {
            return Err(ParityError::Validation(vec![Detail::new(
                &["body", "name"],
                "Input should be a valid string",
                "string_type",
            )]));
        }
    };
    let name = SessionName::parse(raw)?;
    let session = store.create(name).await.map_err(crate::error::ApiError::from)?;
    // FastAPI answers 200 unless a route sets another status.
    Ok(ok(&SessionAnswer { session }))
}

fn missing_name(no_body: bool) -> ParityError {
    let loc: &[&str] = if no_body { &["body"] } else { &["body", "name"] };
    ParityError::Validation(vec![Detail::new(loc, "Field required", "missing")])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::memory::InMemorySessionStore;
    use lambda_http::Body;
    use serde_json::json;

    fn post(body: &str) -> Request {
        http::Request::builder()
            .method("POST")
            .body(Body::Text(body.into()))
            .unwrap()
    }

    fn detail_of(err: ParityError) -> (u16, Value) {
        let resp = err.into_response();
        let body: Value = serde_json::from_slice(resp.body().as_ref()).unwrap();
        (resp.status().as_u16(), body)
    }

    #[tokio::test]
    async fn a_missing_name_is_a_422_with_fastapis_shape() {
        let store = InMemorySessionStore::default();
        let (status, body) = detail_of(create(&store, &post("{}")).await.unwrap_err());
        assert_eq!(status, 422);
        assert_eq!(body["detail"][0]["loc"], json!(["body", "name"]));
        assert_eq!(body["detail"][0]["type"], "missing");
    }

    #[tokio::test]
    async fn a_name_of_the_wrong_type_or_length_is_a_422() {
        let store = InMemorySessionStore::default();
        let (_, body) = detail_of(create(&store, &post(r#"{"name":[]}"#)).await.unwrap_err());
        assert_eq!(body["detail"][0]["type"], "string_type");
        let (_, body) = detail_of(create(&store, &post(r#"{"name":"  "}"#)).await.unwrap_err());
        assert_eq!(body["detail"][0]["type"], "string_too_short");
    }

    #[tokio::test]
    async fn a_valid_name_creates_a_session() {
        let store = InMemorySessionStore::default();
        let resp = create(&store, &post(r#"{"name":"Parity"}"#)).await.unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(store.list(PageRequest::default()).await.unwrap().items.len(), 1);
    }
}
