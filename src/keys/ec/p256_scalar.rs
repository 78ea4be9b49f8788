//! The scalars of ES256 verification on 64-bit targets: `p256`'s own `Scalar` (arithmetic
//! modulo the group order `n`) behind the interface of `p256_scalar_32`, which replaces it on
//! the others.

use p256::elliptic_curve::ff::{Field as _, PrimeField as _};
use p256::elliptic_curve::ops::Reduce as _;
use p256::{FieldBytes, Scalar};

/// `u1 = z/s` and `u2 = r/s` modulo `n`, big-endian, for the 32-byte digest `z` (reduced
/// modulo `n`, SEC 1 §4.1.4) and the signature `(r, s)`; `None` unless `r` and `s` are in
/// `[1, n-1]`.
pub(crate) fn u1_u2(z: &[u8; 32], r: &[u8; 32], s: &[u8; 32]) -> Option<([u8; 32], [u8; 32])> {
    let scalar = |b: &[u8; 32]| {
        Option::<Scalar>::from(Scalar::from_repr(FieldBytes::from(*b)))
            .filter(|x| !bool::from(x.is_zero()))
    };
    let r = scalar(r)?;
    let s = scalar(s)?;
    let z = Scalar::reduce(&FieldBytes::from(*z));
    let s_inv = Option::<Scalar>::from(s.invert_vartime())?;
    Some((
        z.multiply(&s_inv).to_bytes().into(),
        r.multiply(&s_inv).to_bytes().into(),
    ))
}
