//! Content stage: walk `content/articles` and `content/runbooks`, read every file
//! (in parallel), split front matter, and produce [`Article`]s, [`Runbook`]s and
//! folder metadata. Nothing here renders Markdown.

pub mod doc;
pub mod fence;
pub mod frontmatter;
pub mod incident;
pub mod rendered;
pub mod slug;
pub mod title;
pub mod walk;

use crate::config::{Config, Localized};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fields::{Fields, Syntax};
pub use crate::source::{lone_cr_to_lf, read_bytes, read_text, read_text_max, MAX_FILE_MIB};
pub use doc::{Article, Audience, CategoryMeta, Doc, Escalation, Runbook};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walk::Found;

/// Everything loaded from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub articles: Vec<Article>,
    pub runbooks: Vec<Runbook>,
    pub categories: Vec<CategoryMeta>,
    pub runbook_folders: Vec<CategoryMeta>,
    pub incidents: Vec<incident::Incident>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Article,
    Runbook,
}

/// Load all content. `drafts` keeps drafts. Problems are collected, never fatal.
pub fn load(config: &Config, drafts: bool, diags: &mut Diagnostics) -> Content {
    let mut content = Content::default();
    let base = config.content_dir();
    let (articles, cats) = load_kind(config, &base.join("articles"), Kind::Article, diags);
    let (runbooks, rcats) = load_kind(config, &base.join("runbooks"), Kind::Runbook, diags);
    for item in articles {
        if let Loaded::Article(a) = item {
            if drafts || !a.doc.draft {
                content.articles.push(a);
            }
        }
    }
    for item in runbooks {
        if let Loaded::Runbook(r) = item {
            if drafts || !r.doc.draft {
                content.runbooks.push(r);
            }
        }
    }
    content.categories = cats;
    content.runbook_folders = rcats;
    content.incidents = load_incidents(config, &base.join("incidents"), drafts, diags);
    content
}

/// Every `*.md` under `content/incidents`, parsed in parallel, newest first.
pub fn load_incidents(config: &Config, dir: &Path, drafts: bool, diags: &mut Diagnostics) -> Vec<incident::Incident> {
    let found: Vec<Found> = walk(config, dir, diags).into_iter().filter(|f| f.rel.extension().is_some_and(|e| e == "md")).collect();
    let results: Vec<(Option<incident::Incident>, Vec<Diagnostic>)> =
        found
            .par_iter()
            .map(|f| {
                let path = shown(config, &f.abs);
                match read_text(&path, &f.abs) {
                    Ok(t) if t.trim().is_empty() => (
                        None,
                        vec![Diagnostic::error(&path, 1, "empty-file", "the file is empty")
                            .hint("delete it, or use `frontline incident open`")],
                    ),
                    Ok(t) => incident::parse(config, &path, &t),
                    Err(d) => (None, vec![d]),
                }
            })
            .collect();
    let mut out = Vec::new();
    for (inc, ds) in results {
        diags.items.extend(ds);
        out.extend(inc.filter(|i| drafts || !i.draft));
    }
    out.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| a.id.cmp(&b.id)));
    out
}

enum Loaded {
    Article(Article),
    Runbook(Runbook),
    Folder(CategoryMeta),
}

fn load_kind(config: &Config, dir: &Path, kind: Kind, diags: &mut Diagnostics) -> (Vec<Loaded>, Vec<CategoryMeta>) {
    let found = walk(config, dir, diags);
    let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = found.par_iter().map(|f| load_file(config, f, kind)).collect();
    let mut items = Vec::new();
    let mut folders: Vec<CategoryMeta> = Vec::new();
    for (item, ds) in results {
        diags.items.extend(ds);
        match item {
            Some(Loaded::Folder(meta)) => merge_folder(&mut folders, meta),
            Some(other) => items.push(other),
            None => {}
        }
    }
    (items, folders)
}

fn merge_folder(folders: &mut Vec<CategoryMeta>, meta: CategoryMeta) {
    match folders.iter_mut().find(|f| f.dirs == meta.dirs) {
        Some(f) => {
            f.title = f.title.take().or(meta.title);
            f.description = f.description.take().or(meta.description);
            f.order = f.order.or(meta.order);
            f.intro.extend(meta.intro);
        }
        None => folders.push(meta),
    }
}

/// Every file under `dir` (see [`walk::files`]: links outside the site are skipped).
fn walk(config: &Config, dir: &Path, diags: &mut Diagnostics) -> Vec<Found> {
    let (found, problems) = walk::files(&config.root, dir, true);
    diags.items.extend(problems);
    found
}

