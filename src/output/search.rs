//! Search stage: Pagefind indexes built from the pages already in memory (one
//! bundle per language and audience, under `/pagefind/<lang>/`), plus what our own
//! search UI needs: a vocabulary per language for typo correction and
//! `/search/config.json` (languages, synonyms, feedback endpoint).

use super::OutputFile;
use crate::content::Audience;
use crate::diag::{Diagnostic, Severity};
use crate::model::Site;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Pagefind's index chunk size, in word occurrences per chunk file (Pagefind's
/// default is 20,000). A query fetches every chunk whose word range holds one of
/// its words, so smaller chunks mean fewer bytes per query: on the 10,000-article
/// bench site, 1,000 cut the index chunks of a one-word query from 24–64 KiB to
/// 2–24 KiB, while the metadata every query fetches grew by 8 KiB and the whole
/// index by 0.6 % (README, Search).
pub const INDEX_CHUNK_SIZE: usize = 1000;

/// Pagefind reads its chunk size only from the environment variable
/// `PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`, when an index is created; this sets it
/// to [`INDEX_CHUNK_SIZE`] unless the user already did. Call it at the start of
/// `main`, while the process has a single thread (changing the environment is
/// not safe once other threads may read it). Without it, Pagefind's default applies.
/// Returns a warning when the user's own value is not a whole number (Pagefind
/// would silently use its default).
pub fn set_pagefind_chunk_size() -> Option<String> {
    const VAR: &str = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE";
    match std::env::var(VAR) {
        Err(std::env::VarError::NotPresent) => {
            std::env::set_var(VAR, INDEX_CHUNK_SIZE.to_string());
            None
        }
        Ok(v) if v.parse::<usize>().is_ok() => None,
        Ok(v) => Some(format!("{VAR}={v:?} is not a whole number; Pagefind uses its default chunk size (20000)")),
        Err(_) => Some(format!("{VAR} is not valid UTF-8; Pagefind uses its default chunk size (20000)")),
    }
}

/// `lang` of a page from the `lang` attribute of its `<html …>` start tag, wherever
/// it is (a theme may put comments or a long doctype before it); pages from frontline's
/// own jobs carry their language and are not read for it.
fn page_lang(html: &str) -> Option<&str> {
    let head = &html[..html.find("<body").unwrap_or(html.len())];
    let start = head.find("<html")?;
    let tag = &head[start..start + head[start..].find('>')?];
    let i = tag.find(" lang=")? + " lang=".len();
    let quote = tag[i..].chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &tag[i + 1..];
    Some(&value[..value.find(quote)?])
}

/// The searchable part of a page: from `data-pagefind-body` to the last `</article>`
/// (the chrome after it differs between the sites and is not indexed).
fn body(html: &str) -> &str {
    let Some(start) = html.find("data-pagefind-body") else { return "" };
    let end = html.rfind("</article>").filter(|&e| e > start).unwrap_or(html.len());
    &html[start..end]
}

/// What Pagefind is given of a page: its language and the `data-pagefind-body`
/// element, without head and chrome (which it would parse only to skip). The index
/// is the same as from the whole page, built with less parsing and memory.
fn lean(html: &str, lang: &str) -> String {
    let Some(attr) = html.find("data-pagefind-body") else { return html.to_string() };
    let Some(open) = html[..attr].rfind('<') else { return html.to_string() };
    let end = html.rfind("</article>").filter(|&e| e > attr).map_or(html.len(), |e| e + "</article>".len());
    format!("<!doctype html><html lang=\"{lang}\"><body>{}</body></html>", &html[open..end])
}

fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// (url, lean page HTML) on its way to one index.
type Doc = (String, String);

/// One index's language and files.
type LangFiles = (String, Vec<OutputFile>);

