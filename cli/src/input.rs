//! Input: the TOKEN argument (stdin, a file or the token itself) and the files the commands
//! read, each with a size limit.

use std::io::{self, Read};
use std::path::Path;

use crate::output::Failure;

/// Largest input file (or stdin) read, in bytes. The library's own limits are lower (16 KiB
/// tokens, 256 KiB JWKS); this only stops the CLI from reading unbounded input.
pub(crate) const MAX_INPUT_LEN: usize = 1024 * 1024;

/// The start of the message of an input past [`MAX_INPUT_LEN`].
const TOO_LONG: &str = "too long: ";

/// True if `f` is [`read_limited`]'s refusal of an input past [`MAX_INPUT_LEN`].
fn f_is_too_long(f: &Failure) -> bool {
    matches!(f, Failure::Usage(m) if m.starts_with(TOO_LONG))
}

/// Reads at most [`MAX_INPUT_LEN`] bytes; more is an error.
fn read_limited(reader: impl Read, what: &str) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    let limit = u64::try_from(MAX_INPUT_LEN)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    reader
        .take(limit)
        .read_to_end(&mut buf)
        .map_err(|e| Failure::Usage(format!("cannot read {what}: {e}")))?;
    if buf.len() > MAX_INPUT_LEN {
        return Err(Failure::Usage(format!(
            "{TOO_LONG}{what} is larger than {MAX_INPUT_LEN} bytes"
        )));
    }
    Ok(buf)
}

/// Reads a whole file of at most 1 MiB; `what` names it in the error.
pub(crate) fn read_file(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
    let label = format!("{what} file {}", path.display());
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::Usage(format!("cannot read {label}: {e}")))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Failure::Usage(format!(
            "cannot read {label}: it is a directory"
        )));
    }
    read_limited(file, &label)
}

/// Where the token came from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Stdin,
    File,
    Argument,
}

/// Reads the TOKEN argument: `-` is stdin, an existing file is read, anything else is the
/// token itself. Surrounding whitespace is trimmed.
pub(crate) fn read_token(arg: &str) -> Result<(Vec<u8>, Source), Failure> {
    // A token past the input limit is refused as the library would: too large.
    let too_large = |f: Failure| match f {
        Failure::Usage(_) if f_is_too_long(&f) => Failure::rejected(idgate::Error::TooLarge),
        other => other,
    };
    let (raw, source) = if arg == "-" {
        (
            read_limited(io::stdin().lock(), "the token from stdin").map_err(too_large)?,
            Source::Stdin,
        )
    } else if Path::new(arg).exists() {
        (
            read_file(Path::new(arg), "token").map_err(too_large)?,
            Source::File,
        )
    } else if arg.contains(['/', '\\']) {
        // Never part of a compact token (base64url has neither): a path that does not exist.
        return Err(Failure::Usage(format!(
            "cannot read token file {arg}: no such file"
        )));
    } else {
        (arg.as_bytes().to_vec(), Source::Argument)
    };
    Ok((raw.trim_ascii().to_vec(), source))
}
