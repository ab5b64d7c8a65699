//! The site model: plain data assembled from config + content, and the queries
//! the output stage asks (categories, translations, references, URLs).
//! Validation that needs the whole site (two pages at one URL, unknown references)
//! happens here ([`checks`]).

use crate::config::{Config, Localized};
use crate::content::incident::Incident;
use crate::content::{slug::slugify, Article, Audience, CategoryMeta, Content, Doc, Runbook};
use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};
mod checks;
pub mod routes;
pub mod status;
pub mod statuspage;
pub use checks::alias_path;

use chrono::{DateTime, FixedOffset};
use std::collections::{BTreeMap, HashMap};

/// A folder under `articles/` (a category, or a section when nested).
#[derive(Debug, Clone)]
pub struct Category {
    pub dirs: Vec<String>,
    /// The folder, as shown in messages (`content/articles/Payments`).
    pub source: PathBuf,
    /// `/articles/<slug>/[<section>/]` without language prefix.
    pub path: String,
    pub title: Localized,
    pub description: Option<Localized>,
    pub order: i64,
    /// `_index.md` bodies by language.
    pub intro: BTreeMap<String, Doc>,
}

impl Category {
    pub fn is_top(&self) -> bool {
        self.dirs.len() == 1
    }
}

/// Everything the output stage needs, immutable once rendered.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub articles: Vec<Article>,
    pub runbooks: Vec<Runbook>,
    pub categories: Vec<Category>,
    /// Incidents and maintenance, newest `started` first.
    pub incidents: Vec<Incident>,
    pub now: DateTime<FixedOffset>,
    by_key: HashMap<String, Vec<usize>>,
    /// Group keys by every name an article can be referred to with: slug,
    /// `category/slug`, and its key.
    by_name: HashMap<String, Vec<String>>,
    /// (category folders, language) -> articles in it or its sections, as
    /// [public, all]: category pages, cards and chrome ask for these for every
    /// category, and counting by scanning every article made each a full pass.
    category_counts: HashMap<(Vec<String>, String), [usize; 2]>,
}

/// Add the components incidents name in `affected:` without a declaration
/// (cState content), under the group "Other", in id order.
pub fn declare_undeclared(config: &mut Config, incidents: &[Incident]) {
    let mut new: Vec<&(String, String)> = incidents.iter().flat_map(|i| &i.undeclared).collect();
    new.sort();
    new.dedup_by(|a, b| a.0 == b.0);
    for (id, name) in new {
        if config.components.iter().any(|c| c.id == *id) {
            continue;
        }
        let other = Localized(BTreeMap::from([(String::new(), "Other".to_string()), ("ru".to_string(), "Другое".to_string())]));
        config.components.push(crate::config::Component {
            id: id.clone(),
            name: Localized::plain(name),
            group: Some(other),
            description: None,
        });
    }
}

impl Site {
    /// Assemble and validate. Errors are returned alongside a usable site.
    pub fn new(mut config: Config, content: Content, now: DateTime<FixedOffset>) -> (Site, Vec<Diagnostic>) {
        declare_undeclared(&mut config, &content.incidents);
        let mut articles = content.articles;
        articles.sort_by(|a, b| (&a.dirs, a.doc.order, &a.doc.title, &a.doc.lang).cmp(&(&b.dirs, b.doc.order, &b.doc.title, &b.doc.lang)));
        let mut runbooks = content.runbooks;
        runbooks.sort_by(|a, b| a.name.cmp(&b.name));
        let categories = categories(&articles, content.categories, &crate::content::shown(&config, &config.content_dir().join("articles")));
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in articles.iter().enumerate() {
            by_key.entry(a.key.clone()).or_default().push(i);
        }
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        for a in &articles {
            let cat = a.dirs.first().map(|d| slugify(d)).unwrap_or_default();
            for name in [a.doc.slug.clone(), format!("{cat}/{}", a.doc.slug), a.key.clone()] {
                let keys = by_name.entry(name).or_default();
                if !keys.contains(&a.key) {
                    keys.push(a.key.clone());
                }
            }
        }
        let mut category_counts: HashMap<(Vec<String>, String), [usize; 2]> = HashMap::new();
        for a in &articles {
            for depth in 1..=a.dirs.len() {
                let n = category_counts.entry((a.dirs[..depth].to_vec(), a.doc.lang.clone())).or_default();
                n[0] += usize::from(a.audience == Audience::Public);
                n[1] += 1;
            }
        }
        let site = Site { config, articles, runbooks, categories, incidents: content.incidents, now, by_key, by_name, category_counts };
        let mut diags = site.duplicate_urls();
        diags.extend(site.duplicate_incident_ids());
        diags.extend(site.check_aliases());
        diags.extend(site.check_related());
        diags.extend(site.check_incident_refs());
        (site, diags)
    }

