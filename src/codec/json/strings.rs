//! JSON strings still escaped in place: comparison by decoded value and decoding into a
//! caller buffer.

use super::validate::{finish_hash, hash_plain, hex4, mix};
use super::*;

impl<'a> JStr<'a> {
    /// The content as a `&str` when it has no escapes (the common case), else `None`.
    pub(crate) fn as_plain(&self) -> Option<&'a str> {
        if self.escaped {
            None
        } else {
            self.quoted.get(1..self.quoted.len().saturating_sub(1))
        }
    }

    /// The raw (escaped) content between the quotes.
    #[cfg(feature = "fuzzing")]
    pub(crate) fn raw(&self) -> &'a [u8] {
        self.raw_bytes()
    }

    /// The string with its quotes, as it appears in the document.
    pub(crate) fn quoted(&self) -> &'a [u8] {
        self.quoted.as_bytes()
    }

    /// The decoded bytes, one at a time (UTF-8 of each decoded character).
    pub(crate) fn bytes(&self) -> DecodedBytes<'a> {
        DecodedBytes {
            raw: self.raw_bytes(),
            i: 0,
            pending: [0; 4],
            pending_len: 0,
            pending_i: 0,
        }
    }

    /// True if the decoded value equals `s`.
    pub(crate) fn eq_str(&self, s: &str) -> bool {
        if self.escaped {
            self.bytes().eq(s.bytes())
        } else {
            scan::bytes_eq(self.raw_bytes(), s.as_bytes())
        }
    }

    /// True if the decoded value equals `s`.
    pub(crate) fn eq_bytes(&self, s: &[u8]) -> bool {
        if self.escaped {
            self.bytes().eq(s.iter().copied())
        } else {
            scan::bytes_eq(self.raw_bytes(), s)
        }
    }

    /// True if the decoded values are equal.
    pub(crate) fn decoded_eq(&self, other: &JStr<'_>) -> bool {
        if !self.escaped && !other.escaped {
            scan::bytes_eq(self.raw_bytes(), other.raw_bytes())
        } else {
            self.bytes().eq(other.bytes())
        }
    }

    /// Length of the decoded value in bytes.
    pub(crate) fn decoded_len(&self) -> usize {
        if self.escaped {
            self.bytes().count()
        } else {
            self.raw_bytes().len()
        }
    }

    /// A hash of the decoded bytes (for duplicate detection), taken eight bytes at a time
    /// (zero-padded little-endian words), then the length: the same for every spelling of the
    /// same decoded name.
    pub(crate) fn hash(&self) -> u32 {
        let mut h = 0u64;
        let mut len = 0usize;
        if self.escaped {
            let mut w = 0u64;
            let mut n = 0u32;
            for b in self.bytes() {
                w |= u64::from(b) << (n.wrapping_mul(8) & 63);
                n = n.wrapping_add(1);
                len = len.saturating_add(1);
                if n == 8 {
                    h = mix(h, w);
                    w = 0;
                    n = 0;
                }
            }
            if n > 0 {
                h = mix(h, w);
            }
        } else {
            return hash_plain(self.raw_bytes());
        }
        finish_hash(h, len)
    }

    /// Writes the decoded value to the front of `out`.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if `out` is too short.
    pub(crate) fn decode_into<'b>(&self, out: &'b mut [u8]) -> Result<&'b str, Error> {
        if let Some(plain) = self.as_plain() {
            let dst = out.get_mut(..plain.len()).ok_or(Error::BufferTooSmall)?;
            dst.copy_from_slice(plain.as_bytes());
            return core::str::from_utf8(dst).map_err(|_| Error::Malformed);
        }
        let mut n = 0usize;
        for b in self.bytes() {
            *out.get_mut(n).ok_or(Error::BufferTooSmall)? = b;
            n = n.saturating_add(1);
        }
        let text = out.get(..n).ok_or(Error::BufferTooSmall)?;
        core::str::from_utf8(text).map_err(|_| Error::Malformed)
    }
}

/// The decoded bytes of a validated JSON string.
pub(crate) struct DecodedBytes<'a> {
    raw: &'a [u8],
    i: usize,
    pending: [u8; 4],
    pending_len: u8,
    pending_i: u8,
}

impl DecodedBytes<'_> {
    fn unit_at(&self, i: usize) -> u32 {
        hex4(self.raw, i).map_or(0xFFFD, u32::from)
    }
}

impl Iterator for DecodedBytes<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        if self.pending_i < self.pending_len {
            let b = self.pending.get(usize::from(self.pending_i)).copied();
            self.pending_i = self.pending_i.saturating_add(1);
            return b;
        }
        let b = *self.raw.get(self.i)?;
        if b != b'\\' {
            self.i = self.i.saturating_add(1);
            return Some(b);
        }
        let e = *self.raw.get(self.i.saturating_add(1))?;
        self.i = self.i.saturating_add(2);
        let simple = match e {
            b'b' => 0x08,
            b'f' => 0x0C,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let mut cp = self.unit_at(self.i);
                self.i = self.i.saturating_add(4);
                if (0xD800..=0xDBFF).contains(&cp) {
                    let low = self.unit_at(self.i.saturating_add(2));
                    self.i = self.i.saturating_add(6);
                    cp = 0x10000u32
                        .wrapping_add((cp.wrapping_sub(0xD800)) << 10)
                        .wrapping_add(low.wrapping_sub(0xDC00));
                }
                let c = char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER);
                let len = c.encode_utf8(&mut self.pending).len();
                self.pending_len = u8::try_from(len).unwrap_or(0);
                self.pending_i = 1;
                return self.pending.first().copied();
            }
            other => other, // `"`, `\`, `/`
        };
        Some(simple)
    }
}
