//! `idgate thumbprint FILE`: the RFC 7638 thumbprint (a DPoP-bound token's `cnf.jkt`) of each
//! key of a JWK or JWKS file.

use std::path::PathBuf;

use clap::Args;
use idgate::Thumbprint;
use serde_json::Value;

use crate::input::read_file;
use crate::output::{Failure, write_stdout};

pub(crate) const HELP: &str = "\
Prints one line per key: its kid (`-` if none) and its RFC 7638 SHA-256 thumbprint
(base64url, the value of a DPoP-bound token's cnf.jkt). FILE holds one JWK or a JWKS
({\"keys\":[...]}). A key that has no thumbprint (an `oct` key, a missing member) is printed
with `error: <code>`, and the exit code is then 1.

Example:
  idgate thumbprint jwks.json";

/// `idgate thumbprint FILE`.
#[derive(Args)]
pub(crate) struct ThumbprintArgs {
    /// A JWK or JWKS file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// `idgate thumbprint FILE`: exit 0 if every key has a thumbprint, else 1.
pub(crate) fn run(args: &ThumbprintArgs) -> Result<(), Failure> {
    let bytes = read_file(&args.file, "JWK")?;
    let doc: Value = serde_json::from_slice(&bytes)
        .map_err(|e| Failure::Usage(format!("{}: not JSON: {e}", args.file.display())))?;
    let keys: Vec<&Value> = match doc.get("keys") {
        Some(Value::Array(keys)) => keys.iter().collect(),
        Some(_) => {
            return Err(Failure::Usage(format!(
                "{}: `keys` is not an array",
                args.file.display()
            )));
        }
        None => vec![&doc],
    };
    let mut out = String::new();
    let mut first_error = None;
    for key in keys {
        let kid = key.get("kid").and_then(Value::as_str).unwrap_or("-");
        match Thumbprint::of_jwk(key.to_string().as_bytes()) {
            Ok(t) => {
                let mut text = [0u8; idgate::THUMBPRINT_B64_LEN];
                out.push_str(&format!("{kid} {}\n", t.encode(&mut text)));
            }
            Err(e) => {
                out.push_str(&format!("{kid} error: {}\n", e.code()));
                first_error.get_or_insert(e);
            }
        }
    }
    write_stdout(out.as_bytes())?;
    match first_error {
        None => Ok(()),
        Some(error) => Err(Failure::rejected(error)),
    }
}
