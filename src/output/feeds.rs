//! Feeds: `/articles/feed.atom` and `/<lang>/articles/feed.atom` (help-center
//! updates, one feed per language so readers show each in its own; the internal
//! site's list internal articles too), `/status/...` (incident updates).

use super::OutputFile;
use crate::content::Audience;
use crate::model::Site;
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};

/// One articles feed per language.
pub fn articles_atoms(site: &Site, audience: Audience) -> Vec<OutputFile> {
    site.config.languages.iter().map(|lang| articles_atom(site, audience, lang)).collect()
}

fn articles_atom(site: &Site, audience: Audience, lang: &str) -> OutputFile {
    let base = site.base_url(audience);
    let path = site.url(lang, "/articles/feed.atom");
    let mut arts: Vec<_> = site.articles.iter().filter(|a| Site::visible(a, audience) && a.doc.lang == lang).collect();
    arts.sort_by(|a, b| b.doc.updated.cmp(&a.doc.updated).then_with(|| a.path.cmp(&b.path)));
    arts.truncate(50);
    let epoch: FixedDateTime = site.now;
    let entries: Vec<Entry> = arts
        .iter()
        .map(|a| {
            let url = format!("{base}{}", site.article_url(a));
            Entry {
                id: url.clone(),
                title: Text::plain(a.doc.title.clone()),
                updated: a.doc.updated.unwrap_or(epoch),
                links: vec![Link { href: url, ..Default::default() }],
                summary: a.doc.summary.clone().map(Text::plain),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: format!("{base}{path}"),
        title: Text::plain(site.config.title.get(lang).to_string()),
        authors: vec![author(site, lang)],
        updated: arts.iter().filter_map(|a| a.doc.updated).max().unwrap_or(epoch),
        links: vec![
            Link { href: format!("{base}{}", site.url(lang, "/")), ..Default::default() },
            Link { href: format!("{base}{path}"), rel: "self".into(), ..Default::default() },
        ],
        lang: Some(lang.to_string()),
        entries,
        ..Default::default()
    };
    OutputFile::new(path.trim_start_matches('/'), feed.to_string())
}

/// The feed's author: the site (RFC 4287 wants one for a feed whose entries name none).
fn author(site: &Site, lang: &str) -> Person {
    let c = &site.config;
    Person { name: c.title.get(lang).to_string(), email: c.contact.email.clone(), ..Default::default() }
}

/// One feed entry per posted incident update.
struct UpdateEntry<'a> {
    incident: &'a crate::content::incident::Incident,
    n: usize,
}

fn update_entries<'a>(site: &'a Site, component: Option<&str>) -> Vec<UpdateEntry<'a>> {
    let mut v: Vec<UpdateEntry> = site
        .incidents
        .iter()
        .filter(|i| {
            component.is_none_or(|c| {
                i.components.iter().any(|(id, _)| id == c)
                    || i.updates.iter().any(|u| u.components.as_ref().is_some_and(|m| m.iter().any(|(id, _)| id == c)))
            })
        })
        .flat_map(|i| i.updates.iter().enumerate().filter(|(_, u)| u.at <= site.now).map(move |(n, _)| UpdateEntry { incident: i, n }))
        .collect();
    v.sort_by(|a, b| b.at().cmp(&a.at()).then_with(|| a.incident.id.cmp(&b.incident.id)).then_with(|| b.n.cmp(&a.n)));
    v.truncate(200);
    v
}

impl UpdateEntry<'_> {
    fn at(&self) -> FixedDateTime {
        self.incident.updates[self.n].at
    }

    fn link(&self, site: &Site) -> String {
        format!("{}{}", site.config.base_url, crate::model::routes::incident_path(self.incident))
    }

    /// Stable across builds: the incident page plus the update's stable id.
    fn id(&self, site: &Site) -> String {
        format!("{}#update-{}", self.link(site), crate::model::routes::update_id(self.incident, &self.at(), self.n))
    }

    fn title(&self, lang: &str) -> String {
        let u = &self.incident.updates[self.n];
        format!("{}: {}", self.incident.title, crate::render::i18n::ui(lang, &u.status))
    }
}

/// `/status/feed.atom`, `/status/feed.rss`, `/status/components/<id>/feed.atom`.
pub fn status_feeds(site: &Site) -> Vec<OutputFile> {
    let mut out = vec![status_atom(site, None, "status/feed.atom"), status_rss(site)];
    for c in &site.config.components {
        out.push(status_atom(site, Some(&c.id), &format!("status/components/{}/feed.atom", c.id)));
    }
    out
}

fn status_atom(site: &Site, component: Option<&str>, path: &str) -> OutputFile {
    let base = &site.config.base_url;
    let lang = site.default_lang();
    let entries: Vec<Entry> = update_entries(site, component)
        .iter()
        .map(|e| Entry {
            id: e.id(site),
            title: Text::plain(e.title(lang)),
            updated: e.at(),
            published: Some(e.at()),
            links: vec![Link { href: e.link(site), ..Default::default() }],
            content: Some(atom_syndication::Content {
                value: Some(e.incident.updates[e.n].message.clone()),
                content_type: Some("text".into()),
                ..Default::default()
            }),
            ..Default::default()
        })
        .collect();
    let title = match component {
        Some(c) => format!("{} — {}", site.config.title.get(lang), crate::model::routes::component_name(&site.config, c, lang)),
        None => format!("{} — {}", site.config.title.get(lang), crate::render::i18n::ui(lang, "status_page")),
    };
    let feed = Feed {
        id: format!("{base}/{path}"),
        title: Text::plain(title),
        authors: vec![author(site, site.default_lang())],
        updated: entries.first().map_or(site.now, |e| e.updated),
        links: vec![
            Link { href: format!("{base}/status/"), ..Default::default() },
            Link { href: format!("{base}/{path}"), rel: "self".into(), ..Default::default() },
        ],
        lang: Some(lang.to_string()),
        entries,
        ..Default::default()
    };
    OutputFile::new(path, feed.to_string())
}

fn status_rss(site: &Site) -> OutputFile {
    let base = &site.config.base_url;
    let lang = site.default_lang();
    let items: Vec<rss::Item> = update_entries(site, None)
        .iter()
        .map(|e| {
            let mut item = rss::Item::default();
            item.set_title(e.title(lang));
            item.set_link(e.link(site));
            item.set_description(e.incident.updates[e.n].message.clone());
            item.set_pub_date(e.at().to_rfc2822());
            item.set_guid(rss::Guid { value: e.id(site), permalink: false });
            item
        })
        .collect();
    let mut ch = rss::Channel::default();
    ch.set_title(format!("{} — {}", site.config.title.get(lang), crate::render::i18n::ui(lang, "status_page")));
    ch.set_link(format!("{base}/status/"));
    ch.set_description(crate::render::i18n::ui(lang, "history").to_string());
    ch.set_language(Some(lang.to_string()));
    ch.set_last_build_date(Some(site.now.to_rfc2822()));
    ch.set_items(items);
    OutputFile::new("status/feed.rss", ch.to_string())
}
