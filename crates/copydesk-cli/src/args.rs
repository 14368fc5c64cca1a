//! The command line: every noun, verb and option (clap derive). No behaviour here.
mod article;
mod wire;

pub use article::{ArticleCommand, EditArgs, ListArgs, MoveArgs, NewArgs};
pub use wire::WireCommand;

use clap::{Args, Parser, Subcommand, ValueEnum};
use copydesk_core::{MissedPolicy, Role};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "copydesk", version, about = "Copydesk from the command line")]
pub struct Cli {
    /// Data directory (default: $COPYDESK_DATA_DIR, else the platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Act as an editor this time, whatever the profile's role (approve, schedule, publish,
    /// kill, override embargoes).
    #[arg(long, global = true)]
    pub as_editor: bool,
    /// Who is acting (recorded in the log; their profile's role applies); default: $USER.
    /// A new name gets a writer's profile.
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Where publishing writes (default: $COPYDESK_OUTBOX, else ~/Copydesk/Outbox).
    #[arg(long, global = true, value_name = "DIR")]
    pub outbox: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Write and read articles.
    #[command(subcommand)]
    Article(ArticleCommand),
    /// Import and read wire copy.
    #[command(subcommand)]
    Wire(WireCommand),
    /// Print the sanitised HTML the editor's preview shows for a Markdown file ("-": stdin).
    Render { file: PathBuf },
    /// Scheduled and published stories in a period.
    Calendar {
        /// From (RFC 3339 instant; default: now minus 7 days).
        #[arg(long)]
        from: Option<String>,
        /// To (default: from plus 35 days).
        #[arg(long)]
        to: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The people at this desk and their roles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Join a newsroom server, sync with it, see where this desk stands, sign out.
    #[command(subcommand)]
    Newsroom(NewsroomCommand),
    /// Show, or set (editors), what the scheduler does with stories whose time passed while
    /// the desk was closed: publish them now, or hold them and ask.
    MissedPolicy {
        #[arg(value_enum)]
        policy: Option<PolicyArg>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show, set or clear the web address published stories are POSTed to (as ninjs).
    Webhook {
        /// An https:// or http:// address.
        #[arg(conflicts_with = "clear")]
        url: Option<String>,
        /// Send published stories nowhere.
        #[arg(long)]
        clear: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Take a snapshot of the desk database now (consistent while the app runs), into the
    /// backup folder (the newest 10 kept) or `--to DIR`; or list the snapshots, or choose
    /// the backup folder.
    Backup {
        /// Write the snapshot into this folder instead of the backup folder.
        #[arg(long, value_name = "DIR", conflicts_with_all = ["list", "set_folder", "default_folder"])]
        to: Option<PathBuf>,
        /// List the snapshots in the backup folder, newest first; take none.
        #[arg(long)]
        list: bool,
        /// Choose the backup folder (an absolute path); take no snapshot.
        #[arg(long, value_name = "DIR", conflicts_with_all = ["list", "default_folder"])]
        set_folder: Option<PathBuf>,
        /// Go back to the default backup folder (`Backups` in the data folder).
        #[arg(long, conflicts_with = "list")]
        default_folder: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Make a snapshot the desk database. The current database is kept aside first
    /// (`copydesk.sqlite3.before-restore-<time>`); refused while the app (or another
    /// copydesk command) has the desk open.
    Restore {
        /// A snapshot file (`copydesk backup --list` shows them).
        file: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// What the desk's house style flags in a text file (Markdown or plain): a line per flag,
    /// or with --json a list of {kind, field, line, column, text, message, suggestions}.
    Check {
        file: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show the desk's house style (TOML), or set it from a file, or go back to the starter.
    Style {
        /// A TOML style sheet ([[prefer]] use/not/note, [[avoid]] word/message).
        #[arg(long, value_name = "FILE", conflicts_with = "starter")]
        set: Option<PathBuf>,
        /// Go back to the sheet Copydesk ships with.
        #[arg(long)]
        starter: bool,
    },
    /// How big the desk's database is and what it holds (wire originals are most of it).
    Storage {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Give back the room deleted rows left in the database (SQLite's VACUUM). Saves wait
    /// while it runs.
    Compact {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Publish what is due now, once (the scheduler, for headless use).
    PublishDue {
        /// Hold missed stories (due more than 2 minutes ago) instead of publishing them late.
        /// Without it, the desk's setting decides (see `missed-policy`).
        #[arg(long)]
        hold_missed: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Subcommand)]
pub enum ProfileCommand {
    /// Every profile and its role.
    List(OutputArgs),
    /// Add a profile (only editors add editors).
    Add {
        name: String,
        #[arg(long, value_enum, default_value_t = RoleArg::Writer)]
        role: RoleArg,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Make a profile a writer or an editor (editors only).
    Role {
        name: String,
        #[arg(value_enum)]
        role: RoleArg,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Args)]
pub struct OutputArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// A profile's role, as typed.
#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Writer,
    Editor,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Writer => Role::Writer,
            RoleArg::Editor => Role::Editor,
        }
    }
}

/// The missed-story policy, as typed (`publish-now`, `ask`).
#[derive(Clone, Copy, ValueEnum)]
pub enum PolicyArg {
    PublishNow,
    Ask,
}

impl From<PolicyArg> for MissedPolicy {
    fn from(policy: PolicyArg) -> MissedPolicy {
        match policy {
            PolicyArg::PublishNow => MissedPolicy::PublishNow,
            PolicyArg::Ask => MissedPolicy::Ask,
        }
    }
}

#[derive(Subcommand)]
pub enum NewsroomCommand {
    /// Sign in to the newsroom at URL and join it: this desk then acts as ACCOUNT, in the role
    /// the server gives it; its drafts and stories in review are shared; then one sync.
    Connect {
        url: String,
        #[arg(long)]
        account: String,
        /// Read the password from standard input (the first line).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Push what waits, then pull what changed: {"pushed","pulled","pending","refused"}.
    Sync(OutputArgs),
    /// Where this desk stands: {"online","pending","last_seq","server","account","role",…}.
    Status(OutputArgs),
    /// Sign out (queued changes stay, and go after the next connect).
    Logout(OutputArgs),
}
