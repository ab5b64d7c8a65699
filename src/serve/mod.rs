//! `frontline serve`: build in memory, serve over HTTP ([`http`], behind a front
//! door that bounds connections, request heads and `Host` names: [`door`]), watch
//! the site ([`watch`]), rebuild what a change affects, and live-reload open pages
//! over server-sent events ([`reload`]). The last good build keeps being served
//! while the content has errors; the error is shown in every open page.

pub mod door;
pub mod head;
pub mod http;
pub mod reload;
pub mod watch;

use crate::build::{self, Options};
use crate::content::{self, Audience};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::Site;
use crate::output;
use crate::output::OutputFile;
use crate::render::{self, templates::Templates};
use reload::Hub;
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: Options,
    pub bind: IpAddr,
    pub port: u16,
    pub internal: bool,
}

/// One served file: its bytes and, for a page, the language its job rendered it in
/// (the search refresh files the page under it, as the build's indexer does).
pub struct Served {
    pub bytes: Vec<u8>,
    pub lang: Option<String>,
}

/// An output file as a map entry of the served site.
fn served(f: OutputFile) -> (String, Arc<Served>) {
    (f.path, Arc::new(Served { bytes: f.bytes, lang: f.lang }))
}

/// The site being served: path -> file, swapped as a whole or patched under one lock.
#[derive(Default)]
pub struct State {
    files: RwLock<Arc<HashMap<String, Arc<Served>>>>,
    /// The model of the latest search refresh asked for and not started yet: a newer
    /// request replaces (and frees) an older one still waiting.
    search_next: Mutex<Option<Arc<Site>>>,
    /// Held while an index is built: one at a time (each holds Pagefind's memory).
    search_running: Mutex<()>,
}

