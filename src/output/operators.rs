//! The operators' views on the internal site: the internal home's open incidents
//! with their runbooks, "needs review" list and ownership table, and a runbook's
//! incidents and help articles.

use super::views::Link;
use crate::content::incident::Incident;
use crate::content::{Audience, Doc, Runbook};
use crate::model::{status, Site};
use crate::render::i18n;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;

#[derive(Serialize)]
struct OpenIncident {
    title: String,
    url: String,
    status: &'static str,
    runbooks: Vec<Link>,
}

#[derive(Serialize)]
struct Review {
    title: String,
    url: String,
    kind: &'static str,
    reason: String,
    owner: String,
}

#[derive(Serialize)]
struct Owned {
    owner: String,
    items: Vec<Link>,
}

fn runbook_links(site: &Site, i: &Incident) -> Vec<Link> {
    i.runbooks.iter().filter_map(|r| site.runbook_ref(r).ok()).map(|r| Link { title: r.doc.title.clone(), url: r.path.clone() }).collect()
}

/// Why `d` needs review now, if it does: overdue, or (when `needs_owner`) no owner.
fn review_reason(site: &Site, d: &Doc, needs_owner: bool, lang: &str) -> Option<String> {
    if let Some(due) = d.last_reviewed.zip(d.review_every_days).and_then(|(last, days)| crate::dates::add_days(last, days)) {
        if due < site.now {
            return Some(format!("{} {}", i18n::ui(lang, "overdue_since"), i18n::date(&due, site.config.timezone, lang)));
        }
    }
    (needs_owner && d.owner.is_none()).then(|| i18n::ui(lang, "no_owner").to_string())
}

/// Context for the internal home page.
pub fn internal_home(site: &Site, lang: &str, ctx: &mut Context) {
    let open: Vec<OpenIncident> = site
        .incidents
        .iter()
        .filter(|i| status::is_open(i, site.now) || status::maintenance_active(i, site.now))
        .map(|i| OpenIncident {
            title: i.title.clone(),
            url: site.url(lang, &super::status::incident_path(i)),
            status: i18n::ui(lang, status::current_status(i, site.now)),
            runbooks: runbook_links(site, i),
        })
        .collect();
    ctx.insert("open_incidents", &open);
    let mut review = Vec::new();
    let mut owners: BTreeMap<String, Vec<Link>> = BTreeMap::new();
    for a in site.articles.iter().filter(|a| a.doc.lang == lang) {
        let url = site.article_url(a);
        // Public articles without an owner are the norm; internal ones need one.
        if let Some(reason) = review_reason(site, &a.doc, a.audience == Audience::Internal, lang) {
            review.push(Review {
                title: a.doc.title.clone(),
                url: url.clone(),
                kind: "article",
                reason,
                owner: a.doc.owner.clone().unwrap_or_default(),
            });
        }
        if let Some(o) = &a.doc.owner {
            owners.entry(o.clone()).or_default().push(Link { title: a.doc.title.clone(), url });
        }
    }
    for r in &site.runbooks {
        if let Some(reason) = review_reason(site, &r.doc, true, lang) {
            review.push(Review {
                title: r.doc.title.clone(),
                url: r.path.clone(),
                kind: "runbook",
                reason,
                owner: r.doc.owner.clone().unwrap_or_default(),
            });
        }
        if let Some(o) = &r.doc.owner {
            owners.entry(o.clone()).or_default().push(Link { title: r.doc.title.clone(), url: r.path.clone() });
        }
    }
    ctx.insert("needs_review", &review);
    let owned: Vec<Owned> = owners.into_iter().map(|(owner, items)| Owned { owner, items }).collect();
    ctx.insert("owners", &owned);
}

/// Context for a runbook page: incidents that name it or touch its components, and
/// the help articles it links to or that those incidents point customers to.
pub fn runbook(site: &Site, r: &Runbook, lang: &str, ctx: &mut Context) {
    let mine = |i: &&Incident| {
        i.runbooks.iter().any(|n| site.runbook_ref(n).is_ok_and(|x| x.path == r.path))
            || i.components.iter().any(|(c, _)| r.components.contains(c))
    };
    let incidents: Vec<_> = site.incidents.iter().filter(mine).take(20).map(|i| super::status::incident_view(site, i, lang)).collect();
    ctx.insert("incidents", &incidents);
    let mut articles: Vec<Link> = Vec::new();
    let linked = site.articles.iter().filter(|a| r.doc.html.links.contains(&a.doc.source));
    let from_incidents = site
        .incidents
        .iter()
        .filter(mine)
        .flat_map(|i| i.articles.iter())
        .filter_map(|n| site.article_ref(n).ok())
        .filter_map(|k| site.in_lang(&k, lang));
    for a in linked.chain(from_incidents) {
        let url = site.article_url(a);
        if !articles.iter().any(|l| l.url == url) {
            articles.push(Link { title: a.doc.title.clone(), url });
        }
    }
    ctx.insert("articles", &articles);
}
