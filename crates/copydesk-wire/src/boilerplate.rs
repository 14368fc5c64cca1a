//! Which lines of a news page are the story and which are page furniture.
//!
//! A boilerplate classifier over lines (scraped text) or blocks (saved web pages), in the
//! spirit of jusText (Pomikálek) and the block features of boilerpipe and trafilatura:
//!
//! * **Block features**: length in words, sentence punctuation, stopword density (a small list
//!   for each of the languages Copydesk's agencies write in), link density and markup hints
//!   (HTML), title-like and name-like runs.
//! * **What every news template has**: navigation and account lines, section labels, bylines
//!   and roles, time stamps ("Updated 2 hrs ago", "Mon 3 Jun 2024 14.05 BST"), image captions
//!   and credits, share and comment counts, advertisement, newsletter and cookie blocks, teaser
//!   lists, topic and "most read" lists, footers. These are recognised by what they say, not by
//!   one site's phrases.
//! * **Position and context**: the story starts at the first run of good paragraphs; the
//!   headline is the title-like line at the top of the block of lines just above it (the
//!   standfirst, byline, time stamp and lead picture sit between them); a teaser box ends where
//!   real paragraphs resume; once a "most read", topics, comments or footer section begins, the
//!   story is over. Short lines are judged by their neighbours, as jusText does.
//!
//! Everything that is not the story gets a kind, so that it can go to `removed`.

/// One line of scraped text, or one block of a web page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub text: String,
    /// What the page's markup says the block is ("navigation", "share"…), when it says so.
    pub hint: Option<&'static str>,
    /// `<h1>`…`<h6>`.
    pub heading: Option<u8>,
    /// Share of the block's characters that are link text (0 for scraped text).
    pub link_density: f32,
}

impl Line {
    pub fn text(text: &str) -> Line {
        Line {
            text: text.to_string(),
            ..Line::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Headline,
    Standfirst,
    Byline,
    Paragraph,
    Subheading,
    /// Not the story; the kind says what it is.
    Removed(&'static str),
}

/// What a furniture line means for the lines after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// Just this line.
    Line,
    /// A box inside the story (related links, a newsletter promotion): teaser lines follow until
    /// real paragraphs resume.
    Box,
    /// A section after the story ("Most read", topics, comments, footer): the story is over.
    End,
}

/// Lines above the headline that end the search for it.
fn is_delimiter(kind: &str) -> bool {
    matches!(
        kind,
        "navigation"
            | "account"
            | "section"
            | "advertisement"
            | "weather_line"
            | "cookie_notice"
            | "page_furniture"
            | "most_popular"
            | "footer"
            | "topics"
    )
}

/// Kinds a web page's markup can give a block that say, on their own, "not the story".
pub(crate) fn hint_is_furniture(kind: &str) -> bool {
    !matches!(kind, "standfirst" | "byline" | "timestamp")
}

struct Feat {
    words: usize,
    sentence: bool,
    stop: f32,
    title_like: bool,
    good: bool,
    name_like: bool,
    pattern: Option<(&'static str, Flow)>,
}

fn features(line: &Line, prev_kind: Option<&'static str>) -> Feat {
    let t = line.text.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let n = words.len();
    let stops = words.iter().filter(|w| is_stopword(w)).count();
    let stop = if n == 0 { 0.0 } else { stops as f32 / n as f32 };
    let sentence = ends_sentence(t);
    // A block the markup already calls furniture is taken at its word: no need to read it.
    let marked = line.hint.filter(|h| hint_is_furniture(h));
    let mut pattern = if marked.is_some() {
        None
    } else {
        furniture(t, n, prev_kind)
    };
    if pattern.is_none() {
        if let Some(h) = line.hint {
            // A block the markup calls a byline or a date is one when it is short.
            if matches!(h, "byline" | "timestamp") && n <= 12 && !sentence {
                pattern = Some((h, Flow::Line));
            } else if hint_is_furniture(h) {
                let flow = match h {
                    "most_popular" | "footer" | "comments" | "topics" => Flow::End,
                    _ => Flow::Line,
                };
                pattern = Some((h, flow));
            }
        }
    }
    let first_upper = t
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || is_quote(c));
    let ends_period = t
        .trim_end_matches(|c: char| is_quote(c) || c == ')')
        .ends_with(['.', ';', ':', ',']);
    Feat {
        words: n,
        sentence,
        stop,
        title_like: (4..=24).contains(&n) && !ends_period && first_upper,
        good: n >= 15 && sentence && stop >= 0.18 && line.link_density < 0.4 && pattern.is_none(),
        name_like: is_name_like(t),
        pattern,
    }
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{AB}'
            | '\u{BB}'
            | '\u{201E}'
    )
}

/// Ends like a sentence: ".", "!", "?" or "…", perhaps inside closing quotes or brackets.
fn ends_sentence(t: &str) -> bool {
    let core = t.trim_end_matches(|c: char| is_quote(c) || c == ')');
    core.ends_with(['.', '!', '?', '\u{2026}'])
        // „…“, sagte sie. / «…», dijo.
        || (core.len() < t.len() && core.ends_with(','))
}

const STOPWORDS: &[&str] = &[
    // English
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "before",
    "but", "by", "can", "could", "did", "do", "for", "from", "had", "has", "have", "he", "her",
    "his", "i", "if", "in", "into", "is", "it", "its", "more", "most", "no", "not", "of", "on",
    "one", "or", "our", "out", "over", "said", "says", "she", "so", "some", "than", "that", "the",
    "their", "them", "then", "there", "they", "this", "to", "up", "was", "we", "were", "what",
    "when", "which", "while", "who", "will", "with", "would", "you", // German
    "aber", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den", "der", "des", "die",
    "ein", "eine", "einen", "einer", "es", "für", "hat", "ist", "mit", "nach", "nicht", "noch",
    "nur", "oder", "sich", "sie", "sind", "soll", "um", "und", "von", "vor", "wird", "wie", "zu",
    "zum", "zur", "im", "am", "über", "werden", "wurde", "sagte",
    // Spanish, French, Italian, Dutch, Scandinavian
    "el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "por", "con", "para",
    "se", "su", "al", "lo", "como", "más", "pero", "sus", "ha", "fue", "es", "le", "les", "des",
    "et", "du", "une", "est", "pour", "qui", "dans", "pas", "sur", "il", "elle", "ont", "ce", "di",
    "che", "il", "per", "non", "sono", "della", "het", "een", "van", "en", "op", "dat", "niet",
    "met", "zijn", "og", "i", "på", "er", "som", "av", "för", "att", "med", "til", "det",
];

type WordSet = std::collections::HashSet<&'static str>;

fn is_stopword(w: &str) -> bool {
    static SET: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() || w.len() > 8 {
        return false;
    }
    let set = SET.get_or_init(|| STOPWORDS.iter().copied().collect());
    if w.chars().all(|c| !c.is_uppercase()) {
        set.contains(w)
    } else {
        set.contains(w.to_lowercase().as_str())
    }
}

fn is_date_word(w: &str) -> bool {
    static SET: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| DATE_WORDS.iter().copied().collect())
        .contains(w)
}

