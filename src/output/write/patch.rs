//! Status-only publish: a few files rewritten inside an output folder that a full
//! build made (it holds the marker). Each changed file is written beside itself and
//! renamed over the old one, so a reader or a kill sees the old file or the new one,
//! never half of one; unchanged files are not touched; status files of the previous
//! publish that are no longer produced (a deleted incident's page) are removed.
//! Nothing else in the folder is touched.

use super::{guard, inside, OutputFile};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// What one patch did.
#[derive(Debug, Default, PartialEq)]
pub struct Patched {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Write `files` into `dir` (a marked output folder) and remove the paths of
/// `previous` that `files` no longer has.
pub fn patch(dir: &Path, files: &[OutputFile], previous: &[String]) -> io::Result<Patched> {
    if !guard::is_marked(dir) {
        return Err(io::Error::other(format!("{} was not made by a frontline build; run `frontline build` first", dir.display())));
    }
    if let Some(f) = files.iter().find(|f| !inside(&f.path) || f.path == guard::MARKER) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("output path `{}` would leave the output folder", f.path)));
    }
    let results: Vec<io::Result<bool>> = files.par_iter().map(|f| write_if_changed(&dir.join(&f.path), &f.bytes)).collect();
    let mut done = Patched::default();
    for r in results {
        if r? {
            done.written += 1;
        } else {
            done.unchanged += 1;
        }
    }
    let now: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for old in previous.iter().filter(|p| !now.contains(p.as_str()) && inside(p) && p.as_str() != guard::MARKER) {
        match std::fs::remove_file(dir.join(old)) {
            Ok(()) => done.removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// `true` when the file was (re)written.
fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let parent = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::fs::create_dir_all(&parent)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_changes_only_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        let files = |v: &[(&str, &str)]| v.iter().map(|(p, b)| OutputFile::new(*p, *b)).collect::<Vec<_>>();
        // Not marked: refused, nothing written.
        assert!(patch(&out, &files(&[("a.json", "1")]), &[]).is_err());
        assert!(!out.join("a.json").exists());
        std::fs::write(out.join(guard::MARKER), guard::MARKER_TEXT).unwrap();
        std::fs::write(out.join("mine.html"), "not a status file").unwrap();
        let first = patch(&out, &files(&[("a.json", "1"), ("s/x/index.html", "x")]), &[]).unwrap();
        assert_eq!(first, Patched { written: 2, unchanged: 0, removed: 0 });
        let second = patch(&out, &files(&[("a.json", "2")]), &["a.json".into(), "s/x/index.html".into(), "../escape".into()]).unwrap();
        assert_eq!(second, Patched { written: 1, unchanged: 0, removed: 1 });
        assert_eq!(std::fs::read_to_string(out.join("a.json")).unwrap(), "2");
        assert!(!out.join("s/x/index.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("mine.html")).unwrap(), "not a status file");
        let third = patch(&out, &files(&[("a.json", "2")]), &["a.json".into()]).unwrap();
        assert_eq!(third, Patched { written: 0, unchanged: 1, removed: 0 });
        let names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(!names.iter().any(|n| n.to_string_lossy().contains(".tmp-")), "{names:?}");
    }
}
