//! The front door of `serve`. tiny_http has no limits of its own: it buffers a
//! request line of any length, keeps a thread and two open files on every idle
//! connection, and its accept loop stops for good when the process runs out of open
//! files. So `serve` accepts connections itself on the bound address, one thread
//! each, at most [`MAX_CONNECTIONS`] at a time (fewer if the open-file limit is low:
//! [`capacity`]). Each thread reads the request head within [`head::LIMITS`]
//! (16 KiB request line → 414, 64 KiB head → 431, 10 s → 408), checks the `Host`
//! header ([`head::Hosts`], else 403), and only then connects to tiny_http on a
//! private Unix socket (abstract namespace: no file, no port) and relays the
//! answer. When all places are taken, the connection that has waited longest for its
//! head is closed to make room; when every place is answering, a newcomer gets 503.

use super::head::{self, Hosts, Limits, Refusal};
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Connections served at once (reading a head, or relaying an answer or event stream).
pub const MAX_CONNECTIONS: usize = 256;

/// Open files a connection may need: the client's socket and a handle to close it
/// while it reads its head; or the client's socket, ours to tiny_http and tiny_http's
/// two. Sockets count against the open-file limit: at it, accepting fails (and
/// tiny_http's own accept loop gives up for good), so the door stays below it.
const FILES_PER_CONNECTION: u64 = 4;

/// Open files kept for everything else (watching, rebuilding, the search index).
const FILES_RESERVED: u64 = 256;

/// A relayed connection with no traffic either way for this long is closed (event
/// streams send a keep-alive every 15 s).
const IDLE: Duration = Duration::from_secs(60);

/// How long the door tries to write to a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The private socket tiny_http listens on, and the server on it.
pub fn backend(port: u16) -> std::io::Result<(tiny_http::Server, SocketAddr)> {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let addr = SocketAddr::from_abstract_name(format!("frontline-serve-{}-{port}-{nanos}", std::process::id()))?;
    let listener = UnixListener::bind_addr(&addr)?;
    let server = tiny_http::Server::from_listener(listener, None).map_err(std::io::Error::other)?;
    Ok((server, addr))
}

/// How many connections fit: the soft open-file limit is first raised to the hard
/// one (at most 65,536), then [`MAX_CONNECTIONS`] or as many as fit in it.
pub fn capacity() -> (usize, u64) {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read or write the rlimit struct passed by
    // reference, which lives for the whole call.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return (MAX_CONNECTIONS, 0);
        }
        let want = lim.rlim_max.min(65_536);
        if lim.rlim_cur < want {
            let raised = libc::rlimit { rlim_cur: want, rlim_max: lim.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim.rlim_cur = want;
            }
        }
    }
    let fit = lim.rlim_cur.saturating_sub(FILES_RESERVED) / FILES_PER_CONNECTION;
    (MAX_CONNECTIONS.min(usize::try_from(fit).unwrap_or(usize::MAX)).max(8), lim.rlim_cur)
}

/// Who holds a place: connections still reading their head (oldest first, each
/// with a handle to close it) and the number answering (relaying or refusing).
#[derive(Default)]
struct Places {
    reading: VecDeque<(u64, TcpStream)>,
    relaying: usize,
    next_id: u64,
}

struct Door {
    /// Places: connections served at once.
    max: usize,
    backend: SocketAddr,
    hosts: Hosts,
    limits: Limits,
    places: Mutex<Places>,
}

