//! Every function of the suite hosted in this process: the same handlers the binaries
//! serve, wired to one set of [`Clients`]. A deployed function wires its own clients
//! in its `main`; this table exists only for the local gateway and the tests.

use futures::future::BoxFuture;
use lambda_http::Request;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use studio::api::idempotent;
use studio::error::{ApiError, IntoResponse, IntoWsResponse};
use studio::http::Response;
use studio::http::ws::{WsRequest, WsResponse};
use studio::realtime::now;
use studio::runtime::Function;
use studio::telemetry::{Service, Telemetry};
use studio::{access, api, docs, pages};

use super::Clients;

type HttpFn = Box<dyn Fn(Request) -> BoxFuture<'static, Response> + Send + Sync>;
type WsFn = Box<dyn Fn(WsRequest) -> BoxFuture<'static, WsResponse> + Send + Sync>;
type JsonFn = Box<dyn Fn(Value) -> BoxFuture<'static, Result<Value, String>> + Send + Sync>;

/// A hosted function.
pub enum Hosted {
    Http(HttpFn),
    Ws(WsFn),
    /// An authorizer: an event in, a JSON answer or a failed invocation out.
    Json(JsonFn),
}

/// `|c, req| body`: a handler over the shared clients `c`, returning `Result<_, ApiError>`.
macro_rules! with {
    ($clients:expr, |$c:ident, $req:ident| $body:expr) => {{
        let clients = $clients.clone();
        move |$req| {
            let $c = clients.clone();
            async move { $body }
        }
    }};
}

