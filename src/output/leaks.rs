//! Defence in depth: after the public site is generated, scan every public file
//! for distinctive text taken from internal-only content (internal articles,
//! runbooks, `~~~internal` blocks, reply cards, incident `internal:` notes,
//! owners and escalation contacts). Any hit fails the build with the file named.
//!
//! Internal text that public *sources* also say (a note quoting a public article)
//! is not a leak. Only sources count: front matter, the common parts of Markdown
//! and site.yaml; never what the build derived from them, such as a title taken
//! from the body, so a bug that carries internal text into a public title or
//! heading is still caught.

use super::OutputFile;
use crate::content::{Audience, Doc};
use crate::diag::Diagnostic;
use crate::model::Site;
use crate::render::markdown::Segment;
use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use std::io::Read;

/// Fragments shorter than this are too common to mean a leak.
const MIN_FRAGMENT: usize = 24;

/// Characters that markup, escaping or Markdown may put inside a sentence.
fn is_break(c: char) -> bool {
    matches!(c, '<' | '>' | '&' | '"' | '\'' | '\\' | '\n' | '\r' | '*' | '_' | '`' | '[' | ']' | '(' | ')' | '#' | '|' | '~' | '{' | '}')
}

/// Distinctive runs of plain text in `text`.
fn fragments(text: &str, out: &mut Vec<String>) {
    for f in text.split(is_break) {
        let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
        if f.chars().count() >= MIN_FRAGMENT && f.split(' ').count() >= 3 {
            out.push(f);
        }
    }
}

/// Visible text of an HTML snippet (tags dropped, entities left as they are).
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push('\n');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Internal-only text and owner/contact names, minus anything public content also says.
pub fn secrets(site: &Site) -> Vec<String> {
    let mut internal = Vec::new();
    let mut names = Vec::new();
    for a in &site.articles {
        if a.audience == Audience::Internal {
            fragments(&a.doc.title, &mut internal);
            fragments(&html_text(&a.doc.html.html(Audience::Internal)), &mut internal);
        } else {
            for s in &a.doc.html.segments {
                if let Segment::Internal(h) = s {
                    fragments(&html_text(h), &mut internal);
                }
            }
        }
        names.extend(a.doc.owner.clone());
    }
    for r in &site.runbooks {
        fragments(&r.doc.title, &mut internal);
        fragments(&html_text(&r.doc.html.html(Audience::Internal)), &mut internal);
        names.extend(r.doc.owner.clone());
        for e in &r.escalation {
            names.push(e.name.clone());
            names.push(e.contact.clone());
        }
    }
    for i in &site.incidents {
        fragments(&html_text(&i.internal_html), &mut internal);
    }
    internal.extend(names.into_iter().map(|n| n.trim().to_string()).filter(|n| n.chars().count() >= 6));
    internal.sort();
    internal.dedup();
    if internal.is_empty() {
        return internal;
    }
    // Drop what public sources say too (an internal note may quote a public article).
    let public = public_text(site);
    let Ok(ac) = AhoCorasick::new(&internal) else { return internal };
    let mut in_public = vec![false; internal.len()];
    for m in ac.find_overlapping_iter(&public) {
        in_public[m.pattern().as_usize()] = true;
    }
    internal.into_iter().zip(in_public).filter(|(_, p)| !p).map(|(s, _)| s).collect()
}

/// The title of a public page when public sources give it: front matter, the
/// page's leading common `# heading`, or its file name. A title derived any other
/// way is not trusted to be public (it is what a leak would look like).
fn sourced_title<'d>(site: &Site, d: &'d Doc) -> &'d str {
    let name = d.rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let stem = name.trim_end_matches(".markdown").trim_end_matches(".md");
    let from_name = crate::content::split_lang(stem, &site.config.languages).0.replace(['-', '_'], " ");
    if d.title_given || d.title_in_body || d.title == from_name.trim() {
        &d.title
    } else {
        ""
    }
}

/// What public sources say: front matter and site.yaml values, and the text of
/// the common segments (rendered from the common parts of the Markdown only).
fn public_text(site: &Site) -> String {
    let mut t = String::new();
    for a in site.articles.iter().filter(|a| a.audience == Audience::Public) {
        let body = html_text(&a.doc.html.html(Audience::Public));
        for part in [sourced_title(site, &a.doc), a.doc.summary.as_deref().unwrap_or(""), &a.doc.tags.join(" "), &body] {
            t.push_str(part);
            t.push('\n');
        }
    }
    for i in &site.incidents {
        t.push_str(&i.title);
        t.push('\n');
        t.push_str(&html_text(&i.html.html(Audience::Public)));
        for u in &i.updates {
            t.push_str(&u.message);
            t.push('\n');
        }
    }
    for c in &site.categories {
        t.push_str(&format!("{:?} {:?}\n", c.title, c.description));
        for d in c.intro.values() {
            t.push_str(&html_text(&d.html.html(Audience::Public)));
        }
    }
    for c in &site.config.components {
        t.push_str(&format!("{:?} {:?} {:?}\n", c.name, c.group, c.description));
    }
    t.push_str(&format!("{:?}", site.config.title));
    t.push_str(&format!("{:?} {:?}", site.config.description, site.config.contact));
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text to scan in one output file: decompressed for Pagefind's gzip files.
fn scannable(f: &OutputFile) -> Option<String> {
    const PAGEFIND_SIGNATURE: &[u8] = b"pagefind_dcd";
    let bytes = if f.bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&f.bytes[..]).read_to_end(&mut out).ok()?;
        out
    } else {
        f.bytes.clone()
    };
    let bytes = bytes.strip_prefix(PAGEFIND_SIGNATURE).unwrap_or(&bytes);
    let text = String::from_utf8_lossy(bytes);
    // Compare on normalised whitespace, with entities and JSON escapes undone.
    let text = text.replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&").replace("\\\"", "\"").replace("\\n", "\n");
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Errors for every public file that contains internal-only text.
pub fn scan(site: &Site, public: &[OutputFile]) -> Vec<Diagnostic> {
    Scanner::new(site).scan(public)
}

