//! Front matter + body -> [`Article`], [`Runbook`], [`CategoryMeta`], with the
//! aliases used by Hugo, Zola, Docusaurus and cState.

use super::rendered::Rendered;
use super::slug::slugify;
use crate::config::{parse_period, Localized};
use crate::diag::Diagnostic;
use crate::fields::{Fields, Places, Reader, Value};
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Who may see a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Public,
    Internal,
}

/// What every page kind shares.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Path shown in messages, relative to the site root (`content/articles/a/b.md`).
    pub source: PathBuf,
    /// Path relative to the kind's folder (`a/b.md`).
    pub rel: PathBuf,
    pub lang: String,
    pub title: String,
    /// `title` was given in front matter (not taken from the body or file name).
    pub title_given: bool,
    /// The body began with a common `# heading` equal to `title`, removed from
    /// `body` because the page prints the title ([`drop_leading_title`]).
    pub title_in_body: bool,
    pub summary: Option<String>,
    pub slug: String,
    pub updated: Option<DateTime<FixedOffset>>,
    pub order: i64,
    pub tags: Vec<String>,
    pub draft: bool,
    pub aliases: Vec<String>,
    pub owner: Option<String>,
    pub last_reviewed: Option<DateTime<FixedOffset>>,
    pub review_every_days: Option<i64>,
    /// Unknown front matter keys, for templates (`page.extra`).
    pub extra: BTreeMap<String, serde_json::Value>,
    pub body: String,
    pub body_line: usize,
    /// Lines of the front matter's keys and list items, for later stages' messages.
    pub places: Places,
    /// Filled by the render stage.
    pub html: Rendered,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub doc: Doc,
    /// Folder names under `articles/`: the first is the category, the rest sections.
    pub dirs: Vec<String>,
    pub audience: Audience,
    pub promoted: bool,
    pub related: Vec<String>,
    /// Same for all translations of one article: folder + file stem without language.
    pub key: String,
    /// `/articles/<cat>/<sections>/<slug>/` without the language prefix.
    pub path: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Escalation {
    pub name: String,
    pub contact: String,
}

#[derive(Debug, Clone)]
pub struct Runbook {
    pub doc: Doc,
    pub components: Vec<String>,
    pub escalation: Vec<Escalation>,
    /// Path under `runbooks/` without `.md`: the name incidents use.
    pub name: String,
    /// `/runbooks/<slugified path>/`.
    pub path: String,
}

/// Folder metadata from `_category.yaml` or `_index.md`.
#[derive(Debug, Clone, Default)]
pub struct CategoryMeta {
    /// Folder names from the kind's root.
    pub dirs: Vec<String>,
    pub title: Option<Localized>,
    pub description: Option<Localized>,
    pub order: Option<i64>,
    /// Rendered `_index.md` bodies by language.
    pub intro: BTreeMap<String, Doc>,
}

const COMMON: &[&str] = &[
    "title",
    "summary",
    "description",
    "slug",
    "updated",
    "lastmod",
    "date",
    "last_updated",
    "order",
    "weight",
    "tags",
    "keywords",
    "lang",
    "draft",
    "aliases",
    "owner",
    "author",
    "review_every",
    "last_reviewed",
];
pub const ARTICLE_KEYS: &[&str] = &["audience", "promoted", "related"];
pub const RUNBOOK_KEYS: &[&str] = &["components", "escalation"];

