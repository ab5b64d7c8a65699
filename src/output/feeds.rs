//! Feeds: `/articles/feed.atom` (public help-center updates).

use super::OutputFile;
use crate::content::Audience;
use crate::model::Site;
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};

pub fn articles_atom(site: &Site) -> OutputFile {
    let base = &site.config.base_url;
    let lang = site.default_lang();
    let mut arts: Vec<_> = site.articles.iter().filter(|a| a.audience == Audience::Public).collect();
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
        id: format!("{base}/articles/feed.atom"),
        title: Text::plain(site.config.title.get(lang).to_string()),
        updated: arts.iter().filter_map(|a| a.doc.updated).max().unwrap_or(epoch),
        links: vec![
            Link { href: format!("{base}/"), ..Default::default() },
            Link { href: format!("{base}/articles/feed.atom"), rel: "self".into(), ..Default::default() },
        ],
        lang: Some(lang.to_string()),
        entries,
        ..Default::default()
    };
    OutputFile::new("articles/feed.atom", feed.to_string())
}
