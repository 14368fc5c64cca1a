//! A harness for driving the real Copydesk app: it starts tauri-driver (which starts
//! WebKitWebDriver, which starts the app), keeps each test's data in a temporary folder, and
//! saves a screenshot of every step under `artifacts/e2e/`.
//!
//! Tests read as steps through [`App`]: `app.click("save")`, `app.wait_text(css, "…")`,
//! `app.open_settings()`; element ids are `data-testid`s unless a helper says CSS.
//!
//! Needs: the app built with `--features custom-protocol` (the test script does it), an X
//! display (run under `xvfb-run`), `tauri-driver` on PATH or in ~/.cargo/bin, and
//! `/usr/bin/WebKitWebDriver`.
#![forbid(unsafe_code)]

pub mod newsroom;

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::Value;
use std::net::TcpListener;
use std::ops::Deref;
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

/// A port nobody listens on, for a listener another process opens a moment later.
///
/// Chosen below Linux's ephemeral range (32768–60999) on purpose: a port the kernel hands out
/// for `bind(:0)` is also the kind it gives outgoing connections, and one of those (ours to
/// tauri-driver, lingering in TIME_WAIT) once took WebKitWebDriver's port between our pick and
/// its bind ("Unable to listen for HTTP server"). Ports are never handed out twice by one process.
pub(crate) fn free_port() -> E2eResult<u16> {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static GIVEN: Mutex<Option<HashSet<u16>>> = Mutex::new(None);
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    let given = given.get_or_insert_with(HashSet::new);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut x = u64::from(std::process::id()) << 32 ^ u64::from(nanos) | 1;
    for _ in 0..200 {
        // xorshift: enough to spread parallel test processes over the range.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let port = 20_000 + (x % 12_000) as u16;
        if given.contains(&port) {
            continue;
        }
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            given.insert(port);
            return Ok(port);
        }
    }
    Err("no free port between 20000 and 32000".into())
}

