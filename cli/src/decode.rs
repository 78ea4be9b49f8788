//! `idgate decode`: header and payload of a token, WITHOUT verification, as JSON.

use clap::Args;
use serde_json::Value;

use crate::input::read_token;
use crate::output::{Failure, write_stdout};

/// The text after the options in `idgate decode --help`.
pub(crate) const HELP: &str = "\
Prints one JSON object on stdout: {\"UNVERIFIED\": true, \"header\": {...}, \"payload\": {...},
\"signature_len\": N}. Nothing is verified: never trust what it shows. A payload that is not
JSON is shown as \"payload_text\" (UTF-8) or \"payload_base64url\", with a \"payload_note\".
Exit 1 with `rejected: <code>` if the token cannot be decoded.

TOKEN is read as for `verify` (`-` for stdin, an existing file, or the token itself).

Examples:
  idgate decode id_token.jwt
  pbpaste | idgate decode - | jq .payload";

#[derive(Args)]
pub(crate) struct DecodeArgs {
    /// The token, `-` for stdin, or the path of a file holding the token.
    #[arg(value_name = "TOKEN|-")]
    token: String,
}

/// Runs `idgate decode`: what it prints goes to stdout, `Err` is the verdict.
pub(crate) fn run(args: &DecodeArgs) -> Result<(), Failure> {
    let (token, _) = read_token(&args.token)?;
    let mut scratch = vec![0u8; idgate::scratch_len(token.len())];
    let decoded = idgate::decode_unverified(&token, &mut scratch).map_err(Failure::rejected)?;
    let mut out = serde_json::Map::new();
    out.insert("UNVERIFIED".to_owned(), Value::Bool(true));
    match serde_json::from_slice::<Value>(decoded.header_json) {
        Ok(header) => out.insert("header".to_owned(), header),
        Err(_) => out.insert(
            "header_text".to_owned(),
            Value::from(String::from_utf8_lossy(decoded.header_json)),
        ),
    };
    let payload = decoded.payload;
    let note = if payload.is_empty() {
        out.insert("payload_text".to_owned(), Value::from(""));
        Some("the payload is empty (a JWS with detached content, RFC 7515 appendix F)")
    } else if let Ok(value) = serde_json::from_slice::<Value>(payload) {
        out.insert("payload".to_owned(), value);
        None
    } else if let Ok(text) = std::str::from_utf8(payload) {
        out.insert("payload_text".to_owned(), Value::from(text));
        Some("the payload is not JSON; shown as text")
    } else {
        // The payload segment of the token, which decoded without error.
        let segment = token.split(|b| *b == b'.').nth(1).unwrap_or_default();
        out.insert(
            "payload_base64url".to_owned(),
            Value::from(String::from_utf8_lossy(segment)),
        );
        Some("the payload is neither JSON nor UTF-8 text; shown as base64url")
    };
    if let Some(note) = note {
        out.insert("payload_note".to_owned(), Value::from(note));
    }
    out.insert(
        "signature_len".to_owned(),
        Value::from(decoded.signature_len),
    );
    let mut text = serde_json::to_string_pretty(&Value::Object(out)).unwrap_or_default();
    text.push('\n');
    write_stdout(text.as_bytes())
}
