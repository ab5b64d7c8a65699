//! Live reload over server-sent events: every open page holds one stream (at most
//! [`MAX_STREAMS`]); a rebuild broadcasts `reload`, `css` or `error` to all of them.

use std::io::Write;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// The set of connected event streams, and the current build error (if any).
#[derive(Default)]
pub struct Hub {
    /// One sender per open stream, by stream number; a stream removes its own when it ends.
    clients: Mutex<Vec<(u64, Sender<String>)>>,
    next_id: AtomicU64,
    error: Mutex<Option<String>>,
    /// Streams being served (a closed page's stream counts until a write to it fails).
    streams: AtomicUsize,
}

/// Event streams served at once; more get 503.
pub const MAX_STREAMS: usize = 64;

/// A place among the [`MAX_STREAMS`], given back when dropped.
pub struct Slot<'a>(&'a AtomicUsize);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One SSE message.
fn message(event: &str, data: &str) -> String {
    let mut m = format!("event: {event}\n");
    for line in data.lines() {
        m.push_str("data: ");
        m.push_str(line);
        m.push('\n');
    }
    if data.is_empty() {
        m.push_str("data: \n");
    }
    m.push('\n');
    m
}

impl Hub {
    /// Send an event to every open page.
    pub fn broadcast(&self, event: &str, data: &str) {
        let msg = message(event, data);
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|(_, c)| c.send(msg.clone()).is_ok());
    }

    /// A build failed: remember the error (new pages show it too) and tell open pages.
    pub fn set_error(&self, text: &str) {
        *self.error.lock().unwrap_or_else(|e| e.into_inner()) = Some(text.to_string());
        self.broadcast("build-error", text);
    }

    /// A build succeeded after an error or a change: pages reload.
    pub fn ok(&self, event: &str, data: &str) {
        *self.error.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.broadcast(event, data);
    }

    /// A place for one more event stream, if there is one.
    pub fn slot(&self) -> Option<Slot<'_>> {
        self.streams.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < MAX_STREAMS).then_some(n + 1)).ok()?;
        Some(Slot(&self.streams))
    }

    /// Hold one event stream open until the client goes away.
    pub fn stream(&self, mut w: Box<dyn Write + Send>, _slot: Slot<'_>) {
        if write_sse_head(&mut w).is_err() {
            return;
        }
        let (tx, rx) = channel::<String>();
        let first = match self.error.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            Some(e) => message("build-error", &e),
            None => message("hello", ""),
        };
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).push((id, tx));
        pump(&mut w, &rx, first);
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).retain(|(x, _)| *x != id);
    }
}

/// Write `first`, then every message that arrives (or a keep-alive every 15 s),
/// until a write fails (the page went away) or the hub is gone.
fn pump(w: &mut dyn Write, rx: &Receiver<String>, first: String) {
    let mut next = Some(first);
    loop {
        let msg = match next.take() {
            Some(m) => m,
            None => match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            },
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}

/// Write an SSE response head on a raw connection.
pub fn write_sse_head(w: &mut dyn Write) -> std::io::Result<()> {
    w.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n")?;
    w.flush()
}
