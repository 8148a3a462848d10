//! `GET /api/sessions` (a page, or one session with `?id=`) and `POST /api/sessions`.

use lambda_http::Request;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::AccessConfig;
use crate::api::fork::{fork, fork_of};
use crate::api::invites::{Hosting, Invite, invite};
use crate::api::join::Joined;
use crate::arrangement::{Author, ForkStore};
use crate::domain::{Page, PageRequest, Session, SessionId, SessionName};
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, created, json_object, ok, query};
use crate::realtime::now;
use crate::sessions::SessionStore;

/// `{ sessions, nextCursor? }`: the seed's shape plus the cursor of the next page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsPage {
    pub sessions: Vec<Session>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `{ session }`: one session.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionAnswer {
    pub session: Session,
}

/// What `POST /api/sessions` answers: the session and, in invite mode, its host's
/// member token and a first invite.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedSession {
    pub session: Session,
    /// Invite mode: the creator, now the session's host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<Joined>,
    /// Invite mode: an invite for others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite: Option<Invite>,
}

impl From<Page<Session>> for SessionsPage {
    fn from(page: Page<Session>) -> Self {
        Self {
            sessions: page.items,
            next_cursor: page.next.map(|c| c.encode()),
        }
    }
}

/// Lists sessions newest first, or returns the one named by `?id=`.
pub async fn get(store: &dyn SessionStore, req: &Request) -> Result<Response, ApiError> {
    if let Some(raw) = query(req, "id") {
        let id = SessionId::parse(raw)?;
        let session = store
            .get(id)
            .await?
            .ok_or_else(|| ApiError::not_found("session", id))?;
        return Ok(ok(&SessionAnswer { session }));
    }
    let page = PageRequest::parse(query(req, "limit"), query(req, "cursor"))?;
    let page = store.list(page).await?;
    Ok(ok(&SessionsPage::from(page)))
}

/// Creates a session; without a name it gets the default one. With `forkOf` it starts
/// from a version of another session (`api::fork`). In invite mode its creator becomes
/// the host: the answer adds the host's member token and an invite.
pub async fn create(
    store: &dyn SessionStore,
    forks: &dyn ForkStore,
    access: &AccessConfig,
    req: &Request,
) -> Result<Response, ApiError> {
    let body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let name = optional_name(&body)?;
    let hosting = match access.invite_tokens() {
        Some(_) => Some(Hosting::read(&body)?),
        None => None,
    };
    let (session, host) = match fork_of(&body)? {
        None => {
            let session = store.create(name).await?;
            let host = hosting.as_ref().map(|h| h.host(session.id));
            (session, host)
        }
        Some(of) => {
            let id = SessionId::new();
            let host = hosting.as_ref().map(|h| h.host(id));
            let by = Author {
                member_id: host.as_ref().map(|h| h.member.clone()),
                display_name: host.as_ref().map(|h| h.name.clone()),
            };
            let session = fork(store, forks, access, req, of, id, name, by).await?;
            (session, host)
        }
    };
    let mut answer = CreatedSession {
        session,
        host: None,
        invite: None,
    };
    if let (Some(tokens), Some(hosting), Some(host)) = (access.invite_tokens(), hosting, host) {
        // Recorded so that no guest can join under the host's name.
        store
            .record_member(host.session, &host.member, &host.name, host.role.as_str())
            .await?;
        let now = now();
        answer.host = Some(Joined::new(&host, tokens.member(&host, now), access, now));
        answer.invite = Some(invite(tokens, answer.session.id, hosting.invite, now));
    }
    Ok(created(&answer))
}

fn optional_name(body: &Map<String, Value>) -> Result<SessionName, ApiError> {
    match body.get("name") {
        None | Some(Value::Null) => Ok(SessionName::default_name()),
        Some(Value::String(raw)) => Ok(SessionName::parse(raw)?),
        Some(_) => Err(ApiError::bad_request("invalid_name", "name must be a string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::memory::InMemorySessionStore;
    use crate::store::StoreError;
    use lambda_http::{Body, RequestExt};
    use std::collections::HashMap;

    fn post(body: &str) -> Request {
        http::Request::builder()
            .method("POST")
            .header("content-type", "application/json")
            .body(Body::Text(body.into()))
            .unwrap()
    }

    fn get_with(params: &[(&str, &str)]) -> Request {
        let map: HashMap<String, String> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        http::Request::builder()
            .body(Body::Empty)
            .unwrap()
            .with_query_string_parameters(map)
    }

    /// The fork store of tests that make no forks.
    struct NoArrangements;

    #[async_trait::async_trait]
    impl ForkStore for NoArrangements {
        async fn fork(
            &self,
            _: crate::arrangement::ForkOf,
            _: SessionId,
            _: SessionName,
            _: Author,
        ) -> Result<Result<Session, crate::arrangement::ForkError>, StoreError> {
            Err(StoreError::unavailable("postgres", "not in these tests"))
        }
    }

    async fn body_of(resp: Response) -> Value {
        serde_json::from_slice(resp.body().as_ref()).unwrap()
    }

    #[tokio::test]
    async fn creating_without_a_name_gives_the_default_name() {
        let store = InMemorySessionStore::default();
        let resp = create(&store, &NoArrangements, &AccessConfig::default(), &post("{}"))
            .await
            .unwrap();
        assert_eq!(resp.status(), 201);
        assert_eq!(body_of(resp).await["session"]["name"], "Untitled session");
    }

    #[tokio::test]
    async fn a_non_string_name_is_refused_and_nothing_is_stored() {
        let store = InMemorySessionStore::default();
        let err = create(
            &store,
            &NoArrangements,
            &AccessConfig::default(),
            &post(r#"{"name":42}"#),
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), "invalid_name");
        let page = store.list(PageRequest::default()).await.unwrap();
        assert!(page.items.is_empty());
    }

    #[tokio::test]
    async fn a_created_session_can_be_fetched_by_id() {
        let store = InMemorySessionStore::default();
        let made = body_of(
            create(
                &store,
                &NoArrangements,
                &AccessConfig::default(),
                &post(r#"{"name":" Mix "}"#),
            )
            .await
            .unwrap(),
        )
        .await;
        let id = made["session"]["id"].as_str().unwrap();
        let got = body_of(get(&store, &get_with(&[("id", id)])).await.unwrap()).await;
        assert_eq!(got["session"]["name"], "Mix");
    }

    #[tokio::test]
    async fn an_unknown_id_is_404_and_a_malformed_one_400() {
        let store = InMemorySessionStore::default();
        let missing = SessionId::new().to_string();
        let err = get(&store, &get_with(&[("id", &missing)])).await.unwrap_err();
        assert_eq!(err.status(), 404);
        let err = get(&store, &get_with(&[("id", "nope")])).await.unwrap_err();
        assert_eq!(err.status(), 400);
    }
}
