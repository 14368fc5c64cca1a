//! `copydesk`: the desk from a terminal, for scripting and headless use. Argument parsing and
//! output only; every action is one call on `copydesk_core::Desk`.
use clap::{Args, Parser, Subcommand};
use copydesk_core::{
    Article, ArticleDraft, ArticleSummary, DataDir, Desk, DeskConfig, Error, InboxConfig,
    IngestOutcome, Ingested, WireFilter,
};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "copydesk", version, about = "Copydesk from the command line")]
struct Cli {
    /// Data directory (default: $COPYDESK_DATA_DIR, else the platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
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
}

#[derive(Subcommand)]
enum WireCommand {
    /// Import wire files, or every file in folders, exactly as the inbox watcher does. The
    /// files are left where they are.
    Import {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Watch a folder and import what is dropped in it (archive/quarantine inside it), until
    /// interrupted.
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
    let desk = Desk::open(DeskConfig::new(DataDir::resolve(cli.data_dir)))?;
    match cli.command {
        Command::Article(cmd) => article(&desk, cmd),
        Command::Wire(cmd) => wire(desk, cmd),
        Command::Render { .. } => Ok(()),
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
            let _watch = desk.watch_inbox(config)?;
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
    }
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
        "{:>5}  {:<5}  {}  {} ({} words){}",
        a.id,
        format!("{:?}", a.status).to_lowercase(),
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
