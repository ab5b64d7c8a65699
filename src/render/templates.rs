//! Tera 2 templates: the default theme is embedded in the binary; a site's
//! `themes/<name>/templates/x.html` overrides `x.html` by name, and
//! `themes/<name>/static/*` adds to or replaces the theme's static files.
//! The embedded theme's JavaScript is published minified, and the search scripts'
//! UI strings are generated from [`crate::render::i18n`]. A site's theme files are
//! read like content: regular files only, at most 16 MiB each, links outside the
//! site skipped with a warning ([`crate::content::walk`]).

use crate::diag::Diagnostic;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
/// The generated module of the search scripts' UI strings, under `assets/`.
const SCRIPT_STRINGS: &str = "search/strings.js";

/// Parsed templates plus the theme's static files (path -> bytes).
pub struct Templates {
    tera: tera::Tera,
    /// Where each template came from, for error messages.
    origin: BTreeMap<String, PathBuf>,
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Where each of `statics` came from, for messages.
    pub static_origins: BTreeMap<String, PathBuf>,
    /// What loading found that does not stop a build (links skipped, say).
    pub warnings: Vec<Diagnostic>,
}

impl Templates {
    /// The embedded default theme with the overrides of the site's `theme`.
    pub fn load(config: &crate::config::Config) -> Result<Templates, Vec<Diagnostic>> {
        let (root, theme) = (config.root.as_path(), config.theme.as_str());
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut statics = Statics::default();
        collect_embedded(&DEFAULT_THEME, &mut sources, &mut statics);
        // The search scripts' UI strings, from the one table in `render::i18n`.
        let strings = PathBuf::from("<default theme>").join("static").join(SCRIPT_STRINGS);
        statics.insert(SCRIPT_STRINGS.to_string(), strings, crate::render::i18n::script_strings_module().into_bytes());
        let mut errs = Vec::new();
        let site_theme = root.join("themes").join(theme);
        if site_theme.is_dir() {
            overrides(root, &site_theme, &mut sources, &mut statics, &mut errs);
        } else if theme != "default" {
            errs.push(
                Diagnostic::error(
                    "site.yaml",
                    config.places.key(&["theme"]).unwrap_or(1),
                    "unknown-theme",
                    format!("theme `{theme}` not found at themes/{theme}/"),
                )
                .hint("create the folder or remove `theme:` to use the built-in theme"),
            );
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        let origin: BTreeMap<String, PathBuf> = sources.iter().map(|(k, (p, _))| (k.clone(), p.clone())).collect();
        if let Err(e) = tera.add_raw_templates(sources.iter().map(|(k, (_, t))| (k.clone(), t.clone()))) {
            errs.push(tera_error(&origin, &e));
        }
        let (warnings, errs): (Vec<_>, Vec<_>) = errs.into_iter().partition(|d| !d.is_error());
        if errs.is_empty() {
            Ok(Templates { tera, origin, statics: statics.bytes, static_origins: statics.origins, warnings })
        } else {
            Err(errs.into_iter().chain(warnings).collect())
        }
    }

    /// Render `name` with `ctx`; errors name the template file.
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| tera_error(&self.origin, &e))
    }
}

/// A theme's static files by path under `assets/`, and where each came from.
#[derive(Default)]
struct Statics {
    bytes: BTreeMap<String, Vec<u8>>,
    origins: BTreeMap<String, PathBuf>,
}

impl Statics {
    fn insert(&mut self, name: String, origin: PathBuf, bytes: Vec<u8>) {
        self.origins.insert(name.clone(), origin);
        self.bytes.insert(name, bytes);
    }
}

fn collect_embedded(dir: &Dir<'_>, sources: &mut BTreeMap<String, (PathBuf, String)>, statics: &mut Statics) {
    for f in dir.files() {
        let p = f.path().to_string_lossy().replace('\\', "/");
        let origin = PathBuf::from("<default theme>").join(&p);
        if let Some(name) = p.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(f.contents()).into_owned();
            sources.insert(name.to_string(), (origin, text));
        } else if let Some(name) = p.strip_prefix("static/") {
            statics.insert(name.to_string(), origin, embedded_static(name, f.contents()));
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, sources, statics);
    }
}

/// A static file of the embedded theme as it is published: JavaScript is
/// minified, each module on its own (`render::minify`), everything else is
/// as written.
/// A site's own theme and static files are published byte for byte.
fn embedded_static(name: &str, bytes: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(bytes) {
        // A file the minifier cannot parse is published as written.
        Ok(js) if name.ends_with(".js") => super::minify::js(js).map_or_else(|| bytes.to_vec(), String::into_bytes),
        _ => bytes.to_vec(),
    }
}

