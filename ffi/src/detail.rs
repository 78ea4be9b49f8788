//! The C view of a refusal's detail (`idgate_verify_ex`).

use idgate::{Detail, Segment};

use crate::policy::idgate_str;

/// No segment: the refusal is not about the token's encoding.
pub const IDGATE_SEGMENT_NONE: u32 = 0;
/// The JOSE header (first segment).
pub const IDGATE_SEGMENT_HEADER: u32 = 1;
/// The payload (second segment).
pub const IDGATE_SEGMENT_PAYLOAD: u32 = 2;
/// The signature (third segment).
pub const IDGATE_SEGMENT_SIGNATURE: u32 = 3;

/// What a refusal of `idgate_verify_ex` was about. Which fields are set depends on the check:
/// encoding errors set `segment` and, where one byte is at fault, `offset` (from the token's
/// first byte); key and signature errors set `alg` and `kid`; policy checks set `claim` (or
/// `typ`), and for comparisons `expected` (a view into the policy's strings) and `found` (a
/// view into the scratch buffer); time checks set `claim`, `date` and `now`. Absent strings are
/// `{NULL, 0}`; strings are not NUL-terminated.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct idgate_detail {
    /// `IDGATE_SEGMENT_*`.
    pub segment: u32,
    /// True if `offset` is meaningful.
    pub has_offset: bool,
    /// The byte at fault, from the token's first byte.
    pub offset: usize,
    /// The header `alg` (static storage), once read.
    pub alg: idgate_str,
    /// The header `kid`, once read (when it has no JSON escapes).
    pub kid: idgate_str,
    /// The claim (or `typ`) the failed check is about.
    pub claim: idgate_str,
    /// What the policy expected.
    pub expected: idgate_str,
    /// What the token holds.
    pub found: idgate_str,
    /// True if `date` and `now` are meaningful (a time check).
    pub has_date: bool,
    /// The claim's date, Unix seconds.
    pub date: u64,
    /// `now` as given.
    pub now: u64,
}

impl idgate_detail {
    /// Nothing to say.
    pub(crate) const EMPTY: idgate_detail = idgate_detail {
        segment: IDGATE_SEGMENT_NONE,
        has_offset: false,
        offset: 0,
        alg: idgate_str::NONE,
        kid: idgate_str::NONE,
        claim: idgate_str::NONE,
        expected: idgate_str::NONE,
        found: idgate_str::NONE,
        has_date: false,
        date: 0,
        now: 0,
    };

    /// The C view of a detail.
    pub(crate) fn of(d: &Detail<'_>) -> idgate_detail {
        idgate_detail {
            segment: match d.segment {
                None => IDGATE_SEGMENT_NONE,
                Some(Segment::Header) => IDGATE_SEGMENT_HEADER,
                Some(Segment::Payload) => IDGATE_SEGMENT_PAYLOAD,
                Some(Segment::Signature) => IDGATE_SEGMENT_SIGNATURE,
            },
            has_offset: d.offset.is_some(),
            offset: d.offset.unwrap_or(0),
            alg: idgate_str::of_opt(d.alg.map(|a| a.name())),
            kid: idgate_str::of_opt(d.kid),
            claim: idgate_str::of_opt(d.claim),
            expected: idgate_str::of_opt(d.expected),
            found: idgate_str::of_opt(d.found),
            has_date: d.date.is_some() || d.now.is_some(),
            date: d.date.unwrap_or(0),
            now: d.now.unwrap_or(0),
        }
    }
}
