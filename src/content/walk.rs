//! Walking a source folder of the site (`content/articles`, `static/`, a theme's
//! `templates/` and `static/`): files in name order, with the rules every walk
//! shares. A symbolic link is followed only while it stays inside the site root
//! or the folder being walked (which may itself be a link, as in Hugo: a content
//! checkout kept elsewhere); one pointing outside is skipped with a warning naming
//! it, so `static/passwd -> /etc/passwd` is never published. A link back to a
//! folder that contains it is a loop (an error), found before anything under it
//! is read. A name that is not UTF-8 is an error: URLs, ids and output paths are
//! made from names, and two such names could become one. FIFOs, sockets and
//! devices are skipped with a warning (reading one could block forever).

use crate::diag::Diagnostic;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// One regular file found by a walk.
#[derive(Debug, Clone)]
pub struct Found {
    pub abs: PathBuf,
    /// Relative to the folder walked.
    pub rel: PathBuf,
}

/// Every regular file under `dir`, in name order, and what was wrong on the way.
/// Paths in messages are relative to `root`. `skip_hidden` leaves out names
/// starting with `.` (content does; `static/.well-known/` is published).
pub fn files(root: &Path, dir: &Path, skip_hidden: bool) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    if !dir.exists() {
        return (out, diags);
    }
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let inside = [canonical(root), canonical(dir)];
    let mut refused = Vec::new();
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    let entries = walker.filter_entry(|e| {
        if e.depth() == 0 {
            return true;
        }
        if skip_hidden && e.file_name().as_bytes().starts_with(b".") {
            return false;
        }
        if e.file_name().to_str().is_none() {
            refused.push(non_utf8(&shown(e.path())));
            return false;
        }
        if !e.path_is_symlink() {
            return true;
        }
        match link_problem(e, &inside, &shown) {
            Some(d) => {
                refused.push(d);
                false
            }
            None => true,
        }
    });
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
                out.push(Found { abs: e.path().to_path_buf(), rel });
            }
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => diags.push(
                Diagnostic::warning(shown(e.path()), 1, "not-a-file", "is not a regular file (a FIFO, socket or device); skipped")
                    .hint("replace it with a regular file, or remove it"),
            ),
            Err(err) => diags.push(walk_error(&err, &shown, dir)),
        }
    }
    // Problems in name order, as the walk met them, before the walk's own errors.
    refused.extend(diags);
    (out, refused)
}

/// The real path of `p` (itself when it cannot be resolved).
fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Why the link `e` must not be followed, if it must not: it points outside both
/// `inside` folders, or back to a folder that contains it. A broken link is
/// followed (and reported by the walk).
fn link_problem(e: &walkdir::DirEntry, inside: &[PathBuf; 2], shown: &dyn Fn(&Path) -> PathBuf) -> Option<Diagnostic> {
    let target = std::fs::canonicalize(e.path()).ok()?;
    let parent = e.path().parent().map(canonical).unwrap_or_default();
    if e.file_type().is_dir() && parent.starts_with(&target) {
        return Some(loop_error(&shown(e.path()), &shown(&target)));
    }
    if inside.iter().any(|i| target.starts_with(i)) {
        return None;
    }
    Some(
        Diagnostic::warning(
            shown(e.path()),
            1,
            "link-outside",
            format!("symbolic link to {} points outside the site folder; skipped", target.display()),
        )
        .hint("frontline reads only files inside the site folder: copy the file in instead of linking to it"),
    )
}

fn loop_error(link: &Path, target: &Path) -> Diagnostic {
    Diagnostic::error(link, 1, "io", format!("symbolic link loop: this link points back to {}", target.display()))
        .hint("remove the link, or point it at a folder that does not contain it")
}

/// A name that is not UTF-8, shown with its bad bytes as `\xFF`.
fn non_utf8(shown: &Path) -> Diagnostic {
    let name = shown.file_name().map(escape_bytes).unwrap_or_default();
    let parent = shown.parent().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    let path = if parent.is_empty() { name } else { format!("{parent}/{name}") };
    Diagnostic::error(path, 1, "non-utf8-name", "the name is not valid UTF-8")
        .hint("rename it in UTF-8 (e.g. `convmv -f cp1251 -t utf-8 --notest NAME`): URLs and ids are made from names, and two names that differ only in such bytes would become one")
}

/// `a\xFF.md`: valid UTF-8 as it is, every other byte as `\xNN`.
fn escape_bytes(name: &std::ffi::OsStr) -> String {
    let mut out = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// An error the walk itself met: a loop it found, a broken link, an unreadable folder.
fn walk_error(err: &walkdir::Error, shown: &dyn Fn(&Path) -> PathBuf, dir: &Path) -> Diagnostic {
    let p = err.path().map(shown).unwrap_or_else(|| shown(dir));
    if let Some(target) = err.loop_ancestor() {
        return loop_error(&p, &shown(target));
    }
    if err.io_error().is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        return Diagnostic::error(p, 1, "io", "broken symbolic link: its target does not exist")
            .hint("remove the link or restore the file it points to");
    }
    Diagnostic::error(p, 1, "io", format!("cannot read: {}", err.io_error().map_or(err.to_string(), |e| e.to_string())))
        .hint("check the permissions (the folder must be readable and listable)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bytes_are_shown_escaped() {
        let name = std::ffi::OsStr::from_bytes(b"r\xd0\xb0\xff\xfe.md");
        assert_eq!(escape_bytes(name), "rа\\xFF\\xFE.md");
    }

    #[test]
    fn links_inside_are_followed_outside_skipped_and_loops_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "s").unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("static/sub")).unwrap();
        std::fs::create_dir_all(root.join("brand")).unwrap();
        std::fs::write(root.join("brand/logo.svg"), "<svg/>").unwrap();
        std::os::unix::fs::symlink("../brand/logo.svg", root.join("static/logo.svg")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("static/secret.txt")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("static/outdir")).unwrap();
        std::os::unix::fs::symlink("../..", root.join("static/sub/root")).unwrap();
        let (found, diags) = files(root, &root.join("static"), false);
        let rels: Vec<_> = found.iter().map(|f| f.rel.to_string_lossy().into_owned()).collect();
        assert_eq!(rels, ["logo.svg"]);
        let shown: Vec<_> = diags.iter().map(|d| (d.path.to_string_lossy().into_owned(), d.is_error())).collect();
        assert_eq!(
            shown,
            [("static/outdir".to_string(), false), ("static/secret.txt".to_string(), false), ("static/sub/root".to_string(), true)]
        );
    }
}
