//! `frontline serve`: build in memory, serve over HTTP ([`http`]), watch the site
//! ([`watch`]), rebuild what a change affects, and live-reload open pages over
//! server-sent events ([`reload`]). The last good build keeps being served while
//! the content has errors; the error is shown in every open page.

pub mod http;
pub mod reload;
pub mod watch;

use crate::build::{self, Options};
use crate::content::Audience;
use crate::diag::Diagnostics;
use crate::output::OutputFile;
use reload::Hub;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: Options,
    pub bind: IpAddr,
    pub port: u16,
    pub internal: bool,
}

/// The site being served: path -> bytes, swapped as a whole or patched under one lock.
#[derive(Default)]
pub struct State {
    files: RwLock<Arc<HashMap<String, Arc<Vec<u8>>>>>,
}

impl State {
    pub fn files(&self) -> Arc<HashMap<String, Arc<Vec<u8>>>> {
        Arc::clone(&self.files.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Replace everything, keeping files `keep` says to keep (e.g. the search index).
    fn replace(&self, files: Vec<OutputFile>, keep: impl Fn(&str) -> bool) {
        let mut guard = self.files.write().unwrap_or_else(|e| e.into_inner());
        let mut map: HashMap<String, Arc<Vec<u8>>> =
            guard.iter().filter(|(k, _)| keep(k)).map(|(k, v)| (k.clone(), Arc::clone(v))).collect();
        for f in files {
            map.insert(f.path, Arc::new(f.bytes));
        }
        *guard = Arc::new(map);
    }

    /// Add or overwrite some files.
    fn patch(&self, files: Vec<OutputFile>) {
        let mut guard = self.files.write().unwrap_or_else(|e| e.into_inner());
        let mut map = (**guard).clone();
        for f in files {
            map.insert(f.path, Arc::new(f.bytes));
        }
        *guard = Arc::new(map);
    }
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

/// Build everything for the served audience; `Err` is the text to show.
fn full_build(o: &ServeOptions) -> Result<(Vec<OutputFile>, Diagnostics), String> {
    let (site, templates, diags) = build::load(&o.build).map_err(|d| render_diags(&d))?;
    let files = build::generate_audience(&site, &templates, audience(o), false).map_err(|e| render_diags(&Diagnostics { items: e }))?;
    Ok((files, diags))
}

/// Rebuild the search index from the files being served, then add it.
fn refresh_search(o: &ServeOptions, state: &State) {
    let Ok((site, _, _)) = build::load(&o.build) else { return };
    let files: Vec<OutputFile> =
        state.files().iter().filter(|(k, _)| k.ends_with(".html")).map(|(k, v)| OutputFile::new(k.clone(), v.to_vec())).collect();
    match crate::output::search::index(&site, audience(o), &files) {
        Ok(search) => state.patch(search),
        Err(e) => eprintln!("{e}"),
    }
}

/// Run until interrupted. Errors: the port is taken, or the folder cannot be watched.
pub fn run(mut o: ServeOptions) -> anyhow::Result<()> {
    // Watch events carry absolute paths: compare against the canonical root.
    o.build.root =
        std::fs::canonicalize(&o.build.root).map_err(|e| anyhow::anyhow!("cannot open the site folder {}: {e}", o.build.root.display()))?;
    let addr = (o.bind, o.port);
    let server = tiny_http::Server::http(addr)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}; the port may be in use: choose another with --port", o.bind, o.port))?;
    if !o.bind.is_loopback() {
        eprintln!("warning: serving on {} makes the preview (and, with --internal, internal pages) reachable from other machines", o.bind);
    }
    let port = server.server_addr().to_ip().map_or(o.port, |a| a.port());
    let state = Arc::new(State::default());
    let hub = Arc::new(Hub::default());
    let started = Instant::now();
    match full_build(&o) {
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
    let (bg_o, bg_state) = (o.clone(), Arc::clone(&state));
    std::thread::spawn(move || refresh_search(&bg_o, &bg_state));
    let root = o.build.root.clone();
    let outputs = vec![o.build.out_dir(), o.build.internal_dir()];
    let (mut watcher, mut watched, rx) = watch::start(&root)?;
    let (w_state, w_hub, w_o) = (Arc::clone(&state), Arc::clone(&hub), o.clone());
    std::thread::spawn(move || {
        while let Some(changes) = watch::next_batch(&rx, &root, &outputs, Duration::from_millis(100)) {
            if let Err(e) = watch::watch_new(&mut watcher, &root, &mut watched) {
                eprintln!("warning: cannot watch a new folder: {e}");
            }
            rebuild(&w_o, &w_state, &w_hub, &changes);
        }
    });
    let url_host = if o.bind.is_unspecified() { "127.0.0.1".to_string() } else { o.bind.to_string() };
    println!(
        "serving the {} site at http://{url_host}:{port}/ (built in {} ms; Ctrl+C stops)",
        if o.internal { "internal" } else { "public" },
        started.elapsed().as_millis()
    );
    http::run(server, state, hub);
    Ok(())
}

fn print_warnings(d: &Diagnostics) {
    for w in d.clone().sorted() {
        eprintln!("{w}");
    }
}

/// React to one batch of changes.
fn rebuild(o: &ServeOptions, state: &State, hub: &Hub, changes: &watch::Changes) {
    let t = Instant::now();
    match full_build(o) {
        Ok((files, diags)) => {
            print_warnings(&diags);
            state.replace(files, is_search_file);
            let event =
                if changes.css_only && changes.content.is_empty() && !changes.templates && !changes.config { "css" } else { "reload" };
            hub.ok(event, "");
            eprintln!("rebuilt in {} ms ({event})", t.elapsed().as_millis());
            if !changes.content.is_empty() || changes.config {
                refresh_search(o, state);
            }
        }
        Err(text) => {
            eprintln!("{text}");
            hub.set_error(&text);
        }
    }
}
