//! `copydesk-server`: runs the newsroom server, or manages accounts.
//!
//! ```text
//! copydesk-server --database URL --listen ADDR          # foreground; SIGTERM/SIGINT stop it
//! copydesk-server --database URL account add NAME --role writer|editor|admin --password-stdin
//! copydesk-server --database URL account role NAME ROLE
//! copydesk-server --database URL account revoke NAME
//! ```
use clap::{Parser, Subcommand};
use copydesk_newsroom::Role;
use copydesk_server::{Config, StartError};
use std::io::Read;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "copydesk-server",
    version,
    about = "The Copydesk newsroom server"
)]
struct Cli {
    /// PostgreSQL URL, e.g. postgres://copydesk@localhost/newsroom (or COPYDESK_DATABASE_URL,
    /// which keeps a password out of the process list).
    #[arg(long, env = "COPYDESK_DATABASE_URL", hide_env_values = true)]
    database: String,
    /// Address to listen on, e.g. 127.0.0.1:7700 (put TLS in front: see the README).
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// Seconds a body lease lasts without renewal.
    #[arg(long, default_value_t = 90)]
    lease_ttl: u64,
    /// Seconds a session lasts after sign-in.
    #[arg(long, default_value_t = 30 * 24 * 3600)]
    session_ttl: u64,
    /// Milliseconds between re-checks of the change counter (the fallback when a notification
    /// is lost).
    #[arg(long, default_value_t = 1000)]
    recheck_ms: u64,
    /// Milliseconds between the scheduler's looks for due stories (each process looks; each
    /// story is published once).
    #[arg(long, default_value_t = 1000)]
    scheduler_tick_ms: u64,
    /// Write the newsroom's publications (HTML, Markdown, ninjs, NITF, NewsML-G2) into this
    /// folder, each once across every process that has one.
    #[arg(long)]
    outbox: Option<std::path::PathBuf>,
    /// POST each publication's ninjs JSON to this http(s) address, once across every process
    /// that has it, retried with growing waits (10 s … an hour) and given up after 8 tries.
    #[arg(long, value_parser = webhook_url)]
    webhook: Option<String>,
    /// Watch this folder for wire files (as a desk's inbox does) and share each with the
    /// newsroom; read files are archived, the rest quarantined with their reason.
    #[arg(long)]
    inbox: Option<std::path::PathBuf>,
    /// Database connections per process.
    #[arg(long, default_value_t = 16)]
    pool_size: usize,
    /// Log lines as JSON objects (one per line) instead of text.
    #[arg(long)]
    log_json: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Manage accounts.
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Adds an account; the password is read from standard input.
    Add {
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Read the password from standard input (the only way: never on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Changes an account's role (effective on its next request).
    Role {
        name: String,
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// Revokes an account: its sessions end now, its leases are released.
    Revoke { name: String },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("{s} is not a role: writer, editor or admin"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.log_json);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error[internal]: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("error[{code}]: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_logs(json: bool) {
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Never below these, whatever RUST_LOG says: at debug, tokio-postgres logs every statement
    // with its parameters (story text, password and token hashes), and hyper logs traffic.
    for quiet in [
        "tokio_postgres=info",
        "hyper=info",
        "hyper_util=info",
        "h2=info",
    ] {
        if let Ok(directive) = quiet.parse() {
            filter = filter.add_directive(directive);
        }
    }
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn start_code(e: &StartError) -> &'static str {
    match e {
        StartError::DatabaseTooNew { .. } => "database_too_new",
        StartError::Database(_) => "unavailable",
        StartError::Config(_) => "invalid",
        StartError::Listen(_) => "io",
    }
}

async fn run(cli: Cli) -> Result<(), (&'static str, String)> {
    let mut config = Config::new(cli.database.clone());
    config.lease_ttl = Duration::from_secs(cli.lease_ttl.max(1));
    config.session_ttl = Duration::from_secs(cli.session_ttl.max(1));
    config.recheck = Duration::from_millis(cli.recheck_ms.max(10));
    config.scheduler_tick = Duration::from_millis(cli.scheduler_tick_ms.max(10));
    config.pool_size = cli.pool_size.max(2);
    config.outbox = cli.outbox.clone();
    config.inbox = cli.inbox.clone();
    config.webhook = cli.webhook.clone();
    match cli.command {
        None => {
            let Some(addr) = cli.listen else {
                return Err(("invalid", "--listen ADDR is needed to serve".into()));
            };
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| ("io", format!("cannot listen on {addr}: {e}")))?;
            copydesk_server::serve(config, listener, shutdown_signal())
                .await
                .map_err(|e| (start_code(&e), e.to_string()))
        }
        Some(Command::Account { command }) => {
            let pool = copydesk_server::prepare(&config)
                .await
                .map_err(|e| (start_code(&e), e.to_string()))?;
            let mut client = pool
                .get()
                .await
                .map_err(|e| ("unavailable", e.to_string()))?;
            let client = &mut client;
            use copydesk_server::auth::admin;
            let profile = match command {
                AccountCommand::Add { name, role, .. } => {
                    let mut password = String::new();
                    std::io::stdin()
                        .read_to_string(&mut password)
                        .map_err(|e| ("io", format!("cannot read the password: {e}")))?;
                    let password = password.trim_end_matches(['\n', '\r']);
                    admin::add(client, &name, role, password).await
                }
                AccountCommand::Role { name, role } => admin::set_role(client, &name, role).await,
                AccountCommand::Revoke { name } => admin::revoke(client, &name).await,
            }
            .map_err(|e| ("invalid", e))?;
            println!(
                "{}",
                serde_json::to_string(&profile).unwrap_or_else(|_| profile.name.clone())
            );
            Ok(())
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

/// A webhook address is http(s), or the server would retry a typo for hours.
fn webhook_url(s: &str) -> Result<String, String> {
    if s.starts_with("https://") || s.starts_with("http://") {
        Ok(s.to_string())
    } else {
        Err("the webhook must be an http:// or https:// address".into())
    }
}
