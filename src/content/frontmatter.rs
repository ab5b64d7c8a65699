//! Splitting a Markdown file into front matter (`---` YAML or `+++` TOML) and body.

use crate::diag::Diagnostic;
use crate::fields::{Fields, Syntax};
use std::path::Path;

/// A file split into its parsed front matter and Markdown body.
#[derive(Debug)]
pub struct Split<'a> {
    pub fields: Fields,
    pub body: &'a str,
    /// 1-based line where `body` starts in the file.
    pub body_line: usize,
}

/// Split `text` (BOM already removed). No front matter = empty fields.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let (fence, syntax) = if text.starts_with("---") {
        ("---", Syntax::Yaml)
    } else if text.starts_with("+++") {
        ("+++", Syntax::Toml)
    } else {
        return Ok(Split { fields: Fields::empty(path), body: text, body_line: 1 });
    };
    let first_nl = match text.find('\n') {
        Some(i) => i,
        None => text.len(),
    };
    if text[fence.len()..first_nl].trim() != "" {
        // `---title` or a thematic break followed by text: not front matter.
        return Ok(Split { fields: Fields::empty(path), body: text, body_line: 1 });
    }
    let fm_start = (first_nl + 1).min(text.len());
    let mut pos = fm_start;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let l = text[pos..end].trim_end_matches('\r');
        if l.trim_end() == fence || (syntax == Syntax::Yaml && l.trim_end() == "...") {
            let fields = Fields::parse(path, &text[fm_start..pos], 2, syntax)?;
            let body_start = (end + 1).min(text.len());
            return Ok(Split { fields, body: &text[body_start..], body_line: line + 1 });
        }
        pos = end + 1;
        line += 1;
    }
    Err(Diagnostic::error(path, 1, "unclosed-front-matter", format!("front matter opened with `{fence}` is never closed"))
        .hint(format!("add a line with `{fence}` after the last front matter key")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml() {
        let s = split(Path::new("a.md"), "---\ntitle: A\n---\n# Body\n").unwrap();
        assert_eq!(s.fields.string(&["title"]).unwrap().unwrap(), "A");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
        let t = split(Path::new("a.md"), "+++\ntitle = \"B\"\n+++\ntext").unwrap();
        assert_eq!(t.fields.string(&["title"]).unwrap().unwrap(), "B");
        assert_eq!(t.body, "text");
    }

    #[test]
    fn crlf_and_none() {
        let s = split(Path::new("a.md"), "---\r\ntitle: A\r\n---\r\nbody").unwrap();
        assert_eq!(s.fields.string(&["title"]).unwrap().unwrap(), "A");
        assert_eq!(s.body, "body");
        let n = split(Path::new("a.md"), "# Just text").unwrap();
        assert!(n.fields.map.is_empty());
        let hr = split(Path::new("a.md"), "--- not fm").unwrap();
        assert_eq!(hr.body, "--- not fm");
    }

    #[test]
    fn unclosed() {
        let e = split(Path::new("a.md"), "---\ntitle: A\n").unwrap_err();
        assert_eq!(e.code, "unclosed-front-matter");
    }
}
