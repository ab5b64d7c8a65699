//! HTML pages: home, category/section, article, runbooks, 404 — per language,
//! for one audience, rendered in parallel.

use super::job::{base, Job};
use super::views::{self, card, category_card, Link};
use super::{OutputFile, Source};
use crate::content::{Article, Audience, Runbook};
use crate::diag::Diagnostic;
use crate::model::{Category, Site};
use crate::render::i18n;
use crate::render::templates::Templates;
use rayon::prelude::*;
use serde::Serialize;

/// Every page of one audience.
pub fn all(site: &Site, audience: Audience, t: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut results = chrome(site, audience, t);
    results.extend(articles(site, &site.articles, audience, t));
    if audience == Audience::Internal {
        results.extend(runbooks(site, &site.runbooks, t));
    }
    collect(results)
}

/// `Ok` with all the files when every page rendered, else every error (deduplicated).
pub fn collect(results: Vec<Result<OutputFile, Diagnostic>>) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let (ok, errs): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if errs.is_empty() {
        Ok(ok.into_iter().map(Result::unwrap).collect())
    } else {
        let mut e: Vec<Diagnostic> = errs.into_iter().map(|e| e.unwrap_err()).collect();
        e.dedup();
        Err(e)
    }
}

/// Render one page; `source` is what it is made from (none: frontline's own page).
fn render_job(t: &Templates, j: Job, source: Option<Source>) -> Result<OutputFile, Diagnostic> {
    t.render(j.template, &j.ctx).map(|html| {
        let f = OutputFile::page(&j.url, html).in_lang(j.lang());
        match source {
            Some(s) => f.from_source(s),
            None => f,
        }
    })
}

/// The pages other than articles, runbooks and status pages: home, search,
/// categories, runbook index and 404.
pub fn chrome(site: &Site, audience: Audience, t: &Templates) -> Vec<Result<OutputFile, Diagnostic>> {
    let mut jobs = Vec::new();
    for lang in &site.config.languages {
        jobs.push((home(site, lang, audience), None));
        jobs.push((search_page(site, lang, audience), None));
        for c in &site.categories {
            if views::category_count(site, c, lang, audience) > 0 {
                jobs.push((category(site, c, lang, audience), Some(Source::Folder(c.source.clone()))));
            }
        }
    }
    if audience == Audience::Internal {
        jobs.push((runbook_index(site), None));
    }
    jobs.push((not_found(site, audience), None));
    jobs.into_par_iter().map(|(j, s)| render_job(t, j, s)).collect()
}

/// The internal pages that list incidents besides the status pages: the home pages
/// (open incidents for operators) and the runbooks (their incidents).
pub fn operators(site: &Site, t: &Templates) -> Vec<Result<OutputFile, Diagnostic>> {
    let homes: Vec<Job> = site.config.languages.iter().map(|l| home(site, l, Audience::Internal)).collect();
    let mut out: Vec<_> = homes.into_par_iter().map(|j| render_job(t, j, None)).collect();
    out.extend(runbooks(site, &site.runbooks, t));
    out
}

/// The status page, history and incident pages of every language.
pub fn status(site: &Site, audience: Audience, t: &Templates) -> Vec<Result<OutputFile, Diagnostic>> {
    super::status::jobs(site, audience).into_par_iter().map(|j| render_job(t, j, None)).collect()
}

/// The pages of those of `list` the audience sees, in parallel, in order. Contexts
/// are built and dropped one by one: each holds a copy of its page's HTML.
pub fn articles(site: &Site, list: &[Article], audience: Audience, t: &Templates) -> Vec<Result<OutputFile, Diagnostic>> {
    list.par_iter()
        .filter(|a| Site::visible(a, audience))
        .map(|a| render_job(t, article(site, a, audience), Some(Source::Page(a.doc.source.clone()))))
        .collect()
}

/// Runbook pages (internal site only), in parallel, in order.
pub fn runbooks(site: &Site, list: &[Runbook], t: &Templates) -> Vec<Result<OutputFile, Diagnostic>> {
    list.par_iter().map(|r| render_job(t, runbook(site, r), Some(Source::Page(r.doc.source.clone())))).collect()
}