/// Read the keys every kind shares. Type errors go to `errs`, warnings to `warns`.
pub fn common(f: &Fields, extra_known: &[&str], tz: Tz, errs: &mut Vec<Diagnostic>, warns: &mut Vec<Diagnostic>) -> Doc {
    let mut r = Reader::new(f, tz);
    let mut d = Doc {
        title: r.text(&["title"]).unwrap_or_default(),
        summary: r.text(&["summary", "description"]),
        slug: r.string(&["slug"]).map(|s| slugify(&s)).unwrap_or_default(),
        owner: r.string(&["owner", "author"]).filter(|s| !s.is_empty()),
        lang: r.string(&["lang"]).unwrap_or_default(),
        places: f.places(),
        ..Doc::default()
    };
    d.title_given = !d.title.is_empty();
    if let Some(p) = r.string(&["review_every"]) {
        match parse_period(&p) {
            Some(days) => d.review_every_days = Some(days),
            None => r.error(crate::config::period_error(f, "review_every", &p)),
        }
    }
    d.updated = r.date(&["updated", "lastmod", "last_updated", "date"]);
    d.last_reviewed = r.date(&["last_reviewed"]);
    d.order = r.int(&["order", "weight"]).unwrap_or(i64::MAX / 2);
    d.draft = r.bool(&["draft"]).unwrap_or(false);
    d.tags = r.list(&["tags", "keywords"]);
    d.aliases = r.list(&["aliases"]);
    errs.append(&mut r.errors);
    warns.append(&mut r.warnings);
    for e in f.map.iter() {
        if !COMMON.contains(&e.key.as_str()) && !extra_known.contains(&e.key.as_str()) {
            d.extra.insert(e.key.clone(), e.value.value.to_json());
        }
    }
    d
}

/// Article-only keys.
pub fn article_keys(f: &Fields, errs: &mut Vec<Diagnostic>) -> (Audience, bool, Vec<String>) {
    let mut r = Reader::new(f, chrono_tz::UTC);
    let before = r.errors.len();
    let audience = match r.string(&["audience"]) {
        // A wrong type, reported by the reader: the page stays internal to be safe.
        None if r.errors.len() > before => Audience::Internal,
        None => Audience::Public,
        Some(s) => match s.trim() {
            "public" | "" => Audience::Public,
            "internal" => Audience::Internal,
            other => {
                let d = Diagnostic::error(&f.path, f.line_of("audience"), "bad-audience", format!("`audience: {other}` is unknown"))
                    .hint("use `audience: public` or `audience: internal`");
                r.error(d);
                Audience::Internal
            }
        },
    };
    let promoted = r.bool(&["promoted"]).unwrap_or(false);
    let related = r.list(&["related"]);
    errs.append(&mut r.errors);
    (audience, promoted, related)
}

/// Runbook-only keys. Each escalation entry is `{name, contact}` or a name.
pub fn runbook_keys(f: &Fields, errs: &mut Vec<Diagnostic>) -> (Vec<String>, Vec<Escalation>) {
    let mut r = Reader::new(f, chrono_tz::UTC);
    let components = r.list(&["components"]);
    let mut escalation = Vec::new();
    match f.get("escalation") {
        None | Some(Value::Null) => {}
        Some(Value::Seq(items)) => {
            for it in items {
                match &it.value {
                    Value::Map(m) => {
                        let item = f.nested(m, it.pos.line);
                        let mut ir = Reader::new(&item, chrono_tz::UTC);
                        let (name, contact) = (ir.text(&["name"]), ir.text(&["contact"]).unwrap_or_default());
                        if name.is_none() {
                            ir.warning(
                                Diagnostic::warning(
                                    &f.path,
                                    it.pos.line,
                                    "escalation-without-name",
                                    "this `escalation` entry has no `name`",
                                )
                                .hint("write `- {name: On-call, contact: '@oncall'}`"),
                            );
                        }
                        errs.append(&mut ir.warnings);
                        errs.append(&mut ir.errors);
                        escalation.push(Escalation { name: name.unwrap_or_default(), contact });
                    }
                    other => match other.as_text() {
                        Some(name) => escalation.push(Escalation { name, contact: String::new() }),
                        None => r.error(Diagnostic::error(
                            &f.path,
                            it.pos.line,
                            "wrong-type",
                            "each `escalation` entry must be `{name: ..., contact: ...}`",
                        )),
                    },
                }
            }
        }
        Some(other) => r.error(
            Diagnostic::error(
                &f.path,
                f.line_of("escalation"),
                "wrong-type",
                format!("`escalation` must be a list, found {}", other.kind()),
            )
            .hint("escalation:\n    - {name: On-call, contact: '@oncall'}"),
        ),
    }
    errs.append(&mut r.errors);
    (components, escalation)
}

