//! `copydesk`: the desk from a terminal, for scripting and headless use. Argument parsing and
//! output only; every action is one call on `copydesk_core::Desk`.
use clap::{Args, Parser, Subcommand};
use copydesk_core::{
    Action, Article, ArticleDraft, ArticleSummary, Comment, CommentThread, DataDir, Desk,
    DeskConfig, Disambiguation, Error, InboxConfig, IngestOutcome, Ingested, MissedPolicy, Role,
    WireFilter,
};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "copydesk", version, about = "Copydesk from the command line")]
struct Cli {
    /// Data directory (default: $COPYDESK_DATA_DIR, else the platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Act as an editor this time, whatever the profile's role (approve, schedule, publish,
    /// kill, override embargoes).
    #[arg(long, global = true)]
    as_editor: bool,
    /// Who is acting (recorded in the log; their profile's role applies); default: $USER.
    /// A new name gets a writer's profile.
    #[arg(long, global = true, value_name = "NAME")]
    profile: Option<String>,
    /// Where publishing writes (default: $COPYDESK_OUTBOX, else ~/Copydesk/Outbox).
    #[arg(long, global = true, value_name = "DIR")]
    outbox: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    /// Show, or set (editors), what the scheduler does with stories whose time passed while
    /// the desk was closed: publish them now, or hold them and ask.
    MissedPolicy {
        #[arg(value_parser = ["publish-now", "ask"])]
        policy: Option<String>,
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

#[derive(Args)]
struct MoveArgs {
    id: i64,
    /// Why (kept in the article's log).
    #[arg(long, default_value = "")]
    note: String,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Subcommand)]
enum WireCommand {
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
    /// files are left where they are.
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
        #[arg(long)]
        format: Option<String>,
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
    /// Files that could not be imported, with the reason.
    Quarantine(OutputArgs),
    /// Start a draft from a wire item.
    Take {
        id: i64,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Subcommand)]
enum ArticleCommand {
    /// Start a new draft.
    New(NewArgs),
    /// List articles, most recently changed first.
    List(OutputArgs),
    /// Show one article.
    Show {
        id: i64,
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
    /// Publish now (editors). An embargo blocks it unless --override gives a reason.
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
    /// The article's workflow log: who moved it, when, from, to, why.
    Log {
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

#[derive(Subcommand)]
enum ProfileCommand {
    /// Every profile and its role.
    List(OutputArgs),
    /// Add a profile (only editors add editors).
    Add {
        name: String,
        #[arg(long, value_parser = ["writer", "editor"], default_value = "writer")]
        role: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Make a profile a writer or an editor (editors only).
    Role {
        name: String,
        #[arg(value_parser = ["writer", "editor"])]
        role: String,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Args)]
struct OutputArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct NewArgs {
    #[arg(long)]
    headline: String,
    /// Read the Markdown body from this file ("-" for standard input).
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    #[arg(long, default_value = "")]
    slug: String,
    #[command(flatten)]
    output: OutputArgs,
}

/// A failure the CLI reports: a stable code first, so scripts can branch on it.
struct Failure {
    code: &'static str,
    message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure {
            code: e.code().as_str(),
            message: e.to_string(),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("error[{}]: {}", f.code, f.message);
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    // Rendering needs no desk: it must work without a data directory.
    if let Command::Render { file } = &cli.command {
        let markdown = read_body(file)?;
        let rendered =
            copydesk_render::render(&markdown, &copydesk_render::RenderOptions::default());
        print!("{}", rendered.html);
        return Ok(());
    }
    let mut config = DeskConfig::new(DataDir::resolve(cli.data_dir));
    if cli.as_editor {
        config.force_role = Some(Role::Editor);
    }
    if let Some(name) = cli.profile {
        config.author = name;
    }
    config.outbox = copydesk_core::resolve_outbox(cli.outbox);
    let desk = Desk::open(config)?;
    match cli.command {
        Command::Article(cmd) => article(&desk, cmd),
        Command::Wire(cmd) => wire(desk, cmd),
        Command::Render { .. } => Ok(()),
        Command::Calendar { from, to, output } => {
            let parse = |s: &str| {
                s.parse::<jiff::Timestamp>().map_err(|e| Failure {
                    code: "invalid",
                    message: format!("\"{s}\" is not an RFC 3339 instant: {e}"),
                })
            };
            let from = match from {
                Some(s) => parse(&s)?,
                None => desk.now() - jiff::SignedDuration::from_hours(7 * 24),
            };
            let to = match to {
                Some(s) => parse(&s)?,
                None => from + jiff::SignedDuration::from_hours(35 * 24),
            };
            let items = desk.calendar(from, to)?;
            if output.json {
                return print_json(&items);
            }
            for a in &items {
                let when = a.scheduled_at.map(|t| t.to_string()).unwrap_or_default();
                println!("{when:<22} {:<10} {}", a.status.as_str(), a.headline);
            }
            Ok(())
        }
        Command::Profile(cmd) => {
            let role = |r: &str| {
                if r == "editor" {
                    Role::Editor
                } else {
                    Role::Writer
                }
            };
            // `list` prints an array; `add` and `role` the one profile they changed.
            let (one, output) = match cmd {
                ProfileCommand::List(output) => {
                    let profiles = desk.profiles()?;
                    if output.json {
                        return print_json(&profiles);
                    }
                    for p in &profiles {
                        println!("{:<24} {}", p.name, p.role.as_str());
                    }
                    return Ok(());
                }
                ProfileCommand::Add {
                    name,
                    role: r,
                    output,
                } => (desk.add_profile(&name, role(&r))?, output),
                ProfileCommand::Role {
                    name,
                    role: r,
                    output,
                } => (desk.set_profile_role(&name, role(&r))?, output),
            };
            if output.json {
                return print_json(&one);
            }
            println!("{:<24} {}", one.name, one.role.as_str());
            Ok(())
        }
        Command::MissedPolicy { policy, output } => {
            match policy.as_deref() {
                Some("ask") => desk.set_missed_policy(MissedPolicy::Ask)?,
                Some(_) => desk.set_missed_policy(MissedPolicy::PublishNow)?,
                None => {}
            }
            let policy = desk.missed_policy()?;
            if output.json {
                return print_json(&policy);
            }
            println!("{}", policy.as_str().replace('_', "-"));
            Ok(())
        }
        Command::PublishDue {
            hold_missed,
            output,
        } => {
            let policy = if hold_missed {
                MissedPolicy::Ask
            } else {
                desk.missed_policy()?
            };
            let report = desk.publish_due(policy)?;
            if output.json {
                return print_json(&report);
            }
            println!(
                "published {}, published late {}, held {}, still embargoed {}",
                report.published.len(),
                report.published_late.len(),
                report.held.len(),
                report.embargoed.len()
            );
            Ok(())
        }
    }
}

fn wire(desk: Desk, cmd: WireCommand) -> Result<(), Failure> {
    match cmd {
        WireCommand::Import { paths, output } => {
            let lines = desk.import_paths(&paths)?;
            for line in &lines {
                if output.json {
                    print_json(line)?;
                } else {
                    println!("{}", ingest_line(line));
                }
            }
            Ok(())
        }
        WireCommand::Watch { dir, poll } => {
            let desk = std::sync::Arc::new(desk);
            desk.on_change(|change| {
                if let Ok(text) = serde_json::to_string(change) {
                    println!("{text}");
                }
            });
            let mut config = InboxConfig::new(&dir);
            config.polling = poll;
            let _watch =
                desk.watch_inbox_reporting(config, |line| eprintln!("{}", ingest_line(line)))?;
            eprintln!("watching {} (Ctrl+C to stop)", dir.display());
            loop {
                std::thread::park();
            }
        }
        WireCommand::List {
            provider,
            format,
            urgency,
            limit,
            output,
        } => {
            let items = desk.wire_items(&WireFilter {
                provider,
                format,
                max_urgency: urgency,
                limit,
            })?;
            if output.json {
                return print_json(&items);
            }
            for i in &items {
                println!(
                    "{:>5}  u{}  v{:<3} {:<10} {}{}",
                    i.id,
                    i.urgency
                        .map(|u| u.to_string())
                        .unwrap_or_else(|| "-".into()),
                    i.version,
                    i.provider.as_deref().unwrap_or("-"),
                    i.headline,
                    if i.killed { "  [KILLED]" } else { "" }
                );
            }
            Ok(())
        }
        WireCommand::Show { id, output } => {
            let item = desk.wire_item(id)?;
            if output.json {
                return print_json(&item);
            }
            println!("# {}\n", item.headline);
            println!(
                "{} · {} · version {} · {}",
                item.provider.as_deref().unwrap_or("unknown source"),
                item.format,
                item.version,
                item.pub_status
            );
            println!("\n{}", item.body);
            Ok(())
        }
        WireCommand::Story { id, output } => {
            let story = desk.wire_story(id)?;
            if output.json {
                return print_json(&story);
            }
            for v in &story.versions {
                println!("v{:<4} {}  {}", v.version, v.received_at, v.headline);
            }
            Ok(())
        }
        WireCommand::Inbox {
            folder,
            default,
            poll,
            no_poll,
            output,
        } => {
            let mut choice = desk.inbox_choice()?;
            if default || folder.is_some() || poll || no_poll {
                if default {
                    choice.folder = None;
                }
                if let Some(f) = folder {
                    choice.folder = Some(f.display().to_string());
                }
                if poll || no_poll {
                    choice.polling = poll;
                }
                choice = desk.set_inbox_choice(choice)?;
            }
            if output.json {
                return print_json(&choice);
            }
            println!(
                "{}{}",
                choice
                    .folder
                    .as_deref()
                    .unwrap_or("(default) ~/Copydesk/Wire"),
                if choice.polling { "  (polling)" } else { "" }
            );
            Ok(())
        }
        WireCommand::Quarantine(output) => {
            let files = desk.quarantined()?;
            if output.json {
                return print_json(&files);
            }
            for f in &files {
                println!("{:>5}  {}  {}: {}", f.id, f.name, f.reason_code, f.reason);
            }
            Ok(())
        }
        WireCommand::Take { id, output } => print_article(&desk.take_to_desk(id)?, output.json),
    }
}

fn ingest_line(line: &Ingested) -> String {
    let outcome = match line.outcome {
        IngestOutcome::New => "new",
        IngestOutcome::Update => "update",
        IngestOutcome::Duplicate => "duplicate",
        IngestOutcome::Quarantined => "quarantined",
    };
    let what = match (&line.item, &line.reason) {
        (Some(item), _) => format!("#{} {}", item.id, item.headline),
        (None, Some(reason)) => reason.clone(),
        (None, None) => String::new(),
    };
    format!("{outcome:<11} {}  {what}", line.file)
}

fn article(desk: &Desk, cmd: ArticleCommand) -> Result<(), Failure> {
    match cmd {
        ArticleCommand::New(args) => {
            let body = match &args.body_file {
                None => String::new(),
                Some(path) => read_body(path)?,
            };
            let article = desk.create_article(ArticleDraft {
                headline: args.headline,
                body,
                slug: args.slug,
                tags: args.tags,
                ..Default::default()
            })?;
            print_article(&article, args.output.json)
        }
        ArticleCommand::List(output) => {
            let list = desk.articles()?;
            if output.json {
                return print_json(&list);
            }
            for a in &list {
                println!("{}", summary_line(a));
            }
            Ok(())
        }
        ArticleCommand::Show { id, output } => print_article(&desk.article(id)?, output.json),
        ArticleCommand::Submit(m) => moved(desk.act(m.id, Action::Submit, &m.note)?, m.output),
        ArticleCommand::Return(m) => moved(desk.act(m.id, Action::Return, &m.note)?, m.output),
        ArticleCommand::Approve(m) => moved(desk.act(m.id, Action::Approve, &m.note)?, m.output),
        ArticleCommand::Unschedule(m) => {
            moved(desk.act(m.id, Action::Unschedule, &m.note)?, m.output)
        }
        ArticleCommand::Spike(m) => moved(desk.act(m.id, Action::Spike, &m.note)?, m.output),
        ArticleCommand::Unspike(m) => moved(desk.act(m.id, Action::Unspike, &m.note)?, m.output),
        ArticleCommand::Correct(m) => moved(desk.correct(m.id, &m.note)?, m.output),
        ArticleCommand::Kill(m) => moved(desk.kill(m.id, &m.note)?, m.output),
        ArticleCommand::Publish {
            id,
            override_reason,
            output,
        } => moved(desk.publish(id, override_reason.as_deref())?, output),
        ArticleCommand::Schedule {
            id,
            at,
            tz,
            earlier,
            later,
            override_reason,
            output,
        } => {
            let choice = match (earlier, later) {
                (true, _) => Some(Disambiguation::Earlier),
                (_, true) => Some(Disambiguation::Later),
                _ => None,
            };
            let article =
                desk.schedule_article(id, &at, &tz, choice, override_reason.as_deref())?;
            moved(article, output)
        }
        ArticleCommand::Embargo {
            id,
            until,
            tz,
            clear,
            output,
        } => {
            let article = match (clear, until, tz) {
                (true, _, _) => desk.set_embargo(id, None)?,
                (false, Some(until), Some(tz)) => {
                    desk.set_embargo(id, Some((&until, &tz, None)))?
                }
                _ => {
                    return Err(Failure {
                        code: "invalid",
                        message: "give --until and --tz, or --clear".into(),
                    })
                }
            };
            moved(article, output)
        }
        ArticleCommand::Log { id, output } => {
            let log = desk.transitions(id)?;
            if output.json {
                return print_json(&log);
            }
            for t in &log {
                println!(
                    "{}  {:<10} {} → {}  by {} ({}){}",
                    t.at,
                    t.action,
                    t.from_status.as_str(),
                    t.to_status.as_str(),
                    t.actor,
                    t.role,
                    if t.note.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", t.note)
                    }
                );
            }
            Ok(())
        }
        ArticleCommand::Deliveries { id, output } => {
            let deliveries = desk.deliveries(id)?;
            if output.json {
                return print_json(&deliveries);
            }
            for d in &deliveries {
                print_delivery(d);
            }
            Ok(())
        }
        ArticleCommand::Redeliver { delivery, output } => {
            let d = desk.retry_delivery(delivery)?;
            if output.json {
                return print_json(&d);
            }
            print_delivery(&d);
            Ok(())
        }
        ArticleCommand::Comment {
            id,
            text,
            reply_to,
            output,
        } => {
            let comment = desk.add_comment(id, &text, reply_to)?;
            if output.json {
                return print_json(&comment);
            }
            println!("{}", comment_line(&comment));
            Ok(())
        }
        ArticleCommand::Comments { id, output } => {
            let threads = desk.comments(id)?;
            if output.json {
                return print_json(&threads);
            }
            for t in &threads {
                print_thread(t);
            }
            Ok(())
        }
        ArticleCommand::EditComment { cid, text, output } => {
            let comment = desk.edit_comment(cid, &text)?;
            if output.json {
                return print_json(&comment);
            }
            println!("{}", comment_line(&comment));
            Ok(())
        }
        ArticleCommand::DeleteComment { cid, output } => {
            let thread = desk.delete_comment(cid)?;
            if output.json {
                return print_json(&thread);
            }
            match &thread {
                Some(t) => print_thread(t),
                None => println!("comment {cid} deleted; its thread is gone"),
            }
            Ok(())
        }
        ArticleCommand::Resolve { cid, output } => thread_done(&desk.resolve_thread(cid)?, output),
        ArticleCommand::Reopen { cid, output } => thread_done(&desk.reopen_thread(cid)?, output),
    }
}

fn print_delivery(d: &copydesk_core::workflow::Delivery) {
    println!(
        "{}  {:<9} {} attempt(s){}  {}{}",
        d.id,
        d.state,
        d.attempts,
        d.last_status
            .map(|s| format!(", HTTP {s}"))
            .unwrap_or_default(),
        d.url,
        if d.last_error.is_empty() {
            String::new()
        } else {
            format!(": {}", d.last_error)
        }
    );
}

/// One comment on one line: id, who, when, text (or that it was deleted).
fn comment_line(c: &Comment) -> String {
    let text = match c.deleted_at {
        Some(_) => "(comment deleted)".to_string(),
        // One line per comment: the text's own line breaks would read as other comments.
        None => c.body.replace(['\n', '\r'], " "),
    };
    let edited = if c.edited_at.is_some() {
        " (edited)"
    } else {
        ""
    };
    format!(
        "#{} {} {}{}: {}",
        c.id,
        c.author,
        c.created_at.strftime("%Y-%m-%d %H:%M"),
        edited,
        text
    )
}

fn print_thread(t: &CommentThread) {
    let state = match (&t.resolved_at, &t.resolved_by) {
        (Some(at), Some(by)) => format!("  [resolved by {by} {}]", at.strftime("%Y-%m-%d %H:%M")),
        (Some(_), None) => "  [resolved]".to_string(),
        _ => String::new(),
    };
    println!("{}{state}", comment_line(&t.root));
    for r in &t.replies {
        let to = match r.reply_to {
            Some(to) if to != t.id => format!(" (to #{to})"),
            _ => String::new(),
        };
        println!("    ↳ {}{to}", comment_line(r));
    }
}

/// After resolving or reopening: the thread as JSON, or a one-line confirmation.
fn thread_done(t: &CommentThread, output: OutputArgs) -> Result<(), Failure> {
    if output.json {
        return print_json(t);
    }
    match &t.resolved_by {
        Some(by) => println!("thread #{} resolved by {by}", t.id),
        None => println!("thread #{} open", t.id),
    }
    Ok(())
}

/// After a workflow move: the article as JSON, or a one-line confirmation.
fn moved(article: Article, output: OutputArgs) -> Result<(), Failure> {
    if output.json {
        return print_json(&article);
    }
    println!(
        "{}  {}  {}",
        article.id,
        article.status.as_str(),
        article.headline
    );
    Ok(())
}

fn read_body(path: &PathBuf) -> Result<String, Failure> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    let bytes = bytes.map_err(|e| Failure {
        code: "io",
        message: format!("cannot read {}: {e}", path.display()),
    })?;
    String::from_utf8(bytes).map_err(|_| Failure {
        code: "invalid",
        message: format!("{} is not UTF-8 text", path.display()),
    })
}

fn summary_line(a: &ArticleSummary) -> String {
    let tags = if a.tags.is_empty() {
        String::new()
    } else {
        format!("  [{}]", a.tags.join(", "))
    };
    format!(
        "{:>5}  {:<9}  {}  {} ({} words){}",
        a.id,
        a.status.as_str(),
        a.updated_at.strftime("%Y-%m-%d %H:%M"),
        a.headline,
        a.word_count,
        tags
    )
}

fn print_article(a: &Article, json: bool) -> Result<(), Failure> {
    if json {
        return print_json(a);
    }
    println!("# {}\n", a.headline);
    println!(
        "id {} · version {} · {} words · by {} · updated {}",
        a.id, a.version, a.word_count, a.author, a.updated_at
    );
    if !a.tags.is_empty() {
        println!("tags: {}", a.tags.join(", "));
    }
    println!("\n{}", a.body);
    Ok(())
}

fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string(value).map_err(|e| Failure {
        code: "io",
        message: e.to_string(),
    })?;
    println!("{text}");
    Ok(())
}