/// Where pages go while they are generated: one indexer thread per (bundle,
/// language) takes them as they come, so indexing overlaps with rendering and
/// writing, and no copy of the whole site is held for it.
pub struct Feed {
    /// (audience, language) -> the channel of that index's thread.
    senders: BTreeMap<(Audience, String), SyncSender<Doc>>,
    /// Both audiences: an internal page goes to the internal site's extra index only
    /// when its searchable part differs from the public page at the same path.
    shared: bool,
    /// Public page path -> hash of its searchable part (while `shared`).
    public_bodies: HashMap<String, u64>,
    /// Searchable pages whose language is unknown (not indexed; reported).
    unlabelled: Vec<(Audience, String)>,
}

impl Feed {
    /// Index these pages of `audience` (public pages before their internal twins).
    pub fn pages(&mut self, audience: Audience, pages: &[OutputFile]) {
        for f in pages {
            self.page(audience, &f.path, &f.bytes, f.lang.as_deref());
        }
    }

    /// Index one page of `audience` at output path `path` in `lang` (read from the
    /// page when not given; only HTML pages with a `data-pagefind-body` element are
    /// indexed). Pagefind gets a lean copy. A searchable page with no language is
    /// reported when the index is built.
    pub fn page(&mut self, audience: Audience, path: &str, bytes: &[u8], lang: Option<&str>) {
        if !path.ends_with(".html") {
            return;
        }
        let Ok(html) = std::str::from_utf8(bytes) else { return };
        if !html.contains("data-pagefind-body") {
            return;
        }
        let Some(lang) = lang.or_else(|| page_lang(html)) else {
            self.unlabelled.push((audience, path.to_string()));
            return;
        };
        if self.shared {
            let searchable = hash(body(html));
            match audience {
                Audience::Public => {
                    self.public_bodies.insert(path.to_string(), searchable);
                }
                Audience::Internal if self.public_bodies.get(path) == Some(&searchable) => return,
                Audience::Internal => {}
            }
        }
        if let Some(tx) = self.senders.get(&(audience, lang.to_string())) {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            // A closed channel means that index already failed; its error is reported.
            let _ = tx.send((url, lean(html, lang)));
        }
    }
}

