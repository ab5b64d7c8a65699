//! `serve` stays bounded against hostile clients, tested with raw sockets against the
//! real server: an endless request line (414, memory flat), an oversized head (431),
//! 300 idle connections (others still served; the idle ones get 408), 600 under a
//! 512 open-file limit, `Host` names
//! other than this server (403, public and internal site), too many event streams (503).

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    /// stderr lines of the server.
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(root: &std::path::Path, extra: &[&str]) -> Server {
    start_limited(root, extra, None)
}

/// Start the server, optionally with soft and hard open-file limits of `files`.
fn start_limited(root: &std::path::Path, extra: &[&str], files: Option<u64>) -> Server {
    use std::os::unix::process::CommandExt;
    let port = free_port();
    let mut cmd = bin();
    cmd.arg("--root").arg(root).args(["serve", "--port", &port.to_string(), "--now", NOW]).args(extra);
    if let Some(n) = files {
        let lim = libc::rlimit { rlim_cur: n, rlim_max: n };
        // SAFETY: setrlimit is async-signal-safe and reads only `lim`, a copy owned by the closure.
        unsafe {
            cmd.pre_exec(
                move || if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) },
            );
        }
    }
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.contains(&format!("http://127.0.0.1:{port}/")), "{line}");
    let (tx, log) = mpsc::channel();
    let err = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for l in err.lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    Server { child, port, log }
}

impl Server {
    /// Wait until the background search index is built (it moves memory a lot).
    fn settle(&self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Ok(l) = self.log.recv_timeout(Duration::from_millis(200)) {
                if l.contains("search index refreshed") {
                    return;
                }
            }
        }
        panic!("no search index within 120 s");
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    fn connect(&self) -> TcpStream {
        let addr = ([127, 0, 0, 1], self.port).into();
        let s = TcpStream::connect_timeout(&addr, Duration::from_secs(3)).unwrap_or_else(|e| panic!("cannot connect to the server: {e}"));
        s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        s
    }

    /// Send `head` raw and read the whole answer (the server closes the connection).
    fn raw(&self, head: &str) -> String {
        let mut s = self.connect();
        s.write_all(head.as_bytes()).unwrap();
        let mut resp = Vec::new();
        let _ = s.read_to_end(&mut resp);
        String::from_utf8_lossy(&resp).into_owned()
    }

    fn get_with_host(&self, path: &str, host: &str) -> String {
        self.raw(&format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
    }
}

fn status(resp: &str) -> u16 {
    resp.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0)
}

fn body(resp: &str) -> &str {
    resp.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

#[test]
fn endless_request_line_is_refused_with_414_and_memory_stays_flat() {
    let dir = site("basic");
    let srv = start(dir.path(), &[]);
    srv.settle();
    let before = srv.rss_kib();
    let mut s = srv.connect();
    let mut w = s.try_clone().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1 << 16];
        let _ = w.write_all(b"GET /");
        let mut sent = 0usize;
        // 100 MiB without a newline; the server may close before all of it is sent.
        while sent < 100 << 20 && w.write_all(&chunk).is_ok() {
            sent += chunk.len();
        }
        sent
    });
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let sent = writer.join().unwrap();
    let grown = srv.rss_kib().saturating_sub(before);
    let resp = String::from_utf8_lossy(&resp);
    assert!(grown < 50 << 10, "RSS grew by {grown} KiB while {sent} bytes were sent");
    assert_eq!(status(&resp), 414, "{}", &resp[..resp.len().min(300)]);
    assert!(body(&resp).contains("16 KiB"), "{resp}");
    assert_eq!(status(&srv.get_with_host("/", "localhost")), 200, "still serving");
}

#[test]
fn oversized_head_is_refused_with_431() {
    let dir = site("basic");
    let srv = start(dir.path(), &[]);
    let mut head = String::from("GET / HTTP/1.1\r\nHost: localhost\r\n");
    for i in 0..80 {
        head.push_str(&format!("X-Filler-{i}: {}\r\n", "b".repeat(1000)));
    }
    head.push_str("\r\n");
    let resp = srv.raw(&head);
    assert_eq!(status(&resp), 431, "{}", &resp[..resp.len().min(300)]);
    assert!(body(&resp).contains("64 KiB"), "{resp}");
    // A long but allowed head is served.
    let mut ok = String::from("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for i in 0..40 {
        ok.push_str(&format!("X-Filler-{i}: {}\r\n", "b".repeat(1000)));
    }
    ok.push_str("\r\n");
    assert_eq!(status(&srv.raw(&ok)), 200);
}

