//! Configuration stage: `site.yaml` -> [`Fields`] (raw, line-aware) -> validated
//! [`Config`]. Every key is optional; unknown keys are errors with a "did you mean".
//! A cState `config.yml` beside it adds its `systems:` as components ([`cstate`]).

mod cstate;

use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use crate::fields::{Fields, Node, Places, Reader, Syntax, Value};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A string given once or per language (`{ru: ..., en: ...}`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Localized(pub BTreeMap<String, String>);

impl Localized {
    pub fn plain(s: &str) -> Self {
        Localized(BTreeMap::from([(String::new(), s.to_string())]))
    }

    /// The text for `lang`, else the language-neutral one, else any.
    pub fn get(&self, lang: &str) -> &str {
        self.0.get(lang).or_else(|| self.0.get("")).or_else(|| self.0.values().next()).map_or("", String::as_str)
    }

    pub fn from_value(v: &Value) -> Option<Localized> {
        match v {
            Value::Map(m) => Some(Localized(m.iter().filter_map(|e| Some((e.key.clone(), e.value.value.as_text()?))).collect())),
            other => other.as_text().map(|s| Localized::plain(&s)),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Contact {
    pub email: Option<String>,
    pub url: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Component {
    pub id: String,
    pub name: Localized,
    pub group: Option<Localized>,
    pub description: Option<Localized>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Webhook {
    pub url: String,
    pub format: String,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: Localized,
    pub description: Localized,
    pub base_url: String,
    pub internal_base_url: String,
    /// Default language first.
    pub languages: Vec<String>,
    pub timezone: Tz,
    pub theme: String,
    pub contact: Contact,
    pub review_every_days: Option<i64>,
    pub uptime_days: i64,
    pub components: Vec<Component>,
    pub synonyms: Vec<Vec<String>>,
    pub feedback_endpoint: Option<String>,
    pub webhooks: Vec<Webhook>,
    /// Lines of site.yaml's top-level keys, for later stages' messages.
    pub places: Places,
}

/// The largest `site.yaml` read: 1 MiB (real ones are a few KiB).
pub const MAX_CONFIG_MIB: u64 = 1;

const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "internal_base_url",
    "language",
    "languages",
    "timezone",
    "theme",
    "contact",
    "review_every",
    "status",
    "search",
    "feedback",
    "broadcast",
];

impl Config {
    /// The id of the component `name` names: its id or its name in any language,
    /// case-insensitively.
    pub fn find_component(&self, name: &str) -> Option<&str> {
        let n = name.trim().to_lowercase();
        self.components.iter().find(|c| c.id.to_lowercase() == n || c.name.0.values().any(|v| v.to_lowercase() == n)).map(|c| c.id.as_str())
    }

    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    pub fn defaults(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            title: Localized::plain("Help Center"),
            description: Localized::default(),
            base_url: "http://localhost:1111".into(),
            internal_base_url: "http://localhost:1112".into(),
            languages: vec!["en".into()],
            timezone: chrono_tz::UTC,
            theme: "default".into(),
            contact: Contact::default(),
            review_every_days: None,
            uptime_days: 90,
            components: Vec::new(),
            synonyms: Vec::new(),
            feedback_endpoint: None,
            webhooks: Vec::new(),
            places: Places::default(),
        }
    }

    /// Read `<root>/site.yaml` (absent = defaults). Errors are all collected.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let (config, diags) = Config::load_lenient(root);
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(config)
        }
    }

    /// Like [`Config::load`], but always yields a config (best effort) so the rest of
    /// the run can still report content problems alongside config errors.
    pub fn load_lenient(root: &Path) -> (Config, Diagnostics) {
        let shown = PathBuf::from("site.yaml");
        let fail = |d: Diagnostic| (Config::defaults(root), one(d));
        let abs = root.join("site.yaml");
        if !abs.exists() && abs.symlink_metadata().is_err() {
            let (mut config, mut diags) = (Config::defaults(root), Diagnostics::default());
            cstate::add_systems(root, &mut config, &mut diags);
            return (config, diags);
        }
        // Same rules as content files: BOM dropped, NUL and bad UTF-8 reported with line:col.
        let text = match crate::source::read_text_max(&shown, &abs, MAX_CONFIG_MIB) {
            Ok(t) => t,
            Err(d) => return fail(d),
        };
        let fields = match Fields::parse(&shown, &text, 1, Syntax::Yaml) {
            Ok(f) => f,
            Err(d) => return fail(d),
        };
        let mut diags = Diagnostics::default();
        let mut config = validate(root, &fields, &mut diags);
        cstate::add_systems(root, &mut config, &mut diags);
        (config, diags)
    }
}

/// Per-language text maps whose entry has no value: in a flow map an unquoted comma
/// ends the text (`{ru: a, b, en: c}` makes ` b` a key), which loses words silently.
fn check_localized(f: &Fields, v: Option<&Node>, diags: &mut Diagnostics) {
    let Some(Node { value: Value::Map(m), .. }) = v else { return };
    for e in m.iter().filter(|e| e.value.value.is_null()) {
        diags.push(
            Diagnostic::error(
                &f.path,
                e.key_pos.line,
                "split-text",
                format!("`{}` has no value: a comma in unquoted text ends it inside `{{...}}`", e.key),
            )
            .hint("quote the text: {ru: \"a, b\", en: \"c, d\"}"),
        );
    }
}

fn one(d: Diagnostic) -> Diagnostics {
    Diagnostics { items: vec![d] }
}

fn unknown(fields: &Fields, parent: Option<&str>, key: &str, known: &[&str], line: usize) -> Diagnostic {
    let place = parent.map_or(String::new(), |p| format!(" in `{p}`"));
    let mut d = Diagnostic::error(&fields.path, line, "unknown-key", format!("unknown key `{key}`{place}"));
    d = match did_you_mean(key, known.iter().copied()) {
        Some(s) => d.hint(format!("did you mean `{s}`?")),
        None => d.hint(format!("known keys: {}", known.join(", "))),
    };
    d
}

fn validate(root: &Path, f: &Fields, diags: &mut Diagnostics) -> Config {
    let mut c = Config::defaults(root);
    for (key, line) in f.unknown_keys(TOP_KEYS) {
        diags.push(unknown(f, None, key, TOP_KEYS, line));
    }
    c.places = f.places();
    check_localized(f, f.node("title"), diags);
    check_localized(f, f.node("description"), diags);
    if let Some(v) = f.get("title").and_then(Localized::from_value) {
        c.title = v;
    }
    if let Some(v) = f.get("description").and_then(Localized::from_value) {
        c.description = v;
    }
    if let Some(v) = ok(diags, f.string(&["base_url"])) {
        check_site_url(f, f.line_of("base_url"), "base_url", &v, diags);
        c.base_url = v.trim_end_matches('/').to_string();
    }
    if let Some(v) = ok(diags, f.string(&["internal_base_url"])) {
        check_site_url(f, f.line_of("internal_base_url"), "internal_base_url", &v, diags);
        c.internal_base_url = v.trim_end_matches('/').to_string();
    }
    if let Some(v) = ok(diags, f.string(&["theme"])) {
        c.theme = v;
    }
    let default_lang = ok(diags, f.string(&["language"]));
    let mut langs = f.list(&["languages"]).unwrap_or_else(|e| {
        diags.push(e);
        Vec::new()
    });
    let default_lang = default_lang.or_else(|| langs.first().cloned()).unwrap_or_else(|| "en".into());
    langs.retain(|l| *l != default_lang);
    langs.insert(0, default_lang);
    for l in &langs {
        let mut parts = l.split('-');
        let primary = parts.next().unwrap_or("");
        let primary_ok = (2..=3).contains(&primary.len()) && primary.chars().all(|ch| ch.is_ascii_alphabetic());
        if !primary_ok || !parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|ch| ch.is_ascii_alphanumeric())) {
            diags.push(
                Diagnostic::error(&f.path, f.line_of("languages"), "bad-language", format!("`{l}` is not a language code"))
                    .hint("use codes like ru, en, de"),
            );
        }
    }
    c.languages = langs;
    if let Some(tz) = ok(diags, f.string(&["timezone"])) {
        match tz.parse::<Tz>() {
            Ok(t) => c.timezone = t,
            Err(_) => diags.push(
                Diagnostic::error(&f.path, f.line_of("timezone"), "bad-timezone", format!("unknown time zone `{tz}`"))
                    .hint("use an IANA name such as Europe/Moscow or UTC"),
            ),
        }
    }
    if let Some(v) = ok(diags, f.string(&["review_every"])) {
        match parse_period(&v) {
            Some(d) => c.review_every_days = Some(d),
            None => diags.push(period_error(f, "review_every", &v)),
        }
    }
    c.contact = contact(f, diags);
    status(f, &mut c, diags);
    search(f, &mut c, diags);
    feedback_and_broadcast(f, &mut c, diags);
    c
}

