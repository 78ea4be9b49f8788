//! The `htu` comparison of RFC 9449 §4.3 check 9: the proof's URI and the request's, both
//! without query and fragment, compared after the syntax-based normalisation of RFC 3986
//! §6.2.2 and the scheme-based one of §6.2.3 for `http` and `https`.

/// Why a URI cannot be normalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UriError {
    /// Not an absolute URI with an authority, or a bad percent-encoding or port.
    Syntax,
    /// Longer than the output buffer.
    TooLong,
}

/// Writes the normalised form of `uri` (query and fragment dropped) into `out` and returns
/// its length:
/// - scheme and host in lowercase (§6.2.2.1);
/// - percent-encodings in uppercase hex, and those of unreserved characters decoded
///   (§6.2.2.1-2);
/// - `.` and `..` path segments removed (§6.2.2.3);
/// - an empty port, or the default port of `http` (80) or `https` (443), removed, and an
///   empty path written `/` (§6.2.3).
///
/// The result is never longer than `uri` plus one byte.
pub(crate) fn normalise(uri: &str, out: &mut [u8]) -> Result<usize, UriError> {
    let uri = uri.as_bytes();
    let end = uri
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(uri.len());
    let uri = uri.get(..end).ok_or(UriError::Syntax)?;
    let colon = uri
        .iter()
        .position(|&b| b == b':')
        .ok_or(UriError::Syntax)?;
    let (scheme, rest) = uri.split_at(colon);
    let valid_scheme = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    let rest = rest.strip_prefix(b"://").ok_or(UriError::Syntax)?;
    if !valid_scheme {
        return Err(UriError::Syntax);
    }
    let mut w = Writer { out, len: 0 };
    for b in scheme {
        w.push(b.to_ascii_lowercase())?;
    }
    w.extend(b"://")?;
    let slash = rest.iter().position(|&b| b == b'/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(slash);
    // Userinfo (case-sensitive) up to the last `@`, then host and port.
    let (userinfo, host_port) = match authority.iter().rposition(|&b| b == b'@') {
        Some(at) => (authority.get(..=at), authority.get(at.wrapping_add(1)..)),
        None => (None, Some(authority)),
    };
    let host_port = host_port.ok_or(UriError::Syntax)?;
    if let Some(userinfo) = userinfo {
        w.percent_normalised(userinfo, false)?;
    }
    // The port follows the last `:` after any IPv6 literal's `]`.
    let host_end = host_port.iter().rposition(|&b| b == b']').unwrap_or(0);
    let (host, port) = match host_port
        .iter()
        .skip(host_end)
        .position(|&b| b == b':')
        .map(|p| p.wrapping_add(host_end))
    {
        Some(c) => (
            host_port.get(..c).unwrap_or(&[]),
            host_port.get(c.wrapping_add(1)..),
        ),
        None => (host_port, None),
    };
    if host.is_empty() {
        return Err(UriError::Syntax);
    }
    w.percent_normalised(host, true)?;
    if let Some(port) = port {
        if !port.iter().all(u8::is_ascii_digit) {
            return Err(UriError::Syntax);
        }
        let default: &[u8] = match scheme {
            s if s.eq_ignore_ascii_case(b"http") => b"80",
            s if s.eq_ignore_ascii_case(b"https") => b"443",
            _ => b"",
        };
        if !port.is_empty() && port != default {
            w.push(b':')?;
            w.extend(port)?;
        }
    }
    // Path: segment by segment, each percent-normalised, dot segments removed.
    let path_start = w.len;
    let mut segments = path.split(|&b| b == b'/').skip(1).peekable();
    if path.is_empty() {
        w.push(b'/')?;
    }
    while let Some(segment) = segments.next() {
        let last = segments.peek().is_none();
        let mark = w.len;
        w.push(b'/')?;
        w.percent_normalised(segment, false)?;
        let written = w.out.get(mark.wrapping_add(1)..w.len).unwrap_or(&[]);
        let dots = match written {
            b"." => 1,
            b".." => 2,
            _ => 0,
        };
        if dots > 0 {
            w.len = mark;
            if dots == 2 {
                let tail = w.out.get(path_start..w.len).unwrap_or(&[]);
                w.len = tail
                    .iter()
                    .rposition(|&b| b == b'/')
                    .map_or(path_start, |p| p.wrapping_add(path_start));
            }
            if last {
                w.push(b'/')?;
            }
        }
    }
    Ok(w.len)
}

/// Appends to a fixed buffer.
struct Writer<'o> {
    out: &'o mut [u8],
    len: usize,
}

