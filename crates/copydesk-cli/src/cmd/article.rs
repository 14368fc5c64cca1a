//! `copydesk article …`: an article's text (new, edit, search, revisions, tags), its workflow
//! moves (the rules for those in `workflow`) and its comments.
use super::{parse_instant, read_text, workflow};
use crate::args::{ArticleCommand, EditArgs, ListArgs, NewArgs};
use crate::failure::Failure;
use crate::print;
use copydesk_core::{
    Action, ArticleDraft, ArticleEdit, ArticleFilter, ArticleId, ArticleKey, Desk, ErrorCode,
    Revision, Seek,
};
use std::io::Write;

pub fn run(desk: &Desk, cmd: ArticleCommand, out: &mut dyn Write) -> Result<(), Failure> {
    use ArticleCommand as C;
    match cmd {
        C::New(args) => new(desk, args, out),
        C::Edit(args) => edit(desk, args, out),
        C::List(ListArgs {
            limit: None,
            after: None,
            output,
        }) => print::list(out, output.json, &desk.articles()?, print::summary),
        C::List(ListArgs {
            limit,
            after,
            output,
        }) => {
            let seek = match after {
                Some(id) => Seek::After(ArticleKey::from(&desk.article(id)?)),
                None => Seek::First,
            };
            let page = desk.article_page(&ArticleFilter::default(), &seek, limit.unwrap_or(100))?;
            print::list(out, output.json, &page.items, print::summary)
        }
        C::Check { id, output } => print::list(
            out,
            output.json,
            &desk.check_article(id)?,
            print::style_flag,
        ),
        C::Provenance { id, output } => print::one(
            out,
            output.json,
            &desk.article_provenance(id, None)?,
            print::provenance,
        ),
        C::Show { id, output } => print::one(out, output.json, &desk.article(id)?, print::article),
        C::Search {
            query,
            limit,
            output,
        } => print::list(
            out,
            output.json,
            &desk.search(&query, limit)?,
            print::search_hit,
        ),
        C::History { id, output } => {
            print::list(out, output.json, &desk.revisions(id)?, print::revision)
        }
        C::Diff {
            id,
            from,
            to,
            output,
        } => {
            let before = revision_of(desk, id, from)?;
            let chunks = match to {
                Some(to) => {
                    revision_of(desk, id, to)?;
                    desk.diff_revisions(from, to)?
                }
                None => copydesk_core::revision::diff(&before.body, &desk.article(id)?.body),
            };
            print::one(out, output.json, &chunks, |out, c| print::diff(out, c))
        }
        C::Restore {
            id,
            revision,
            output,
        } => {
            revision_of(desk, id, revision)?;
            let restored = desk.restore_revision(revision)?;
            print::one(out, output.json, &restored, print::saved)
        }
        C::Tags {
            prefix,
            limit,
            output,
        } => print::list(
            out,
            output.json,
            &desk.tags(&prefix, limit)?,
            print::tag_use,
        ),
        C::Submit(m) => workflow::act(desk, m, Action::Submit, out),
        C::Return(m) => workflow::act(desk, m, Action::Return, out),
        C::Approve(m) => workflow::act(desk, m, Action::Approve, out),
        C::Unschedule(m) => workflow::act(desk, m, Action::Unschedule, out),
        C::Spike(m) => workflow::act(desk, m, Action::Spike, out),
        C::Unspike(m) => workflow::act(desk, m, Action::Unspike, out),
        C::Correct(m) => workflow::act(desk, m, Action::Correct, out),
        C::Kill(m) => workflow::act(desk, m, Action::Kill, out),
        C::Publish {
            id,
            override_reason,
            output,
        } => {
            let published = desk.publish(id, override_reason.as_deref())?;
            print::one(out, output.json, &published, print::moved)
        }
        C::Schedule {
            id,
            at,
            tz,
            earlier,
            later,
            override_reason,
            output,
        } => {
            let choice = workflow::disambiguation(earlier, later);
            let scheduled =
                desk.schedule_article(id, &at, &tz, choice, override_reason.as_deref())?;
            print::one(out, output.json, &scheduled, print::moved)
        }
        C::Embargo {
            id,
            until,
            tz,
            clear,
            output,
        } => {
            let article = workflow::embargo(desk, id, until, tz, clear)?;
            print::one(out, output.json, &article, print::moved)
        }
        C::Checklist { id, at, output } => {
            let at = at.as_deref().map(parse_instant).transpose()?;
            print::list(
                out,
                output.json,
                &desk.checklist(id, at)?,
                print::check_item,
            )
        }
        C::Log { id, output } => {
            print::list(out, output.json, &desk.transitions(id)?, print::transition)
        }
        C::Publications { id, output } => print::list(
            out,
            output.json,
            &desk.publications(id)?,
            print::publication,
        ),
        C::Deliveries { id, output } => {
            print::list(out, output.json, &desk.deliveries(id)?, print::delivery)
        }
        C::Redeliver { delivery, output } => print::one(
            out,
            output.json,
            &desk.retry_delivery(delivery)?,
            print::delivery,
        ),
        C::Comment {
            id,
            text,
            reply_to,
            output,
        } => {
            let comment = desk.add_comment(id, &text, reply_to)?;
            print::one(out, output.json, &comment, print::comment)
        }
        C::Comments { id, output } => {
            print::list(out, output.json, &desk.comments(id)?, print::thread)
        }
        C::EditComment { cid, text, output } => print::one(
            out,
            output.json,
            &desk.edit_comment(cid, &text)?,
            print::comment,
        ),
        C::DeleteComment { cid, output } => {
            let thread = desk.delete_comment(cid)?;
            print::one(out, output.json, &thread, |out, thread| match thread {
                Some(t) => print::thread(out, t),
                None => writeln!(out, "comment {cid} deleted; its thread is gone"),
            })
        }
        C::Resolve { cid, output } => print::one(
            out,
            output.json,
            &desk.resolve_thread(cid)?,
            print::thread_state,
        ),
        C::Reopen { cid, output } => print::one(
            out,
            output.json,
            &desk.reopen_thread(cid)?,
            print::thread_state,
        ),
    }
}

