//! Teletype formats: ANPA-1312, IPTC 7901 and AAP's ZCZC framing. They share the framing
//! characters (SOH…STX…ETX…EOT), hard-wrapped bodies, typewriter conventions and the
//! "City (agency) -" dateline.

pub mod anpa;
pub mod iptc7901;
pub mod zczc;

pub const SYN: char = '\u{16}';
pub const SOH: char = '\u{01}';
pub const STX: char = '\u{02}';
pub const ETX: char = '\u{03}';
pub const EOT: char = '\u{04}';

/// One message cut on its framing characters. Missing STX/ETX leave everything in `header`
/// or `text`, so that a damaged frame still yields its words.
#[derive(Debug, Default, Clone)]
pub struct Frame {
    /// From after SOH to STX.
    pub header: String,
    /// From STX to ETX.
    pub text: String,
    /// From ETX to EOT: the agency's post-text (service code and transmission time).
    pub trailer: String,
    pub had_stx: bool,
}

/// Splits a decoded file into messages at EOT, each cut at SOH / STX / ETX.
pub fn frames(text: &str, max: usize) -> Vec<Frame> {
    let text = crate::text::normalise_newlines(text);
    text.split(EOT)
        .filter(|m| m.chars().any(|c| !c.is_whitespace() && !c.is_control()))
        .take(max)
        .map(frame)
        .collect()
}

fn frame(message: &str) -> Frame {
    let start = message.find(SOH).map(|p| p + 1).unwrap_or(0);
    let m = &message[start..];
    let mut f = Frame::default();
    match m.find(STX) {
        Some(stx) => {
            f.had_stx = true;
            f.header = m[..stx].to_string();
            let rest = &m[stx + 1..];
            match rest.find(ETX) {
                Some(etx) => {
                    f.text = rest[..etx].to_string();
                    f.trailer = rest[etx + 1..].to_string();
                }
                None => f.text = rest.to_string(),
            }
        }
        None => match m.find(ETX) {
            Some(etx) => {
                f.header = m[..etx].to_string();
                f.trailer = m[etx + 1..].to_string();
            }
            None => f.header = m.to_string(),
        },
    }
    f
}

/// Removes every framing and layout control from text that will reach the desk. DLE (TTS
/// space band) and the column separators of tabular copy become spaces.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\u{10}' | '\u{1E}' | '\u{1F}' => Some(' '),
            '\t' | '\n' => Some(c),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// AP typewriter conventions: `` and '' for quotes, " _ " for a dash.
pub fn typewriter_to_typographic(s: &str) -> String {
    s.replace("``", "\u{201C}")
        .replace("''", "\u{201D}")
        .replace(" _ ", " \u{2014} ")
        .replace('`', "\u{2018}")
}

/// Joins notes to editors into one line, keeping each note's own full stop.
pub fn join_notes(prev: Option<String>, next: &str) -> String {
    match prev {
        Some(p) if p.ends_with(['.', '!', '?', ';']) => format!("{p} {next}"),
        Some(p) => format!("{p}. {next}"),
        None => next.to_string(),
    }
}

/// The dateline at the head of a lead paragraph: "BUENOS AIRES, Argentina (AP) _ For…" →
/// "BUENOS AIRES, Argentina"; "Berlin (dpa) - Negotiations…" → "Berlin";
/// "SAITAMA, Japan, Dec. 9 Kyodo - Urawa…" → "SAITAMA, Japan, Dec. 9".
pub fn dateline_of(lead: &str) -> Option<String> {
    let head: String = lead.chars().take(120).collect();
    if let Some(open) = head.find(" (") {
        let close = head[open..].find(')')? + open;
        let after = head[close + 1..].trim_start();
        if after.starts_with(['_', '-', '\u{2014}', '\u{2013}']) || after.is_empty() {
            let place = head[..open].trim();
            if !place.is_empty() && place.len() < 60 {
                return Some(place.to_string());
            }
        }
    }
    for agency in [" Kyodo -", " AAP -", " AAP \u{2013}"] {
        if let Some(p) = head.find(agency) {
            return Some(head[..p].trim().trim_end_matches(',').to_string());
        }
    }
    None
}

/// The agency named in a dateline's brackets: "(dpa)" → "dpa", "(ats afp)" → "ats".
pub fn agency_in_dateline(lead: &str) -> Option<String> {
    let head: String = lead.chars().take(120).collect();
    let open = head.find(" (")?;
    let close = head[open..].find(')')? + open;
    let inner = &head[open + 2..close];
    let first = inner.split(['/', ' ']).next()?.trim();
    (!first.is_empty() && first.len() <= 8 && first.chars().all(|c| c.is_alphabetic()))
        .then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        assert_eq!(
            dateline_of("BUENOS AIRES, Argentina (AP) _ For cancer").as_deref(),
            Some("BUENOS AIRES, Argentina")
        );
        assert_eq!(
            dateline_of("Berlin (dpa) - Negotiations between").as_deref(),
            Some("Berlin")
        );
        assert_eq!(
            dateline_of("SAITAMA, Japan, Dec. 9 Kyodo - Urawa Reds").as_deref(),
            Some("SAITAMA, Japan, Dec. 9")
        );
        assert_eq!(dateline_of("He said (quietly) that"), None);
        assert_eq!(
            agency_in_dateline("Paris (ats afp) Les violences").as_deref(),
            Some("ats")
        );
    }

    #[test]
    fn framing_without_etx() {
        let f = frames("\u{1}head\u{2}text only", 10);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].header, "head");
        assert_eq!(f[0].text, "text only");
    }
}
