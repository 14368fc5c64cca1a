//! What the commands print: one JSON document (the core type, serialised), or lines for people.
//! Everything goes through the `Write` the caller gives (a locked stdout), so a reader that
//! closes the pipe ends the command quietly (`Failure::ClosedPipe`) instead of a panic.
use crate::failure::Failure;
use copydesk_core::search::{HIT_END, HIT_START};
use copydesk_core::workflow::{CheckItem, CheckLevel, Delivery};
use copydesk_core::{
    Article, ArticleSummary, Comment, CommentThread, DiffChunk, DiffOp, HitKind, Imported, Profile,
    Publication, QuarantinedFile, Revision, RevisionKind, SearchHit, TagUse, Transition, WireItem,
    WireItemSummary, WireStory,
};
use serde::Serialize;
use std::io::{self, Write};

/// `value` as one line of JSON.
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<(), Failure> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// `value` as JSON with `--json`, else as `text` writes it.
pub fn one<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    as_json: bool,
    value: &T,
    text: impl FnOnce(&mut dyn Write, &T) -> io::Result<()>,
) -> Result<(), Failure> {
    if as_json {
        return json(out, value);
    }
    text(out, value)?;
    Ok(())
}

/// A list as one JSON array with `--json`, else each item as `text` writes it.
pub fn list<T: Serialize>(
    out: &mut dyn Write,
    as_json: bool,
    items: &[T],
    text: impl Fn(&mut dyn Write, &T) -> io::Result<()>,
) -> Result<(), Failure> {
    one(out, as_json, items, |out, items| {
        items.iter().try_for_each(|item| text(out, item))
    })
}

/// ": text", or nothing for no text (a note, a detail, an error at the end of a line).
fn colon(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(": {text}")
    }
}

pub fn article(out: &mut dyn Write, a: &Article) -> io::Result<()> {
    writeln!(out, "# {}\n", a.headline)?;
    writeln!(
        out,
        "id {} · version {} · {} words · by {} · updated {}",
        a.id, a.version, a.word_count, a.author, a.updated_at
    )?;
    if !a.tags.is_empty() {
        writeln!(out, "tags: {}", a.tags.join(", "))?;
    }
    writeln!(out, "\n{}", a.body)
}

pub fn summary(out: &mut dyn Write, a: &ArticleSummary) -> io::Result<()> {
    let tags = if a.tags.is_empty() {
        String::new()
    } else {
        format!("  [{}]", a.tags.join(", "))
    };
    writeln!(
        out,
        "{:>5}  {:<9}  {}  {} ({} words){}",
        a.id,
        a.status.as_str(),
        a.updated_at.strftime("%Y-%m-%d %H:%M"),
        a.headline,
        a.word_count,
        tags
    )
}

/// After a workflow move: id, new status, headline.
pub fn moved(out: &mut dyn Write, a: &Article) -> io::Result<()> {
    writeln!(out, "{}  {}  {}", a.id, a.status.as_str(), a.headline)
}

/// After a save or a restore: id, new version, headline.
pub fn saved(out: &mut dyn Write, a: &Article) -> io::Result<()> {
    writeln!(out, "{}  version {}  {}", a.id, a.version, a.headline)
}

pub fn revision(out: &mut dyn Write, r: &Revision) -> io::Result<()> {
    let kind = match r.kind {
        RevisionKind::Created => "created",
        RevisionKind::Save => "save",
        RevisionKind::Autosave => "autosave",
        RevisionKind::Restore => "restore",
        RevisionKind::Conflict => "conflict",
        RevisionKind::Unleased => "unleased",
        RevisionKind::TakeOver => "take_over",
    };
    writeln!(
        out,
        "{:>5}  v{:<4} {:<9} {}  {}  {}",
        r.id,
        r.version,
        kind,
        r.updated_at.strftime("%Y-%m-%d %H:%M"),
        r.author,
        r.headline
    )
}

