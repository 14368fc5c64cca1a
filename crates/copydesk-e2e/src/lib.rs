//! A harness for driving the real Copydesk app: it starts tauri-driver (which starts
//! WebKitWebDriver, which starts the app), keeps each test's data in a temporary folder, and
//! saves a screenshot of every step under `artifacts/e2e/`.
//!
//! Needs: the app built with `--features custom-protocol` (the test script does it), an X
//! display (run under `xvfb-run`), `tauri-driver` on PATH or in ~/.cargo/bin, and
//! `/usr/bin/WebKitWebDriver`.
#![forbid(unsafe_code)]

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini::elements::Element;

pub type E2eResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where cargo builds: `CARGO_TARGET_DIR` (as cargo reads it, relative to the workspace),
/// else the workspace's `target/`. Worktrees often share one elsewhere.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|t| !t.is_empty()) {
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// The app binary under test: `COPYDESK_APP`, else the debug build.
pub fn app_binary() -> PathBuf {
    std::env::var_os("COPYDESK_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/copydesk-app"))
}

/// The `copydesk` CLI from the same build.
pub fn cli_binary() -> PathBuf {
    target_dir().join("debug/copydesk")
}

fn tauri_driver() -> PathBuf {
    let in_cargo = std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver"))
        .filter(|p| p.exists());
    in_cargo.unwrap_or_else(|| PathBuf::from("tauri-driver"))
}

fn free_port() -> E2eResult<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// One tauri-driver, and the folders one test's app runs with. The app may be launched several
/// times in a row on the same data (to test a restart).
pub struct Harness {
    driver: Child,
    port: u16,
    pub data: tempfile::TempDir,
    shots: PathBuf,
    step: u32,
}

impl Harness {
    pub fn start(test_name: &str) -> E2eResult<Harness> {
        Self::start_with(test_name, true)
    }

    /// As `start`, but the inbox is left to the app's own choice (Settings, stored with the
    /// desk) instead of being fixed by COPYDESK_INBOX; HOME is a temp folder so the default
    /// inbox is never the user's.
    pub fn start_with_chosen_inbox(test_name: &str) -> E2eResult<Harness> {
        Self::start_with(test_name, false)
    }

    fn start_with(test_name: &str, inbox_env: bool) -> E2eResult<Harness> {
        let app = app_binary();
        if !app.exists() {
            return Err(format!(
                "{} is missing: build it with `cargo build -p copydesk-app --features custom-protocol`",
                app.display()
            )
            .into());
        }
        let data = tempfile::tempdir()?;
        let port = free_port()?;
        let native_port = free_port()?;
        // The environment passes through WebKitWebDriver to the app: every path the app could
        // write lands in this test's temporary folder, never the user's.
        let mut driver = Command::new(tauri_driver());
        if inbox_env {
            driver.env("COPYDESK_INBOX", data.path().join("inbox"));
        } else {
            driver.env_remove("COPYDESK_INBOX");
            driver.env("HOME", data.path().join("home"));
        }
        let driver = driver
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("COPYDESK_DATA_DIR", data.path().join("desk"))
            .env("COPYDESK_OUTBOX", data.path().join("outbox"))
            .env("XDG_DATA_HOME", data.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", data.path().join("xdg-config"))
            .env("XDG_CACHE_HOME", data.path().join("xdg-cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver (cargo install tauri-driver): {e}"))?;
        let shots = workspace_root().join("artifacts/e2e").join(test_name);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots)?;
        let harness = Harness {
            driver,
            port,
            data,
            shots,
            step: 0,
        };
        harness.wait_for_driver()?;
        Ok(harness)
    }

    pub fn desk_dir(&self) -> PathBuf {
        self.data.path().join("desk")
    }

