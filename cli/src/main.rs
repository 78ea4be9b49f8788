//! `idgate`: verify, decode and inspect compact JWS / JWT / OIDC ID tokens from the command
//! line, with the `idgate` crate.
//!
//! Exit codes: 0 accepted (or decoded / discovered), 1 the token was rejected (first stderr
//! line `rejected: <code>`), 2 usage or input-file error. See `cli/README.md`.

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::builder::NonEmptyStringValueParser;
use clap::{Args, Parser, Subcommand};
use idgate::{Alg, AlgSet, Error, KeySet, Policy};
use serde_json::Value;

mod dpop; // sender-constrained tokens: thumbprint, --dpop, --client-cert

/// Keys the CLI's key set holds: twice the library default
/// ([`idgate::limits::DEFAULT_KEY_CAPACITY`]), room for large provider JWKS documents.
const KEY_CAPACITY: usize = 16;

/// Largest input file (or stdin) read, in bytes. The library's own limits are lower (16 KiB
/// tokens, 256 KiB JWKS); this only stops the CLI from reading unbounded input.
const MAX_INPUT_LEN: usize = 1024 * 1024;

const TOP_HELP: &str = "\
Exit codes: 0 accepted, 1 token rejected (first stderr line `rejected: <code>`), 2 usage or
input-file error.

Examples:
  idgate verify --jwks jwks.json --iss https://issuer.example.com --aud client-123 id_token.jwt
  idgate decode eyJhbGciOi...
  idgate discover openid-configuration.json";

const VERIFY_HELP: &str = "\
TOKEN is read from stdin if it is `-`; from the file it names if it is the path of an existing
file; otherwise the argument is the token itself. Surrounding whitespace is trimmed.

On success (exit 0) the verified claims are printed on stdout as one JSON object (strings
decoded; member names sorted), and warnings (`warning: no --iss given: ...`) and notes
(`note: N keys skipped`) follow on stderr. On rejection (exit 1) stderr starts with
`rejected: <code>`, then one sentence naming the check, then optional `hint:` lines.
Exit 2: usage error, unreadable JWKS/token/secret file, JWKS without a usable key (unless
--hmac-secret-file is given).

The key set holds at most 16 keys. HS256/384/512 are allowed only with --hmac-secret-file
(the file's raw bytes are the secret, a trailing newline included) unless --alg is given.

Examples:
  idgate verify --jwks jwks.json --iss https://issuer.example.com --aud client-123 \\
      --nonce n-0S6_WzA2Mj id_token.jwt
  echo \"$TOKEN\" | idgate verify --jwks jwks.json --iss https://issuer.example.com \\
      --aud client-123 --alg RS256 -
  idgate verify --jwks jwks.json --signature-only --alg ES256 signed-metadata.jws > payload.bin";

const DECODE_HELP: &str = "\
Prints one JSON object on stdout: {\"UNVERIFIED\": true, \"header\": {...}, \"payload\": {...},
\"signature_len\": N}. Nothing is verified: never trust what it shows. A payload that is not
JSON is shown as \"payload_text\" (UTF-8) or \"payload_base64url\", with a \"payload_note\".
Exit 1 with `rejected: <code>` if the token cannot be decoded.

TOKEN is read as for `verify` (`-` for stdin, an existing file, or the token itself).

Examples:
  idgate decode id_token.jwt
  pbpaste | idgate decode - | jq .payload";

const DISCOVER_HELP: &str = "\
Reads an OpenID Provider's discovery document (the JSON of
<issuer>/.well-known/openid-configuration, fetched by you: idgate does no network) and prints
its issuer, jwks_uri and ID-token signing algorithms, which of those idgate supports, and a
verify command line to edit. Exit 2 if the issuer or jwks_uri is missing.