#[test]
fn idle_connections_do_not_block_others_and_time_out() {
    let dir = site("basic");
    let srv = start(dir.path(), &[]);
    let idle: Vec<TcpStream> = (0..300)
        .map(|i| {
            let mut s = srv.connect();
            if i % 2 == 0 {
                // Half of them start a request and never finish it.
                s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n").unwrap();
            }
            s
        })
        .collect();
    let opened = Instant::now();
    let t = Instant::now();
    let resp = srv.get_with_host("/", "localhost");
    assert_eq!(status(&resp), 200, "{}", &resp[..resp.len().min(300)]);
    assert!(t.elapsed() < Duration::from_secs(2), "a normal GET took {:?} with 300 idle connections", t.elapsed());
    // A head sent in pieces within the deadline is served.
    let mut s = srv.connect();
    for part in ["GET / HT", "TP/1.1\r\nHost: local", "host\r\n\r\n"] {
        s.write_all(part.as_bytes()).unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }
    let mut resp = String::new();
    let _ = s.read_to_string(&mut resp);
    assert_eq!(status(&resp), 200);
    // The newest idle connection (the oldest may have made room) times out with 408.
    let mut last = idle.into_iter().last().unwrap();
    let mut resp = String::new();
    let _ = last.read_to_string(&mut resp);
    assert_eq!(status(&resp), 408, "{resp}");
    assert!(body(&resp).contains("10 s"), "{resp}");
    let waited = opened.elapsed();
    assert!(waited > Duration::from_secs(8) && waited < Duration::from_secs(14), "408 after {waited:?}");
}

/// With 512 open files at most (a common default is 1,024), 600 idle connections
/// used to exhaust them: tiny_http's accept loop then stopped for good.
#[test]
fn idle_connections_cannot_exhaust_open_files() {
    let dir = site("basic");
    let srv = start_limited(dir.path(), &[], Some(512));
    let idle: Vec<TcpStream> =
        (0..600).filter_map(|_| TcpStream::connect_timeout(&([127, 0, 0, 1], srv.port).into(), Duration::from_millis(500)).ok()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let t = Instant::now();
    let resp = srv.get_with_host("/", "localhost");
    assert_eq!(status(&resp), 200, "{}", &resp[..resp.len().min(300)]);
    assert!(t.elapsed() < Duration::from_secs(2), "a normal GET took {:?}", t.elapsed());
    assert!(idle.len() > 500, "only {} of 600 connections were accepted", idle.len());
    let warned = std::iter::from_fn(|| srv.log.recv_timeout(Duration::from_millis(500)).ok()).any(|l| l.contains("open-file limit is 512"));
    assert!(warned, "serve says why it takes fewer connections");
}

#[test]
fn other_host_names_are_refused() {
    for extra in [&["--internal"][..], &[][..]] {
        let dir = site("basic");
        let srv = start(dir.path(), extra);
        let port = srv.port;
        for host in [
            "evil.example",
            &format!("evil.example:{port}"),
            &format!("localhost:{}", port.wrapping_add(1)),
            "127.0.0.2",
            "localhost.evil.example",
        ] {
            let resp = srv.get_with_host("/", host);
            assert_eq!(status(&resp), 403, "{extra:?} Host {host}: {}", &resp[..resp.len().min(300)]);
            assert!(body(&resp).contains("--bind") && !body(&resp).contains("<html"), "{resp}");
        }
        // Event streams and missing files too: nothing is answered for another name.
        assert_eq!(status(&srv.get_with_host("/__frontline/events", "evil.example")), 403);
        assert_eq!(status(&srv.get_with_host("/nothing-here/", "evil.example")), 403);
        assert_eq!(status(&srv.raw("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")), 400, "no Host at all");
        for host in [
            "localhost",
            "LocalHost",
            &format!("localhost:{port}"),
            "127.0.0.1",
            &format!("127.0.0.1:{port}"),
            "[::1]",
            &format!("[::1]:{port}"),
        ] {
            assert_eq!(status(&srv.get_with_host("/", host)), 200, "{extra:?} Host {host}");
        }
    }
}

#[test]
fn event_streams_are_capped() {
    let dir = site("basic");
    let srv = start(dir.path(), &[]);
    let open = |srv: &Server| {
        let mut s = srv.connect();
        s.write_all(b"GET /__frontline/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let mut r = BufReader::new(s);
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        (line, r)
    };
    let streams: Vec<_> = (0..64)
        .map(|i| {
            let (line, r) = open(&srv);
            assert!(line.starts_with("HTTP/1.1 200"), "stream {i}: {line}");
            r
        })
        .collect();
    let (line, mut r) = open(&srv);
    assert!(line.starts_with("HTTP/1.1 503"), "stream 65: {line}");
    let mut rest = String::new();
    let _ = r.read_to_string(&mut rest);
    assert!(rest.contains("at most 64"), "{rest}");
    // Pages are still served, and the open streams still get events.
    assert_eq!(status(&srv.get_with_host("/", "localhost")), 200);
    let mut first = streams.into_iter().next().unwrap();
    let mut text = String::new();
    while !text.contains("event: hello") {
        let mut l = String::new();
        assert!(first.read_line(&mut l).unwrap() > 0, "stream ended: {text}");
        text.push_str(&l);
    }
}
