//! `idgate verify`: signature against a JWKS (and an optional HMAC secret), then the claims
//! against the policy given on the command line.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::builder::NonEmptyStringValueParser;
use clap::{Args, ValueEnum};
use idgate::{Alg, AlgSet, Error, KeySet, LoadReport, Policy};

use crate::hints;
use crate::input::{read_file, read_token};
use crate::output::{Failure, json_as_signed, write_stdout};

/// Keys the CLI's key set holds: twice the library default
/// ([`idgate::limits::DEFAULT_KEY_CAPACITY`]), room for large provider JWKS documents.
const KEY_CAPACITY: usize = 16;

/// The text after the options in `idgate verify --help`.
pub(crate) const HELP: &str = "\
TOKEN is read from stdin if it is `-`; from the file it names if it is the path of an existing
file; otherwise the argument is the token itself. Surrounding whitespace is trimmed.

On success (exit 0) the verified claims are printed on stdout as one JSON object, exactly as
signed (member order kept, numbers as written: no rounding of large integers or decimals;
strings decoded and re-escaped minimally), and warnings (`warning: no --iss given: ...`) and notes
(`note: N keys skipped`, then `note: skipped key kid=<kid>: <reason> (a token naming it is
refused as <code>)` per skipped key) follow on stderr. On rejection (exit 1) stderr starts with
`rejected: <code>`, then one sentence naming the check, then optional `hint:` lines. A token
longer than the library's limit (16 KiB), from any source, is `rejected: too_large`.
Exit 2: usage error, unreadable JWKS/token/secret file, JWKS without a usable key (unless
--hmac-secret-file is given), a --now that looks like milliseconds.

--profile (default: jwt) adds a token profile's rules to the options given:
  jwt           only the options given (exp required)
  id-token      OIDC ID token: iss sub aud exp iat required, typ absent or JWT, azp = --aud
  access-token  RFC 9068: typ at+jwt; iss exp aud sub client_id iat jti required
  logout        Back-Channel Logout: iss aud iat jti required, typ logout+jwt if present,
                events with the back-channel logout event, sub or sid, no nonce
--iss repeats (any of them is accepted); an issuer with {tenantid} (Microsoft Entra) matches
when the token's tid claim in its place gives its iss; --tenant (repeats) restricts the tids.

The key set holds at most 16 keys. HS256/384/512 are allowed only with --hmac-secret-file
(the file's raw bytes are the secret, a trailing newline included) unless --alg is given.

Examples:
  idgate verify --jwks jwks.json --profile id-token --iss https://issuer.example.com \\
      --aud client-123 \\
      --nonce n-0S6_WzA2Mj id_token.jwt
  echo \"$TOKEN\" | idgate verify --jwks jwks.json --iss https://issuer.example.com \\
      --aud client-123 --alg RS256 -
  idgate verify --jwks jwks.json --signature-only --alg ES256 signed-metadata.jws > payload.bin
  idgate verify --jwks entra.json --profile id-token \
      --iss 'https://login.microsoftonline.com/{tenantid}/v2.0' --aud CLIENT --tenant TID TOKEN";

/// The token profiles of `--profile`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ProfileArg {
    /// A plain JWT: only the options given.
    Jwt,
    /// An OIDC ID token (OIDC Core 3.1.3.7).
    IdToken,
    /// A JWT access token (RFC 9068).
    AccessToken,
    /// A Back-Channel Logout token (OpenID Connect Back-Channel Logout 1.0).
    Logout,
}

/// The smallest `--now` refused as milliseconds: 10^11 seconds is the year 5138, while Unix
/// milliseconds have had 13 digits since 2001.
const NOW_LOOKS_LIKE_MS: u64 = 100_000_000_000;

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// JWKS file ({"keys":[...]}) with the issuer's public keys.
    #[arg(long, value_name = "FILE")]
    jwks: PathBuf,
    /// The token profile: its rules are added to the options given.
    #[arg(long, value_enum, default_value_t = ProfileArg::Jwt)]
    profile: ProfileArg,
    /// Expected issuer (repeat for several): `iss` must equal one exactly; `{tenantid}` in it
    /// stands for the token's `tid`. Without it the issuer is not checked.
    #[arg(long = "iss", value_name = "S", value_parser = NonEmptyStringValueParser::new())]
    iss: Vec<String>,
    /// Accepted tenant id for issuers with `{tenantid}` (repeat for several) [default: any].
    #[arg(long = "tenant", value_name = "TID", value_parser = NonEmptyStringValueParser::new())]
    tenants: Vec<String>,
    /// The access token issued with the ID token: `at_hash` is then required and must be its
    /// hash (OIDC Core 3.1.3.8).
    #[arg(long, value_name = "TOKEN", value_parser = NonEmptyStringValueParser::new())]
    access_token: Option<String>,
    /// The authorization code returned with the ID token: `c_hash` is then required and must be
    /// its hash (OIDC Core 3.3.2.11).
    #[arg(long, value_name = "CODE", value_parser = NonEmptyStringValueParser::new())]
    code: Option<String>,
    /// Expected audience (your client_id): `aud` must contain it; with --profile id-token,
    /// `azp` (if any) must equal it.
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
        conflicts_with_all = ["iss", "aud", "nonce", "acr", "typ", "max_age", "leeway", "now",
            "profile", "tenants", "access_token", "code"]
    )]
    signature_only: bool,
    #[command(flatten)]
    bound: crate::bound::BoundArgs,
    /// The token, `-` for stdin, or the path of a file holding the token.
    #[arg(value_name = "TOKEN|-")]
    token: String,
}

