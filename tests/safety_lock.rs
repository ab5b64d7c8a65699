//! The incident lock is waited for a bounded time: a command that finds the site's
//! lock (`.frontline/incidents.lock`, outside content/) held says once that it waits
//! (the file and the holder's pid), goes on when the lock is released, and gives up with
//! `error: <lock>:1:1: …` + hint and exit 1 after `FRONTLINE_LOCK_TIMEOUT_MS`, the
//! incident files unchanged. The incident file itself is read with a size limit.

mod common;

use common::*;
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const INCIDENT: &str = "content/incidents/2026-11-23-checkout-slow.md";

/// Hold the incident lock the way a running command does: locked, our pid inside.
fn hold_lock(root: &Path) -> File {
    let path = frontline::incident_cmd::lock_path(root);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut f = File::options().create(true).truncate(true).write(true).open(path).unwrap();
    f.lock().unwrap();
    writeln!(f, "{}", std::process::id()).unwrap();
    f
}

/// Run the command; a run that does not end within 20 s is killed and fails the test
/// (before the fix it waited forever, silently).
fn run_bounded(mut cmd: Command) -> (Output, Duration) {
    let t = Instant::now();
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    while child.try_wait().unwrap().is_none() {
        if t.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("still waiting for the lock after 20 s; stderr so far: {}", stderr(&out));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (child.wait_with_output().unwrap(), t.elapsed())
}

fn frontline(root: &Path, timeout_ms: u64, args: &[&str]) -> Command {
    let mut c = bin();
    c.arg("--root").arg(root).args(args).env("FRONTLINE_LOCK_TIMEOUT_MS", timeout_ms.to_string());
    c
}

/// The files under content/ (the lock is not among them), as text.
fn incidents(root: &Path) -> Vec<(std::path::PathBuf, String)> {
    snapshot_dir(&root.join("content")).into_iter().map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned())).collect()
}

fn assert_gave_up(out: &Output, took: Duration, root: &Path) {
    let err = stderr(out);
    let lock = frontline::incident_cmd::lock_path(root);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(took >= Duration::from_millis(700), "gave up after {took:?}, before the timeout");
    assert_eq!(err.matches("waiting for the incident lock").count(), 1, "says once that it waits: {err}");
    let pid = format!("pid {}", std::process::id());
    let waiting = err.lines().find(|l| l.contains("waiting for the incident lock")).unwrap();
    assert!(waiting.contains(&lock.display().to_string()) && waiting.contains(&pid), "names the lock file and the holder: {waiting}");
    assert!(err.contains(&format!("error: {}:1:1: the incident lock is held by {pid}", lock.display())), "{err}");
    assert!(err.contains("hint:") && err.contains("fuser") && err.contains(&format!("ps -p {}", std::process::id())), "{err}");
}

#[test]
fn update_waits_a_bounded_time_then_gives_up() {
    let dir = site("status");
    let root = dir.path();
    let before = incidents(root);
    let _held = hold_lock(root);
    let (out, took) =
        run_bounded(frontline(root, 700, &["incident", "update", "checkout-slow", "--status", "monitoring", "--message", "Fix deployed"]));
    assert_gave_up(&out, took, root);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_eq!(incidents(root), before, "incident files unchanged");
}

#[test]
fn open_resolve_and_schedule_give_up_too() {
    let dir = site("status");
    let root = dir.path();
    let before = incidents(root);
    let _held = hold_lock(root);
    let commands: [&[&str]; 3] = [
        &["incident", "open", "Login broken", "--impact", "major", "--component", "web", "--message", "Looking", "--now", NOW],
        &["incident", "resolve", "checkout-slow", "--message", "Done"],
        &[
            "maintenance",
            "schedule",
            "DB upgrade",
            "--start",
            "2026-12-01T01:00:00+03:00",
            "--end",
            "2026-12-01T02:00:00+03:00",
            "--component",
            "api",
            "--message",
            "Planned",
            "--now",
            NOW,
        ],
    ];
    for args in commands {
        let (out, took) = run_bounded(frontline(root, 700, args));
        assert_gave_up(&out, took, root);
    }
    assert_eq!(incidents(root), before, "no file written or created");
}

#[test]
fn update_goes_on_when_the_lock_is_released() {
    let dir = site("status");
    let root = dir.path();
    let held = hold_lock(root);
    let cmd = frontline(root, 15_000, &["incident", "update", "checkout-slow", "--status", "monitoring", "--message", "Fix deployed"]);
    let waiter = std::thread::spawn(move || run_bounded(cmd));
    std::thread::sleep(Duration::from_millis(800));
    drop(held);
    let (out, took) = waiter.join().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("waiting for the incident lock").count(), 1, "{err}");
    assert!(took >= Duration::from_millis(700) && took < Duration::from_secs(10), "took {took:?}");
    assert!(read(root, INCIDENT).contains("Fix deployed"));
    // The lock file now names the command that held it last.
    let pid: u32 = std::fs::read_to_string(frontline::incident_cmd::lock_path(root)).unwrap().trim().parse().unwrap();
    assert_ne!(pid, std::process::id());
}

#[test]
fn no_wait_message_when_the_lock_is_free() {
    let dir = site("status");
    let root = dir.path();
    let (out, _) = run_bounded(frontline(root, 700, &["incident", "update", "checkout-slow", "--status", "monitoring", "--message", "ok"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("waiting"), "{}", stderr(&out));
}

/// The incident file is read like content (at most 16 MiB), not whole whatever its size.
#[test]
fn oversized_incident_file_is_refused_unchanged() {
    let dir = site("status");
    let root = dir.path();
    let path = root.join(INCIDENT);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&"A long post-mortem line.\n".repeat(700_000));
    std::fs::write(&path, &text).unwrap();
    let (out, _) = run_bounded(frontline(root, 700, &["incident", "update", "checkout-slow", "--status", "monitoring", "--message", "x"]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("error: {INCIDENT}:1:1: file is larger than 16 MiB")), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "unchanged");
}
