//! `copydesk newsroom …`: joining a newsroom server and syncing with it.
use crate::args::NewsroomCommand;
use crate::failure::Failure;
use copydesk_core::{Desk, NewsroomStatus, SyncReport};
use std::io::{BufRead, Write};

pub fn run(desk: &Desk, cmd: NewsroomCommand, out: &mut dyn Write) -> Result<(), Failure> {
    match cmd {
        NewsroomCommand::Connect {
            url,
            account,
            password_stdin: _,
            output,
        } => {
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            let (status, report) = desk.connect_newsroom(&url, &account, password)?;
            if output.json {
                crate::print::json(out, &status)
            } else {
                status_lines(out, &status)?;
                report_line(out, &report)
            }
        }
        NewsroomCommand::Sync(output) => {
            let report = desk.sync_newsroom()?;
            if output.json {
                crate::print::json(out, &report)
            } else {
                report_line(out, &report)
            }
        }
        NewsroomCommand::Status(output) => {
            let status = desk.newsroom_status(true)?;
            if output.json {
                crate::print::json(out, &status)
            } else {
                status_lines(out, &status)
            }
        }
        NewsroomCommand::Logout(output) => {
            desk.newsroom_logout()?;
            let status = desk.newsroom_status(false)?;
            if output.json {
                crate::print::json(out, &status)
            } else {
                status_lines(out, &status)
            }
        }
    }
}

fn status_lines(out: &mut dyn Write, s: &NewsroomStatus) -> Result<(), Failure> {
    if !s.connected {
        writeln!(out, "not in a newsroom: this desk works on its own")?;
        return Ok(());
    }
    writeln!(
        out,
        "{} as {} ({}) · {} · {} waiting · feed at {}",
        s.server.as_deref().unwrap_or(""),
        s.account.as_deref().unwrap_or(""),
        s.role.as_deref().unwrap_or(""),
        match (s.signed_in, s.online) {
            (false, _) => "signed out",
            (true, true) => "online",
            (true, false) => "offline",
        },
        s.pending,
        s.last_seq
    )?;
    if let Some(e) = &s.last_error {
        writeln!(out, "last sync: {e}")?;
    }
    Ok(())
}

fn report_line(out: &mut dyn Write, r: &SyncReport) -> Result<(), Failure> {
    writeln!(
        out,
        "pushed {} · pulled {} · {} waiting{}",
        r.pushed,
        r.pulled,
        r.pending,
        if r.refused > 0 {
            format!(" · {} refused (text kept as revisions)", r.refused)
        } else {
            String::new()
        }
    )?;
    Ok(())
}

/// After a command on a connected, signed-in desk: sends what waits, quietly. Offline, it
/// stays queued (said once on standard error).
pub fn send_waiting(desk: &Desk) {
    let Ok(status) = desk.newsroom_status(false) else {
        return;
    };
    if !(status.signed_in && status.pending > 0) {
        return;
    }
    if let Err(e) = desk.sync_newsroom() {
        let _ = writeln!(
            std::io::stderr(),
            "note: {} change(s) wait for the newsroom: {e}",
            status.pending
        );
    }
}
