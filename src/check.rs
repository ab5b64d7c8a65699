//! `check`'s own findings: the warnings that keep a knowledge base alive (overdue
//! reviews, missing owners and summaries, orphans, stale translations, incidents
//! left open). Pure queries over the rendered [`Site`].

use crate::content::{Article, Doc};
use crate::diag::Diagnostic;
use crate::model::{status, Site};
use chrono::Duration;
use std::collections::HashSet;
use std::path::PathBuf;

/// A summary longer than this does not fit one phone screen.
pub const MAX_SUMMARY: usize = 300;

fn review(site: &Site, d: &Doc, out: &mut Vec<Diagnostic>) {
    let (Some(last), Some(days)) = (d.last_reviewed, d.review_every_days) else { return };
    let Some(due) = crate::dates::add_days(last, days) else { return };
    if due < site.now {
        out.push(
            Diagnostic::warning(
                &d.source,
                d.places.key(&["last_reviewed"]).unwrap_or(1),
                "review-overdue",
                format!("review overdue since {} (every {days} days)", due.date_naive()),
            )
            .hint("check the page is still right, then set `last_reviewed:` to today"),
        );
    }
}

fn summary(a: &Article, out: &mut Vec<Diagnostic>) {
    let d = &a.doc;
    match &d.summary {
        None => out.push(
            Diagnostic::warning(&d.source, 1, "missing-summary", "the article has no `summary`")
                .hint("add `summary:` with the answer in one or two sentences: it is what search results and lists show"),
        ),
        Some(s) if s.chars().count() > MAX_SUMMARY => out.push(
            Diagnostic::warning(
                &d.source,
                d.places.key(&["summary", "description"]).unwrap_or(1),
                "summary-too-long",
                format!("the summary has {} characters; more than {MAX_SUMMARY} does not fit one phone screen", s.chars().count()),
            )
            .hint("keep the answer short and move details into the body"),
        ),
        Some(_) => {}
    }
}

/// Every finding `check` adds to the build's own.
pub fn lint(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let linked: HashSet<&PathBuf> =
        site.articles.iter().map(|a| &a.doc).chain(site.runbooks.iter().map(|r| &r.doc)).flat_map(|d| d.html.links.iter()).collect();
    let related: HashSet<String> = site.articles.iter().flat_map(|a| a.related.iter().filter_map(|r| site.article_ref(r).ok())).collect();
    let incident_articles: HashSet<String> =
        site.incidents.iter().flat_map(|i| i.articles.iter().filter_map(|r| site.article_ref(r).ok())).collect();
    for a in &site.articles {
        review(site, &a.doc, &mut out);
        summary(a, &mut out);
        let listed = !a.dirs.is_empty() || a.promoted;
        let referenced = linked.contains(&a.doc.source) || related.contains(&a.key) || incident_articles.contains(&a.key);
        if !listed && !referenced {
            out.push(
                Diagnostic::warning(&a.doc.source, 1, "orphan-article", "no page links to this article and no category lists it")
                    .hint("move it into a category folder, link it from a related article, or add `promoted: true`"),
            );
        }
        if a.doc.lang != site.default_lang() {
            if let Some(src) = site.in_lang(&a.key, site.default_lang()).filter(|s| s.doc.lang == site.default_lang()) {
                if let (Some(src_u), Some(tr_u)) = (src.doc.updated, a.doc.updated) {
                    if src_u > tr_u {
                        out.push(
                            Diagnostic::warning(
                                &a.doc.source,
                                a.doc.places.key(&["updated", "lastmod", "last_updated", "date"]).unwrap_or(1),
                                "stale-translation",
                                format!(
                                    "translation last updated {}, its source {} on {}",
                                    tr_u.date_naive(),
                                    src.doc.source.display(),
                                    src_u.date_naive()
                                ),
                            )
                            .hint("update the translation, then its `updated:` date"),
                        );
                    }
                }
            }
        }
    }
    for r in &site.runbooks {
        review(site, &r.doc, &mut out);
        if r.doc.owner.is_none() {
            out.push(
                Diagnostic::warning(&r.doc.source, 1, "missing-owner", "this runbook has no `owner`")
                    .hint("add `owner:` with the team or person who keeps it right"),
            );
        }
    }
    for i in &site.incidents {
        if status::is_open(i, site.now) && site.now.signed_duration_since(i.started) > Duration::days(7) {
            out.push(
                Diagnostic::warning(
                    &i.source,
                    i.places.key(&["started", "date"]).unwrap_or(1),
                    "incident-open-long",
                    format!("the incident has been open since {} (more than 7 days)", i.started.date_naive()),
                )
                .hint("resolve it (`frontline incident resolve ...`) or post an update"),
            );
        }
    }
    out
}
