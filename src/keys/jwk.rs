//! One JWK (RFC 7517 §4, RFC 7518 §6, RFC 8037 §2): its members read strictly, its key
//! material decoded and validated into a [`Key`], and whether it may verify signatures at all
//! (`use`, `key_ops`, `alg`).

use crate::alg::Alg;
use crate::codec::b64;
use crate::codec::json::{JStr, Object, Value};
use crate::error::Error;
use crate::keys::curve::Curve;
use crate::keys::key::Key;
use crate::keys::skipped::SkipReason;
use crate::limits::{MAX_KID_LEN, MAX_RSA_BITS};

/// A key id, decoded, at most [`MAX_KID_LEN`] bytes.
pub(crate) type Kid = heapless::Vec<u8, MAX_KID_LEN>;

/// A JWK that may verify signatures, read and checked up to its key material, which is still
/// where it is in the document: small, so that the key itself is built only where it is
/// kept ([`Jwk::build_in`], a key set's slot), never returned and moved there.
pub(crate) struct Jwk<'a> {
    pub(crate) kid: Option<Kid>,
    /// The JWK's own `alg`, which then is the only algorithm the key serves.
    pub(crate) alg: Option<Alg>,
    /// The key type (and curve).
    shape: Shape,
    /// The key material's members: `n` and `e` of an RSA key, `x` and `y` of an EC key, `x`
    /// of an Ed25519 key (and `y` unread).
    first: Option<Value<'a>>,
    second: Option<Value<'a>>,
}

/// True if a key restricted to `own` (if any) may verify `alg`, and its type fits `alg`.
pub(crate) fn alg_fits(own: Option<Alg>, key: &Key, alg: Alg) -> bool {
    let alg_ok = match own {
        None => true,
        // RFC 9864 names Ed25519 what RFC 8037 calls EdDSA with an Ed25519 key.
        Some(Alg::EdDSA | Alg::Ed25519) => matches!(alg, Alg::EdDSA | Alg::Ed25519),
        Some(own) => own == alg,
    };
    alg_ok && key.fits(alg)
}

/// Decodes a base64url JWK member into `buf`, handling (rare) JSON escapes.
fn b64_member<'d>(value: Option<Value<'_>>, buf: &'d mut [u8]) -> Result<&'d mut [u8], Error> {
    let Some(Value::Str(s)) = value else {
        return Err(Error::Malformed);
    };
    match s.as_plain() {
        Some(plain) => b64::decode(plain.as_bytes(), buf),
        None => {
            let mut text = [0u8; MAX_B64_MEMBER];
            let decoded = s.decode_into(&mut text).map_err(|_| Error::InvalidKey)?;
            b64::decode(decoded.as_bytes(), buf)
        }
    }
}

/// Longest base64url member text handled when it needs JSON unescaping first: the encoding
/// of a 4096-bit modulus with a leading zero byte.
const MAX_B64_MEMBER: usize = (MAX_RSA_BITS / 8 + 1).div_ceil(3) * 4;

/// The members of a JWK that are read, found in one walk over the object (each `get` would
/// walk it again, skipping the long `n` of an RSA key each time). The JSON validator refuses
/// duplicate member names, so the one found is the only one.
#[derive(Default)]
struct Members<'a> {
    kid: Option<Value<'a>>,
    kty: Option<Value<'a>>,
    usage: Option<Value<'a>>,
    key_ops: Option<Value<'a>>,
    alg: Option<Value<'a>>,
    crv: Option<Value<'a>>,
    n: Option<Value<'a>>,
    e: Option<Value<'a>>,
    x: Option<Value<'a>>,
    y: Option<Value<'a>>,
}

impl<'a> Members<'a> {
    fn of(obj: &Object<'a>) -> Self {
        let mut m = Members::default();
        for (name, value) in obj.members() {
            if let Some(slot) = m.slot(&name) {
                *slot = Some(value);
            }
        }
        m
    }