/// Load one article file again (serve's incremental rebuild).
pub fn load_article(config: &Config, abs: &Path) -> (Option<Article>, Vec<Diagnostic>) {
    let dir = config.content_dir().join("articles");
    let rel = abs.strip_prefix(&dir).unwrap_or(abs).to_path_buf();
    match load_file(config, &Found { abs: abs.to_path_buf(), rel }, Kind::Article) {
        (Some(Loaded::Article(a)), d) => (Some(a), d),
        (_, d) => (None, d),
    }
}

/// Path as shown in messages: relative to the site root.
pub fn shown(config: &Config, p: &Path) -> PathBuf {
    p.strip_prefix(&config.root).unwrap_or(p).to_path_buf()
}

fn load_file(config: &Config, f: &Found, kind: Kind) -> (Option<Loaded>, Vec<Diagnostic>) {
    let name = f.rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let is_md = name.ends_with(".md") || name.ends_with(".markdown");
    if !is_md && name != "_category.yaml" && name != "_category.yml" {
        return (None, Vec::new()); // images and other assets are not pages
    }
    let path = shown(config, &f.abs);
    let text = match read_text(&path, &f.abs) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let dirs: Vec<String> = f.rel.parent().map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect()).unwrap_or_default();
    let mut errs = Vec::new();
    if !is_md {
        let item = Fields::parse(&path, &text, 1, Syntax::Yaml).map(|fields| folder_meta(&fields, dirs, &mut errs));
        return match item {
            Ok(m) => (Some(Loaded::Folder(m)), errs),
            Err(e) => (None, vec![e]),
        };
    }
    if text.trim().is_empty() {
        let d = Diagnostic::error(&path, 1, "empty-file", "the file is empty").hint("add a `# Title` and some text, or delete the file");
        return (None, vec![d]);
    }
    let split = match frontmatter::split(&path, &text) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let mut warns = Vec::new();
    let stem = name.trim_end_matches(".markdown").trim_end_matches(".md");
    let (stem, suffix_lang) = split_lang(stem, &config.languages);
    let extra_known = if kind == Kind::Article { doc::ARTICLE_KEYS } else { doc::RUNBOOK_KEYS };
    // A folder's `_index.md` may give `title`/`description` per language, as
    // `_category.yaml` does: the folder reads the maps, the intro page its language.
    let localized = |k: &str| stem == "_index" && matches!(split.fields.get(k), Some(crate::fields::Value::Map(_)));
    let doc_fields = if ["title", "description", "summary"].iter().any(|k| localized(k)) {
        let mut f = split.fields.clone();
        f.map.0.retain(|e| !localized(&e.key));
        std::borrow::Cow::Owned(f)
    } else {
        std::borrow::Cow::Borrowed(&split.fields)
    };
    let mut d = doc::common(&doc_fields, extra_known, config.timezone, &mut errs, &mut warns);
    d.source = path.clone();
    d.rel = f.rel.clone();
    if d.lang.is_empty() {
        d.lang = suffix_lang.unwrap_or_else(|| config.default_language().to_string());
    }
    if !config.languages.contains(&d.lang) {
        // The language becomes a URL prefix and output folder (`lang: ../x` left it).
        errs.push(
            Diagnostic::error(
                &path,
                split.fields.line_of("lang"),
                "unknown-language",
                format!("`lang: {}` is not a language of this site", d.lang),
            )
            .hint(format!("use one of: {} (site.yaml `languages`)", config.languages.join(", "))),
        );
        return (None, errs);
    }
    if d.title.is_empty() && localized("title") {
        d.title = split.fields.get("title").and_then(Localized::from_value).map(|t| t.get(&d.lang).to_string()).unwrap_or_default();
    }
    if d.summary.is_none() && (localized("description") || localized("summary")) {
        let v = split.fields.get_any(&["description", "summary"]).and_then(|(_, v)| Localized::from_value(v));
        d.summary = v.map(|t| t.get(&d.lang).to_string()).filter(|s| !s.is_empty());
    }
    if d.title.is_empty() {
        d.title = doc::first_heading(split.body).unwrap_or_else(|| stem.replace(['-', '_'], " ").trim().to_string());
    }
    (d.body, d.title_in_body) = doc::drop_leading_title(split.body, &d.title);
    d.body_line = split.body_line;
    if d.review_every_days.is_none() && d.owner.is_some() {
        d.review_every_days = config.review_every_days;
    }
    if stem == "_index" {
        let mut meta = folder_meta(&split.fields, dirs, &mut errs);
        meta.intro.insert(d.lang.clone(), d);
        errs.extend(warns);
        return (Some(Loaded::Folder(meta)), errs);
    }
    if d.slug.is_empty() {
        d.slug = slug::slugify(stem);
    }
    let dir_slugs: Vec<String> = dirs.iter().map(|s| slug::slugify(s)).collect();
    let item = match kind {
        Kind::Article => {
            let (audience, promoted, related) = doc::article_keys(&split.fields, &mut errs);
            let key = dirs.iter().chain(std::iter::once(&stem.to_string())).cloned().collect::<Vec<_>>().join("/");
            let mut segs = dir_slugs.clone();
            segs.push(d.slug.clone());
            let path = if dirs.is_empty() { format!("/articles/{}/", d.slug) } else { format!("/articles/{}/", segs.join("/")) };
            Loaded::Article(Article { doc: d, dirs, audience, promoted, related, key, path })
        }
        Kind::Runbook => {
            let (components, escalation) = doc::runbook_keys(&split.fields, &mut errs);
            let name = f.rel.with_extension("").to_string_lossy().replace('\\', "/");
            let mut segs = dir_slugs;
            segs.push(d.slug.clone());
            let path = format!("/runbooks/{}/", segs.join("/"));
            Loaded::Runbook(Runbook { doc: d, components, escalation, name, path })
        }
    };
    errs.extend(warns);
    (Some(item), errs)
}

