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
        // `table * ENTRY <= free.len()` always holds: no wrap.
        let end = self.free.len().wrapping_sub(self.table.wrapping_mul(ENTRY));
        let slot = end
            .checked_sub(ENTRY)
            .and_then(|start| self.free.get_mut(start..end))
            .ok_or(Error::TooLarge)?;
        slot.copy_from_slice(&value.to_le_bytes());
        self.table = self.table.wrapping_add(1);
        Ok(())
    }

    /// Table entries `from..` (to the last), as one slice of 4-byte entries in reverse order.
    pub(crate) fn table_from(&mut self, from: usize) -> &mut [[u8; ENTRY]] {
        let n = self.table.saturating_sub(from);
        let end = self.free.len().saturating_sub(from.saturating_mul(ENTRY));
        let start = end.saturating_sub(n.saturating_mul(ENTRY));
        self.free
            .get_mut(start..end)
            .map_or(&mut [], |b| b.as_chunks_mut::<ENTRY>().0)
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

    /// Lends `f` the first free bytes, at most `max`, and takes the front `n` of them that
    /// `f` reports as written (for a writer that knows a bound, not the exact length, before
    /// it writes). On an error nothing is taken.
    ///
    /// # Errors
    /// `f`'s error; [`Error::BufferTooSmall`] if `f` reports more bytes than it was lent.
    pub(crate) fn take_with(
        &mut self,
        max: usize,
        f: impl FnOnce(&mut [u8]) -> Result<usize, Error>,
    ) -> Result<&'b mut [u8], Error> {
        let lend = max.min(self.room());
        let all = core::mem::take(&mut self.free);
        let used = match all.get_mut(..lend) {
            Some(buf) => f(buf).and_then(|n| {
                if n <= lend {
                    Ok(n)
                } else {
                    Err(Error::BufferTooSmall)
                }
            }),
            None => Err(Error::BufferTooSmall),
        };
        match used {
            Ok(n) => {
                let (head, tail) = all.split_at_mut(n);
                self.free = tail;
                Ok(head)
            }
            Err(e) => {
                self.free = all;
                Err(e)
            }
        }
    }

    /// The decoded string: borrowed as is when it has no escapes, else decoded here.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] if the arena runs out; [`Error::Malformed`] if the decoded
    /// bytes are not UTF-8.
    ///
    /// The decoding is outlined: the plain case, by far the most common, then needs no saved
    /// registers.
    #[inline(never)]
    pub(crate) fn str(&mut self, s: JStr<'b>) -> Result<&'b str, Error> {
        match s.as_plain() {
            Some(plain) => Ok(plain),
            None => self.decoded(s),
        }
    }

    /// [`Self::str`] of a string with escapes.
    #[inline(never)]
    fn decoded(&mut self, s: JStr<'b>) -> Result<&'b str, Error> {
        let out = self.take(s.decoded_len())?;
        let decoded = s.decode_into(out)?;
        Ok(decoded)
    }
}
