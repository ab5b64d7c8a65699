//! Reading and judging one request head at `serve`'s front door ([`super::door`]):
//! the bytes up to the blank line, within a size limit per request line and per
//! head and a deadline for the whole head; then the request line and the `Host`
//! header, which must name this server (localhost, 127.0.0.1, [::1] or the address
//! given with `--bind`) so that a page on another site cannot read the preview
//! through a DNS name of its own (DNS rebinding).

use std::io::{ErrorKind, Read};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpStream};
use std::time::{Duration, Instant};

/// How much of a request head the door accepts, and how long it waits for it.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest request line (method, target, version), in bytes.
    pub line: usize,
    /// Longest head (request line and headers), in bytes.
    pub head: usize,
    /// Time from accepting the connection to the end of the head.
    pub deadline: Duration,
}

pub const LIMITS: Limits = Limits { line: 16 << 10, head: 64 << 10, deadline: Duration::from_secs(10) };

/// Why no request is passed on: the client went away, or the answer to send it.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Closed,
    Status(u16, String),
}

fn status(code: u16, body: impl Into<String>) -> Refusal {
    Refusal::Status(code, body.into())
}

/// Read one request head (through its blank line; anything after it is dropped).
pub fn read(s: &mut TcpStream, limits: Limits) -> Result<Vec<u8>, Refusal> {
    let deadline = Instant::now() + limits.deadline;
    let mut buf: Vec<u8> = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    let mut line_len: Option<usize> = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(timeout(limits));
        }
        s.set_read_timeout(Some(left)).map_err(|_| Refusal::Closed)?;
        let n = match s.read(&mut chunk) {
            Ok(0) => return Err(Refusal::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => return Err(timeout(limits)),
            Err(_) => return Err(Refusal::Closed),
        };
        // Only the new bytes (and the three before them) are searched: a head sent a
        // byte at a time costs linear work.
        let from = buf.len().saturating_sub(3);
        buf.extend_from_slice(&chunk[..n]);
        if line_len.is_none() {
            line_len = buf[from..].iter().position(|&b| b == b'\n').map(|i| from + i);
        }
        if line_len.unwrap_or(buf.len()) > limits.line {
            return Err(status(414, format!("414 URI too long: the request line is longer than {} KiB\n", limits.line >> 10)));
        }
        if let Some(end) = find_end(&buf[from..]) {
            let end = from + end;
            if end > limits.head {
                break;
            }
            if !buf[..end].ends_with(b"\r\n\r\n") || buf[..end - 2].windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r') {
                return Err(status(400, "400 bad request: the lines of a request head must end with CRLF\n"));
            }
            buf.truncate(end);
            return Ok(buf);
        }
        if buf.len() > limits.head {
            break;
        }
    }
    Err(status(431, format!("431 request header fields too large: the request head is larger than {} KiB\n", limits.head >> 10)))
}

fn timeout(limits: Limits) -> Refusal {
    status(408, format!("408 request timeout: the request head did not arrive within {} s\n", limits.deadline.as_secs()))
}

/// The end of the head (just past its blank line) within `buf`, if it is there.
fn find_end(buf: &[u8]) -> Option<usize> {
    (0..buf.len()).find_map(|i| {
        if buf[i..].starts_with(b"\n\n") {
            Some(i + 2)
        } else if buf[i..].starts_with(b"\n\r\n") {
            Some(i + 3)
        } else {
            None
        }
    })
}

/// The parts of a request head the door looks at.
#[derive(Debug, PartialEq, Eq)]
pub struct Request<'a> {
    pub target: &'a str,
    pub host: &'a str,
}

/// Check the request line and find the one `Host` header.
pub fn parse(head: &[u8]) -> Result<Request<'_>, Refusal> {
    let bad = |why: &str| status(400, format!("400 bad request: {why}\n"));
    let text = std::str::from_utf8(head).map_err(|_| bad("the request head is not ASCII"))?;
    let mut lines = text.split("\r\n");
    let line = lines.next().unwrap_or("");
    let parts: Vec<&str> = line.split(' ').collect();
    let [method, target, version] = parts.as_slice() else {
        return Err(bad("the request line is not `METHOD /path HTTP/1.1`"));
    };
    if method.is_empty() || target.is_empty() || !version.starts_with("HTTP/") {
        return Err(bad("the request line is not `METHOD /path HTTP/1.1`"));
    }
    let mut host = None;
    for h in lines.filter(|l| !l.is_empty()) {
        let Some((name, value)) = h.split_once(':') else {
            return Err(bad("a header line has no `:`"));
        };
        if name.trim().eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(bad("more than one Host header"));
            }
            host = Some(value.trim());
        }
    }
    let host = host.ok_or_else(|| bad("no Host header (give the one the server was opened with, e.g. Host: localhost)"))?;
    Ok(Request { target, host })
}

