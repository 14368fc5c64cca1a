//! A deterministic long news article for the render benchmark and the p99 example.
//!
//! Plain prose with what copy really carries: subheads, quotes with straight quotes for smart
//! punctuation, links, emphasis, a bulleted list and a pull quote per section.

const WORDS: &[&str] = &[
    "council",
    "budget",
    "minister",
    "residents",
    "said",
    "on",
    "Tuesday",
    "the",
    "plan",
    "would",
    "cost",
    "million",
    "over",
    "three",
    "years",
    "according",
    "to",
    "documents",
    "seen",
    "by",
    "reporters",
    "officials",
    "declined",
    "comment",
    "opposition",
    "leaders",
    "called",
    "it",
    "a",
    "mistake",
    "while",
    "business",
    "groups",
    "welcomed",
    "decision",
    "after",
    "months",
    "of",
    "talks",
    "with",
    "unions",
    "and",
    "local",
    "schools",
    "police",
    "hospital",
    "transport",
    "housing",
    "election",
    "vote",
    "report",
    "inquiry",
    "court",
    "ruling",
    "week",
    "city",
    "region",
    "government",
    "spokesperson",
    "figures",
    "showed",
    "rise",
    "in",
    "prices",
    "since",
    "last",
    "spring",
    "when",
    "storm",
    "damaged",
    "roads",
];

/// Deterministic word picker (a linear congruential generator: no dependency, same every run).
struct Prose(u64);

impl Prose {
    fn word(&mut self) -> &'static str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let index = usize::try_from(self.0 >> 33).unwrap_or(0) % WORDS.len();
        WORDS[index]
    }

    /// One paragraph of `words` words with a link, emphasis, strong and a quotation in it.
    fn paragraph(&mut self, words: usize, out: &mut String) {
        for i in 0..words {
            if i > 0 {
                out.push(' ');
            }
            let word = self.word();
            match i % 23 {
                3 => {
                    out.push('*');
                    out.push_str(word);
                    out.push('*');
                }
                9 => {
                    out.push_str("**");
                    out.push_str(word);
                    out.push_str("**");
                }
                14 => {
                    out.push('[');
                    out.push_str(word);
                    out.push_str("](https://news.example/story/");
                    out.push_str(&i.to_string());
                    out.push(')');
                }
                18 => {
                    out.push('"');
                    out.push_str(word);
                    out.push_str(" it's\"");
                }
                _ => out.push_str(word),
            }
        }
        out.push_str(".\n\n");
    }
}

/// About `words` words of Markdown: sections of a subhead, six paragraphs, a list, a quote.
pub fn article(words: usize) -> String {
    let mut prose = Prose(2026);
    let mut out =
        String::from("---\nslug: council-budget\nsection: city\n---\n# Council backs budget\n\n");
    let mut written = 0;
    let mut section = 0;
    while written < words {
        section += 1;
        out.push_str("## Section ");
        out.push_str(&section.to_string());
        out.push_str(" -- what changes\n\n");
        for _ in 0..6 {
            prose.paragraph(60, &mut out);
        }
        for _ in 0..4 {
            out.push_str("- ");
            prose.paragraph(8, &mut out);
            out.pop();
        }
        out.push_str("\n> ");
        prose.paragraph(25, &mut out);
        written += 6 * 60 + 4 * 8 + 25 + 4;
    }
    out
}
