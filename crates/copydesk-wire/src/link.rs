//! Linking versions of a story: the agencies' edit markers and slug-based story keys.

/// Words that, alone on a version line or inside a slug, mark what kind of version this is.
const MARKER_WORDS: [&str; 14] = [
    "WRITETHRU",
    "WRITE-THRU",
    "LEAD",
    "LD",
    "NET",
    "EXTRA",
    "REFILE",
    "REPEAT",
    "CORRECTION",
    "CORRECTED",
    "CORRECTS",
    "KILL",
    "WITHDRAWAL",
    "UPDATE",
];

/// Whether a line is an agency version line ("1ST LEAD", "2ND LEAD", "3RD NET", "EXTRA",
/// "REFILE", "1stLd-Writethru", "UPDATE 2", "CORRECTION", "KILL").
pub fn is_version_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > 40 || t.split_whitespace().count() > 4 {
        return false;
    }
    let upper = t.to_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return false;
    }
    words.iter().all(|w| {
        MARKER_WORDS.contains(w)
            || is_ordinal(w)
            || w.chars().all(|c| c.is_ascii_digit())
            || MARKER_WORDS
                .iter()
                .any(|m| w.len() > m.len() && w.ends_with(m) && is_ordinal(&w[..w.len() - m.len()]))
    }) && words.iter().any(|w| !w.chars().all(|c| c.is_ascii_digit()))
}

fn is_ordinal(w: &str) -> bool {
    let digits: String = w.chars().take_while(|c| c.is_ascii_digit()).collect();
    !digits.is_empty() && matches!(&w[digits.len()..], "ST" | "ND" | "RD" | "TH")
}

/// An edit marker inside a slug, keyword or headline: "BC-US--Giant Lobster Death, 1st
/// Ld-Writethru" → "1st Ld-Writethru"; "USA-WEATHER/ (UPDATE 1, PIX, CORRECTED)" →
/// "UPDATE 1, CORRECTED"; "CORRECTED-S. Illinois…" → "CORRECTED".
pub fn marker_in(text: &str) -> Option<String> {
    let t = text.trim();
    // AP: the version follows the last comma of the keyword line.
    if let Some((_, tail)) = t.rsplit_once(',') {
        let tail = tail.trim().trim_end_matches(['<', '=']).trim();
        if is_version_line(tail) {
            return Some(tail.to_string());
        }
    }
    // Reuters: markers in brackets after the slug, or as a headline prefix.
    if let (Some(open), Some(close)) = (t.find('('), t.rfind(')')) {
        if open < close {
            let found: Vec<&str> = t[open + 1..close]
                .split(',')
                .map(str::trim)
                .filter(|p| is_version_line(p))
                .collect();
            if !found.is_empty() {
                return Some(found.join(", "));
            }
        }
    }
    for prefix in ["CORRECTED", "REFILE", "UPDATE", "RPT", "KILL", "WITHDRAWN"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let rest = rest.trim_start();
            let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            let after = rest[n.len()..].trim_start();
            if after.starts_with('-') {
                return Some(if n.is_empty() {
                    prefix.to_string()
                } else {
                    format!("{prefix} {n}")
                });
            }
        }
    }
    // A single token such as "1stLd-Writethru" at the end of an ANPA keyword.
    let last = t.split_whitespace().last()?;
    if t.split_whitespace().count() > 1 && is_version_line(last) {
        return Some(last.to_string());
    }
    None
}

/// Removes a trailing edit marker from a slug.
pub fn strip_marker(slug: &str) -> String {
    let t = slug.trim();
    if let Some((head, tail)) = t.rsplit_once(',') {
        if is_version_line(tail.trim().trim_end_matches(['<', '='])) {
            return head.trim().to_string();
        }
    }
    if let Some(open) = t.find(" (") {
        if t.ends_with(')') && marker_in(&t[open..]).is_some() {
            return t[..open].trim().to_string();
        }
    }
    t.to_string()
}

/// A key that successive versions of an id-less story share: the slug lower-cased, with
/// punctuation runs folded to '-', prefixed by the provider and suffixed by the day if known.
pub fn story_key(provider: Option<&str>, slug: &str, day: Option<&str>) -> Option<String> {
    let norm = normalise(&strip_marker(slug));
    if norm.is_empty() {
        return None;
    }
    let mut key = String::new();
    if let Some(p) = provider.map(normalise).filter(|p| !p.is_empty()) {
        key.push_str(&p);
        key.push('/');
    }
    key.push_str(&norm);
    if let Some(d) = day.map(normalise).filter(|d| !d.is_empty()) {
        key.push('/');
        key.push_str(&d);
    }
    Some(key)
}

fn normalise(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_lines() {
        for l in [
            "1ST LEAD",
            "2ND LEAD",
            "3RD NET",
            "EXTRA",
            "REFILE",
            "1stLd-Writethru",
            "1st Ld-Writethru",
            "UPDATE 1",
            "CORRECTED",
        ] {
            assert!(is_version_line(l), "{l}");
        }
        for l in [
            "Germany-politics/",
            "Impressum =",
            "By dpa correspondents =",
            "2017",
            "LEAD the way forward now",
        ] {
            assert!(!is_version_line(l), "{l}");
        }
    }

    #[test]
    fn markers_in_slugs_and_headlines() {
        assert_eq!(
            marker_in("BC-US--Giant Lobster Death, 1st Ld-Writethru").as_deref(),
            Some("1st Ld-Writethru")
        );
        assert_eq!(
            marker_in("USA-WEATHER/ (UPDATE 1, PIX, CORRECTED)").as_deref(),
            Some("UPDATE 1, CORRECTED")
        );
        assert_eq!(
            marker_in("CORRECTED-S. Illinois battles flooding").as_deref(),
            Some("CORRECTED")
        );
        assert_eq!(
            marker_in("BC-US--Ethanol-LosingGra 1stLd-Writethru").as_deref(),
            Some("1stLd-Writethru")
        );
        assert_eq!(marker_in("Germany-politics/"), None);
    }

    #[test]
    fn keys() {
        assert_eq!(
            story_key(
                Some("AP"),
                "BC-US--Giant Lobster Death, 1st Ld-Writethru",
                Some("08-29")
            )
            .as_deref(),
            Some("ap/bc-us-giant-lobster-death/08-29")
        );
    }
}
