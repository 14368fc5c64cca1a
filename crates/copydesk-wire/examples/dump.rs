//! Prints what `copydesk_wire::read` makes of each file given on the command line, as JSON.
//! `cargo run --example dump -- FILE…`

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let out = match copydesk_wire::read(&bytes, &copydesk_wire::Limits::default()) {
            Ok(reading) => serde_json::to_string_pretty(&reading),
            Err(rejection) => serde_json::to_string_pretty(&rejection),
        };
        println!("=== {path}\n{}", out.unwrap_or_else(|e| e.to_string()));
    }
}
