//! The workflow moves of `copydesk article …` that need more than one line.
use crate::args::MoveArgs;
use crate::failure::Failure;
use crate::print;
use copydesk_core::{Action, Article, ArticleId, Desk, Disambiguation};
use std::io::Write;

/// A move with a note, as the app's workflow bar makes it (correct and kill publish too).
pub fn act(desk: &Desk, m: MoveArgs, action: Action, out: &mut dyn Write) -> Result<(), Failure> {
    let article = match action {
        Action::Correct => desk.correct(m.id, &m.note)?,
        Action::Kill => desk.kill(m.id, &m.note)?,
        other => desk.act(m.id, other, &m.note)?,
    };
    print::one(out, m.output.json, &article, print::moved)
}

/// `--earlier` / `--later`, for a wall time that happens twice.
pub fn disambiguation(earlier: bool, later: bool) -> Option<Disambiguation> {
    match (earlier, later) {
        (true, _) => Some(Disambiguation::Earlier),
        (_, true) => Some(Disambiguation::Later),
        _ => None,
    }
}

/// Sets the embargo from `--until` and `--tz`, or lifts it with `--clear`.
pub fn embargo(
    desk: &Desk,
    id: ArticleId,
    until: Option<String>,
    tz: Option<String>,
    clear: bool,
) -> Result<Article, Failure> {
    match (clear, until, tz) {
        (true, _, _) => Ok(desk.set_embargo(id, None)?),
        (false, Some(until), Some(tz)) => Ok(desk.set_embargo(id, Some((&until, &tz, None)))?),
        _ => Err(Failure::invalid("give --until and --tz, or --clear")),
    }
}