fn ok<T>(diags: &mut Diagnostics, r: Result<Option<T>, Diagnostic>) -> Option<T> {
    r.unwrap_or_else(|e| {
        diags.push(e);
        None
    })
}

/// The longest review period: 100 years. Longer is a typo, and adding it to a date
/// could leave the range of representable times.
pub const MAX_PERIOD_DAYS: i64 = 36_500;

/// The error for an unusable period `key: v` (front matter or site.yaml).
pub fn period_error(f: &Fields, key: &str, v: &str) -> Diagnostic {
    let line = f.line_of(key);
    if split_period(v).is_some() {
        return Diagnostic::error(&f.path, line, "bad-period", format!("`{key}: {v}` is longer than 100 years"))
            .hint("write a period of at most 100 years, e.g. 180d or 1y");
    }
    Diagnostic::error(&f.path, line, "bad-period", format!("`{key}: {v}` is not a period"))
        .hint("write a number of days, weeks, months or years: 90d, 12w, 6m, 1y")
}

/// `180d`, `12w`, `6m`, `1y` (or a bare number of days) -> days, at most [`MAX_PERIOD_DAYS`].
pub fn parse_period(s: &str) -> Option<i64> {
    let (num, mult) = split_period(s)?;
    num.parse::<i64>().ok()?.checked_mul(mult).filter(|d| *d <= MAX_PERIOD_DAYS)
}

