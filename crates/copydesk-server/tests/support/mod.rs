//! Test support: a throwaway PostgreSQL cluster per test (a real one: initdb + pg_ctl on a free
//! loopback port, run as the `postgres` user when the tests run as root), the server run
//! in-process or as the real binary, and small helpers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use copydesk_newsroom::op::{ArticleCreate, ArticleMove, ArticleSave, CommentAdd};
use copydesk_newsroom::{Action, ArticleStatus, Client, Op, OpBody, Role};
use std::net::{SocketAddr, TcpListener};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Where PostgreSQL's programs are: `COPYDESK_PG_BIN`, else the newest
/// `/usr/lib/postgresql/*/bin` (Debian's layout), else `pg_config --bindir`.
fn pg_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Ok(dir) = std::env::var("COPYDESK_PG_BIN") {
            return PathBuf::from(dir);
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
        if let Some((_, bin)) = found.pop() {
            return bin;
        }
        if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
            let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !dir.is_empty() && Path::new(&dir).join("initdb").exists() {
                return PathBuf::from(dir);
            }
        }
        panic!(
            "PostgreSQL is not installed: the newsroom server's tests need a real one. \
             Run scripts/setup.sh (or apt-get install postgresql), or set COPYDESK_PG_BIN"
        )
    })
    .clone()
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// A PostgreSQL program, run as `postgres` when we are root (PostgreSQL refuses root).
fn pg(program: &str) -> Command {
    let path = pg_bin().join(program);
    if running_as_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(path);
        c
    } else {
        Command::new(path)
    }
}

fn run(mut c: Command, what: &str) {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn chown_postgres(path: &Path) {
    if running_as_root() {
        let mut c = Command::new("chown");
        c.args(["-R", "postgres:postgres"]).arg(path);
        run(c, "chown");
    }
}

/// An initialised data directory, made once and reused (initdb takes seconds; a copy does not).
fn template() -> PathBuf {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let version = pg_bin()
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| "pg".into());
            let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
            let done = root.join(format!("pg-template-{version}"));
            if done.join("data/PG_VERSION").exists() {
                return done;
            }
            std::fs::create_dir_all(&root).unwrap();
            // initdb runs as `postgres`, which may not be allowed into the checkout (a home
            // folder): it writes under the system temp dir, and the result is copied here.
            let scratch = tempfile::Builder::new()
                .prefix("copydesk-initdb-")
                .tempdir()
                .unwrap();
            chown_postgres(scratch.path());
            let mut c = pg("initdb");
            c.arg("-D")
                .arg(scratch.path().join("data"))
                .args(["-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"])
                .args(["--locale=C", "--no-instructions"]);
            run(c, "initdb");
            let work = tempfile::Builder::new()
                .prefix("pg-template-")
                .tempdir_in(&root)
                .unwrap()
                .keep();
            let mut c = Command::new("cp");
            c.arg("-a")
                .arg(scratch.path().join("data"))
                .arg(work.join("data"));
            run(c, "copying the new cluster");
            // Another test binary may have won the race; either copy is fine.
            if std::fs::rename(&work, &done).is_err() {
                let _ = std::fs::remove_dir_all(&work);
            }
            done
        })
        .clone()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A throwaway PostgreSQL cluster on a loopback port, torn down on drop.
pub struct Cluster {
    dir: tempfile::TempDir,
    pub port: u16,
    running: bool,
}

impl Cluster {
    pub fn start() -> Cluster {
        let dir = tempfile::Builder::new()
            .prefix("copydesk-pg-")
            .tempdir()
            .unwrap();
        let mut c = Command::new("cp");
        c.arg("-a")
            .arg(template().join("data"))
            .arg(dir.path().join("data"));
        run(c, "copying the template cluster");
        chown_postgres(dir.path());
        let mut cluster = Cluster {
            dir,
            port: free_port(),
            running: false,
        };
        cluster.start_again();
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Starts the (stopped) cluster again on the same port.
    pub fn start_again(&mut self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off \
             -c shared_buffers=16MB -c max_connections=100",
            self.port,
            self.dir.path().display()
        );
        let mut c = pg("pg_ctl");
        c.arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .args(["-w", "-t", "60", "-o", &options, "start"]);
        run(c, "pg_ctl start");
        self.running = true;
    }

