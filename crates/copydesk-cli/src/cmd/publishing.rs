//! The desk's publishing as a whole: `calendar`, `publish-due` (one scheduler run) and its
//! settings, `missed-policy` and `webhook`.
use super::parse_instant;
use crate::args::{OutputArgs, PolicyArg};
use crate::failure::Failure;
use crate::print;
use copydesk_core::{Desk, MissedPolicy};
use jiff::SignedDuration;
use std::io::Write;

pub fn calendar(
    desk: &Desk,
    from: Option<String>,
    to: Option<String>,
    output: OutputArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let from = match from {
        Some(s) => parse_instant(&s)?,
        None => desk.now() - SignedDuration::from_hours(7 * 24),
    };
    let to = match to {
        Some(s) => parse_instant(&s)?,
        None => from + SignedDuration::from_hours(35 * 24),
    };
    print::list(
        out,
        output.json,
        &desk.calendar(from, to)?,
        print::calendar_entry,
    )
}

pub fn publish_due(
    desk: &Desk,
    hold_missed: bool,
    output: OutputArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let policy = if hold_missed {
        MissedPolicy::Ask
    } else {
        desk.missed_policy()?
    };
    let report = desk.publish_due(policy)?;
    print::one(out, output.json, &report, |out, report| {
        writeln!(
            out,
            "published {}, published late {}, held {}, still embargoed {}",
            report.published.len(),
            report.published_late.len(),
            report.held.len(),
            report.embargoed.len()
        )
    })
}

pub fn missed_policy(
    desk: &Desk,
    policy: Option<PolicyArg>,
    output: OutputArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if let Some(policy) = policy {
        desk.set_missed_policy(policy.into())?;
    }
    print::one(out, output.json, &desk.missed_policy()?, |out, policy| {
        writeln!(out, "{}", policy.as_str().replace('_', "-"))
    })
}

pub fn webhook(
    desk: &Desk,
    url: Option<String>,
    clear: bool,
    output: OutputArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    if clear || url.is_some() {
        desk.set_webhook(url.as_deref())?;
    }
    print::one(out, output.json, &desk.webhook()?, |out, url| {
        writeln!(out, "{}", url.as_deref().unwrap_or("(none)"))
    })
}
