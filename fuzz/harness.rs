//! The checks behind the fuzz targets, shared by `cargo fuzz` (fuzz/fuzz_targets/*.rs)
//! and by `cargo test` (tests/fuzz_seeds.rs replays every file of fuzz/seeds/ through
//! the same functions on stable Rust). Each check panics when an invariant fails.
//!
//! - [`check_frontmatter`]: front matter splitting, then the article loader (a real
//!   file through `content::load_article`), the runbook keys and the incident parser.
//! - [`check_markdown`]: `render::markdown::render` with internal blocks, reply
//!   cards, alerts and `.md` link rewriting, plus `md_link`, `normalize`, `percent_decode`.
//! - [`check_incident_edit`]: the lossless incident editor (`append_update`,
//!   `set_resolved`). Input: one header line `at|status|message|id=status,...`
//!   (`\n` in the message is a newline), then the incident file.

use frontline::config::{Component, Config, Localized};
use frontline::content::incident::{self, ComponentStatus, Incident, Kind, INCIDENT_STATUSES, MAINTENANCE_STATUSES};
use frontline::content::{doc, frontmatter, Audience};
use frontline::diag::Diagnostic;
use frontline::incident_cmd::edit::{append_update, set_resolved, NewUpdate};
use frontline::render::markdown::{self, Ctx, LinkTarget, Resolution};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A site config like the example's: two languages, a time zone, four components.
fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("frontline-fuzz-{}", std::process::id()));
        let mut c = Config::defaults(&root);
        c.languages = vec!["ru".into(), "en".into()];
        c.timezone = chrono_tz::Europe::Moscow;
        c.review_every_days = Some(180);
        for (id, ru, en) in [
            ("api", "API", "API"),
            ("checkout", "Оформление заказа", "Checkout"),
            ("delivery-tracking", "Отслеживание доставки", "Delivery tracking"),
            ("webhooks", "Вебхуки", "Webhooks"),
        ] {
            let name = Localized([("ru".to_string(), ru.to_string()), ("en".to_string(), en.to_string())].into());
            c.components.push(Component { id: id.into(), name, group: None, description: None });
        }
        c
    })
}

/// Remove the scratch site folder the article loader reads from (tests call this).
pub fn cleanup() {
    let _ = std::fs::remove_dir_all(&config().root);
}

/// Lines as YAML (and most editors) count them: LF, CRLF, and also a lone CR, NEL,
/// U+2028 and U+2029 break lines, so a YAML error's line may be past the LF count.
fn line_count(text: &str) -> usize {
    let lone_cr = text.match_indices('\r').filter(|(i, _)| !text[i + 1..].starts_with('\n')).count();
    text.matches(['\n', '\u{85}', '\u{2028}', '\u{2029}']).count() + lone_cr + 1
}

/// Every diagnostic names `path` and a line inside the file.
fn check_diags(diags: &[Diagnostic], path: &Path, lines: usize) {
    for d in diags {
        assert_eq!(d.path, path, "diagnostic for another file: {d:?}");
        assert!(d.line >= 1 && d.line <= lines + 1, "line {} outside the file ({lines} lines): {d:?}", d.line);
    }
}

