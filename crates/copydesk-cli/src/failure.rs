//! How a command fails: the core's stable `ErrorCode` and a message, or a reader that went away.
use copydesk_core::{Error, ErrorCode};
use std::io;

pub enum Failure {
    /// Standard output was closed by its reader (`copydesk … | head`): stop quietly, with
    /// success, as ripgrep does.
    ClosedPipe,
    /// A failure to report as `error[<code>]: message`, exit status 1.
    Error { code: ErrorCode, message: String },
}

impl Failure {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Failure::Error {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Failure::new(ErrorCode::Invalid, message)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::new(e.code(), e.to_string())
    }
}

/// Writing the output failed: a closed pipe is the reader's choice, anything else an `io` error.
impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::ClosedPipe
        } else {
            Failure::new(ErrorCode::Io, format!("cannot write the output: {e}"))
        }
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        match e.io_error_kind() {
            Some(kind) => io::Error::from(kind).into(),
            None => Failure::new(ErrorCode::Internal, e.to_string()),
        }
    }
}