    /// Stops the cluster (fast: open connections are cut, as in a real restart).
    pub fn stop(&mut self) {
        let mut c = pg("pg_ctl");
        c.arg("-D")
            .arg(self.data())
            .args(["-m", "fast", "-w", "-t", "60", "stop"]);
        run(c, "pg_ctl stop");
        self.running = false;
    }

    /// A new empty database; its URL.
    pub fn database(&self, name: &str) -> String {
        let mut c = pg("createdb");
        c.args([
            "-h",
            "127.0.0.1",
            "-p",
            &self.port.to_string(),
            "-U",
            "postgres",
            name,
        ]);
        run(c, "createdb");
        self.url(name)
    }

    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.running {
            let mut c = pg("pg_ctl");
            c.arg("-D")
                .arg(self.data())
                .args(["-m", "immediate", "-w", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let _ = c.status();
        }
    }
}

/// One SQL query's first column of every row, as text (for assertions on stored state).
pub fn sql(url: &str, query: &str) -> Vec<String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        let driver = tokio::spawn(conn);
        let rows = client.simple_query(query).await.unwrap();
        drop(client);
        let _ = driver.await;
        rows.into_iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(r) => {
                    Some(r.get(0).unwrap_or("").to_string())
                }
                _ => None,
            })
            .collect()
    })
}

pub fn sql_i64(url: &str, query: &str) -> i64 {
    sql(url, query)[0].parse().unwrap()
}

pub fn test_config(url: &str) -> copydesk_server::Config {
    let mut c = copydesk_server::Config::new(url);
    c.pool_size = 16;
    c
}

/// The server, in this process, on a loopback port; stopped (cleanly) on drop.
pub struct InProcess {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl InProcess {
    pub fn start(config: copydesk_server::Config) -> InProcess {
        InProcess::start_at(config, "127.0.0.1:0".parse().unwrap())
    }