/// A URL path that is safe to become an output folder: `/a-b/c/`, ASCII, no `.`.
fn assert_safe_url_path(p: &str) {
    assert!(p.starts_with('/') && p.ends_with('/'), "url path {p:?}");
    assert!(p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/'), "unsafe url path {p:?}");
    assert!(!p.contains("//"), "empty segment in {p:?}");
}

// ---------------------------------------------------------------- front matter

/// File names the article loader is given (picked by input length, so the fuzzer
/// can reach each one): default language, `.en.md` translation, folder intro, Cyrillic.
const ARTICLE_FILES: [&str; 4] = ["payments/refund.md", "payments/refund.en.md", "payments/_index.md", "Пункты выдачи.md"];

pub fn check_frontmatter(data: &[u8]) {
    let config = config();
    // 1. The article loader, exactly as the build runs it: a real file on disk.
    let rel = ARTICLE_FILES[data.len() % ARTICLE_FILES.len()];
    let abs = config.content_dir().join("articles").join(rel);
    std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
    std::fs::write(&abs, data).unwrap();
    let shown = PathBuf::from("content/articles").join(rel);
    let (article, diags) = frontline::content::load_article(config, &abs);
    let text = String::from_utf8_lossy(data);
    check_diags(&diags, &shown, line_count(&text));
    if let Some(a) = &article {
        assert!(!a.doc.title.is_empty(), "empty title");
        assert!(!a.doc.slug.is_empty(), "empty slug");
        assert!(config.languages.contains(&a.doc.lang), "article in an unconfigured language {:?}", a.doc.lang);
        assert_safe_url_path(&a.path);
        assert!(a.doc.body.len() <= data.len());
        assert_eq!(a.doc.source, shown);
    }

    // 2. The same text split and parsed as a runbook and as an incident.
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = line_count(text);
    let path = Path::new("content/runbooks/ops/psp-down.md");
    match frontmatter::split(path, text) {
        Ok(s) => {
            assert!(text.ends_with(s.body), "body is not the end of the file");
            let before = &text[..text.len() - s.body.len()];
            if !s.body.is_empty() {
                assert_eq!(s.body_line, before.matches('\n').count() + 1, "body_line");
            }
            if before.is_empty() {
                assert!(s.fields.map.is_empty());
            }
            let (mut errs, mut warns) = (Vec::new(), Vec::new());
            let d = doc::common(&s.fields, doc::RUNBOOK_KEYS, config.timezone, &mut errs, &mut warns);
            let (_components, escalation) = doc::runbook_keys(&s.fields, &mut errs);
            errs.extend(warns);
            check_diags(&errs, path, lines);
            assert!(escalation.len() <= text.len() + frontline::fields::MAX_ALIAS_NODES, "aliases copy at most MAX_ALIAS_NODES values");
            assert!(d.slug.is_empty() || d.slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            if let Some(h) = doc::first_heading(s.body) {
                assert!(!h.is_empty());
            }
            let (dropped, _) = doc::drop_leading_title(s.body, &d.title);
            assert!(dropped.len() <= s.body.len());
            assert_eq!(dropped.matches('\n').count(), s.body.matches('\n').count(), "line numbers kept");
        }
        Err(e) => check_diags(&[e], path, lines),
    }
    let path = Path::new("content/incidents/2026-11-23-card-payments.md");
    let (inc, diags) = incident::parse(config, path, text);
    check_diags(&diags, path, lines);
    if let Some(inc) = inc {
        check_incident(&inc, diags.iter().any(|d| d.is_error()));
    }
}

/// What a parsed incident promises; the validations only when there were no errors.
fn check_incident(inc: &Incident, has_errors: bool) {
    assert_eq!(inc.id, "2026-11-23-card-payments");
    assert!(!inc.title.is_empty() && inc.title == inc.title.trim(), "title {:?}", inc.title);
    assert!(inc.updates.windows(2).all(|w| w[0].at <= w[1].at), "updates not sorted");
    // A cState `affected` name declared nowhere is kept, listed in `undeclared`.
    for (id, name) in &inc.undeclared {
        assert!(!id.is_empty() && !name.trim().is_empty(), "undeclared component {id:?} ({name:?})");
        assert!(inc.components.iter().any(|(c, _)| c == id), "undeclared {id} is not one of the incident's components");
    }
    let mut ids: Vec<&str> = config().components.iter().map(|c| c.id.as_str()).collect();
    ids.extend(inc.undeclared.iter().map(|(id, _)| id.as_str()));
    let named = inc.components.iter().chain(inc.updates.iter().flat_map(|u| u.components.iter().flatten()));
    for (id, _) in named {
        assert!(ids.contains(&id.as_str()), "unknown component {id} kept");
    }
    for u in &inc.updates {
        let allowed: &[&str] = if inc.kind == Kind::Maintenance { &MAINTENANCE_STATUSES } else { &INCIDENT_STATUSES };
        assert!(allowed.contains(&u.status.as_str()), "status {:?} kept", u.status);
    }
    if has_errors {
        return;
    }
    if let Some(r) = inc.resolved {
        assert!(r >= inc.started, "resolved before started without an error");
    }
    if inc.kind == Kind::Incident {
        assert!(inc.updates.iter().all(|u| u.at >= inc.started), "update before started without an error");
    } else {
        let (Some(s), Some(e)) = (inc.scheduled_start, inc.scheduled_end) else { panic!("maintenance without a window, no error") };
        assert!(s < e, "empty maintenance window without an error");
    }
}

// ---------------------------------------------------------------- markdown

/// Marks in the URLs of internal-only pages: they must never reach the public HTML.
const INTERNAL_URL: &str = "/int3rnal-only/";

fn resolver(path: &str, lang: &str) -> Resolution {
    let found =
        |url: String, internal_only: bool, source: &str| Resolution::Found(LinkTarget { url, internal_only, source: source.into() });
    match path {
        "articles/payments/refund.md" => found(format!("/{lang}/articles/payments/refund/"), false, "content/articles/payments/refund.md"),
        "articles/payments/refund.en.md" => found("/en/articles/payments/refund/".into(), false, "content/articles/payments/refund.en.md"),
        "articles/delivery/Пункты выдачи.md" => {
            found("/articles/delivery/punkty-vydachi/".into(), false, "content/articles/delivery/Пункты выдачи.md")
        }
        "articles/payments/secret.md" => found(format!("{INTERNAL_URL}secret/"), true, "content/articles/payments/secret.md"),
        "runbooks/payments/card-declines.md" => {
            found(format!("{INTERNAL_URL}runbooks/card-declines/"), true, "content/runbooks/payments/card-declines.md")
        }
        "articles/payments/Refund.md" => {
            Resolution::Missing { hint: Some("did you mean `refund.md`? (letter case differs)".into()), on_disk: false }
        }
        _ => Resolution::Missing { hint: None, on_disk: false },
    }
}

/// Tags that must be balanced in the HTML of a document without raw HTML.
const PAIRED: &[&str] = &[
    "p",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "div",
    "aside",
    "figure",
    "figcaption",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "sup",
    "span",
    "button",
    "section",
];

fn assert_balanced(html: &str, what: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let close = rest.starts_with('/');
        let name_start = usize::from(close);
        let len = rest[name_start..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len() - name_start);
        let name = &rest[name_start..name_start + len];
        if !PAIRED.contains(&name) {
            continue;
        }
        if close {
            assert_eq!(stack.pop(), Some(name), "unbalanced </{name}> in {what} HTML:\n{html}");
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?} in {what} HTML:\n{html}");
}

pub fn check_markdown(data: &[u8]) {
    let md = String::from_utf8_lossy(data);
    let first_line = 7;
    let cx =
        Ctx { source: Path::new("content/articles/payments/a.md"), dir: "articles/payments", lang: "ru", first_line, resolve: &resolver };
    let out = markdown::render(&md, &cx);
    let public = out.rendered.html(Audience::Public);
    let internal = out.rendered.html(Audience::Internal);

    // Internal content never reaches the public HTML (unless the author wrote the
    // same text as raw HTML, which passes through).
    for (mark, origin) in
        [("<aside class=\"internal-note\"", "internal-note"), ("<figure class=\"reply\"", "class=\"reply\""), (INTERNAL_URL, "int3rnal")]
    {
        if !md.contains(origin) {
            assert!(!public.contains(mark), "{mark} in the public HTML:\n{public}");
        }
    }
    if !out.rendered.has_internal() {
        assert_eq!(public, internal);
    }
    // Without raw HTML, every tag we or pulldown-cmark write is closed, in order.
    if !md.contains('<') {
        assert_balanced(&public, "public");
        assert_balanced(&internal, "internal");
    }
    let last = first_line + md.matches('\n').count();
    for d in &out.diagnostics {
        assert!((first_line..=last).contains(&d.line), "diagnostic line {} outside {first_line}..={last}: {d:?}", d.line);
    }
    for a in &out.anchors {
        assert!((first_line..=last).contains(&a.line), "anchor line {} outside {first_line}..={last}: {a:?}", a.line);
        assert!(!a.anchor.is_empty());
    }
    for t in &out.rendered.toc {
        assert!((2..=3).contains(&t.level));
        assert!(out.rendered.ids.contains(&t.id), "toc id {} is not an id", t.id);
    }

    // The link helpers on every line of the input.
    for line in md.lines().take(64) {
        check_link(line.trim());
    }
}

fn check_link(dest: &str) {
    if let Some(d) = frontline::render::percent_decode(dest) {
        assert!(d.len() <= dest.len());
        if !dest.contains('%') {
            assert_eq!(d, dest);
        }
    }
    if let Some((path, frag)) = markdown::md_link(dest) {
        let lower = path.to_ascii_lowercase();
        assert!(lower.ends_with(".md") || lower.ends_with(".markdown"), "md_link({dest:?}) -> {path:?}");
        assert!(!dest.contains("://"));
        if let Some(f) = frag {
            assert!(dest.contains(&format!("#{f}")));
        }
        if let Some(n) = markdown::normalize("articles/payments", &path) {
            assert!(!n.starts_with('/') && !n.ends_with('/'), "normalize -> {n:?}");
            assert!(n.split('/').all(|s| !s.is_empty() && s != "." && s != ".."), "normalize -> {n:?}");
        }
    }
    for dir in ["articles/payments", "", "runbooks"] {
        if let Some(n) = markdown::normalize(dir, dest) {
            assert!(n.is_empty() || n.split('/').all(|s| !s.is_empty() && s != "." && s != ".."), "normalize({dir:?}, {dest:?}) -> {n:?}");
        }
    }
}

// ---------------------------------------------------------------- incident editor

/// Is `line` (without its line ending) the top-level `key:` line?
fn is_key_line(line: &str, key: &str) -> bool {
    [key.to_string(), format!("\"{key}\""), format!("'{key}'")].iter().any(|k| {
        line.strip_prefix(k.as_str())
            .and_then(|r| r.trim_start_matches([' ', '\t']).strip_prefix(':'))
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
    })
}

/// Lossless: every line of `before` is a whole line of `after`, in order; only the
/// top-level lines of `edited` keys may have a changed value (same key, same line
/// ending); and nothing after the front matter's closing fence changes.
fn assert_lossless(before: &str, after: &str, edited: &[&str], what: &str) {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let mut j = 0;
    let mut changed = 0;
    for l in &old {
        let bare = l.trim_end_matches('\n').trim_end_matches('\r');
        let key = edited.iter().find(|k| is_key_line(bare.trim_start_matches('\u{feff}'), k));
        loop {
            assert!(j < new.len(), "{what}: line {l:?} is lost\n--- before\n{before}\n--- after\n{after}");
            let n = new[j];
            j += 1;
            if n == *l {
                break;
            }
            if let Some(k) = key {
                let ending = &l[bare.len()..];
                let nb = n.trim_end_matches('\n').trim_end_matches('\r');
                if is_key_line(nb.trim_start_matches('\u{feff}'), k) && &n[nb.len()..] == ending {
                    changed += 1;
                    break;
                }
            }
        }
    }
    assert!(changed <= edited.len(), "{what}: {changed} lines changed");
    // The body is byte-identical.
    if let Some(close) = closing_fence(before) {
        assert!(after.ends_with(&before[close..]), "{what}: the body changed\n--- before\n{before}\n--- after\n{after}");
    }
}

/// Byte offset of the line after the closing `---`/`...` of YAML front matter.
fn closing_fence(text: &str) -> Option<usize> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_start_matches('\u{feff}').trim_end() != "---" {
        return None;
    }
    let mut pos = first.len();
    for l in lines {
        pos += l.len();
        if matches!(l.trim_end_matches('\n').trim_end_matches('\r').trim_end(), "---" | "...") {
            return Some(pos);
        }
    }
    None
}

fn parse_incident(text: &str) -> (Option<Incident>, bool) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (inc, diags) = incident::parse(config(), Path::new("content/incidents/2026-11-23-card-payments.md"), text);
    let errors = diags.iter().any(|d| d.is_error());
    (inc, errors)
}

