//! `copydesk wire …`
use crate::args::WireCommand;
use crate::failure::Failure;
use crate::print;
use copydesk_core::{Desk, InboxConfig, InboxPlace, WireFilter};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{mpsc, Arc};

/// Takes standard output by value: `watch` must let go of it (see there).
/// Every wire verb but `watch` (which runs until stopped: [`watch`]).
pub fn run(desk: &Desk, cmd: WireCommand, mut stdout: impl Write) -> Result<(), Failure> {
    use WireCommand as C;
    let out: &mut dyn Write = &mut stdout;
    match cmd {
        C::Import { paths, output } => {
            // JSON Lines: one document per file or item, as the watcher reports them.
            for line in &desk.import_paths(&paths)? {
                print::one(out, output.json, line, print::imported)?;
            }
            Ok(())
        }
        C::Watch { dir, poll } => {
            drop(stdout);
            Err(Failure::from(copydesk_core::Error::Internal(format!(
                "wire watch {} (poll: {poll}) runs on its own desk handle",
                dir.display()
            ))))
        }
        C::List {
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
                received_since: None,
            })?;
            print::list(out, output.json, &items, print::wire_summary)
        }
        C::Show { id, output } => {
            print::one(out, output.json, &desk.wire_item(id)?, print::wire_item)
        }
        C::Story { id, output } => {
            print::one(out, output.json, &desk.wire_story(id)?, print::wire_story)
        }
        C::Diff { from, to, output } => {
            let chunks = desk.diff_wire_items(from, to)?;
            print::one(out, output.json, &chunks, |out, c| print::diff(out, c))
        }
        C::Inbox {
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
            print::one(out, output.json, &choice, |out, choice| {
                writeln!(
                    out,
                    "{}{}",
                    choice
                        .folder
                        .as_deref()
                        .unwrap_or("(default) ~/Copydesk/Wire"),
                    if choice.polling { "  (polling)" } else { "" }
                )
            })
        }
        C::Quarantine(output) => {
            print::list(out, output.json, &desk.quarantined()?, print::quarantined)
        }
        C::Retry { id, inbox, output } => {
            let inbox = inbox_folder(desk, inbox)?;
            let put = desk.retry_quarantined(id, &inbox)?.display().to_string();
            print::one(out, output.json, &put, |out, put| writeln!(out, "{put}"))
        }
        C::Take { id, output } => {
            print::one(out, output.json, &desk.take_to_desk(id)?, print::article)
        }
    }
}

/// The inbox the app would watch (the core's rule, `InboxPlace`).
fn inbox_folder(desk: &Desk, explicit: Option<PathBuf>) -> Result<PathBuf, Failure> {
    Ok(InboxPlace::resolve(explicit, &desk.inbox_choice()?).dir)
}

/// `wire watch`: until interrupted, or until standard output is closed. Changes are written
/// from the inbox worker's thread, so standard output is locked per line, never held.
pub fn watch(desk: Desk, dir: PathBuf, poll: bool) -> Result<(), Failure> {
    let desk = Arc::new(desk);
    let (closed, stdout_closed) = mpsc::sync_channel::<()>(1);
    desk.on_change(move |change| {
        let written = serde_json::to_string(change)
            .map_err(io::Error::from)
            .and_then(|text| writeln!(io::stdout().lock(), "{text}"));
        if matches!(&written, Err(e) if e.kind() == io::ErrorKind::BrokenPipe) {
            // Never blocks the worker: one notice is enough.
            let _ = closed.try_send(());
        }
    });
    let mut config = InboxConfig::new(&dir);
    config.polling = poll;
    let _watch = desk.watch_inbox_reporting(config, |line| {
        let _ = writeln!(io::stderr(), "{}", print::import_line(line));
    })?;
    let _ = writeln!(io::stderr(), "watching {} (Ctrl+C to stop)", dir.display());
    // Ends only when the reader of standard output has gone; dropping `_watch` stops the worker.
    let _ = stdout_closed.recv();
    Err(Failure::ClosedPipe)
}
