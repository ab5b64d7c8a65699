//! Hosting header rules (`/_headers`, read by Netlify and Cloudflare Pages): CORS
//! for the Statuspage JSON and the feeds, so widgets and readers on other origins
//! can fetch them, and a year's cache for the search files whose names carry
//! their content's hash. README gives the same rules for nginx, Caddy and S3.

use super::OutputFile;
use crate::content::Audience;
use crate::model::Site;

/// The file's name in the output, and in a site's `static/` (where the site's
/// own file wins and this one is not written).
pub const HEADERS: &str = "_headers";

/// Paths (one `*` at most, at the end: Cloudflare takes one splat per rule) that
/// other origins may read.
fn shared(site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = ["/api/v2/*", "/status/feed.atom", "/status/feed.rss", "/status/components/*"].map(String::from).into();
    paths.extend(site.config.languages.iter().map(|l| site.url(l, "/articles/feed.atom")));
    paths
}

/// Folders whose files are named by their content's hash (Pagefind's bundles).
fn fingerprinted(site: &Site, audience: Audience) -> Vec<String> {
    let bundles: &[&str] = if audience == Audience::Internal { &["pagefind", "pagefind-internal"] } else { &["pagefind"] };
    let mut paths = Vec::new();
    for b in bundles {
        for l in &site.config.languages {
            for part in ["fragment", "index", "filter"] {
                paths.push(format!("/{b}/{l}/{part}/*"));
            }
            paths.push(format!("/{b}/{l}/pagefind.{l}_*"));
        }
    }
    paths
}

pub fn headers(site: &Site, audience: Audience) -> OutputFile {
    let mut out = String::from(
        "# Written by frontline: response headers for Netlify and Cloudflare Pages.\n\
         # nginx, Caddy and S3: see \"Hosting\" in frontline's README.\n",
    );
    if audience == Audience::Internal {
        out.push_str("/*\n  X-Robots-Tag: noindex, nofollow\n");
    } else {
        for p in shared(site) {
            out.push_str(&format!("{p}\n  Access-Control-Allow-Origin: *\n"));
        }
    }
    for p in fingerprinted(site, audience) {
        out.push_str(&format!("{p}\n  Cache-Control: public, max-age=31536000, immutable\n"));
    }
    OutputFile::new(HEADERS, out)
}

/// The headers a `_headers` file (`text`) gives the URL path `path`: rules whose
/// path is equal to it, or a prefix of it ending in `*`, in file order. `serve`
/// applies them, so the dev server answers other origins as the host will.
pub fn matching(text: &str, path: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut applies = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            applies = match trimmed.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => trimmed == path || format!("{}index.html", trimmed) == path,
            };
        } else if let Some((k, v)) = trimmed.split_once(':').filter(|_| applies && !trimmed.contains(|c: char| c.is_control())) {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_takes_exact_paths_and_splats() {
        let text = "# c\n/api/v2/*\n  Access-Control-Allow-Origin: *\n/status/feed.atom\n  A: 1\n/status/\n  B: 2\n";
        let got = |p: &str| matching(text, p).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(got("/api/v2/summary.json"), ["Access-Control-Allow-Origin"]);
        assert_eq!(got("/status/feed.atom"), ["A"]);
        assert_eq!(got("/status/index.html"), ["B"]);
        assert!(got("/status/feed.rss").is_empty() && got("/api").is_empty());
    }

    /// Every rule has one splat at most, at its end, and a header line under it.
    #[test]
    fn rules_are_in_the_shape_both_hosts_read() {
        let config = crate::config::Config::defaults(std::path::Path::new("/nonexistent-site"));
        let content =
            crate::content::Content { articles: vec![], runbooks: vec![], categories: vec![], runbook_folders: vec![], incidents: vec![] };
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T12:00:00+03:00").unwrap();
        let (site, _) = Site::new(config, content, now);
        for audience in [Audience::Public, Audience::Internal] {
            let text = String::from_utf8(headers(&site, audience).bytes.to_vec()).unwrap();
            let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
            assert!(!lines.is_empty());
            for pair in lines.chunks(2) {
                let (path, header) = (pair[0], pair[1]);
                assert!(path.starts_with('/') && path.matches('*').count() <= 1 && (!path.contains('*') || path.ends_with('*')), "{path}");
                assert!(header.starts_with("  ") && header.contains(": "), "{header}");
            }
            assert_eq!(text.contains("Access-Control-Allow-Origin"), audience == Audience::Public);
        }
    }
}
