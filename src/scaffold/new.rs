//! `new article|runbook`: one new file, a draft (like Hugo's `hugo new`), with
//! placeholders in the page's language. An article goes into an existing category
//! (found by folder name, slug or title) or a new one with its `_category.yaml`;
//! `--lang` with the title of an existing article makes a translation of that file.

use super::write_new;
use crate::config::Config;
use crate::content::doc::{Article, CategoryMeta};
use crate::content::slug::slugify;
use crate::diag::Diagnostics;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Article,
    Runbook,
}

/// What `new` made.
#[derive(Debug)]
pub struct NewPage {
    /// The new Markdown file.
    pub path: PathBuf,
    /// A `_category.yaml` written for a new category.
    pub category_file: Option<PathBuf>,
    /// The article this file translates.
    pub translation_of: Option<PathBuf>,
}

/// Create a new article or runbook as a draft. Never overwrites.
pub fn new_page(
    config: &Config,
    kind: NewKind,
    title: &str,
    category: Option<&str>,
    lang: Option<&str>,
    today: chrono::NaiveDate,
) -> anyhow::Result<NewPage> {
    let title = title.trim();
    if title.is_empty() {
        anyhow::bail!("the title is empty; write it in quotes, e.g. frontline new article \"How to get a refund\"");
    }
    let lang = lang.unwrap_or(config.default_language());
    if !config.languages.iter().any(|l| l == lang) {
        anyhow::bail!("language `{lang}` is not in site.yaml `languages` ({})", config.languages.join(", "));
    }
    let words = Words::of(lang);
    let quoted = serde_json::to_string(title)?;
    let suffix = if lang == config.default_language() { String::new() } else { format!(".{lang}") };
    match kind {
        NewKind::Runbook => {
            let cat = checked_folder(category.unwrap_or(""), "runbooks")?;
            let dir = config.content_dir().join("runbooks").join(cat);
            let path = dir.join(format!("{}{suffix}.md", slugify(title)));
            let text = format!("---\ntitle: {quoted}\ndraft: true          # {}\n{}", words.draft, words.runbook(today));
            std::fs::create_dir_all(&dir)?;
            write_new(&path, text.as_bytes())?;
            Ok(NewPage { path, category_file: None, translation_of: None })
        }
        NewKind::Article => {
            let mut diags = Diagnostics::default();
            let content = crate::content::load(config, true, &mut diags);
            if lang != config.default_language() {
                if let Some(original) = original_of(config, &content.articles, title) {
                    return translate(config, original, lang, &words);
                }
            }
            let (dir, category_file) = category_dir(config, &content.categories, category, title)?;
            let path = dir.join(format!("{}{suffix}.md", slugify(title)));
            if path.exists() {
                anyhow::bail!("{} already exists; choose another title or edit that file", path.display());
            }
            let text = format!("---\ntitle: {quoted}\ndraft: true          # {}\n{}", words.draft, words.article(today));
            std::fs::create_dir_all(&dir)?;
            let category_file = match category_file {
                Some((file, yaml)) => {
                    write_new(&file, yaml.as_bytes())?;
                    Some(file)
                }
                None => None,
            };
            write_new(&path, text.as_bytes())?;
            Ok(NewPage { path, category_file, translation_of: None })
        }
    }
}

/// The default-language article whose title (any case) or file slug is `title`.
fn original_of<'a>(config: &Config, articles: &'a [Article], title: &str) -> Option<&'a Article> {
    let wanted = slugify(title);
    articles.iter().filter(|a| a.doc.lang == config.default_language()).find(|a| {
        let stem = a.doc.rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        a.doc.title.trim().to_lowercase() == title.to_lowercase() || slugify(stem) == wanted || a.doc.slug == wanted
    })
}

/// `<stem>.<lang>.md` beside `original`, keeping its language-neutral keys.
fn translate(config: &Config, original: &Article, lang: &str, words: &Words) -> anyhow::Result<NewPage> {
    let from = config.content_dir().join("articles").join(&original.doc.rel);
    let stem = from.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let path = from.with_file_name(format!("{stem}.{lang}.md"));
    if path.exists() {
        anyhow::bail!("{} already exists: `{}` has a {lang} translation; edit that file", path.display(), original.doc.title);
    }
    let shown = original.doc.source.display().to_string();
    let quoted = serde_json::to_string(&original.doc.title)?;
    let mut text = format!("---\ntitle: {quoted}   # {}\ndraft: true          # {}\n", words.translate_title, words.draft);
    if original.doc.order != 0 {
        text.push_str(&format!("order: {}\n", original.doc.order));
    }
    text.push_str(&format!("summary: \"\"\n---\n\n{} {shown}\n", words.translate_body));
    write_new(&path, text.as_bytes())?;
    Ok(NewPage { path, category_file: None, translation_of: Some(original.doc.source.clone()) })
}

