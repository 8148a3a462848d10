//! The open connections: what `@connections` posts reach, and what they describe.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Something to do on a connection's socket.
#[derive(Debug)]
pub enum Outbound {
    /// A frame posted through `@connections` (text when it is UTF-8).
    Frame(Bytes),
    /// `DELETE @connections/{id}`: close the socket.
    Close,
}

/// One open connection.
#[derive(Debug, Clone)]
pub struct Handle {
    pub tx: mpsc::UnboundedSender<Outbound>,
    pub connected_at: DateTime<Utc>,
    pub source_ip: String,
    pub user_agent: String,
    pub last_active: Arc<Mutex<DateTime<Utc>>>,
}

/// Connections by id. A connection is here only once `$connect` succeeded, so posts to
/// one still connecting get 410, as on AWS.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    connections: Arc<Mutex<HashMap<String, Handle>>>,
}

impl Registry {
    /// Makes `id` postable.
    pub fn insert(&self, id: &str, handle: Handle) {
        self.connections.lock().unwrap().insert(id.to_owned(), handle);
    }

    /// Forgets `id`; later posts get 410.
    pub fn remove(&self, id: &str) {
        self.connections.lock().unwrap().remove(id);
    }

    /// The connection `id`, when open.
    pub fn get(&self, id: &str) -> Option<Handle> {
        self.connections.lock().unwrap().get(id).cloned()
    }

    /// How many connections are open.
    pub fn len(&self) -> usize {
        self.connections.lock().unwrap().len()
    }

    /// Whether no connection is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
