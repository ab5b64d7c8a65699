//! Every output path has exactly one owner. Files are claimed in the order they
//! are generated (the same on every build); a second file at a taken path, or a
//! file where another needs a folder (`/assets/search.js` as an alias needs
//! `assets/search.js/index.html`), is an error naming both sources, placed on the
//! one to change: an alias before a static file before a theme file before a page.
//! Nothing is written over anything: a failed claim fails the build before the swap.

use super::{OutputFile, Source};
use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::path::PathBuf;

/// The paths claimed so far in one output folder.
#[derive(Default)]
pub struct Owners {
    files: HashMap<String, Option<Source>>,
    /// Folder path -> the first file claimed under it.
    dirs: HashMap<String, String>,
}

impl Owners {
    pub fn new() -> Owners {
        Owners::default()
    }

    /// Claim the paths of `files`; every clash is an error (the first claim keeps the path).
    pub fn claim(&mut self, files: &[OutputFile]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for f in files {
            if let Some(d) = self.claim_one(f) {
                out.push(d);
            }
        }
        out
    }

    fn claim_one(&mut self, f: &OutputFile) -> Option<Diagnostic> {
        if let Some(other) = self.files.get(&f.path) {
            return Some(self.clash(&f.path, &f.source, other, Clash::Same));
        }
        if let Some(under) = self.dirs.get(&f.path) {
            let other = &self.files[under];
            return Some(self.clash(under, other, &f.source, Clash::Folder(&f.path)));
        }
        let ancestors: Vec<&str> = f.path.match_indices('/').map(|(i, _)| &f.path[..i]).collect();
        if let Some((dir, other)) = ancestors.iter().find_map(|a| self.files.get(*a).map(|o| (*a, o))) {
            return Some(self.clash(&f.path, &f.source, other, Clash::Folder(dir)));
        }
        for a in ancestors {
            self.dirs.entry(a.to_string()).or_insert_with(|| f.path.clone());
        }
        self.files.insert(f.path.clone(), f.source.clone());
        None
    }

    /// The error for `a` (writing `path`) against `b`, placed on the one to change
    /// (named there as "this ..."), naming the other with its file:line.
    fn clash(&self, path: &str, a: &Option<Source>, b: &Option<Source>, how: Clash) -> Diagnostic {
        let a_is_culprit = rank(a) >= rank(b);
        let culprit = if a_is_culprit { a } else { b };
        let (an, bn) = if a_is_culprit { (this(a), self.describe(b)) } else { (self.describe(a), this(b)) };
        let message = match how {
            // The one to change first.
            Clash::Same if a_is_culprit => format!("{an} and {bn} both write `{path}`"),
            Clash::Same => format!("{bn} and {an} both write `{path}`"),
            Clash::Folder(dir) => format!("{an} writes `{path}`, which needs a folder `{dir}`, but {bn} writes a file there"),
        };
        let (file, line) = self.place(culprit);
        Diagnostic::error(file, line, "output-clash", message).hint(hint(culprit))
    }

    /// A source in words, with its file:line.
    fn describe(&self, s: &Option<Source>) -> String {
        let Some(src) = s else { return "frontline itself (a page or file every site has)".to_string() };
        let (file, line) = self.place(s);
        let at = format!("{}:{line}", file.display());
        match src {
            Source::Page(_) => format!("the page of `{at}`"),
            Source::Folder(p) => format!("the page of the folder `{}/`", p.display()),
            Source::Alias { alias, .. } => format!("the alias `{alias}` in `{at}`"),
            Source::Static(_) => format!("the static file `{at}`"),
            Source::Theme(p) => match p.strip_prefix(BUILT_IN) {
                Ok(rel) => format!("the built-in theme's `{}`", rel.display()),
                Err(_) => format!("the theme file `{at}`"),
            },
        }
    }

