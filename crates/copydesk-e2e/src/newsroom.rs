//! A newsroom for end-to-end tests: a throwaway PostgreSQL cluster (initdb + pg_ctl on a free
//! loopback port, as the `postgres` user when run as root: PostgreSQL refuses root) and the
//! real `copydesk-server` binary on it, with a writer `wendy` and an editor `eddie`. The same
//! approach as copydesk-server's own tests (`tests/support`), without their template cache.
use crate::{workspace_root, E2eResult};
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "correct horse battery";

fn pg_bin() -> E2eResult<PathBuf> {
    if let Ok(dir) = std::env::var("COPYDESK_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, bin)| bin)
        .ok_or_else(|| "PostgreSQL is not installed (scripts/setup.sh installs it)".into())
}

fn as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn pg(program: &str) -> E2eResult<Command> {
    let path = pg_bin()?.join(program);
    Ok(if as_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(path);
        c
    } else {
        Command::new(path)
    })
}

fn run(mut c: Command, what: &str) -> E2eResult {
    let out = c.output().map_err(|e| format!("{what}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

/// The server binary, built by `cargo build -p copydesk-server`.
pub fn server_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("debug/copydesk-server")
}

/// A PostgreSQL cluster and one `copydesk-server` on it; both stopped on drop.
pub struct Newsroom {
    dir: tempfile::TempDir,
    pg_port: u16,
    pub port: u16,
    server: Option<Child>,
}

impl Newsroom {
    pub fn start() -> E2eResult<Newsroom> {
        let binary = server_binary();
        if !binary.exists() {
            return Err(format!(
                "{} is missing: build it with `cargo build -p copydesk-server`",
                binary.display()
            )
            .into());
        }
        // Under the system temp dir: `postgres` may not be allowed into the checkout.
        let dir = tempfile::Builder::new()
            .prefix("copydesk-e2e-pg-")
            .tempdir()?;
        if as_root() {
            let mut c = Command::new("chown");
            c.args(["-R", "postgres:postgres"]).arg(dir.path());
            run(c, "chown")?;
        }
        let mut c = pg("initdb")?;
        c.arg("-D")
            .arg(dir.path().join("data"))
            .args(["-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"])
            .args(["--locale=C", "--no-instructions"]);
        run(c, "initdb")?;
        let pg_port = crate::free_port()?;
        let options = format!(
            "-p {pg_port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB",
            dir.path().display()
        );
        let mut c = pg("pg_ctl")?;
        c.arg("-D")
            .arg(dir.path().join("data"))
            .arg("-l")
            .arg(dir.path().join("log"))
            .args(["-w", "-t", "60", "-o", &options, "start"]);
        run(c, "pg_ctl start")?;
        let mut c = pg("createdb")?;
        c.args([
            "-h",
            "127.0.0.1",
            "-p",
            &pg_port.to_string(),
            "-U",
            "postgres",
            "newsroom",
        ]);
        run(c, "createdb")?;
        let mut newsroom = Newsroom {
            dir,
            pg_port,
            port: crate::free_port()?,
            server: None,
        };
        newsroom.account("wendy", "writer")?;
        newsroom.account("eddie", "editor")?;
        newsroom.start_server()?;
        Ok(newsroom)
    }

    fn database(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/newsroom", self.pg_port)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn account(&self, name: &str, role: &str) -> E2eResult {
        let mut child = Command::new(server_binary())
            .args(["--database", &self.database(), "account", "add", name])
            .args(["--role", role, "--password-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()?;
        if let Some(mut stdin) = child.stdin.take() {
            writeln!(stdin, "{PASSWORD}")?;
        }
        let out = child.wait_with_output()?;
        if !out.status.success() {
            return Err(format!(
                "account add {name}: {}",
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        Ok(())
    }

    /// Starts the server (again, on the same port).
    pub fn start_server(&mut self) -> E2eResult {
        let child = Command::new(server_binary())
            .env(
                "RUST_LOG",
                std::env::var("COPYDESK_E2E_SERVER_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .args(["--database", &self.database()])
            .args(["--listen", &format!("127.0.0.1:{}", self.port)])
            .args(["--scheduler-tick-ms", "500"])
            // The newsroom's own outbox: what its scheduler publishes is written there.
            .arg("--outbox")
            .arg(self.dir.path().join("Outbox"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        self.server = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if Instant::now() > deadline {
                return Err("copydesk-server did not start listening within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }

    /// Stops the server at once (the desks see it vanish); the database stays.
    pub fn stop_server(&mut self) {
        if let Some(mut child) = self.server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Runs the `copydesk` CLI as another desk (its own data folder under `desk`) with
    /// `--json`; `stdin` is piped in (a password).
    pub fn desk_cli(
        &self,
        desk: &Path,
        args: &[&str],
        stdin: Option<&str>,
    ) -> E2eResult<serde_json::Value> {
        let mut child = Command::new(crate::cli_binary())
            .arg("--data-dir")
            .arg(desk)
            .args(args)
            .arg("--json")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        if let (Some(mut pipe), Some(text)) = (child.stdin.take(), stdin) {
            writeln!(pipe, "{text}")?;
        }
        let out = child.wait_with_output()?;
        if !out.status.success() {
            return Err(format!(
                "copydesk {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(serde_json::from_str(text.trim()).unwrap_or(serde_json::Value::Null))
    }
}

impl Drop for Newsroom {
    fn drop(&mut self) {
        self.stop_server();
        if let Ok(mut c) = pg("pg_ctl") {
            let _ = c
                .arg("-D")
                .arg(self.dir.path().join("data"))
                .args(["-m", "immediate", "-w", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// Signs the app in to `url` as `account` from Settings, and waits until its badge reads
/// Online (the follower's first answer, well inside its first long poll).
pub async fn sign_in(app: &crate::App, url: &str, account: &str, role: &str) -> E2eResult {
    app.open_settings().await?;
    app.fill("newsroom-server", url).await?;
    app.fill("newsroom-account", account).await?;
    app.fill("newsroom-password", PASSWORD).await?;
    app.click("newsroom-connect").await?;
    app.wait_text_with(&crate::testid("newsroom-signed-in"), &[account, role])
        .await?;
    app.close_dialog().await?;
    let badge = crate::testid("newsroom-badge");
    app.wait_until(
        "the badge to read Online",
        Duration::from_secs(15),
        || app.text(&badge),
        |t| t.as_deref() == Some("Online"),
    )
    .await?;
    Ok(())
}
