//! What the commands print: stdout, and the verdict, hints and notes on stderr with the exit
//! code.

use std::io::{self, Write};
use std::process::ExitCode;

use idgate::Error;

/// Why the command did not succeed.
pub(crate) enum Failure {
    /// Exit 2: usage or input-file error, with a message.
    Usage(String),
    /// Exit 1: the token was refused; `hints` are printed after the sentence.
    Rejected { error: Error, hints: Vec<String> },
}

impl Failure {
    pub(crate) fn rejected(error: Error) -> Self {
        Failure::Rejected {
            error,
            hints: Vec::new(),
        }
    }
}

/// Prints the verdict of a command on stderr (`rejected: <code>`, the sentence and the hints;
/// or `error: ...`), then `notes`, and returns the exit code: 0, 1 rejected, 2 usage.
pub(crate) fn report(result: Result<(), Failure>, notes: &[String]) -> ExitCode {
    let mut err = io::stderr().lock();
    let code = match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Rejected { error, hints }) => {
            let _ = writeln!(err, "rejected: {}", error.code());
            let _ = writeln!(err, "{}", sentence(error));
            for hint in hints {
                let _ = writeln!(err, "hint: {hint}");
            }
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            let _ = writeln!(err, "error: {message}");
            ExitCode::from(2)
        }
    };
    for note in notes {
        let _ = writeln!(err, "{note}");
    }
    code
}

/// `Error::message()` as a sentence: capitalised, with a full stop.
fn sentence(error: Error) -> String {
    let message = error.message();
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// Writes `bytes` to stdout and flushes; a failure is a usage error (exit 2).
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Usage(format!("cannot write to stdout: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences() {
        assert_eq!(sentence(Error::Expired), "The token has expired (exp).");
    }
}
