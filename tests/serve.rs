//! `frontline serve` against a temp site with a real HTTP client: live reload over
//! SSE, error event with the old page still served, recovery; raw path traversal.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(root: &std::path::Path, extra: &[&str]) -> Server {
    let port = free_port();
    let mut child = bin()
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", &port.to_string(), "--now", NOW])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.contains(&format!("http://127.0.0.1:{port}/")), "{line}");
    Server { child, port }
}

fn get(port: u16, path: &str) -> (u16, String, String) {
    match ureq::get(&format!("http://127.0.0.1:{port}{path}")).call() {
        Ok(mut r) => {
            let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            (r.status().as_u16(), ct, r.body_mut().read_to_string().unwrap_or_default())
        }
        Err(ureq::Error::StatusCode(c)) => (c, String::new(), String::new()),
        Err(e) => panic!("{path}: {e}"),
    }
}

/// Open the event stream; events arrive on the channel as (event, data).
fn events(port: u16) -> mpsc::Receiver<(String, String)> {
    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /__frontline/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    std::thread::spawn(move || {
        let mut r = BufReader::new(s);
        let (mut ev, mut data) = (String::new(), String::new());
        let mut line = String::new();
        while r.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
            let l = line.trim_end_matches(['\r', '\n']).to_string();
            line.clear();
            if let Some(e) = l.strip_prefix("event: ") {
                ev = e.to_string();
            } else if let Some(d) = l.strip_prefix("data: ") {
                data.push_str(d);
                data.push('\n');
            } else if l.is_empty() && !ev.is_empty() && tx.send((std::mem::take(&mut ev), std::mem::take(&mut data))).is_err() {
                return;
            }
        }
    });
    rx
}

fn wait_for(rx: &mpsc::Receiver<(String, String)>, event: &str) -> (String, Duration) {
    let t = Instant::now();
    loop {
        let (e, d) = rx.recv_timeout(Duration::from_secs(10)).unwrap_or_else(|_| panic!("no `{event}` event within 10 s"));
        if e == event {
            return (d, t.elapsed());
        }
    }
}

const ARTICLE: &str = "content/articles/Tips & Tricks/rock-n-roll.md";