/// The pages an edit of article group `key` can change: its pages in every language,
/// their category chains, the home pages, the 404 page, and articles that list it
/// as related (serve's incremental rebuild).
pub fn article_pages(site: &Site, key: &str, audience: Audience, t: &Templates) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let group: Vec<&Article> = site.articles.iter().filter(|a| a.key == key && Site::visible(a, audience)).collect();
    let Some(first) = group.first() else { return Ok(Vec::new()) };
    let mut jobs: Vec<Job> = group.iter().map(|a| article(site, a, audience)).collect();
    for lang in &site.config.languages {
        jobs.push(home(site, lang, audience));
        for n in 1..=first.dirs.len() {
            if let Some(c) = site.category(&first.dirs[..n]) {
                if views::category_count(site, c, lang, audience) > 0 {
                    jobs.push(category(site, c, lang, audience));
                }
            }
        }
    }
    jobs.push(not_found(site, audience));
    let slug = &first.doc.slug;
    for other in site.articles.iter().filter(|o| o.key != key && Site::visible(o, audience)) {
        if other.related.iter().any(|r| r == slug || r.ends_with(&format!("/{slug}"))) {
            jobs.push(article(site, other, audience));
        }
    }
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for r in jobs
        .into_par_iter()
        .map(|j| t.render(j.template, &j.ctx).map(|html| OutputFile::page(&j.url, html).in_lang(j.lang())))
        .collect::<Vec<_>>()
    {
        match r {
            Ok(f) => out.push(f),
            Err(e) => errs.push(e),
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

fn home(site: &Site, lang: &str, audience: Audience) -> Job {
    let alternates: Vec<(String, String)> = site.config.languages.iter().map(|l| (l.clone(), site.url(l, "/"))).collect();
    let mut ctx = base(site, lang, audience, "home", site.config.title.get(lang), &alternates);
    if audience == Audience::Internal {
        // The operators' first screen: what they need during a shift.
        super::operators::internal_home(site, lang, &mut ctx);
        return Job { url: site.url(lang, "/"), template: "internal_home.html", ctx };
    }
    let cats: Vec<_> =
        site.categories.iter().filter(|c| c.is_top()).map(|c| category_card(site, c, lang, audience)).filter(|c| c.count > 0).collect();
    ctx.insert("categories", &cats);
    ctx.insert("promoted", &promoted(site, lang, audience));
    Job { url: site.url(lang, "/"), template: "home.html", ctx }
}

/// Cards of the promoted articles of one language the audience sees.
fn promoted(site: &Site, lang: &str, audience: Audience) -> Vec<views::Card> {
    site.articles_in(lang, audience).filter(|a| a.promoted).map(|a| card(site, a)).collect()
}

fn breadcrumbs(site: &Site, dirs: &[String], lang: &str) -> Vec<Link> {
    let mut v = vec![Link { title: i18n::ui(lang, "home").to_string(), url: site.url(lang, "/") }];
    for n in 1..=dirs.len() {
        if let Some(c) = site.category(&dirs[..n]) {
            v.push(Link { title: c.title.get(lang).to_string(), url: site.url(lang, &c.path) });
        }
    }
    v
}

fn category(site: &Site, c: &Category, lang: &str, audience: Audience) -> Job {
    let alternates: Vec<(String, String)> = site
        .config
        .languages
        .iter()
        .filter(|l| views::category_count(site, c, l, audience) > 0)
        .map(|l| (l.clone(), site.url(l, &c.path)))
        .collect();
    let title = c.title.get(lang);
    let mut ctx = base(site, lang, audience, "category", title, &alternates);
    ctx.insert("breadcrumbs", &breadcrumbs(site, &c.dirs[..c.dirs.len() - 1], lang));
    ctx.insert("description", &c.description.as_ref().map(|d| d.get(lang)).unwrap_or(""));
    ctx.insert("intro", &c.intro.get(lang).map(|d| d.html.html(audience)).unwrap_or_default());
    let sections: Vec<_> = site
        .categories
        .iter()
        .filter(|s| s.dirs.len() == c.dirs.len() + 1 && s.dirs.starts_with(&c.dirs))
        .map(|s| category_card(site, s, lang, audience))
        .filter(|s| s.count > 0)
        .collect();
    ctx.insert("sections", &sections);
    let articles: Vec<_> = views::category_articles(site, c, lang, audience).map(|a| card(site, a)).collect();
    ctx.insert("articles", &articles);
    Job { url: site.url(lang, &c.path), template: "category.html", ctx }
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
    canonical: String,
    html: String,
    toc: &'a [crate::render::markdown::TocEntry],
    updated: String,
    updated_iso: String,
    tags: &'a [String],
    owner: Option<&'a str>,
    internal: bool,
    extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
    last_reviewed: String,
    next_review: String,
    review_overdue: bool,
}

fn page_view<'a>(site: &Site, d: &'a crate::content::Doc, url: String, audience: Audience, internal: bool) -> PageView<'a> {
    let tz = site.config.timezone;
    let next = d.last_reviewed.zip(d.review_every_days).and_then(|(t, days)| crate::dates::add_days(t, days));
    let base = site.base_url(audience);
    PageView {
        title: &d.title,
        summary: d.summary.as_deref().unwrap_or(""),
        canonical: format!("{base}{url}"),
        url,
        html: d.html.html(audience),
        toc: &d.html.toc,
        updated: d.updated.map(|t| i18n::date(&t, tz, &d.lang)).unwrap_or_default(),
        updated_iso: d.updated.map(|t| t.to_rfc3339()).unwrap_or_default(),
        tags: &d.tags,
        owner: d.owner.as_deref(),
        internal,
        extra: &d.extra,
        last_reviewed: d.last_reviewed.map(|t| i18n::date(&t, tz, &d.lang)).unwrap_or_default(),
        next_review: next.map(|t| i18n::date(&t, tz, &d.lang)).unwrap_or_default(),
        review_overdue: next.is_some_and(|t| t < site.now),
    }
}