/// The internal-only text of a site, ready to look for in any number of files.
pub struct Scanner {
    secrets: Vec<String>,
    ac: Option<AhoCorasick>,
}

impl Scanner {
    pub fn new(site: &Site) -> Scanner {
        let secrets = secrets(site);
        let ac = if secrets.is_empty() { None } else { AhoCorasick::new(&secrets).ok() };
        Scanner { secrets, ac }
    }

    /// Errors for every file (in parallel) that contains internal-only text.
    pub fn scan(&self, public: &[OutputFile]) -> Vec<Diagnostic> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let hits: Vec<Diagnostic> = public
            .par_iter()
            .filter_map(|f| {
                let text = scannable(f)?;
                let m = ac.find(&text)?;
                let found = &self.secrets[m.pattern().as_usize()];
                Some(
                    Diagnostic::error(format!("public/{}", f.path), 1, "internal-leak", format!("internal-only text reached the public site: \u{201c}{found}\u{201d}"))
                        .hint("a template or content prints internal data on a public page; check theme overrides and `audience:`, `~~~internal`, ```reply and `internal:` blocks"),
                )
            })
            .collect();
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Article, Content};
    use crate::render::markdown::Rendered;

    const SECRET: &str = "Escalate refunds over the limit to Vera";

    /// A public article titled `title`, whose internal note says [`SECRET`].
    fn article(rel: &str, title: &str, given: bool, in_body: bool) -> Article {
        let segments = vec![
            Segment::Common("<p>Public body text.</p>\n".into()),
            Segment::Internal(format!("<aside class=\"internal-note\"><h1 id=\"x\">{SECRET}</h1></aside>\n")),
        ];
        let doc = Doc {
            rel: rel.into(),
            lang: "en".into(),
            title: title.into(),
            title_given: given,
            title_in_body: in_body,
            html: Rendered { segments, ..Rendered::default() },
            ..Doc::default()
        };
        let key = format!("help/{rel}");
        Article { doc, dirs: vec!["help".into()], audience: Audience::Public, promoted: false, related: vec![], key, path: String::new() }
    }

    fn site(articles: Vec<Article>) -> Site {
        let content = Content { articles, runbooks: vec![], categories: vec![], runbook_folders: vec![], incidents: vec![] };
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+03:00").unwrap();
        Site::new(crate::config::Config::defaults(std::path::Path::new("/nonexistent")), content, now).0
    }

    #[test]
    fn a_title_derived_from_internal_text_is_still_a_secret() {
        // The title-fallback leak: a `# heading` inside the internal note became the
        // public title. The page prints it, so it is in public output, but no public
        // source says it: it must stay a secret and the page must be reported.
        let s = site(vec![article("a.md", SECRET, false, false)]);
        assert!(secrets(&s).contains(&SECRET.to_string()), "{:?}", secrets(&s));
        let page = OutputFile::new("articles/help/a/index.html", format!("<h1>{SECRET}</h1><p>Public body text.</p>"));
        let hits = scan(&s, &[page]);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(hits[0].message.contains(SECRET) && hits[0].path.ends_with("public/articles/help/a/index.html"), "{hits:?}");
    }

    #[test]
    fn text_public_sources_also_say_is_not_a_secret() {
        // Given in front matter, the body's own leading heading, or the file name:
        // an internal note may quote it.
        for a in [
            article("a.md", SECRET, true, false),
            article("a.md", SECRET, false, true),
            article("Escalate refunds over the limit to Vera.en.md", SECRET, false, false),
        ] {
            let s = site(vec![a]);
            assert!(!secrets(&s).contains(&SECRET.to_string()), "{:?}", secrets(&s));
        }
    }

    #[test]
    fn fragments_split_on_markup() {
        let mut v = Vec::new();
        fragments("Root cause is the PSP; ticket **OPS-123** and more text here, said Bob\nshort", &mut v);
        assert_eq!(v, ["Root cause is the PSP; ticket", "and more text here, said Bob"]);
        assert_eq!(html_text("<p>a <b>b</b></p>"), "\na \nb\n\n");
    }
}