    /// On a given address: a server started again where the desks last saw it.
    pub fn start_at(config: copydesk_server::Config, at: SocketAddr) -> InProcess {
        let listener = TcpListener::bind(at).unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(async move {
                let listener =
                    tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
                copydesk_server::serve(config, listener, async move {
                    let _ = stop_rx.await;
                })
                .await
                .map_err(|e| e.to_string())
            })
        });
        let server = InProcess {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        };
        server.wait_healthy();
        server
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn wait_healthy(&self) {
        let client = Client::new(&self.url());
        let deadline = Instant::now() + Duration::from_secs(20);
        while client.health().is_err() {
            assert!(
                !self.thread.as_ref().unwrap().is_finished(),
                "the server stopped while starting"
            );
            assert!(
                Instant::now() < deadline,
                "the server did not become healthy"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the server and returns how `serve` ended.
    pub fn shutdown(mut self) -> Result<(), String> {
        self.stop.take().map(|s| s.send(()));
        self.thread.take().unwrap().join().unwrap()
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The real `copydesk-server` binary.
pub fn binary() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_copydesk-server"));
    c.env("RUST_LOG", "warn");
    c
}

/// `copydesk-server --database URL account add NAME --role ROLE --password-stdin`.
pub fn add_account(url: &str, name: &str, role: Role, password: &str) {
    use std::io::Write;
    let mut child = binary()
        .args([
            "--database",
            url,
            "account",
            "add",
            name,
            "--role",
            role.as_str(),
        ])
        .arg("--password-stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "account add: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The real binary serving on a free port; SIGKILLed on drop if still running.
pub struct Process {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Process {
    pub fn start(database: &str, extra: &[&str]) -> Process {
        Process::start_with(database, extra, Stdio::null(), "warn")
    }

    /// With its log (at `level`) written to `stderr`.
    pub fn start_with(database: &str, extra: &[&str], stderr: Stdio, level: &str) -> Process {
        let port = free_port();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let child = binary()
            .env("RUST_LOG", level)
            .args(["--database", database, "--listen", &addr.to_string()])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let mut p = Process { child, addr };
        let client = Client::new(&p.url());
        let deadline = Instant::now() + Duration::from_secs(20);
        while client.health().is_err() {
            if let Ok(Some(status)) = p.child.try_wait() {
                panic!("copydesk-server exited while starting: {status}");
            }
            assert!(Instant::now() < deadline, "copydesk-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        p
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then waits for the exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        self.child.wait().unwrap()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

pub const PASSWORD: &str = "correct horse battery";

/// A signed-in client for `account` on a new desk.
pub fn desk(server: &str, account: &str) -> Client {
    let mut c = Client::new(server);
    c.sign_in(account, PASSWORD, Uuid::new_v4()).unwrap();
    c
}

pub fn op(body: OpBody) -> Op {
    Op {
        op_id: Uuid::new_v4(),
        op: body,
    }
}

pub fn create(id: Uuid, headline: &str) -> Op {
    op(OpBody::ArticleCreate(ArticleCreate {
        article: id,
        headline: headline.into(),
        body: "First paragraph.".into(),
        slug: String::new(),
        standfirst: String::new(),
        byline: String::new(),
        dateline: String::new(),
        section: String::new(),
        tags: vec![],
        urgency: 5,
    }))
}

pub fn save(id: Uuid, base_version: i64, headline: &str, body: Option<&str>) -> Op {
    op(OpBody::ArticleSave(ArticleSave {
        article: id,
        base_version,
        headline: headline.into(),
        slug: String::new(),
        standfirst: String::new(),
        byline: String::new(),
        dateline: String::new(),
        section: String::new(),
        tags: vec![],
        urgency: 5,
        body: body.map(str::to_string),
        autosave: false,
    }))
}

pub fn mv(id: Uuid, action: Action, from: ArticleStatus) -> Op {
    op(OpBody::ArticleMove(ArticleMove {
        article: id,
        action,
        from,
        note: String::new(),
        override_reason: None,
    }))
}

pub fn comment(article: Uuid, body: &str, reply_to: Option<Uuid>) -> Op {
    op(OpBody::CommentAdd(CommentAdd {
        comment: Uuid::new_v4(),
        article,
        body: body.into(),
        reply_to,
    }))
}

/// A newsroom: a cluster, a database with writer `wendy`, editor `eddie`, admin `ada`.
pub struct Newsroom {
    pub cluster: Cluster,
    pub db: String,
}

impl Newsroom {
    pub fn new() -> Newsroom {
        let cluster = Cluster::start();
        let db = cluster.database("newsroom");
        // The first account command applies the migrations.
        add_account(&db, "wendy", Role::Writer, PASSWORD);
        add_account(&db, "eddie", Role::Editor, PASSWORD);
        add_account(&db, "ada", Role::Admin, PASSWORD);
        Newsroom { cluster, db }
    }
}

/// An in-process TCP proxy the test controls: `cut()` resets every open connection at once
/// (a network cut in the middle of whatever is in flight).
pub struct Proxy {
    pub addr: SocketAddr,
    open: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Proxy {
    pub fn start(upstream: SocketAddr) -> Proxy {
        use std::sync::atomic::Ordering;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let open: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>> =
            std::sync::Arc::default();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (open2, stop2) = (open.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop2.load(Ordering::SeqCst) {
                let Ok((down, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(2));
                    continue;
                };
                let _ = down.set_nonblocking(false);
                let Ok(up) = std::net::TcpStream::connect(upstream) else {
                    continue;
                };
                {
                    let mut open = open2.lock().unwrap();
                    open.push(down.try_clone().unwrap());
                    open.push(up.try_clone().unwrap());
                }
                for (mut from, mut to) in [
                    (down.try_clone().unwrap(), up.try_clone().unwrap()),
                    (up, down),
                ] {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                        let _ = from.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Proxy { addr, open, stop }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Cuts every connection open now; returns how many there were.
    pub fn cut(&self) -> usize {
        let mut open = self.open.lock().unwrap();
        let n = open.len() / 2;
        for s in open.drain(..) {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
        n
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        self.cut();
    }
}