/// The title from the first `# heading` of `body`: a top-level heading of the
/// parsed document, never a line inside a fenced block (an `~~~internal` note, a
/// reply card, code) or an indented one. See [`super::title::first_title`].
pub fn first_heading(body: &str) -> Option<String> {
    super::title::first_title(body)
}

/// Blank out the body's first block when it is a `# heading` equal to `title` (the
/// page prints the title); its line breaks stay, so line numbers do not move.
/// Also says whether it did. The heading's plain text or its Markdown may match.
pub fn drop_leading_title(body: &str, title: &str) -> (String, bool) {
    let Some((range, text)) = super::title::leading_title(body) else {
        return (body.to_string(), false);
    };
    let source = body[range.clone()].trim().trim_start_matches('#').trim().trim_end_matches('#').trim();
    if text != title && source != title {
        return (body.to_string(), false);
    }
    let blank: String = body[range.clone()].chars().filter(|&c| c == '\n').collect();
    (format!("{}{blank}{}", &body[..range.start], &body[range.end..]), true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Syntax;
    use std::path::Path;

    fn doc(fm: &str) -> (Doc, Vec<Diagnostic>) {
        let f = Fields::parse(Path::new("a.md"), fm, 2, Syntax::Yaml).unwrap();
        let (mut e, mut w) = (vec![], vec![]);
        let d = common(&f, ARTICLE_KEYS, chrono_tz::UTC, &mut e, &mut w);
        e.extend(w);
        (d, e)
    }

    #[test]
    fn hugo_zola_docusaurus_aliases() {
        let (d, e) =
            doc("title: T\ndescription: S\nlastmod: 2026-11-01\nweight: 4\nkeywords: [a, b]\nauthor: Team\ndraft: 'true'\nid: 123\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(d.summary.as_deref(), Some("S"));
        assert_eq!(d.updated.unwrap().date_naive().to_string(), "2026-11-01");
        assert_eq!(d.order, 4);
        assert_eq!(d.tags, ["a", "b"]);
        assert_eq!(d.owner.as_deref(), Some("Team"));
        assert!(d.draft);
        assert_eq!(d.extra["id"], serde_json::json!(123));
        let (d2, _) = doc("date: 11/02/2026\nlast_updated: 2026-11-03\n");
        assert_eq!(d2.updated.unwrap().date_naive().to_string(), "2026-11-03", "last_updated wins over date");
    }

    #[test]
    fn wrong_type_on_known_key() {
        let (_, e) = doc("title: T\norder: [1]\n");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 3);
    }

    #[test]
    fn heading_fallback() {
        assert_eq!(first_heading("```\n# not\n```\n\n# AlertName\ntext").as_deref(), Some("AlertName"));
        assert_eq!(drop_leading_title("\n# A\ntext", "A"), ("\n\ntext".to_string(), true));
        assert_eq!(drop_leading_title("# Fast **refund**\ntext", "Fast **refund**").0, "\ntext");
        assert_eq!(drop_leading_title("Title\n=====\ntext", "Title").0, "\n\ntext");
    }

    #[test]
    fn leading_title_is_never_taken_from_a_block() {
        // The first non-blank line used to be dropped if it read `# Title`, even as
        // indented code (`    # A` is a shell comment, not a heading).
        assert_eq!(drop_leading_title("    # A\n    ls\n", "A"), ("    # A\n    ls\n".to_string(), false));
        let fenced = "~~~~internal\n~~~\n# A\n~~~\n~~~~\n";
        assert_eq!(drop_leading_title(fenced, "A"), (fenced.to_string(), false));
        assert_eq!(first_heading(fenced), None);
        assert_eq!(first_heading("- ~~~internal\n  # Secret\n  ~~~\n\n# Public").as_deref(), Some("Public"));
    }
}