/// Accept connections forever, `max` at a time.
pub fn run(listener: TcpListener, backend: SocketAddr, hosts: Hosts, max: usize) {
    let door = Arc::new(Door { max, backend, hosts, limits: head::LIMITS, places: Mutex::default() });
    for conn in listener.incoming() {
        let Ok(conn) = conn else {
            // Out of files or memory for a moment: try again soon (not in a busy loop).
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        let Some(id) = door.admit(&conn) else {
            refuse(conn, 503, "503 service unavailable: too many open connections; try again\n", false);
            continue;
        };
        let d = Arc::clone(&door);
        let spawned = std::thread::Builder::new().name("serve-door".into()).stack_size(256 << 10).spawn(move || d.serve(conn, id));
        if spawned.is_err() {
            door.forget(id);
        }
    }
}

impl Door {
    fn places(&self) -> std::sync::MutexGuard<'_, Places> {
        self.places.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Give `conn` a place, closing the longest-waiting head reader if all are taken.
    fn admit(&self, conn: &TcpStream) -> Option<u64> {
        let handle = conn.try_clone().ok()?;
        let mut p = self.places();
        if p.reading.len() + p.relaying >= self.max {
            let (_, oldest) = p.reading.pop_front()?;
            let _ = oldest.shutdown(Shutdown::Both);
        }
        p.next_id += 1;
        let id = p.next_id;
        p.reading.push_back((id, handle));
        Some(id)
    }

    /// Give up a place still reading (the thread could not be started).
    fn forget(&self, id: u64) {
        self.places().reading.retain(|(x, _)| *x != id);
    }

    /// Done reading: the place now answers (until the guard is dropped), unless it
    /// was taken away meanwhile.
    fn answering(&self, id: u64) -> Option<Answering<'_>> {
        let mut p = self.places();
        let i = p.reading.iter().position(|(x, _)| *x == id)?;
        p.reading.remove(i);
        p.relaying += 1;
        Some(Answering(self))
    }

    fn serve(&self, mut conn: TcpStream, id: u64) {
        let request = head::read(&mut conn, self.limits);
        // Refusals hold their place too while they linger.
        let Some(_place) = self.answering(id) else { return };
        let head = match request {
            Ok(h) => h,
            Err(Refusal::Closed) => return,
            Err(Refusal::Status(code, body)) => return refuse(conn, code, &body, true),
        };
        let events = match head::parse(&head) {
            Ok(r) if !self.hosts.allows(r.host) => return refuse(conn, 403, &self.hosts.refusal(r.host), true),
            Ok(r) => r.target.split(['?', '#']).next() == Some(super::http::EVENTS),
            Err(Refusal::Status(code, body)) => return refuse(conn, code, &body, true),
            Err(Refusal::Closed) => return,
        };
        self.pass_on(conn, &head, events);
    }

    /// Hand the head to tiny_http and relay its answer.
    fn pass_on(&self, mut conn: TcpStream, head: &[u8], events: bool) {
        let Ok(mut inner) = UnixStream::connect_addr(&self.backend) else {
            return refuse(conn, 503, "503 service unavailable: the server is not ready; try again\n", false);
        };
        // One request per connection: tiny_http sees the end of input after the head.
        if inner.write_all(&head::without_body(head)).and_then(|_| inner.shutdown(Shutdown::Write)).is_err() {
            return;
        }
        let _ = conn.set_read_timeout(None);
        let _ = conn.set_write_timeout(Some(WRITE_TIMEOUT));
        relay(&mut conn, &mut inner, events);
        let _ = conn.shutdown(Shutdown::Write);
    }
}

/// A place answering a request (or refusing one); given back when dropped.
struct Answering<'a>(&'a Door);

impl Drop for Answering<'_> {
    fn drop(&mut self) {
        self.0.places().relaying -= 1;
    }
}

/// Copy tiny_http's answer to the client until either side ends. What the client
/// sends after its head is read and dropped; its end of input stops an event stream
/// at once (a page closed) and otherwise only stops listening to it.
fn relay(conn: &mut TcpStream, inner: &mut UnixStream, events: bool) {
    let mut buf = vec![0u8; 16 << 10];
    let mut client_open = true;
    loop {
        let mut fds = [
            libc::pollfd { fd: inner.as_raw_fd(), events: libc::POLLIN, revents: 0 },
            libc::pollfd { fd: if client_open { conn.as_raw_fd() } else { -1 }, events: libc::POLLIN, revents: 0 },
        ];
        // SAFETY: `fds` is a valid array of two pollfd for the duration of the call;
        // both descriptors are owned by live streams (a negative one is ignored).
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, IDLE.as_millis() as libc::c_int) };
        if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        if n <= 0 {
            return;
        }
        if fds[0].revents != 0 {
            match inner.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(k) => {
                    if conn.write_all(&buf[..k]).is_err() {
                        return;
                    }
                }
            }
        }
        if fds[1].revents & (libc::POLLERR | libc::POLLHUP | libc::POLLNVAL) != 0 {
            return;
        }
        if fds[1].revents & libc::POLLIN != 0 {
            match conn.read(&mut buf) {
                Ok(0) if events => return,
                Ok(0) => client_open = false,
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        400 => "Bad Request",
        403 => "Forbidden",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Answer `code` and close. With `linger`, what the client still sends is read and
/// dropped for a moment first, so the answer is not lost to a reset.
fn refuse(mut conn: TcpStream, code: u16, body: &str, linger: bool) {
    let retry = if code == 503 { "Retry-After: 1\r\n" } else { "" };
    let msg = format!(
        "HTTP/1.1 {code} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n{retry}Connection: close\r\n\r\n{body}",
        reason(code),
        body.len()
    );
    let _ = conn.set_write_timeout(Some(Duration::from_millis(if linger { 2000 } else { 200 })));
    if conn.write_all(msg.as_bytes()).is_err() || conn.shutdown(Shutdown::Write).is_err() || !linger {
        return;
    }
    let until = Instant::now() + Duration::from_secs(2);
    let mut sink = [0u8; 16 << 10];
    while let Some(left) = until.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) {
        let _ = conn.set_read_timeout(Some(left));
        if !matches!(conn.read(&mut sink), Ok(n) if n > 0) {
            return;
        }
    }
}
