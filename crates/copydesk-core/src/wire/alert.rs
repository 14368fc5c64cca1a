//! Which arriving wire copy deserves a desktop notification: flashes, bulletins and kills —
//! the items an editor must not miss while writing. Decided here, in the core, so the rule is
//! tested without a desktop; the shell only shows what this returns.
use super::WireItemSummary;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// At most this many notifications for one batch; the rest are summed up in one more. A big
/// drop of old copy must not bury the screen.
pub const ALERTS_PER_BATCH: usize = 3;

/// Copy sent longer ago than this is history arriving late (a backlog, a restart): no alert.
pub const ALERT_MAX_AGE: SignedDuration = SignedDuration::from_hours(6);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WireAlert {
    pub title: String,
    pub body: String,
    /// The story's latest item, to open it.
    pub item_id: Option<i64>,
}

fn label(item: &WireItemSummary) -> Option<&'static str> {
    if item.killed {
        return Some("KILL");
    }
    match item.urgency {
        Some(1) => Some("FLASH"),
        Some(2) => Some("BULLETIN"),
        _ => None,
    }
}

/// The notifications for one batch of arrivals, most urgent first.
pub fn alerts(arrived: &[WireItemSummary], now: Timestamp) -> Vec<WireAlert> {
    let mut urgent: Vec<(&WireItemSummary, &'static str)> = arrived
        .iter()
        .filter(|item| {
            let sent = item.sent_at.unwrap_or(item.received_at);
            now.duration_since(sent) <= ALERT_MAX_AGE
        })
        .filter_map(|item| label(item).map(|l| (item, l)))
        .collect();
    // Kills first (copy that must come down), then by urgency.
    urgent.sort_by_key(|(item, l)| (*l != "KILL", item.urgency.unwrap_or(9)));
    let mut out: Vec<WireAlert> = urgent
        .iter()
        .take(ALERTS_PER_BATCH)
        .map(|(item, l)| WireAlert {
            title: match &item.provider {
                Some(p) if !p.is_empty() => format!("{l} · {p}"),
                _ => l.to_string(),
            },
            body: item.headline.clone(),
            item_id: Some(item.id),
        })
        .collect();
    let more = urgent.len().saturating_sub(ALERTS_PER_BATCH);
    if more > 0 {
        out.push(WireAlert {
            title: "More urgent wire copy".into(),
            body: format!(
                "{more} more flash, bulletin or kill {} in the wire queue",
                if more == 1 { "item" } else { "items" }
            ),
            item_id: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{PubStatus, WireFormat};

    fn item(id: i64, urgency: Option<u8>, killed: bool, sent: &str) -> WireItemSummary {
        WireItemSummary {
            id,
            story_id: id,
            version: 1,
            versions: 1,
            headline: format!("Story {id}"),
            provider: Some("Reuters".into()),
            format: WireFormat::Nitf,
            slugline: None,
            urgency,
            pub_status: PubStatus::Usable,
            killed,
            embargo: None,
            sent_at: Some(sent.parse().expect("time")),
            received_at: "2026-11-29T12:00:00Z".parse().expect("time"),
        }
    }

    const NOW: &str = "2026-11-29T12:00:00Z";

    #[test]
    fn flashes_bulletins_and_kills_alert_routine_copy_does_not() {
        let now: Timestamp = NOW.parse().expect("time");
        let got = alerts(
            &[
                item(1, Some(4), false, NOW),
                item(2, Some(2), false, NOW),
                item(3, None, false, NOW),
                item(4, Some(1), false, NOW),
                item(5, Some(5), true, NOW),
            ],
            now,
        );
        let titles: Vec<&str> = got.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            titles,
            ["KILL · Reuters", "FLASH · Reuters", "BULLETIN · Reuters"]
        );
        assert_eq!(got[1].body, "Story 4");
        assert_eq!(got[1].item_id, Some(4));
    }

    #[test]
    fn old_copy_is_not_alerted_and_a_flood_is_summed_up() {
        let now: Timestamp = NOW.parse().expect("time");
        assert!(alerts(&[item(1, Some(1), false, "2026-11-29T05:00:00Z")], now).is_empty());
        let flood: Vec<_> = (0..10).map(|i| item(i, Some(1), false, NOW)).collect();
        let got = alerts(&flood, now);
        assert_eq!(got.len(), ALERTS_PER_BATCH + 1);
        assert_eq!(
            got.last().expect("summary").body,
            "7 more flash, bulletin or kill items in the wire queue"
        );
    }
}