/// The suite's functions by name, as `template.yaml` names them.
pub fn functions(clients: Arc<Clients>, telemetry: &Telemetry) -> HashMap<&'static str, Hosted> {
    use Service::*;
    let f = |name, service| Function::with_telemetry(name, service, telemetry.clone());
    let c = &clients;
    let table = [
        http(
            f("sessions-get", StudioWebApi),
            with!(c, |c, req| api::sessions::get(c.sessions()?, c.access.mode, &req)
                .await),
        ),
        http(
            f("sessions-create", StudioWebApi),
            with!(c, |c, req| {
                let handler = api::sessions::create(c.sessions()?, &c.access, &req);
                idempotent::once_unscoped(c.keys()?, "sessions-create", c.access.mode, &req, handler).await
            }),
        ),
        http(
            f("sessions-fork", StudioWebApi),
            with!(c, |c, req| {
                let handler = api::fork::create(c.sessions()?, c.forks()?, &c.access, &req);
                idempotent::once(c.keys()?, "sessions-fork", &req, handler).await
            }),
        ),
        http(
            f("sessions-join", StudioWebApi),
            with!(c, |c, req| api::join::join(c.sessions()?, &c.access, &req).await),
        ),
        json(f("authorizer-http", StudioWebApi), {
            let c = clients.clone();
            move |event| {
                let c = c.clone();
                async move {
                    access::authorize_http(&c.access, &*c.revocations(), &event, now())
                        .await
                        .map_err(|e| e.to_string())
                }
            }
        }),
        json(f("authorizer-ws", RealtimeGateway), {
            let c = clients.clone();
            move |event| {
                let c = c.clone();
                async move {
                    access::authorize_ws(&c.access, &*c.revocations(), &event, now())
                        .await
                        .map_err(|e| e.to_string())
                }
            }
        }),
        http(f("healthz", StudioApi), |_| async { api::health::healthz() }),
        http(f("api-docs", StudioApi), |req| async move { docs::serve(&req) }),
        http(
            f("v1-sessions-list", StudioApi),
            with!(c, |c, req| api::v1::list(c.sessions()?, &req).await),
        ),
        http(
            f("v1-sessions-create", StudioApi),
            with!(c, |c, req| api::v1::create(c.sessions()?, &req).await),
        ),
        http(
            f("pages", StudioWeb),
            with!(c, |c, req| Ok::<_, ApiError>(
                pages::page(c.sessions()?, &c.pages, &req).await
            )),
        ),
        http(
            f("presence-get", StudioWebApiPresence),
            with!(c, |c, req| api::presence::get(c.realtime()?, c.access.mode, &req)
                .await),
        ),
        http(
            f("rooms-history", StudioWebApiPresence),
            with!(c, |c, req| api::rooms::history(
                c.realtime()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("presence-put", StudioWebApiPresence),
            with!(c, |c, req| api::presence::put(c.realtime()?, c.access.mode, &req)
                .await),
        ),
        http(
            f("presence-delete", StudioWebApiPresence),
            with!(c, |c, req| api::presence::delete(
                c.realtime()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("upload-create", StudioWebApi),
            with!(c, |c, req| {
                let handler = api::media::upload::create(c.sessions()?, c.media()?, c.access.mode, &req);
                idempotent::once(c.keys()?, "upload-create", &req, handler).await
            }),
        ),
        http(
            f("upload-get", StudioWebApi),
            with!(c, |c, req| api::media::upload::get(
                c.sessions()?,
                c.media()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("export-create", StudioWebApi),
            with!(c, |c, req| {
                let handler = api::media::export::create(
                    c.sessions()?,
                    c.arrangements()?,
                    c.media()?,
                    c.access.mode,
                    &req,
                );
                idempotent::once(c.keys()?, "export-create", &req, handler).await
            }),
        ),
        http(
            f("export-get", StudioWebApi),
            with!(c, |c, req| api::media::export::get(
                c.sessions()?,
                c.media()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("upload-delete", StudioWebApi),
            with!(c, |c, req| api::media::upload::delete(
                c.media()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("export-delete", StudioWebApi),
            with!(c, |c, req| api::media::export::delete(
                c.media()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("arrangement-get", StudioWebApi),
            with!(c, |c, req| api::arrangement::get(
                c.sessions()?,
                c.arrangements()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("arrangement-edit", StudioWebApi),
            with!(c, |c, req| api::arrangement::edit(
                c.sessions()?,
                c.arrangements()?,
                c.realtime()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("comments-get", StudioWebApi),
            with!(c, |c, req| api::comments::get(
                c.sessions()?,
                c.arrangements()?,
                c.comments()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("comments-edit", StudioWebApi),
            with!(c, |c, req| api::comments::edit(
                c.sessions()?,
                c.arrangements()?,
                c.comments()?,
                c.realtime()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("members-remove", StudioWebApi),
            with!(c, |c, req| api::members::remove(
                c.sessions()?,
                c.realtime()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("moderation-get", StudioWebApi),
            with!(c, |c, req| api::moderation::get(
                c.sessions()?,
                c.access.mode,
                &req
            )
            .await),
        ),
        http(
            f("moderation-edit", StudioWebApi),
            with!(c, |c, req| api::moderation::edit(
                c.sessions()?,
                c.realtime()?,
                &c.access,
                &req
            )
            .await),
        ),
        ws(
            f("ws-connect", RealtimeGateway),
            with!(c, |c, event| api::ws::connect(
                c.realtime()?,
                c.access.mode,
                &event
            )
            .await),
        ),
        ws(
            f("ws-disconnect", RealtimeGateway),
            with!(c, |c, event| api::ws::disconnect(c.realtime()?, &event).await),
        ),
        ws(
            f("ws-message", RealtimeGateway),
            with!(c, |c, event| api::ws::message(
                c.realtime()?,
                c.access.mode,
                &event
            )
            .await),
        ),
    ];
    table.into_iter().collect()
}

fn http<F, Fut, R>(function: Function, handler: F) -> (&'static str, Hosted)
where
    F: Fn(Request) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
    R: IntoResponse,
{
    let (name, handler) = (function.name(), Arc::new(handler));
    let call: HttpFn = Box::new(move |req| {
        let (function, handler) = (function.clone(), handler.clone());
        Box::pin(async move { function.invoke_http(req, &*handler).await })
    });
    (name, Hosted::Http(call))
}

fn ws<F, Fut, R>(function: Function, handler: F) -> (&'static str, Hosted)
where
    F: Fn(WsRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = R> + Send + 'static,
    R: IntoWsResponse,
{
    let (name, handler) = (function.name(), Arc::new(handler));
    let call: WsFn = Box::new(move |event| {
        let (function, handler) = (function.clone(), handler.clone());
        Box::pin(async move { function.invoke_ws(event, &*handler).await })
    });
    (name, Hosted::Ws(call))
}

fn json<F, Fut>(function: Function, handler: F) -> (&'static str, Hosted)
where
    F: Fn(Value) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Value, String>> + Send + 'static,
{
    let (name, handler) = (function.name(), Arc::new(handler));
    let call: JsonFn = Box::new(move |event| {
        let (function, handler) = (function.clone(), handler.clone());
        Box::pin(async move { function.invoke_json(event, &*handler).await })
    });
    (name, Hosted::Json(call))
}
