//! Validation that needs the whole site: two pages at one URL (articles, runbooks
//! and folder pages; `payments.md` beside the folder `payments/`), two incidents
//! with one id, aliases that are no path of the site, and `related:`/`articles:`/
//! `runbooks:` references. Collisions with frontline's own pages, static files and
//! aliases are found over the generated files ([`crate::output::owners`]).

use super::Site;
use crate::content::{Article, Audience, Doc};
use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What claims a URL in [`Site::duplicate_urls`].
#[derive(Clone, Copy)]
enum Claim<'a> {
    Doc(&'a Doc),
    /// A folder under `content/articles` (its category or section page).
    Folder(&'a Path),
}

impl Site {
    /// Two pages of the content at one URL: articles (in each language), runbooks,
    /// and folder pages. The error is on the later one, naming both with file:line.
    pub(super) fn duplicate_urls(&self) -> Vec<Diagnostic> {
        let mut claims: Vec<(String, Claim)> = Vec::new();
        for c in &self.categories {
            for lang in &self.config.languages {
                if self.category_count(&c.dirs, lang, Audience::Internal) > 0 {
                    claims.push((self.url(lang, &c.path), Claim::Folder(&c.source)));
                }
            }
        }
        claims.extend(self.articles.iter().map(|a| (self.article_url(a), Claim::Doc(&a.doc))));
        claims.extend(self.runbooks.iter().map(|r| (r.path.clone(), Claim::Doc(&r.doc))));
        let mut seen: HashMap<&str, Claim> = HashMap::new();
        let mut out = Vec::new();
        for (url, claim) in &claims {
            let Some(first) = seen.get(url.as_str()) else {
                seen.insert(url, *claim);
                continue;
            };
            let (path, line) = self.claim_place(*claim);
            let hint = match (first, claim) {
                (Claim::Doc(_), Claim::Doc(_)) => "rename one file or give it a different `slug:` in its front matter",
                _ => "rename the file or the folder: a folder's page is at the folder's URL",
            };
            out.push(
                Diagnostic::error(
                    &path,
                    line,
                    "duplicate-url",
                    format!("{} and {} both become {url}", self.claim_name(*first), self.claim_name(*claim)),
                )
                .hint(hint),
            );
        }
        out
    }

    /// A document's file and the line of its `slug:` (1 without one); a folder.
    fn claim_place(&self, c: Claim) -> (PathBuf, usize) {
        match c {
            Claim::Doc(d) => (d.source.clone(), d.places.key(&["slug"]).unwrap_or(1)),
            Claim::Folder(p) => (p.to_path_buf(), 1),
        }
    }

    fn claim_name(&self, c: Claim) -> String {
        match (c, self.claim_place(c)) {
            (Claim::Doc(_), (p, line)) => format!("`{}:{line}`", p.display()),
            (Claim::Folder(_), (p, _)) => format!("the folder `{}/`", p.display()),
        }
    }

    /// Incident ids are file names without `.md`: two files of one name in
    /// different folders under `content/incidents` would be one incident.
    pub(super) fn duplicate_incident_ids(&self) -> Vec<Diagnostic> {
        let mut by_id: Vec<_> = self.incidents.iter().map(|i| (&i.id, &i.source)).collect();
        by_id.sort();
        by_id
            .windows(2)
            .filter(|w| w[0].0 == w[1].0)
            .map(|w| {
                Diagnostic::error(
                    w[1].1,
                    1,
                    "duplicate-id",
                    format!(
                        "`{}:1` and `{}:1` are both incident `{}` (/status/incidents/{}/)",
                        w[0].1.display(),
                        w[1].1.display(),
                        w[0].0,
                        w[0].0
                    ),
                )
                .hint("rename one file: an incident's id (its URL, and its id in the JSON API) is its file name without .md")
            })
            .collect()
    }

    /// An alias that cannot be a path of this site (`../x`, `https://...`) is ignored, with a warning.
    pub(super) fn check_aliases(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for a in &self.articles {
            for (n, alias) in a.doc.aliases.iter().enumerate().filter(|(_, al)| alias_path(al).is_none()) {
                out.push(
                    Diagnostic::warning(
                        &a.doc.source,
                        a.doc.places.item("aliases", n),
                        "bad-alias",
                        format!("alias `{alias}` is not a path on this site; it is ignored"),
                    )
                    .hint("write an old URL of this site as a path, like /old/page/"),
                );
            }
        }
        out
    }

    /// `articles:` and `runbooks:` of incidents name existing content.
    pub fn check_incident_refs(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for i in &self.incidents {
            for (n, a) in i.articles.iter().enumerate() {
                if let Err(why) = self.article_ref(a) {
                    out.push(
                        Diagnostic::error(
                            &i.source,
                            i.places.item("articles", n),
                            "unknown-reference",
                            format!("`articles` names `{a}`: {why}"),
                        )
                        .hint("use a help article's slug or `category/slug`"),
                    );
                }
            }
            for (n, r) in i.runbooks.iter().enumerate() {
                if let Err(why) = self.runbook_ref(r) {
                    out.push(
                        Diagnostic::error(
                            &i.source,
                            i.places.item("runbooks", n),
                            "unknown-reference",
                            format!("`runbooks` names `{r}`: {why}"),
                        )
                        .hint("use the runbook's path under content/runbooks without `.md`"),
                    );
                }
            }
        }
        out
    }

    pub(super) fn check_related(&self) -> Vec<Diagnostic> {
        self.articles.iter().flat_map(|a| self.check_related_of(a)).collect()
    }

    /// `related:` of one article names existing articles (public ones for public
    /// articles); the article itself and a second mention of one article are
    /// dropped (see [`Site::related`]) with a warning.
    pub fn check_related_of(&self, a: &Article) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut named: Vec<(&str, String)> = Vec::new();
        for (n, r) in a.related.iter().enumerate() {
            let line = || a.doc.places.item("related", n);
            match self.article_ref(r) {
                Err(why) => out.push(
                    Diagnostic::error(&a.doc.source, line(), "unknown-reference", format!("`related` names `{r}`: {why}"))
                        .hint("use another article's slug, or `category/slug`"),
                ),
                Ok(k) if k == a.key => out.push(
                    Diagnostic::warning(
                        &a.doc.source,
                        line(),
                        "related-self",
                        format!("`related` names `{r}`, this article itself; it is left out"),
                    )
                    .hint("remove it from `related:`"),
                ),
                Ok(k) => {
                    if let Some((first, _)) = named.iter().find(|(_, key)| *key == k) {
                        let same = if *first == r.as_str() { "twice".to_string() } else { format!("again (as `{first}`)") };
                        out.push(
                            Diagnostic::warning(
                                &a.doc.source,
                                line(),
                                "related-duplicate",
                                format!("`related` names `{r}` {same}; it is listed once"),
                            )
                            .hint("remove the repeated entry from `related:`"),
                        );
                        continue;
                    }
                    if a.audience == Audience::Public && self.in_lang(&k, &a.doc.lang).is_some_and(|t| t.audience == Audience::Internal) {
                        out.push(Diagnostic::warning(
                            &a.doc.source,
                            line(),
                            "related-internal",
                            format!("`related` names internal article `{r}`; it is listed on the internal site only"),
                        ));
                    }
                    named.push((r, k));
                }
            }
        }
        out
    }
}