#[test]
fn edit_reload_error_and_recovery() {
    let dir = site("basic");
    let srv = start(dir.path(), &[]);
    let (code, ct, body) = get(srv.port, "/articles/tips-tricks/rock-n-roll/");
    assert_eq!((code, ct.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.contains("/__frontline/reload.js"), "serve injects the reload script");
    let rx = events(srv.port);
    wait_for(&rx, "hello");

    // Edit an article: reload event, then the new content.
    let path = dir.path().join(ARTICLE);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## First steps", "## First steps\n\nFRESH-EDIT-MARKER")).unwrap();
    wait_for(&rx, "reload");
    assert!(get(srv.port, "/articles/tips-tricks/rock-n-roll/").2.contains("FRESH-EDIT-MARKER"));

    // Break the YAML: an error event naming the file and the line of the broken
    // `title:` (2, not 3 where the parser noticed); the old page is still served.
    std::fs::write(&path, "---\ntitle: \"Rock'n'roll\nsummary: x\n---\nbody\n").unwrap();
    let (err, _) = wait_for(&rx, "build-error");
    assert!(err.contains("content/articles/Tips & Tricks/rock-n-roll.md:2:8") && err.contains("invalid YAML"), "{err}");
    let (code, _, body) = get(srv.port, "/articles/tips-tricks/rock-n-roll/");
    assert_eq!(code, 200);
    assert!(body.contains("FRESH-EDIT-MARKER"), "last good page still served");
    // A page opened now gets the error at once.
    let late = events(srv.port);
    assert!(wait_for(&late, "build-error").0.contains("invalid YAML"));

    // Fix it: reload.
    std::fs::write(&path, text).unwrap();
    wait_for(&rx, "reload");
    assert!(!get(srv.port, "/articles/tips-tricks/rock-n-roll/").2.contains("FRESH-EDIT-MARKER"));

    // Rename: the new URL works, the old one is the site's 404 page with status 404.
    let nested = dir.path().join("content/articles/Tips & Tricks/Deep Section");
    std::fs::rename(nested.join("nested.md"), nested.join("renamed.md")).unwrap();
    wait_for(&rx, "reload");
    assert_eq!(get(srv.port, "/articles/tips-tricks/deep-section/renamed/").0, 200);
    let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    write!(s, "GET /articles/tips-tricks/deep-section/nested/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 404") && resp.contains("<html lang=\"ru\">"), "site 404 page: {}", &resp[..resp.len().min(300)]);

    // CSS-only change swaps the stylesheet without a reload.
    let css = dir.path().join("static/extra.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    wait_for(&rx, "reload");
    std::fs::write(&css, "body { color: red; }").unwrap();
    wait_for(&rx, "css");
    // Editor temp files and output folders are ignored.
    std::fs::write(dir.path().join("content/articles/.rock-n-roll.md.swp"), "x").unwrap();
    std::fs::write(dir.path().join("content/articles/4913"), "x").unwrap();
    std::fs::create_dir_all(dir.path().join("public")).unwrap();
    std::fs::write(dir.path().join("public/x.html"), "x").unwrap();
    assert!(rx.recv_timeout(Duration::from_millis(600)).is_err(), "no rebuild for temp files or output");
    assert_eq!(get(srv.port, "/extra.css").1, "text/css; charset=utf-8");
}

#[test]
fn content_types() {
    let dir = site("status");
    let srv = start(dir.path(), &[]);
    for (path, ct) in [
        ("/", "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/site.js", "text/javascript; charset=utf-8"),
        ("/api/v2/summary.json", "application/json"),
        ("/status/badge.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/status/feed.atom", "application/atom+xml"),
        ("/status/feed.rss", "application/rss+xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let (code, got, _) = get(srv.port, path);
        assert_eq!((code, got.as_str()), (200, ct), "{path}");
    }
    // Folder without slash redirects to the folder.
    let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    write!(s, "GET /status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 301") && resp.contains("Location: /status/"), "{resp}");
}

#[test]
fn path_traversal_never_serves_files() {
    let dir = site("basic");
    std::fs::write(dir.path().join("SECRET-OUTSIDE.txt"), "TOP-SECRET-OUTSIDE-OUTPUT").unwrap();
    let srv = start(dir.path(), &[]);
    let attempts = [
        "/../SECRET-OUTSIDE.txt",
        "/%2e%2e/SECRET-OUTSIDE.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/articles/..%2f..%2fSECRET-OUTSIDE.txt",
        "/..%5c..%5cSECRET-OUTSIDE.txt",
        "/assets/../../SECRET-OUTSIDE.txt",
        "//etc/passwd",
        "/etc/passwd",
        "http://127.0.0.1/../SECRET-OUTSIDE.txt",
        "/%00/etc/passwd",
        "/site.yaml",
        "/content/articles/Tips%20&%20Tricks/rock-n-roll.md",
    ];
    for a in attempts {
        let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
        write!(s, "GET {a} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
        let mut resp = String::new();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = s.read_to_string(&mut resp);
        let status: u16 = resp.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
        assert!(status == 400 || status == 404, "{a} -> {status}: {}", &resp[..resp.len().min(200)]);
        for leak in ["TOP-SECRET-OUTSIDE-OUTPUT", "root:x:0:0", "title: Тестовая", "Docusaurus-style article\nkeywords"] {
            assert!(!resp.contains(leak), "{a} leaked {leak}");
        }
    }
}

#[test]
fn port_in_use_names_the_port() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let dir = site("basic");
    let out = run(dir.path(), &["serve", "--port", &port.to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("127.0.0.1:{port}")) && err.contains("--port"), "{err}");
}

/// serve builds its search index in the background from the model it keeps, so that
/// model must keep each document's plain text: the vocabulary for typo correction
/// holds words that appear only in an article's body.
#[test]
fn background_search_index_has_the_body_vocabulary() {
    let dir = site("basic");
    let server = start(dir.path(), &[]);
    let deadline = Instant::now() + Duration::from_secs(120);
    let vocab = loop {
        let (status, _, body) = get(server.port, "/search/vocab-ru.json");
        if status == 200 {
            break body;
        }
        assert!(Instant::now() < deadline, "no search vocabulary after 120 s (status {status})");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(vocab.contains("\"кабинете\""), "a body-only word is in the vocabulary: {vocab}");

    // A new article is a full rebuild; the index is refreshed in the background again.
    let ru_pages = |port| {
        let (status, _, body) = get(port, "/pagefind/ru/pagefind-entry.json");
        assert_eq!(status, 200, "the Pagefind bundle is served");
        let entry: serde_json::Value = serde_json::from_str(&body).unwrap();
        (entry["languages"]["ru"]["page_count"].as_u64().unwrap(), entry["languages"]["ru"]["hash"].as_str().unwrap().to_string())
    };
    let (before, old_meta) = ru_pages(server.port);
    let rx = events(server.port);
    wait_for(&rx, "hello");
    let new = dir.path().join("content/articles/Tips & Tricks/novaya.md");
    std::fs::write(&new, "---\ntitle: Новая статья\n---\n\nСлово зюзюблик есть только здесь.\n").unwrap();
    wait_for(&rx, "reload");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !get(server.port, "/search/vocab-ru.json").2.contains("\"зюзюблик\"") {
        assert!(Instant::now() < deadline, "the new article's word never reached the search vocabulary");
        std::thread::sleep(Duration::from_millis(200));
    }
    while ru_pages(server.port).0 != before + 1 {
        assert!(Instant::now() < deadline, "the new article never reached the Pagefind index ({before} pages before)");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (_, new_meta) = ru_pages(server.port);
    assert_ne!(new_meta, old_meta);
    assert_eq!(get(server.port, &format!("/pagefind/ru/pagefind.{new_meta}.pf_meta")).0, 200, "the new index is served");
    assert_eq!(get(server.port, &format!("/pagefind/ru/pagefind.{old_meta}.pf_meta")).0, 404, "the old index's files are gone");
}

/// serve's background index files each page under the language its job rendered it
/// in, as the build does: a theme whose `<html>` tag carries no `lang` still gets
/// its search index (it got none when the refresh read the language off the HTML).
#[test]
fn background_search_index_takes_the_language_from_the_page_job() {
    let dir = site("basic");
    let p = dir.path();
    let base =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html")).unwrap();
    assert!(base.contains("<html lang=\"{{ lang }}\">"));
    std::fs::create_dir_all(p.join("themes/bare/templates")).unwrap();
    std::fs::write(p.join("themes/bare/templates/base.html"), base.replace("<html lang=\"{{ lang }}\">", "<html>")).unwrap();
    let yaml = std::fs::read_to_string(p.join("site.yaml")).unwrap();
    std::fs::write(p.join("site.yaml"), format!("{yaml}theme: bare\n")).unwrap();
    let server = start(p, &[]);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (status, _, body) = get(server.port, "/pagefind/ru/pagefind-entry.json");
        if status == 200 {
            let entry: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert!(entry["languages"]["ru"]["page_count"].as_u64().unwrap() > 0, "{body}");
            break;
        }
        assert!(Instant::now() < deadline, "no Russian search index after 120 s (status {status})");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (_, _, page) = get(server.port, "/");
    assert!(page.contains("<html>"), "the bare theme is served");
}

/// An incident edit in `serve` regenerates the status files only (an incremental
/// rebuild, as for an article), a deleted incident's page goes, and the new status is
/// in the JSON the pages' script reads.
#[test]
fn incident_edits_are_incremental() {
    let dir = site("status");
    // A site file in a folder named `status` is not a status file.
    std::fs::create_dir_all(dir.path().join("static/js/status")).unwrap();
    std::fs::write(dir.path().join("static/js/status/app.js"), "console.log(1);").unwrap();
    let port = free_port();
    let log = dir.path().join("serve.log");
    let mut child = bin()
        .arg("--root")
        .arg(dir.path())
        .args(["serve", "--port", &port.to_string(), "--now", NOW])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let srv = Server { child, port };
    let rx = events(srv.port);
    wait_for(&rx, "hello");
    let inc = dir.path().join("content/incidents/2026-11-23-checkout-slow.md");
    let text = std::fs::read_to_string(&inc).unwrap();
    let edited = text.replace("Checkout pages load slowly.", "SERVE-STATUS-MARK-2b9e checkout is slow.");
    std::fs::write(&inc, edited).unwrap();
    let (_, took) = wait_for(&rx, "reload");
    assert!(get(srv.port, "/api/v2/summary.json").2.contains("SERVE-STATUS-MARK-2b9e"));
    assert!(get(srv.port, "/status/incidents/2026-11-23-checkout-slow/").2.contains("SERVE-STATUS-MARK-2b9e"));
    assert!(get(srv.port, "/status/").2.contains("SERVE-STATUS-MARK-2b9e"));
    std::fs::remove_file(dir.path().join("content/incidents/2026-11-20-api-outage.md")).unwrap();
    wait_for(&rx, "reload");
    assert_eq!(get(srv.port, "/status/incidents/2026-11-20-api-outage/").0, 404);
    assert_eq!(get(srv.port, "/status/incidents/2026-11-23-checkout-slow/").0, 200);
    assert_eq!(get(srv.port, "/articles/help/refund/").0, 200, "the help pages are still served");
    assert_eq!(get(srv.port, "/js/status/app.js").0, 200, "site files are still served");
    let log = std::fs::read_to_string(&log).unwrap();
    let rebuilt: Vec<&str> = log.lines().filter(|l| l.starts_with("rebuilt in")).collect();
    assert_eq!(rebuilt.len(), 2, "{log}");
    assert!(rebuilt.iter().all(|l| l.contains("incremental")), "{log}");
    eprintln!("incident edit -> reload event: {took:?}");
}
