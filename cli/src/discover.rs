//! `idgate discover`: an OpenID Provider's discovery document summarised, with a verify
//! command line to start from.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use idgate::Alg;
use serde_json::Value;

use crate::input::read_file;
use crate::output::{Failure, write_stdout};

/// The text after the options in `idgate discover --help`.
pub(crate) const HELP: &str = "\
Reads an OpenID Provider's discovery document (the JSON of
<issuer>/.well-known/openid-configuration, fetched by you: idgate does no network) and prints
its issuer, jwks_uri and ID-token signing algorithms, which of those idgate supports, and a
verify command line to edit. Exit 2 if the issuer or jwks_uri is missing.

Example:
  curl -fsS https://accounts.google.com/.well-known/openid-configuration -o oidc.json
  idgate discover oidc.json";

#[derive(Args)]
pub(crate) struct DiscoverArgs {
    /// The discovery document (.well-known/openid-configuration JSON).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Quotes a word for a POSIX shell when it needs it.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:=@%+,".contains(&b));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Runs `idgate discover`: what it prints goes to stdout, `Err` is the verdict.
pub(crate) fn run(args: &DiscoverArgs) -> Result<(), Failure> {
    let bytes = read_file(&args.file, "discovery document")?;
    let shown = args.file.display();
    let doc: Value = serde_json::from_slice(&bytes).map_err(|e| {
        Failure::Usage(format!(
            "the discovery document {shown} is not valid JSON: {e}"
        ))
    })?;
    let Some(doc) = doc.as_object() else {
        return Err(Failure::Usage(format!(
            "the discovery document {shown} is not a JSON object"
        )));
    };
    let member = |name: &str| -> Result<&str, Failure> {
        match doc.get(name) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s),
            Some(_) => Err(Failure::Usage(format!(
                "the discovery document {shown} has a `{name}` that is not a non-empty string"
            ))),
            None => Err(Failure::Usage(format!(
                "the discovery document {shown} has no `{name}`"
            ))),
        }
    };
    let issuer = member("issuer")?;
    let jwks_uri = member("jwks_uri")?;
    let algs: Option<Vec<&str>> = match doc.get("id_token_signing_alg_values_supported") {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|v| {
                    v.as_str().ok_or_else(|| {
                        Failure::Usage(format!(
                            "the discovery document {shown} has an \
                             id_token_signing_alg_values_supported that is not an array of strings"
                        ))
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        Some(_) => {
            return Err(Failure::Usage(format!(
                "the discovery document {shown} has an \
                 id_token_signing_alg_values_supported that is not an array"
            )));
        }
    };

    let mut asymmetric: Vec<Alg> = Vec::new();
    let mut symmetric: Vec<Alg> = Vec::new();
    let mut unsupported: Vec<&str> = Vec::new();
    for name in algs.iter().flatten() {
        match Alg::from_name(name.as_bytes()) {
            Ok(alg) if alg.is_symmetric() => {
                if !symmetric.contains(&alg) {
                    symmetric.push(alg);
                }
            }
            Ok(alg) => {
                if !asymmetric.contains(&alg) {
                    asymmetric.push(alg);
                }
            }
            Err(_) => {
                if !unsupported.contains(name) {
                    unsupported.push(name);
                }
            }
        }
    }
    let names = |list: &[Alg]| list.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ");
    let or_none = |s: String| if s.is_empty() { "none".to_owned() } else { s };

    let mut out = String::new();
    let _ = writeln!(out, "issuer:   {issuer}");
    let _ = writeln!(out, "jwks_uri: {jwks_uri}");
    match &algs {
        Some(list) => {
            let _ = writeln!(
                out,
                "id_token_signing_alg_values_supported: {}",
                or_none(list.join(", "))
            );
        }
        None => {
            let _ = writeln!(
                out,
                "id_token_signing_alg_values_supported: not listed (OIDC Discovery requires it; RS256 is the usual default)"
            );
        }
    }
    let _ = writeln!(
        out,
        "  supported by idgate:                      {}",
        or_none(names(&asymmetric))
    );
    let _ = writeln!(
        out,
        "  with --hmac-secret-file (client_secret):  {}",
        or_none(names(&symmetric))
    );
    let _ = writeln!(
        out,
        "  not supported:                            {}",
        or_none(unsupported.join(", "))
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# idgate does no network: fetch the JWKS yourself, e.g."
    );
    let _ = writeln!(out, "curl -fsS {} -o jwks.json", shell_quote(jwks_uri));
    let _ = writeln!(
        out,
        "# then verify an ID token (edit the client id, nonce and token):"
    );
    let mut line = format!(
        "idgate verify --jwks jwks.json --iss {} --aud YOUR_CLIENT_ID",
        shell_quote(issuer)
    );
    for alg in &asymmetric {
        let _ = write!(line, " --alg {}", alg.name());
    }
    if asymmetric.is_empty() && !symmetric.is_empty() {
        line.push_str(" --hmac-secret-file client_secret.txt");
        for alg in &symmetric {
            let _ = write!(line, " --alg {}", alg.name());
        }
    }
    line.push_str(" ID_TOKEN");
    let _ = writeln!(out, "{line}");
    write_stdout(out.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("https://a.example/x"), "https://a.example/x");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