/// Runs `idgate verify`: what it prints goes to stdout, `Err` is the verdict.
pub(crate) fn run(args: &VerifyArgs, notes: &mut Vec<String>) -> Result<(), Failure> {
    let algs = allow_list(&args.algs, args.hmac_secret_file.is_some())?;
    let keys = load_keys(args, notes)?;
    if args.hmac_secret_file.is_none() && algs.iter().any(Alg::is_symmetric) {
        notes.push(
            "warning: HS* algorithms are allowed but no --hmac-secret-file was given".to_owned(),
        );
    }
    let acr: Vec<&str> = args.acr.iter().map(String::as_str).collect();
    let issuers: Vec<&str> = args.iss.iter().map(String::as_str).collect();
    let tenants: Vec<&str> = args.tenants.iter().map(String::as_str).collect();
    let mut policy = match args.profile {
        ProfileArg::Jwt => Policy::new(),
        ProfileArg::IdToken => Policy::id_token("", ""),
        ProfileArg::AccessToken => Policy::access_token("", ""),
        ProfileArg::Logout => Policy::logout_token("", ""),
    };
    policy.algs = algs;
    policy.issuer = issuers.first().copied();
    policy.other_issuers = issuers.get(1..).unwrap_or(&[]);
    policy.tenants = &tenants;
    policy.audience = args.aud.as_deref();
    policy.nonce = args.nonce.as_deref();
    policy.acr_values = &acr;
    if let Some(typ) = args.typ.as_deref() {
        policy.typ = Some(typ);
    }
    policy.max_age = args.max_age;
    policy.leeway = args.leeway;
    if let Some(at) = args.access_token.as_deref() {
        policy = policy.with_access_token(at, true);
    }
    if let Some(code) = args.code.as_deref() {
        policy = policy.with_code(code, true);
    }
    args.bound.adjust(&mut policy);
    let now = match args.now {
        Some(now) if now >= NOW_LOOKS_LIKE_MS => {
            return Err(Failure::Usage(format!(
                "--now {now} looks like milliseconds: give Unix time in seconds (e.g. {})",
                now / 1000
            )));
        }
        Some(now) => now,
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .map_err(|e| Failure::Usage(format!("the system clock is before 1970: {e}")))?,
    };
    let (token, source) = read_token(&args.token)?;
    let mut scratch = vec![0u8; args.bound.scratch_len(token.len())];
    if args.signature_only {
        let jws = idgate::verify_signature(&token, &*keys, &policy, &mut scratch).map_err(|e| {
            hints::rejection(e, &idgate::Detail::default(), source, &*keys, &policy)
        })?;
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
        None => {
            let mut detail = idgate::Detail::default();
            idgate::verify_detailed(&token, &*keys, &policy, now, &mut scratch, &mut detail)
                .map_err(|e| hints::rejection(e, &detail, source, &*keys, &policy))?
        }
    };
    let mut out = json_as_signed(verified.claims.json());
    out.push('\n');
    write_stdout(out.as_bytes())?;
    if args.iss.is_empty() {
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

/// One line per skipped JWK the load remembered (the first `MAX_SKIPPED_KEYS`): its kid, why
/// it was skipped, and what a token naming it gets; then how many more were only counted.
fn skipped_key_notes(report: &LoadReport) -> Vec<String> {
    let mut lines: Vec<String> = report
        .skipped_keys()
        .iter()
        .map(|k| {
            let reason = k.reason();
            match k.kid() {
                Some(kid) => format!(
                    "note: skipped key kid={kid:?}: {reason} (a token naming it is refused as {})",
                    reason.token_error().code()
                ),
                None => format!("note: skipped key without kid: {reason}"),
            }
        })
        .collect();
    let unlisted = report.skipped.saturating_sub(report.skipped_keys().len());
    if unlisted > 0 {
        lines.push(format!("note: {unlisted} more skipped keys not listed"));
    }
    lines
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
            notes.extend(skipped_key_notes(&report));
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