fn parse_header(h: &str) -> NewUpdate {
    let mut parts = h.trim_end_matches('\r').splitn(4, '|');
    let mut next = || parts.next().unwrap_or("").to_string();
    let at = next();
    let status = next();
    let message = next().replace("\\n", "\n");
    let components = next()
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| {
            let (id, st) = c.split_once('=').unwrap_or((c, ""));
            (id.to_string(), st.to_string())
        })
        .collect();
    NewUpdate { at, status, message, components }
}

/// The update as the `incident` commands build it: canonical RFC 3339 time, a status
/// of the incident's kind, known component ids once each with a known status.
fn cli_valid(u: &NewUpdate, inc: &Incident) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let at = chrono::DateTime::parse_from_rfc3339(&u.at).ok()?;
    // The commands refuse a time the build would refuse (frontline::dates).
    if !(frontline::dates::FIRST_YEAR..=frontline::dates::LAST_YEAR).contains(&chrono::Datelike::year(&at)) {
        return None;
    }
    if at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false) != u.at {
        return None;
    }
    let allowed: &[&str] = if inc.is_maintenance() { &MAINTENANCE_STATUSES } else { &INCIDENT_STATUSES };
    if !allowed.contains(&u.status.as_str()) || u.message.trim().is_empty() {
        return None;
    }
    let ids: Vec<&str> = config().components.iter().map(|c| c.id.as_str()).collect();
    for (i, (id, st)) in u.components.iter().enumerate() {
        if !ids.contains(&id.as_str()) || ComponentStatus::parse(st).is_none() || st.trim() != st {
            return None;
        }
        if u.components[..i].iter().any(|(o, _)| o == id) {
            return None;
        }
    }
    Some(at)
}

