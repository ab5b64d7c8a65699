//! Puts a finished output folder in place of the old one so that a kill at any point
//! leaves a whole output there (the old or the new), and tidies up after builds that
//! were killed. On Linux the two folders are exchanged in one atomic step
//! (`renameat2(RENAME_EXCHANGE)`); elsewhere, or where the file system lacks it, two
//! renames are used and the next build restores the old folder if a kill fell between
//! them. Only folders holding frontline's marker are ever removed or restored.

use super::guard::is_marked;
use std::io;
use std::path::{Path, PathBuf};

/// Leftover names beside an output `name`: `.<name>.tmp-<pid>` and `.<name>.old-<pid>`.
pub fn tmp_name(name: &str, pid: u32) -> String {
    format!(".{name}.tmp-{pid}")
}

pub fn old_name(name: &str, pid: u32) -> String {
    format!(".{name}.old-{pid}")
}

/// A swap that happened: `target` holds the new folder and `old` the previous one (if
/// there was one), until [`Swapped::finish`] removes it or [`Swapped::undo`] puts it back.
pub struct Swapped {
    target: PathBuf,
    /// Where the new folder came from (the staging path).
    staged: PathBuf,
    old: Option<PathBuf>,
}

/// Put `staged` in place of `target`; `fallback_old` is where the old folder goes
/// when it cannot be exchanged atomically.
pub fn swap(staged: &Path, target: &Path, fallback_old: &Path) -> io::Result<Swapped> {
    let done = |old| Swapped { target: target.to_path_buf(), staged: staged.to_path_buf(), old };
    if std::fs::symlink_metadata(target).is_err() {
        std::fs::rename(staged, target)?;
        return Ok(done(None));
    }
    if exchange(staged, target)? {
        // The staging path now holds the previous output.
        return Ok(done(Some(staged.to_path_buf())));
    }
    std::fs::rename(target, fallback_old)?;
    if let Err(e) = std::fs::rename(staged, target) {
        let _ = std::fs::rename(fallback_old, target);
        return Err(e);
    }
    Ok(done(Some(fallback_old.to_path_buf())))
}

impl Swapped {
    /// Remove the previous folder: the swap is final.
    pub fn finish(self) -> io::Result<()> {
        match &self.old {
            Some(old) => super::remove_tree(old),
            None => Ok(()),
        }
    }

    /// Put the previous folder back (another part of the build failed); the new one
    /// goes back to its staging path, to be removed.
    pub fn undo(self) -> io::Result<()> {
        match &self.old {
            None => std::fs::rename(&self.target, &self.staged),
            Some(old) if old == &self.staged => exchange(&self.staged, &self.target).and_then(|ok| {
                if ok {
                    Ok(())
                } else {
                    Err(io::Error::other("cannot exchange the folders back"))
                }
            }),
            Some(old) => {
                std::fs::rename(&self.target, &self.staged)?;
                std::fs::rename(old, &self.target)
            }
        }
    }
}

/// Exchange two folders atomically; `Ok(false)` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(|_| io::Error::other("path holds a NUL byte"));
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the call.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// What [`recover`] did, for the build's messages.
#[derive(Debug, Default, PartialEq)]
pub struct Recovered {
    /// The previous output put back from a build killed between its two renames.
    pub restored: Option<PathBuf>,
    /// Leftover folders of killed builds that were removed.
    pub removed: Vec<PathBuf>,
}

/// Before a build of `target`: put back an output a killed build left renamed aside,
/// and remove the staging and old folders killed builds left beside it. Only marked
/// (or empty) folders of processes that no longer run are touched.
pub fn recover(target: &Path) -> io::Result<Recovered> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name().and_then(|n| n.to_str())) else {
        return Ok(Recovered::default());
    };
    let mut found = Recovered::default();
    let Ok(entries) = std::fs::read_dir(parent) else { return Ok(found) };
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(file) = file.to_str() else { continue };
        let pid = leftover_pid(file, &format!(".{name}.tmp-"))
            .map(|p| (p, false))
            .or_else(|| leftover_pid(file, &format!(".{name}.old-")).map(|p| (p, true)));
        if let Some((pid, is_old)) = pid {
            if pid != std::process::id()
                && !alive(pid)
                && e.file_type().is_ok_and(|t| t.is_dir())
                && (is_marked(&e.path()) || is_empty(&e.path()))
            {
                leftovers.push((e.path(), is_old));
            }
        }
    }
    leftovers.sort();
    if std::fs::symlink_metadata(target).is_err() {
        if let Some((old, _)) = leftovers.iter().find(|(_, is_old)| *is_old) {
            std::fs::rename(old, target)?;
            found.restored = Some(old.clone());
        }
    }
    for (dir, _) in leftovers {
        if found.restored.as_ref() != Some(&dir) {
            super::remove_tree(&dir)?;
            found.removed.push(dir);
        }
    }
    Ok(found)
}

/// An empty folder (a build killed before it wrote its marker): removing it loses nothing.
fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

fn leftover_pid(file: &str, prefix: &str) -> Option<u32> {
    file.strip_prefix(prefix)?.parse().ok()
}

/// Whether process `pid` still runs (Linux: `/proc/<pid>`; elsewhere assume it does).
pub(super) fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::guard::{MARKER, MARKER_TEXT};
    use super::*;

    fn marked(dir: &Path, file: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(dir.join("f"), file).unwrap();
    }

    /// A process id that does not run: the largest possible is never handed out here.
    const DEAD: u32 = 4_194_304 + 1;

    #[test]
    fn a_kill_between_two_renames_is_undone_by_the_next_build() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("public");
        marked(&d.path().join(old_name("public", DEAD)), "previous");
        marked(&d.path().join(tmp_name("public", DEAD)), "half-made");
        let r = recover(&target).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("f")).unwrap(), "previous");
        assert!(r.restored.is_some() && r.removed.len() == 1);
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1, "only public/ is left");
    }

    #[test]
    fn leftovers_that_are_not_ours_are_left_alone() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("public");
        marked(&target, "current");
        let foreign = d.path().join(tmp_name("public", DEAD));
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep"), "mine").unwrap();
        let live = d.path().join(tmp_name("public", std::process::id()));
        marked(&live, "being built");
        assert_eq!(recover(&target).unwrap(), Recovered::default());
        assert!(foreign.join("keep").exists() && live.join("f").exists());
    }

    #[test]
    fn swap_and_undo_keep_a_whole_folder_in_place() {
        let d = tempfile::tempdir().unwrap();
        let (target, staged, old) = (d.path().join("public"), d.path().join("s"), d.path().join("o"));
        marked(&target, "v1");
        marked(&staged, "v2");
        let s = swap(&staged, &target, &old).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("f")).unwrap(), "v2");
        s.undo().unwrap();
        assert_eq!(std::fs::read_to_string(target.join("f")).unwrap(), "v1");
        assert_eq!(std::fs::read_to_string(staged.join("f")).unwrap(), "v2");
        swap(&staged, &target, &old).unwrap().finish().unwrap();
        assert_eq!(std::fs::read_to_string(target.join("f")).unwrap(), "v2");
        assert!(!staged.exists() && !old.exists());
    }
}
