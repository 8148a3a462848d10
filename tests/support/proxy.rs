//! A TCP proxy in front of a stand-in (Postgres, DynamoDB Local, SeaweedFS) that a test
//! can cut and restore, or stall and thaw, to see the studio through an outage or a
//! hang without touching the server other tests share. A stalled proxy accepts
//! connections and forwards nothing, as a frozen (SIGSTOP) server does.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Forwards a local port to a target while it is up.
pub struct Proxy {
    addr: SocketAddr,
    target: SocketAddr,
    state: Arc<Mutex<Option<Running>>>,
    stalled: watch::Sender<bool>,
}

struct Running {
    accept: JoinHandle<()>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    /// Starts forwarding a free local port to `target`.
    pub async fn start(target: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let proxy = Self {
            addr,
            target,
            state: Arc::new(Mutex::new(None)),
            stalled: watch::Sender::new(false),
        };
        proxy.run(listener);
        proxy
    }

    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Drops every open connection and refuses new ones.
    pub fn cut(&self) {
        if let Some(running) = self.state.lock().unwrap().take() {
            running.accept.abort();
            for link in running.links.lock().unwrap().drain(..) {
                link.abort();
            }
        }
    }

    /// Stops forwarding in either direction; connections are still accepted.
    pub fn stall(&self) {
        self.stalled.send_replace(true);
    }

    /// Forwards again, starting with whatever arrived meanwhile.
    pub fn thaw(&self) {
        self.stalled.send_replace(false);
    }

    /// Listens again on the same port.
    pub async fn restore(&self) {
        let listener = TcpListener::bind(self.addr)
            .await
            .expect("the proxy port is free again");
        self.run(listener);
    }

    fn run(&self, listener: TcpListener) {
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (target, tracked, stalled) = (self.target, links.clone(), self.stalled.clone());
        let accept = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let stalled = stalled.subscribe();
                let link = tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(target).await {
                        let (client_read, client_write) = client.into_split();
                        let (server_read, server_write) = server.into_split();
                        tokio::join!(
                            forward(client_read, server_write, stalled.clone()),
                            forward(server_read, client_write, stalled),
                        );
                    }
                });
                tracked.lock().unwrap().push(link);
            }
        });
        *self.state.lock().unwrap() = Some(Running { accept, links });
    }
}

/// Copies `from` to `to`, holding every chunk while the proxy is stalled.
async fn forward(
    mut from: impl AsyncRead + Unpin,
    mut to: impl AsyncWrite + Unpin,
    mut stalled: watch::Receiver<bool>,
) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if stalled.wait_for(|s| !*s).await.is_err() || to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
    }
}