impl Writer<'_> {
    fn push(&mut self, b: u8) -> Result<(), UriError> {
        *self.out.get_mut(self.len).ok_or(UriError::TooLong)? = b;
        self.len = self.len.wrapping_add(1);
        Ok(())
    }

    fn extend(&mut self, bytes: &[u8]) -> Result<(), UriError> {
        bytes.iter().try_for_each(|&b| self.push(b))
    }

    /// Appends `text` with percent-encodings normalised (and letters lowercased if
    /// `lower`, for a host).
    fn percent_normalised(&mut self, text: &[u8], lower: bool) -> Result<(), UriError> {
        let case = |b: u8| if lower { b.to_ascii_lowercase() } else { b };
        let mut i = text.iter();
        while let Some(&b) = i.next() {
            if b != b'%' {
                self.push(case(b))?;
                continue;
            }
            let (Some(&h), Some(&l)) = (i.next(), i.next()) else {
                return Err(UriError::Syntax);
            };
            let (Some(hi), Some(lo)) = (hex(h), hex(l)) else {
                return Err(UriError::Syntax);
            };
            let v = (hi << 4) | lo;
            if v.is_ascii_alphanumeric() || matches!(v, b'-' | b'.' | b'_' | b'~') {
                self.push(case(v))?;
            } else {
                self.push(b'%')?;
                self.push(HEX_UPPER.get(usize::from(hi)).copied().unwrap_or(b'0'))?;
                self.push(HEX_UPPER.get(usize::from(lo)).copied().unwrap_or(b'0'))?;
            }
        }
        Ok(())
    }
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b.wrapping_sub(b'0')),
        b'a'..=b'f' => Some(b.wrapping_sub(b'a').wrapping_add(10)),
        b'A'..=b'F' => Some(b.wrapping_sub(b'A').wrapping_add(10)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(uri: &str) -> Result<std::string::String, UriError> {
        extern crate std;
        let mut out = [0u8; 128];
        let n = normalise(uri, &mut out)?;
        Ok(std::string::String::from_utf8_lossy(&out[..n]).into_owned())
    }

    extern crate std;

    #[test]
    fn rfc3986_section_6_2_2_and_6_2_3() {
        let same = "https://server.example.com/token";
        for uri in [
            "https://server.example.com/token",
            "HTTPS://Server.EXAMPLE.com/token",
            "https://server.example.com:443/token",
            "https://server.example.com:/token",
            "https://server.example.com/token?x=1#frag",
            "https://server.example.com/token#frag",
            "https://server.example.com/%74oken",
            "https://server.example.com/a/../token",
            "https://server.example.com/./token",
            "https://server.example.com/a/b/%2E%2E/../token",
            "https://%73erver.example.com/token",
        ] {
            assert_eq!(norm(uri).as_deref(), Ok(same), "{uri}");
        }
        assert_eq!(
            norm("http://a.example:80").as_deref(),
            Ok("http://a.example/")
        );
        assert_eq!(
            norm("http://a.example?q").as_deref(),
            Ok("http://a.example/")
        );
        assert_eq!(
            norm("http://a.example:8080/").as_deref(),
            Ok("http://a.example:8080/")
        );
        assert_eq!(
            norm("https://a.example:80/").as_deref(),
            Ok("https://a.example:80/")
        );
        assert_eq!(
            norm("https://a.example/a%2fb").as_deref(),
            Ok("https://a.example/a%2Fb")
        );
        assert_eq!(
            norm("https://a.example/A/b/").as_deref(),
            Ok("https://a.example/A/b/")
        );
        assert_eq!(
            norm("https://a.example/a/.").as_deref(),
            Ok("https://a.example/a/")
        );
        assert_eq!(
            norm("https://a.example/a/..").as_deref(),
            Ok("https://a.example/")
        );
        assert_eq!(
            norm("https://a.example/../..").as_deref(),
            Ok("https://a.example/")
        );
        assert_eq!(
            norm("https://U@[::1]:443/").as_deref(),
            Ok("https://U@[::1]/")
        );
        assert_eq!(
            norm("https://[::AB]:8443/x").as_deref(),
            Ok("https://[::ab]:8443/x")
        );
        for bad in [
            "",
            "server.example.com/token",
            "https:/x",
            "1http://x/",
            "https:///x",
            "https://x:8a/",
            "https://x/%4",
            "https://x/%zz",
        ] {
            assert_eq!(norm(bad), Err(UriError::Syntax), "{bad}");
        }
        let mut small = [0u8; 8];
        assert_eq!(
            normalise("https://a.example/", &mut small),
            Err(UriError::TooLong)
        );
    }
}
