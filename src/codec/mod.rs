//! The encoding layer, each step strict and allocation-free: the compact serialization
//! (`compact`), base64url (`b64`), JSON (`json`), and the word-at-a-time byte searches they
//! share (`scan`). Nothing here knows what a token means.

pub(crate) mod b64;
pub(crate) mod compact;
pub(crate) mod json;
pub(crate) mod scan;
