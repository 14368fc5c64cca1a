//! `copydesk`: the desk from a terminal, for scripting and headless use. Argument parsing and
//! output only; every action is a call on `copydesk_core::Desk`.
//!
//! `args` declares the command line, `cmd` has one module per noun making the core calls,
//! `print` writes their results (JSON or lines), `failure` says how a command fails.
mod args;
mod cmd;
mod failure;
mod print;

use args::{Cli, Command};
use clap::Parser;
use copydesk_core::{DataDir, Desk, DeskConfig, Role};
use failure::Failure;
use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic leaves a report in the desk's data folder (the app offers the newest at launch).
    copydesk_core::crash::write_reports_on_panic(
        &DataDir::resolve(cli.data_dir.clone()),
        "copydesk",
        env!("CARGO_PKG_VERSION"),
    );
    match run(cli) {
        Ok(()) | Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(Failure::Error { code, message }) => {
            // Not eprintln!: it panics when standard error is closed too.
            let _ = writeln!(io::stderr(), "error[{}]: {message}", code.as_str());
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    // Rendering needs no desk: it must work without a data directory.
    if let Command::Render { file } = &cli.command {
        let markdown = cmd::read_text(file)?;
        let rendered =
            copydesk_render::render(&markdown, &copydesk_render::RenderOptions::default());
        stdout.write_all(rendered.html.as_bytes())?;
        stdout.flush()?;
        return Ok(());
    }
    // Restoring replaces the database: it must not open a desk on it first.
    if let Command::Restore { file, output } = &cli.command {
        let data_dir = DataDir::resolve(cli.data_dir.clone());
        return cmd::backup::restore(&data_dir, file, output, &mut stdout);
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
    let out = &mut stdout;
    let done = match cli.command {
        Command::Article(command) => cmd::article::run(&desk, command, out),
        // `wire watch` runs until stopped and needs the desk for itself; the other wire verbs
        // queue what they take in for the newsroom like any change, sent below.
        Command::Wire(args::WireCommand::Watch { dir, poll }) => {
            drop(stdout);
            return cmd::wire::watch(desk, dir, poll);
        }
        Command::Wire(command) => cmd::wire::run(&desk, command, out),
        Command::Profile(command) => cmd::profile::run(&desk, command, out),
        Command::Newsroom(command) => return cmd::newsroom::run(&desk, command, out),
        Command::Render { .. } | Command::Restore { .. } => Ok(()),
        Command::Backup {
            to,
            list,
            set_folder,
            default_folder,
            output,
        } => cmd::backup::backup(
            &desk,
            cmd::backup::BackupArgs {
                to,
                list,
                set_folder,
                default_folder,
            },
            output,
            out,
        ),
        Command::Calendar { from, to, output } => {
            cmd::publishing::calendar(&desk, from, to, output, out)
        }
        Command::PublishDue {
            hold_missed,
            output,
        } => cmd::publishing::publish_due(&desk, hold_missed, output, out),
        Command::MissedPolicy { policy, output } => {
            cmd::publishing::missed_policy(&desk, policy, output, out)
        }
        Command::Webhook { url, clear, output } => {
            cmd::publishing::webhook(&desk, url, clear, output, out)
        }
        Command::Check { file, output } => {
            let text = cmd::read_text(&file)?;
            print::list(
                out,
                output.json,
                &desk.check_text(&text)?,
                print::style_flag,
            )
        }
        Command::Style { set, starter } => {
            if starter {
                desk.set_house_style(None)?;
            } else if let Some(file) = set {
                desk.set_house_style(Some(&cmd::read_text(&file)?))?;
            }
            out.write_all(desk.house_style()?.as_bytes())
                .map_err(Failure::from)
        }
        Command::Storage { output } => cmd::backup::storage(&desk, output, out),
        Command::Compact { output } => cmd::backup::compact(&desk, output, out),
    };
    // On a connected desk a command's changes go to the newsroom at once when it can be
    // reached; when it cannot, they wait in the queue for the next sync.
    cmd::newsroom::send_waiting(&desk);
    done
}
