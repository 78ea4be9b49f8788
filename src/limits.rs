//! Every bound the core enforces on untrusted input, in one place.
//!
//! Going past any of them is a clear error (mostly [`Error::TooLarge`](crate::Error::TooLarge)),
//! checked before the work it bounds.

/// Longest compact token accepted, in bytes: 16 KiB, checked before any other work.
///
/// Identity providers' largest tokens (Entra ID with group overage, Keycloak with many mappers)
/// stay under 10 KiB; HTTP servers commonly cap a header line at 8-16 KiB. A longer token is
/// [`Error::TooLarge`](crate::Error::TooLarge).
pub const MAX_TOKEN_LEN: usize = 16 * 1024;

/// Longest JWKS document accepted by [`KeySet::load_jwks`](crate::KeySet::load_jwks), in bytes.
///
/// Real JWKS documents with `x5c` certificate chains for a handful of keys stay under 32 KiB.
pub const MAX_JWKS_LEN: usize = 256 * 1024;

/// Deepest JSON nesting accepted (objects and arrays together; the top-level object is depth 1).
///
/// The parser is iterative and keeps one bit per level, so this bounds work, not recursion.
/// Tokens and JWKS nest at most three or four levels; CVE-2025-53864 (nimbus-jose-jwt) was a
/// stack overflow on deeply nested claims.
pub const MAX_JSON_DEPTH: usize = 32;

/// Most member names that can be open at once across all nesting levels of a JWKS document,
/// a JWK, or a JSON text given to [`Claims::raw_in`](crate::Claims::raw_in): the table that
/// detects duplicate names is then on the stack (4 bytes per entry, 512 bytes).
///
/// Tokens are not bound by it: the verifier keeps the table of a token's header and claims in
/// the scratch buffer, where every member fits (4 bytes each, and no member's JSON text is
/// shorter), so a token is limited only by [`MAX_TOKEN_LEN`]. Duplicates are found in
/// n log n time whatever the count (small objects by a filter and a scan, objects past 16
/// names by sorting them when they close).
pub const MAX_OPEN_MEMBERS: usize = 128;

/// Longest `kid` kept for a key, in bytes (decoded). A JWK with a longer `kid` is skipped.
pub const MAX_KID_LEN: usize = 128;

/// Skipped JWKs a key set remembers from its last load, with their `kid` and reason (see
/// [`KeySetView::skipped_keys`](crate::KeySetView::skipped_keys)); later ones are only
/// counted.
///
/// Providers publish at most one or two keys a verifier skips (Yahoo an RSA key whose `alg`
/// does not fit, PayPal an X25519 key); each record takes up to
/// [`MAX_KID_LEN`] bytes of the key set, so the bound stays small.
pub const MAX_SKIPPED_KEYS: usize = 4;

/// Default capacity of a [`KeySet`](crate::KeySet): keys it can hold.
///
/// Providers publish two or three signing keys at once during rotation; 8 leaves room for
/// several algorithms per provider.
pub const DEFAULT_KEY_CAPACITY: usize = 8;

/// Smallest RSA modulus accepted, in bits (RFC 7518 §3.3, RFC 8725 §3.5). Smaller keys are
/// [`Error::WeakKey`](crate::Error::WeakKey).
pub const MIN_RSA_BITS: usize = 2048;

/// Largest RSA modulus accepted, in bits. Larger keys are
/// [`Error::InvalidKey`](crate::Error::InvalidKey) (bounded work and stack per verification).
pub const MAX_RSA_BITS: usize = 4096;

/// Largest RSA public exponent accepted, in bytes: the exponent must fit in 64 bits. Every
/// provider uses 65537; a larger `e` would only make verification slower.
pub const MAX_RSA_EXPONENT_LEN: usize = 8;

/// Longest HMAC secret accepted, in bytes. Longer secrets are hashed first by HMAC itself
/// (RFC 2104), so this only bounds the input.
pub const MAX_HMAC_SECRET_LEN: usize = 1024;

/// Longest signature accepted, in bytes: an RSA-4096 signature.
pub const MAX_SIGNATURE_LEN: usize = MAX_RSA_BITS / 8;

/// Largest NumericDate accepted in `exp`, `nbf`, `iat` and `auth_time`: 9999-12-31T23:59:59Z.
/// Larger or negative values are [`Error::InvalidClaim`](crate::Error::InvalidClaim), so time
/// arithmetic with any leeway can never overflow.
pub const MAX_NUMERIC_DATE: u64 = 253_402_300_799;