/// "Tom Reeve", "KAREN OSTBY", "Priya Natarajan and Lars Holm": a line that is only names.
fn is_name_like(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    if !(2..=7).contains(&words.len()) {
        return false;
    }
    let mut names = 0;
    for w in &words {
        let w = w.trim_end_matches(',');
        let lw = w.to_lowercase();
        if matches!(
            lw.as_str(),
            "and" | "&" | "und" | "y" | "et" | "og" | "och" | "en"
        ) {
            continue;
        }
        if matches!(
            lw.as_str(),
            "de" | "van" | "von" | "der" | "da" | "del" | "la" | "le" | "al" | "bin"
        ) {
            continue;
        }
        let ok = w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}' | '.'));
        if !ok {
            return false;
        }
        names += 1;
    }
    (2..=6).contains(&names)
}

const ROLE_WORDS: &[&str] = &[
    "reporter",
    "correspondent",
    "editor",
    "writer",
    "columnist",
    "critic",
    "journalist",
    "contributor",
    "producer",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "korrespondentin",
    "periodista",
    "corresponsal",
    "redactor",
    "redactora",
    "journaliste",
];

fn has_role_word(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| ROLE_WORDS.contains(&w))
}

/// A byline by its words: "By Jo Parks", "Von Jonas Berger", "Posted by Ellie Brandt",
/// "Owen Carter at Riverside Park", "Amara Okafor Environment correspondent".
pub(crate) fn is_byline(t: &str) -> bool {
    let words = t.split_whitespace().count();
    if !(2..=14).contains(&words) || ends_sentence(t) {
        return false;
    }
    let lower = t.to_lowercase();
    for prefix in [
        "by ",
        "von ",
        "por ",
        "par ",
        "door ",
        "av ",
        "posted by ",
        "written by ",
        "words by ",
        "text: ",
    ] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            let rest_orig = &t[prefix.len()..];
            return !rest.is_empty()
                && rest_orig
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
        }
    }
    // "Name in Place", "Name at Place", "Name, ORG".
    for sep in [" in ", " at ", ", "] {
        if let Some(p) = t.find(sep) {
            let name = &t[..p];
            let rest = &t[p + sep.len()..];
            if name.split_whitespace().count() >= 2
                && is_name_like(name)
                && rest.split_whitespace().count() <= 4
                && rest
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            {
                return true;
            }
        }
    }
    // "Name Role words".
    if has_role_word(&lower) {
        let caps = t
            .split_whitespace()
            .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        return caps >= 2;
    }
    false
}

fn is_role_line(lower: &str, words: usize) -> bool {
    words <= 5 && has_role_word(lower)
}