/// A word diff as text: deletions `[-like this-]`, insertions `{+like this+}` (git's
/// `--word-diff` markers).
pub fn diff(out: &mut dyn Write, chunks: &[DiffChunk]) -> io::Result<()> {
    let mut text = String::new();
    for c in chunks {
        match c.op {
            DiffOp::Equal => text.push_str(&c.text),
            DiffOp::Delete => text.push_str(&format!("[-{}-]", c.text)),
            DiffOp::Insert => text.push_str(&format!("{{+{}+}}", c.text)),
        }
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    out.write_all(text.as_bytes())
}

pub fn search_hit(out: &mut dyn Write, h: &SearchHit) -> io::Result<()> {
    let kind = match h.kind {
        HitKind::Article => "article",
        HitKind::Wire => "wire",
    };
    let snippet = h
        .snippet
        .replace(HIT_START, "[")
        .replace(HIT_END, "]")
        .replace(['\n', '\r'], " ");
    let snippet = snippet.trim();
    writeln!(
        out,
        "{:<7} {:>5}  {}  — {}",
        kind, h.id, h.headline, snippet
    )
}

pub fn tag_use(out: &mut dyn Write, t: &TagUse) -> io::Result<()> {
    writeln!(out, "{:>5}  {}", t.articles, t.name)
}

pub fn transition(out: &mut dyn Write, t: &Transition) -> io::Result<()> {
    writeln!(
        out,
        "{}  {:<10} {} → {}  by {} ({}){}",
        t.at,
        t.action,
        t.from_status.as_str(),
        t.to_status.as_str(),
        t.actor,
        t.role,
        colon(&t.note)
    )
}

pub fn publication(out: &mut dyn Write, p: &Publication) -> io::Result<()> {
    writeln!(
        out,
        "{:>3}  {:<10} {}  outbox {}{}",
        p.number,
        p.kind.as_str(),
        p.at,
        p.outbox.as_str(),
        colon(&p.detail)
    )
}

pub fn check_item(out: &mut dyn Write, c: &CheckItem) -> io::Result<()> {
    let level = match c.level {
        CheckLevel::Ok => "ok",
        CheckLevel::Warn => "warn",
        CheckLevel::Block => "block",
    };
    writeln!(out, "{level:<5} {}", c.text)
}

pub fn delivery(out: &mut dyn Write, d: &Delivery) -> io::Result<()> {
    writeln!(
        out,
        "{}  {:<9} {} attempt(s){}  {}{}",
        d.id,
        d.state.as_str(),
        d.attempts,
        d.last_status
            .map(|s| format!(", HTTP {s}"))
            .unwrap_or_default(),
        d.url,
        colon(&d.last_error)
    )
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

pub fn comment(out: &mut dyn Write, c: &Comment) -> io::Result<()> {
    writeln!(out, "{}", comment_line(c))
}

pub fn thread(out: &mut dyn Write, t: &CommentThread) -> io::Result<()> {
    let state = match (&t.resolved_at, &t.resolved_by) {
        (Some(at), Some(by)) => format!("  [resolved by {by} {}]", at.strftime("%Y-%m-%d %H:%M")),
        (Some(_), None) => "  [resolved]".to_string(),
        _ => String::new(),
    };
    writeln!(out, "{}{state}", comment_line(&t.root))?;
    for r in &t.replies {
        let to = match r.reply_to {
            Some(to) if to != t.id => format!(" (to #{to})"),
            _ => String::new(),
        };
        writeln!(out, "    ↳ {}{to}", comment_line(r))?;
    }
    Ok(())
}

/// After resolving or reopening: a one-line confirmation.
pub fn thread_state(out: &mut dyn Write, t: &CommentThread) -> io::Result<()> {
    match &t.resolved_by {
        Some(by) => writeln!(out, "thread #{} resolved by {by}", t.id),
        None => writeln!(out, "thread #{} open", t.id),
    }
}

pub fn profile(out: &mut dyn Write, p: &Profile) -> io::Result<()> {
    writeln!(out, "{:<24} {}", p.name, p.role.as_str())
}

pub fn calendar_entry(out: &mut dyn Write, a: &ArticleSummary) -> io::Result<()> {
    let when = a.scheduled_at.map(|t| t.to_string()).unwrap_or_default();
    writeln!(out, "{when:<22} {:<10} {}", a.status.as_str(), a.headline)
}

/// What became of one imported file (or one of its items).
pub fn imported(out: &mut dyn Write, line: &Imported) -> io::Result<()> {
    writeln!(out, "{}", import_line(line))
}

pub fn import_line(line: &Imported) -> String {
    let outcome = line.outcome.as_str();
    let what = match (&line.item, &line.reason) {
        (Some(item), _) => format!("#{} {}", item.id, item.copy.headline),
        (None, Some(reason)) => reason.clone(),
        (None, None) => String::new(),
    };
    format!(
        "{outcome:<11} {}  {}",
        terminal_safe(&line.file),
        terminal_safe(&what)
    )
}

/// One house-style flag: where, what, why and the fix.
pub fn style_flag(out: &mut dyn Write, f: &copydesk_core::StyleFlag) -> io::Result<()> {
    let fix = f
        .suggestions
        .first()
        .map(|s| format!(" → {}", terminal_safe(s)))
        .unwrap_or_default();
    writeln!(
        out,
        "{}:{}:{}  {}{fix}  {}",
        f.field,
        f.line,
        f.column,
        terminal_safe(&f.text),
        terminal_safe(&f.message)
    )
}

pub fn provenance(out: &mut dyn Write, p: &copydesk_core::Provenance) -> io::Result<()> {
    writeln!(out, "{}% wire copy ({} words)", p.wire_percent, p.words)?;
    for s in &p.sources {
        let state = if s.killed {
            "  KILLED".to_string()
        } else if let Some(v) = s.newer_version {
            format!("  v{v} since")
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:>3}%  {}  wire item {} v{}  {}{state}",
            s.percent,
            terminal_safe(&s.provider),
            s.wire_item_id,
            s.version,
            terminal_safe(&s.headline)
        )?;
    }
    for a in p.agencies.iter().filter(|a| !a.credited) {
        writeln!(out, "not credited: {}", terminal_safe(&a.provider))?;
    }
    if let Some(credit) = &p.credit {
        writeln!(out, "credit: {}", terminal_safe(credit))?;
    }
    Ok(())
}

/// Text from outside (file names, headlines) as one honest line: control characters (a
/// newline in a name would forge a line of its own, an escape sequence would drive the
/// terminal) and bidi overrides (which reorder what is shown) are written escaped.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

pub fn wire_summary(out: &mut dyn Write, i: &WireItemSummary) -> io::Result<()> {
    writeln!(
        out,
        "{:>5}  u{}  v{:<3} {:<10} {}{}",
        i.id,
        i.urgency
            .map(|u| u.to_string())
            .unwrap_or_else(|| "-".into()),
        i.version,
        i.provider.as_deref().unwrap_or("-"),
        i.headline,
        if i.killed { "  [KILLED]" } else { "" }
    )
}

pub fn wire_item(out: &mut dyn Write, item: &WireItem) -> io::Result<()> {
    writeln!(out, "# {}\n", item.copy.headline)?;
    writeln!(
        out,
        "{} · {} · version {} · {}",
        item.copy.provider.as_deref().unwrap_or("unknown source"),
        item.copy.format.as_str(),
        item.version(),
        item.copy.pub_status.as_str()
    )?;
    writeln!(out, "\n{}", item.copy.body)
}

pub fn wire_story(out: &mut dyn Write, story: &WireStory) -> io::Result<()> {
    for v in &story.versions {
        writeln!(
            out,
            "v{:<4} {}  {}",
            v.version(),
            v.received_at,
            v.copy.headline
        )?;
    }
    Ok(())
}

pub fn quarantined(out: &mut dyn Write, f: &QuarantinedFile) -> io::Result<()> {
    writeln!(
        out,
        "{:>5}  {}  {}: {}",
        f.id, f.name, f.reason_code, f.reason
    )
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn names_cannot_forge_lines_drive_the_terminal_or_reorder_text() {
        assert_eq!(
            terminal_safe("name\nwith\nnewlines.txt"),
            "name\\nwith\\nnewlines.txt"
        );
        assert_eq!(terminal_safe("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(terminal_safe("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(terminal_safe("Zürich 名前"), "Zürich 名前");
    }
}