/// A period's digits and its unit in days, whatever the size.
fn split_period(s: &str) -> Option<(&str, i64)> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let mult = match unit.trim() {
        "" | "d" | "day" | "days" => 1,
        "w" | "week" | "weeks" => 7,
        "m" | "month" | "months" => 30,
        "y" | "year" | "years" => 365,
        _ => return None,
    };
    (!num.is_empty()).then_some((num, mult))
}

/// The mapping under `parent` (a key of `f`, or a list item `node`), its keys
/// checked against `known`.
fn submap(f: &Fields, parent: &str, node: Option<&Node>, known: &[&str], diags: &mut Diagnostics) -> Option<Fields> {
    let node = node?;
    match &node.value {
        Value::Map(m) => {
            for e in m.iter().filter(|e| !known.contains(&e.key.as_str())) {
                diags.push(unknown(f, Some(parent), &e.key, known, e.key_pos.line));
            }
            Some(f.nested(m, node.pos.line))
        }
        Value::Null => None,
        other => {
            diags.push(Diagnostic::error(
                &f.path,
                node.pos.line,
                "wrong-type",
                format!("`{parent}` must be a mapping, found {}", other.kind()),
            ));
            None
        }
    }
}

/// A text value of a nested mapping (empty = absent); a wrong type is reported.
fn str_in(m: &Fields, key: &str, diags: &mut Diagnostics) -> Option<String> {
    let mut r = Reader::new(m, chrono_tz::UTC);
    let v = r.text(&[key]);
    diags.items.append(&mut r.errors);
    v
}

fn contact(f: &Fields, diags: &mut Diagnostics) -> Contact {
    let Some(m) = submap(f, "contact", f.node("contact"), &["email", "url", "phone"], diags) else {
        return Contact::default();
    };
    let c = Contact { email: str_in(&m, "email", diags), url: str_in(&m, "url", diags), phone: str_in(&m, "phone", diags) };
    if let Some(u) = &c.url {
        check_url(f, m.line_of("url"), "url", u, diags);
    }
    if let Some(e) = c.email.as_deref().filter(|e| !is_email(e)) {
        diags.push(
            Diagnostic::error(&f.path, m.line_of("email"), "bad-email", format!("`email: {e}` is not an e-mail address"))
                .hint("write a plain address such as support@acme.example (it becomes a mailto: link)"),
        );
    }
    c
}

/// An absolute `http://` or `https://` URL with a host and nothing that breaks out
/// of an HTML attribute. Other schemes (`javascript:`, `data:`) run in the reader's
/// browser when the link is followed.
pub fn is_web_url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once("://") else { return false };
    let bad = |ch: char| ch.is_whitespace() || ch.is_control() || matches!(ch, '"' | '\'' | '<' | '>' | '\\' | '`');
    (scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http"))
        && !rest.is_empty()
        && !rest.starts_with('/')
        && !v.chars().any(bad)
}

