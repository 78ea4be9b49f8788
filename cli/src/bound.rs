//! The `verify` flags for sender-constrained tokens: `--dpop PROOF --htm METHOD --htu URL`
//! (RFC 9449) and `--client-cert FILE` (RFC 8705), and `--allow-unchecked-cnf`.

use std::path::{Path, PathBuf};

use clap::Args;
use clap::builder::NonEmptyStringValueParser;
use idgate::{
    CertificateHash, DpopOptions, DpopRequest, KeySet, Policy, ReplayCache, ReplaySlot, Verified,
};

use crate::input::{MAX_INPUT_LEN, read_file, read_token};
use crate::output::Failure;

/// The hint when plain `verify` refuses a bound token.
pub(crate) const UNCHECKED_CNF_HINT: &str = "the token is bound to a key or certificate (cnf): \
     check it with --dpop PROOF --htm METHOD --htu URL or --client-cert FILE \
     (--allow-unchecked-cnf accepts it unchecked)";

/// The `verify` flags for bound tokens.
#[derive(Args)]
pub(crate) struct BoundArgs {
    /// DPoP proof (the request's `DPoP` header): the proof, `-` for stdin, or a file. The
    /// token must then be DPoP-bound to the proof key (cnf.jkt).
    #[arg(long, value_name = "PROOF", requires_all = ["htm", "htu"], conflicts_with = "client_cert")]
    dpop: Option<String>,
    /// The request method the proof must name (htm), e.g. GET.
    #[arg(long, value_name = "METHOD", requires = "dpop", value_parser = NonEmptyStringValueParser::new())]
    htm: Option<String>,
    /// The request URI the proof must name (htu); query and fragment are ignored.
    #[arg(long, value_name = "URL", requires = "dpop", value_parser = NonEmptyStringValueParser::new())]
    htu: Option<String>,
    /// The nonce the server gave the client (the proof's `nonce` must equal it).
    #[arg(long, value_name = "S", requires = "dpop", value_parser = NonEmptyStringValueParser::new())]
    dpop_nonce: Option<String>,
    /// How old the proof's iat may be, in seconds.
    #[arg(long, value_name = "SECS", requires = "dpop", default_value_t = idgate::DEFAULT_DPOP_WINDOW)]
    dpop_window: u64,
    /// The client's TLS certificate (PEM or DER): the token must be bound to it
    /// (cnf x5t#S256).
    #[arg(long, value_name = "FILE")]
    client_cert: Option<PathBuf>,
    /// Accept a token bound by `cnf` (DPoP or certificate) without checking the binding.
    #[arg(long, conflicts_with_all = ["dpop", "client_cert"])]
    allow_unchecked_cnf: bool,
}

impl BoundArgs {
    /// Scratch bytes the verification needs.
    pub(crate) fn scratch_len(&self, token_len: usize) -> usize {
        // The proof is at most 1 MiB (read_limited); the URI is an argument.
        let uri = self.htu.as_deref().map_or(0, str::len);
        idgate::scratch_len(token_len).max(idgate::dpop_scratch_len(MAX_INPUT_LEN, uri))
    }

    /// Sets the policy's `allow_unchecked_cnf`.
    pub(crate) fn adjust(&self, policy: &mut Policy<'_>) {
        policy.allow_unchecked_cnf = self.allow_unchecked_cnf;
    }

    /// Verifies a bound token when a binding flag was given (`None` otherwise). The CLI
    /// runs once: its replay cache lives for this one call, so it cannot see replays
    /// across runs (a gateway keeps its cache).
    pub(crate) fn verify<'b, const N: usize>(
        &self,
        token: &[u8],
        keys: &KeySet<N>,
        policy: &Policy<'_>,
        now: u64,
        scratch: &'b mut [u8],
    ) -> Option<Result<Verified<'b>, Failure>> {
        if let Some(path) = &self.client_cert {
            return Some(certificate_der(path).and_then(|der| {
                idgate::verify_certificate_bound(
                    token,
                    keys,
                    policy,
                    &CertificateHash::of_der(&der),
                    now,
                    scratch,
                )
                .map_err(|e| Failure::Rejected {
                    error: e,
                    hints: binding_hint(e),
                })
            }));
        }
        let proof_arg = self.dpop.as_deref()?;
        let (Some(htm), Some(htu)) = (self.htm.as_deref(), self.htu.as_deref()) else {
            return Some(Err(Failure::Usage(
                "--dpop needs --htm and --htu".to_owned(),
            )));
        };
        Some(read_token(proof_arg).and_then(|(proof, _)| {
            let mut request = DpopRequest::new(htm, htu);
            request.nonce = self.dpop_nonce.as_deref();
            let options = DpopOptions::new().with_window(self.dpop_window);
            let mut slots = [ReplaySlot::EMPTY; 1];
            let mut cache = ReplayCache::new(&mut slots);
            idgate::verify_dpop(
                token, keys, policy, &proof, &request, &options, &mut cache, now, scratch,
            )
            .map_err(|e| Failure::Rejected {
                error: e.error,
                hints: vec![format!("DPoP check: {}", e.check.code())],
            })
        }))
    }
}

fn binding_hint(e: idgate::Error) -> Vec<String> {
    if e == idgate::Error::BindingMismatch {
        vec!["the token's cnf has no x5t#S256 equal to the certificate's SHA-256".to_owned()]
    } else {
        Vec::new()
    }
}

/// The DER bytes of a certificate file: PEM (`-----BEGIN CERTIFICATE-----`) is decoded,
/// anything else is taken as DER.
fn certificate_der(path: &Path) -> Result<Vec<u8>, Failure> {
    let bytes = read_file(path, "client certificate")?;
    let text = String::from_utf8_lossy(&bytes);
    let begin = "-----BEGIN CERTIFICATE-----";
    let Some(start) = text.find(begin) else {
        return Ok(bytes);
    };
    let body = text.get(start.saturating_add(begin.len())..).unwrap_or("");
    let end = body.find("-----END CERTIFICATE-----").ok_or_else(|| {
        Failure::Usage(format!(
            "{}: PEM without an END CERTIFICATE line",
            path.display()
        ))
    })?;
    base64_standard(body.get(..end).unwrap_or(""))
        .ok_or_else(|| Failure::Usage(format!("{}: the PEM body is not base64", path.display())))
}

/// Standard base64 with padding (RFC 4648 §4), whitespace ignored, as PEM uses (RFC 7468).
fn base64_standard(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut acc, mut bits, mut pad) = (0u32, 0u32, 0usize);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        if c == b'=' {
            pad = pad.saturating_add(1);
            continue;
        }
        let v = u32::try_from(ALPHABET.iter().position(|&a| a == c)?).ok()?;
        if pad > 0 {
            return None;
        }
        acc = (acc << 6) | v;
        bits = bits.saturating_add(6);
        if bits >= 8 {
            bits = bits.wrapping_sub(8);
            out.push(u8::try_from((acc >> bits) & 0xFF).ok()?);
        }
    }
    (pad <= 2 && !out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::base64_standard;

    #[test]
    fn pem_base64() {
        assert_eq!(base64_standard("TWFu"), Some(b"Man".to_vec()));
        assert_eq!(base64_standard("TW\nE=\n"), Some(b"Ma".to_vec()));
        assert_eq!(base64_standard("TQ=="), Some(b"M".to_vec()));
        assert_eq!(base64_standard("TQ==TQ"), None);
        assert_eq!(base64_standard("T-Q="), None);
        assert_eq!(base64_standard(""), None);
    }
}
