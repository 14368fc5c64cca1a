//! Publishing writes each version of a story to the outbox folder in the formats downstream
//! systems read: a standalone HTML page, Markdown with front matter, ninjs JSON, NITF and
//! NewsML-G2. Every file is written to a temporary name and renamed, so a reader never sees
//! half a file.
use crate::article::Article;
use crate::error::{Error, Result};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PublicationKind {
    Publish,
    Correction,
    Kill,
}

impl PublicationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PublicationKind::Publish => "publish",
            PublicationKind::Correction => "correction",
            PublicationKind::Kill => "kill",
        }
    }

    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "correction" => PublicationKind::Correction,
            "kill" => PublicationKind::Kill,
            _ => PublicationKind::Publish,
        }
    }
}

/// Whether a publication's files are in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Not written yet.
    Pending,
    Written,
    /// The write failed; the scheduler tries again. The story stays published.
    Failed,
    /// A newsroom story: the newsroom server's outbox writes the files (`detail` says where,
    /// once it has), never this desk.
    Newsroom,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Written => "written",
            OutboxState::Failed => "failed",
            OutboxState::Newsroom => "newsroom",
        }
    }

    /// The stored string; anything unknown is `pending` (it will be written again).
    pub fn parse(stored: &str) -> Self {
        match stored {
            "written" => OutboxState::Written,
            "failed" => OutboxState::Failed,
            "newsroom" => OutboxState::Newsroom,
            _ => OutboxState::Pending,
        }
    }
}

/// One publication of an article and where its files went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Publication {
    pub id: i64,
    pub article_id: i64,
    pub kind: PublicationKind,
    /// 1 for the first publication, then 2, 3… for corrections and the kill.
    pub number: i64,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub at: Timestamp,
    pub outbox: OutboxState,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OutboxFile {
    pub format: String,
    pub path: String,
}

fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs of plain text from the Markdown body, for formats that carry text, not HTML.
fn paragraphs(markdown: &str) -> Vec<(bool, String)> {
    markdown
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let heading = p.starts_with('#');
            let text = p.trim_start_matches('#').trim();
            let text: String = text
                .chars()
                .filter(|c| !matches!(c, '*' | '_' | '`'))
                .collect();
            (
                heading,
                text.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

fn guid(article: &Article) -> String {
    format!("urn:copydesk:article:{}", article.uuid)
}

/// The folder a story's publications go in, `<key>-<slug>` (the slug made safe for a path):
/// the desk keys by its article number, the newsroom server by the story's UUID.
pub fn story_folder(key: &str, slug: &str) -> String {
    let slug: String = slug
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        key.to_string()
    } else {
        format!("{key}-{slug}")
    }
}

fn html_page(article: &Article, kind: PublicationKind) -> String {
    let body = if kind == PublicationKind::Kill {
        "<p><strong>KILL: this story has been withdrawn. Do not use.</strong></p>".to_string()
    } else {
        copydesk_render::render(&article.body, &copydesk_render::RenderOptions::default()).html
    };
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n<title>{title}</title>\n</head>\n<body>\n<article>\n<h1>{title}</h1>\n{standfirst}{byline}{body}</article>\n</body>\n</html>\n",
        title = escape_xml(&article.headline),
        standfirst = if article.standfirst.is_empty() {
            String::new()
        } else {
            format!("<p class=\"standfirst\">{}</p>\n", escape_xml(&article.standfirst))
        },
        byline = if article.byline.is_empty() {
            String::new()
        } else {
            format!("<p class=\"byline\">{}</p>\n", escape_xml(&article.byline))
        },
    )
}

fn markdown(article: &Article, kind: PublicationKind, number: i64, at: Timestamp) -> String {
    // JSON strings are valid YAML scalars: no quoting rules to get wrong.
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let tags: Vec<String> = article.tags.iter().map(|t| q(t)).collect();
    format!(
        "---\nid: {id}\nguid: {guid}\nheadline: {headline}\nstandfirst: {standfirst}\nbyline: {byline}\ndateline: {dateline}\nslug: {slug}\ntags: [{tags}]\nstatus: {status}\nversion: {number}\npublished: {at}\n---\n\n{body}\n",
        id = article.uuid,
        guid = q(&guid(article)),
        headline = q(&article.headline),
        standfirst = q(&article.standfirst),
        byline = q(&article.byline),
        dateline = q(&article.dateline),
        slug = q(&article.slug),
        tags = tags.join(", "),
        status = if kind == PublicationKind::Kill { "canceled" } else { "usable" },
        body = if kind == PublicationKind::Kill {
            "KILL: this story has been withdrawn. Do not use."
        } else {
            article.body.trim_end()
        },
    )
}

