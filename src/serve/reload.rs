//! Live reload over server-sent events: every open page holds one stream; a
//! rebuild broadcasts `reload`, `css` or `error` to all of them.

use std::io::Write;
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// The set of connected event streams, and the current build error (if any).
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
    error: Mutex<Option<String>>,
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
        clients.retain(|c| c.send(msg.clone()).is_ok());
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

    pub fn client_count(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// Hold one event stream open until the client goes away.
    pub fn stream(&self, mut w: Box<dyn Write + Send>) {
        if super::http::write_sse_head(&mut w).is_err() {
            return;
        }
        let (tx, rx) = channel::<String>();
        let first = match self.error.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            Some(e) => message("build-error", &e),
            None => message("hello", ""),
        };
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
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
}
