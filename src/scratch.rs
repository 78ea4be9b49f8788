//! The caller's scratch buffer: decoded segments are cut from its front, and decoded strings
//! of the header and claims are bump-allocated from what remains. No heap, no copies beyond
//! what unescaping needs.

use crate::codec::json::JStr;
use crate::error::Error;

/// A bump allocator over the caller's scratch buffer: decoded strings from the front, and
/// from the back a table of 4-byte entries (the JSON validator's open member names).
///
/// The two ends never meet for a token within [`crate::scratch_len`]: each member of a
/// claim set takes one entry of 4 bytes, no more than its own text (`"":0,` is 5 bytes), and
/// a decoded string is never longer than its escaped text.
pub(crate) struct Arena<'b> {
    free: &'b mut [u8],
    /// Entries in the table at the back of `free`; entry `i` ends `4 * i` bytes from the end.
    table: usize,
}

/// Bytes per table entry.
const ENTRY: usize = 4;

impl<'b> Arena<'b> {
    pub(crate) fn new(free: &'b mut [u8]) -> Self {
        Arena { free, table: 0 }
    }

    /// Bytes between the strings and the table.
    fn room(&self) -> usize {
        self.free
            .len()
            .saturating_sub(self.table.saturating_mul(ENTRY))
    }

    /// The bytes of table entry `i`, if it exists.
    fn entry(&mut self, i: usize) -> Option<&mut [u8; ENTRY]> {
        if i >= self.table {
            return None;
        }
        let end = self.free.len().checked_sub(i.checked_mul(ENTRY)?)?;
        let start = end.checked_sub(ENTRY)?;
        self.free.get_mut(start..end)?.first_chunk_mut::<ENTRY>()
    }

    /// Number of table entries.
    #[inline(always)]
    pub(crate) fn table_len(&self) -> usize {
        self.table
    }

    /// Appends a table entry.
    ///
    /// # Errors
    /// [`Error::TooLarge`] if no room is left.
    #[inline]
    pub(crate) fn table_push(&mut self, value: u32) -> Result<(), Error> {
        if self.room() < ENTRY {
            return Err(Error::TooLarge);
        }
        self.table = self.table.saturating_add(1);
        let last = self.table.saturating_sub(1);
        let slot = self.entry(last).ok_or(Error::TooLarge)?;
        *slot = value.to_le_bytes();
        Ok(())
    }

    /// Table entry `i` (0 if it does not exist, which callers never ask).
    #[inline]
    pub(crate) fn table_get(&mut self, i: usize) -> u32 {
        self.entry(i).map_or(0, |e| u32::from_le_bytes(*e))
    }

    /// Swaps table entries `i` and `j`.
    pub(crate) fn table_swap(&mut self, i: usize, j: usize) {
        let (a, b) = (self.table_get(i), self.table_get(j));
        if let Some(e) = self.entry(i) {
            *e = b.to_le_bytes();
        }
        if let Some(e) = self.entry(j) {
            *e = a.to_le_bytes();
        }
    }

    /// Drops the table entries from `len` on.
    #[inline]
    pub(crate) fn table_truncate(&mut self, len: usize) {
        self.table = self.table.min(len);
    }

    /// Takes the first `len` free bytes.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if fewer than `len` bytes are free.
    pub(crate) fn take(&mut self, len: usize) -> Result<&'b mut [u8], Error> {
        if len > self.room() {
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
