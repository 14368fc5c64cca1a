//! `copydesk wire …`
use super::OutputArgs;
use clap::Subcommand;
use copydesk_core::WireFormat;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum WireCommand {
    /// Show, or set, the inbox folder and polling mode the app watches (kept with the desk;
    /// `--inbox` and COPYDESK_INBOX still win when the app starts).
    Inbox {
        /// Watch this folder (an absolute path).
        #[arg(long, value_name = "DIR", conflicts_with = "default")]
        folder: Option<PathBuf>,
        /// Go back to the default folder, ~/Copydesk/Wire.
        #[arg(long)]
        default: bool,
        /// Check the folder every few seconds (network shares send no file events).
        #[arg(long, conflicts_with = "no_poll")]
        poll: bool,
        /// Wait for file events (the default).
        #[arg(long)]
        no_poll: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Import wire files, or every file in folders, exactly as the inbox watcher does. The
    /// files are left where they are. Symlinks, FIFOs, devices and empty folders are skipped,
    /// each with a line saying why.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Watch a folder and import what is dropped in it (archive/quarantine inside it), until
    /// interrupted. Prints each change as a JSON line on stdout, and what became of each file
    /// (new, update, duplicate, quarantined) on stderr once it has been moved.
    Watch {
        dir: PathBuf,
        /// Poll instead of relying on file events (network shares).
        #[arg(long)]
        poll: bool,
    },
    /// The wire queue: the latest version of each story, newest first.
    List {
        #[arg(long)]
        provider: Option<String>,
        /// nitf, newsml_g2, anpa1312, rss, plain_text…
        #[arg(long, value_parser = wire_format)]
        format: Option<WireFormat>,
        /// Only items at least this urgent (1 = flash).
        #[arg(long)]
        urgency: Option<u8>,
        #[arg(long)]
        limit: Option<u32>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// One wire item.
    Show {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// All versions of a story.
    Story {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// What changed in the body between two versions (wire items) of one story, word by word.
    Diff {
        from: i64,
        to: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Files that could not be imported, with the reason.
    Quarantine(OutputArgs),
    /// "Try again": put a quarantined file back into the inbox, to be imported anew.
    Retry {
        /// The quarantined file, by its number in `wire quarantine`.
        #[arg(value_name = "FILE")]
        id: i64,
        /// Into this folder (default: $COPYDESK_INBOX, else the folder chosen with `wire
        /// inbox`, else ~/Copydesk/Wire).
        #[arg(long, value_name = "DIR")]
        inbox: Option<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Start a draft from a wire item.
    Take {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
}

fn wire_format(name: &str) -> Result<WireFormat, String> {
    WireFormat::parse(name).ok_or_else(|| format!("{name} is not a wire format Copydesk reads"))
}
