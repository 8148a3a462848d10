//! A Lambda Runtime API for one function process: the binary long-polls `next`, gets an
//! event, and posts its `response` or `error`, as it does on AWS. It lets the real
//! binaries run here without any AWS tool.

use axum::{
    Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::Value;
use std::{collections::HashMap, net::SocketAddr, sync::Arc, time::Duration};
use tokio::sync::{Mutex, mpsc, oneshot};

/// What the function answered.
pub type Outcome = Result<Value, String>;

struct Pending {
    id: String,
    event: Value,
    reply: oneshot::Sender<Outcome>,
}

struct Shared {
    queue: Mutex<mpsc::Receiver<Pending>>,
    waiting: Mutex<HashMap<String, oneshot::Sender<Outcome>>>,
    polled: Mutex<Option<oneshot::Sender<()>>>,
    function_arn: String,
}

/// The Runtime API server of one function.
pub struct RuntimeApi {
    addr: SocketAddr,
    events: mpsc::Sender<Pending>,
    first_poll: Mutex<Option<oneshot::Receiver<()>>>,
}

impl RuntimeApi {
    /// Serves a Runtime API for `function` on a free local port.
    pub async fn start(function: &str) -> std::io::Result<Self> {
        let (events, queue) = mpsc::channel(64);
        let (polled_tx, polled_rx) = oneshot::channel();
        let shared = Arc::new(Shared {
            queue: Mutex::new(queue),
            waiting: Mutex::default(),
            polled: Mutex::new(Some(polled_tx)),
            function_arn: format!("arn:aws:lambda:us-east-1:000000000000:function:{function}"),
        });
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route("/2018-06-01/runtime/invocation/{id}/response", post(respond))
            .route("/2018-06-01/runtime/invocation/{id}/error", post(fail))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Self {
            addr,
            events,
            first_poll: Mutex::new(Some(polled_rx)),
        })
    }

    /// `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`.
    pub fn address(&self) -> String {
        self.addr.to_string()
    }

    /// Resolves once the function has finished its init and asked for its first event.
    pub async fn initialised(&self) -> bool {
        match self.first_poll.lock().await.take() {
            Some(rx) => rx.await.is_ok(),
            None => true,
        }
    }

    /// Hands `event` to the function and waits for its answer.
    pub async fn invoke(&self, event: Value) -> Outcome {
        let (reply, answer) = oneshot::channel();
        let id = uuid::Uuid::new_v4().to_string();
        self.events
            .send(Pending { id, event, reply })
            .await
            .map_err(|_| "the runtime API stopped".to_owned())?;
        answer
            .await
            .map_err(|_| "the function exited without answering".to_owned())?
    }
}

async fn next(State(shared): State<Arc<Shared>>) -> Response {
    if let Some(polled) = shared.polled.lock().await.take() {
        let _ = polled.send(());
    }
    let Some(pending) = shared.queue.lock().await.recv().await else {
        return StatusCode::GONE.into_response();
    };
    let deadline = chrono::Utc::now() + Duration::from_secs(30);
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: String| {
        if let Ok(v) = HeaderValue::try_from(value) {
            headers.insert(name, v);
        }
    };
    set("lambda-runtime-aws-request-id", pending.id.clone());
    set(
        "lambda-runtime-deadline-ms",
        deadline.timestamp_millis().to_string(),
    );
    set("lambda-runtime-invoked-function-arn", shared.function_arn.clone());
    set("content-type", "application/json".into());
    shared.waiting.lock().await.insert(pending.id, pending.reply);
    (headers, pending.event.to_string()).into_response()
}

async fn respond(State(shared): State<Arc<Shared>>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    let outcome = serde_json::from_slice(&body).map_err(|e| format!("the response is not JSON: {e}"));
    settle(&shared, &id, outcome).await
}

async fn fail(State(shared): State<Arc<Shared>>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    settle(&shared, &id, Err(String::from_utf8_lossy(&body).into_owned())).await
}

async fn init_error(body: Bytes) -> StatusCode {
    tracing::error!(error = %String::from_utf8_lossy(&body), "function init failed");
    StatusCode::ACCEPTED
}

async fn settle(shared: &Shared, id: &str, outcome: Outcome) -> StatusCode {
    match shared.waiting.lock().await.remove(id) {
        Some(reply) => {
            let _ = reply.send(outcome);
            StatusCode::ACCEPTED
        }
        None => StatusCode::NOT_FOUND,
    }
}