/// The site theme's templates and static files over the built-in ones. Problems
/// go to `errs`, warnings (links skipped) too.
fn overrides(
    root: &Path,
    theme: &Path,
    sources: &mut BTreeMap<String, (PathBuf, String)>,
    statics: &mut Statics,
    errs: &mut Vec<Diagnostic>,
) {
    for (sub, is_tpl) in [("templates", true), ("static", false)] {
        let dir = theme.join(sub);
        let (found, problems) = crate::content::walk::files(root, &dir, false);
        errs.extend(problems);
        for f in found {
            let rel = f.rel.to_string_lossy().replace('\\', "/");
            let shown = f.abs.strip_prefix(root).unwrap_or(&f.abs).to_path_buf();
            let bytes = match crate::source::read_bytes(&shown, &f.abs, crate::source::MAX_FILE_MIB) {
                Ok(b) => b,
                Err(d) => {
                    errs.push(d);
                    continue;
                }
            };
            if is_tpl {
                match String::from_utf8(bytes) {
                    Ok(t) => {
                        sources.insert(rel, (shown, t));
                    }
                    Err(_) => errs.push(Diagnostic::error(&shown, 1, "invalid-utf8", "template is not UTF-8")),
                }
            } else if DEFAULT_THEME.get_file(format!("static/{rel}")).is_some_and(|f| f.contents() == bytes) {
                // A copy of a built-in file (the repo's example site uses the theme's own
                // folder) keeps the built-in, published form.
            } else {
                statics.insert(rel, shown, bytes);
            }
        }
    }
}

fn tera_error(origin: &BTreeMap<String, PathBuf>, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    let path = origin.iter().find(|(k, _)| msg.contains(k.as_str())).map_or_else(|| PathBuf::from("<templates>"), |(_, p)| p.clone());
    let line =
        msg.split("line ").nth(1).and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next()).and_then(|n| n.parse().ok()).unwrap_or(1);
    Diagnostic::error(path, line, "template", format!("template error: {msg}"))
        .hint("fix the template syntax (Tera 2) or the variable it uses")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_javascript_is_published_minified_and_the_rest_as_written() {
        let t = Templates::load(&crate::config::Config::defaults(Path::new("/nonexistent-site-root"))).expect("default theme loads");
        let search = DEFAULT_THEME.get_dir("static/search").expect("the search modules are embedded");
        let mut modules: Vec<(String, &[u8])> =
            vec![("search.js".into(), DEFAULT_THEME.get_file("static/search.js").expect("search.js").contents())];
        modules.extend(search.files().map(|f| (f.path().to_string_lossy().replace('\\', "/").replace("static/", ""), f.contents())));
        assert!(modules.len() >= 7, "{modules:?}");
        let (mut published, mut written) = (0, 0);
        for (name, source) in &modules {
            let out = &t.statics[name];
            let text = std::str::from_utf8(out).expect("UTF-8");
            assert!(out.len() < source.len(), "{name}: {} bytes published from {} bytes", out.len(), source.len());
            assert!(!text.contains("\n//") && !text.contains("@ts-check"), "{name}: comments are gone");
            assert!(text.contains("export"), "{name} lost its exports");
            (published, written) = (published + out.len(), written + source.len());
        }
        assert!(published * 10 < written * 7, "search modules: {published} bytes published from {written} bytes");
        let all: String = modules.iter().map(|(n, _)| String::from_utf8_lossy(&t.statics[n]).into_owned()).collect();
        for kept in ["navigator.sendBeacon", "'search/config.json'", "from'./search/engine.js'"] {
            let all = all.replace(['"', '`'], "'").replace("from './", "from'./");
            assert!(all.contains(kept), "minified search modules lost `{kept}`");
        }
        let css = DEFAULT_THEME.get_file("static/style.css").expect("style.css is embedded").contents();
        assert_eq!(t.statics["style.css"], css, "CSS is published as written");
    }

    /// Every `t('key')` of the search scripts is in the generated strings module, in both languages.
    #[test]
    fn the_search_scripts_strings_come_from_the_i18n_table() {
        let t = Templates::load(&crate::config::Config::defaults(Path::new("/nonexistent-site-root"))).unwrap();
        let module = std::str::from_utf8(&t.statics[SCRIPT_STRINGS]).unwrap();
        let json = module.strip_prefix("export default ").and_then(|m| m.trim_end().strip_suffix(';')).expect("one default export");
        let table: serde_json::Value = serde_json::from_str(json).expect("the strings are JSON");
        assert_eq!(table["ru"]["found"], "Найдено: {n}");
        assert_eq!(table["en"]["found_one"], "{n} result");
        let search = DEFAULT_THEME.get_dir("static/search").unwrap();
        let mut used = 0;
        for f in search.files() {
            let text = f.contents_utf8().unwrap();
            for (at, _) in text.match_indices("t('") {
                // `t` the formatter, not the end of another name (`set('…')`).
                if text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key = text[at + 3..].split('\'').next().unwrap_or_default();
                used += 1;
                for lang in ["ru", "en"] {
                    assert!(table[lang][key].is_string(), "{}: t('{key}') has no {lang} string in render::i18n", f.path().display());
                }
            }
        }
        assert!(used >= 20, "{used} strings used");
    }

    #[test]
    fn a_copy_of_a_built_in_file_is_published_like_it_and_a_changed_one_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let stat = dir.path().join("themes/default/static");
        std::fs::create_dir_all(&stat).unwrap();
        let source = DEFAULT_THEME.get_file("static/search.js").unwrap().contents();
        std::fs::write(stat.join("search.js"), source).unwrap();
        std::fs::write(stat.join("site.js"), "// mine\nconsole.log(1);\n").unwrap();
        let t = Templates::load(&crate::config::Config::defaults(dir.path())).unwrap();
        assert!(t.statics["search.js"].len() < source.len(), "the copy is published minified, as the built-in file");
        assert_eq!(t.statics["site.js"], b"// mine\nconsole.log(1);\n", "a changed file is the site's own: as written");
    }
}
