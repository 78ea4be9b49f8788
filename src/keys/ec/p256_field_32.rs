//! The field of P-256 for ES256 verification on 32-bit targets: `p256`'s own field element
//! behind the interface of `p256_field`. A 32-bit version of `p256_field` was measured and
//! lost there: 6.05 M instructions per ES256 verify on a Cortex-M3 (opt-level "z") against
//! 4.40 M with `p256`'s.

use p256::elliptic_curve::ff::PrimeField as _;
use p256::elliptic_curve::hazmat::FieldArithmetic;
use p256::elliptic_curve::subtle::ConstantTimeEq as _;
use p256::{FieldBytes, NistP256};

type Inner = <NistP256 as FieldArithmetic>::FieldElement;

/// An element of the field.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fe(Inner);

impl Fe {
    pub(crate) const ZERO: Fe = Fe(Inner::ZERO);
    pub(crate) const ONE: Fe = Fe(Inner::ONE);

    /// The element of 64 hex digits (big-endian), for constants.
    pub(crate) const fn from_hex_vartime(hex: &str) -> Fe {
        Fe(Inner::from_hex_vartime(hex))
    }

    /// The element of 32 big-endian bytes; `None` unless they are below `p`.
    pub(crate) fn from_repr(bytes: FieldBytes) -> Option<Fe> {
        Option::from(Inner::from_repr(bytes)).map(Fe)
    }

    /// The 32 big-endian bytes of the element.
    #[cfg(test)]
    pub(crate) fn to_repr(self) -> FieldBytes {
        self.0.to_repr()
    }

    pub(crate) fn multiply(&self, other: &Fe) -> Fe {
        Fe(self.0.multiply(&other.0))
    }

    pub(crate) fn square(&self) -> Fe {
        Fe(self.0.square())
    }

    pub(crate) fn add(&self, other: &Fe) -> Fe {
        Fe(self.0.add(&other.0))
    }

    pub(crate) fn double(&self) -> Fe {
        Fe(self.0.double())
    }

    pub(crate) fn sub(&self, other: &Fe) -> Fe {
        Fe(self.0.sub(&other.0))
    }

    pub(crate) fn neg(&self) -> Fe {
        Fe(self.0.neg())
    }

    pub(crate) fn is_zero(&self) -> bool {
        bool::from(self.0.is_zero())
    }

    pub(crate) fn ct_eq(&self, other: &Fe) -> bool {
        bool::from(self.0.ct_eq(&other.0))
    }

    /// `1/x`; `None` for zero.
    pub(crate) fn invert(&self) -> Option<Fe> {
        Option::from(self.0.invert()).map(Fe)
    }
}