Example:
  curl -fsS https://accounts.google.com/.well-known/openid-configuration -o oidc.json
  idgate discover oidc.json";

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
    #[command(after_help = VERIFY_HELP)]
    Verify(VerifyArgs),
    /// Decode a token's header and payload WITHOUT verifying anything (diagnostics).
    #[command(after_help = DECODE_HELP)]
    Decode(DecodeArgs),
    /// Summarise an OIDC discovery document (openid-configuration) and suggest a verify line.
    #[command(after_help = DISCOVER_HELP)]
    Discover(DiscoverArgs),
    /// Print the RFC 7638 thumbprint (cnf.jkt) of each key of a JWK or JWKS file.
    #[command(after_help = dpop::THUMBPRINT_HELP)]
    Thumbprint(dpop::ThumbprintArgs),
}

#[derive(Args)]
struct VerifyArgs {
    /// JWKS file ({"keys":[...]}) with the issuer's public keys.
    #[arg(long, value_name = "FILE")]
    jwks: PathBuf,
    /// Expected issuer: `iss` must equal it exactly. Without it the issuer is not checked.
    #[arg(long, value_name = "S", value_parser = NonEmptyStringValueParser::new())]
    iss: Option<String>,
    /// Expected audience (your client_id): `aud` must contain it, `azp` (if any) equal it.
    #[arg(long, value_name = "S", value_parser = NonEmptyStringValueParser::new())]
    aud: Option<String>,
    /// Expected nonce: `nonce` must equal it.
    #[arg(long, value_name = "S", value_parser = NonEmptyStringValueParser::new())]
    nonce: Option<String>,
    /// Acceptable `acr` value (repeat for several); `acr` must be one of them.
    #[arg(long = "acr", value_name = "S", value_parser = NonEmptyStringValueParser::new())]
    acr: Vec<String>,
    /// Required header `typ` (e.g. at+jwt), compared case-insensitively.
    #[arg(long, value_name = "S", value_parser = NonEmptyStringValueParser::new())]
    typ: Option<String>,
    /// Maximum authentication age in seconds (requires `auth_time`).
    #[arg(long, value_name = "SECS")]
    max_age: Option<u64>,
    /// Clock-skew allowance in seconds for exp, nbf, iat and max-age.
    #[arg(long, value_name = "SECS", default_value_t = idgate::DEFAULT_LEEWAY)]
    leeway: u64,
    /// Current time as Unix seconds [default: the system clock].
    #[arg(long, value_name = "UNIX")]
    now: Option<u64>,
    /// Allowed algorithm (repeat for several) [default: all asymmetric ones, plus HS256/384/512
    /// with --hmac-secret-file].
    #[arg(long = "alg", value_name = "ALG")]
    algs: Vec<String>,
    /// File whose raw bytes are an HMAC secret (e.g. the OIDC client_secret) for HS* tokens.
    #[arg(long, value_name = "F")]
    hmac_secret_file: Option<PathBuf>,
    /// Check only structure, header, key and signature, not the claims; print the decoded
    /// payload bytes raw on stdout (an empty payload is valid here).
    #[arg(
        long,
        conflicts_with_all = ["iss", "aud", "nonce", "acr", "typ", "max_age", "leeway", "now"]
    )]
    signature_only: bool,
    #[command(flatten)]
    bound: dpop::BoundArgs,
    /// The token, `-` for stdin, or the path of a file holding the token.
    #[arg(value_name = "TOKEN|-")]
    token: String,
}

#[derive(Args)]
struct DecodeArgs {
    /// The token, `-` for stdin, or the path of a file holding the token.
    #[arg(value_name = "TOKEN|-")]
    token: String,
}

#[derive(Args)]
struct DiscoverArgs {
    /// The discovery document (.well-known/openid-configuration JSON).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Why the command did not succeed.
enum Failure {
    /// Exit 2: usage or input-file error, with a message.
    Usage(String),
    /// Exit 1: the token was refused; `hints` are printed after the sentence.
    Rejected { error: Error, hints: Vec<String> },
}

impl Failure {
    fn rejected(error: Error) -> Self {
        Failure::Rejected {
            error,
            hints: Vec::new(),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Notes and warnings are printed after the verdict, so that a rejection's first stderr
    // line is always `rejected: <code>`.
    let mut notes = Vec::new();
    let result = match cli.command {
        Command::Verify(args) => verify(&args, &mut notes),
        Command::Decode(args) => decode(&args),
        Command::Discover(args) => discover(&args),
        Command::Thumbprint(args) => dpop::thumbprint(&args),
    };
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

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Usage(format!("cannot write to stdout: {e}")))
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
            "{what} is larger than {MAX_INPUT_LEN} bytes"
        )));
    }
    Ok(buf)
}

