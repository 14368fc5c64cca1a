//! Lenient reading of the many ways wire formats write a moment in time.
//!
//! Every reader returns `None` for what it cannot read; callers decide whether that deserves a
//! warning. Times without a zone are read as UTC and say so through [`Stamp::zoned`].

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use jiff::Timestamp;

/// A parsed time and whether the source gave its zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stamp {
    pub at: Timestamp,
    pub zoned: bool,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Month names in the languages of our agencies (English, German, French, Spanish, Dutch,
/// Norwegian, Italian), matched on their first three letters or more.
fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let extra: [(&str, i8); 14] = [
        ("okt", 10),
        ("dez", 12),
        ("mär", 3),
        ("mae", 3),
        ("mai", 5),
        ("juil", 7),
        ("janv", 1),
        ("févr", 2),
        ("avr", 4),
        ("ene", 1),
        ("abr", 4),
        ("ago", 8),
        ("dic", 12),
        ("mei", 5),
    ];
    for (name, n) in extra {
        if w.starts_with(name) {
            return Some(n);
        }
    }
    let prefix: String = w.chars().take(3).collect();
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|p| p as i8 + 1)
}

#[allow(clippy::too_many_arguments)] // the parts of a civil time, in order
fn make(
    y: i64,
    mo: i64,
    d: i64,
    h: i64,
    mi: i64,
    s: i64,
    nanos: i64,
    offset_secs: Option<i32>,
) -> Option<Stamp> {
    let date = Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(mo).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()?;
    let time = Time::new(
        i8::try_from(h).ok()?,
        i8::try_from(mi).ok()?,
        i8::try_from(s.min(59)).ok()?,
        i32::try_from(nanos).ok()?,
    )
    .ok()?;
    let dt = DateTime::from_parts(date, time);
    let offset = Offset::from_seconds(offset_secs.unwrap_or(0)).ok()?;
    let at = offset.to_timestamp(dt).ok()?;
    Some(Stamp {
        at,
        zoned: offset_secs.is_some(),
    })
}

/// ISO 8601 in its basic ("20131020T192751+1100") and extended ("2018-10-21T16:25:32-05:00",
/// "2016-04-13 04:52:21+00:00", "2022-06-26T23:54:25+0000") forms, and plain dates.
pub fn iso8601(raw: &str) -> Option<Stamp> {
    let s = raw.trim();
    let b = s.as_bytes();
    let mut i = 0;
    let num = |i: &mut usize, n: usize| -> Option<i64> {
        let part = b.get(*i..*i + n)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        *i += n;
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let y = num(&mut i, 4)?;
    let ext = b.get(i) == Some(&b'-');
    if ext {
        i += 1;
    }
    let mo = num(&mut i, 2)?;
    if ext {
        if b.get(i) != Some(&b'-') {
            return None;
        }
        i += 1;
    }
    let d = num(&mut i, 2)?;
    if i == b.len() {
        return make(y, mo, d, 0, 0, 0, 0, None);
    }
    if !matches!(b.get(i), Some(b'T' | b't' | b' ')) {
        return None;
    }
    i += 1;
    let h = num(&mut i, 2)?;
    let colon = b.get(i) == Some(&b':');
    if colon {
        i += 1;
    }
    let mi = num(&mut i, 2)?;
    let mut sec = 0;
    if b.get(i) == Some(&b':') || (!colon && b.get(i).is_some_and(u8::is_ascii_digit)) {
        if b.get(i) == Some(&b':') {
            i += 1;
        }
        sec = num(&mut i, 2)?;
    }
    let mut nanos = 0i64;
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let frac = std::str::from_utf8(&b[start..i]).ok()?;
        let digits: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = digits.parse().ok()?;
    }
    let rest = s[i..].trim();
    let offset = parse_offset(rest)?;
    make(y, mo, d, h, mi, sec, nanos, offset)
}

