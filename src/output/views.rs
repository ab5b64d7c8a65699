//! Serializable views handed to templates: small, flat, already localized.

use crate::content::{Article, Audience, Runbook};
use crate::model::{Category, Site};
use crate::render::i18n;
use serde::Serialize;

#[derive(Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct LangLink {
    pub lang: String,
    pub name: &'static str,
    pub url: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub lang: &'a str,
    pub audience: Audience,
    pub internal: bool,
    pub home: String,
    pub search: String,
    pub status: String,
    /// This language's articles feed.
    pub feed: String,
    pub contact: &'a crate::config::Contact,
    pub has_contact: bool,
    /// `feedback.endpoint` from site.yaml: "was this helpful" and failed searches go there.
    pub feedback_endpoint: Option<&'a str>,
    pub generated: String,
    pub base_url: &'a str,
    /// Language switcher for the current page.
    pub languages: Vec<LangLink>,
}

#[derive(Serialize)]
pub struct Card {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub category: String,
    pub updated: String,
    pub internal: bool,
}

#[derive(Serialize)]
pub struct CategoryCard {
    pub title: String,
    pub url: String,
    pub description: String,
    pub count: usize,
    pub articles: Vec<Card>,
}

pub fn lang_name(lang: &str) -> &'static str {
    match lang {
        "ru" => "Русский",
        "en" => "English",
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "uk" => "Українська",
        _ => "",
    }
}

pub fn site_view<'a>(site: &'a Site, lang: &'a str, audience: Audience, alternates: &[(String, String)]) -> SiteView<'a> {
    let c = &site.config;
    let languages = c
        .languages
        .iter()
        .map(|l| LangLink {
            lang: l.clone(),
            name: if lang_name(l).is_empty() { "" } else { lang_name(l) },
            url: alternates.iter().find(|(al, _)| al == l).map_or_else(|| site.url(l, "/"), |(_, u)| u.clone()),
            current: l == lang,
        })
        .collect();
    SiteView {
        title: c.title.get(lang),
        description: c.description.get(lang),
        lang,
        audience,
        internal: audience == Audience::Internal,
        home: site.url(lang, "/"),
        search: site.url(lang, "/search/"),
        status: site.url(lang, "/status/"),
        feed: site.url(lang, "/articles/feed.atom"),
        contact: &c.contact,
        has_contact: c.contact.email.is_some() || c.contact.url.is_some() || c.contact.phone.is_some(),
        feedback_endpoint: c.feedback_endpoint.as_deref(),
        generated: site.now.to_rfc3339(),
        base_url: site.base_url(audience),
        languages,
    }
}

pub fn card(site: &Site, a: &Article) -> Card {
    let lang = &a.doc.lang;
    Card {
        title: a.doc.title.clone(),
        url: site.article_url(a),
        summary: a.doc.summary.clone().unwrap_or_default(),
        category: site.category(&a.dirs[..a.dirs.len().min(1)]).map(|c| c.title.get(lang).to_string()).unwrap_or_default(),
        updated: a.doc.updated.map(|t| i18n::date(&t, site.config.timezone, lang)).unwrap_or_default(),
        internal: a.audience == Audience::Internal,
    }
}

pub fn runbook_card(site: &Site, r: &Runbook) -> Card {
    Card {
        title: r.doc.title.clone(),
        url: r.path.clone(),
        summary: r.doc.summary.clone().unwrap_or_default(),
        category: r.name.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default(),
        updated: r.doc.updated.map(|t| i18n::date(&t, site.config.timezone, &r.doc.lang)).unwrap_or_default(),
        internal: false,
    }
}

/// Articles directly in `cat` (not in its sections), one language, one audience.
pub fn category_articles<'a>(
    site: &'a Site,
    cat: &'a Category,
    lang: &'a str,
    audience: Audience,
) -> impl Iterator<Item = &'a Article> + 'a {
    site.articles_in_folder(&cat.dirs).filter(move |a| a.doc.lang == lang && Site::visible(a, audience))
}

/// Articles in `cat` or any of its sections.
pub fn category_count(site: &Site, cat: &Category, lang: &str, audience: Audience) -> usize {
    site.category_count(&cat.dirs, lang, audience)
}

pub fn category_card(site: &Site, cat: &Category, lang: &str, audience: Audience) -> CategoryCard {
    CategoryCard {
        title: cat.title.get(lang).to_string(),
        url: site.url(lang, &cat.path),
        description: cat.description.as_ref().map(|d| d.get(lang).to_string()).unwrap_or_default(),
        count: category_count(site, cat, lang, audience),
        articles: category_articles(site, cat, lang, audience).take(5).map(|a| card(site, a)).collect(),
    }
}