fn folder_meta(f: &Fields, dirs: Vec<String>, errs: &mut Vec<Diagnostic>) -> CategoryMeta {
    for (k, line) in
        f.unknown_keys(&["title", "description", "order", "weight", "slug", "lang", "draft", "updated", "date", "lastmod", "summary"])
    {
        let known = ["title", "description", "order"];
        let mut d = Diagnostic::warning(&f.path, line, "unknown-key", format!("unknown folder key `{k}` is ignored"));
        if let Some(s) = crate::diag::did_you_mean(k, known) {
            d = d.hint(format!("did you mean `{s}`?"));
        }
        errs.push(d);
    }
    CategoryMeta {
        dirs,
        title: f.get("title").and_then(Localized::from_value),
        description: f.get_any(&["description", "summary"]).and_then(|(_, v)| Localized::from_value(v)),
        order: f.int(&["order", "weight"]).unwrap_or_else(|e| {
            errs.push(e);
            None
        }),
        intro: Default::default(),
    }
}

/// `refund.en` -> (`refund`, Some(`en`)) when `en` is a configured language.
pub fn split_lang<'a>(stem: &'a str, languages: &[String]) -> (&'a str, Option<String>) {
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        if languages.iter().any(|l| l == suffix) {
            return (base, Some(suffix.to_string()));
        }
    }
    (stem, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_suffix() {
        let langs = vec!["ru".to_string(), "en".to_string()];
        assert_eq!(split_lang("refund.en", &langs), ("refund", Some("en".into())));
        assert_eq!(split_lang("v1.2", &langs), ("v1.2", None));
    }

    #[test]
    fn lang_key_must_be_a_site_language() {
        // Found by fuzz/harness.rs (seed fuzz/seeds/frontmatter/crash-lang-outside.md):
        // `lang: ../../x` made the page's output path leave public/.
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::defaults(dir.path());
        config.languages = vec!["ru".into(), "en".into()];
        let p = dir.path().join("content/articles/a/x.md");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "---\ntitle: X\nlang: ../../x\n---\n").unwrap();
        let (a, d) = load_article(&config, &p);
        assert!(a.is_none());
        assert_eq!((d[0].code, d[0].line), ("unknown-language", 3));
        std::fs::write(&p, "---\ntitle: X\nlang: en\n---\n").unwrap();
        assert_eq!(load_article(&config, &p).0.unwrap().doc.lang, "en");
    }

    #[test]
    fn invalid_utf8_position() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.md");
        std::fs::write(&p, b"ok\nab\xff").unwrap();
        let e = read_text(Path::new("x.md"), &p).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
    }

    #[test]
    fn lone_cr_line_endings_count_as_lines_and_crlf_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.md");
        std::fs::write(&p, "---\rtitle: Сброс\r---\rone\r\ntwo\rthree\r".as_bytes()).unwrap();
        let text = read_text(Path::new("x.md"), &p).unwrap();
        assert_eq!(text, "---\ntitle: Сброс\n---\none\r\ntwo\nthree\n");
        let split = frontmatter::split(Path::new("x.md"), &text).unwrap();
        assert_eq!(split.fields.string(&["title"]).unwrap().unwrap(), "Сброс");
        assert_eq!(split.body_line, 4);
    }
}