/// One tauri-driver, and the folders one test's app runs with. The app may be launched several
/// times in a row on the same data (to test a restart).
pub struct Harness {
    driver: Child,
    port: u16,
    pub data: tempfile::TempDir,
    shots: PathBuf,
    step: u32,
    /// App processes that were running before this harness started: left by an earlier test.
    leftovers: Vec<u32>,
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
        let leftovers = std::fs::canonicalize(app_binary())
            .map(|exe| app_pids(&exe))
            .unwrap_or_default();
        let harness = Harness {
            driver,
            port,
            data,
            shots,
            step: 0,
            leftovers,
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

    /// Waits until tauri-driver answers `GET /status` (it accepts connections a moment before
    /// it can reach WebKitWebDriver; a new session sent then is dropped, and its retry has
    /// been seen to find no elements). Listening but never answering 200 within 20 s: go on,
    /// and let the new session's own retries decide.
    fn wait_for_driver(&self) -> E2eResult {
        use std::io::{Read, Write};
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut listening = false;
        while Instant::now() < deadline {
            if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", self.port)) {
                listening = true;
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let asked = write!(
                    stream,
                    "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                );
                let mut answer = [0u8; 12];
                if asked.is_ok()
                    && stream.read_exact(&mut answer).is_ok()
                    && answer.starts_with(b"HTTP/1.1 200")
                {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        if listening {
            eprintln!("[e2e] tauri-driver listens but /status never answered 200; going on");
            return Ok(());
        }
        Err("tauri-driver did not start listening within 20 s".into())
    }

    /// Runs the `copydesk` CLI on this test's desk with `--json` and returns what it printed.
    pub fn cli(&self, args: &[&str]) -> E2eResult<Value> {
        let out = Command::new(cli_binary())
            .arg("--data-dir")
            .arg(self.desk_dir())
            .args(args)
            .arg("--json")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", cli_binary().display()))?;
        if !out.status.success() {
            return Err(format!(
                "copydesk {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        Ok(serde_json::from_slice(&out.stdout)?)
    }

    /// Launches the app and returns a WebDriver session on its window, once the UI is up.
    pub async fn launch(&self) -> E2eResult<App> {
        // An instance left by an earlier test (its harness dropped without `quit`) still holds
        // the single-instance D-Bus name: a new launch would hand itself over to it and exit
        // ("failed to forward arguments to the running instance"). Let it go first.
        settle_leftover_apps(&self.leftovers).await;
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
                    // The failed attempt may have started the app already: the retry's app
                    // would hand itself over to it and exit, and the session would find
                    // nothing. Stop it and wait until its single-instance name is free.
                    self.stop_orphans().await?;
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
        Ok(App { client })
    }

    /// Kills any app running on this harness's data folder without a session (left by a
    /// new-session attempt that failed) and waits until the bus frees its instance name.
    async fn stop_orphans(&self) -> E2eResult {
        let app = std::fs::canonicalize(app_binary())?;
        let desk = self.desk_dir();
        let orphans: Vec<u32> = app_pids(&app)
            .into_iter()
            .filter(|p| runs_on(*p, &desk))
            .collect();
        if orphans.is_empty() {
            return Ok(());
        }
        eprintln!("[e2e] stopping the app a failed session attempt started: {orphans:?}");
        for pid in &orphans {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        let name = format!(
            "app.copydesk.desk.{}.SingleInstance",
            copydesk_core::DataDir::new(self.desk_dir()).instance_name()
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while orphans.iter().any(|pid| still_alive(*pid)) || name_has_owner(&name) {
            if Instant::now() > deadline {
                return Err(
                    format!("{orphans:?} or {name} still there 10 s after the kill").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Ends the session (which closes the app) and waits until the app process is gone, so
    /// the next launch is a real restart and not a second instance.
    pub async fn quit(&self, app: App) -> E2eResult {
        let client = app.client;
        let app = std::fs::canonicalize(app_binary())?;
        // Only this harness's app: another test's (a second desk) runs on its own data.
        let desk = self.desk_dir();
        let ours = |pids: Vec<u32>| -> Vec<u32> {
            pids.into_iter().filter(|p| runs_on(*p, &desk)).collect()
        };
        let pids = ours(app_pids(&app));
        client.close().await?;
        let deadline = Instant::now() + Duration::from_secs(15);
        // Wait for each process to be truly gone (or a zombie, whose sockets are closed): an
        // exiting process loses its exe link before it drops its D-Bus name, and a new
        // instance started in between would hand itself over to the dying one.
        while pids.iter().any(|pid| still_alive(*pid)) || !ours(app_pids(&app)).is_empty() {
            if Instant::now() > deadline {
                return Err("the app did not exit within 15 s of closing its session".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // The bus can still list the single-instance name a moment after the process is gone;
        // a launch in that moment hands its arguments to nobody and exits. Wait until it is free.
        let name = format!(
            "app.copydesk.desk.{}.SingleInstance",
            copydesk_core::DataDir::new(self.desk_dir()).instance_name()
        );
        while name_has_owner(&name) {
            if Instant::now() > deadline {
                return Err(format!("the bus still lists {name} 15 s after the app closed").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Saves a PNG of the app window as `artifacts/e2e/<test>/<NN>-<name>.png`.
    pub async fn shot(&mut self, client: &App, name: &str) -> E2eResult {
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

/// Waits up to 10 s for app processes left by an earlier test to exit, then kills the rest.
/// (Instances this harness launched are not among them: a test may run two at once.)
async fn settle_leftover_apps(leftovers: &[u32]) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while leftovers.iter().any(|pid| still_alive(*pid)) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let left: Vec<u32> = leftovers
        .iter()
        .copied()
        .filter(|pid| still_alive(*pid))
        .collect();
    if !left.is_empty() {
        eprintln!("[e2e] killing app instances left by an earlier test: {left:?}");
        for pid in &left {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while left.iter().any(|pid| still_alive(*pid)) && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
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

/// Whether the session bus lists an owner for `name` (false when there is no bus to ask).
fn name_has_owner(name: &str) -> bool {
    Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
        ])
        .arg(format!("string:{name}"))
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("boolean true"))
}

/// Whether the process was started on the data folder `desk` (its COPYDESK_DATA_DIR).
fn runs_on(pid: u32, desk: &Path) -> bool {
    let Ok(environ) = std::fs::read(format!("/proc/{pid}/environ")) else {
        return false;
    };
    let mut wanted = b"COPYDESK_DATA_DIR=".to_vec();
    wanted.extend_from_slice(desk.as_os_str().as_encoded_bytes());
    environ
        .split(|b| *b == 0)
        .any(|var| var == wanted.as_slice())
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

/// How long a step may take to show on screen before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);

/// The CSS for the element with this `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid={id}]")
}

/// The app's window, driven one step at a time. Derefs to the WebDriver [`Client`] for what
/// no helper covers.
pub struct App {
    client: Client,
}

impl Deref for App {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl App {
    /// Runs `script` in the page (`arguments[0]`, … are `args`) and returns its result.
    pub async fn js(&self, script: &str, args: &[&str]) -> E2eResult<Value> {
        let args = args.iter().map(|a| Value::String(a.to_string())).collect();
        Ok(self.client.execute(script, args).await?)
    }

    /// Clicks the element with this `data-testid`.
    pub async fn click(&self, id: &str) -> E2eResult {
        self.click_css(&testid(id)).await
    }

    /// Clicks the first element matching `css`.
    pub async fn click_css(&self, css: &str) -> E2eResult {
        self.client.find(Locator::Css(css)).await?.click().await?;
        Ok(())
    }

    /// Clicks the button whose text is `label`.
    pub async fn click_button(&self, label: &str) -> E2eResult {
        let xpath = format!("//button[normalize-space()='{label}']");
        self.client
            .find(Locator::XPath(&xpath))
            .await?
            .click()
            .await?;
        Ok(())
    }

    /// Types `keys` into the element with this `data-testid` (a field, the body editor).
    pub async fn type_in(&self, id: &str, keys: &str) -> E2eResult {
        self.type_in_css(&testid(id), keys).await
    }

    /// Types `keys` into the first element matching `css`.
    pub async fn type_in_css(&self, css: &str, keys: &str) -> E2eResult {
        self.client
            .find(Locator::Css(css))
            .await?
            .send_keys(keys)
            .await?;
        Ok(())
    }

    /// Presses one key in the element with this `data-testid`.
    pub async fn press(&self, id: &str, key: Key) -> E2eResult {
        self.type_in(id, &key.to_string()).await
    }

    /// Presses Ctrl (and Shift, if `shift`) with `key` in the element with this `data-testid`.
    pub async fn shortcut(&self, id: &str, shift: bool, key: char) -> E2eResult {
        let shift = if shift {
            Key::Shift.to_string()
        } else {
            String::new()
        };
        self.type_in(id, &format!("{}{shift}{key}", Key::Control))
            .await
    }

    /// Sets a form field's value the way the browser's own picker would, and tells Svelte.
    pub async fn fill(&self, id: &str, value: &str) -> E2eResult {
        self.js(
            "const el = document.querySelector(arguments[0]);
             el.value = arguments[1];
             el.dispatchEvent(new Event('input', { bubbles: true }));",
            &[&testid(id), value],
        )
        .await?;
        Ok(())
    }

    /// The visible texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> E2eResult<Vec<String>> {
        texts(&self.client, css).await
    }

    /// The visible text of the first element matching `css`, if there is one.
    pub async fn text(&self, css: &str) -> E2eResult<Option<String>> {
        text(&self.client, css).await
    }

    /// The `value` of the first form field matching `css`.
    pub async fn value(&self, css: &str) -> E2eResult<Option<String>> {
        value(&self.client, css).await
    }

    /// Whether the checkbox with this `data-testid` is ticked.
    pub async fn checked(&self, id: &str) -> E2eResult<bool> {
        let v = self
            .js(
                "const e = document.querySelector(arguments[0]); return !!e && e.checked;",
                &[&testid(id)],
            )
            .await?;
        Ok(v.as_bool() == Some(true))
    }

    /// The `data-testid` of the element that has the keyboard focus.
    pub async fn focused(&self) -> E2eResult<Option<String>> {
        let v = self
            .js("return document.activeElement?.dataset.testid ?? null", &[])
            .await?;
        Ok(v.as_str().map(str::to_string))
    }

    /// The theme the window shows ("light" or "dark").
    pub async fn theme(&self) -> E2eResult<Option<String>> {
        let v = self
            .js("return document.documentElement.dataset.theme ?? null", &[])
            .await?;
        Ok(v.as_str().map(str::to_string))
    }

    /// Waits until `read` gives something `ok` accepts, up to `timeout`; the failure names
    /// `what` and the last thing read.
    pub async fn wait_until<T, F, Fut>(
        &self,
        what: &str,
        timeout: Duration,
        mut read: F,
        ok: impl Fn(&T) -> bool,
    ) -> E2eResult<T>
    where
        T: std::fmt::Debug,
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = E2eResult<T>>,
    {
        let deadline = Instant::now() + timeout;
        loop {
            let seen = read().await?;
            if ok(&seen) {
                return Ok(seen);
            }
            if Instant::now() > deadline {
                return Err(format!("timed out waiting for {what}; last saw {seen:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the first element matching `css` shows exactly `wanted`.
    pub async fn wait_text(&self, css: &str, wanted: &str) -> E2eResult {
        self.wait_until(
            &format!("{css} to read {wanted:?}"),
            WAIT,
            || self.text(css),
            |t| t.as_deref() == Some(wanted),
        )
        .await?;
        Ok(())
    }

    /// Waits until the first element matching `css` contains every one of `parts`; returns
    /// its whole text.
    pub async fn wait_text_with(&self, css: &str, parts: &[&str]) -> E2eResult<String> {
        let shown = self
            .wait_until(
                &format!("{css} to contain {parts:?}"),
                WAIT,
                || self.text(css),
                |t| {
                    t.as_deref()
                        .is_some_and(|t| parts.iter().all(|p| t.contains(p)))
                },
            )
            .await?;
        Ok(shown.unwrap_or_default())
    }

    /// Waits until the elements matching `css` show exactly `wanted`, in order.
    pub async fn wait_texts(&self, css: &str, wanted: &[&str]) -> E2eResult {
        self.wait_until(
            &format!("{css} to read {wanted:?}"),
            WAIT,
            || self.texts(css),
            |t| t == wanted,
        )
        .await?;
        Ok(())
    }

    /// Waits until exactly `n` elements match `css`.
    pub async fn wait_count(&self, css: &str, n: usize) -> E2eResult {
        self.wait_until(
            &format!("{n} of {css}"),
            WAIT,
            || self.texts(css),
            |t| t.len() == n,
        )
        .await?;
        Ok(())
    }

    /// Waits until something matches `css`.
    pub async fn wait_shown(&self, css: &str) -> E2eResult {
        self.wait_until(
            &format!("{css} to show"),
            WAIT,
            || self.text(css),
            Option::is_some,
        )
        .await?;
        Ok(())
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) -> E2eResult {
        self.wait_until(
            &format!("{css} to go"),
            WAIT,
            || self.text(css),
            Option::is_none,
        )
        .await?;
        Ok(())
    }

    /// Waits until the element with this `data-testid` has the keyboard focus.
    pub async fn wait_focused(&self, id: &str) -> E2eResult {
        self.wait_until(
            &format!("the focus in {id}"),
            WAIT,
            || self.focused(),
            |f| f.as_deref() == Some(id),
        )
        .await?;
        Ok(())
    }

    /// Waits until the editor's status line says the article is saved.
    pub async fn wait_saved(&self) -> E2eResult {
        let status = testid("save-status");
        self.wait_until(
            "the save",
            WAIT,
            || self.text(&status),
            |s| s.as_deref().is_some_and(|s| s.starts_with("Saved")),
        )
        .await?;
        Ok(())
    }

    /// Waits until the body editor holds exactly `wanted` (a text short enough to be drawn).
    pub async fn wait_body(&self, wanted: &str) -> E2eResult {
        self.wait_until(
            &format!("the body to read {wanted:?}"),
            WAIT,
            || editor_text(&self.client),
            |t| t.as_deref() == Some(wanted),
        )
        .await?;
        Ok(())
    }

    /// Shows a queue or list from the navigator ("wire", "quarantine", "calendar", "my_drafts"…).
    pub async fn go(&self, view: &str) -> E2eResult {
        self.click(&format!("nav-{view}")).await
    }

    /// Opens Settings from the navigator and waits for the dialog.
    pub async fn open_settings(&self) -> E2eResult {
        self.click("open-settings").await?;
        self.wait_shown("[role=dialog][aria-label=Settings]").await
    }

    /// Closes the open dialog with Esc and waits until it is gone.
    pub async fn close_dialog(&self) -> E2eResult {
        self.type_in_css("[role=dialog]", &Key::Escape.to_string())
            .await?;
        self.wait_gone("[role=dialog]").await
    }

    /// Starts a new draft and types its headline.
    pub async fn new_draft(&self, headline: &str) -> E2eResult {
        self.click("new-draft").await?;
        self.type_in("headline", headline).await
    }

    /// Toggles light/dark from the navigator and returns the theme now shown.
    pub async fn toggle_theme(&self) -> E2eResult<Option<String>> {
        self.click("toggle-theme").await?;
        self.theme().await
    }
}
