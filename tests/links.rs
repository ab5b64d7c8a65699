//! Whole-output link check: every internal `href` and `src` of every page of the
//! example site resolves to a file of the same site, and no public page links to a
//! page that only the internal site has.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Attribute values of `href=` and `src=` in an HTML page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

/// Output file a site-relative URL points at, or None for external links.
fn target(page: &str, href: &str) -> Option<String> {
    if href.is_empty()
        || href.starts_with('#')
        || href.contains("://")
        || href.starts_with("//")
        || href.starts_with("mailto:")
        || href.starts_with("tel:")
        || href.starts_with("data:")
    {
        return None;
    }
    let path = href.split(['#', '?']).next().unwrap_or("");
    let base = if path.starts_with('/') {
        String::new()
    } else {
        page.rsplit_once('/').map(|(d, _)| format!("/{d}/")).unwrap_or_else(|| "/".into())
    };
    let mut parts: Vec<&str> = Vec::new();
    let joined = format!("{base}{path}");
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut file = parts.join("/");
    if path.ends_with('/') || file.is_empty() {
        file = if file.is_empty() { "index.html".into() } else { format!("{file}/index.html") };
    }
    Some(frontline::render::percent_decode(&file).unwrap_or(file))
}

fn files(dir: &Path) -> BTreeSet<String> {
    snapshot_dir(dir).into_iter().map(|(p, _)| p.to_string_lossy().replace('\\', "/")).collect()
}

#[test]
fn every_link_resolves_and_public_never_links_inside() {
    let out = tempfile::tempdir().unwrap();
    let o = build_example(out.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let public = files(&out.path().join("public"));
    let internal = files(&out.path().join("internal"));
    let internal_only: BTreeSet<&String> = internal.difference(&public).filter(|f| f.ends_with(".html")).collect();
    assert!(internal_only.iter().any(|f| f.starts_with("runbooks/")), "the internal site has pages of its own");
    let mut broken = Vec::new();
    let mut checked = 0;
    for (site, all) in [("public", &public), ("internal", &internal)] {
        for page in all.iter().filter(|f| f.ends_with(".html")) {
            let html = read(&out.path().join(site), page);
            for href in links(&html) {
                let Some(file) = target(page, &href) else { continue };
                checked += 1;
                if !all.contains(&file) {
                    broken.push(format!("{site}/{page}: {href} -> {file} (missing)"));
                }
                if site == "public" && internal_only.contains(&file) {
                    broken.push(format!("public/{page}: {href} links to an internal-only page"));
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
}
