//! Spelling, offline, with the system's Hunspell dictionaries (Debian's `hunspell-en-gb`,
//! `hunspell-en-us`…, read by `spellbook`). Only words written in lower case are flagged: news
//! copy is full of names and acronyms no dictionary holds (Bilpin, RFS), and a name the desk
//! spells one way belongs in the sheet's `[[prefer]]`. Words in the sheet's `[spelling] words`
//! are never flagged; web addresses, e-mail addresses and `code` are not words. A desk without
//! the dictionary gets no spelling flags (the house style still works). Each dictionary is read
//! once per process.
use super::StyleFlag;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The sheet's `[spelling]` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spelling {
    /// A Hunspell dictionary name: `en_GB` (the default), `en_US`, `en_AU`, `de_DE`…
    #[serde(default = "en_gb")]
    pub dictionary: String,
    /// The desk's own words: never flagged (any case).
    #[serde(default)]
    pub words: Vec<String>,
    /// No spelling flags at all.
    #[serde(default)]
    pub off: bool,
}

fn en_gb() -> String {
    "en_GB".into()
}

impl Default for Spelling {
    fn default() -> Self {
        Spelling {
            dictionary: en_gb(),
            words: Vec::new(),
            off: false,
        }
    }
}

/// A dictionary name is letters, digits and `_`/`-` only: it becomes a file name.
pub(super) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Where Debian and most Linux systems keep Hunspell dictionaries.
const DICTIONARY_DIRS: &[&str] = &["/usr/share/hunspell", "/usr/share/myspell/dicts"];

type Loaded = Option<Arc<spellbook::Dictionary>>;

static DICTIONARIES: Mutex<Option<HashMap<String, Loaded>>> = Mutex::new(None);

/// The named dictionary, read on first use; `None` when the system has none by that name.
fn dictionary(name: &str) -> Loaded {
    let mut all = DICTIONARIES.lock().unwrap_or_else(|e| e.into_inner());
    let all = all.get_or_insert_with(HashMap::new);
    if let Some(d) = all.get(name) {
        return d.clone();
    }
    let loaded = DICTIONARY_DIRS.iter().find_map(|dir| {
        let base = PathBuf::from(dir).join(name);
        let aff = std::fs::read_to_string(base.with_extension("aff")).ok()?;
        let dic = std::fs::read_to_string(base.with_extension("dic")).ok()?;
        match spellbook::Dictionary::new(&aff, &dic) {
            Ok(d) => Some(Arc::new(d)),
            Err(e) => {
                tracing::warn!("the {name} dictionary in {dir} cannot be read: {e}");
                None
            }
        }
    });
    all.insert(name.to_string(), loaded.clone());
    loaded
}

/// Suggestions by dictionary and word: finding them takes milliseconds a word (checking a word
/// takes microseconds), and a story repeats its words, and is checked again after each pause.
/// Suggestions by (dictionary, word).
type Suggested = HashMap<(String, String), Vec<String>>;

static SUGGESTED: Mutex<Option<Suggested>> = Mutex::new(None);

/// At most this many words' suggestions kept (then forgotten, all at once).
const SUGGESTIONS_KEPT: usize = 10_000;

fn suggestions(name: &str, dict: &spellbook::Dictionary, word: &str) -> Vec<String> {
    let key = (name.to_string(), word.to_string());
    if let Some(s) = SUGGESTED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|all| all.get(&key))
    {
        return s.clone();
    }
    let mut found = Vec::new();
    dict.suggest(word, &mut found);
    found.truncate(3);
    let mut all = SUGGESTED.lock().unwrap_or_else(|e| e.into_inner());
    let all = all.get_or_insert_with(HashMap::new);
    if all.len() >= SUGGESTIONS_KEPT {
        all.clear();
    }
    all.insert(key, found.clone());
    found
}

/// Whether the named dictionary is on this system.
pub fn available(name: &str) -> bool {
    valid_name(name) && dictionary(name).is_some()
}

/// The text with what is not prose blanked out (same length, so places stay): inline `code`,
/// and whitespace-separated runs that are addresses (`://`, `www.`, `@`).
fn prose(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().collect();
    let mut in_code = false;
    for c in chars.iter_mut() {
        if *c == '`' {
            in_code = !in_code;
            *c = ' ';
        } else if in_code && *c != '\n' {
            *c = ' ';
        }
    }
    let mut start = 0;
    while start < chars.len() {
        let end = (start..chars.len())
            .find(|&i| chars[i].is_whitespace())
            .unwrap_or(chars.len());
        let run: String = chars[start..end].iter().collect();
        if run.contains("://") || run.contains("www.") || run.contains('@') {
            chars[start..end].fill(' ');
        }
        start = end + 1;
    }
    chars
}

