//! The incident lock: `content/incidents/.frontline.lock`, held (an OS file lock)
//! across one command's read-modify-write so concurrent commands apply one after
//! another. The holder writes its pid into the file. A command that finds the lock
//! held says once on stderr that it waits (naming the file and the holder's pid) and
//! gives up with an error after a bounded time: 30 s, or `FRONTLINE_LOCK_TIMEOUT_MS`.

use super::{content_error, io_error, CmdError};
use crate::diag::{Diagnostic, Diagnostics};
use std::fs::{File, TryLockError};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// Name of the lock file in `content/incidents/`.
pub const LOCK_FILE: &str = ".frontline.lock";

/// How long a command waits for the lock unless `FRONTLINE_LOCK_TIMEOUT_MS` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How often a waiting command tries the lock again.
const RETRY: Duration = Duration::from_millis(50);

fn timeout() -> Duration {
    std::env::var("FRONTLINE_LOCK_TIMEOUT_MS").ok().and_then(|v| v.trim().parse().ok()).map_or(DEFAULT_TIMEOUT, Duration::from_millis)
}

/// Take the exclusive lock on `<dir>/.frontline.lock` (created if missing), waiting at
/// most [`timeout`]; released when the returned file is dropped (also when the
/// process dies).
pub fn acquire(dir: &Path) -> Result<File, CmdError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create", e))?;
    let path = dir.join(LOCK_FILE);
    // Non-blocking open: a FIFO put in its place must not hang the command.
    let file = File::options()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&path)
        .map_err(|e| io_error(&path, "open", e))?;
    if !file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        return Err(content_error(&path, "not-a-file", "the incident lock is not a regular file; delete it (frontline recreates it)"));
    }
    let limit = timeout();
    let started = Instant::now();
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(io_error(&path, "lock", e)),
        }
        let holder = holder_pid(&path);
        if !told {
            let who = holder.map_or(String::new(), |p| format!(" (held by pid {p})"));
            eprintln!(
                "waiting for the incident lock {}{who}: another incident or maintenance command is editing incidents; giving up after {} s",
                path.display(),
                secs(limit)
            );
            told = true;
        }
        if started.elapsed() >= limit {
            return Err(timed_out(&path, holder, limit));
        }
        std::thread::sleep(RETRY.min(limit.saturating_sub(started.elapsed())).max(Duration::from_millis(1)));
    }
    // Ours now: leave our pid for the next command that has to wait.
    let _ = file.set_len(0).and_then(|_| (&file).write_all(format!("{}\n", std::process::id()).as_bytes()));
    Ok(file)
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

/// The pid the current holder wrote into the lock file, if it wrote one.
fn holder_pid(path: &Path) -> Option<u32> {
    let mut text = String::new();
    let f = File::options().read(true).custom_flags(libc::O_NONBLOCK).open(path).ok()?;
    f.take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

fn timed_out(path: &Path, holder: Option<u32>, limit: Duration) -> CmdError {
    let who = holder.map_or("another process".to_string(), |p| format!("pid {p}"));
    let hint = match holder {
        Some(p) => format!(
            "if pid {p} is still running (`ps -p {p}`), let it finish or stop it, then run the command again; the lock is \
             released when its holder exits, so if pid {p} is gone another process still has the file open: \
             `fuser -v {}` names it",
            path.display()
        ),
        None => format!(
            "the lock is released when its holder exits: `fuser -v {}` names the process holding it; let it finish or stop it, \
             then run the command again",
            path.display()
        ),
    };
    let msg = format!("the incident lock is held by {who}; gave up after waiting {} s, nothing was changed", secs(limit));
    CmdError::Content(Diagnostics { items: vec![Diagnostic::error(path, 1, "lock-timeout", msg).hint(hint)] })
}