fn read_file(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
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
enum Source {
    Stdin,
    File,
    Argument,
}

/// Reads the TOKEN argument: `-` is stdin, an existing file is read, anything else is the
/// token itself. Surrounding whitespace is trimmed.
fn read_token(arg: &str) -> Result<(Vec<u8>, Source), Failure> {
    let (raw, source) = if arg == "-" {
        (
            read_limited(io::stdin().lock(), "the token from stdin")?,
            Source::Stdin,
        )
    } else if Path::new(arg).exists() {
        (read_file(Path::new(arg), "token")?, Source::File)
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

fn verify(args: &VerifyArgs, notes: &mut Vec<String>) -> Result<(), Failure> {
    let algs = allow_list(&args.algs, args.hmac_secret_file.is_some())?;
    let keys = load_keys(args, notes)?;
    if args.hmac_secret_file.is_none() && algs.iter().any(Alg::is_symmetric) {
        notes.push(
            "warning: HS* algorithms are allowed but no --hmac-secret-file was given".to_owned(),
        );
    }
    let acr: Vec<&str> = args.acr.iter().map(String::as_str).collect();
    let mut policy = Policy::new();
    policy.algs = algs;
    policy.issuer = args.iss.as_deref();
    policy.audience = args.aud.as_deref();
    policy.nonce = args.nonce.as_deref();
    policy.acr_values = &acr;
    policy.typ = args.typ.as_deref();
    policy.max_age = args.max_age;
    policy.leeway = args.leeway;
    args.bound.adjust(&mut policy);
    let now = match args.now {
        Some(now) => now,
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .map_err(|e| Failure::Usage(format!("the system clock is before 1970: {e}")))?,
    };
    let (token, source) = read_token(&args.token)?;
    let mut scratch = vec![0u8; args.bound.scratch_len(token.len())];

    if args.signature_only {
        let jws = idgate::verify_signature(&token, &*keys, &policy, &mut scratch)
            .map_err(|e| rejection(e, &token, source, &keys, &policy, now))?;
        write_stdout(jws.payload)?;
        notes.push(format!(
            "note: --signature-only: signature verified ({}); the {}-byte payload was not interpreted and no claim was checked",
            jws.header.alg.name(),
            jws.payload.len()
        ));
        return Ok(());
    }

    let verified = match args
        .bound
        .verify(&token, &*keys, &policy, now, &mut scratch)
    {
        Some(bound) => bound?,
        None => idgate::verify(&token, &*keys, &policy, now, &mut scratch)
            .map_err(|e| rejection(e, &token, source, &keys, &policy, now))?,
    };
    let json = verified.claims.json();
    let mut out = match serde_json::from_slice::<Value>(json) {
        Ok(value) => serde_json::to_string_pretty(&value).unwrap_or_default(),
        // The library accepted it as strict JSON; serde_json may still refuse a number out
        // of f64 range. Print the claim set as it is then.
        Err(_) => String::from_utf8_lossy(json).into_owned(),
    };
    out.push('\n');
    write_stdout(out.as_bytes())?;
    if args.iss.is_none() {
        notes.push("warning: no --iss given: the issuer is not checked".to_owned());
    }
    if args.aud.is_none() {
        notes.push("warning: no --aud given: the audience is not checked".to_owned());
    }
    Ok(())
}

/// The allow-list: the `--alg` names, else every asymmetric algorithm, plus HS* with a secret.
fn allow_list(names: &[String], hmac: bool) -> Result<AlgSet, Failure> {
    if names.is_empty() {
        return Ok(if hmac {
            AlgSet::ASYMMETRIC.union(AlgSet::SYMMETRIC)
        } else {
            AlgSet::ASYMMETRIC
        });
    }
    let mut set = AlgSet::EMPTY;
    for name in names {
        let alg = Alg::from_name(name.as_bytes()).map_err(|_| {
            let known: Vec<&str> = Alg::ALL.iter().map(|a| a.name()).collect();
            Failure::Usage(format!(
                "unknown algorithm '{name}' in --alg (known: {})",
                known.join(", ")
            ))
        })?;
        set = set.with(alg);
    }
    Ok(set)
}

fn load_keys(
    args: &VerifyArgs,
    notes: &mut Vec<String>,
) -> Result<Box<KeySet<KEY_CAPACITY>>, Failure> {
    let jwks = read_file(&args.jwks, "JWKS")?;
    let mut keys: Box<KeySet<KEY_CAPACITY>> = Box::default();
    let shown = args.jwks.display();
    match keys.load_jwks(&jwks) {
        Ok(report) => {
            if report.skipped > 0 {
                notes.push(format!("note: {} keys skipped", report.skipped));
            }
        }
        Err(Error::NoUsableKey | Error::WeakKey) if args.hmac_secret_file.is_some() => {
            notes.push(format!(
                "note: the JWKS {shown} holds no usable key; only the HMAC secret is used"
            ));
        }
        Err(Error::KeySetFull) => {
            return Err(Failure::Usage(format!(
                "the JWKS {shown} has more than {KEY_CAPACITY} usable keys, the key set's capacity"
            )));
        }
        Err(e @ (Error::NoUsableKey | Error::WeakKey)) => {
            return Err(Failure::Usage(format!(
                "the JWKS {shown} holds no usable signing key ({}): {} \
                 (HMAC secrets are never taken from a JWKS: use --hmac-secret-file)",
                e.code(),
                e.message()
            )));
        }
        Err(e) => {
            return Err(Failure::Usage(format!(
                "cannot use the JWKS {shown} ({}): {}",
                e.code(),
                e.message()
            )));
        }
    }
    if let Some(path) = &args.hmac_secret_file {
        let secret = read_file(path, "HMAC secret")?;
        keys.add_hmac(&secret).map_err(|e| {
            Failure::Usage(format!(
                "cannot use the HMAC secret in {} ({}): {}",
                path.display(),
                e.code(),
                match e {
                    Error::WeakKey => "it is shorter than 32 bytes (RFC 7518 section 3.2)",
                    other => other.message(),
                }
            ))
        })?;
        if secret.last().is_some_and(|b| *b == b'\n') {
            notes.push(format!(
                "note: the HMAC secret file {} ends with a newline, which is part of the secret",
                path.display()
            ));
        }
    }
    Ok(keys)
}

/// JSON text of a value, for hints: escapes control characters from untrusted input.
fn show(value: Option<&Value>) -> String {
    match value {
        None => "absent".to_owned(),
        Some(v) => serde_json::to_string(v).unwrap_or_default(),
    }
}

/// The rejection for `error`, with hints taken from the token decoded WITHOUT verification
/// (diagnostics only; the verdict is the library's).
fn rejection<const N: usize>(
    error: Error,
    token: &[u8],
    source: Source,
    keys: &KeySet<N>,
    policy: &Policy<'_>,
    now: u64,
) -> Failure {
    let mut hints = Vec::new();
    let mut scratch = vec![0u8; idgate::scratch_len(token.len())];
    let decoded = idgate::decode_unverified(token, &mut scratch).ok();
    let header: Option<Value> = decoded.and_then(|d| serde_json::from_slice(d.header_json).ok());
    let payload: Option<Value> = decoded.and_then(|d| serde_json::from_slice(d.payload).ok());
    let h = |name: &str| header.as_ref().and_then(|v| v.get(name));
    let c = |name: &str| payload.as_ref().and_then(|v| v.get(name));
    match error {
        Error::Malformed | Error::TooLarge if source == Source::Argument && decoded.is_none() => {
            hints.push(
                "TOKEN is not an existing file, so the argument itself was read as the token"
                    .to_owned(),
            );
        }
        Error::Malformed if decoded.is_some_and(|d| d.payload.is_empty()) => {
            hints.push(
                "the payload is empty: a JWT needs a claim set (see --signature-only)".to_owned(),
            );
        }
        Error::Malformed if decoded.is_some() && !payload.as_ref().is_some_and(Value::is_object) => {
            hints.push(
                "the payload is not a JSON object: a JWT needs a claim set (see --signature-only)"
                    .to_owned(),
            );
        }
        Error::AlgNotAllowed => {
            let allowed: Vec<&str> = policy.algs.iter().map(Alg::name).collect();
            hints.push(format!(
                "the token's alg is {}; allowed: {}",
                show(h("alg")),
                allowed.join(", ")
            ));
            if h("alg")
                .and_then(Value::as_str)
                .is_some_and(|a| a.starts_with("HS"))
            {
                hints.push("HS* tokens need --hmac-secret-file (or an explicit --alg)".to_owned());
            }
        }
        Error::UnknownKid | Error::KeyMismatch => {
            let kids: Vec<String> = keys
                .keys()
                .map(|(kid, alg, key)| {
                    let kid = kid.map_or_else(|| "(no kid)".to_owned(), |k| format!("{k:?}"));
                    let alg = alg.map_or_else(String::new, |a| format!(" alg {}", a.name()));
                    format!("{kid} {:?}{alg}", key.kind())
                })
                .collect();
            hints.push(format!(
                "the token's kid is {}, its alg {}; the key set holds: {}",
                show(h("kid")),
                show(h("alg")),
                kids.join("; ")
            ));
        }
        Error::BindingMismatch => hints.push(dpop::UNCHECKED_CNF_HINT.to_owned()),
        Error::BadSignature => hints.push(
            "the signature does not verify with the key chosen by kid and alg: is --jwks the issuer's current key set?"
                .to_owned(),
        ),
        Error::Expired => hints.push(format!(
            "exp is {}, now is {now}, leeway {}",
            show(c("exp")),
            policy.leeway
        )),
        Error::NotYetValid => hints.push(format!(
            "nbf is {}, iat is {}, now is {now}, leeway {}",
            show(c("nbf")),
            show(c("iat")),
            policy.leeway
        )),
        Error::IssuerMismatch => hints.push(format!(
            "the token's iss is {}, expected {}",
            show(c("iss")),
            show(policy.issuer.map(Value::from).as_ref())
        )),
        Error::AudienceMismatch | Error::AzpMismatch => hints.push(format!(
            "the token's aud is {}, azp {}, expected {}",
            show(c("aud")),
            show(c("azp")),
            show(policy.audience.map(Value::from).as_ref())
        )),
        Error::NonceMismatch => hints.push(format!(
            "the token's nonce is {}, expected {}",
            show(c("nonce")),
            show(policy.nonce.map(Value::from).as_ref())
        )),
        Error::AcrNotAllowed => hints.push(format!(
            "the token's acr is {}, allowed: {}",
            show(c("acr")),
            policy.acr_values.join(", ")
        )),
        Error::AuthTooOld => hints.push(format!(
            "auth_time is {}, max-age {}, now is {now}, leeway {}",
            show(c("auth_time")),
            policy.max_age.unwrap_or_default(),
            policy.leeway
        )),
        Error::TypMismatch => hints.push(format!(
            "the token's typ is {}, expected {}",
            show(h("typ")),
            show(policy.typ.map(Value::from).as_ref())
        )),
        Error::MissingClaim => {
            let mut missing = Vec::new();
            for (name, wanted) in [
                ("exp", true),
                ("iss", policy.issuer.is_some()),
                ("aud", policy.audience.is_some()),
            ] {
                if wanted && c(name).is_none() {
                    missing.push(name);
                }
            }
            if !missing.is_empty() {
                hints.push(format!("missing: {}", missing.join(", ")));
            }
        }
        _ => {}
    }
    Failure::Rejected { error, hints }
}

fn decode(args: &DecodeArgs) -> Result<(), Failure> {
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

fn discover(args: &DiscoverArgs) -> Result<(), Failure> {
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

    #[test]
    fn sentences() {
        assert_eq!(sentence(Error::Expired), "The token has expired (exp).");
    }
}