    /// Where the member called `name` (compared decoded) goes, if it is read at all.
    fn slot(&mut self, name: &JStr<'_>) -> Option<&mut Option<Value<'a>>> {
        let plain = match name.as_plain() {
            Some(plain) => plain,
            // A name with escapes (rare): compared decoded with each name read.
            None => Self::NAMES.into_iter().find(|n| name.eq_str(n))?,
        };
        Some(match plain {
            "kid" => &mut self.kid,
            "kty" => &mut self.kty,
            "use" => &mut self.usage,
            "key_ops" => &mut self.key_ops,
            "alg" => &mut self.alg,
            "crv" => &mut self.crv,
            "n" => &mut self.n,
            "e" => &mut self.e,
            "x" => &mut self.x,
            "y" => &mut self.y,
            _ => return None,
        })
    }

    /// The names of the members read.
    const NAMES: [&'static str; 10] = [
        "kid", "kty", "use", "key_ops", "alg", "crv", "n", "e", "x", "y",
    ];
}

fn str_member(value: Option<Value<'_>>) -> Result<Option<JStr<'_>>, Error> {
    match value {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s)),
        Some(_) => Err(Error::Malformed),
    }
}

/// Reads one JWK up to its key material. A rejection says why it cannot be used;
/// [`KeySet::load_jwks`](crate::KeySet::load_jwks) records it as skipped, under [`kid`].
/// Its key is then built with [`Jwk::build_in`] or checked with [`Jwk::check`].
pub(crate) fn parse(obj: Object<'_>) -> Result<Jwk<'_>, SkipReason> {
    let members = Members::of(&obj);
    let kid = kid_of(members.kid)?;
    let (alg, shape) = parse_shape(&members)?;
    let (first, second) = match shape {
        Shape::Rsa => (members.n, members.e),
        Shape::Ec(_) | Shape::Ed25519 => (members.x, members.y),
    };
    Ok(Jwk {
        kid,
        alg,
        shape,
        first,
        second,
    })
}

/// What [`parse`] and [`Jwk::build_in`] would say of the JWK, without building its key: every
/// check, none of the per-key precomputation (RSA Montgomery parameters, P-256 tables), which
/// cannot fail for key material that passes the checks. For counting the usable keys of a
/// document before it replaces a key set's keys.
pub(crate) fn check(obj: Object<'_>) -> Result<(), SkipReason> {
    parse(obj)?.check()
}

impl Jwk<'_> {
    /// Decodes the key material and builds the key in `out`, where it is kept (a key set's
    /// slot, holding [`Key::EMPTY`] or any key: it is overwritten). On error `out` holds no
    /// usable key, and the caller discards it.
    pub(crate) fn build_in(&self, out: &mut Key) -> Result<(), SkipReason> {
        self.material(Some(out))
    }

    /// The checks of [`Jwk::build_in`] without the key.
    pub(crate) fn check(&self) -> Result<(), SkipReason> {
        self.material(None)
    }

    /// The key material decoded, checked, and with an `out` its key built there.
    fn material(&self, out: Option<&mut Key>) -> Result<(), SkipReason> {
        // Each key type's material in a function of its own, never inlined: on a small device
        // their buffers would otherwise share one stack frame, and so sum up.
        let key = match self.shape {
            Shape::Rsa => rsa_material(self.first, self.second, out)?,
            Shape::Ec(curve) => ec_material(self.first, self.second, curve, out)?,
            Shape::Ed25519 => ed25519_material(self.first, out)?,
        };
        // The build may lack the algorithm's implementation (a feature left out).
        if let (Some(a), Some(key)) = (self.alg, key)
            && !alg_fits(Some(a), key, a)
        {
            return Err(SkipReason::AlgMismatch);
        }
        Ok(())
    }
}

/// The JWK's `kid`, decoded.
pub(crate) fn kid(obj: &Object<'_>) -> Result<Option<Kid>, SkipReason> {
    kid_of(obj.get("kid"))
}

