//! Link destinations: relative `.md` links ([`md_link`], [`normalize`]) checked
//! and rewritten by the renderer, and URL schemes that must never be clickable
//! ([`unsafe_scheme`]).

use super::{escape, AnchorCheck, LinkTags, Renderer, Resolution};
use crate::diag::Diagnostic;
use pulldown_cmark::{CowStr, Event, Tag};

/// The scheme of `url` if it could run code or smuggle a page into a reader's
/// browser: `javascript:`, `vbscript:` or `data:`, in any letter case. Judged as a
/// browser reads the URL: leading spaces and control characters are ignored, and
/// tabs and line breaks anywhere are removed (`java&#x09;script:` arrives here with
/// the tab already decoded).
pub fn unsafe_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let s = cleaned.trim_start_matches(|c: char| c <= ' ');
    let (scheme, _) = s.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    ["javascript", "vbscript", "data"].into_iter().find(|&k| k == scheme)
}

/// A relative link to a Markdown file: (path, fragment). External URLs -> None.
pub fn md_link(dest: &str) -> Option<(String, Option<String>)> {
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("tel:") || dest.starts_with("//") {
        return None;
    }
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let lower = path.to_ascii_lowercase();
    if !(lower.ends_with(".md") || lower.ends_with(".markdown")) {
        return None;
    }
    let decoded = crate::render::percent_decode(path).unwrap_or_else(|| path.to_string());
    Some((decoded, frag))
}

/// Join `dir` (relative to content/) and a relative link path; `/x.md` is from content/.
/// `None` if `..` leaves content/.
pub fn normalize(dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') { Vec::new() } else { dir.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

impl<'a> Renderer<'a, '_> {
    /// A link's start: a relative `.md` link is checked and rewritten to the page's
    /// URL (into an internal segment when the page is internal-only); a `#anchor`
    /// is remembered for checking.
    pub(super) fn start_link(
        &mut self,
        link_type: pulldown_cmark::LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        line: usize,
    ) {
        let keep = |r: &mut Self, dest: CowStr<'a>| {
            r.links.push(LinkTags::Kept);
            r.cur.push(Event::Start(Tag::Link { link_type, dest_url: dest, title: title.clone(), id: id.clone() }));
        };
        let Some((path, frag)) = md_link(&dest) else {
            if let Some(a) = dest.strip_prefix('#').filter(|a| !a.is_empty()) {
                self.out.anchors.push(AnchorCheck {
                    from: self.cx.source.into(),
                    line,
                    target: self.cx.source.into(),
                    anchor: a.to_string(),
                });
            }
            return keep(self, dest);
        };
        let Some(norm) = normalize(self.cx.dir, &path) else {
            self.out.diagnostics.push(
                Diagnostic::error(self.cx.source, line, "broken-link", format!("link `{dest}` points outside content/"))
                    .hint("link to a .md file under content/"),
            );
            return keep(self, dest);
        };
        match (self.cx.resolve)(&norm, self.cx.lang) {
            Resolution::Found(t) => {
                self.out.rendered.links.push(t.source.clone());
                if let Some(a) = frag.as_deref().filter(|a| !a.is_empty()) {
                    self.out.anchors.push(AnchorCheck {
                        from: self.cx.source.into(),
                        line,
                        target: t.source.clone(),
                        anchor: a.to_string(),
                    });
                }
                let url = match &frag {
                    Some(f) => format!("{}#{f}", t.url),
                    None => t.url.clone(),
                };
                if t.internal_only && !self.all_internal {
                    self.links.push(LinkTags::Internal);
                    let title_attr = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(&title)) };
                    self.push_internal(format!("<a href=\"{}\"{title_attr}>", escape(&url)));
                } else {
                    keep(self, url.into());
                }
            }
            Resolution::Missing { hint, on_disk } => {
                let (what, fallback) = if on_disk {
                    (
                        format!("content/{norm} is not a page of the site (a draft, or its own error is reported)"),
                        "fix the error reported for that file, or publish it (`draft: false`)",
                    )
                } else {
                    (format!("no such file (looked for content/{norm})"), "fix the path (relative to this file) or create the page")
                };
                let d = Diagnostic::error(self.cx.source, line, "broken-link", format!("link to `{path}`: {what}"))
                    .hint(hint.unwrap_or_else(|| fallback.into()));
                self.out.diagnostics.push(d);
                keep(self, dest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_schemes_in_any_disguise() {
        for url in ["javascript:alert(1)", "JavaScript:x", " \u{1}javascript:x", "java\tscript:x", "jav\na\rscript:x"] {
            assert_eq!(unsafe_scheme(url), Some("javascript"), "{url:?}");
        }
        assert_eq!(unsafe_scheme("VBScript:msgbox"), Some("vbscript"));
        assert_eq!(unsafe_scheme("data:text/html;base64,PHNjcmlwdD4="), Some("data"));
        for url in
            ["https://e.example/javascript:x", "refund.md", "#a", "mailto:a@b.example", "java%09script:x", "/data:x", "x javascript:y"]
        {
            assert_eq!(unsafe_scheme(url), None, "{url:?}");
        }
    }
}
