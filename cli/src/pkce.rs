//! `idgate pkce`: the PKCE S256 code challenge of a code verifier (RFC 7636 §4.2).

use clap::Args;

use crate::output::{Failure, write_stdout};

/// The text after the options in `idgate pkce --help`.
pub(crate) const HELP: &str = "\
Prints BASE64URL(SHA256(VERIFIER)), the code_challenge to send with
code_challenge_method=S256. Exit 2 if VERIFIER is not 43 to 128 characters of
A-Z a-z 0-9 - . _ ~ (RFC 7636 section 4.1).

Example (RFC 7636 Appendix B):
  idgate pkce dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk
  E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

#[derive(Args)]
pub(crate) struct PkceArgs {
    /// The code verifier.
    #[arg(value_name = "VERIFIER")]
    verifier: String,
}

/// Runs `idgate pkce`.
pub(crate) fn run(args: &PkceArgs) -> Result<(), Failure> {
    let challenge = idgate::pkce_s256(args.verifier.as_bytes()).map_err(|_| {
        Failure::Usage(format!(
            "the code verifier has {} characters; RFC 7636 wants 43 to 128 of A-Z a-z 0-9 - . _ ~",
            args.verifier.chars().count()
        ))
    })?;
    write_stdout(format!("{challenge}\n").as_bytes())
}
