//! Search stage: Pagefind indexes built from the pages already in memory (one
//! bundle per language and audience, under `/pagefind/<lang>/`), plus what our own
//! search UI needs: a vocabulary per language for typo correction and
//! `/search/config.json` (languages, synonyms, feedback endpoint).

use super::OutputFile;
use crate::content::Audience;
use crate::diag::Diagnostic;
use crate::model::Site;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;

/// `lang` of a page from its `<html lang="xx">`.
fn page_lang(html: &str) -> Option<&str> {
    let i = html.find("<html lang=\"").filter(|&i| i < 200)? + 12;
    let end = html[i..].find('"')? + i;
    Some(&html[i..end])
}

/// Build every search file for one audience from its generated pages.
pub fn index(site: &Site, audience: Audience, pages: &[OutputFile]) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut by_lang: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for f in pages.iter().filter(|f| f.path.ends_with(".html")) {
        let Ok(html) = std::str::from_utf8(&f.bytes) else { continue };
        if !html.contains("data-pagefind-body") {
            continue;
        }
        if let Some(lang) = page_lang(html) {
            let url = format!("/{}", f.path.trim_end_matches("index.html"));
            by_lang.entry(lang.to_string()).or_default().push((url, html.to_string()));
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error("<search>", 1, "search-index", format!("cannot start the indexer: {e}")))?;
    let mut out = Vec::new();
    let results = runtime.block_on(async {
        let tasks: Vec<_> = by_lang.into_iter().map(|(lang, docs)| tokio::spawn(build_lang(lang, docs))).collect();
        let mut all = Vec::new();
        for t in tasks {
            all.push(t.await);
        }
        all
    });
    for r in results {
        let files = match r {
            Ok(Ok(files)) => files,
            Ok(Err(e)) => return Err(index_error(audience, &e.to_string())),
            Err(e) => return Err(index_error(audience, &e.to_string())),
        };
        out.extend(files);
    }
    out.push(OutputFile::new("search/config.json", config_json(site)));
    out.extend(vocabularies(site, audience));
    Ok(out)
}

fn index_error(audience: Audience, e: &str) -> Diagnostic {
    Diagnostic::error("<search>", 1, "search-index", format!("building the {audience:?} search index failed: {e}"))
}

async fn build_lang(lang: String, docs: Vec<(String, String)>) -> anyhow::Result<Vec<OutputFile>> {
    let config = PagefindServiceConfig::builder().force_language(lang.clone()).build();
    let mut index = PagefindIndex::new(Some(config))?;
    let t = std::time::Instant::now();
    for (url, html) in docs {
        index.add_html_file(None, Some(url), html).await?;
    }
    crate::build::timing(&format!("search index {lang}: add pages"), t);
    let t = std::time::Instant::now();
    let files = index.get_files().await?;
    crate::build::timing(&format!("search index {lang}: build index files"), t);
    // Pagefind's own UIs are not used: the theme has its own search UI on the JS API.
    let unused = |name: &str| name.contains("-ui") || name.starts_with("pagefind-highlight");
    Ok(files
        .into_iter()
        .filter(|f| !unused(&f.filename.to_string_lossy()))
        .map(|f| OutputFile { path: format!("pagefind/{lang}/{}", f.filename.to_string_lossy().replace('\\', "/")), bytes: f.contents })
        .collect())
}

/// What the search UI needs to know: languages and their bundles, synonyms, endpoint.
fn config_json(site: &Site) -> String {
    let langs: Vec<serde_json::Value> = site
        .config
        .languages
        .iter()
        .map(|l| serde_json::json!({"lang": l, "name": super::views::lang_name(l), "bundle": format!("/pagefind/{l}/"), "vocab": format!("/search/vocab-{l}.json")}))
        .collect();
    let v = serde_json::json!({
        "default_lang": site.default_lang(),
        "languages": langs,
        "synonyms": site.config.synonyms,
        "feedback_endpoint": site.config.feedback_endpoint,
    });
    serde_json::to_string(&v).unwrap_or_default()
}

/// Words of the audience's visible content per language, with counts (typo correction,
/// and telling which query words appear on no page).
fn vocabularies(site: &Site, audience: Audience) -> Vec<OutputFile> {
    let mut by_lang: BTreeMap<&str, BTreeMap<String, u32>> = BTreeMap::new();
    let mut add = |lang: &str, text: &str| {
        let words = by_lang.entry(site.config.languages.iter().find(|l| *l == lang).map_or("", |l| l.as_str())).or_default();
        for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3) {
            *words.entry(w.to_lowercase()).or_insert(0) += 1;
        }
    };
    for a in site.articles.iter().filter(|a| Site::visible(a, audience)) {
        let d = &a.doc;
        add(&d.lang, &d.title);
        add(&d.lang, d.summary.as_deref().unwrap_or(""));
        add(&d.lang, &d.tags.join(" "));
        add(&d.lang, &d.html.text);
    }
    if audience == Audience::Internal {
        for r in &site.runbooks {
            add(&r.doc.lang, &r.doc.title);
            add(&r.doc.lang, &r.doc.html.text);
        }
    }
    by_lang
        .into_iter()
        .filter(|(l, _)| !l.is_empty())
        .map(|(l, words)| OutputFile::new(format!("search/vocab-{l}.json"), serde_json::to_string(&words).unwrap_or_default()))
        .collect()
}
