//! Status-only publish: a few files rewritten inside an output folder that a full
//! build made (it holds the marker), all or none. Every changed file is first staged
//! beside its target (`.<name>.tmp-<pid>`); then a journal listing the renames and
//! removals is put in place (`.frontline/patch-journal`, the commit point) and carried
//! out. A kill before the journal leaves the old files (the next patch removes the
//! staged ones); a kill after it is rolled forward by the next patch ([`recover`]), so
//! the folder never stays half old, half new. Unchanged files are not touched; status
//! files of the previous publish that are no longer produced (a deleted incident's
//! page) are removed. Nothing else in the folder is touched.

use super::{guard, inside, swap, OutputFile};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::Path;

/// The commit record of a patch, relative to the output folder.
const JOURNAL: &str = ".frontline/patch-journal";

/// What one patch did.
#[derive(Debug, Default, PartialEq)]
pub struct Patched {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Write `files` into `dir` (a marked output folder) and remove the paths of
/// `previous` that `files` no longer has, as one change.
pub fn patch(dir: &Path, files: &[OutputFile], previous: &[String]) -> io::Result<Patched> {
    if !guard::is_marked(dir) {
        return Err(io::Error::other(format!("{} was not made by a frontline build; run `frontline build` first", dir.display())));
    }
    if let Some(f) = files.iter().find(|f| !inside(&f.path) || f.path == guard::MARKER || f.path == JOURNAL) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("output path `{}` would leave the output folder", f.path)));
    }
    recover(dir, files)?;
    let staged: Vec<io::Result<Option<String>>> = files.par_iter().map(|f| stage(dir, f)).collect();
    let mut done = Patched::default();
    let mut journal = String::new();
    for (f, r) in files.iter().zip(staged) {
        match r? {
            Some(tmp) => {
                done.written += 1;
                journal.push_str(&format!("{tmp}\t{}\n", f.path));
            }
            None => done.unchanged += 1,
        }
    }
    let now: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for old in previous.iter().filter(|p| !now.contains(p.as_str()) && removable(p) && dir.join(p).is_file()) {
        done.removed += 1;
        journal.push_str(&format!("-\t{old}\n"));
    }
    if journal.is_empty() {
        return Ok(done);
    }
    let path = dir.join(JOURNAL);
    std::fs::create_dir_all(path.parent().unwrap_or(dir))?;
    let tmp = path.with_file_name(format!("patch-journal.tmp-{}", std::process::id()));
    std::fs::write(&tmp, &journal)?;
    std::fs::rename(&tmp, &path)?;
    apply(dir, &journal)?;
    std::fs::remove_file(&path)?;
    // Gone when empty (the public site); the internal one keeps its manifest there.
    let _ = std::fs::remove_dir(path.parent().unwrap_or(dir));
    Ok(done)
}

fn removable(p: &str) -> bool {
    inside(p) && p != guard::MARKER && p != JOURNAL
}

/// Stage `f` beside its target unless the target already holds these bytes; the
/// staged file's path relative to `dir`.
fn stage(dir: &Path, f: &OutputFile) -> io::Result<Option<String>> {
    let target = dir.join(&f.path);
    if std::fs::read(&target).is_ok_and(|old| old == f.bytes) {
        return Ok(None);
    }
    let (parent, name) = f.path.rsplit_once('/').unwrap_or(("", &f.path));
    let rel = format!("{}{}.{name}.tmp-{}", parent, if parent.is_empty() { "" } else { "/" }, std::process::id());
    std::fs::create_dir_all(dir.join(parent))?;
    std::fs::write(dir.join(&rel), &f.bytes)?;
    Ok(Some(rel))
}

/// Carry out a journal: renames of staged files whose file is still there (a
/// replay after a kill skips those already done), then removals.
fn apply(dir: &Path, journal: &str) -> io::Result<()> {
    for line in journal.lines() {
        let Some((from, to)) = line.split_once('\t') else { continue };
        if !removable(to) {
            continue;
        }
        let result = if from == "-" {
            std::fs::remove_file(dir.join(to))
        } else if inside(from) {
            std::fs::rename(dir.join(from), dir.join(to))
        } else {
            continue;
        };
        match result {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Finish what a killed patch committed (its journal), and remove files staged by
/// patches that were killed before committing, in the folders `files` go to.
pub fn recover(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    let path = dir.join(JOURNAL);
    if let Ok(journal) = std::fs::read_to_string(&path) {
        apply(dir, &journal)?;
        std::fs::remove_file(&path)?;
    }
    let folders: BTreeSet<&str> = files.iter().map(|f| f.path.rsplit_once('/').map_or("", |(p, _)| p)).collect();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else { continue };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let pid = name.strip_prefix('.').and_then(|n| n.rsplit_once(".tmp-")).and_then(|(_, pid)| pid.parse::<u32>().ok());
            if pid.is_some_and(|pid| !swap::alive(pid)) && e.file_type().is_ok_and(|t| t.is_file()) {
                std::fs::remove_file(e.path())?;
            }
        }
    }
    Ok(())
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
        assert!(!out.join(JOURNAL).exists());
    }

    /// A kill after the journal is rolled forward; staged files of a kill before it go.
    #[test]
    fn a_killed_patch_is_finished_or_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("s")).unwrap();
        std::fs::write(out.join(guard::MARKER), guard::MARKER_TEXT).unwrap();
        for (p, b) in [("a.json", "old a"), ("s/b.html", "old b"), ("gone.html", "old")] {
            std::fs::write(out.join(p), b).unwrap();
        }
        // Killed after committing: one rename done, one not, the removal not done.
        std::fs::write(out.join("s/.b.html.tmp-999999999"), "new b").unwrap();
        std::fs::write(out.join("a.json"), "new a").unwrap();
        std::fs::create_dir_all(out.join(".frontline")).unwrap();
        std::fs::write(out.join(JOURNAL), "./.a.json.tmp-999999999\ta.json\ns/.b.html.tmp-999999999\ts/b.html\n-\tgone.html\n").unwrap();
        // And a stray staged file of a patch killed before committing.
        std::fs::write(out.join(".a.json.tmp-999999998"), "never committed").unwrap();
        let files = [OutputFile::new("a.json", "new a"), OutputFile::new("s/b.html", "new b")];
        recover(&out, &files).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.json")).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(out.join("s/b.html")).unwrap(), "new b");
        assert!(!out.join("gone.html").exists() && !out.join(JOURNAL).exists());
        assert!(!out.join(".a.json.tmp-999999998").exists() && !out.join("s/.b.html.tmp-999999999").exists());
    }
}
