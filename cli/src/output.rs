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

/// A verified claim set (strict JSON, as the library accepted it), indented, exactly as
/// signed: members in their order, numbers and literals copied as written (no rounding of
/// integers beyond 64 bits or of decimals), strings decoded and re-escaped minimally (`"`,
/// `\\` and control characters), so `https:\/\/a` prints as `https://a`.
pub(crate) fn json_as_signed(json: &[u8]) -> String {
    let text = String::from_utf8_lossy(json);
    let mut out = String::with_capacity(text.len().saturating_mul(2));
    let mut depth = 0usize;
    let indent = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        match ch {
            '"' => {
                // The string's end: the next quote not escaped.
                let mut end = i;
                let mut escaped = false;
                for (j, c) in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        end = j;
                        break;
                    }
                }
                let raw = text.get(i..=end).unwrap_or("\"\"");
                match serde_json::from_str::<String>(raw) {
                    Ok(s) => out.push_str(&serde_json::to_string(&s).unwrap_or_default()),
                    Err(_) => out.push_str(raw),
                }
            }
            '{' | '[' => {
                out.push(ch);
                let close = if ch == '{' { '}' } else { ']' };
                // An empty container stays on one line.
                while chars.peek().is_some_and(|(_, c)| c.is_ascii_whitespace()) {
                    chars.next();
                }
                if chars.peek().is_some_and(|(_, c)| *c == close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth = depth.saturating_add(1);
                    indent(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                indent(&mut out, depth);
                out.push(ch);
            }
            ',' => {
                out.push(',');
                indent(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_as_signed() {
        let doc = br#" {"a":123456789012345678901234567890,"b":1.10,"c":"https:\/\/x\u00e9\n",
            "d":[],"e":{},"f":[1,{"g":null}],"h":-0.5e-7,"i":true} "#;
        let want = "{\n  \"a\": 123456789012345678901234567890,\n  \"b\": 1.10,\n  \"c\": \"https://x\u{e9}\\n\",\n  \"d\": [],\n  \"e\": {},\n  \"f\": [\n    1,\n    {\n      \"g\": null\n    }\n  ],\n  \"h\": -0.5e-7,\n  \"i\": true\n}";
        assert_eq!(json_as_signed(doc), want);
    }

    #[test]
    fn sentences() {
        assert_eq!(sentence(Error::Expired), "The token has expired (exp).");
    }
}
