//! HTTP side of `serve` (tiny_http): files from the in-memory site, the site's 404
//! page, correct content types, the live-reload event stream, and no path outside
//! the site ever resolved (`..`, `%2e%2e`, encoded slashes, absolute paths).

use super::reload::Hub;
use super::State;
use std::io::Write;
use std::sync::Arc;
use tiny_http::{Method, Request};

pub const EVENTS: &str = "/__frontline/events";
pub const CLIENT: &str = "/__frontline/reload.js";
const CLIENT_JS: &str = include_str!("reload.js");

/// Serve requests until the server is dropped; one thread per request.
pub fn run(server: tiny_http::Server, state: Arc<State>, hub: Arc<Hub>) {
    for req in server.incoming_requests() {
        let (state, hub) = (Arc::clone(&state), Arc::clone(&hub));
        std::thread::spawn(move || handle(req, &state, &hub));
    }
}

/// Write a whole response and close the connection. tiny_http's connection pool can
/// leave a new connection waiting while its threads sit on idle keep-alive
/// connections, so serve never keeps a connection open (except event streams).
fn send(req: Request, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    let head_only = *req.method() == Method::Head;
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut w = req.into_writer();
    let _ = w.write_all(head.as_bytes()).and_then(|_| if head_only { Ok(()) } else { w.write_all(body) }).and_then(|_| w.flush());
}

fn handle(req: Request, state: &State, hub: &Hub) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        return send(req, 405, &[("Content-Type", "text/plain; charset=utf-8"), ("Allow", "GET, HEAD")], b"method not allowed\n");
    }
    let url = req.url().to_string();
    if std::env::var_os("FRONTLINE_DEBUG_HTTP").is_some() {
        eprintln!("http: {} {url}", req.method());
    }
    let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
    if path == EVENTS {
        return match hub.slot() {
            Some(slot) => hub.stream(req.into_writer(), slot),
            None => send(
                req,
                503,
                &[("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "5")],
                format!("too many open pages: at most {} live-reload streams; close some tabs\n", super::reload::MAX_STREAMS).as_bytes(),
            ),
        };
    }
    if path == CLIENT {
        return send(req, 200, &[("Content-Type", "text/javascript; charset=utf-8"), ("Cache-Control", "no-store")], CLIENT_JS.as_bytes());
    }
    let rel = match resolve(&path) {
        Ok(r) => r,
        Err(code) => return send(req, code, &[("Content-Type", "text/plain; charset=utf-8")], format!("{code}\n").as_bytes()),
    };
    let files = state.files();
    if let Some(file) = files.get(&rel) {
        // The site's `_headers` rules (CORS for the JSON and feeds), as the host applies them.
        let rules = files.get(crate::output::hosting::HEADERS).map(|h| String::from_utf8_lossy(&h.bytes).into_owned());
        let extra = rules.map(|r| crate::output::hosting::matching(&r, &format!("/{rel}"))).unwrap_or_default();
        return respond_file(req, &rel, &file.bytes, 200, &extra);
    }
    if files.contains_key(&format!("{rel}/index.html")) {
        let location = format!("{}/", path.trim_end_matches('/'));
        return send(req, 301, &[("Location", &location)], b"");
    }
    match files.get("404.html") {
        Some(page) => respond_file(req, "404.html", &page.bytes, 404, &[]),
        None => send(req, 404, &[("Content-Type", "text/plain; charset=utf-8")], b"404 not found\n"),
    }
}

/// Send a site file; `extra` headers from `_headers` (its caching aside: serve never caches).
fn respond_file(req: Request, rel: &str, bytes: &[u8], status: u16, extra: &[(String, String)]) {
    let ctype = content_type(rel);
    let body = if ctype.starts_with("text/html") { inject(bytes) } else { bytes.to_vec() };
    let mut headers = vec![("Content-Type", ctype), ("Cache-Control", "no-store")];
    headers.extend(extra.iter().filter(|(k, _)| !k.eq_ignore_ascii_case("cache-control")).map(|(k, v)| (k.as_str(), v.as_str())));
    send(req, status, &headers, &body);
}

/// Add the live-reload script to an HTML page (serve only; never in built files).
fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{CLIENT}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// URL path -> key of the in-memory site (`articles/x/index.html`), or an HTTP status.
pub fn resolve(path: &str) -> Result<String, u16> {
    if !path.starts_with('/') {
        return Err(400);
    }
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(400);
    }
    let decoded = crate::render::percent_decode(path).ok_or(400u16)?;
    if decoded.contains('\\') || decoded.contains('\0') || decoded.contains("//") {
        return Err(400);
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == ".." || seg == "." || seg.contains(':') {
            return Err(400);
        }
        parts.push(seg);
    }
    let mut rel = parts.join("/");
    if decoded.ends_with('/') || rel.is_empty() {
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str("index.html");
    }
    Ok(rel)
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "txt" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        // Pagefind's index, fragments, filters, metadata and wasm: gzip data it decompresses itself.
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_safely() {
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(resolve("/articles/x/").unwrap(), "articles/x/index.html");
        assert_eq!(resolve("/assets/style.css").unwrap(), "assets/style.css");
        assert_eq!(resolve("/articles/%D0%B0/").unwrap(), "articles/а/index.html");
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a%2fb",
            "/a%5c..%5cb",
            "etc/passwd",
            "/a/./b",
            "/C:/x",
            "//etc/passwd",
            "/%zz",
        ] {
            assert!(resolve(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("pagefind/ru/wasm.ru.pagefind"), "application/octet-stream");
        assert_eq!(content_type("status/badge.svg"), "image/svg+xml");
    }
}