    /// Where a source is shown: its file, and the alias's line where it can be found.
    fn place(&self, s: &Option<Source>) -> (PathBuf, usize) {
        match s {
            None => (PathBuf::from("<frontline>"), 1),
            Some(Source::Alias { file, line, .. }) => (file.clone(), *line),
            Some(Source::Page(p) | Source::Folder(p) | Source::Static(p) | Source::Theme(p)) => (p.clone(), 1),
        }
    }
}

/// Where the built-in theme's files are said to be (see `render::templates`).
const BUILT_IN: &str = "<default theme>";

/// The source an error is placed on, named from there.
fn this(s: &Option<Source>) -> String {
    match s {
        None => "frontline itself".to_string(),
        Some(Source::Page(_)) => "this page".to_string(),
        Some(Source::Folder(_)) => "this folder's page".to_string(),
        Some(Source::Alias { alias, .. }) => format!("the alias `{alias}`"),
        Some(Source::Static(_)) => "this static file".to_string(),
        Some(Source::Theme(_)) => "this theme file".to_string(),
    }
}

/// How two files clash: at the same path, or one where the other needs a folder.
enum Clash<'a> {
    Same,
    Folder(&'a str),
}

/// Which of two clashing sources is reported (the higher): the one most likely
/// added to point somewhere, not the page that was there first.
fn rank(s: &Option<Source>) -> u8 {
    match s {
        Some(Source::Alias { .. }) => 3,
        Some(Source::Static(_)) => 2,
        Some(Source::Theme(_)) => 1,
        Some(Source::Page(_) | Source::Folder(_)) | None => 0,
    }
}

fn hint(culprit: &Option<Source>) -> &'static str {
    match culprit {
        Some(Source::Alias { .. }) => "an alias must be an old URL that no page, file or other alias of this site uses: remove or change it",
        Some(Source::Static(_)) => "rename or remove the static file: static/ adds files, it cannot replace frontline's pages and files (a theme file is replaced from themes/<name>/static/)",
        Some(Source::Theme(_)) => "rename the theme file: this path is one frontline writes itself",
        Some(Source::Page(_) | Source::Folder(_)) => "rename one of the files or folders, or give the article another `slug:`",
        None => "this is a bug in frontline; please report it",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(file: &str, alias: &str, path: &str) -> OutputFile {
        OutputFile::new(path, "r").from_source(Source::Alias { file: file.into(), alias: alias.into(), line: 1 })
    }

    #[test]
    fn same_path_folder_and_file_clash_and_the_alias_is_blamed() {
        let mut o = Owners::new();
        let first = [
            OutputFile::new("status/index.html", "s"),
            OutputFile::new("assets/search.js", "j"),
            OutputFile::new("articles/a/index.html", "a").from_source(Source::Page("content/articles/a.md".into())),
        ];
        assert!(o.claim(&first).is_empty());
        let later = [
            alias("content/articles/b.md", "/status/", "status/index.html"),
            alias("content/articles/b.md", "/assets/search.js", "assets/search.js/index.html"),
            alias("content/articles/c.md", "/articles/a/", "articles/a/index.html"),
            OutputFile::new("articles", "x").from_source(Source::Static("static/articles".into())),
        ];
        let d = o.claim(&later);
        let got: Vec<(String, &str)> = d.iter().map(|d| (d.path.display().to_string(), d.message.as_str())).collect();
        assert_eq!(
            got[0],
            (
                "content/articles/b.md".into(),
                "the alias `/status/` and frontline itself (a page or file every site has) both write `status/index.html`"
            )
        );
        assert_eq!(got[1].0, "content/articles/b.md");
        assert!(got[1].1.contains("needs a folder `assets/search.js`, but frontline itself"), "{}", got[1].1);
        assert_eq!(got[2].1, "the alias `/articles/a/` and the page of `content/articles/a.md:1` both write `articles/a/index.html`");
        assert_eq!(got[3], ("static/articles".into(), "the page of `content/articles/a.md:1` writes `articles/a/index.html`, which needs a folder `articles`, but this static file writes a file there"));
        assert_eq!(d.len(), 4);
    }
}
