//! Times the security doc's pathological inputs through the whole pipeline (comrak, tree
//! pass, sanitiser) next to comrak alone, since the sanitiser has costs of its own. Run with
//! `cargo run --release -p copydesk-render --example pathological`.

use std::time::{Duration, Instant};

use copydesk_render::{render, RenderOptions};

fn cases() -> Vec<(&'static str, String)> {
    let nested_list: String = (0..3_000)
        .map(|depth| format!("{}- a\n", "  ".repeat(depth)))
        .collect();
    let table = |cols: usize, rows: usize| -> String {
        (0..rows + 2)
            .map(|row| format!("{}|\n", if row == 1 { "|-" } else { "| x" }.repeat(cols)))
            .collect()
    };
    let refs: String = (0..10_000)
        .map(|i| format!("[r{i}]: https://e.example/{i}\n"))
        .chain((0..10_000).map(|i| format!("[x][r{i}] ")))
        .collect();
    vec![
        ("50,000 nested >", ">".repeat(50_000)),
        ("3,000-level nested list", nested_list),
        ("[a](<b x 50k", "[a](<b".repeat(50_000)),
        ("< x 80k", "<".repeat(80_000)),
        ("'* ' x 40k + a", format!("{}a", "* ".repeat(40_000))),
        ("_a* x 80k", "_a* ".repeat(80_000)),
        (
            "*a x 10k nested emphasis",
            format!("{}{}", "*a ".repeat(10_000), "a* ".repeat(10_000)),
        ),
        ("> - x 20k quote/list", "> - ".repeat(20_000)),
        ("20 MB single line", "a".repeat(20_000_000)),
        ("& x 400k", "&".repeat(400_000)),
        ("« x 160k (smart <<)", "<".repeat(320_000)),
        ("£ x 500k", "£".repeat(500_000)),
        ("table 200 cols x 50 rows", table(200, 50)),
        ("table 2,000 cols x 200 rows", table(2_000, 200)),
        ("10k link refs x 10k uses", refs),
    ]
}

fn comrak_only(markdown: &str) -> (usize, Duration) {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.footnotes = true;
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    options.extension.tasklist = true;
    options.parse.smart = true;
    let start = Instant::now();
    let html = comrak::markdown_to_html(markdown, &options);
    (html.len(), start.elapsed())
}

fn main() {
    let options = RenderOptions::default();
    for (name, markdown) in cases() {
        let start = Instant::now();
        let html = render(&markdown, &options).html;
        let elapsed = start.elapsed();
        let (comrak_bytes, comrak_elapsed) = comrak_only(&markdown);
        println!(
            "{name:<28} in {:>9} B  out {:>9} B  render {:>10.2?}   (comrak alone: out {:>9} B, {:>9.2?})",
            markdown.len(),
            html.len(),
            elapsed,
            comrak_bytes,
            comrak_elapsed
        );
    }
}
