//! `copydesk article …`
use super::OutputArgs;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ArticleCommand {
    /// Start a new draft.
    New(NewArgs),
    /// Change an article's text or details: one explicit save, refused (`conflict`) if the
    /// article changed since the version it starts from.
    Edit(EditArgs),
    /// What the house style flags in a story (headline, standfirst, body).
    Check {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// How much of a story is wire copy: by wire item and agency, with the credit line it
    /// implies.
    Provenance {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// List articles, most recently changed first; with `--limit` or `--after`, a page at a
    /// time (a year's desk holds too many to print at once).
    List(ListArgs),
    /// Show one article.
    Show {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Search drafts and wire copy, best match first.
    Search {
        query: String,
        /// At most this many hits (1 to 200).
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The article's revisions, newest first.
    History {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// What changed in the body, word by word: from revision REV to revision TO, or to the
    /// current text.
    Diff {
        id: i64,
        #[arg(value_name = "REV")]
        from: i64,
        #[arg(value_name = "TO")]
        to: Option<i64>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Make a revision's text the current text again (a new version; the history stays).
    Restore {
        id: i64,
        #[arg(value_name = "REV")]
        revision: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Tags in use, most used first.
    Tags {
        /// Only tags beginning with this (any case).
        #[arg(long, default_value = "")]
        prefix: String,
        /// At most this many (1 to 100).
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Send a draft for review.
    Submit(MoveArgs),
    /// Send back to the writer (editors).
    Return(MoveArgs),
    /// Approve a story in review (editors).
    Approve(MoveArgs),
    /// Take a scheduled story off the schedule (editors).
    Unschedule(MoveArgs),
    /// Spike a story (restorable with unspike).
    Spike(MoveArgs),
    /// Bring a spiked story back where it was.
    Unspike(MoveArgs),
    /// Publish now (editors). An embargo or a blocking checklist item stops it unless
    /// --override gives a reason (logged).
    Publish {
        id: i64,
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Publish the current text of a published story again, as a correction (editors).
    Correct(MoveArgs),
    /// Withdraw a published story; a kill notice goes to the outbox (editors).
    Kill(MoveArgs),
    /// Schedule publication at a wall time in a zone (editors).
    Schedule {
        id: i64,
        /// "YYYY-MM-DD HH:MM"
        #[arg(long)]
        at: String,
        /// IANA time zone, e.g. Europe/Berlin.
        #[arg(long)]
        tz: String,
        /// For a time that happens twice (clocks going back): the first one.
        #[arg(long, conflicts_with = "later")]
        earlier: bool,
        /// For a time that happens twice: the second one.
        #[arg(long)]
        later: bool,
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Set or lift an embargo.
    Embargo {
        id: i64,
        /// "YYYY-MM-DD HH:MM"
        #[arg(long, required_unless_present = "clear")]
        until: Option<String>,
        #[arg(long, required_unless_present = "clear")]
        tz: Option<String>,
        #[arg(long)]
        clear: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// What to look at before publishing: embargo, schedule, headline, wire source…
    Checklist {
        id: i64,
        /// Publishing at this RFC 3339 instant (default: the schedule, else now).
        #[arg(long)]
        at: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The article's workflow log: who moved it, when, from, to, why.
    Log {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The article's publications (first, corrections, kill) and their outbox state.
    Publications {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The webhook deliveries of the article's publications (state, attempts, last answer).
    Deliveries {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Send a failed webhook delivery again at the next `publish-due` (editors).
    Redeliver {
        /// The delivery's id (see `article deliveries`).
        delivery: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Comment on an article (newsroom only), or with --reply-to answer a comment.
    Comment {
        id: i64,
        /// The comment, as plain text.
        #[arg(long)]
        text: String,
        /// The comment (CID) this one answers; it joins that comment's thread.
        #[arg(long, value_name = "CID")]
        reply_to: Option<i64>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// An article's comment threads, oldest first.
    Comments {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Change the text of your own comment.
    EditComment {
        cid: i64,
        #[arg(long)]
        text: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Delete your own comment (a placeholder stays while replies need it).
    DeleteComment {
        cid: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Mark the thread a comment belongs to as resolved.
    Resolve {
        cid: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Open a resolved thread again.
    Reopen {
        cid: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Args)]
pub struct MoveArgs {
    pub id: i64,
    /// Why (kept in the article's log).
    #[arg(long, default_value = "")]
    pub note: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct ListArgs {
    /// At most this many (1 to 1,000).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: Option<u32>,
    /// The articles after this one in the list (the last id of the page before).
    #[arg(long, value_name = "ID")]
    pub after: Option<i64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct NewArgs {
    #[arg(long)]
    pub headline: String,
    /// Read the Markdown body from this file ("-" for standard input).
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    #[arg(long, default_value = "")]
    pub slug: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What `article edit` changes; everything not given stays as stored.
#[derive(Args)]
pub struct EditArgs {
    pub id: i64,
    #[arg(long)]
    pub headline: Option<String>,
    #[arg(long)]
    pub standfirst: Option<String>,
    /// Read the new Markdown body from this file ("-" for standard input).
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Add a tag (kept once, whatever its case).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Remove a tag (any case).
    #[arg(long = "untag", value_name = "TAG")]
    pub untags: Vec<String>,
    #[arg(long)]
    pub slug: Option<String>,
    #[arg(long)]
    pub byline: Option<String>,
    #[arg(long)]
    pub dateline: Option<String>,
    #[arg(long)]
    pub section: Option<String>,
    /// 1 (flash) to 8 (lowest); 5 is routine.
    #[arg(long)]
    pub urgency: Option<u8>,
    /// Save only if the article is still at this version (the one you read); default: the
    /// version stored now.
    #[arg(long, value_name = "VERSION")]
    pub base_version: Option<i64>,
    #[command(flatten)]
    pub output: OutputArgs,
}
