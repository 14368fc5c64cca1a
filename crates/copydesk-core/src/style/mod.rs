//! House style: the desk's preferred spellings and names ("Kyiv", not "Kiev") and the words it
//! does not print, checked offline over any text. The sheet is TOML the desk edits (Settings,
//! `copydesk style`); a starter sheet ships with Copydesk (`starter.toml`). Matching is by
//! whole words, any case, phrases across line breaks included.
use crate::article::ArticleId;
use crate::desk::Desk;
use crate::error::{Error, Result};
use crate::store::settings;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub mod spelling;

/// The sheet that ships with Copydesk, used until the desk sets its own.
pub const STARTER: &str = include_str!("starter.toml");

const SETTING: &str = "house_style";

/// A desk's house style.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSheet {
    /// Write `use`, not any of `not`.
    #[serde(default)]
    pub prefer: Vec<Prefer>,
    /// Words and phrases the desk does not print.
    #[serde(default)]
    pub avoid: Vec<Avoid>,
    /// Spelling: the dictionary, the desk's own words, or off.
    #[serde(default)]
    pub spelling: spelling::Spelling,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prefer {
    #[serde(rename = "use")]
    pub use_: String,
    pub not: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Avoid {
    pub word: String,
    pub message: String,
}

/// One thing the style sheet flags in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StyleFlag {
    /// "style" (spelling and grammar checkers will add their own kinds).
    pub kind: String,
    /// Which part of a story: "headline", "standfirst", "body"; "text" for a file.
    pub field: String,
    /// 1-based, in that part.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    /// The words as written.
    pub text: String,
    pub message: String,
    pub suggestions: Vec<String>,
}

impl StyleSheet {
    /// Reads a sheet, saying where it is wrong.
    pub fn parse(text: &str) -> Result<StyleSheet> {
        let sheet: StyleSheet = toml::from_str(text)
            .map_err(|e| Error::Invalid(format!("the house style is not valid: {e}")))?;
        for p in &sheet.prefer {
            if p.use_.trim().is_empty() || p.not.iter().any(|n| words(n).is_empty()) {
                return Err(Error::Invalid(
                    "the house style is not valid: every [[prefer]] needs `use` and words in `not`"
                        .into(),
                ));
            }
        }
        if !spelling::valid_name(&sheet.spelling.dictionary) {
            return Err(Error::Invalid(format!(
                "the house style is not valid: [spelling] dictionary \"{}\" is not a dictionary name (like en_GB)",
                sheet.spelling.dictionary
            )));
        }
        if sheet.avoid.iter().any(|a| words(&a.word).is_empty()) {
            return Err(Error::Invalid(
                "the house style is not valid: every [[avoid]] needs a `word`".into(),
            ));
        }
        Ok(sheet)
    }

    pub fn starter() -> StyleSheet {
        // The starter is tested to parse (`the_starter_sheet_parses`).
        StyleSheet::parse(STARTER).unwrap_or_default()
    }

    /// What the sheet flags in a story's headline, standfirst and body.
    pub fn check_story(&self, article: &crate::article::Article) -> Vec<StyleFlag> {
        let mut flags = self.check("headline", &article.headline);
        flags.extend(self.check("standfirst", &article.standfirst));
        flags.extend(self.check("body", &article.body));
        flags
    }

    /// What the sheet flags in `text` (the part of a story named `field`): house style, then
    /// spelling, in text order.
    pub fn check(&self, field: &str, text: &str) -> Vec<StyleFlag> {
        let mut flags = self.check_style(field, text);
        let style: Vec<(u32, u32)> = flags.iter().map(|f| (f.line, f.column)).collect();
        // A word the house style already flags ("utilise") is not flagged twice.
        flags.extend(
            spelling::check(&self.spelling, field, text)
                .into_iter()
                .filter(|f| !style.contains(&(f.line, f.column))),
        );
        flags.sort_by_key(|f| (f.line, f.column));
        flags
    }

    fn check_style(&self, field: &str, text: &str) -> Vec<StyleFlag> {
        // Every phrase the sheet names, by its first word: one pass over the text.
        let mut rules: HashMap<String, Vec<(Vec<String>, Rule<'_>)>> = HashMap::new();
        for p in &self.prefer {
            for not in &p.not {
                let phrase = words(not)
                    .into_iter()
                    .map(|w| w.1.to_lowercase())
                    .collect::<Vec<_>>();
                rules
                    .entry(phrase[0].clone())
                    .or_default()
                    .push((phrase, Rule::Prefer(p)));
            }
        }
        for a in &self.avoid {
            let phrase = words(&a.word)
                .into_iter()
                .map(|w| w.1.to_lowercase())
                .collect::<Vec<_>>();
            rules
                .entry(phrase[0].clone())
                .or_default()
                .push((phrase, Rule::Avoid(a)));
        }
        let found = words(text);
        let lower: Vec<String> = found.iter().map(|w| w.1.to_lowercase()).collect();
        let mut flags = Vec::new();
        let mut i = 0;
        while i < found.len() {
            let mut matched = 0;
            if let Some(candidates) = rules.get(&lower[i]) {
                // The longest phrase that matches here wins.
                let best = candidates
                    .iter()
                    .filter(|(phrase, _)| lower.get(i..i + phrase.len()) == Some(&phrase[..]))
                    .max_by_key(|(phrase, _)| phrase.len());
                if let Some((phrase, rule)) = best {
                    let start = found[i].0;
                    let last = &found[i + phrase.len() - 1];
                    let end = last.0 + last.1.len();
                    let written = &text[start..end];
                    let (line, column) = position(text, start);
                    flags.push(match rule {
                        Rule::Prefer(p) => StyleFlag {
                            kind: "style".into(),
                            field: field.into(),
                            line,
                            column,
                            text: written.to_string(),
                            message: match &p.note {
                                Some(note) => format!("House style: {} ({note})", p.use_),
                                None => format!("House style: {}", p.use_),
                            },
                            suggestions: vec![cased_like(written, &p.use_)],
                        },
                        Rule::Avoid(a) => StyleFlag {
                            kind: "style".into(),
                            field: field.into(),
                            line,
                            column,
                            text: written.to_string(),
                            message: format!("House style: avoid \"{}\". {}", a.word, a.message),
                            suggestions: Vec::new(),
                        },
                    });
                    matched = phrase.len();
                }
            }
            i += matched.max(1);
        }
        flags
    }
}

enum Rule<'a> {
    Prefer(&'a Prefer),
    Avoid(&'a Avoid),
}

/// The words of `text` with their byte offsets: letters and digits, with apostrophes and
/// hyphens inside a word ("d'Ivoire", "well-known") kept in it.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let joins = matches!(c, '\'' | '’' | '-')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            found.push((s, &text[s..at]));
        }
    }
    if let Some(s) = start {
        found.push((s, &text[s..]));
    }
    found
}

