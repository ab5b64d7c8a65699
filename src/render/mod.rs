//! Render stage: Markdown -> HTML segments ([`markdown`]), code highlighting
//! ([`highlight`]), and Tera templates ([`templates`]).

pub mod highlight;
pub mod i18n;
pub mod markdown;
pub mod minify;
pub mod templates;

/// Decode `%xx` escapes of a URL path. `None` for a malformed escape or bytes
/// that are not UTF-8 (never panics on multi-byte text after a `%`).
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Escape text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

use crate::content::{Audience, Doc};
use crate::diag::Diagnostic;
use crate::model::Site;
use markdown::{AnchorCheck, Ctx, LinkTarget, Output, Resolution};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// What a content file becomes, for link resolution.
enum Target {
    Article { key: String, lang: String, url: String, internal: bool, source: PathBuf },
    Runbook { url: String, source: PathBuf },
}

/// Every content file by its path under `content/`, for rewriting `.md` links.
pub struct Links {
    index: HashMap<String, Target>,
    lower: HashMap<String, String>,
}

impl Links {
    pub fn new(site: &Site) -> Links {
        let mut index: HashMap<String, Target> = HashMap::new();
        for a in &site.articles {
            let target = Target::Article {
                key: a.key.clone(),
                lang: a.doc.lang.clone(),
                url: site.article_url(a),
                internal: a.audience == Audience::Internal,
                source: a.doc.source.clone(),
            };
            index.insert(format!("articles/{}", slash(&a.doc.rel)), target);
        }
        for r in &site.runbooks {
            index.insert(format!("runbooks/{}", slash(&r.doc.rel)), Target::Runbook { url: r.path.clone(), source: r.doc.source.clone() });
        }
        let lower = index.keys().map(|k| (k.to_lowercase(), k.clone())).collect();
        Links { index, lower }
    }

    fn resolve(&self, site: &Site, path: &str, lang: &str) -> Resolution {
        match self.index.get(path) {
            Some(Target::Article { key, lang: tl, url, internal, source }) => {
                // A page in another language links to the translation when there is one.
                let t = if tl != lang && tl == site.default_lang() { site.in_lang(key, lang).filter(|a| a.doc.lang == lang) } else { None };
                Resolution::Found(match t {
                    Some(a) => LinkTarget {
                        url: site.article_url(a),
                        internal_only: a.audience == Audience::Internal,
                        source: a.doc.source.clone(),
                    },
                    None => LinkTarget { url: url.clone(), internal_only: *internal, source: source.clone() },
                })
            }
            Some(Target::Runbook { url, source }) => {
                Resolution::Found(LinkTarget { url: url.clone(), internal_only: true, source: source.clone() })
            }
            None => Resolution::Missing {
                on_disk: site.config.root.join("content").join(path).is_file(),
                hint: self
                    .lower
                    .get(&path.to_lowercase())
                    .map(|k| format!("did you mean `{}`? (letter case differs)", k.rsplit('/').next().unwrap_or(k))),
            },
        }
    }
}

/// Render `body`, the Markdown of `d` (taken out of it by [`render_site`], so each
/// source is freed as soon as it is rendered).
fn render_doc(site: &Site, links: &Links, d: &Doc, body: &str, kind: &str) -> Output {
    let resolve = |path: &str, lang: &str| links.resolve(site, path, lang);
    let dir = d.rel.parent().map(slash).unwrap_or_default();
    let dir = if dir.is_empty() { kind.to_string() } else { format!("{kind}/{dir}") };
    let cx = Ctx { source: &d.source, dir: &dir, lang: &d.lang, first_line: d.body_line, resolve: &resolve };
    markdown::render(body, &cx)
}

/// Warnings for `#anchors` that are not headings of their target page.
fn check_anchors(anchors: &[AnchorCheck], ids: &HashMap<PathBuf, Vec<String>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in anchors {
        let known = ids.get(&a.target).is_some_and(|v| v.contains(&a.anchor));
        if !known {
            let mut d = Diagnostic::warning(
                &a.from,
                a.line,
                "missing-anchor",
                format!("`#{}` is not a heading in {}", a.anchor, a.target.display()),
            );
            if let Some(h) = ids.get(&a.target).and_then(|v| crate::diag::did_you_mean(&a.anchor, v.iter().map(String::as_str))) {
                d = d.hint(format!("did you mean `#{h}`?"));
            }
            out.push(d);
        }
    }
    out
}

