//! The incident lock: `<root>/.frontline/incidents.lock`, held (an OS file lock)
//! across one command's read-modify-write so concurrent commands apply one after
//! another. The holder writes its pid into the file. A command that finds the lock
//! held says once on stderr that it waits (naming the file and the holder's pid) and
//! gives up with an error after a bounded time: 30 s, or `FRONTLINE_LOCK_TIMEOUT_MS`.
//!
//! The lock lives beside the site, not in `content/` (where it showed up in `git
//! status` and among the sources) and not in the temp folder: two containers, a
//! systemd service with a private /tmp or another user editing the same site share
//! the site's folder but not /tmp, and would not see each other's lock. The folder
//! `.frontline/` carries a `.gitignore` of `*`, so it never shows up in `git status`.

use super::{content_error, io_error, CmdError};
use crate::diag::{Diagnostic, Diagnostics};
use std::fs::{File, TryLockError};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// frontline's own folder in the site (beside `site.yaml`), ignored by git.
pub const STATE_DIR: &str = ".frontline";

/// Name of the lock file in [`STATE_DIR`].
pub const LOCK_FILE: &str = "incidents.lock";

/// The lock file of the site at `root`.
pub fn lock_path(root: &Path) -> PathBuf {
    root.join(STATE_DIR).join(LOCK_FILE)
}

/// How long a command waits for the lock unless `FRONTLINE_LOCK_TIMEOUT_MS` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How often a waiting command tries the lock again.
const RETRY: Duration = Duration::from_millis(50);

fn timeout() -> Duration {
    std::env::var("FRONTLINE_LOCK_TIMEOUT_MS").ok().and_then(|v| v.trim().parse().ok()).map_or(DEFAULT_TIMEOUT, Duration::from_millis)
}

/// Take the exclusive lock of the site at `root` ([`lock_path`], created with its
/// folder if missing), waiting at most [`timeout`]; released when the returned file
/// is dropped (also when the process dies).
pub fn acquire(root: &Path) -> Result<File, CmdError> {
    let path = lock_path(root);
    let dir = root.join(STATE_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, "create", e))?;
    ignore_in_git(&dir)?;
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

/// `<dir>/.gitignore` ignoring everything in `dir` (itself included), unless present.
fn ignore_in_git(dir: &Path) -> Result<(), CmdError> {
    let path = dir.join(".gitignore");
    match File::options().write(true).create_new(true).open(&path) {
        Ok(mut f) => f.write_all(b"# frontline's own files (the incident lock), not content\n*\n").map_err(|e| io_error(&path, "write", e)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_error(&path, "create", e)),
    }
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
