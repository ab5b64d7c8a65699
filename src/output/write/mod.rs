//! The only code that writes output folders. A site is written into a temporary
//! folder next to the target and swapped in ([`swap`]), so a failed or killed build
//! leaves a whole previous output in place; [`guard`] decides beforehand which
//! folders may be replaced at all.

pub mod guard;
pub mod patch;
pub mod swap;

use super::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// A site being written into a temporary folder beside `target` (a real path, see
/// [`guard::outputs`]); [`Staged::swap`] puts it in place. Dropped without a swap, the
/// temporary folder is removed and `target` is left as it was.
pub struct Staged {
    target: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    made: BTreeSet<PathBuf>,
    swapped: bool,
}

impl Staged {
    pub fn new(target: &Path) -> io::Result<Staged> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        if target.exists() && !target.is_dir() {
            return Err(io::Error::other(format!("{} exists and is not a folder", target.display())));
        }
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
        let pid = std::process::id();
        let tmp = parent.join(swap::tmp_name(&name, pid));
        let old = parent.join(swap::old_name(&name, pid));
        if guard::is_marked(&tmp) {
            remove_tree(&tmp)?;
        }
        // Fails if a folder of that name exists that frontline did not make.
        std::fs::create_dir(&tmp)?;
        // The marker goes in first: a killed build's leftover is then known as ours.
        std::fs::write(tmp.join(guard::MARKER), guard::MARKER_TEXT)?;
        Ok(Staged { target: target.to_path_buf(), tmp, old, made: BTreeSet::new(), swapped: false })
    }

    /// Write more files (in parallel); may be called several times before the swap.
    pub fn write(&mut self, files: &[OutputFile]) -> io::Result<()> {
        if let Some(f) = files.iter().find(|f| !inside(&f.path) || f.path == guard::MARKER) {
            // Paths come from slugs and fixed names; this guards the one writer anyway.
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("output path `{}` would leave the output folder", f.path)));
        }
        let dirs: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| Path::new(&f.path).parent())
            .filter(|d| !self.made.contains(*d))
            .map(Path::to_path_buf)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // create_dir_all tolerates a parent made concurrently by another worker.
        dirs.par_iter().try_for_each(|d| std::fs::create_dir_all(self.tmp.join(d)))?;
        self.made.extend(dirs);
        let previous = Some(self.target.as_path()).filter(|t| t.is_dir());
        fill(&self.tmp, previous, files)
    }

    /// Put the written folder in place of `target`; the previous one stays aside
    /// until [`swap::Swapped::finish`] (or comes back with `undo`).
    pub fn swap(mut self) -> io::Result<swap::Swapped> {
        let s = swap::swap(&self.tmp, &self.target, &self.old)?;
        self.swapped = true;
        Ok(s)
    }

    /// Swap and finish at once (one output alone).
    pub fn commit(self) -> io::Result<()> {
        self.swap()?.finish()
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.swapped {
            let _ = remove_tree(&self.tmp);
        }
    }
}

/// Remove a folder tree, its top-level entries in parallel. Frontline's marker goes
/// last, so a folder half-removed by a kill is still known as ours next time.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().filter(|e| e.file_name() != guard::MARKER).try_for_each(|e| {
        if e.file_type()?.is_dir() {
            std::fs::remove_dir_all(e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    match std::fs::remove_file(dir.join(guard::MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(dir)
}

/// Write `files` under `dir`. A file whose bytes equal the one at the same path in
/// `previous` (the output being replaced) is hard-linked to it instead: unchanged
/// files keep their inode and modification time (rsync and deploy tools skip them),
/// and swapping the old folder out then frees almost nothing on disk, which is most
/// of the cost of replacing a large site. The old folder is never modified.
fn fill(dir: &Path, previous: Option<&Path>, files: &[OutputFile]) -> io::Result<()> {
    files.par_iter().try_for_each(|f| {
        let dest = dir.join(&f.path);
        if let Some(old) = previous.map(|p| p.join(&f.path)) {
            if same_content(&old, &f.bytes) && std::fs::hard_link(&old, &dest).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(dest, &f.bytes)
    })
}

/// Whether an output path is a plain relative path: no root, no `..`, `.` or empty
/// part, no backslash (a separator on Windows).
fn inside(path: &str) -> bool {
    !path.is_empty() && !path.contains('\\') && path.split('/').all(|p| !p.is_empty() && p != "." && p != "..")
}

/// Whether `path` is a regular file (not a link) holding exactly `bytes`.
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => std::fs::read(path).is_ok_and(|b| b == bytes),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replace `target` with exactly `files`.
    fn write_site(target: &Path, files: &[OutputFile]) -> io::Result<()> {
        let mut staged = Staged::new(target)?;
        staged.write(files)?;
        staged.commit()
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        for bad in ["../escape.html", "/etc/x", "a//b", "a/./b", "a\\..\\b", ""] {
            let mut staged = Staged::new(&target).unwrap();
            let files = [OutputFile::new("ok.html", "ok"), OutputFile::new(bad, "x")];
            let e = staged.write(&files).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{bad}");
        }
        assert!(!dir.path().join("escape.html").exists());
        assert!(inside("articles/a/index.html") && inside("404.html"));
    }

    #[test]
    fn swaps_whole_folder() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("public");
        write_site(&t, &[OutputFile::new("a/index.html", "1"), OutputFile::new("old.txt", "x")]).unwrap();
        write_site(&t, &[OutputFile::new("a/index.html", "2")]).unwrap();
        assert_eq!(std::fs::read_to_string(t.join("a/index.html")).unwrap(), "2");
        assert!(!t.join("old.txt").exists());
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1, "no temp folders left");
    }

    #[test]
    fn unchanged_files_are_linked_not_rewritten() {
        use std::os::unix::fs::MetadataExt;
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("public");
        write_site(&t, &[OutputFile::new("same.html", "same"), OutputFile::new("changed.html", "v1")]).unwrap();
        let before = std::fs::metadata(t.join("same.html")).unwrap().ino();
        // A failed build (dropped without commit) leaves the old files as they were.
        {
            let mut staged = Staged::new(&t).unwrap();
            staged.write(&[OutputFile::new("same.html", "same"), OutputFile::new("changed.html", "v2")]).unwrap();
        }
        assert_eq!(std::fs::read_to_string(t.join("changed.html")).unwrap(), "v1");
        write_site(&t, &[OutputFile::new("same.html", "same"), OutputFile::new("changed.html", "v2")]).unwrap();
        assert_eq!(std::fs::metadata(t.join("same.html")).unwrap().ino(), before, "unchanged file kept its inode");
        assert_eq!(std::fs::metadata(t.join("same.html")).unwrap().nlink(), 1, "old folder gone");
        assert_eq!(std::fs::read_to_string(t.join("changed.html")).unwrap(), "v2");
    }
}
