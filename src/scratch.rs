//! The caller's scratch buffer: decoded segments are cut from its front, and decoded strings
//! of the header and claims are bump-allocated from what remains. No heap, no copies beyond
//! what unescaping needs.

use crate::codec::json::JStr;
use crate::error::Error;

/// A bump allocator over the caller's scratch buffer, for decoded strings.
pub(crate) struct Arena<'b> {
    free: &'b mut [u8],
}

impl<'b> Arena<'b> {
    pub(crate) fn new(free: &'b mut [u8]) -> Self {
        Arena { free }
    }

    /// Takes the first `len` free bytes.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if fewer than `len` bytes are free.
    pub(crate) fn take(&mut self, len: usize) -> Result<&'b mut [u8], Error> {
        if len > self.free.len() {
            return Err(Error::BufferTooSmall);
        }
        let (head, tail) = core::mem::take(&mut self.free).split_at_mut(len);
        self.free = tail;
        Ok(head)
    }

    /// The decoded string: borrowed as is when it has no escapes, else decoded here.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if the arena runs out; [`Error::Malformed`] if the decoded
    /// bytes are not UTF-8.
    pub(crate) fn str(&mut self, s: JStr<'b>) -> Result<&'b str, Error> {
        if let Some(plain) = s.as_plain() {
            return Ok(plain);
        }
        let out = self.take(s.decoded_len())?;
        let decoded = s.decode_into(out)?;
        Ok(decoded)
    }
}