/// Render every article, runbook, incident and folder intro in parallel; check
/// `#anchors` once all are rendered. Returns link errors and warnings. `keep_text`:
/// keep each document's plain text (see `build::Options::vocabulary`).
pub fn render_site(site: &mut Site, keep_text: bool) -> Vec<Diagnostic> {
    let links = Links::new(site);
    // The Markdown is not kept once rendered (serve re-reads a changed file): taking
    // it out first lets each source be freed right after its render.
    let art_bodies: Vec<String> = site.articles.iter_mut().map(|a| std::mem::take(&mut a.doc.body)).collect();
    let rb_bodies: Vec<String> = site.runbooks.iter_mut().map(|r| std::mem::take(&mut r.doc.body)).collect();
    let s: &Site = site;
    // The plain text is only for the search vocabulary: without an index it is
    // dropped right away rather than kept for every document.
    let text = |mut o: Output| {
        if !keep_text {
            o.rendered.text = String::new();
        }
        o
    };
    let art: Vec<Output> =
        s.articles.par_iter().zip(art_bodies).map(|(a, body)| text(render_doc(s, &links, &a.doc, &body, "articles"))).collect();
    let rb: Vec<Output> =
        s.runbooks.par_iter().zip(rb_bodies).map(|(r, body)| text(render_doc(s, &links, &r.doc, &body, "runbooks"))).collect();
    let intros: Vec<Vec<(String, Output)>> = s
        .categories
        .par_iter()
        .map(|c| c.intro.iter().map(|(l, d)| (l.clone(), render_doc(s, &links, d, &d.body, "articles"))).collect())
        .collect();
    let incidents = incident_outputs(s, &links);
    let mut diags = Vec::new();
    let mut anchors: Vec<AnchorCheck> = Vec::new();
    let mut ids: HashMap<PathBuf, Vec<String>> = HashMap::new();
    let mut take = |doc: &mut Doc, o: Output| {
        diags.extend(o.diagnostics);
        anchors.extend(o.anchors);
        ids.insert(doc.source.clone(), o.rendered.ids.clone());
        doc.html = o.rendered;
    };
    for (a, o) in site.articles.iter_mut().zip(art) {
        take(&mut a.doc, o);
    }
    for (r, o) in site.runbooks.iter_mut().zip(rb) {
        take(&mut r.doc, o);
    }
    for (c, outs) in site.categories.iter_mut().zip(intros) {
        for (l, o) in outs {
            if let Some(d) = c.intro.get_mut(&l) {
                take(d, o);
            }
        }
    }
    take_incidents(site, incidents, &mut diags, &mut anchors);
    diags.extend(check_anchors(&anchors, &ids));
    diags
}

/// Each incident's body and internal note, rendered.
fn incident_outputs(s: &Site, links: &Links) -> Vec<(Output, Option<Output>)> {
    let resolve = |path: &str, lang: &str| links.resolve(s, path, lang);
    let lang = s.default_lang();
    s.incidents
        .par_iter()
        .map(|i| {
            let cx = Ctx { source: &i.source, dir: "incidents", lang, first_line: i.body_line, resolve: &resolve };
            let note = i.internal.as_ref().map(|n| markdown::render(n, &Ctx { first_line: 1, ..cx }));
            (markdown::render(&i.body, &cx), note)
        })
        .collect()
}

fn take_incidents(site: &mut Site, outs: Vec<(Output, Option<Output>)>, diags: &mut Vec<Diagnostic>, anchors: &mut Vec<AnchorCheck>) {
    for (i, (body, note)) in site.incidents.iter_mut().zip(outs) {
        diags.extend(body.diagnostics);
        anchors.extend(body.anchors);
        i.html = body.rendered;
        if let Some(n) = note {
            diags.extend(n.diagnostics);
            i.internal_html = n.rendered.html(Audience::Internal);
        }
    }
}

/// Render the incidents again (serve after an incident edit); their links and
/// anchors are checked against the rest of the site as it is.
pub fn render_incidents(site: &mut Site, links: &Links) -> Vec<Diagnostic> {
    let outs = incident_outputs(site, links);
    let (mut diags, mut anchors) = (Vec::new(), Vec::new());
    take_incidents(site, outs, &mut diags, &mut anchors);
    diags.extend(check_anchors(&anchors, &known_ids(site, &anchors)));
    diags
}

/// Heading ids of the pages `anchors` point at.
fn known_ids(site: &Site, anchors: &[AnchorCheck]) -> HashMap<PathBuf, Vec<String>> {
    let targets: std::collections::HashSet<&PathBuf> = anchors.iter().map(|a| &a.target).collect();
    site.articles
        .iter()
        .map(|a| &a.doc)
        .chain(site.runbooks.iter().map(|r| &r.doc))
        .filter(|d| targets.contains(&d.source))
        .map(|d| (d.source.clone(), d.html.ids.clone()))
        .collect()
}

/// Render one article again (serve's incremental rebuild); its links and anchors are
/// checked against the rest of the site as it is. `links` stays valid while no
/// page changes its path.
pub fn render_article(site: &mut Site, links: &Links, idx: usize) -> Vec<Diagnostic> {
    let body = std::mem::take(&mut site.articles[idx].doc.body);
    let out = render_doc(site, links, &site.articles[idx].doc, &body, "articles");
    let mut ids: HashMap<PathBuf, Vec<String>> = HashMap::new();
    for a in &out.anchors {
        if a.target == site.articles[idx].doc.source {
            ids.insert(a.target.clone(), out.rendered.ids.clone());
        } else if let Some(t) =
            site.articles.iter().map(|x| &x.doc).chain(site.runbooks.iter().map(|r| &r.doc)).find(|d| d.source == a.target)
        {
            ids.insert(a.target.clone(), t.html.ids.clone());
        }
    }
    let mut diags = out.diagnostics;
    diags.extend(check_anchors(&out.anchors, &ids));
    site.articles[idx].doc.html = out.rendered;
    diags
}

fn slash(p: &std::path::Path) -> String {
    p.iter().map(|c| c.to_string_lossy()).collect::<Vec<_>>().join("/")
}