fn count_like(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.len() <= 8
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | 'k' | 'K' | 'm' | 'M' | '+'))
}

const DATE_WORDS: &[&str] = &[
    "updated",
    "update",
    "published",
    "posted",
    "modified",
    "last",
    "on",
    "at",
    "ago",
    "hrs",
    "hr",
    "hours",
    "hour",
    "minutes",
    "minute",
    "mins",
    "min",
    "seconds",
    "an",
    "a",
    "today",
    "yesterday",
    "stand",
    "aktualisiert",
    "veröffentlicht",
    "am",
    "um",
    "uhr",
    "gestern",
    "heute",
    "actualizado",
    "publicado",
    "a las",
    "las",
    "de",
    "del",
    "hoy",
    "ayer",
    "mis",
    "à",
    "le",
    "et",
    "edt",
    "est",
    "bst",
    "gmt",
    "utc",
    "cet",
    "cest",
    "aest",
    "aedt",
    "pdt",
    "pst",
    "cdt",
    "pm",
    "a.m.",
    "p.m.",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "januar",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "h",
    "and",
    "publié",
    "mis",
    "jour",
    "à",
    "juin",
    "juillet",
];

/// "Updated 2 hrs ago", "Mon 3 Jun 2024 14.05 BST", "Stand: 05.06.2024, 14:05 Uhr",
/// "PUBLISHED: 14:05 BST, 3 June 2024 | UPDATED: 16:40 BST, 3 June 2024", "5h".
pub(crate) fn is_timestamp(t: &str) -> bool {
    let mut any_digit = false;
    let mut tokens = 0;
    for raw in t.split(|c: char| c.is_whitespace() || c == '|') {
        let tok = raw
            .trim_matches(|c: char| {
                matches!(
                    c,
                    ',' | '|' | '\u{B7}' | '\u{2022}' | ':' | '(' | ')' | '-' | '\u{2013}'
                )
            })
            .to_lowercase();
        if tok.is_empty() {
            continue;
        }
        tokens += 1;
        if tokens > 18 {
            return false;
        }
        if is_date_word(&tok) || is_date_word(tok.trim_end_matches('.')) {
            if tok == "ago" || tok == "yesterday" || tok == "gestern" || tok == "ayer" {
                any_digit = true;
            }
            continue;
        }
        // "gmt+1", "utc-05:00"
        let zone = ["gmt", "utc"]
            .iter()
            .find_map(|z| tok.strip_prefix(z))
            .filter(|r| r.starts_with(['+', '-']));
        let core = zone.unwrap_or(&tok);
        let core = core
            .trim_end_matches("am")
            .trim_end_matches("pm")
            .trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th")
            .trim_end_matches(['h', 'm', 'd']);
        if !core.is_empty()
            && core
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '/' | '-' | '+' | 'h'))
            && core.chars().any(|c| c.is_ascii_digit())
        {
            any_digit = true;
            continue;
        }
        return false;
    }
    tokens > 0 && any_digit
}