/// The folder for a new article: an existing category found by folder name, slug
/// or title, or a new folder (slug of the name) with the `_category.yaml` to write.
type CategoryFile = Option<(PathBuf, String)>;
fn category_dir(
    config: &Config,
    categories: &[CategoryMeta],
    category: Option<&str>,
    title: &str,
) -> anyhow::Result<(PathBuf, CategoryFile)> {
    let root = config.content_dir().join("articles");
    let tops: Vec<&CategoryMeta> = categories.iter().filter(|c| c.dirs.len() == 1).collect();
    let Some(category) = category else {
        let listed: Vec<String> = tops.iter().map(|c| describe(config, c)).collect();
        anyhow::bail!(
            "say which category the article belongs to: --category <folder or title>{}\n  e.g. frontline new article {} --category {}",
            if listed.is_empty() {
                " (a new name creates the category)".to_string()
            } else {
                format!("; the categories are: {}", listed.join(", "))
            },
            serde_json::to_string(title).unwrap_or_default(),
            tops.first().map_or("payments".to_string(), |c| c.dirs[0].clone())
        );
    };
    let cat = checked_folder(category, "articles")?;
    let (first, rest) = cat.split_once('/').unwrap_or((cat, ""));
    let wanted = slugify(first);
    let found = tops.iter().find(|c| {
        let dir = &c.dirs[0];
        dir.eq_ignore_ascii_case(first)
            || slugify(dir) == wanted
            || c.title.as_ref().is_some_and(|t| t.0.values().any(|v| v.trim().to_lowercase() == first.trim().to_lowercase()))
    });
    let folder_exists = |name: &str| root.join(name).is_dir();
    let (top, file) = match found {
        Some(c) => (c.dirs[0].clone(), None),
        None if folder_exists(first) => (first.to_string(), None),
        None => {
            let name = slugify(first);
            let quoted = serde_json::to_string(first.trim())?;
            let title = if config.languages.len() > 1 {
                let map: Vec<String> = config.languages.iter().map(|l| format!("{l}: {quoted}")).collect();
                format!("{{{}}}   # the category's name in each language", map.join(", "))
            } else {
                quoted
            };
            let yaml = format!("title: {title}\n# description: one line under the title\norder: 100\n");
            (name.clone(), Some((root.join(&name).join("_category.yaml"), yaml)))
        }
    };
    let dir = if rest.is_empty() { root.join(&top) } else { root.join(&top).join(rest) };
    Ok((dir, file))
}

fn describe(config: &Config, c: &CategoryMeta) -> String {
    match &c.title {
        Some(t) => format!("{} ({})", c.dirs[0], t.get(config.default_language())),
        None => c.dirs[0].clone(),
    }
}

fn checked_folder<'a>(category: &'a str, folder: &str) -> anyhow::Result<&'a str> {
    let cat = category.trim().trim_matches('/');
    if cat.split('/').any(|s| s == ".." || s == "." || s.trim().is_empty()) && !cat.is_empty() {
        anyhow::bail!("--category must be a folder name inside content/{folder}");
    }
    if Path::new(cat).is_absolute() {
        anyhow::bail!("--category must be a folder name inside content/{folder}");
    }
    Ok(cat)
}

/// Placeholders in the page's language (Russian, else English).
struct Words {
    ru: bool,
    draft: &'static str,
    translate_title: &'static str,
    translate_body: &'static str,
}

impl Words {
    fn of(lang: &str) -> Words {
        let ru = lang == "ru";
        Words {
            ru,
            draft: if ru {
                "черновик: виден в `frontline serve --drafts`; удалите строку, чтобы опубликовать"
            } else {
                "a draft: shown by `frontline serve --drafts`; delete this line to publish"
            },
            translate_title: if ru { "переведите заголовок" } else { "translate the title" },
            translate_body: if ru { "Переведите сюда текст статьи" } else { "Translate the text of" },
        }
    }

    fn article(&self, today: chrono::NaiveDate) -> String {
        let (summary, body) = if self.ru {
            (
                "ответ в одну фразу: его видно в поиске и списках",
                "Сначала ответ на вопрос, потом подробности.\n\n## Что сделать\n\n1. Первый шаг.\n2. Второй шаг.\n",
            )
        } else {
            (
                "the answer in one sentence: shown in search results and lists",
                "The answer first, then the details.\n\n## Steps\n\n1. First step.\n2. Second step.\n",
            )
        };
        format!(
            "summary: \"\"          # {summary}\nupdated: {today}\ntags: []\norder: 100\n# owner: team-name\n# related: [other-article-slug]\n# audience: internal   # only on the internal site\n---\n\n{body}"
        )
    }

    fn runbook(&self, today: chrono::NaiveDate) -> String {
        let (owner, contact, symptoms, steps, check, tell, reply) = if self.ru {
            (
                "команда или человек, отвечающий за ранбук",
                "Дежурный инженер",
                "Признаки",
                "Что делать",
                "Проверить дашборд",
                "Ответить клиенту",
                "Здравствуйте! Мы уже разбираемся с проблемой и напишем, как только всё заработает.",
            )
        } else {
            (
                "team or person responsible",
                "On-call engineer",
                "Symptoms",
                "Steps",
                "Check the dashboard",
                "Tell the customer",
                "Hello! We are already working on the problem and will write as soon as it is fixed.",
            )
        };
        format!(
            "owner: \"\"          # {owner}\ncomponents: []      # status component ids from site.yaml\nescalation:\n  - {{name: {contact}, contact: \"\"}}\nlast_reviewed: {today}\nreview_every: 90d\ntags: []\n---\n\n## {symptoms}\n\n## {steps}\n\n- [ ] {check}\n- [ ] {tell}\n\n```reply\n{reply}\n```\n"
        )
    }
}
