//! Headless Chromium driven over WebDriver (Debian's `chromium` and `chromium-driver`),
//! with screenshots kept as test artifacts in `target/browser-artifacts/`.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::workspace_root;

/// A ChromeDriver process and a session on it; both end when this is dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

/// A directory removed on drop, for Chromium's throwaway profile.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    // Runs after `Browser::drop` has stopped the browser using the directory.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// Starts ChromeDriver on a free port and opens a headless Chromium session.
    pub async fn start() -> Self {
        let port = free_port();
        let driver = Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (the README's test command installs chromium-driver)");
        let profile = std::env::temp_dir().join(format!("studio-chromium-{}", uuid::Uuid::new_v4()));
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-quic",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
        ];
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "args": args, "binary": chromium() }),
        );
        let url = format!("http://127.0.0.1:{port}");
        // The test process links rustls with two crypto providers (ring for the
        // studio, aws-lc through aws-config), so the WebDriver client, which asks for
        // the process default, needs one named; an `Err` means one is installed.
        let _ = std::sync::Arc::unwrap_or_clone(studio::adapters::https::provider()).install_default();
        let mut last_error = None;
        for _ in 0..50 {
            match ClientBuilder::rustls()
                .unwrap()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Self {
                        client,
                        driver,
                        _profile: TempDir(profile),
                    };
                }
                Err(e) => last_error = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no WebDriver session: {last_error:?}");
    }

    /// Waits up to five seconds for an element.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Types `text` into the element `css` once it is there.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.wait_for(css).await.send_keys(text).await.unwrap();
    }

    /// Clicks the element `css` once it is there.
    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.unwrap();
    }

    /// Waits up to five seconds until `css` holds `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) {
        for _ in 0..50 {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && el.text().await.is_ok_and(|t| t.contains(text))
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let found = match self.client.find(Locator::Css(css)).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => "<missing>".into(),
        };
        panic!("{css} never contained {text:?}; it holds {found:?}");
    }

    /// Waits up to five seconds until `css` no longer holds `text`; `why` names what
    /// failed when it still does.
    pub async fn wait_without_text(&self, css: &str, text: &str, why: &str) {
        for _ in 0..50 {
            let held = self
                .client
                .find(Locator::Css(css))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if !held.contains(text) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{why}");
    }

    /// Saves a screenshot of the current page as `target/browser-artifacts/NAME.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = workspace_root().join("target/browser-artifacts");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // Chromium outlives a killed ChromeDriver; its throwaway profile names it, so the
        // browser (and with it its renderers) is stopped by that name.
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(self._profile.0.as_os_str())
            .status();
    }
}