/// Lines that are page furniture by what they say, with their kind.
fn furniture(
    t: &str,
    words: usize,
    prev_kind: Option<&'static str>,
) -> Option<(&'static str, Flow)> {
    use Flow::{Box, End, Line};
    let lower = t.to_lowercase();
    let l = lower.trim_end_matches([':', '.', '!']).trim();
    if l.is_empty() {
        return None;
    }
    if crate::scraped::is_temperature(t) {
        return Some(("weather_line", Line));
    }
    if count_like(t) {
        return Some(("counts", Line));
    }
    // "3 Comments", "Comments 14", "1 of 2", "231 shares".
    if words <= 3 && t.chars().any(|c| c.is_ascii_digit()) {
        let counted = lower.split_whitespace().any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "comments"
                    | "comment"
                    | "shares"
                    | "likes"
                    | "views"
                    | "replies"
                    | "of"
                    | "kommentare"
                    | "comentarios"
                    | "photos"
                    | "images"
            )
        });
        if counted {
            return Some(("counts", Line));
        }
    }
    if words <= 18 && is_timestamp(t) {
        return Some(("timestamp", Line));
    }
    // Whole-line phrases.
    let exact: &[(&str, &str, Flow)] = &[
        ("read more", "read_more", Box),
        ("related", "read_more", Box),
        ("related article", "read_more", Box),
        ("related articles", "read_more", Box),
        ("related content", "read_more", Box),
        ("related stories", "read_more", Box),
        ("see also", "read_more", Box),
        ("also read", "read_more", Box),
        ("more on this", "read_more", Box),
        ("noticias relacionadas", "read_more", Box),
        ("mehr zum thema", "read_more", Box),
        ("das könnte sie auch interessieren", "read_more", Box),
        ("in short", "summary", Box),
        ("key points", "summary", Box),
        ("what's next?", "summary", Line),
        ("what's next", "summary", Line),
        ("related topics", "topics", Box),
        ("topics", "topics", End),
        ("tags", "topics", End),
        ("explore more on these topics", "topics", End),
        ("explore more topics", "topics", End),
        ("suggested topics", "topics", End),
        ("follow the topics in this article", "topics", End),
        ("more on this story", "related_story", End),
        ("related posts", "related_story", End),
        ("read next", "related_story", End),
        ("more headlines", "related_story", End),
        ("top stories", "most_popular", End),
        ("latest stories", "most_popular", End),
        ("latest news", "most_popular", End),
        ("trending", "most_popular", End),
        ("trending now", "most_popular", End),
        ("recommended", "most_popular", End),
        ("recommended for you", "most_popular", End),
        ("you may also like", "most_popular", End),
        ("you might also like", "most_popular", End),
        ("meistgelesen", "most_popular", End),
        ("lo más leído", "most_popular", End),
        ("most recent", "most_popular", End),
        ("about the author", "author_bio", End),
        ("leave a reply", "comments", End),
        ("leave a comment", "comments", End),
        ("view comments", "comments", Line),
        ("comments", "comments", Line),
        ("kommentare", "share", Line),
        ("comentarios", "share", Line),
        ("reply", "comments", Line),
        ("share what you think", "comments", End),
        ("follow us", "footer", End),
        ("advertisement", "advertisement", Line),
        ("advertisement - scroll to continue", "advertisement", Line),
        ("ad feedback", "advertisement", Line),
        ("anzeige", "advertisement", Line),
        ("werbung", "advertisement", Line),
        ("publicidad", "advertisement", Line),
        ("publicité", "advertisement", Line),
        ("sponsored", "advertisement", Box),
        ("sponsored content", "advertisement", Box),
        ("paid content", "advertisement", Box),
        ("promoted content", "advertisement", Box),
        ("sponsor message", "advertisement", Line),
        ("become a sponsor", "advertisement", Line),
        ("content continues below", "advertisement", Line),
        ("story continues below advertisement", "advertisement", Line),
        ("skip to main content", "navigation", Line),
        ("skip to content", "navigation", Line),
        ("zum inhalt springen", "navigation", Line),
        ("accessibility help", "navigation", Line),
        ("menu", "navigation", Line),
        ("more menu", "navigation", Line),
        ("search", "navigation", Line),
        ("home", "navigation", Line),
        ("sign in", "account", Line),
        ("log in", "account", Line),
        ("login", "account", Line),
        ("register", "account", Line),
        ("subscribe", "account", Line),
        ("my account", "account", Line),
        ("iniciar sesión", "account", Line),
        ("suscríbete", "account", Line),
        ("anmelden", "account", Line),
        ("abo", "account", Line),
        ("donate", "account", Line),
        ("share", "share", Line),
        ("shares", "share", Line),
        ("save", "share", Line),
        ("tweet", "share", Line),
        ("email", "share", Line),
        ("e-mail", "share", Line),
        ("print", "share", Line),
        ("copy", "share", Line),
        ("copy link", "share", Line),
        ("link copied", "share", Line),
        ("facebook", "share", Line),
        ("twitter", "share", Line),
        ("x", "share", Line),
        ("whatsapp", "share", Line),
        ("linkedin", "share", Line),
        ("reddit", "share", Line),
        ("pinterest", "share", Line),
        ("flipboard", "share", Line),
        ("instagram", "share", Line),
        ("mailto", "share", Line),
        ("share this article", "share", Line),
        ("share this", "share", Line),
        ("reuse this content", "share", Line),
        ("artikel teilen", "share", Line),
        ("artikel merken", "share", Line),
        ("compartir", "share", Line),
        ("enviar por correo", "share", Line),
        ("partager", "share", Line),
        ("copier le lien", "share", Line),
        ("abonnez-vous", "account", Line),
        ("se connecter", "account", Line),
        ("les plus lus", "most_popular", End),
        ("mentions légales", "footer", End),
        ("published", "timestamp", Line),
        ("toggle caption", "photo_caption", Line),
        ("image caption,", "photo_caption", Line),
        ("image caption", "photo_caption", Line),
        ("play video", "media", Line),
        ("watch", "media", Line),
        ("listen", "media", Line),
        ("listen to this article", "media", Line),
        ("transcript", "media", Line),
        ("download", "media", Line),
        ("toggle more options", "media", Line),
        ("previous", "page_furniture", Line),
        ("next", "page_furniture", Line),
        ("category", "page_furniture", Line),
        ("accept all", "cookie_notice", Line),
        ("accept", "cookie_notice", Line),
        ("reject all", "cookie_notice", Line),
        ("manage preferences", "cookie_notice", Line),
        ("show me", "newsletter", Line),
        ("sign up", "newsletter", Line),
        ("sign me up", "newsletter", Line),
        ("thank you for subscribing", "newsletter", Line),
    ];
    if l.len() <= 40 {
        for (phrase, kind, flow) in exact {
            if l == *phrase {
                return Some((kind, *flow));
            }
        }
    }
    // Starts of lines.
    let starts: &[(&str, &str, Flow)] = &[
        ("read more:", "read_more", Line),
        ("à lire aussi", "read_more", Line),
        ("lire aussi", "read_more", Line),
        ("also read:", "read_more", Line),
        ("read also:", "read_more", Line),
        ("related:", "read_more", Line),
        ("see also:", "read_more", Line),
        ("watch:", "media", Line),
        ("listen:", "media", Line),
        ("video duration", "media", Line),
        ("listen \u{b7}", "media", Line),
        ("listen to more", "media", Line),
        ("heard on ", "media", Line),
        ("file photo", "photo_caption", Line),
        ("file -", "photo_caption", Line),
        ("photo:", "photo_caption", Line),
        ("image:", "photo_caption", Line),
        ("picture:", "photo_caption", Line),
        ("foto:", "photo_caption", Line),
        ("image source", "photo_credit", Line),
        ("image caption", "photo_caption", Line),
        ("photograph:", "photo_credit", Line),
        ("photographs by", "photo_credit", Line),
        ("illustration by", "photo_credit", Line),
        ("item 1 of", "photo_caption", Line),
        ("[1/", "photo_caption", Line),
        ("most read", "most_popular", End),
        ("most viewed", "most_popular", End),
        ("most popular", "most_popular", End),
        ("most watched", "most_popular", End),
        ("more stories", "related_story", End),
        ("more from", "related_story", End),
        ("more football", "related_story", End),
        ("more news", "related_story", End),
        ("share or comment on this article", "share", End),
        ("topic:", "section", Line),
        ("topics:", "topics", End),
        ("tags:", "topics", End),
        ("comments ", "comments", Line),
        ("sign up to", "newsletter", Box),
        ("sign up for", "newsletter", Box),
        ("subscribe to", "newsletter", Box),
        ("subscribe for", "account", Line),
        ("unlock the", "newsletter", Line),
        ("privacy notice", "newsletter", Line),
        ("see our privacy", "newsletter", Line),
        ("we have more newsletters", "newsletter", Line),
        ("by subscribing", "newsletter", Line),
        ("support independent journalism", "newsletter", Line),
        ("support the ", "account", Line),
        ("we use cookies", "cookie_notice", Line),
        ("this site uses cookies", "cookie_notice", Line),
        ("reporting by", "credit_line", Line),
        ("additional reporting by", "credit_line", Line),
        ("editing by", "credit_line", Line),
        ("our standards", "footer", Line),
        ("this article appears in", "print_note", Line),
        ("this article was amended", "print_note", Line),
        ("the comments below", "comments", End),
        ("help keep family", "share", Line),
        ("add to my", "share", Line),
        ("compartir en", "share", Line),
        ("share on", "share", Line),
        ("\u{a9}", "footer", End),
        ("(c) ", "footer", End),
        ("copyright", "footer", End),
        ("all quotes delayed", "footer", End),
        ("markets data delayed", "footer", End),
        ("published by ", "footer", End),
        ("terms of", "footer", End),
        ("privacy policy", "footer", End),
        ("cookie settings", "footer", End),
        ("contact us", "footer", End),
        ("about us", "footer", End),
        ("impressum", "footer", End),
        ("aviso legal", "footer", End),
    ];
    for (phrase, kind, flow) in starts {
        if lower.starts_with(phrase) {
            return Some((kind, *flow));
        }
    }
    // Phrases anywhere in a short line.
    if words <= 40 {
        let anywhere: &[(&str, &str, Flow)] = &[
            ("all rights reserved", "footer", End),
            ("derechos reservados", "footer", End),
            ("newsletter", "newsletter", Line),
            ("get the latest", "newsletter", Line),
            ("in your inbox", "newsletter", Line),
            ("to your inbox", "newsletter", Line),
            ("contributed to this report", "credit_line", Line),
            ("solely responsible for all content", "footer", Line),
            (" min read", "reading_time", Line),
            (" minute read", "reading_time", Line),
            (" min listen", "reading_time", Line),
            ("thoughts on \u{201c}", "comments", End),
            ("thoughts on \"", "comments", End),
            ("licensing rights", "photo_caption", Line),
            ("(ap photo", "photo_caption", Line),
            ("photograph: ", "photo_caption", Line),
            ("(image: ", "photo_caption", Line),
            ("(supplied", "photo_credit", Line),
            ("(picture: ", "photo_caption", Line),
            ("visualisierung:", "photo_caption", Line),
            ("foto: ", "photo_caption", Line),
            ("getty images", "photo_caption", Line),
            ("for the daily", "byline", Line),
            ("reach him at", "author_bio", Line),
            ("reach her at", "author_bio", Line),
            ("follow him on", "author_bio", Line),
            ("follow her on", "author_bio", Line),
            ("is a staff writer", "author_bio", Line),
            (" covers ", "author_bio", Line),
        ];
        for (phrase, kind, flow) in anywhere {
            if lower.contains(phrase) {
                // "covers" is a verb of stories too; only a short sentence about a person.
                if *phrase == " covers " && (words > 25 || !lower.contains(" for ")) {
                    continue;
                }
                return Some((kind, *flow));
            }
        }
    }
    if words <= 14 && is_byline(t) {
        return Some(("byline", Line));
    }
    if prev_kind == Some("byline")
        && (is_role_line(&lower, words) || (is_name_like(t) && words <= 4))
    {
        return Some(("byline", Line));
    }
    if is_role_line(&lower, words) && words <= 4 {
        return Some(("byline", Line));
    }
    if prev_kind == Some("photo_caption") && l == "image caption," {
        return Some(("photo_caption", Line));
    }
    // A photo credit: "Jae Kim/Getty Images", "EFE/Javier Cebollada", "REUTERS/Jin Wei".
    if let Some(last) = t.split_whitespace().last() {
        if last.contains('/') && !last.contains("//") && !ends_sentence(t) && words <= 6 {
            return Some(("photo_credit", Line));
        }
    }
    if t.contains(" EFE/") || t.contains(" REUTERS/") || t.contains("(AP Photo") {
        return Some(("photo_caption", Line));
    }
    // "(Ledger Daily)" at the end of a line that is not a sentence: a caption and its source.
    if t.ends_with(')') && !ends_sentence(t) {
        if let Some(open) = t.rfind('(') {
            let inside = &t[open + 1..t.len() - 1];
            if inside.split_whitespace().count() <= 4
                && inside
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
                && open > 0
                && words > 4
            {
                return Some(("photo_caption", Line));
            }
        }
    }
    // "MILLBROOK, Ind. (WMBK) -": a dateline alone on its line.
    if words <= 8 && t.contains('(') && (t.ends_with(" -") || t.ends_with(" \u{2014}")) {
        return Some(("dateline", Line));
    }
    // "… lundi soir. | Ouest Photo / Marc Le Goff": a caption and its credit.
    if let Some((_, credit)) = t.rsplit_once(" | ") {
        if credit.split_whitespace().count() <= 6
            && (credit.contains('/') || credit.to_lowercase().contains("photo"))
        {
            return Some(("photo_caption", Line));
        }
    }
    // "News | Local", "Home » Energy » Batteries".
    if (t.contains(" | ") || t.contains(" \u{BB} ") || t.contains(" > "))
        && words <= 8
        && !ends_sentence(t)
    {
        return Some(("navigation", Line));
    }
    // "News Opinion Sport Culture Lifestyle": capitalised words and nothing else.
    if words >= 4
        && t.split_whitespace()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) && !is_stopword(w))
        && !ends_sentence(t)
        && !is_name_like(t)
    {
        return Some(("navigation", Line));
    }
    None
}