fn article(site: &Site, a: &Article, audience: Audience) -> Job {
    let lang = a.doc.lang.as_str();
    let translations: Vec<&Article> = site.translations(a).into_iter().filter(|t| Site::visible(t, audience)).collect();
    let alternates: Vec<(String, String)> = translations.iter().map(|t| (t.doc.lang.clone(), site.article_url(t))).collect();
    let mut ctx = base(site, lang, audience, "article", &a.doc.title, &alternates);
    let url = site.article_url(a);
    ctx.insert("page", &page_view(site, &a.doc, url.clone(), audience, a.audience == Audience::Internal));
    ctx.insert("breadcrumbs", &breadcrumbs(site, &a.dirs, lang));
    let related: Vec<_> = site.related(a, audience).into_iter().map(|r| card(site, r)).collect();
    ctx.insert("related", &related);
    #[derive(Serialize)]
    struct Tr {
        lang: String,
        name: &'static str,
        title: String,
        url: String,
        current: bool,
    }
    let tr: Vec<Tr> = translations
        .iter()
        .map(|t| Tr {
            lang: t.doc.lang.clone(),
            name: views::lang_name(&t.doc.lang),
            title: t.doc.title.clone(),
            url: site.article_url(t),
            current: t.doc.lang == lang,
        })
        .collect();
    ctx.insert("translations", &tr);
    Job { url, template: "article.html", ctx }
}

fn runbook_index(site: &Site) -> Job {
    let lang = site.default_lang();
    let mut ctx = base(site, lang, Audience::Internal, "runbooks", i18n::ui(lang, "runbooks"), &[]);
    let cards: Vec<_> = site.runbooks.iter().map(|r| views::runbook_card(site, r)).collect();
    ctx.insert("runbooks", &cards);
    ctx.insert("breadcrumbs", &breadcrumbs(site, &[], lang));
    Job { url: "/runbooks/".into(), template: "runbooks.html", ctx }
}

fn runbook(site: &Site, r: &Runbook) -> Job {
    let lang = r.doc.lang.as_str();
    let mut ctx = base(site, lang, Audience::Internal, "runbook", &r.doc.title, &[]);
    ctx.insert("page", &page_view(site, &r.doc, r.path.clone(), Audience::Internal, true));
    let mut crumbs = breadcrumbs(site, &[], lang);
    crumbs.push(Link { title: i18n::ui(lang, "runbooks").into(), url: "/runbooks/".into() });
    ctx.insert("breadcrumbs", &crumbs);
    let comps: Vec<Link> = r
        .components
        .iter()
        .map(|id| Link {
            title: site.config.components.iter().find(|c| &c.id == id).map_or(id.clone(), |c| c.name.get(lang).to_string()),
            url: format!("/status/#component-{id}"),
        })
        .collect();
    ctx.insert("components", &comps);
    super::operators::runbook(site, r, lang, &mut ctx);
    Job { url: r.path.clone(), template: "runbook.html", ctx }
}

/// `/search/?q=`: results are filled in by the theme's search script from the URL;
/// the promoted articles are there for it to suggest when nothing is found.
fn search_page(site: &Site, lang: &str, audience: Audience) -> Job {
    let alternates: Vec<(String, String)> = site.config.languages.iter().map(|l| (l.clone(), site.url(l, "/search/"))).collect();
    let mut ctx = base(site, lang, audience, "search", i18n::ui(lang, "search"), &alternates);
    ctx.insert("promoted", &promoted(site, lang, audience));
    Job { url: site.url(lang, "/search/"), template: "search.html", ctx }
}

fn not_found(site: &Site, audience: Audience) -> Job {
    let lang = site.default_lang();
    let mut ctx = base(site, lang, audience, "404", i18n::ui(lang, "not_found_title"), &[]);
    ctx.insert("promoted", &promoted(site, lang, audience));
    Job { url: "/404.html".into(), template: "404.html", ctx }
}
