//! `idgate`: verify, decode and inspect compact JWS / JWT / OIDC ID tokens from the command
//! line, with the `idgate` crate.
//!
//! Exit codes: 0 accepted (or decoded / discovered), 1 the token was rejected (first stderr
//! line `rejected: <code>`), 2 usage or input-file error. See `cli/README.md`.
//!
//! One module per command (`verify`, `decode`, `discover`, `thumbprint`: its help text,
//! arguments and run function; `bound` holds verify's DPoP and client-certificate flags), and
//! what they share: `input` (the TOKEN argument and input files), `output`
//! (stdout, the verdict on stderr, exit codes) and `hints` (the diagnostics after a rejection).

mod bound;
mod decode;
mod discover;
mod hints;
mod input;
mod output;
mod pkce;
mod thumbprint;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

const TOP_HELP: &str = "\
Exit codes: 0 accepted, 1 token rejected (first stderr line `rejected: <code>`), 2 usage or
input-file error.

Examples:
  idgate verify --jwks jwks.json --profile id-token --iss https://issuer.example.com \\
      --aud client-123 id_token.jwt
  idgate decode eyJhbGciOi...
  idgate discover openid-configuration.json
  idgate pkce dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/// Verify, decode and inspect compact JWS / JWT / OIDC ID tokens (no network).
#[derive(Parser)]
#[command(name = "idgate", version, after_help = TOP_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once per run")]
enum Command {
    /// Verify a token's signature against a JWKS, then its claims against the given policy.
    #[command(after_help = verify::HELP)]
    Verify(verify::VerifyArgs),
    /// Decode a token's header and payload WITHOUT verifying anything (diagnostics).
    #[command(after_help = decode::HELP)]
    Decode(decode::DecodeArgs),
    /// Summarise an OIDC discovery document (openid-configuration) and suggest a verify line.
    #[command(after_help = discover::HELP)]
    Discover(discover::DiscoverArgs),
    /// Derive the PKCE S256 code challenge of a code verifier (RFC 7636).
    #[command(after_help = pkce::HELP)]
    Pkce(pkce::PkceArgs),
    /// Print the RFC 7638 thumbprint (cnf.jkt) of each key of a JWK or JWKS file.
    #[command(after_help = thumbprint::HELP)]
    Thumbprint(thumbprint::ThumbprintArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Notes and warnings are printed after the verdict, so that a rejection's first stderr
    // line is always `rejected: <code>`.
    let mut notes = Vec::new();
    let result = match cli.command {
        Command::Verify(args) => verify::run(&args, &mut notes),
        Command::Decode(args) => decode::run(&args),
        Command::Discover(args) => discover::run(&args),
        Command::Pkce(args) => pkce::run(&args),
        Command::Thumbprint(args) => thumbprint::run(&args),
    };
    output::report(result, &notes)
}
