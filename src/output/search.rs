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
use std::collections::{BTreeMap, HashMap};

/// `lang` of a page from its `<html lang="xx">`.
fn page_lang(html: &str) -> Option<&str> {
    let i = html.find("<html lang=\"").filter(|&i| i < 200)? + 12;
    let end = html[i..].find('"')? + i;
    Some(&html[i..end])
}

/// Build every search file for one audience from its generated pages.
pub fn index(site: &Site, audience: Audience, pages: &[OutputFile]) -> Result<Vec<OutputFile>, Diagnostic> {
    index_all(site, &[(audience, pages)]).pop().unwrap_or_else(|| Ok(Vec::new()))
}

/// Pages to index, by language: (url, page).
fn documents(pages: &[OutputFile]) -> BTreeMap<String, Vec<(String, &str)>> {
    let mut by_lang: BTreeMap<String, Vec<(String, &str)>> = BTreeMap::new();
    for f in pages.iter().filter(|f| f.path.ends_with(".html")) {
        let Ok(html) = std::str::from_utf8(&f.bytes) else { continue };
        if !html.contains("data-pagefind-body") {
            continue;
        }
        if let Some(lang) = page_lang(html) {
            let url = format!("/{}", f.path.trim_end_matches("index.html"));
            by_lang.entry(lang.to_string()).or_default().push((url, html));
        }
    }
    by_lang
}

/// What Pagefind is given of a page: its language and the `data-pagefind-body`
/// element, without head and chrome (which it would parse only to skip). The index
/// is the same as from the whole page, built with less parsing and memory.
fn lean(html: &str) -> String {
    let Some(attr) = html.find("data-pagefind-body") else { return html.to_string() };
    let Some(open) = html[..attr].rfind('<') else { return html.to_string() };
    let end = html.rfind("</article>").filter(|&e| e > attr).map_or(html.len(), |e| e + "</article>".len());
    let lang = page_lang(html).unwrap_or("");
    format!("<!doctype html><html lang=\"{lang}\"><body>{}</body></html>", &html[open..end])
}

/// The searchable part of a page: from `data-pagefind-body` to the last `</article>`
/// (the chrome after it differs between the sites and is not indexed).
fn body(html: &str) -> &str {
    let Some(start) = html.find("data-pagefind-body") else { return "" };
    let end = html.rfind("</article>").filter(|&e| e > start).unwrap_or(html.len());
    &html[start..end]
}

/// Every search file for each (audience, pages), in that order. All the Pagefind
/// indexes (one per audience and language) are built at the same time on one tokio
/// runtime, so a slow language (Russian stemming) does not leave a core idle.
///
/// When both audiences are given, the internal site reuses the public index files
/// as they are and gets a second, small index under `/pagefind-internal/<lang>/` with
/// only the pages whose searchable part differs from the public page at the same
/// path (runbooks, internal articles, articles with internal blocks); its search UI
/// merges the two (`extra_bundle` in `search/config.json`). That halves the indexing
/// work of a build. Must run outside the rayon pool: Pagefind uses rayon itself.
pub fn index_all(site: &Site, sets: &[(Audience, &[OutputFile])]) -> Vec<Result<Vec<OutputFile>, Diagnostic>> {
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            let d = Diagnostic::error("<search>", 1, "search-index", format!("cannot start the indexer: {e}"));
            return sets.iter().map(|_| Err(d.clone())).collect();
        }
    };
    let public = sets.iter().position(|(a, _)| *a == Audience::Public);
    let shared = |i: usize| public.is_some() && sets[i].0 == Audience::Internal;
    let public_bodies: BTreeMap<&str, &str> = public
        .map(|p| sets[p].1.iter().filter_map(|f| Some((f.path.as_str(), body(std::str::from_utf8(&f.bytes).ok()?)))).collect())
        .unwrap_or_default();
    // (index into `sets`, language, output folder, documents)
    type Job<'p> = (usize, String, String, Vec<(String, &'p str)>);
    let mut jobs: Vec<Job> = Vec::new();
    for (i, (_, pages)) in sets.iter().enumerate() {
        let mut docs = documents(pages);
        let mut prefix = "pagefind";
        if shared(i) {
            prefix = "pagefind-internal";
            for list in docs.values_mut() {
                list.retain(|(url, html)| {
                    let path = OutputFile::page(url, String::new()).path;
                    public_bodies.get(path.as_str()) != Some(&body(html))
                });
            }
            docs.retain(|_, list| !list.is_empty());
        }
        jobs.extend(docs.into_iter().map(|(lang, list)| (i, lang, prefix.to_string(), list)));
    }
    let extra: Vec<String> = jobs.iter().filter(|j| shared(j.0)).map(|j| j.1.clone()).collect();
    // One thread per index, each blocking on the shared runtime: the futures borrow
    // the pages (no copy of the site for the indexer), and Pagefind's own
    // `spawn_blocking` work for the languages runs side by side.
    let runtime = &runtime;
    let results: Vec<(usize, anyhow::Result<Vec<OutputFile>>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .into_iter()
            .map(|(i, lang, prefix, docs)| (i, scope.spawn(move || runtime.block_on(build_lang(lang, prefix, docs)))))
            .collect();
        handles.into_iter().map(|(i, h)| (i, h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("the indexer panicked"))))).collect()
    });
    let mut out: Vec<Result<Vec<OutputFile>, Diagnostic>> = sets.iter().map(|_| Ok(Vec::new())).collect();
    for (i, r) in results {
        let r = match r {
            Ok(files) => Ok(files),
            Err(e) => Err(index_error(sets[i].0, &e.to_string())),
        };
        match (&mut out[i], r) {
            (Ok(acc), Ok(files)) => acc.extend(files),
            (slot @ Ok(_), Err(d)) => *slot = Err(d),
            (Err(_), _) => {}
        }
    }
    if let Some(p) = public {
        let copies: Vec<OutputFile> = out[p].clone().unwrap_or_default();
        for i in (0..sets.len()).filter(|&i| shared(i)) {
            if let Ok(files) = &mut out[i] {
                files.extend(copies.iter().cloned());
            }
        }
    }
    let audiences: Vec<Audience> = sets.iter().map(|(a, _)| *a).collect();
    let vocabs = vocabularies(site, &audiences);
    for ((i, slot), (_, vocab)) in out.iter_mut().enumerate().zip(vocabs) {
        if let Ok(files) = slot {
            let extra: &[String] = if shared(i) { &extra } else { &[] };
            files.push(OutputFile::new("search/config.json", config_json(site, extra)));
            files.extend(vocab);
        }
    }
    out
}