/// Build the search files of each audience while `produce` generates the pages and
/// hands them to the [`Feed`]; returns what `produce` returned and the files of
/// each audience, in the order of `audiences` (public first).
///
/// When both audiences are given, the internal site reuses the public index files
/// as they are and gets a second, small index under `/pagefind-internal/<lang>/` with
/// only the pages whose searchable part differs from the public page at the same
/// path (runbooks, internal articles, articles with internal blocks); its search UI
/// merges the two (`extra_bundle` in `search/config.json`). That halves the indexing
/// work of a build. Must not be called from the rayon pool: Pagefind uses rayon itself.
pub fn index_streaming<R>(
    site: &Site,
    audiences: &[Audience],
    produce: impl FnOnce(&mut Feed) -> R,
) -> (R, Vec<Result<Vec<OutputFile>, Diagnostic>>) {
    let shared = audiences.contains(&Audience::Public) && audiences.contains(&Audience::Internal);
    let mut feed = Feed { senders: BTreeMap::new(), shared, public_bodies: HashMap::new(), unlabelled: Vec::new() };
    if audiences.is_empty() {
        return (produce(&mut feed), Vec::new());
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            let d = Diagnostic::general(Severity::Error, "search-index", format!("cannot start the indexer: {e}"));
            return (produce(&mut feed), audiences.iter().map(|_| Err(d.clone())).collect());
        }
    };
    // The internal site's pages that differ from the public ones: its extra index.
    let extra_index = |a: Audience| shared && a == Audience::Internal;
    let prefix = |a: Audience| if extra_index(a) { "pagefind-internal" } else { "pagefind" };
    let runtime = &runtime;
    let (produced, results, unlabelled) = std::thread::scope(|scope| {
        // Owned here: should `produce` panic, unwinding drops the senders before the
        // scope joins the indexer threads, so they end instead of waiting forever.
        let mut feed = feed;
        let mut handles = Vec::new();
        for (i, &audience) in audiences.iter().enumerate() {
            for lang in &site.config.languages {
                // Room for a few thousand lean pages (about 15 KB each): a fast language
                // keeps going while a slow one (Russian stemming) catches up, and a huge
                // site still does not queue up in memory.
                let (tx, rx) = sync_channel::<Doc>(4096);
                feed.senders.insert((audience, lang.clone()), tx);
                let (lang, prefix) = (lang.clone(), prefix(audience));
                let thread = scope.spawn(move || runtime.block_on(build_lang(lang, prefix, rx)));
                handles.push((i, thread));
            }
        }
        let produced = produce(&mut feed);
        let unlabelled = std::mem::take(&mut feed.unlabelled);
        drop(feed);
        let results: Vec<(usize, anyhow::Result<LangFiles>)> =
            handles.into_iter().map(|(i, h)| (i, h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("the indexer panicked"))))).collect();
        (produced, results, unlabelled)
    });
    let mut extra: Vec<String> = Vec::new();
    let mut out: Vec<Result<Vec<OutputFile>, Diagnostic>> = audiences.iter().map(|_| Ok(Vec::new())).collect();
    for (i, r) in results {
        let r = r.map_err(|e| index_error(audiences[i], &e.to_string()));
        if let Ok((lang, files)) = &r {
            if extra_index(audiences[i]) && !files.is_empty() {
                extra.push(lang.clone());
            }
        }
        match (&mut out[i], r) {
            (Ok(acc), Ok((_, files))) => acc.extend(files),
            (slot @ Ok(_), Err(d)) => *slot = Err(d),
            (Err(_), _) => {}
        }
    }
    for (i, slot) in out.iter_mut().enumerate() {
        let missing: Vec<&str> = unlabelled.iter().filter(|(a, _)| *a == audiences[i]).map(|(_, p)| p.as_str()).collect();
        if let (Some(first), Ok(_)) = (missing.first(), &slot) {
            *slot = Err(Diagnostic::general(
                Severity::Error,
                "search-index",
                format!(
                    "{} searchable page(s) of the {:?} site have no language ({first}…): search would not find them",
                    missing.len(),
                    audiences[i]
                ),
            )
            .hint("the theme's <html> tag needs a lang attribute: <html lang=\"{{ lang }}\">"));
        }
    }
    if let (true, Some(p)) = (shared, audiences.iter().position(|a| *a == Audience::Public)) {
        let copies: Vec<OutputFile> = out[p].clone().unwrap_or_default();
        for i in (0..audiences.len()).filter(|&i| audiences[i] == Audience::Internal) {
            if let Ok(files) = &mut out[i] {
                files.extend(copies.iter().cloned());
            }
        }
    }
    let vocabs = vocabularies(site, audiences);
    for ((i, slot), (_, vocab)) in out.iter_mut().enumerate().zip(vocabs) {
        if let Ok(files) = slot {
            let extra: &[String] = if extra_index(audiences[i]) { &extra } else { &[] };
            files.push(OutputFile::new("search/config.json", config_json(site, extra)));
            files.extend(vocab);
        }
    }
    (produced, out)
}

fn index_error(audience: Audience, e: &str) -> Diagnostic {
    Diagnostic::general(Severity::Error, "search-index", format!("building the {audience:?} search index failed: {e}"))
}