    pub fn default_lang(&self) -> &str {
        self.config.default_language()
    }

    /// `/en` for a non-default language, `` for the default.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_lang() {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    pub fn url(&self, lang: &str, path: &str) -> String {
        format!("{}{path}", self.lang_prefix(lang))
    }

    pub fn article_url(&self, a: &Article) -> String {
        self.url(&a.doc.lang, &a.path)
    }

    /// The site's address for one audience (`base_url` or `internal_base_url`).
    pub fn base_url(&self, audience: Audience) -> &str {
        match audience {
            Audience::Public => &self.config.base_url,
            Audience::Internal => &self.config.internal_base_url,
        }
    }

    pub fn visible(a: &Article, audience: Audience) -> bool {
        audience == Audience::Internal || a.audience == Audience::Public
    }

    /// How many articles in `lang` one audience sees in the category with folders
    /// `dirs` or any of its sections. Stays right while serve replaces an article
    /// in place (same folders, language and audience).
    pub fn category_count(&self, dirs: &[String], lang: &str, audience: Audience) -> usize {
        // Every article is in some category folder; a category without folders has none.
        if dirs.is_empty() {
            return self.articles_in(lang, audience).count();
        }
        let n = self.category_counts.get(&(dirs.to_vec(), lang.to_string())).copied().unwrap_or_default();
        n[usize::from(audience == Audience::Internal)]
    }

    /// Articles directly in the folder `dirs` (not in its sections), in site order:
    /// found by binary search, as articles are sorted by folders first.
    pub fn articles_in_folder<'a>(&'a self, dirs: &'a [String]) -> impl Iterator<Item = &'a Article> + 'a {
        let start = self.articles.partition_point(|a| a.dirs.as_slice() < dirs);
        self.articles[start..].iter().take_while(move |a| a.dirs == dirs)
    }

    /// Articles one audience sees in one language.
    pub fn articles_in<'a>(&'a self, lang: &'a str, audience: Audience) -> impl Iterator<Item = &'a Article> + 'a {
        self.articles.iter().filter(move |a| a.doc.lang == lang && Self::visible(a, audience))
    }

    /// All language versions of `a` (itself included), default language first.
    pub fn translations<'a>(&'a self, a: &Article) -> Vec<&'a Article> {
        let mut v: Vec<&Article> = self.by_key.get(&a.key).map(|ix| ix.iter().map(|&i| &self.articles[i]).collect()).unwrap_or_default();
        v.sort_by_key(|t| self.config.languages.iter().position(|l| *l == t.doc.lang).unwrap_or(usize::MAX));
        v
    }

    /// The version of the article group `key` in `lang`, else in the default language, else any.
    pub fn in_lang<'a>(&'a self, key: &str, lang: &str) -> Option<&'a Article> {
        let ix = self.by_key.get(key)?;
        let pick = |l: &str| ix.iter().map(|&i| &self.articles[i]).find(|a| a.doc.lang == l);
        pick(lang).or_else(|| pick(self.default_lang())).or_else(|| ix.first().map(|&i| &self.articles[i]))
    }

    pub fn category(&self, dirs: &[String]) -> Option<&Category> {
        self.categories.iter().find(|c| c.dirs == dirs)
    }

    /// Resolve an article reference (`slug` or `category/slug`) to its group key.
    pub fn article_ref(&self, name: &str) -> Result<String, String> {
        let name = name.trim().trim_matches('/');
        let mut keys: Vec<&str> = self.by_name.get(name).map(|v| v.iter().map(String::as_str).collect()).unwrap_or_default();
        keys.sort();
        keys.dedup();
        match keys.as_slice() {
            [one] => Ok(one.to_string()),
            [] => {
                let hint = crate::diag::did_you_mean(name, self.articles.iter().map(|a| a.doc.slug.as_str()));
                Err(hint.map_or("no article has this slug".to_string(), |h| format!("no article has this slug; did you mean `{h}`?")))
            }
            many => Err(format!("ambiguous: {}; write `category/slug`", many.join(", "))),
        }
    }

    /// Resolve a runbook reference (path under `runbooks/` without `.md`, or its slug).
    pub fn runbook_ref(&self, name: &str) -> Result<&Runbook, String> {
        let name = name.trim().trim_matches('/');
        let hits: Vec<&Runbook> =
            self.runbooks.iter().filter(|r| r.name == name || r.path == format!("/runbooks/{name}/") || r.doc.slug == name).collect();
        match hits.as_slice() {
            [one] => Ok(one),
            [] => Err(match crate::diag::did_you_mean(name, self.runbooks.iter().map(|r| r.name.as_str())) {
                Some(h) => format!("no runbook `{name}`; did you mean `{h}`?"),
                None => format!("no runbook `{name}`"),
            }),
            many => Err(format!("ambiguous: {}", many.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "))),
        }
    }

    /// Related articles of `a` in its language, visible to `audience`: each once,
    /// and never `a` itself (both are warned about by `check_related_of`).
    pub fn related<'a>(&'a self, a: &Article, audience: Audience) -> Vec<&'a Article> {
        let mut seen = std::collections::HashSet::from([a.key.clone()]);
        a.related
            .iter()
            .filter_map(|r| self.article_ref(r).ok())
            .filter(|k| seen.insert(k.clone()))
            .filter_map(|k| self.in_lang(&k, &a.doc.lang))
            .filter(|r| Self::visible(r, audience))
            .collect()
    }
}