/// 1-based line and character column of a byte offset.
fn position(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit_once('\n')
        .map_or(before, |(_, l)| l)
        .chars()
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// The suggestion in the case the writer used: shouted stays shouted, a capital at the start
/// of a sentence stays; names keep the sheet's own capitals.
fn cased_like(written: &str, suggestion: &str) -> String {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return suggestion.to_uppercase();
    }
    let starts_upper = written.chars().next().is_some_and(char::is_uppercase);
    let mut out = suggestion.chars();
    match out.next() {
        Some(first) if starts_upper => first.to_uppercase().chain(out).collect(),
        _ => suggestion.to_string(),
    }
}

impl Desk {
    /// The desk's house style as TOML (the starter sheet until one is set).
    pub fn house_style(&self) -> Result<String> {
        let stored = self.store().read(|c| settings::get(c, SETTING))?;
        Ok(stored.unwrap_or_else(|| STARTER.to_string()))
    }

    /// Sets the desk's house style (`None`: back to the starter sheet); refused, with where it
    /// is wrong, if it does not parse.
    pub fn set_house_style(&self, toml_text: Option<&str>) -> Result<StyleSheet> {
        let sheet = match toml_text {
            Some(text) => StyleSheet::parse(text)?,
            None => StyleSheet::starter(),
        };
        self.store()
            .write(|tx| settings::put(tx, SETTING, toml_text))?;
        Ok(sheet)
    }

    pub(crate) fn style_sheet(&self) -> Result<StyleSheet> {
        StyleSheet::parse(&self.house_style()?)
    }

    /// What the house style flags in a story: headline, standfirst and body.
    pub fn check_article(&self, id: ArticleId) -> Result<Vec<StyleFlag>> {
        Ok(self.style_sheet()?.check_story(&self.article(id)?))
    }

    /// What the house style flags in any text (a file to be filed).
    pub fn check_text(&self, text: &str) -> Result<Vec<StyleFlag>> {
        Ok(self.style_sheet()?.check("text", text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_sheet_parses() {
        let sheet = StyleSheet::parse(STARTER).expect("starter");
        assert!(sheet.prefer.iter().any(|p| p.use_ == "Kyiv"));
        assert!(!sheet.avoid.is_empty());
    }

    #[test]
    fn preferred_names_are_flagged_where_they_stand_with_the_writers_case() {
        let sheet = StyleSheet::starter();
        let text =
            "Talks in Kiev.\nThe KIEV office said it would utilise\nthe port, prior to winter.";
        let flags = sheet.check("body", text);
        let seen: Vec<(&str, u32, u32, &str)> = flags
            .iter()
            .map(|f| (f.text.as_str(), f.line, f.column, f.suggestions[0].as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("Kiev", 1, 10, "Kyiv"),
                ("KIEV", 2, 5, "KYIV"),
                ("utilise", 2, 31, "use"),
                ("prior to", 3, 11, "before"),
            ]
        );
        assert!(
            flags[0].message.contains("Ukrainian spelling"),
            "{:?}",
            flags[0]
        );
        // Whole words only: "Kievan" and "utilised" are other words.
        assert!(sheet.check("body", "Kievan Rus").is_empty());
    }

    #[test]
    fn phrases_match_across_line_breaks_and_the_longest_wins() {
        let sheet = StyleSheet::parse(
            r#"
            [[prefer]]
            use = "before"
            not = ["prior", "prior to"]
            [[avoid]]
            word = "very unique"
            message = "Unique has no degrees."
            "#,
        )
        .expect("sheet");
        let flags = sheet.check("text", "It was very\nunique, prior\nto that.");
        assert_eq!(flags.len(), 2, "{flags:?}");
        assert_eq!(flags[0].text, "very\nunique");
        assert!(flags[0].suggestions.is_empty());
        assert_eq!(flags[1].text, "prior\nto");
        assert_eq!((flags[1].line, flags[1].column), (2, 9));
    }

    #[test]
    fn a_broken_sheet_is_refused_with_where_it_is_wrong() {
        let e = StyleSheet::parse("[[prefer]]\nuse = \"Kyiv\"\nnot = [\"Kiev\"]\ncolour = 1\n")
            .expect_err("unknown field");
        assert!(e.to_string().contains("colour"), "{e}");
        let e = StyleSheet::parse("[[prefer]]\nuse = \"\"\nnot = [\"x\"]\n").expect_err("empty");
        assert!(e.to_string().contains("needs `use`"), "{e}");
    }
}
