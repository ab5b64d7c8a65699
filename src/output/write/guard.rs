//! Decides which folders `build` may replace, before anything is touched: an output
//! must not be (or hold, or sit inside) the site's sources, the two outputs must be
//! separate, and an existing folder is replaced only when frontline made it (it holds
//! [`MARKER`]) or it is empty. A symlinked output folder is followed: the folder it
//! points to is judged (and swapped) like any other.

use std::io;
use std::path::{Component, Path, PathBuf};

/// The file every output folder frontline writes carries; only a folder holding it
/// (or an empty or missing one) is ever replaced or cleaned up.
pub const MARKER: &str = ".frontline-output";

/// What the marker says to a person who finds it.
pub const MARKER_TEXT: &str = "This folder was made by `frontline build`; the next build replaces it whole.\n\
Do not keep other files here: put them in the site's static/ folder instead.\n";

/// The site's sources: an output may be none of these and lie inside none of them.
const SOURCES: [&str; 5] = ["content", "static", "themes", "site.yaml", "site.yml"];

/// The public and internal output folders, checked and resolved to real paths.
#[derive(Debug, Clone, PartialEq)]
pub struct Outputs {
    pub public: PathBuf,
    pub internal: PathBuf,
}

/// Check both outputs of a build of the site at `root`; `Err` is a usage error that
/// says what is wrong and how to fix it (nothing has been touched).
pub fn outputs(root: &Path, public: &Path, internal: &Path) -> Result<Outputs, String> {
    let root = std::fs::canonicalize(root).map_err(|e| format!("--root {}: {e}", root.display()))?;
    let mut resolved = Vec::new();
    for (flag, given) in [("--out", public), ("--internal-out", internal)] {
        let real = resolve(given).map_err(|e| format!("{flag} {}: {e}", given.display()))?;
        if let Some(why) = overlaps_sources(&root, &real) {
            return Err(format!(
                "{flag} {} {why}; a build replaces its output folder whole, so the sources would be lost\n  \
                 hint: build into a folder of its own, e.g. {flag} {}",
                given.display(),
                root.join(if flag == "--out" { "public" } else { "internal" }).display()
            ));
        }
        owned(&real).map_err(|why| format!("{flag} {}: {why}", given.display()))?;
        resolved.push(real);
    }
    let (p, i) = (&resolved[0], &resolved[1]);
    if p.starts_with(i) || i.starts_with(p) {
        let how = if p == i { "is the same folder as" } else { "overlaps" };
        return Err(format!(
            "--out {} {how} --internal-out {}: the internal site (runbooks, internal notes) would be published with the public one\n  \
             hint: give the two sites two separate folders, e.g. --out public --internal-out internal",
            public.display(),
            internal.display()
        ));
    }
    Ok(Outputs { public: p.clone(), internal: i.clone() })
}

/// Why `out` may not be an output of the site at `root`, if it may not.
fn overlaps_sources(root: &Path, out: &Path) -> Option<String> {
    if out == root {
        return Some("is the site folder itself".into());
    }
    if root.starts_with(out) {
        return Some(format!("holds the site folder {}", root.display()));
    }
    SOURCES.iter().find(|s| out.starts_with(root.join(s))).map(|s| format!("is inside the site's sources ({s})"))
}

/// Whether frontline may replace `dir`: missing, empty, or holding the marker.
fn owned(dir: &Path) -> Result<(), String> {
    let meta = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.to_string()),
    };
    if !meta.is_dir() {
        return Err("exists and is not a folder\n  hint: choose a folder name that is free".into());
    }
    if is_marked(dir) {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| e.to_string())?;
    match entries.next() {
        None => Ok(()),
        Some(_) => Err(format!(
            "the folder exists, is not empty and was not made by frontline (it has no {MARKER} file), \
             so a build will not replace it; it was left as it was\n  \
             hint: build into a new or empty folder; if it is the output of an older frontline, delete it once yourself"
        )),
    }
}

/// Whether `dir` holds frontline's marker file (a regular file, not a link).
pub fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// `path` as an absolute real path: `.` and `..` are applied to the words first, then
/// the longest part that exists is canonicalised (following symbolic links) and the
/// rest appended.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut plain = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                plain.pop();
            }
            Component::CurDir => {}
            c => plain.push(c),
        }
    }
    let mut existing = plain.as_path();
    let mut rest = Vec::new();
    let mut out = loop {
        match std::fs::canonicalize(existing) {
            Ok(p) => break p,
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return Err(io::Error::other("cannot resolve the path")),
            },
        }
    };
    out.extend(rest.iter().rev());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("content/articles")).unwrap();
        std::fs::write(d.path().join("site.yaml"), "title: x\n").unwrap();
        d
    }

    #[test]
    fn sources_and_overlaps_are_refused() {
        let d = site();
        let r = d.path();
        let ok = outputs(r, &r.join("public"), &r.join("internal")).unwrap();
        assert!(ok.public.ends_with("public"));
        for bad in [r.to_path_buf(), r.join("content"), r.join("content/x"), r.join("static/out"), r.join(".."), r.join("site.yaml")] {
            assert!(outputs(r, &bad, &r.join("internal")).is_err(), "{}", bad.display());
        }
        assert!(outputs(r, &r.join("x"), &r.join("x")).unwrap_err().contains("same folder"));
        assert!(outputs(r, &r.join("x"), &r.join("x/internal")).unwrap_err().contains("overlaps"));
        assert!(outputs(r, &r.join("x/./y/../internal"), &r.join("x")).unwrap_err().contains("overlaps"));
    }

    #[test]
    fn foreign_folders_are_refused_and_marked_or_empty_ones_taken() {
        let d = site();
        let r = d.path();
        std::fs::create_dir_all(r.join("www")).unwrap();
        assert!(outputs(r, &r.join("www"), &r.join("internal")).is_ok(), "empty folder");
        std::fs::write(r.join("www/index.php"), "x").unwrap();
        assert!(outputs(r, &r.join("www"), &r.join("internal")).unwrap_err().contains("not made by frontline"));
        std::fs::write(r.join("www").join(MARKER), MARKER_TEXT).unwrap();
        assert!(outputs(r, &r.join("www"), &r.join("internal")).is_ok(), "marked folder");
        std::fs::write(r.join("file"), "x").unwrap();
        assert!(outputs(r, &r.join("file"), &r.join("internal")).unwrap_err().contains("not a folder"));
    }
}