/// The folders of `articles` (under `base`, as shown in messages) with their metadata.
fn categories(articles: &[Article], metas: Vec<CategoryMeta>, base: &Path) -> Vec<Category> {
    let mut paths: Vec<Vec<String>> = Vec::new();
    for a in articles {
        for n in 1..=a.dirs.len() {
            let p = a.dirs[..n].to_vec();
            if !paths.contains(&p) {
                paths.push(p);
            }
        }
    }
    let mut cats: Vec<Category> = paths
        .into_iter()
        .map(|dirs| {
            let meta = metas.iter().find(|m| m.dirs == dirs);
            let name = dirs.last().cloned().unwrap_or_default();
            Category {
                path: format!("/articles/{}/", dirs.iter().map(|d| slugify(d)).collect::<Vec<_>>().join("/")),
                title: meta.and_then(|m| m.title.clone()).unwrap_or_else(|| Localized::plain(&name)),
                description: meta.and_then(|m| m.description.clone()),
                order: meta.and_then(|m| m.order).unwrap_or(i64::MAX / 2),
                intro: meta.map(|m| m.intro.clone()).unwrap_or_default(),
                source: dirs.iter().fold(base.to_path_buf(), |p, d| p.join(d)),
                dirs,
            }
        })
        .collect();
    cats.sort_by(|a, b| (a.dirs.len(), a.order, &a.dirs).cmp(&(b.dirs.len(), b.order, &b.dirs)));
    cats
}

/// A short stable id (12 chars, base36) derived from `key`, like Statuspage's ids
/// but reproducible across builds: FNV-1a 64 of the key.
pub fn stable_id(key: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut out = String::with_capacity(12);
    for _ in 0..12 {
        out.push(char::from_digit((h % 36) as u32, 36).unwrap_or('0'));
        h /= 36;
    }
    out
}
