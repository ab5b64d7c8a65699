//! Site metadata files: `sitemap.xml`, `robots.txt`, and alias redirect pages. The
//! internal site has them too (its robots.txt disallows everything).

use super::{OutputFile, Source};
use crate::content::Audience;
use crate::model::{alias_path, Site};
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

/// One small HTML page per alias that sends the browser to the article. An alias
/// that is not a path on this site is left out (the model warns about it); one
/// onto another page or file fails the build ([`super::owners`]).
fn redirects(site: &Site, audience: Audience) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for a in site.articles.iter().filter(|a| Site::visible(a, audience)) {
        for (i, alias) in a.doc.aliases.iter().enumerate() {
            let Some(path) = alias_path(alias) else {
                continue;
            };
            let target = escape(&site.article_url(a));
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title><link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head><body><p><a href=\"{target}\">{title}</a></p></body></html>\n",
                lang = a.doc.lang,
                title = escape(&a.doc.title),
            );
            out.push(OutputFile::new(path, html).from_source(Source::Alias {
                file: a.doc.source.clone(),
                alias: alias.clone(),
                line: a.doc.places.item("aliases", i),
            }));
        }
    }
    out
}