/// The path of a site address when it is more than `/` (`https://x.example/help` ->
/// `/help`): pages link from the host's root, so a site cannot live under one.
pub fn sub_path(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let path = &rest[rest.find('/')?..];
    (!path.trim_end_matches('/').is_empty()).then_some(path)
}

/// What to say about a sub-path site address (`--base-url` says it too).
pub fn sub_path_message(setting: &str, path: &str) -> (String, String) {
    (
        format!(
            "`{setting}` has a path (`{path}`); frontline sites are served from the root of their host, so its links would miss `{path}`"
        ),
        "use an address without a path (https://help.acme.example) and point that host at the output folder".into(),
    )
}

fn check_site_url(f: &Fields, line: usize, key: &str, v: &str, diags: &mut Diagnostics) {
    check_url(f, line, key, v, diags);
    if let Some(path) = sub_path(v).filter(|_| is_web_url(v)) {
        let (message, hint) = sub_path_message(&format!("{key}: {}", v.trim()), path);
        diags.push(Diagnostic::error(&f.path, line, "base-url-path", message).hint(hint));
    }
}

fn check_url(f: &Fields, line: usize, key: &str, v: &str, diags: &mut Diagnostics) {
    if !is_web_url(v) {
        diags.push(Diagnostic::error(&f.path, line, "bad-url", format!("`{key}: {v}` is not an http:// or https:// URL")).hint(
            "write a full web address such as https://acme.example/contact; other schemes are refused because every page links to it",
        ));
    }
}

/// `local@domain.tld` with no spaces, quotes or URL syntax.
fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else { return false };
    let ok_local = |ch: char| ch.is_alphanumeric() || matches!(ch, '.' | '_' | '%' | '+' | '-');
    let ok_domain = |ch: char| ch.is_alphanumeric() || matches!(ch, '.' | '-');
    !local.is_empty()
        && local.chars().all(ok_local)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain.chars().all(ok_domain)
}

fn status(f: &Fields, c: &mut Config, diags: &mut Diagnostics) {
    let Some(m) = submap(f, "status", f.node("status"), &["uptime_days", "components"], diags) else {
        return;
    };
    if let Some(v) = m.get("uptime_days") {
        match v {
            Value::Int(n) if (1..=3650).contains(n) => c.uptime_days = *n,
            _ => diags.push(Diagnostic::error(
                &f.path,
                m.line_of("uptime_days"),
                "wrong-type",
                "`uptime_days` must be a number of days between 1 and 3650",
            )),
        }
    }
    let Some(Value::Seq(items)) = m.get("components") else {
        return;
    };
    const KEYS: &[&str] = &["id", "name", "group", "description"];
    for item in items {
        let Some(cm) = submap(f, "status", Some(item), KEYS, diags) else {
            continue;
        };
        let Some(id) = str_in(&cm, "id", diags) else {
            diags.push(
                Diagnostic::error(&f.path, item.pos.line, "component-without-id", "a status component has no `id`")
                    .hint("add `id: api` (letters, digits, `-`, `_`)"),
            );
            continue;
        };
        // The id is a path segment (`/status/components/<id>/feed.atom`) and an API key.
        if id.starts_with('.') || !id.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.')) {
            diags.push(
                Diagnostic::error(
                    &f.path,
                    cm.line_of("id"),
                    "component-id",
                    format!("component id `{id}` is not usable in URLs and the JSON API"),
                )
                .hint("use only letters, digits, `-`, `_` and `.` (not first), e.g. `id: payments-api`"),
            );
            continue;
        }
        if c.components.iter().any(|x| x.id == id) {
            diags.push(Diagnostic::error(&f.path, cm.line_of("id"), "duplicate-component", format!("component `{id}` is defined twice")));
        }
        for key in ["name", "group", "description"] {
            check_localized(f, cm.node(key), diags);
        }
        let name = cm.get("name").and_then(Localized::from_value).unwrap_or_else(|| Localized::plain(&id));
        c.components.push(Component {
            id,
            name,
            group: cm.get("group").and_then(Localized::from_value),
            description: cm.get("description").and_then(Localized::from_value),
        });
    }
}