/// The spelling flags in `text` (the part of a story named `field`), in text order.
pub(super) fn check(spelling: &Spelling, field: &str, text: &str) -> Vec<StyleFlag> {
    if spelling.off || !valid_name(&spelling.dictionary) {
        return Vec::new();
    }
    let Some(dict) = dictionary(&spelling.dictionary) else {
        return Vec::new();
    };
    let own: Vec<String> = spelling.words.iter().map(|w| w.to_lowercase()).collect();
    let chars = prose(text);
    let mut flags = Vec::new();
    let (mut line, mut column) = (1u32, 1u32);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_alphabetic() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            i += 1;
            continue;
        }
        // A word: letters, with apostrophes between letters ("don't", "d'Ivoire").
        let start = i;
        while i < chars.len()
            && (chars[i].is_alphabetic()
                || (matches!(chars[i], '\'' | '’')
                    && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())))
        {
            i += 1;
        }
        // Next to a digit ("3rd", "mp3"), not a word to check.
        let by_digit = chars.get(i).is_some_and(char::is_ascii_digit)
            || start > 0 && chars[start - 1].is_ascii_digit();
        let word: String = chars[start..i].iter().collect();
        let lower_case = word.chars().next().is_some_and(char::is_lowercase);
        let at = (line, column);
        column += (i - start) as u32;
        if by_digit || !lower_case || word.chars().count() < 2 {
            continue;
        }
        let plain = word.replace('’', "'");
        if dict.check(&plain) || own.contains(&plain.to_lowercase()) {
            continue;
        }
        let suggestions = suggestions(&spelling.dictionary, &dict, &plain);
        flags.push(StyleFlag {
            kind: "spelling".into(),
            field: field.into(),
            line: at.0,
            column: at.1,
            message: match suggestions.first() {
                Some(s) => format!("Spelling ({}): did you mean \"{s}\"?", spelling.dictionary),
                None => format!("Spelling ({}): not in the dictionary.", spelling.dictionary),
            },
            text: word,
            suggestions,
        });
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    // setup.sh installs hunspell-en-gb and hunspell-en-us; without them these fail, as they
    // should: the spelling checker would be silently off.

    #[test]
    fn lower_case_misspellings_are_flagged_with_suggestions_and_names_are_not() {
        let text =
            "The council in Bilpin said the RFS recieved\nthe report.\n\nIt was definately late.";
        let flags = check(&Spelling::default(), "body", text);
        let found: Vec<(&str, u32, u32)> = flags
            .iter()
            .map(|f| (f.text.as_str(), f.line, f.column))
            .collect();
        assert_eq!(found, [("recieved", 1, 36), ("definately", 4, 8)]);
        assert_eq!(
            flags[0].suggestions.first().map(String::as_str),
            Some("received")
        );
        assert_eq!(flags[0].kind, "spelling");
    }

    #[test]
    fn addresses_code_numbers_and_the_desks_words_are_not_flagged() {
        let text = "See https://exmple.org/pagez or `fnord()` or ed@mailz.test, the 3rd kph run.";
        assert!(check(&Spelling::default(), "body", text).is_empty());
        let own = Spelling {
            words: vec!["Definately".into()],
            ..Spelling::default()
        };
        assert!(check(&own, "body", "The definately word.").is_empty());
        let off = Spelling {
            off: true,
            ..Spelling::default()
        };
        assert!(check(&off, "body", "The definately word.").is_empty());
    }

    #[test]
    fn the_dictionary_decides_the_spelling() {
        let text = "The colour of the labour party.";
        assert!(check(&Spelling::default(), "body", text).is_empty());
        let american = Spelling {
            dictionary: "en_US".into(),
            ..Spelling::default()
        };
        let flagged: Vec<String> = check(&american, "body", text)
            .into_iter()
            .map(|f| f.text)
            .collect();
        assert!(flagged.contains(&"colour".to_string()), "{flagged:?}");
        assert!(!valid_name("../etc/passwd"));
        assert!(check(
            &Spelling {
                dictionary: "xx_XX".into(),
                ..Spelling::default()
            },
            "body",
            "zzzq"
        )
        .is_empty());
    }
}
