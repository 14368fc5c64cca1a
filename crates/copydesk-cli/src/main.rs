//! `copydesk`: the desk from a terminal, for scripting and headless use. Argument parsing and
//! output only; every action is one call on `copydesk_core::Desk`.
use clap::{Args, Parser, Subcommand};
use copydesk_core::{Article, ArticleDraft, ArticleSummary, DataDir, Desk, DeskConfig, Error};
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
    let desk = Desk::open(DeskConfig::new(DataDir::resolve(cli.data_dir)))?;
    match cli.command {
        Command::Article(cmd) => article(&desk, cmd),
    }
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