fn index_error(audience: Audience, e: &str) -> Diagnostic {
    Diagnostic::error("<search>", 1, "search-index", format!("building the {audience:?} search index failed: {e}"))
}

async fn build_lang(lang: String, prefix: String, docs: Vec<(String, &str)>) -> anyhow::Result<Vec<OutputFile>> {
    let config = PagefindServiceConfig::builder().force_language(lang.clone()).build();
    let mut index = PagefindIndex::new(Some(config))?;
    let t = std::time::Instant::now();
    let docs_len = docs.len();
    for (url, html) in docs {
        index.add_html_file(None, Some(url), lean(html)).await?;
    }
    crate::build::timing(&format!("search index {prefix}/{lang}: add {} pages", docs_len), t);
    let t = std::time::Instant::now();
    let files = index.get_files().await?;
    crate::build::timing(&format!("search index {prefix}/{lang}: build index files"), t);
    // Pagefind's own UIs are not used: the theme has its own search UI on the JS API.
    let unused = |name: &str| name.contains("-ui") || name.starts_with("pagefind-highlight");
    Ok(files
        .into_iter()
        .filter(|f| !unused(&f.filename.to_string_lossy()))
        .map(|f| OutputFile { path: format!("{prefix}/{lang}/{}", f.filename.to_string_lossy().replace('\\', "/")), bytes: f.contents })
        .collect())
}

/// What the search UI needs to know: languages and their bundles, synonyms, endpoint.
fn config_json(site: &Site, extra: &[String]) -> String {
    let langs: Vec<serde_json::Value> = site
        .config
        .languages
        .iter()
        .map(|l| {
            let mut v = serde_json::json!({"lang": l, "name": super::views::lang_name(l), "bundle": format!("/pagefind/{l}/"), "vocab": format!("/search/vocab-{l}.json")});
            if extra.contains(l) {
                v["extra_bundle"] = serde_json::json!(format!("/pagefind-internal/{l}/"));
            }
            v
        })
        .collect();
    let v = serde_json::json!({
        "default_lang": site.default_lang(),
        "languages": langs,
        "synonyms": site.config.synonyms,
        "feedback_endpoint": site.config.feedback_endpoint,
    });
    serde_json::to_string(&v).unwrap_or_default()
}

/// Word counts of one document's visible text: lowercased once, words of 3+ letters.
fn word_counts(parts: &[&str]) -> HashMap<String, u32> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for part in parts {
        let lower = part.to_lowercase();
        for w in lower.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3 && w.chars().nth(2).is_some()) {
            match counts.get_mut(w) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(w.to_string(), 1);
                }
            }
        }
    }
    counts
}

/// Words of each audience's visible content per language, with counts (typo
/// correction, and telling which query words appear on no page). Documents are
/// counted in parallel, once: the internal vocabulary is the public one plus what
/// only operators see (internal articles, runbooks).
fn vocabularies(site: &Site, audiences: &[Audience]) -> Vec<(Audience, Vec<OutputFile>)> {
    use rayon::prelude::*;
    // (language, shown on the public site, counts)
    let articles = site.articles.par_iter().map(|a| {
        let d = &a.doc;
        let tags = d.tags.join(" ");
        (d.lang.as_str(), a.audience == Audience::Public, word_counts(&[&d.title, d.summary.as_deref().unwrap_or(""), &tags, &d.html.text]))
    });
    let runbooks = site.runbooks.par_iter().map(|r| (r.doc.lang.as_str(), false, word_counts(&[&r.doc.title, &r.doc.html.text])));
    let docs: Vec<(&str, bool, HashMap<String, u32>)> = articles.chain(runbooks).collect();
    type Vocab = BTreeMap<String, BTreeMap<String, u32>>;
    let merge = |into: &mut Vocab, public_only: bool| {
        for (lang, public, counts) in &docs {
            if *public != public_only || !site.config.languages.iter().any(|l| l == lang) {
                continue;
            }
            let words = into.entry(lang.to_string()).or_default();
            for (w, n) in counts {
                *words.entry(w.clone()).or_insert(0) += n;
            }
        }
    };
    let mut public = Vocab::new();
    merge(&mut public, true);
    let files = |v: &Vocab| -> Vec<OutputFile> {
        v.iter()
            .map(|(l, words)| OutputFile::new(format!("search/vocab-{l}.json"), serde_json::to_string(words).unwrap_or_default()))
            .collect()
    };
    let public_files = files(&public);
    audiences
        .iter()
        .map(|&audience| match audience {
            Audience::Public => (audience, public_files.clone()),
            Audience::Internal => {
                let mut all = public.clone();
                merge(&mut all, false);
                (audience, files(&all))
            }
        })
        .collect()
}
