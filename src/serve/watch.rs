//! File watching for `serve` (notify): which changes matter, debounced into one
//! batch (≤ 100 ms), classified so the rebuild does only what is needed.

use crate::diag::{Diagnostic, Severity};
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// What a batch of changes touched.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Changes {
    pub config: bool,
    pub templates: bool,
    /// Theme or site static files (`.css` only -> `css_only`).
    pub statics: bool,
    pub css_only: bool,
    /// Changed files under `content/`, relative to the root.
    pub content: Vec<PathBuf>,
    /// What the watcher itself reported (lost events, a watch that failed).
    pub problems: Vec<Diagnostic>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.config && !self.templates && !self.statics && self.content.is_empty()
    }
}

/// Editor temp files and other noise.
pub fn ignored(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || name == ".DS_Store"
        || name.ends_with(".tmp")
        || name.contains(".tmp-")
        || name == ".frontline.lock"
        || (name.starts_with('.') && name.ends_with(".md"))
}

/// Classify one changed path (absolute) relative to `root`; `false` if it does not matter.
pub fn classify(root: &Path, outputs: &[PathBuf], path: &Path, into: &mut Changes) -> bool {
    if ignored(path) || outputs.iter().any(|o| path.starts_with(o)) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let first = rel.iter().next().map(|c| c.to_string_lossy().into_owned()).unwrap_or_default();
    let css = rel.extension().is_some_and(|e| e == "css");
    match first.as_str() {
        "site.yaml" => into.config = true,
        "content" => {
            if !into.content.iter().any(|c| c == rel) {
                into.content.push(rel.to_path_buf());
            }
        }
        "static" => {
            into.css_only = (into.css_only || !into.statics) && css;
            into.statics = true;
        }
        "themes" if rel.iter().any(|c| c == "templates") => into.templates = true,
        "themes" => {
            into.css_only = (into.css_only || !into.statics) && css;
            into.statics = true;
        }
        _ => return false,
    }
    true
}

/// Add one event's paths. Reads (`Access`) are ignored: the build itself reads every file.
fn take(ev: &notify::Event, root: &Path, outputs: &[PathBuf], changes: &mut Changes) {
    if matches!(ev.kind, notify::EventKind::Access(_)) {
        return;
    }
    for p in &ev.paths {
        classify(root, outputs, p, changes);
    }
}

/// Watch the folders that exist now and are not watched yet (e.g. `static/` created later).
pub fn watch_new(w: &mut notify::RecommendedWatcher, root: &Path, watched: &mut Vec<PathBuf>) -> notify::Result<()> {
    for sub in ["content", "static", "themes"] {
        let p = root.join(sub);
        if p.is_dir() && !watched.contains(&p) {
            w.watch(&p, RecursiveMode::Recursive)?;
            watched.push(p);
        }
    }
    Ok(())
}

/// Start watching `root` (an absolute, canonical path); returns the watcher (keep it alive) and its event channel.
pub fn start(root: &Path) -> notify::Result<(notify::RecommendedWatcher, Vec<PathBuf>, Receiver<notify::Result<notify::Event>>)> {
    let (tx, rx) = channel();
    let mut w = notify::recommended_watcher(tx)?;
    let mut watched = Vec::new();
    watch_new(&mut w, root, &mut watched)?;
    // The root itself (not recursive) for site.yaml and for folders created later.
    w.watch(root, RecursiveMode::NonRecursive)?;
    Ok((w, watched, rx))
}

fn watcher_problem(e: &notify::Error) -> Diagnostic {
    Diagnostic::general(Severity::Warning, "watch", format!("the file watcher reported: {e}"))
        .hint("a change may have been missed: save the file again, or restart `frontline serve`")
}

/// Block until a relevant change arrives (or the watcher reports a problem), then gather more for up to `window`
/// (quiet period 15 ms). `None` when the watcher is gone.
pub fn next_batch(rx: &Receiver<notify::Result<notify::Event>>, root: &Path, outputs: &[PathBuf], window: Duration) -> Option<Changes> {
    let mut changes = Changes::default();
    loop {
        match rx.recv().ok()? {
            Ok(ev) => take(&ev, root, outputs, &mut changes),
            Err(e) => changes.problems.push(watcher_problem(&e)),
        }
        if !changes.is_empty() || !changes.problems.is_empty() {
            break;
        }
    }
    let deadline = Instant::now() + window;
    loop {
        let left = deadline.saturating_duration_since(Instant::now()).min(Duration::from_millis(15));
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(left) {
            Ok(Ok(ev)) => take(&ev, root, outputs, &mut changes),
            Ok(Err(e)) => changes.problems.push(watcher_problem(&e)),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    Some(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_changes() {
        let root = Path::new("/s");
        let outs = vec![PathBuf::from("/s/public")];
        let mut c = Changes::default();
        assert!(!classify(root, &outs, Path::new("/s/public/index.html"), &mut c));
        assert!(!classify(root, &outs, Path::new("/s/content/a/.x.md.swp"), &mut c));
        assert!(!classify(root, &outs, Path::new("/s/content/a/4913"), &mut c));
        assert!(!classify(root, &outs, Path::new("/s/content/a/x.md~"), &mut c));
        assert!(!classify(root, &outs, Path::new("/s/content/a/.#x.md"), &mut c));
        assert!(c.is_empty());
        assert!(classify(root, &outs, Path::new("/s/themes/t/static/a.css"), &mut c));
        assert!(c.css_only);
        assert!(classify(root, &outs, Path::new("/s/static/logo.png"), &mut c));
        assert!(!c.css_only);
        assert!(classify(root, &outs, Path::new("/s/content/articles/a/b.md"), &mut c));
        assert!(classify(root, &outs, Path::new("/s/themes/t/templates/base.html"), &mut c));
        assert!(c.templates && c.content.len() == 1);
    }
}
