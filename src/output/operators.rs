//! The operators' views on the internal site: the internal home (open incidents and
//! maintenance with their runbooks, "needs review", items without an owner, who owns
//! what), and a runbook's open incidents, escalation contacts, past incidents and
//! help articles.

use super::shift;
use super::views::Link;
use crate::content::incident::Incident;
use crate::content::{Audience, Doc, Runbook};
use crate::model::Site;
use crate::render::i18n;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;

/// A page that needs review: overdue, or due within [`DUE_SOON_DAYS`].
#[derive(Serialize)]
struct Review {
    title: String,
    url: String,
    kind: &'static str,
    owner: String,
    due: String,
    due_iso: String,
    overdue: bool,
}

/// An internal article or runbook nobody owns.
#[derive(Serialize)]
struct Unowned {
    title: String,
    url: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct Owned {
    owner: String,
    items: Vec<Link>,
}

/// Items due this soon are listed with the overdue ones.
const DUE_SOON_DAYS: i64 = 14;

/// When `d` is due for review: `last_reviewed` (else `updated`) plus its period.
fn due(d: &Doc) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    d.last_reviewed.or(d.updated).zip(d.review_every_days).and_then(|(last, days)| crate::dates::add_days(last, days))
}

fn review(site: &Site, d: &Doc, url: &str, kind: &'static str, lang: &str) -> Option<Review> {
    let due = due(d)?;
    let soon = crate::dates::add_days(site.now, DUE_SOON_DAYS)?;
    (due < soon).then(|| Review {
        title: d.title.clone(),
        url: url.to_string(),
        kind,
        owner: d.owner.clone().unwrap_or_default(),
        due: i18n::date(&due, site.config.timezone, lang),
        due_iso: due.to_rfc3339(),
        overdue: due < site.now,
    })
}

/// Context for the internal home page: the shift's incidents and maintenance, what
/// needs review, what has no owner, and who owns what.
pub fn internal_home(site: &Site, lang: &str, ctx: &mut Context) {
    ctx.insert("shift", &shift::items(site, lang));
    ctx.insert("shift_url", &shift::path(site, lang));
    let mut review_list = Vec::new();
    let mut unowned = Vec::new();
    let mut owners: BTreeMap<String, Vec<Link>> = BTreeMap::new();
    let docs = site
        .articles
        .iter()
        .filter(|a| a.doc.lang == lang)
        .map(|a| (&a.doc, site.article_url(a), "article", a.audience == Audience::Internal))
        .chain(site.runbooks.iter().map(|r| (&r.doc, r.path.clone(), "runbook", true)));
    for (d, url, kind, internal) in docs {
        review_list.extend(review(site, d, &url, kind, lang));
        match &d.owner {
            Some(o) => owners.entry(o.clone()).or_default().push(Link { title: d.title.clone(), url }),
            // Public articles without an owner are the norm; internal ones need one.
            None if internal => unowned.push(Unowned { title: d.title.clone(), url, kind }),
            None => {}
        }
    }
    review_list.sort_by(|a, b| a.due_iso.cmp(&b.due_iso));
    ctx.insert("needs_review", &review_list);
    ctx.insert("unowned", &unowned);
    let owned: Vec<Owned> = owners.into_iter().map(|(owner, items)| Owned { owner, items }).collect();
    ctx.insert("owners", &owned);
}

/// Context for a runbook page: incidents that name it or touch its components, and
/// the help articles it links to or that those incidents point customers to.
pub fn runbook(site: &Site, r: &Runbook, lang: &str, ctx: &mut Context) {
    let open: Vec<shift::Item> = shift::items(site, lang).into_iter().filter(|i| !i.upcoming && shift::concerns(i, r)).collect();
    ctx.insert("open_now", &open);
    ctx.insert("shift_url", &shift::path(site, lang));
    ctx.insert("component_ids", &r.components);
    ctx.insert("escalation", &super::contact::steps(&r.escalation));
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