fn new(desk: &Desk, args: NewArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let body = match &args.body_file {
        None => String::new(),
        Some(path) => read_text(path)?,
    };
    let article = desk.create_article(ArticleDraft {
        headline: args.headline,
        body,
        slug: args.slug,
        tags: args.tags,
        ..Default::default()
    })?;
    print::one(out, args.output.json, &article, print::article)
}

/// One explicit save of the stored article with what was given changed.
fn edit(desk: &Desk, args: EditArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let unchanged = args.headline.is_none()
        && args.standfirst.is_none()
        && args.body_file.is_none()
        && args.tags.is_empty()
        && args.untags.is_empty()
        && args.slug.is_none()
        && args.byline.is_none()
        && args.dateline.is_none()
        && args.section.is_none()
        && args.urgency.is_none();
    if unchanged {
        return Err(Failure::invalid(
            "nothing to change: give --headline, --standfirst, --body-file, --tag, --untag, \
             --slug, --byline, --dateline, --section or --urgency",
        ));
    }
    // Read first: standard input may take a while, and the version is taken just before saving.
    let body = args.body_file.as_deref().map(read_text).transpose()?;
    let stored = desk.article(args.id)?;
    let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
    let mut tags = stored.tags;
    tags.retain(|t| !args.untags.iter().any(|u| same(t, u.trim())));
    for tag in args.tags {
        if !tags.iter().any(|t| same(t, tag.trim())) {
            tags.push(tag);
        }
    }
    let saved = desk.save_article(ArticleEdit {
        id: stored.id,
        base_version: args.base_version.unwrap_or(stored.version),
        headline: args.headline.unwrap_or(stored.headline),
        body: body.unwrap_or(stored.body),
        slug: args.slug.unwrap_or(stored.slug),
        standfirst: args.standfirst.unwrap_or(stored.standfirst),
        byline: args.byline.unwrap_or(stored.byline),
        dateline: args.dateline.unwrap_or(stored.dateline),
        section: args.section.unwrap_or(stored.section),
        tags,
        urgency: args.urgency.unwrap_or(stored.urgency),
        autosave: false,
    })?;
    print::one(out, args.output.json, &saved, print::saved)
}

/// Revision `rev`, if it is one of article `id`'s (a revision number from another article
/// is `not_found` here, as the app never mixes them).
fn revision_of(desk: &Desk, id: ArticleId, rev: i64) -> Result<Revision, Failure> {
    let revision = desk.revision(rev)?;
    if revision.article_id != id {
        return Err(Failure::new(
            ErrorCode::NotFound,
            format!("revision {rev} of article {id} does not exist"),
        ));
    }
    Ok(revision)
}