/// "", "Z", "+11:00", "+1100", "-05", "GMT", "UTC". Outer None = unreadable; inner None = no zone.
fn parse_offset(rest: &str) -> Option<Option<i32>> {
    let r = rest.trim();
    if r.is_empty() {
        return Some(None);
    }
    if matches!(r, "Z" | "z" | "GMT" | "UTC" | "UT") {
        return Some(Some(0));
    }
    let (sign, digits) = match r.as_bytes().first()? {
        b'+' => (1, &r[1..]),
        b'-' => (-1, &r[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 18 || m > 59 {
        return None;
    }
    Some(Some(sign * (h * 3600 + m * 60)))
}

/// RFC 2822 / RFC 822 ("Thu, 19 Feb 2015 17:18:40 +1100", "Mon, 29 Jul 2013 16:03:54 +0000").
pub fn rfc2822(raw: &str) -> Option<Stamp> {
    let s = raw.split('(').next()?.trim();
    let s = match s.split_once(',') {
        Some((_, rest)) => rest.trim(),
        None => s,
    };
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.len() < 4 {
        return None;
    }
    let d: i64 = parts[0].parse().ok()?;
    let mo = month_number(parts[1])? as i64;
    let mut y: i64 = parts[2].parse().ok()?;
    if y < 100 {
        y += if y < 50 { 2000 } else { 1900 };
    }
    let hms: Vec<&str> = parts[3].split(':').collect();
    let h: i64 = hms.first()?.parse().ok()?;
    let mi: i64 = hms.get(1)?.parse().ok()?;
    let sec: i64 = hms.get(2).and_then(|x| x.parse().ok()).unwrap_or(0);
    let offset = match parts.get(4) {
        Some(z) => match parse_offset(z) {
            Some(o) => o,
            None => named_zone(z),
        },
        None => None,
    };
    make(y, mo, d, h, mi, sec, 0, offset)
}

fn named_zone(z: &str) -> Option<i32> {
    let h = match z.to_ascii_uppercase().as_str() {
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        "BST" => 1,
        "CET" => 1,
        "CEST" => 2,
        "AEST" => 10,
        "AEDT" => 11,
        _ => return None,
    };
    Some(h * 3600)
}

/// Dates written out in words: "Thursday, February 22, 2024", "January 11, 2024 at 07:58PM",
/// "06 June 2016 14:00:00", "Tue 13 October 2015", "Nov. 6, 2018 9:05 a.m.".
pub fn prose(raw: &str) -> Option<Stamp> {
    let cleaned: String = raw
        .chars()
        .map(|c| if c == ',' { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let mut month = None;
    let mut day = None;
    let mut year = None;
    let mut time: Option<(i64, i64, i64)> = None;
    let mut k = 0;
    while k < words.len() {
        let w = words[k];
        let lower = w.to_ascii_lowercase();
        if lower == "at" || is_weekday(&lower) {
            k += 1;
            continue;
        }
        if month.is_none() {
            if let Some(m) =
                month_number(w).filter(|_| w.chars().all(|c| c.is_alphabetic() || c == '.'))
            {
                month = Some(m as i64);
                k += 1;
                continue;
            }
        }
        if w.contains(':') {
            let mut t = lower.clone();
            let mut pm = None;
            for (suffix, is_pm) in [("pm", true), ("p.m.", true), ("am", false), ("a.m.", false)] {
                if t.ends_with(suffix) {
                    t.truncate(t.len() - suffix.len());
                    pm = Some(is_pm);
                }
            }
            if pm.is_none() {
                if let Some(next) = words.get(k + 1).map(|n| n.to_ascii_lowercase()) {
                    if matches!(next.as_str(), "pm" | "p.m." | "am" | "a.m.") {
                        pm = Some(next.starts_with('p'));
                        k += 1;
                    }
                }
            }
            let parts: Vec<i64> = t.split(':').filter_map(|p| p.parse().ok()).collect();
            if parts.len() >= 2 {
                let mut h = parts[0];
                if let Some(is_pm) = pm {
                    if h == 12 {
                        h = 0;
                    }
                    if is_pm {
                        h += 12;
                    }
                }
                time = Some((h, parts[1], parts.get(2).copied().unwrap_or(0)));
            }
            k += 1;
            continue;
        }
        let digits: String = w.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() {
            let n: i64 = digits.parse().ok()?;
            if digits.len() == 4 && year.is_none() {
                year = Some(n);
            } else if digits.len() <= 2 && day.is_none() && (1..=31).contains(&n) {
                day = Some(n);
            } else {
                return None;
            }
            k += 1;
            continue;
        }
        return None;
    }
    let (h, mi, s) = time.unwrap_or((0, 0, 0));
    make(year?, month?, day?, h, mi, s, 0, None)
}

fn is_weekday(w: &str) -> bool {
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let w = w.trim_end_matches('.');
    w.len() >= 3 && days.iter().any(|d| w.starts_with(d)) && w.chars().all(|c| c.is_alphabetic())
}

/// "28.09.2018 11:15" (day first, as NTB writes it).
pub fn day_first(raw: &str) -> Option<Stamp> {
    let mut parts = raw.split_whitespace();
    let date = parts.next()?;
    let d: Vec<i64> = date
        .split(['.', '/'])
        .filter_map(|p| p.parse().ok())
        .collect();
    if d.len() != 3 {
        return None;
    }
    let (h, mi) = match parts.next() {
        Some(t) => {
            let t: Vec<i64> = t.split(':').filter_map(|p| p.parse().ok()).collect();
            (*t.first()?, *t.get(1)?)
        }
        None => (0, 0),
    };
    make(d[2], d[1], d[0], h, mi, 0, 0, None)
}

/// Tries every reader in turn.
pub fn any(raw: &str) -> Option<Stamp> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    iso8601(t)
        .or_else(|| rfc2822(t))
        .or_else(|| day_first(t))
        .or_else(|| prose(t))
}

/// Reads a time and records a warning when it is present but unreadable or has no zone.
pub fn read_field(raw: Option<&str>, what: &str, warnings: &mut Vec<String>) -> Option<Timestamp> {
    let raw = raw?.trim();
    if raw.is_empty() {
        return None;
    }
    match any(raw) {
        Some(stamp) => {
            if !stamp.zoned && raw.len() > 10 {
                warnings.push(format!("{what} '{raw}' has no time zone; read as UTC"));
            }
            let year = stamp.at.to_zoned_datetime(jiff::tz::TimeZone::UTC).year();
            if !(1980..=2100).contains(&year) {
                warnings.push(format!("{what} '{raw}' is an implausible date"));
            }
            Some(stamp.at)
        }
        None => {
            warnings.push(format!("{what} '{raw}' is not a readable date; ignored"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> String {
        any(s).map(|t| t.at.to_string()).unwrap_or_default()
    }

    #[test]
    fn reads_the_forms_in_our_samples() {
        assert_eq!(utc("20131020T192751+1100"), "2013-10-20T08:27:51Z");
        assert_eq!(utc("20151210T191044Z"), "2015-12-10T19:10:44Z");
        assert_eq!(utc("2018-10-21T16:25:32-05:00"), "2018-10-21T21:25:32Z");
        assert_eq!(utc("2022-06-26T23:54:25+0000"), "2022-06-26T23:54:25Z");
        assert_eq!(utc("2016-01-04T16:34:45.000Z"), "2016-01-04T16:34:45Z");
        assert_eq!(utc("2016-04-13 04:52:21+00:00"), "2016-04-13T04:52:21Z");
        assert_eq!(
            utc("Thu, 19 Feb 2015 17:18:40 +1100"),
            "2015-02-19T06:18:40Z"
        );
        assert_eq!(utc("January 11, 2024 at 07:58PM"), "2024-01-11T19:58:00Z");
        assert_eq!(utc("Thursday, February 22, 2024"), "2024-02-22T00:00:00Z");
        assert_eq!(utc("06 June 2016 14:00:00"), "2016-06-06T14:00:00Z");
        assert_eq!(utc("28.09.2018 11:15"), "2018-09-28T11:15:00Z");
        assert_eq!(utc("20240710"), "2024-07-10T00:00:00Z");
    }

    #[test]
    fn rejects_placeholders() {
        assert!(any("YYYYMMDD000000-HHMM").is_none());
        assert!(any("17.8 C").is_none());
        assert!(any("").is_none());
    }
}