    /// Where the app publishes.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data.path().join("outbox")
    }

    /// The wire inbox the app watches.
    pub fn inbox_dir(&self) -> PathBuf {
        self.data.path().join("inbox")
    }

    fn wait_for_driver(&self) -> E2eResult {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err("tauri-driver did not start listening within 20 s".into())
    }

    /// Launches the app and returns a WebDriver session on its window, once the UI is up.
    pub async fn launch(&self) -> E2eResult<Client> {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary(), "args": [] }),
        );
        // tauri-driver accepts connections a moment before it can reach WebKitWebDriver, and
        // then drops them: retry the new session for a while before calling it a failure.
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            // A session that never answers (no X display: WebKitWebDriver waits for the app
            // forever) must fail the test, not hang the suite until CI's time limit.
            let attempt = tokio::time::timeout(
                Duration::from_secs(60),
                ClientBuilder::new(HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&format!("http://127.0.0.1:{}", self.port)),
            )
            .await
            .map_err(|_| {
                format!(
                    "no WebDriver session after 60 s: is the X display {:?} running?",
                    std::env::var("DISPLAY").unwrap_or_default()
                )
            })?;
            match attempt {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    eprintln!("[e2e] new session failed, retrying: {e}");
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
                Err(e) => return Err(e.into()),
            }
        };
        client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("nav[aria-label=Navigator]"))
            .await?;
        Ok(client)
    }

    /// Ends the session (which closes the app) and waits until the app process is gone, so
    /// the next launch is a real restart and not a second instance.
    pub async fn quit(&self, client: Client) -> E2eResult {
        let app = std::fs::canonicalize(app_binary())?;
        let pids = app_pids(&app);
        client.close().await?;
        let deadline = Instant::now() + Duration::from_secs(15);
        // Wait for each process to be truly gone (or a zombie, whose sockets are closed): an
        // exiting process loses its exe link before it drops its D-Bus name, and a new
        // instance started in between would hand itself over to the dying one.
        while pids.iter().any(|pid| still_alive(*pid)) || !app_pids(&app).is_empty() {
            if Instant::now() > deadline {
                return Err("the app did not exit within 15 s of closing its session".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// Saves a PNG of the app window as `artifacts/e2e/<test>/<NN>-<name>.png`.
    pub async fn shot(&mut self, client: &Client, name: &str) -> E2eResult {
        self.step += 1;
        // Wait for two fresh frames: WebKitWebDriver can otherwise hand back an old snapshot.
        client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        let png = client.screenshot().await?;
        std::fs::write(self.shots.join(format!("{:02}-{name}.png", self.step)), png)?;
        Ok(())
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver too; killed outright it
        // leaves it running, holding the port and the test's output open.
        let _ = Command::new("kill")
            .args(["-TERM", &self.driver.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.driver.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn app_pids(exe: &Path) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            std::fs::read_link(e.path().join("exe"))
                .map(|p| p == exe)
                .unwrap_or(false)
        })
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect()
}

/// Whether a process exists and is not yet a zombie.
fn still_alive(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // The state follows the parenthesised command name, which may itself hold spaces.
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next());
    !matches!(state, Some("Z") | Some("X") | None)
}

/// Waits until `check` holds, polling; fails with `what` after `timeout`.
pub async fn eventually<F, Fut>(what: &str, timeout: Duration, mut check: F) -> E2eResult
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = E2eResult<bool>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if check().await? {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for: {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The visible texts of all elements matching `css`, read in one go in the page (element
/// handles go stale when the UI re-renders a list between two WebDriver calls).
pub async fn texts(client: &Client, css: &str) -> E2eResult<Vec<String>> {
    let value = client
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim());",
            vec![serde_json::Value::String(css.to_string())],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// The visible text of the first element matching `css`, or `None` if there is none.
pub async fn text(client: &Client, css: &str) -> E2eResult<Option<String>> {
    Ok(texts(client, css).await?.into_iter().next())
}

/// The `value` of the first form field matching `css`.
pub async fn value(client: &Client, css: &str) -> E2eResult<Option<String>> {
    let value = client
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.value : null;",
            vec![serde_json::Value::String(css.to_string())],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// The lines the body editor (CodeMirror, `[data-testid=body]` on its editable element) has
/// drawn, as the user sees them (the placeholder reads as an empty line), and whether some are
/// missing: CodeMirror draws only the lines near the window and leaves gaps for the rest.
async fn editor_lines(client: &Client) -> E2eResult<Option<(String, bool)>> {
    let value = client
        .execute(
            r#"const content = document.querySelector('[data-testid=body]');
               if (!content) return null;
               const text = [...content.querySelectorAll(':scope > .cm-line')]
                 .map(line => line.querySelector('.cm-placeholder') ? '' : line.textContent)
                 .join('\n');
               return [text, !!content.querySelector('.cm-gap')];"#,
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// The whole text in the body editor, read from what it shows; `None` if there is no editor.
/// Fails rather than return part of a text too long to be drawn at once.
pub async fn editor_text(client: &Client) -> E2eResult<Option<String>> {
    match editor_lines(client).await? {
        Some((_, true)) => {
            Err("the body is longer than CodeMirror draws at once: use editor_visible_text".into())
        }
        other => Ok(other.map(|(text, _)| text)),
    }
}

/// The part of the body editor's text that is drawn around the window (all of a short text).
pub async fn editor_visible_text(client: &Client) -> E2eResult<Option<String>> {
    Ok(editor_lines(client).await?.map(|(text, _)| text))
}
