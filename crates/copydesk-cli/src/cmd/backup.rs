//! `backup` and `restore`: snapshots of the desk database (core's `backup` module); `storage`
//! and `compact`: its size and giving back free room (core's `storage`).
use crate::args::OutputArgs;
use crate::failure::Failure;
use crate::print;
use copydesk_core::{backup, DataDir, Desk};
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct BackupArgs {
    pub to: Option<PathBuf>,
    pub list: bool,
    pub set_folder: Option<PathBuf>,
    pub default_folder: bool,
}

pub fn backup(
    desk: &Desk,
    args: BackupArgs,
    output: OutputArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if args.list {
        return print::list(out, output.json, &desk.list_backups()?, |out, s| {
            writeln!(out, "{}\t{}\t{} bytes", s.taken_at, s.path, s.bytes)
        });
    }
    if let Some(folder) = &args.set_folder {
        let folder = std::path::absolute(folder)?;
        return print::one(
            out,
            output.json,
            &desk.set_backup_folder(Some(&folder))?,
            |out, f| writeln!(out, "backups go to {}", f.path),
        );
    }
    if args.default_folder {
        return print::one(
            out,
            output.json,
            &desk.set_backup_folder(None)?,
            |out, f| writeln!(out, "backups go to {} (the default)", f.path),
        );
    }
    let snapshot = desk.back_up(args.to.as_deref())?;
    print::one(out, output.json, &snapshot, |out, s| {
        writeln!(out, "{}", s.path)
    })
}

pub fn restore(
    data_dir: &DataDir,
    file: &Path,
    output: &OutputArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let restored = backup::restore(data_dir, file, jiff::Timestamp::now())?;
    print::one(out, output.json, &restored, |out, r| {
        writeln!(out, "restored {}", r.restored)?;
        match &r.kept_aside {
            Some(aside) => writeln!(out, "the database it replaced is kept at {aside}"),
            None => Ok(()),
        }
    })
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

pub fn storage(desk: &Desk, output: OutputArgs, out: &mut dyn Write) -> Result<(), Failure> {
    print::one(out, output.json, &desk.storage()?, |out, r| {
        writeln!(out, "database      {}", megabytes(r.database_bytes))?;
        writeln!(out, "free inside   {}", megabytes(r.free_bytes))?;
        writeln!(
            out,
            "articles      {} ({} revisions)",
            r.articles, r.revisions
        )?;
        writeln!(
            out,
            "wire          {} items from {} files, originals {}",
            r.wire_items,
            r.wire_files,
            megabytes(r.wire_original_bytes)
        )?;
        writeln!(out, "per wire item {} bytes", r.bytes_per_wire_item)
    })
}

pub fn compact(desk: &Desk, output: OutputArgs, out: &mut dyn Write) -> Result<(), Failure> {
    print::one(out, output.json, &desk.compact()?, |out, c| {
        writeln!(
            out,
            "{} -> {} ({} given back)",
            megabytes(c.before_bytes),
            megabytes(c.after_bytes),
            megabytes(c.before_bytes.saturating_sub(c.after_bytes))
        )
    })
}