/// The head as passed on to tiny_http: without the headers that announce a body
/// (`Content-Length`, `Transfer-Encoding`, `Expect`). serve answers only GET and
/// HEAD, and passes on one head per connection and nothing after it; tiny_http would
/// otherwise wait for the body and drop the connection unanswered.
pub fn without_body(head: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(head.len());
    for line in head.split_inclusive(|&b| b == b'\n') {
        let name = line.split(|&b| b == b':').next().unwrap_or(b"").trim_ascii();
        let body_header = [&b"content-length"[..], b"transfer-encoding", b"expect"].iter().any(|h| name.eq_ignore_ascii_case(h));
        if !(body_header && line.contains(&b':')) {
            out.extend_from_slice(line);
        }
    }
    out
}

/// The names a request may give in `Host` for this server.
#[derive(Debug, Clone, Copy)]
pub struct Hosts {
    pub bind: IpAddr,
    pub port: u16,
}

impl Hosts {
    /// `localhost`, `127.0.0.1`, `[::1]` or the bound address, each with or without
    /// this server's port. Bound to every address (`0.0.0.0`, `::`), any IP address
    /// is accepted too (an address cannot be rebound to another server; a name can).
    pub fn allows(&self, host: &str) -> bool {
        let (name, port) = match host.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((v6, tail)) => (v6, tail),
                None => return false,
            },
            None => match host.split_once(':') {
                Some((n, _)) => (n, &host[n.len()..]),
                None => (host, ""),
            },
        };
        let port_ok = port.is_empty() || port.strip_prefix(':').is_some_and(|p| p.parse::<u16>() == Ok(self.port));
        if !port_ok {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = if host.starts_with('[') {
            name.parse::<Ipv6Addr>().ok().map(IpAddr::V6)
        } else {
            name.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
        };
        match ip {
            Some(ip) => {
                ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
                    || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
                    || ip == self.bind
                    || self.bind.is_unspecified()
            }
            None => false,
        }
    }

    /// The body of the 403 answer to a request for `host`.
    pub fn refusal(&self, host: &str) -> String {
        let shown: String = host.chars().take(100).map(|c| if c.is_ascii_graphic() { c } else { '?' }).collect();
        let url_host = if self.bind.is_unspecified() || self.bind.is_loopback() {
            "127.0.0.1".to_string()
        } else {
            match self.bind {
                IpAddr::V6(a) => format!("[{a}]"),
                IpAddr::V4(a) => a.to_string(),
            }
        };
        format!(
            "403 forbidden: this frontline preview answers only requests for localhost, 127.0.0.1, [::1] or the address \
             given with --bind ({}), not for Host `{shown}`; this keeps pages of other sites from reading it through a \
             DNS name of theirs (DNS rebinding). Open http://{url_host}:{}/ instead, or serve on another address with --bind.\n",
            self.bind, self.port
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let h = Hosts { bind: "127.0.0.1".parse().unwrap(), port: 1111 };
        for ok in ["localhost", "LOCALHOST:1111", "127.0.0.1", "127.0.0.1:1111", "[::1]", "[::1]:1111"] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost:2222",
            "localhost.",
            "127.0.0.2",
            "[::1",
            "::1",
            "",
            "127.0.0.1:",
            "localhost:01111x",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
        let lan = Hosts { bind: "192.168.1.5".parse().unwrap(), port: 80 };
        assert!(lan.allows("192.168.1.5") && lan.allows("192.168.1.5:80") && !lan.allows("192.168.1.6"));
        let any = Hosts { bind: "0.0.0.0".parse().unwrap(), port: 80 };
        assert!(any.allows("10.0.0.7:80") && any.allows("[fe80::1]") && !any.allows("rebind.evil.example"));
        assert!(h.refusal("evil.example").contains("--bind"));
    }

    #[test]
    fn parses() {
        let r = parse(b"GET /a HTTP/1.1\r\nhost:  localhost:1 \r\nAccept: */*\r\n\r\n").unwrap();
        assert_eq!(r, Request { target: "/a", host: "localhost:1" });
        assert!(matches!(parse(b"GET /a HTTP/1.1\r\n\r\n"), Err(Refusal::Status(400, _))));
        assert!(matches!(parse(b"GET /a HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), Err(Refusal::Status(400, _))));
        assert!(matches!(parse(b"GET /a\r\nHost: a\r\n\r\n"), Err(Refusal::Status(400, _))));
    }

    #[test]
    fn drops_body_headers() {
        let h = b"POST / HTTP/1.1\r\nHost: a\r\ncontent-length: 3\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nX: 1\r\n\r\n";
        assert_eq!(without_body(h), b"POST / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n");
    }

    #[test]
    fn ends() {
        assert_eq!(find_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nrest"), Some(27));
        assert_eq!(find_end(b"GET / HTTP/1.1\nHost: a\n\n"), Some(24));
        assert_eq!(find_end(b"GET / HTTP/1.1\r\nHost: a\r\n"), None);
    }
}
