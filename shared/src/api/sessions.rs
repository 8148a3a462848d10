//! `GET /api/sessions` (a page, or one session with `?id=`) and `POST /api/sessions`.
//! In invite mode a member sees only its own session: the list is not a directory of
//! every room's id and name.

use lambda_http::Request;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{AccessConfig, AccessMode, Caller, Member};
use crate::api::invites::{Hosting, Invite, invite};
use crate::api::join::Joined;
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

/// Lists sessions newest first, or returns the one named by `?id=`. In invite mode
/// the list holds the caller's own session only, and `?id=` must name it.
pub async fn get(store: &dyn SessionStore, mode: AccessMode, req: &Request) -> Result<Response, ApiError> {
    let caller = Caller::of_http(mode, req, now())?;
    if let Some(raw) = query(req, "id") {
        let id = SessionId::parse(raw)?;
        caller.may_use(Some(id))?;
        let session = store
            .get(id)
            .await?
            .ok_or_else(|| ApiError::not_found("session", id))?;
        return Ok(ok(&SessionAnswer { session }));
    }
    let page = PageRequest::parse(query(req, "limit"), query(req, "cursor"))?;
    if let Caller::Member(member) = &caller {
        let own = store.get(member.session).await?;
        // One session fits on the first page; a later page (a cursor) is empty.
        let sessions = own.into_iter().filter(|_| page.after.is_none()).collect();
        return Ok(ok(&SessionsPage {
            sessions,
            next_cursor: None,
        }));
    }
    let page = store.list(page).await?;
    Ok(ok(&SessionsPage::from(page)))
}

/// Creates a session; without a name it gets the default one. In invite mode its
/// creator becomes the host: the answer adds the host's member token and an invite.
pub async fn create(
    store: &dyn SessionStore,
    access: &AccessConfig,
    req: &Request,
) -> Result<Response, ApiError> {
    let body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let name = optional_name(&body)?;
    let hosting = hosting(access, &body)?;
    let session = store.create(name).await?;
    let host = hosting.as_ref().map(|h| h.host(session.id));
    answer_created(store, access, session, hosting.zip(host)).await
}

/// The creator's choices in invite mode (`hostName`, the invite's terms).
pub(crate) fn hosting(access: &AccessConfig, body: &Map<String, Value>) -> Result<Option<Hosting>, ApiError> {
    match access.invite_tokens() {
        Some(_) => Ok(Some(Hosting::read(body)?)),
        None => Ok(None),
    }
}

/// `201 { session, host?, invite? }` for a session just made (created or forked): in
/// invite mode the host is recorded as a member and gets its token and a first invite.
pub(crate) async fn answer_created(
    store: &dyn SessionStore,
    access: &AccessConfig,
    session: Session,
    hosted: Option<(Hosting, Member)>,
) -> Result<Response, ApiError> {
    let mut answer = CreatedSession {
        session,
        host: None,
        invite: None,
    };
    if let (Some(tokens), Some((hosting, host))) = (access.invite_tokens(), hosted) {
        // Recorded so that no guest can join under the host's name.
        store
            .record_member(host.session, &host.member, &host.name, host.role.as_str())
            .await?;
        let now = now();
        answer.host = Some(Joined::new(&host, tokens.member(&host, now), access, now));
        answer.invite = Some(invite(tokens, store, &host, hosting.invite, now).await?);
    }
    Ok(created(&answer))
}

/// The body's `name`, or the default one.
pub(crate) fn optional_name(body: &Map<String, Value>) -> Result<SessionName, ApiError> {
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

    async fn body_of(resp: Response) -> Value {
        serde_json::from_slice(resp.body().as_ref()).unwrap()
    }

    #[tokio::test]
    async fn creating_without_a_name_gives_the_default_name() {
        let store = InMemorySessionStore::default();
        let resp = create(&store, &AccessConfig::default(), &post("{}"))
            .await
            .unwrap();
        assert_eq!(resp.status(), 201);
        assert_eq!(body_of(resp).await["session"]["name"], "Untitled session");
    }

    #[tokio::test]
    async fn a_non_string_name_is_refused_and_nothing_is_stored() {
        let store = InMemorySessionStore::default();
        let err = create(&store, &AccessConfig::default(), &post(r#"{"name":42}"#))
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
            create(&store, &AccessConfig::default(), &post(r#"{"name":" Mix "}"#))
                .await
                .unwrap(),
        )
        .await;
        let id = made["session"]["id"].as_str().unwrap();
        let got = body_of(
            get(&store, AccessMode::Open, &get_with(&[("id", id)]))
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(got["session"]["name"], "Mix");
    }

    #[tokio::test]
    async fn an_unknown_id_is_404_and_a_malformed_one_400() {
        let store = InMemorySessionStore::default();
        let missing = SessionId::new().to_string();
        let err = get(&store, AccessMode::Open, &get_with(&[("id", &missing)]))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 404);
        let err = get(&store, AccessMode::Open, &get_with(&[("id", "nope")]))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 400);
    }
}