/// The furniture kind of one line judged alone, for telling a scraped page from other text.
pub(crate) fn furniture_kind(t: &str) -> Option<&'static str> {
    let t = t.trim();
    furniture(t, t.split_whitespace().count(), None).map(|(k, _)| k)
}

/// Whether the line is a picture's caption by its neighbour: a short line just before a credit.
fn caption_by_neighbour(feats: &[Feat], i: usize) -> bool {
    feats.get(i + 1).is_some_and(|n| {
        matches!(n.pattern, Some(("photo_credit", _)))
            || matches!(n.pattern, Some(("photo_caption", _))) && n.words <= 6
    }) && feats[i].words <= 30
}

/// Classifies every line. `known_at` is the line of a headline that the page's metadata gives
/// (HTML).
pub(crate) fn classify(lines: &[Line], known_at: Option<usize>) -> Vec<Role> {
    let n = lines.len();
    let mut feats: Vec<Feat> = Vec::with_capacity(n);
    let mut prev_kind = None;
    for l in lines {
        let f = features(l, prev_kind);
        prev_kind = f.pattern.map(|(k, _)| k);
        feats.push(f);
    }
    // "Image caption," announces the caption on the next line.
    for i in 1..n {
        let prev = lines[i - 1].text.trim().to_lowercase();
        if (prev == "image caption," || prev == "image caption" || prev == "caption:")
            && !feats[i].good
        {
            feats[i].pattern = Some(("photo_caption", Flow::Line));
        }
    }
    // Captions named by the credit under them.
    for i in 0..n {
        if feats[i].pattern.is_none() && !feats[i].good && caption_by_neighbour(&feats, i) {
            feats[i].pattern = Some(("photo_caption", Flow::Line));
        }
    }
    // Runs of three or more short lines that are not sentences: menus, link lists, topic lists.
    let short = |f: &Feat| f.words <= 4 && !f.sentence && !f.good;
    let mut i = 0;
    while i < n {
        if short(&feats[i]) && feats[i].pattern.is_none_or(|(_, fl)| fl == Flow::Line) {
            let mut j = i;
            while j < n
                && short(&feats[j])
                && feats[j].pattern.is_none_or(|(_, fl)| fl == Flow::Line)
            {
                j += 1;
            }
            let unmarked = feats[i..j].iter().filter(|f| f.pattern.is_none()).count();
            if j - i >= 3 && unmarked >= 3 {
                for f in &mut feats[i..j] {
                    if f.pattern.is_none() {
                        f.pattern = Some(("navigation", Flow::Line));
                    }
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }

    let mut roles: Vec<Role> = vec![Role::Removed("page_furniture"); n];
    let kind_of = |f: &Feat| f.pattern.map(|(k, _)| k);

    // Where the story starts: a good paragraph outside any teaser box, followed by another good
    // paragraph or long enough to stand alone.
    let next_good = |feats: &[Feat], i: usize| -> bool {
        for f in feats.iter().skip(i + 1).take(8) {
            if f.good {
                return true;
            }
            if f.pattern.is_some() {
                continue;
            }
            if f.words > 3 {
                return false;
            }
        }
        false
    };
    // Inside a teaser box or not, a run of good paragraphs (or one long one) starts the story.
    let from = known_at.map_or(0, |k| k + 1);
    let start = (from..n).find(|&i| {
        let f = &feats[i];
        f.pattern.is_none() && f.good && (next_good(&feats, i) || f.words >= 25)
    });
    let Some(mut start) = start else {
        // No run of real paragraphs: keep what is not furniture, as the page gave it.
        for (i, f) in feats.iter().enumerate() {
            roles[i] = match kind_of(f) {
                Some(k) => Role::Removed(k),
                None if lines[i].heading.is_some() => Role::Subheading,
                None => Role::Paragraph,
            };
        }
        if let Some(k) = known_at {
            roles[k] = Role::Headline;
        }
        return roles;
    };

    // The headline: the top of the block of title-like lines just above the story, skipping
    // bylines, time stamps, pictures and share buttons; navigation and labels end the search.
    let header_skippable = |f: &Feat| match f.pattern {
        Some((k, _)) => !is_delimiter(k),
        None => false,
    };
    let mut group: Vec<usize> = Vec::new();
    let mut k = start;
    while k > 0 {
        k -= 1;
        if Some(k) == known_at {
            group.push(k);
            break;
        }
        let f = &feats[k];
        if header_skippable(f) {
            continue;
        }
        if f.pattern.is_some() {
            break;
        }
        if f.name_like && f.words <= 4 && !group.is_empty() {
            break;
        }
        if f.name_like && f.words <= 4 {
            // A name alone between headline and story: the byline.
            feats[k].pattern = Some(("byline", Flow::Line));
            continue;
        }
        if group.is_empty() && f.words <= 2 && !f.good {
            // A place or a label under the headline ("Zaragoza").
            feats[k].pattern = Some(("page_furniture", Flow::Line));
            continue;
        }
        let candidate = (f.title_like || (f.words >= 6 && f.words <= 70)) && !f.good
            || (f.words >= 4 && f.words <= 70 && group.is_empty() && f.sentence);
        let candidate = candidate || lines[k].heading.is_some() && f.words >= 2;
        if !candidate {
            break;
        }
        group.push(k);
        if start - k > 60 {
            break;
        }
    }
    group.reverse();
    // The markup's headline wins over whatever the search above found.
    if let Some(k) = known_at.filter(|&k| k < start) {
        if group.first() != Some(&k) {
            group.retain(|&g| g > k);
            group.insert(0, k);
        }
    }
    if known_at.is_none() {
        // A heading in the markup wins over other title-like lines.
        if let Some(p) = group.iter().position(|&g| lines[g].heading == Some(1)) {
            group.drain(..p);
        }
    }
    let mut headline = group.first().copied();
    let mut standfirst = None;
    if let Some(&h) = group.first() {
        if !feats[h].title_like && lines[h].heading.is_none() && known_at != Some(h) {
            // The top line is a sentence: no headline line on the page.
            if group.len() == 1 {
                standfirst = Some(h);
                headline = None;
            }
        }
    }
    if let Some(h) = headline {
        roles[h] = Role::Headline;
        if group.len() >= 2 {
            let s = group[1];
            if group.len() == 2 && feats[s].words >= 6 {
                standfirst = Some(s);
            } else {
                for &g in &group[1..] {
                    roles[g] = Role::Removed("summary");
                }
            }
        } else if feats[start].words <= 70 {
            // A sentence-shaped standfirst: the first good block, when furniture (a byline,
            // a time stamp, a picture) separates it from the next paragraph.
            let between_furniture = feats[start + 1..]
                .iter()
                .take_while(|f| !f.good)
                .any(|f| f.pattern.is_some());
            let sep_header = (h + 1..start).all(|i| feats[i].pattern.is_some());
            if between_furniture && sep_header && feats[start].words <= 45 {
                if let Some(next) = (start + 1..n).find(|&i| feats[i].good) {
                    standfirst = Some(start);
                    start = next;
                }
            }
        }
    }
    if let Some(s) = standfirst {
        roles[s] = Role::Standfirst;
    }
    // Everything above the story that is not headline or standfirst.
    let mut byline_taken = false;
    for i in 0..start {
        if matches!(
            roles[i],
            Role::Headline | Role::Standfirst | Role::Removed("summary")
        ) {
            continue;
        }
        let kind = kind_of(&feats[i]).unwrap_or(if feats[i].title_like {
            "related_story"
        } else {
            "page_furniture"
        });
        let before_headline = headline.is_none_or(|h| i < h);
        roles[i] = match kind {
            "byline" if !byline_taken && !before_headline => {
                byline_taken = true;
                Role::Byline
            }
            "timestamp" if before_headline => Role::Removed("page_date"),
            k => Role::Removed(k),
        };
    }

    // The story: paragraphs until a section after the story begins; boxes inside it are cut
    // out up to where real paragraphs resume; short lines are judged by their neighbours.
    let mut in_box = false;
    let mut ended = false;
    let mut last_kept: Option<usize> = None;
    for i in start..n {
        let f = &feats[i];
        if ended {
            roles[i] = Role::Removed(kind_of(f).unwrap_or("page_end"));
            continue;
        }
        match f.pattern {
            Some((k, Flow::End)) => {
                // A footer line inside the copy ("Copyright…") with story after it is not an end.
                ended = true;
                roles[i] = Role::Removed(k);
                continue;
            }
            Some((k, Flow::Box)) => {
                in_box = true;
                roles[i] = Role::Removed(k);
                continue;
            }
            Some((k, Flow::Line)) => {
                roles[i] = Role::Removed(k);
                continue;
            }
            None => {}
        }
        if f.good {
            if in_box && !(f.words >= 20 || next_good(&feats, i)) {
                roles[i] = Role::Removed("related_story");
                continue;
            }
            in_box = false;
            roles[i] = Role::Paragraph;
            last_kept = Some(i);
            continue;
        }
        if in_box {
            roles[i] = Role::Removed(if f.title_like {
                "related_story"
            } else {
                "page_furniture"
            });
            continue;
        }
        let prev_is_story = last_kept == Some(i.wrapping_sub(1))
            || last_kept.is_some_and(|p| {
                (p + 1..i).all(|j| matches!(roles[j], Role::Paragraph | Role::Subheading))
            });
        let next_is_good = feats.get(i + 1).is_some_and(|g| g.good);
        if f.sentence && f.stop >= 0.1 && (prev_is_story || next_is_good) {
            roles[i] = Role::Paragraph;
            last_kept = Some(i);
        } else if (f.title_like && f.words <= 12 || lines[i].heading.is_some())
            && prev_is_story
            && next_is_good
        {
            roles[i] = Role::Subheading;
            last_kept = Some(i);
        } else {
            roles[i] = Role::Removed(if f.title_like {
                "related_story"
            } else {
                "page_furniture"
            });
        }
    }
    roles
}

/// For comparing a metadata headline with a line of the page.
pub(crate) fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_stamps() {
        for t in [
            "Updated 2 hrs ago",
            "Mon 3 Jun 2024 14.05 BST",
            "Stand: 05.06.2024, 14:05 Uhr",
            "PUBLISHED: 14:05 BST, 3 June 2024 | UPDATED: 16:40 BST, 3 June 2024",
            "5h",
            "Posted Mon 3 Jun 2024 at 2:05pm, updated Mon 3 Jun 2024 at 4:47pm",
            "Actualizado: 03/06/2024 14:05 CEST",
            "June 4, 2024 11:48 AM GMT+1",
            "an hour ago",
        ] {
            assert!(is_timestamp(t), "{t}");
        }
        for t in [
            "Copper hits two-year high",
            "4 minute read",
            "Riverside United 1-0 Castlegate",
        ] {
            assert!(!is_timestamp(t), "{t}");
        }
    }

    #[test]
    fn bylines() {
        for t in [
            "By Jo Parks",
            "Von Jonas Berger",
            "Posted by Ellie Brandt",
            "Owen Carter at Riverside Park",
            "Hannah Groves in London",
            "Amara Okafor Environment correspondent",
            "By Dana Whitfield, CNE",
        ] {
            assert!(is_byline(t), "{t}");
        }
        for t in [
            "By the end of the year, prices fell.",
            "Copper hits two-year high",
        ] {
            assert!(!is_byline(t), "{t}");
        }
    }
}

#[cfg(test)]
mod debug {
    /// `PAGE=tests/pages/x.txt cargo test -p copydesk-wire roles_of_a_page -- --nocapture`
    #[test]
    fn roles_of_a_page() {
        let Some(path) = std::env::var_os("PAGE") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let lines: Vec<super::Line> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(super::Line::text)
            .collect();
        for (l, r) in lines.iter().zip(super::classify(&lines, None)) {
            println!("{r:?}\t{}", l.text);
        }
    }
}