/// Everything but the updates and `resolved` is unchanged by an edit.
fn assert_same_incident(a: &Incident, b: &Incident, what: &str) {
    assert_eq!(a.title, b.title, "{what}: title");
    assert_eq!(a.kind, b.kind, "{what}: kind");
    assert_eq!(a.impact, b.impact, "{what}: impact");
    assert_eq!(a.components, b.components, "{what}: components");
    assert_eq!(a.started, b.started, "{what}: started");
    assert_eq!((a.scheduled_start, a.scheduled_end), (b.scheduled_start, b.scheduled_end), "{what}: window");
    assert_eq!((&a.articles, &a.runbooks, &a.internal), (&b.articles, &b.runbooks, &b.internal), "{what}: links/internal");
    assert_eq!((&a.body, a.draft), (&b.body, b.draft), "{what}: body/draft");
}

/// The updates the file has (not the one made from the body of a file without any).
fn written(inc: &Incident) -> usize {
    inc.updates.iter().filter(|u| !u.from_body).count()
}

pub fn check_incident_edit(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let (header, text) = input.split_once('\n').unwrap_or((input, ""));
    let u = parse_header(header);
    let (before, before_errors) = parse_incident(text);
    // Only a file the `incident` commands accept, and the update they would write.
    let strong = match &before {
        Some(inc) if !before_errors => cli_valid(&u, inc).filter(|at| *at >= inc.started).map(|at| (inc, at)),
        _ => None,
    };

    let appended = append_update(text, &u);
    if let Ok(out) = &appended {
        assert_lossless(text, out, &["updates"], "append_update");
        if let Some((inc, at)) = strong {
            let (after, errors) = parse_incident(out);
            let after = after.unwrap_or_else(|| panic!("append_update: the result no longer parses\n{out}"));
            assert!(!errors, "append_update: the result has errors\n{out}");
            assert_same_incident(inc, &after, "append_update");
            assert_eq!(after.resolved, inc.resolved, "append_update: resolved");
            assert_eq!(written(&after), written(inc) + 1, "append_update: not one more update\n{out}");
            let comps = parse_components(&u);
            let found = after
                .updates
                .iter()
                .any(|x| x.at == at && x.status == u.status && x.message == u.message.trim() && x.components.as_ref() == comps.as_ref());
            assert!(found, "append_update: the new update is not as given: {u:?}\n{out}");
        }
    }
    let resolved = set_resolved(text, &u.at);
    if let Ok(out) = &resolved {
        assert_lossless(text, out, &["resolved", "resolvedWhen"], "set_resolved");
        if let Some((inc, at)) = strong {
            let (after, errors) = parse_incident(out);
            let after = after.unwrap_or_else(|| panic!("set_resolved: the result no longer parses\n{out}"));
            assert!(!errors, "set_resolved: the result has errors\n{out}");
            assert_same_incident(inc, &after, "set_resolved");
            assert_eq!(after.resolved, Some(at), "set_resolved: resolved\n{out}");
            assert_eq!(written(&after), written(inc), "set_resolved: updates changed");
        }
    }
    // `incident resolve`: both edits, one after the other.
    if let Ok(a) = &appended {
        if let Ok(out) = set_resolved(a, &u.at) {
            assert_lossless(a, &out, &["resolved", "resolvedWhen"], "append_update + set_resolved");
            if let Some((inc, at)) = strong {
                let (after, errors) = parse_incident(&out);
                let after = after.unwrap_or_else(|| panic!("append + resolve: the result no longer parses\n{out}"));
                assert!(!errors, "append + resolve: the result has errors\n{out}");
                assert_eq!((after.resolved, written(&after)), (Some(at), written(inc) + 1), "append + resolve\n{out}");
            }
        }
    }
    // The editor and the parser agree on what a YAML front matter is: when the
    // parser reads an incident from `---` front matter, the editor can edit it.
    if before.is_some() && text.starts_with("---") {
        if let Err(e) = &appended {
            assert!(!e.contains("no YAML front matter") && !e.contains("never closed"), "append_update: {e}\n{text}");
        }
    }
}

fn parse_components(u: &NewUpdate) -> Option<Vec<(String, ComponentStatus)>> {
    if u.components.is_empty() {
        return None;
    }
    Some(u.components.iter().map(|(id, st)| (id.clone(), ComponentStatus::parse(st).unwrap())).collect())
}