/// `/old/page/` or `old/page.html` -> the redirect's output path (`/` is the
/// home page's, which it cannot replace), or None when the alias cannot be a path
/// of this site (empty, `..`, `.`, a backslash, a full URL).
pub fn alias_path(alias: &str) -> Option<String> {
    let a = alias.trim();
    if !a.is_empty() && a.trim_start_matches('/').is_empty() {
        return Some("index.html".into());
    }
    let a = a.trim_start_matches('/');
    if a.is_empty() || a.split('/').any(|s| s == ".." || s == ".") || a.contains('\\') || a.contains("://") {
        return None;
    }
    // `/docs//faq/` is `/docs/faq/`, as web servers treat it.
    let a = a.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("/");
    Some(if a.ends_with(".html") { a } else { format!("{a}/index.html") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths_stay_inside() {
        assert_eq!(alias_path("/old/x/").as_deref(), Some("old/x/index.html"));
        assert_eq!(alias_path("a.html").as_deref(), Some("a.html"));
        assert_eq!(alias_path("/../etc"), None);
        assert_eq!((alias_path("/").as_deref(), alias_path(" ")), (Some("index.html"), None));
        assert_eq!(alias_path("https://old.example/x"), None);
        assert_eq!(alias_path("/docs//faq/").as_deref(), Some("docs/faq/index.html"));
    }
}