pub fn ninjs(article: &Article, kind: PublicationKind, number: i64, at: Timestamp) -> String {
    let html =
        copydesk_render::render(&article.body, &copydesk_render::RenderOptions::default()).html;
    let value = serde_json::json!({
        "uri": guid(article),
        "type": "text",
        "version": number.to_string(),
        "versioncreated": at.to_string(),
        "pubstatus": if kind == PublicationKind::Kill { "canceled" } else { "usable" },
        "headline": article.headline,
        "description_text": article.standfirst,
        "byline": article.byline,
        "located": article.dateline,
        "urgency": article.urgency,
        "slugline": article.slug,
        "keywords": article.tags,
        "body_html": if kind == PublicationKind::Kill { String::new() } else { html },
        "ednote": if kind == PublicationKind::Kill { "KILL: this story has been withdrawn. Do not use." } else { "" },
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn nitf_body(article: &Article, kind: PublicationKind) -> String {
    let mut content = String::new();
    if kind == PublicationKind::Kill {
        content.push_str("<p>KILL: this story has been withdrawn. Do not use.</p>");
    } else {
        for (heading, text) in paragraphs(&article.body) {
            if heading {
                content.push_str(&format!("<hl2>{}</hl2>", escape_xml(&text)));
            } else {
                content.push_str(&format!("<p>{}</p>", escape_xml(&text)));
            }
        }
    }
    format!(
        "<body><body.head><hedline><hl1>{}</hl1></hedline>{}{}</body.head><body.content>{}</body.content></body>",
        escape_xml(&article.headline),
        if article.byline.is_empty() {
            String::new()
        } else {
            format!("<byline>{}</byline>", escape_xml(&article.byline))
        },
        if article.dateline.is_empty() {
            String::new()
        } else {
            format!("<dateline>{}</dateline>", escape_xml(&article.dateline))
        },
        content
    )
}

fn nitf(article: &Article, kind: PublicationKind, number: i64, at: Timestamp) -> String {
    let status = if kind == PublicationKind::Kill {
        "canceled"
    } else {
        "usable"
    };
    let keys: String = article
        .tags
        .iter()
        .map(|t| format!("<keyword key=\"{}\"/>", escape_xml(t)))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf version=\"-//IPTC//DTD NITF 3.6//EN\"><head><title>{title}</title><docdata management-status=\"{status}\"><doc-id id-string=\"{guid}\"/><urgency ed-urg=\"{urg}\"/><date.issue norm=\"{date}\"/><du-key version=\"{number}\" key=\"{slug}\"/><key-list>{keys}</key-list></docdata></head>{body}</nitf>\n",
        title = escape_xml(&article.headline),
        guid = escape_xml(&guid(article)),
        urg = article.urgency,
        date = at.strftime("%Y%m%dT%H%M%SZ"),
        slug = escape_xml(&article.slug),
        body = nitf_body(article, kind),
    )
}

fn newsml_g2(article: &Article, kind: PublicationKind, number: i64, at: Timestamp) -> String {
    let status = if kind == PublicationKind::Kill {
        "stat:canceled"
    } else {
        "stat:usable"
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"{guid}\" version=\"{number}\" standard=\"NewsML-G2\" standardversion=\"2.30\" conformance=\"power\"><catalogRef href=\"http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_37.xml\"/><itemMeta><itemClass qcode=\"ninat:text\"/><provider literal=\"Copydesk\"/><versionCreated>{at}</versionCreated><pubStatus qcode=\"{status}\"/></itemMeta><contentMeta><urgency>{urg}</urgency><slugline>{slug}</slugline><headline>{title}</headline>{keywords}</contentMeta><contentSet><inlineXML contenttype=\"application/nitf+xml\"><nitf xmlns=\"http://iptc.org/std/NITF/2006-10-18/\">{body}</nitf></inlineXML></contentSet></newsItem>\n",
        guid = escape_xml(&guid(article)),
        at = at,
        urg = article.urgency,
        slug = escape_xml(&article.slug),
        title = escape_xml(&article.headline),
        keywords = article
            .tags
            .iter()
            .map(|t| format!("<keyword>{}</keyword>", escape_xml(t)))
            .collect::<String>(),
        body = nitf_body(article, kind),
    )
}

fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp-copydesk");
    {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

/// Writes one publication of `article` under `outbox/<id>-<slug>/<kind>-<number>/`.
pub(crate) fn write(
    outbox: &Path,
    article: &Article,
    kind: PublicationKind,
    number: i64,
    at: Timestamp,
) -> Result<Vec<OutboxFile>> {
    let dir: PathBuf = outbox
        .join(story_folder(&article.id.to_string(), &article.slug))
        .join(format!("{}-{number}", kind.as_str()));
    write_publication(&dir, article, kind, number, at)
}

/// Writes one publication's files (HTML, Markdown, ninjs, NITF, NewsML-G2, and a kill notice
/// for a kill) into `dir`, made if missing. Each file is written whole or not at all, so
/// writing the same publication again (after a crash) gives the same files.
pub fn write_publication(
    dir: &Path,
    article: &Article,
    kind: PublicationKind,
    number: i64,
    at: Timestamp,
) -> Result<Vec<OutboxFile>> {
    let dir = dir.to_path_buf();
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    let files = [
        ("html", "article.html", html_page(article, kind)),
        (
            "markdown",
            "article.md",
            markdown(article, kind, number, at),
        ),
        (
            "ninjs",
            "article.ninjs.json",
            ninjs(article, kind, number, at),
        ),
        ("nitf", "article.nitf.xml", nitf(article, kind, number, at)),
        (
            "newsml_g2",
            "article.newsml.xml",
            newsml_g2(article, kind, number, at),
        ),
    ];
    let mut written = Vec::new();
    for (format, name, text) in files {
        let path = dir.join(name);
        write_atomically(&path, &text)
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
        written.push(OutboxFile {
            format: format.into(),
            path: path.display().to_string(),
        });
    }
    if kind == PublicationKind::Kill {
        let path = dir.join("KILL-NOTICE.txt");
        let notice = format!(
            "KILL — {}\n\nThis story ({}) has been withdrawn at {at}. Do not use it; remove it wherever it was published.\n",
            article.headline, guid(article)
        );
        write_atomically(&path, &notice)
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
        written.push(OutboxFile {
            format: "kill_notice".into(),
            path: path.display().to_string(),
        });
    }
    Ok(written)
}