/// One Pagefind index from the pages that arrive on `docs`; no files when none do.
/// Returns the language and the files.
async fn build_lang(lang: String, prefix: &'static str, docs: Receiver<Doc>) -> anyhow::Result<LangFiles> {
    let t = std::time::Instant::now();
    let mut index: Option<PagefindIndex> = None;
    let mut count = 0;
    // Blocking on the channel is fine: this thread exists for this index alone.
    while let Ok((url, html)) = docs.recv() {
        if index.is_none() {
            index = Some(PagefindIndex::new(Some(PagefindServiceConfig::builder().force_language(lang.clone()).build()))?);
        }
        if let Some(index) = index.as_mut() {
            index.add_html_file(None, Some(url), html).await?;
        }
        count += 1;
    }
    let Some(mut index) = index else { return Ok((lang, Vec::new())) };
    crate::diag::timing(&format!("search index {prefix}/{lang}: add {count} pages"), t);
    let t = std::time::Instant::now();
    let files = index.get_files().await?;
    crate::diag::timing(&format!("search index {prefix}/{lang}: build index files"), t);
    // Pagefind's own UIs are not used: the theme has its own search UI on the JS API.
    let unused = |name: &str| name.contains("-ui") || name.starts_with("pagefind-highlight");
    let files = files
        .into_iter()
        .filter(|f| !unused(&f.filename.to_string_lossy()))
        .map(|f| OutputFile::new(format!("{prefix}/{lang}/{}", f.filename.to_string_lossy().replace('\\', "/")), f.contents))
        .collect();
    Ok((lang, files))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, body: &str, chrome: &str) -> String {
        format!(
            "<!doctype html><html lang=\"{lang}\"><head><title>T</title></head><body><nav>{chrome}</nav><main><article class=\"a\" data-pagefind-body><h1>T</h1>{body}</article></main><footer>{chrome}</footer></body></html>"
        )
    }

    #[test]
    fn lean_keeps_language_and_the_searchable_element_only() {
        let l = lean(&page("ru", "<p>Возврат</p>", "MENU"), "ru");
        assert_eq!(l, "<!doctype html><html lang=\"ru\"><body><article class=\"a\" data-pagefind-body><h1>T</h1><p>Возврат</p></article></body></html>");
        // A page without a searchable element is passed as it is.
        assert_eq!(lean("<html lang=\"en\"><p>x</p></html>", "en"), "<html lang=\"en\"><p>x</p></html>");
        assert_eq!(
            page_lang("<!-- a theme's long comment -->\n<!doctype html>\n<html class=\"x\" lang='ru' dir=\"ltr\"><head>"),
            Some("ru")
        );
        assert_eq!(page_lang("<html><body lang=\"en\">"), None);
    }

    #[test]
    fn internal_pages_go_to_the_extra_index_only_when_they_differ() {
        let (tx_pub, rx_pub) = sync_channel::<Doc>(16);
        let (tx_int, rx_int) = sync_channel::<Doc>(16);
        let mut feed = Feed { senders: BTreeMap::new(), shared: true, public_bodies: HashMap::new(), unlabelled: Vec::new() };
        feed.senders.insert((Audience::Public, "en".into()), tx_pub);
        feed.senders.insert((Audience::Internal, "en".into()), tx_int);
        let public = [
            OutputFile::page("/articles/a/", page("en", "<p>same</p>", "public chrome")),
            OutputFile::page("/articles/b/", page("en", "<p>public part</p>", "public chrome")),
            OutputFile::page("/", "<html lang=\"en\"><p>home, not searchable</p></html>".to_string()),
        ];
        let internal = [
            // Same searchable part, different chrome: served by the public index.
            OutputFile::page("/articles/a/", page("en", "<p>same</p>", "operators' chrome")),
            // With an internal note: indexed again for the internal site.
            OutputFile::page("/articles/b/", page("en", "<p>public part</p><p>NOTE</p>", "operators' chrome")),
            // Internal only (a runbook): no public twin.
            OutputFile::page("/runbooks/r/", page("en", "<p>runbook</p>", "operators' chrome")),
        ];
        feed.pages(Audience::Public, &public);
        feed.pages(Audience::Internal, &internal);
        drop(feed);
        let urls = |rx: Receiver<Doc>| rx.iter().map(|(url, _)| url).collect::<Vec<_>>();
        assert_eq!(urls(rx_pub), ["/articles/a/", "/articles/b/"]);
        assert_eq!(urls(rx_int), ["/articles/b/", "/runbooks/r/"]);
    }
}
