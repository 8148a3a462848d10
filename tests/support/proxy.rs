//! A TCP proxy in front of Postgres that a test can cut and restore, to see the studio
//! through an outage without stopping the server other tests share.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Forwards a local port to a target while it is up.
pub struct Proxy {
    addr: SocketAddr,
    target: SocketAddr,
    state: Arc<Mutex<Option<Running>>>,
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

    /// Listens again on the same port.
    pub async fn restore(&self) {
        let listener = TcpListener::bind(self.addr)
            .await
            .expect("the proxy port is free again");
        self.run(listener);
    }

    fn run(&self, listener: TcpListener) {
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (target, tracked) = (self.target, links.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let link = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                tracked.lock().unwrap().push(link);
            }
        });
        *self.state.lock().unwrap() = Some(Running { accept, links });
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
    }
}