/// The `kid` member's value, decoded.
fn kid_of(value: Option<Value<'_>>) -> Result<Option<Kid>, SkipReason> {
    let Some(k) = member(value)? else {
        return Ok(None);
    };
    let mut kid = Kid::new();
    for b in k.bytes() {
        kid.push(b).map_err(|_| SkipReason::KidTooLong)?;
    }
    Ok(Some(kid))
}

/// A member of the wrong JSON type is a malformed JWK.
fn member(value: Option<Value<'_>>) -> Result<Option<JStr<'_>>, SkipReason> {
    str_member(value).map_err(|_| SkipReason::Malformed)
}

/// Why key material was refused: weak, invalid, or a family this build lacks.
fn material(e: Error, unsupported: SkipReason) -> SkipReason {
    match e {
        Error::WeakKey => SkipReason::Weak,
        Error::Malformed => SkipReason::Malformed,
        Error::UnsupportedAlg => unsupported,
        _ => SkipReason::InvalidKey,
    }
}

/// The JWK's `alg` and key type, and the checks of `use`, `key_ops` and `alg`: all before any
/// key material is decoded.
fn parse_shape(obj: &Members<'_>) -> Result<(Option<Alg>, Shape), SkipReason> {
    let kty = member(obj.kty)?.ok_or(SkipReason::Malformed)?;
    if let Some(usage) = member(obj.usage)?
        && !usage.eq_str("sig")
    {
        return Err(SkipReason::NotForSignature);
    }
    match obj.key_ops {
        None => {}
        Some(Value::Array(ops)) => {
            let mut verify = false;
            for op in ops.iter() {
                let Value::Str(op) = op else {
                    return Err(SkipReason::Malformed);
                };
                verify |= op.eq_str("verify");
            }
            if !verify {
                return Err(SkipReason::NoVerifyOp);
            }
        }
        Some(_) => return Err(SkipReason::Malformed),
    }
    let alg = match member(obj.alg)? {
        None => None,
        Some(a) => {
            let mut buf = [0u8; 16];
            let name = a
                .decode_into(&mut buf)
                .map_err(|_| SkipReason::UnsupportedAlg)?;
            Some(Alg::from_name(name.as_bytes()).map_err(|_| SkipReason::UnsupportedAlg)?)
        }
    };
    // What the key is, from `kty` and `crv`, and whether it may serve its own `alg`: both
    // checked before any key material is decoded or any table built (an unusable key costs
    // nothing).
    let shape = if kty.eq_str("RSA") {
        Shape::Rsa
    } else if kty.eq_str("EC") {
        let crv = member(obj.crv)?.ok_or(SkipReason::Malformed)?;
        if crv.eq_str("P-256") {
            Shape::Ec(Curve::P256)
        } else if crv.eq_str("P-384") {
            Shape::Ec(Curve::P384)
        } else if crv.eq_str("P-521") {
            Shape::Ec(Curve::P521)
        } else {
            return Err(SkipReason::UnsupportedCrv);
        }
    } else if kty.eq_str("OKP") {
        let crv = member(obj.crv)?.ok_or(SkipReason::Malformed)?;
        if !crv.eq_str("Ed25519") {
            return Err(SkipReason::UnsupportedCrv);
        }
        Shape::Ed25519
    } else {
        // `oct` keys in a JWKS are never trusted for HMAC: secrets come only through
        // `KeySet::add_hmac`. Unknown key types are equally unusable.
        return Err(SkipReason::UnsupportedKty);
    };
    if let Some(a) = alg
        && !shape.serves(a)
    {
        return Err(SkipReason::AlgMismatch);
    }
    Ok((alg, shape))
}

/// Decodes the base64url member `value` into `buf`; its length.
fn b64(value: Option<Value<'_>>, buf: &mut [u8]) -> Result<usize, SkipReason> {
    b64_member(value, buf)
        .map(|d| d.len())
        .map_err(|e| material(too_long_is_invalid(e), SkipReason::InvalidKey))
}

/// An RSA JWK's key (`n`, `e`) built in `out`, or with no `out` only its checks; the key
/// built.
#[inline(never)]
fn rsa_material<'k>(
    n: Option<Value<'_>>,
    e: Option<Value<'_>>,
    out: Option<&'k mut Key>,
) -> Result<Option<&'k Key>, SkipReason> {
    let mut n_buf = [0u8; MAX_RSA_BITS / 8 + 1];
    let mut e_buf = [0u8; 16];
    let n_len = b64(n, &mut n_buf)?;
    let e_len = b64(e, &mut e_buf)?;
    let (Some(n), Some(e)) = (n_buf.get(..n_len), e_buf.get(..e_len)) else {
        return Err(SkipReason::InvalidKey);
    };
    let unusable = |e| material(e, SkipReason::UnsupportedKty);
    match out {
        Some(key) => match key.init_rsa(n, e) {
            Ok(()) => Ok(Some(key)),
            Err(e) => Err(unusable(e)),
        },
        None => Key::check_rsa(n, e).map(|()| None).map_err(unusable),
    }
}