impl State {
    pub fn files(&self) -> Arc<HashMap<String, Arc<Served>>> {
        Arc::clone(&self.files.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Replace everything, keeping files `keep` says to keep (e.g. the search index).
    fn replace(&self, files: Vec<OutputFile>, keep: impl Fn(&str) -> bool) {
        let mut guard = self.files.write().unwrap_or_else(|e| e.into_inner());
        let mut map: HashMap<String, Arc<Served>> =
            guard.iter().filter(|(k, _)| keep(k)).map(|(k, v)| (k.clone(), Arc::clone(v))).collect();
        map.extend(files.into_iter().map(served));
        *guard = Arc::new(map);
    }

    /// Drop the files `gone` names, then add `files` (static files; a new search
    /// index, whose file names are hashes, so old ones would otherwise pile up).
    fn swap(&self, gone: impl Fn(&str) -> bool, files: Vec<OutputFile>) {
        let mut guard = self.files.write().unwrap_or_else(|e| e.into_inner());
        // Copied only while a request still holds the previous map.
        let map = Arc::make_mut(&mut *guard);
        map.retain(|k, _| !gone(k));
        map.extend(files.into_iter().map(served));
    }

    /// Add or overwrite some files.
    fn patch(&self, files: Vec<OutputFile>) {
        self.swap(|_| false, files);
    }
}

/// The folders [`output::status_files`] writes into: `status/`, `api/v2/` and each
/// other language's `<lang>/status/`. Nothing else may live there: the build refuses
/// aliases and static files on generated paths.
fn status_folders(site: &Site) -> Vec<String> {
    let mut v = vec!["status/".to_string(), "api/v2/".to_string()];
    v.extend(site.config.languages.iter().filter(|l| *l != site.default_lang()).map(|l| format!("{l}/status/")));
    v
}

fn is_search_file(p: &str) -> bool {
    p.starts_with("pagefind/") || (p.starts_with("search/") && p.ends_with(".json"))
}

fn audience(o: &ServeOptions) -> Audience {
    if o.internal {
        Audience::Internal
    } else {
        Audience::Public
    }
}

fn render_diags(d: &Diagnostics) -> String {
    d.clone().sorted().iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

/// The last good model, kept so a change re-renders only what it affects.
struct Session {
    o: ServeOptions,
    /// Shared with a background search refresh; an edit copies it only while one runs.
    model: Option<(Arc<Site>, Templates, render::Links)>,
    /// Paths of the static files last served (theme `static/` and the site's `static/`).
    statics: Vec<String>,
}

/// How the served files change.
enum Update {
    /// Static files: drop `old`, add `files`.
    Statics { old: Vec<String>, files: Vec<OutputFile> },
    /// Everything was regenerated (the search index is kept until it is refreshed).
    Replace(Vec<OutputFile>),
    /// Only these files changed.
    Patch(Vec<OutputFile>),
    /// The status files were regenerated: they replace every file served in `folders`.
    Status { folders: Vec<String>, files: Vec<OutputFile> },
}

impl Session {
    /// Load and render everything, then generate the served audience.
    fn full(&mut self) -> Result<(Vec<OutputFile>, Diagnostics), String> {
        self.model = None;
        let (site, templates, diags) = build::load(&self.o.build).map_err(|d| render_diags(&d))?;
        let files = output::generate(&site, audience(&self.o), &templates).map_err(|e| render_diags(&Diagnostics { items: e }))?;
        let links = render::Links::new(&site);
        self.statics = output::assets(&site, &templates).map(|a| a.into_iter().map(|f| f.path).collect()).unwrap_or_default();
        self.model = Some((Arc::new(site), templates, links));
        Ok((files, diags))
    }

    /// Templates or theme files changed: regenerate pages without parsing Markdown again.
    fn regenerate(&mut self) -> Option<Result<Update, String>> {
        let (site, templates, _) = self.model.as_mut()?;
        match Templates::load(&site.config) {
            Ok(t) => *templates = t,
            Err(e) => return Some(Err(render_diags(&Diagnostics { items: e }))),
        }
        Some(output::generate(site, audience(&self.o), templates).map(Update::Replace).map_err(|e| render_diags(&Diagnostics { items: e })))
    }

    /// Only static files changed: copy them (the theme's are re-read with the templates).
    fn statics(&mut self) -> Option<Result<Update, String>> {
        let (site, templates, _) = self.model.as_mut()?;
        match Templates::load(&site.config) {
            Ok(t) => *templates = t,
            Err(e) => return Some(Err(render_diags(&Diagnostics { items: e }))),
        }
        let files = match output::assets(site, templates) {
            Ok(f) => f,
            Err(e) => return Some(Err(render_diags(&Diagnostics { items: e }))),
        };
        let old = std::mem::replace(&mut self.statics, files.iter().map(|f| f.path.clone()).collect());
        Some(Ok(Update::Statics { old, files }))
    }

    /// One existing article's file changed and its URL did not: re-render it and the
    /// pages that list or link it. `None` means "do a full rebuild instead".
    fn article(&mut self, rel: &Path) -> Option<Result<Update, String>> {
        let t = Instant::now();
        let (shared, templates, links) = self.model.as_mut()?;
        let idx = shared.articles.iter().position(|a| a.doc.source == rel)?;
        let abs = shared.config.root.join(rel);
        let (new, diags) = content::load_article(&shared.config, &abs);
        build::timing("incremental: read the article", t);
        let mut diags = Diagnostics { items: diags };
        if diags.has_errors() {
            self.model = None;
            return Some(Err(render_diags(&diags)));
        }
        let new = new?;
        let old = &shared.articles[idx];
        let same_place =
            (&new.key, &new.path, &new.doc.lang, new.audience, new.doc.draft, &new.dirs, &new.doc.aliases, new.doc.order, &new.doc.title)
                == (
                    &old.key,
                    &old.path,
                    &old.doc.lang,
                    old.audience,
                    old.doc.draft,
                    &old.dirs,
                    &old.doc.aliases,
                    old.doc.order,
                    &old.doc.title,
                );
        if !same_place {
            return None;
        }
        let key = new.key.clone();
        // Sitemap and feed show `updated` and the summary: redo them only when those change.
        let listed_changed = (new.doc.updated, &new.doc.summary) != (old.doc.updated, &old.doc.summary);
        // Copied only while a background search refresh still holds the model.
        let site = Arc::make_mut(shared);
        site.articles[idx] = new;
        let t = Instant::now();
        diags.items.extend(render::render_article(site, links, idx));
        build::timing("incremental: render markdown", t);
        diags.items.extend(site.check_related_of(&site.articles[idx]));
        if diags.has_errors() {
            self.model = None;
            return Some(Err(render_diags(&diags)));
        }
        print_warnings(&diags);
        let t = Instant::now();
        let mut files =
            output::pages::article_pages(site, &key, audience(&self.o), templates).map_err(|e| render_diags(&Diagnostics { items: e }));
        build::timing("incremental: pages", t);
        let t = Instant::now();
        if let (Ok(f), true) = (&mut files, listed_changed) {
            f.extend(output::meta::all(site, audience(&self.o)));
            f.extend(output::feeds::articles_atoms(site, audience(&self.o)));
        }
        build::timing("incremental: sitemap and feed", t);
        Some(files.map(Update::Patch))
    }

    /// Only incident files changed (edited, added or deleted): read the incidents
    /// again and regenerate what depends on status, as `incident … --build` does.
    /// Pages with a banner keep it until the browser reloads and `status-live.js`
    /// reads the new `summary.json`; the internal home and runbook pages, which list
    /// incidents, are regenerated too.
    fn incidents(&mut self) -> Option<Result<Update, String>> {
        let t = Instant::now();
        let (shared, templates, links) = self.model.as_mut()?;
        let mut diags = Diagnostics::default();
        let dir = shared.config.content_dir().join("incidents");
        let incidents = content::load_incidents(&shared.config, &dir, self.o.build.drafts, &mut diags);
        if diags.has_errors() {
            return Some(Err(render_diags(&diags)));
        }
        let site = Arc::make_mut(shared);
        crate::model::declare_undeclared(&mut site.config, &incidents);
        site.incidents = incidents;
        diags.items.extend(render::render_incidents(site, links));
        diags.items.extend(site.check_incident_refs());
        if diags.has_errors() {
            self.model = None;
            return Some(Err(render_diags(&diags)));
        }
        print_warnings(&diags);
        let aud = audience(&self.o);
        let mut files = match output::status_files(site, aud, templates) {
            Ok(f) => f,
            Err(e) => return Some(Err(render_diags(&Diagnostics { items: e }))),
        };
        if aud == Audience::Internal {
            match output::pages::collect(output::pages::operators(site, templates)) {
                Ok(f) => files.extend(f),
                Err(e) => return Some(Err(render_diags(&Diagnostics { items: e }))),
            }
        }
        build::timing("incremental: incidents", t);
        Some(Ok(Update::Status { folders: status_folders(site), files }))
    }

    /// React to one batch of changes: the cheapest rebuild that is still complete.
    fn rebuild(&mut self, changes: &watch::Changes) -> Result<Update, String> {
        let incidents = Path::new("content").join("incidents");
        let only_incidents = !changes.config && !changes.templates && !changes.statics && !changes.content.is_empty();
        if only_incidents && changes.content.iter().all(|p| p.starts_with(&incidents)) {
            if let Some(r) = self.incidents() {
                return r;
            }
        }
        let only_article = !changes.config && !changes.templates && !changes.statics && changes.content.len() == 1;
        if only_article {
            if let Some(r) = self.article(&changes.content[0]) {
                return r;
            }
        }
        if changes.statics && !changes.templates && !changes.config && changes.content.is_empty() {
            if let Some(r) = self.statics() {
                return r;
            }
        }
        if !changes.config && changes.content.is_empty() {
            if let Some(r) = self.regenerate() {
                return r;
            }
        }
        let (files, diags) = self.full()?;
        print_warnings(&diags);
        Ok(Update::Replace(files))
    }
}

/// Rebuild the search index of `site` from the files being served, in the
/// background, then add it. The pages stream to the indexers from a snapshot of the
/// served map (in path order, so the index is the same on every run), without
/// copying them. Refreshes run one at a time, and one superseded by a newer request
/// before it started is skipped.
fn refresh_search(site: Arc<Site>, aud: Audience, state: Arc<State>) {
    *state.search_next.lock().unwrap_or_else(|e| e.into_inner()) = Some(site);
    std::thread::spawn(move || {
        let _one = state.search_running.lock().unwrap_or_else(|e| e.into_inner());
        // Nothing waiting: an earlier thread already indexed the latest model.
        let Some(site) = state.search_next.lock().unwrap_or_else(|e| e.into_inner()).take() else { return };
        let t = Instant::now();
        let files = state.files();
        let mut paths: Vec<&String> = files.keys().filter(|k| k.ends_with(".html")).collect();
        paths.sort_unstable();
        let (_, mut results) = crate::output::search::index_streaming(&site, &[aud], |feed| {
            for p in paths {
                let page = &files[p];
                feed.page(aud, p, &page.bytes, page.lang.as_deref());
            }
        });
        drop(files);
        drop(site);
        match results.pop().unwrap_or_else(|| Ok(Vec::new())) {
            Ok(search) => {
                state.swap(is_search_file, search);
                eprintln!("search index refreshed in {} ms", t.elapsed().as_millis());
            }
            Err(e) => eprintln!("{e}"),
        }
        release_free_memory();
    });
}

/// Hand memory freed by the indexer threads back to the system. mimalloc (the
/// binary's allocator) keeps the pages of exited threads until other threads
/// reuse them: after the background index of a 10,000-article site, an idle serve
/// stayed at 1.8 GiB resident instead of 0.85. Under another allocator it only
/// tidies mimalloc's own (unused) heap.
fn release_free_memory() {
    // SAFETY: `mi_collect` takes no pointers and may be called from any thread at
    // any time; it only frees memory mimalloc no longer hands out.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

/// Run until interrupted. Errors: the port is taken, or the folder cannot be watched.
pub fn run(mut o: ServeOptions) -> anyhow::Result<()> {
    // Watch events carry absolute paths: compare against the canonical root.
    o.build.root =
        std::fs::canonicalize(&o.build.root).map_err(|e| anyhow::anyhow!("cannot open the site folder {}: {e}", o.build.root.display()))?;
    let listener = std::net::TcpListener::bind((o.bind, o.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}; the port may be in use: choose another with --port", o.bind, o.port))?;
    if !o.bind.is_loopback() {
        eprintln!("warning: serving on {} makes the preview (and, with --internal, internal pages) reachable from other machines", o.bind);
    }
    let port = listener.local_addr().map_or(o.port, |a| a.port());
    let (server, inner) = door::backend(port).map_err(|e| anyhow::anyhow!("cannot start the HTTP server: {e}"))?;
    let state = Arc::new(State::default());
    let hub = Arc::new(Hub::default());
    let started = Instant::now();
    let mut session = Session { o: o.clone(), model: None, statics: Vec::new() };
    match session.full() {
        Ok((files, diags)) => {
            print_warnings(&diags);
            state.replace(files, |_| false);
        }
        Err(text) => {
            eprintln!("{text}");
            state.replace(
                vec![OutputFile::new(
                    "index.html",
                    "<!doctype html><html><head><meta charset=utf-8><title>frontline</title></head><body></body></html>",
                )],
                |_| false,
            );
            hub.set_error(&text);
        }
    }
    if let Some((site, _, _)) = &session.model {
        refresh_search(Arc::clone(site), audience(&o), Arc::clone(&state));
    }
    let root = o.build.root.clone();
    let outputs = vec![o.build.out_dir(), o.build.internal_dir()];
    let (mut watcher, mut watched, rx) = watch::start(&root)?;
    let (w_state, w_hub) = (Arc::clone(&state), Arc::clone(&hub));
    std::thread::spawn(move || {
        while let Some(changes) = watch::next_batch(&rx, &root, &outputs, Duration::from_millis(100)) {
            for d in &changes.problems {
                eprintln!("{d}");
            }
            if let Err(e) = watch::watch_new(&mut watcher, &root, &mut watched) {
                eprintln!("{}", Diagnostic::general(Severity::Warning, "watch", format!("cannot watch a new folder: {e}")));
            }
            if !changes.is_empty() {
                apply(&mut session, &w_state, &w_hub, &changes);
            }
        }
    });
    let url_host = if o.bind.is_unspecified() { "127.0.0.1".to_string() } else { o.bind.to_string() };
    println!(
        "serving the {} site at http://{url_host}:{port}/ (built in {} ms; Ctrl+C stops)",
        if o.internal { "internal" } else { "public" },
        started.elapsed().as_millis()
    );
    let hosts = head::Hosts { bind: o.bind, port };
    let (max, files) = door::capacity();
    if max < door::MAX_CONNECTIONS {
        eprintln!("warning: serving at most {max} connections at once: the open-file limit is {files} (raise it with `ulimit -n`)");
    }
    std::thread::spawn(move || door::run(listener, inner, hosts, max));
    http::run(server, state, hub);
    Ok(())
}

fn print_warnings(d: &Diagnostics) {
    for w in d.clone().sorted() {
        eprintln!("{w}");
    }
}

/// React to one batch of changes and tell open pages.
fn apply(session: &mut Session, state: &Arc<State>, hub: &Hub, changes: &watch::Changes) {
    let t = Instant::now();
    match session.rebuild(changes) {
        Ok(update) => {
            let full = matches!(update, Update::Replace(_));
            match update {
                Update::Replace(files) => state.replace(files, is_search_file),
                Update::Patch(files) => state.patch(files),
                Update::Status { folders, files } => state.swap(|k| folders.iter().any(|f| k.starts_with(f.as_str())), files),
                Update::Statics { old, files } => state.swap(|k| old.iter().any(|o| o == k), files),
            }
            build::timing("swap files", t);
            let event =
                if changes.css_only && changes.content.is_empty() && !changes.templates && !changes.config { "css" } else { "reload" };
            hub.ok(event, "");
            eprintln!("rebuilt in {} ms ({event}{})", t.elapsed().as_millis(), if full { "" } else { ", incremental" });
            // The search index may lag behind: it is refreshed after the reload.
            if full && (!changes.content.is_empty() || changes.config) {
                if let Some((site, _, _)) = &session.model {
                    refresh_search(Arc::clone(site), audience(&session.o), Arc::clone(state));
                }
            }
        }
        Err(text) => {
            eprintln!("{text}");
            hub.set_error(&text);
        }
    }
}