fn search(f: &Fields, c: &mut Config, diags: &mut Diagnostics) {
    let Some(m) = submap(f, "search", f.node("search"), &["synonyms"], diags) else {
        return;
    };
    match m.get("synonyms") {
        None | Some(Value::Null) => {}
        Some(Value::Seq(groups)) => {
            for g in groups {
                match &g.value {
                    Value::Seq(words) => c.synonyms.push(words.iter().filter_map(|w| w.value.as_text()).collect()),
                    _ => diags.push(
                        Diagnostic::error(&f.path, g.pos.line, "wrong-type", "each `synonyms` entry must be a list of equivalent terms")
                            .hint("synonyms: [[refund, возврат], [delivery, доставка]]"),
                    ),
                }
            }
        }
        Some(_) => diags.push(Diagnostic::error(&f.path, m.line_of("synonyms"), "wrong-type", "`synonyms` must be a list of lists")),
    }
}

fn feedback_and_broadcast(f: &Fields, c: &mut Config, diags: &mut Diagnostics) {
    if let Some(m) = submap(f, "feedback", f.node("feedback"), &["endpoint"], diags) {
        c.feedback_endpoint = str_in(&m, "endpoint", diags);
        if let Some(e) = &c.feedback_endpoint {
            if !(e.starts_with("https://") || e.starts_with("http://") || e.starts_with('/')) {
                diags.push(
                    Diagnostic::error(&f.path, m.line_of("endpoint"), "bad-endpoint", format!("`endpoint: {e}` is not a URL"))
                        .hint("use an https:// URL, or a path such as /kb-feedback on the same host"),
                );
            }
        }
    }
    let Some(m) = submap(f, "broadcast", f.node("broadcast"), &["webhooks"], diags) else {
        return;
    };
    let Some(Value::Seq(hooks)) = m.get("webhooks") else {
        return;
    };
    for h in hooks {
        let Some(hm) = submap(f, "broadcast", Some(h), &["url", "format"], diags) else {
            continue;
        };
        let format = str_in(&hm, "format", diags).unwrap_or_else(|| "json".into());
        let line = hm.line_of("url");
        match str_in(&hm, "url", diags) {
            Some(url) if !is_web_url(&url) => check_url(f, line, "url", &url, diags),
            Some(url) if format == "slack" || format == "json" => c.webhooks.push(Webhook { url, format }),
            Some(_) => diags.push(
                Diagnostic::error(&f.path, hm.line_of("format"), "bad-webhook", format!("webhook format `{format}` is unknown"))
                    .hint("use `format: slack` or `format: json`"),
            ),
            None => diags.push(Diagnostic::error(&f.path, h.pos.line, "bad-webhook", "a webhook has no `url`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, Diagnostics> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), text).unwrap();
        Config::load(dir.path())
    }

    #[test]
    fn defaults_without_file() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(dir.path()).unwrap();
        assert_eq!(c.default_language(), "en");
    }

    #[test]
    fn full_config() {
        let c = load("title: {ru: Помощь, en: Help}\nlanguage: ru\nlanguages: [ru, en]\ntimezone: Europe/Moscow\nreview_every: 180d\nstatus:\n  components:\n    - {id: api, name: API, group: Platform}\n").unwrap();
        assert_eq!(c.languages, ["ru", "en"]);
        assert_eq!(c.title.get("en"), "Help");
        assert_eq!(c.review_every_days, Some(180));
        assert_eq!(c.components[0].id, "api");
    }

    #[test]
    fn unquoted_comma_in_language_map() {
        let e = load("title: x\nstatus:\n  components:\n    - {id: api, name: API, description: {ru: Заказы, оплата, en: Orders}}\n")
            .unwrap_err()
            .sorted();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].code, "split-text");
        assert_eq!(e[0].line, 4);
        assert!(e[0].message.contains("`оплата` has no value"), "{}", e[0].message);
    }

    #[test]
    fn component_ids_must_be_usable_as_a_path_segment() {
        let e = load("title: x\nstatus:\n  components:\n    - {id: api/v2, name: API}\n    - {id: ../x, name: X}\n").unwrap_err().sorted();
        assert_eq!(e.iter().map(|d| (d.code, d.line)).collect::<Vec<_>>(), [("component-id", 4), ("component-id", 5)], "{e:?}");
        let c = load("title: x\nstatus:\n  components:\n    - {id: оплата.v2_x-1, name: Оплата}\n").unwrap();
        assert_eq!(c.components[0].id, "оплата.v2_x-1");
    }

    #[test]
    fn unknown_keys_with_hint_and_line() {
        let e = load("title: x\ntimzone: UTC\nstatus:\n  uptime_dayz: 3\n").unwrap_err().sorted();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].line, 2);
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `timezone`?"));
        assert_eq!(e[1].line, 4);
    }
}
