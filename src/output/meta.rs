//! Site metadata files: `sitemap.xml`, `robots.txt`, and alias redirect pages. The
//! internal site has them too (its robots.txt disallows everything).

use super::OutputFile;
use crate::content::Audience;
use crate::model::Site;
use crate::render::escape;

pub fn all(site: &Site, audience: Audience) -> Vec<OutputFile> {
    let mut out = vec![robots(site, audience), sitemap(site, audience)];
    out.extend(redirects(site, audience));
    out
}

fn robots(site: &Site, audience: Audience) -> OutputFile {
    let body = match audience {
        Audience::Internal => "User-agent: *\nDisallow: /\n".to_string(),
        Audience::Public => format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", site.config.base_url),
    };
    OutputFile::new("robots.txt", body)
}

/// The audience's home pages and articles with `hreflang` alternates, as search
/// engines expect.
fn sitemap(site: &Site, audience: Audience) -> OutputFile {
    let base = site.base_url(audience);
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for lang in &site.config.languages {
        x.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(&format!("{base}{}", site.url(lang, "/")))));
    }
    for a in site.articles.iter().filter(|a| Site::visible(a, audience)) {
        x.push_str(&format!("  <url><loc>{}</loc>", escape(&format!("{base}{}", site.article_url(a)))));
        if let Some(t) = a.doc.updated {
            x.push_str(&format!("<lastmod>{}</lastmod>", t.to_rfc3339()));
        }
        let tr = site.translations(a);
        if tr.len() > 1 {
            for t in tr.iter().filter(|t| Site::visible(t, audience)) {
                x.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    t.doc.lang,
                    escape(&format!("{base}{}", site.article_url(t)))
                ));
            }
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", x)
}

/// One small HTML page per alias that sends the browser to the article.
fn redirects(site: &Site, audience: Audience) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for a in site.articles.iter().filter(|a| Site::visible(a, audience)) {
        for alias in &a.doc.aliases {
            let Some(path) = alias_path(alias) else {
                continue;
            };
            let target = escape(&site.article_url(a));
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title><link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head><body><p><a href=\"{target}\">{title}</a></p></body></html>\n",
                lang = a.doc.lang,
                title = escape(&a.doc.title),
            );
            out.push(OutputFile::new(path, html));
        }
    }
    out
}

/// `/old/page/` or `old/page.html` -> a safe relative output path, or None.
fn alias_path(alias: &str) -> Option<String> {
    let a = alias.trim().trim_start_matches('/');
    if a.is_empty() || a.split('/').any(|s| s == ".." || s == ".") || a.contains('\\') || a.contains("://") {
        return None;
    }
    // `/docs//faq/` is `/docs/faq/`, as web servers treat it.
    let a = a.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("/");
    Some(if a.ends_with(".html") { a } else { format!("{a}/index.html") })
}

#[cfg(test)]
mod tests {
    #[test]
    fn alias_paths_stay_inside() {
        assert_eq!(super::alias_path("/old/x/").as_deref(), Some("old/x/index.html"));
        assert_eq!(super::alias_path("a.html").as_deref(), Some("a.html"));
        assert_eq!(super::alias_path("/../etc"), None);
        assert_eq!(super::alias_path("/docs//faq/").as_deref(), Some("docs/faq/index.html"));
    }
}
