//! One module per noun: each turns its arguments into core calls and hands the result to
//! `print`.
pub mod article;
pub mod backup;
pub mod newsroom;
pub mod profile;
pub mod publishing;
pub mod wire;
pub mod workflow;

use crate::failure::Failure;
use copydesk_core::ErrorCode;
use std::path::Path;

/// The UTF-8 text of a file, or of standard input for "-".
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    let bytes = bytes.map_err(|e| {
        Failure::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    String::from_utf8(bytes)
        .map_err(|_| Failure::invalid(format!("{} is not UTF-8 text", path.display())))
}

/// An RFC 3339 instant given on the command line.
pub fn parse_instant(s: &str) -> Result<jiff::Timestamp, Failure> {
    s.parse::<jiff::Timestamp>()
        .map_err(|e| Failure::invalid(format!("\"{s}\" is not an RFC 3339 instant: {e}")))
}