/// An EC JWK's key (`x`, `y`) built in `out`, or with no `out` only its checks; the key built.
#[inline(never)]
fn ec_material<'k>(
    x: Option<Value<'_>>,
    y: Option<Value<'_>>,
    curve: Curve,
    out: Option<&'k mut Key>,
) -> Result<Option<&'k Key>, SkipReason> {
    let mut x_buf = [0u8; 66];
    let mut y_buf = [0u8; 66];
    let x_len = b64(x, &mut x_buf)?;
    let y_len = b64(y, &mut y_buf)?;
    let (Some(x), Some(y)) = (x_buf.get(..x_len), y_buf.get(..y_len)) else {
        return Err(SkipReason::InvalidKey);
    };
    let unusable = |e| material(e, SkipReason::UnsupportedCrv);
    match out {
        Some(key) => match key.init_ec(curve, x, y) {
            Ok(()) => Ok(Some(key)),
            Err(e) => Err(unusable(e)),
        },
        None => Key::check_ec(curve, x, y).map(|()| None).map_err(unusable),
    }
}

/// An Ed25519 JWK's key (`x`) built in `out`; with no `out` the same work (decoding the point
/// is all of it), the key dropped. The key built.
#[inline(never)]
fn ed25519_material<'k>(
    x: Option<Value<'_>>,
    out: Option<&'k mut Key>,
) -> Result<Option<&'k Key>, SkipReason> {
    let mut x_buf = [0u8; 32];
    let x_len = b64(x, &mut x_buf)?;
    let x = x_buf.get(..x_len).ok_or(SkipReason::InvalidKey)?;
    let unusable = |e| material(e, SkipReason::UnsupportedCrv);
    match out {
        Some(key) => match key.init_ed25519(x) {
            Ok(()) => Ok(Some(key)),
            Err(e) => Err(unusable(e)),
        },
        None => Key::check_ed25519(x).map(|()| None).map_err(unusable),
    }
}

/// A JWK's key type (and curve), read before its key material.
#[derive(Clone, Copy)]
enum Shape {
    Rsa,
    Ec(Curve),
    Ed25519,
}

impl Shape {
    /// True if a key of this shape can verify `alg` (RFC 7518 §3.1, RFC 8037 §3.1).
    fn serves(self, alg: Alg) -> bool {
        match self {
            Shape::Rsa => matches!(
                alg,
                Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512
            ),
            Shape::Ec(curve) => matches!(
                (curve, alg),
                (Curve::P256, Alg::ES256) | (Curve::P384, Alg::ES384) | (Curve::P521, Alg::ES512)
            ),
            Shape::Ed25519 => matches!(alg, Alg::EdDSA | Alg::Ed25519),
        }
    }
}

fn too_long_is_invalid(e: Error) -> Error {
    if e == Error::BufferTooSmall {
        Error::InvalidKey
    } else {
        e
    }
}
