//! Publish times and embargoes are picked as a wall time in a zone, and stored as the UTC
//! instant plus what was picked. A wall time that does not exist (the spring-forward gap) or
//! happens twice (the autumn fold) is refused with the choices, never guessed.
use crate::error::{Error, Result};
use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Which of two readings of an ambiguous wall time the editor chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Disambiguation {
    /// The first occurrence (in a fold: before the clocks go back).
    Earlier,
    /// The second occurrence (in a fold: after the clocks go back).
    Later,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Schedule {
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub at: Timestamp,
    /// IANA zone, e.g. "Europe/Berlin".
    pub zone: String,
    /// The wall time as picked, "YYYY-MM-DDTHH:MM".
    pub wall: String,
}

impl Schedule {
    pub(crate) fn from_columns(
        at: Option<i64>,
        zone: Option<String>,
        wall: Option<String>,
    ) -> Option<Schedule> {
        Some(Schedule {
            at: Timestamp::from_millisecond(at?).ok()?,
            zone: zone.unwrap_or_else(|| "UTC".into()),
            wall: wall.unwrap_or_default(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Embargo {
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub until: Timestamp,
    pub zone: String,
}

impl Embargo {
    pub(crate) fn from_columns(until: Option<i64>, zone: Option<String>) -> Option<Embargo> {
        Some(Embargo {
            until: Timestamp::from_millisecond(until?).ok()?,
            zone: zone.unwrap_or_else(|| "UTC".into()),
        })
    }

    pub fn is_active(&self, now: Timestamp) -> bool {
        now < self.until
    }
}

fn parse_wall(wall: &str) -> Result<DateTime> {
    let text = wall.trim().replace(' ', "T");
    text.parse::<DateTime>().map_err(|_| {
        Error::Invalid(format!(
            "\"{wall}\" is not a date and time; write it as YYYY-MM-DD HH:MM"
        ))
    })
}

fn zone(name: &str) -> Result<TimeZone> {
    TimeZone::get(name).map_err(|_| {
        Error::Invalid(format!(
            "\"{name}\" is not a time zone; use an IANA name such as Europe/Berlin"
        ))
    })
}

/// The instant a wall time in a zone means, refusing gaps and (without a choice) folds.
pub fn wall_time_to_instant(
    wall: &str,
    zone_name: &str,
    choice: Option<Disambiguation>,
) -> Result<(Timestamp, String)> {
    let dt = parse_wall(wall)?;
    let tz = zone(zone_name)?;
    // Minutes as editors pick them; seconds only when given, so the wall time read back (the
    // newsroom sends it to the server) means the same instant, not up to a minute earlier.
    let shown = if dt.second() == 0 && dt.subsec_nanosecond() == 0 {
        dt.strftime("%Y-%m-%dT%H:%M").to_string()
    } else {
        dt.strftime("%Y-%m-%dT%H:%M:%S%.f").to_string()
    };
    let ambiguous = tz.to_ambiguous_timestamp(dt);
    let pick = |e: jiff::Error| Error::Invalid(format!("cannot place {shown}: {e}"));
    let instant = match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { .. } => ambiguous.compatible().map_err(pick)?,
        AmbiguousOffset::Gap { before, after } => {
            return Err(Error::NonexistentLocalTime {
                wall: shown,
                zone: zone_name.to_string(),
                detail: format!(
                    "the clocks jump from UTC{before} to UTC{after}: pick a time before or after the change"
                ),
            })
        }
        AmbiguousOffset::Fold { before, after } => match choice {
            Some(Disambiguation::Earlier) => ambiguous.earlier().map_err(pick)?,
            Some(Disambiguation::Later) => ambiguous.later().map_err(pick)?,
            None => {
                return Err(Error::AmbiguousLocalTime {
                    wall: shown,
                    zone: zone_name.to_string(),
                    detail: format!(
                        "it happens twice, first at UTC{before} (earlier) and again at UTC{after} (later): say which"
                    ),
                })
            }
        },
    };
    Ok((instant, shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn a_wall_time_with_seconds_reads_back_as_the_same_instant() {
        let (at, wall) =
            wall_time_to_instant("2026-07-01 09:30:15", "Europe/Berlin", None).expect("ok");
        assert_eq!(at, utc("2026-07-01T07:30:15Z"));
        assert_eq!(wall, "2026-07-01T09:30:15");
        let (again, _) = wall_time_to_instant(&wall, "Europe/Berlin", None).expect("again");
        assert_eq!(again, at);
    }

    #[test]
    fn ordinary_times_convert_in_their_zone() {
        let (at, wall) =
            wall_time_to_instant("2026-07-01 09:30", "Europe/Berlin", None).expect("ok");
        assert_eq!(at, utc("2026-07-01T07:30:00Z"));
        assert_eq!(wall, "2026-07-01T09:30");
        let (at, _) =
            wall_time_to_instant("2026-01-15 09:30", "America/New_York", None).expect("ok");
        assert_eq!(at, utc("2026-01-15T14:30:00Z"));
    }

    #[test]
    fn a_time_in_the_spring_gap_is_refused() {
        for (wall, zone) in [
            ("2026-03-29 02:30", "Europe/Berlin"),
            ("2026-03-08 02:30", "America/New_York"),
        ] {
            let err = wall_time_to_instant(wall, zone, Some(Disambiguation::Earlier)).unwrap_err();
            assert_eq!(
                err.code(),
                crate::ErrorCode::NonexistentLocalTime,
                "{wall} {zone}"
            );
        }
    }

    #[test]
    fn a_time_in_the_autumn_fold_needs_a_choice() {
        let err = wall_time_to_instant("2026-10-25 02:30", "Europe/Berlin", None).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::AmbiguousLocalTime);
        let (early, _) = wall_time_to_instant(
            "2026-10-25 02:30",
            "Europe/Berlin",
            Some(Disambiguation::Earlier),
        )
        .expect("earlier");
        let (late, _) = wall_time_to_instant(
            "2026-10-25 02:30",
            "Europe/Berlin",
            Some(Disambiguation::Later),
        )
        .expect("later");
        assert_eq!(early, utc("2026-10-25T00:30:00Z"));
        assert_eq!(late, utc("2026-10-25T01:30:00Z"));
        let err = wall_time_to_instant("2026-11-01 01:30", "America/New_York", None).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::AmbiguousLocalTime);
    }

    #[test]
    fn nonsense_is_a_clear_error() {
        assert!(wall_time_to_instant("tomorrow", "Europe/Berlin", None).is_err());
        assert!(wall_time_to_instant("2026-07-01 09:30", "Mars/Olympus", None).is_err());
    }
}
