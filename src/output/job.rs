//! One page to render (URL, template, context) and the context every page starts
//! from (site, UI strings, language, page kind, alternates, status banner). Page
//! makers (`pages`, `status`, `operators`) build on it; it depends on none of them.

use super::views::site_view;
use crate::content::Audience;
use crate::model::Site;
use crate::render::i18n;
use serde::Serialize;
use tera::Context;

/// One page to render: its URL, template, and context.
pub(super) struct Job {
    pub url: String,
    pub template: &'static str,
    pub ctx: Context,
}

impl Job {
    /// The page's language (every page's context has one, from [`base`]).
    pub fn lang(&self) -> Option<&str> {
        self.ctx.get("lang").and_then(|v| v.as_str())
    }
}

/// The context every page starts from.
pub(super) fn base(site: &Site, lang: &str, audience: Audience, kind: &str, title: &str, alternates: &[(String, String)]) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", &site_view(site, lang, audience, alternates));
    ctx.insert("t", &i18n::table(lang));
    ctx.insert("lang", lang);
    ctx.insert("kind", kind);
    ctx.insert("title", title);
    #[derive(Serialize)]
    struct Alt<'a> {
        lang: &'a str,
        url: &'a str,
    }
    let alts: Vec<Alt> = alternates.iter().map(|(l, u)| Alt { lang: l, url: u }).collect();
    ctx.insert("alternates", &alts);
    if matches!(kind, "home" | "category" | "article" | "404") {
        ctx.insert("banner", &super::banner::banner(site, lang));
    }
    ctx
}
