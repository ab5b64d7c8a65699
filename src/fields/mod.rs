//! Typed, line-aware access to a parsed YAML or TOML mapping (front matter and
//! `site.yaml`). Liberal where real content is: lists also take a comma-separated
//! string, booleans take `"true"`, numbers take numeric strings. Every type error
//! carries the line of its key. Before parsing, the text is bounded (at most
//! [`MAX_BYTES`], nesting at most [`MAX_DEPTH`]): YAML parsers slow down
//! quadratically on deep nesting, so absurd input is refused with a line first.

mod reader;

pub use reader::Reader;

use crate::dates;
use crate::diag::Diagnostic;
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// Front matter syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Toml,
}

/// A top-level mapping with the source text it came from, for line lookups.
#[derive(Debug, Clone)]
pub struct Fields {
    pub path: PathBuf,
    pub entries: Vec<(String, Value)>,
    text: String,
    /// Line number (1-based) of the first line of `text` in the file.
    first_line: usize,
    syntax: Syntax,
}

/// The most front matter (or site.yaml, `_category.yaml`) parsed: 1 MiB.
pub const MAX_BYTES: usize = 1 << 20;
/// The deepest nesting of lists and maps accepted.
pub const MAX_DEPTH: usize = 64;

impl Fields {
    /// Parse `text` (which starts at `first_line` of `path`). An empty text is an empty map.
    pub fn parse(path: &Path, text: &str, first_line: usize, syntax: Syntax) -> Result<Fields, Diagnostic> {
        check_bounds(path, text, first_line, syntax)?;
        let value = match syntax {
            Syntax::Yaml => parse_yaml(path, text, first_line)?,
            Syntax::Toml => parse_toml(path, text, first_line)?,
        };
        let entries = match value {
            Value::Null => Vec::new(),
            Value::Mapping(m) => m.into_iter().map(|(k, v)| (scalar_to_string(&k).unwrap_or_default(), v)).collect(),
            other => {
                return Err(Diagnostic::error(
                    path,
                    first_line,
                    "front-matter-not-map",
                    format!("expected `key: value` pairs, found {}", kind(&other)),
                )
                .hint("front matter and site.yaml are mappings: one `key: value` per line"))
            }
        };
        Ok(Fields { path: path.to_path_buf(), entries, text: text.to_string(), first_line, syntax })
    }

    pub fn empty(path: &Path) -> Fields {
        Fields { path: path.to_path_buf(), entries: Vec::new(), text: String::new(), first_line: 1, syntax: Syntax::Yaml }
    }

    /// The value of the first of `names` present, with the name found.
    pub fn get_any<'a>(&'a self, names: &[&str]) -> Option<(&'a str, &'a Value)> {
        names.iter().find_map(|n| self.entries.iter().find(|(k, _)| k == n).map(|(k, v)| (k.as_str(), v)))
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.get_any(&[name]).map(|(_, v)| v)
    }

    /// Line of top-level key `key` in the file (best effort: the first line that starts with it).
    pub fn line_of(&self, key: &str) -> usize {
        let sep = if self.syntax == Syntax::Toml { '=' } else { ':' };
        for (i, line) in self.text.lines().enumerate() {
            let t = line.trim_start_matches('\u{feff}');
            let t = t.strip_prefix('"').unwrap_or(t);
            if let Some(rest) = t.strip_prefix(key) {
                let rest = rest.strip_prefix('"').unwrap_or(rest).trim_start();
                if rest.starts_with(sep) && !line.starts_with(' ') {
                    return self.first_line + i;
                }
            }
        }
        self.first_line
    }

    /// Line of `needle` inside the text (first occurrence), else the key's line.
    pub fn line_of_text(&self, key: &str, needle: &str) -> usize {
        let start = self.line_of(key) - self.first_line;
        self.text
            .lines()
            .enumerate()
            .skip(start)
            .find(|(_, l)| l.contains(needle))
            .map_or(self.first_line + start, |(i, _)| self.first_line + i)
    }

    /// Line of the `i`-th `- ` item of the block list under top-level `key` (the key's line if not found).
    pub fn nth_item_line(&self, key: &str, i: usize) -> usize {
        self.nth_item_after(self.line_of(key), i)
    }

    /// Line of the `i`-th `- ` item of the block list that follows the key on `key_line`
    /// (at any depth); `key_line` itself if not found.
    pub fn nth_item_after(&self, key_line: usize, i: usize) -> usize {
        let Some(key_text) = self.text.lines().nth(key_line - self.first_line) else { return key_line };
        let parent = key_text.len() - key_text.trim_start().len();
        let mut n = 0;
        let mut indent = None;
        for (j, line) in self.text.lines().enumerate().skip(key_line + 1 - self.first_line) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let ind = line.len() - trimmed.len();
            if ind <= parent && !(ind == parent && trimmed.starts_with('-')) {
                break;
            }
            if (trimmed.starts_with("- ") || trimmed == "-") && *indent.get_or_insert(ind) == ind {
                if n == i {
                    return self.first_line + j;
                }
                n += 1;
            }
        }
        key_line
    }

    fn type_error(&self, key: &str, expected: &str, found: &Value) -> Diagnostic {
        Diagnostic::error(&self.path, self.line_of(key), "wrong-type", format!("`{key}` must be {expected}, found {}", kind(found)))
            .hint(format!("write `{key}:` as {expected}"))
    }

    pub fn string(&self, names: &[&str]) -> Result<Option<String>, Diagnostic> {
        match self.get_any(names) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((k, v)) => scalar_to_string(v).map(Some).ok_or_else(|| self.type_error(k, "a string", v)),
        }
    }

    pub fn bool(&self, names: &[&str]) -> Result<Option<bool>, Diagnostic> {
        match self.get_any(names) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((_, Value::Bool(b))) => Ok(Some(*b)),
            Some((k, v)) => match scalar_to_string(v).as_deref().map(str::to_ascii_lowercase).as_deref() {
                Some("true" | "yes" | "on" | "1") => Ok(Some(true)),
                Some("false" | "no" | "off" | "0" | "") => Ok(Some(false)),
                _ => Err(self.type_error(k, "true or false", v)),
            },
        }
    }

    pub fn int(&self, names: &[&str]) -> Result<Option<i64>, Diagnostic> {
        match self.get_any(names) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((k, v)) => {
                let n = match v {
                    Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                };
                n.map(Some).ok_or_else(|| self.type_error(k, "a whole number", v))
            }
        }
    }

    /// A list of strings: a YAML list of scalars, or one comma-separated string.
    pub fn list(&self, names: &[&str]) -> Result<Vec<String>, Diagnostic> {
        match self.get_any(names) {
            None | Some((_, Value::Null)) => Ok(Vec::new()),
            Some((k, Value::Sequence(items))) => {
                items.iter().map(|v| scalar_to_string(v).ok_or_else(|| self.type_error(k, "a list of strings", v))).collect()
            }
            Some((k, v)) => match scalar_to_string(v) {
                Some(s) => Ok(s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()),
                None => Err(self.type_error(k, "a list of strings", v)),
            },
        }
    }

    /// A time; values without an offset are UTC and reported through `warn`.
    pub fn date(&self, names: &[&str], tz: Tz, warn: &mut Vec<Diagnostic>) -> Result<Option<DateTime<FixedOffset>>, Diagnostic> {
        let Some(s) = self.string(names)? else {
            return Ok(None);
        };
        if s.trim().is_empty() {
            return Ok(None);
        }
        let key = self.get_any(names).map_or(names[0], |(k, _)| k);
        let line = self.line_of(key);
        match dates::parse(&s, tz) {
            Some(p) => {
                if p.assumed_utc {
                    warn.push(
                        Diagnostic::warning(
                            &self.path,
                            line,
                            "time-without-offset",
                            format!("`{key}: {s}` has no UTC offset; read as UTC"),
                        )
                        .hint("write the offset, e.g. `2026-11-20T10:04:00+03:00`"),
                    );
                }
                Ok(Some(p.time))
            }
            None => match dates::out_of_range(&s, tz) {
                Some(why) => Err(Diagnostic::error(&self.path, line, "date-out-of-range", format!("`{key}: {s}`: {why}"))
                    .hint("check the year: frontline keeps times between 1900 and 2199")),
                None => Err(Diagnostic::error(&self.path, line, "bad-date", format!("`{key}: {s}` is not a date"))
                    .hint("use 2026-11-01, 2026-11-01T10:04:00+03:00 or 11/01/2026")),
            },
        }
    }

    /// Keys not in `known`, each with its line.
    pub fn unknown_keys<'a>(&'a self, known: &[&str]) -> Vec<(&'a str, usize)> {
        self.entries.iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, _)| (k.as_str(), self.line_of(k))).collect()
    }
}

/// A scalar as text; `None` for lists and maps.
pub fn scalar_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        Value::Tagged(t) => scalar_to_string(&t.value),
        _ => None,
    }
}

pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Refuse text over [`MAX_BYTES`] or nesting deeper than [`MAX_DEPTH`], cheaply.
fn check_bounds(path: &Path, text: &str, first_line: usize, syntax: Syntax) -> Result<(), Diagnostic> {
    if text.len() > MAX_BYTES {
        let what = if first_line == 1 { "the file" } else { "front matter" };
        return Err(Diagnostic::error(path, first_line, "too-large", format!("{what} is larger than 1 MiB"))
            .hint("keep front matter and settings short; long text belongs in the Markdown body"));
    }
    match nesting_over(text, syntax) {
        None => Ok(()),
        Some((line, col)) => Err(Diagnostic::error(
            path,
            first_line + line,
            "too-deep",
            format!("{} nests deeper than {MAX_DEPTH} levels", if first_line == 1 { "the file" } else { "front matter" }),
        )
        .col(col)
        .hint("flatten the lists and maps; no real setting nests this deep")),
    }
}

/// 0-based line and 1-based column where nesting first exceeds [`MAX_DEPTH`]: flow
/// brackets (`[`, `{`) outside quotes and comments, plus, in YAML, block indentation
/// levels and `- ` items on one line, in TOML dots of dotted keys. An overestimate
/// (a bracket inside plain text counts), never an underestimate.
fn nesting_over(text: &str, syntax: Syntax) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let mut block = 0;
        if syntax == Syntax::Yaml && !trimmed.is_empty() && !trimmed.starts_with('#') && flow == 0 {
            let indent = line.len() - trimmed.len();
            while indents.last().is_some_and(|&x| x >= indent) {
                indents.pop();
            }
            indents.push(indent);
            block = indents.len();
        }
        let mut quote = None;
        let mut prev = ' ';
        let mut escaped = false;
        for (col, ch) in line.chars().enumerate() {
            match quote {
                Some(q) => {
                    if ch == q && !escaped {
                        quote = None;
                    }
                    escaped = q == '"' && ch == '\\' && !escaped;
                }
                None => match ch {
                    '#' if prev.is_whitespace() => break,
                    '"' | '\'' if prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':' | '=') => quote = Some(ch),
                    '[' | '{' => flow += 1,
                    ']' | '}' => flow = flow.saturating_sub(1),
                    '-' if syntax == Syntax::Yaml && prev.is_whitespace() => block += 1,
                    '.' if syntax == Syntax::Toml => block += 1,
                    _ => {}
                },
            }
            if flow + block > MAX_DEPTH {
                return Some((i, col + 1));
            }
            prev = ch;
        }
    }
    None
}

fn parse_yaml(path: &Path, text: &str, first_line: usize) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        if let Some(key) = msg.strip_prefix("duplicate entry with key \"").and_then(|k| k.strip_suffix('"')) {
            // serde_yaml gives no location for this one: point at the second `key:`.
            let line =
                text.lines().enumerate().filter(|(_, l)| l.trim_start().starts_with(&format!("{key}:"))).nth(1).map_or(0, |(i, _)| i);
            return Diagnostic::error(path, first_line + line, "invalid-yaml", format!("invalid YAML: `{key}` is given twice"))
                .hint("keep one of the two lines (YAML keys must be unique)");
        }
        let (line, col) = e.location().map_or((0, 1), |l| (l.line().saturating_sub(1), l.column()));
        if let Some(open) = unclosed_before(text, line) {
            // The parser notices an unclosed quote or bracket where the text ends or the
            // next key begins: name the line that opened it.
            return Diagnostic::error(
                path,
                first_line + open.line,
                "invalid-yaml",
                format!("invalid YAML: `{}` is never closed (the YAML parser stopped at line {}: {msg})", open.what, first_line + line),
            )
            .col(open.col)
            .hint(open.hint);
        }
        Diagnostic::error(path, first_line + line, "invalid-yaml", format!("invalid YAML: {msg}"))
            .col(col)
            .hint("check indentation and quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `%` or `@`")
    })
}

/// An opening quote or bracket on a line before `err_line` (0-based) that is still
/// open there.
struct Unclosed {
    line: usize,
    col: usize,
    what: char,
    hint: &'static str,
}

fn unclosed_before(text: &str, err_line: usize) -> Option<Unclosed> {
    let mut quote: Option<Unclosed> = None;
    let mut flows: Vec<Unclosed> = Vec::new();
    for (i, line) in text.lines().enumerate().take(err_line + 1) {
        let mut prev = ' ';
        let mut escaped = false;
        for (col, ch) in line.chars().enumerate() {
            if let Some(q) = &quote {
                if ch == q.what && !escaped {
                    quote = None;
                }
                escaped = ch == '\\' && !escaped;
            } else {
                match ch {
                    '#' if prev.is_whitespace() => break,
                    '"' | '\'' if prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':') => {
                        let hint =
                            "close the quote on the same line, or quote the value with the other quote character if it contains this one";
                        quote = Some(Unclosed { line: i, col: col + 1, what: ch, hint })
                    }
                    '[' | '{' if prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':') => {
                        let hint = "close the list or map, or quote the value if it is text that starts with `[` or `{`";
                        flows.push(Unclosed { line: i, col: col + 1, what: ch, hint })
                    }
                    ']' | '}' => {
                        flows.pop();
                    }
                    _ => {}
                }
            }
            prev = ch;
        }
    }
    [quote].into_iter().flatten().chain(flows).filter(|u| u.line < err_line).min_by_key(|u| u.line)
}

fn parse_toml(path: &Path, text: &str, first_line: usize) -> Result<Value, Diagnostic> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let (line, col) = e.span().map_or((1, 1), |s| crate::diag::line_col(text, s.start));
        Diagnostic::error(path, first_line + line - 1, "invalid-toml", format!("invalid TOML: {}", e.message()))
            .col(col)
            .hint("TOML front matter (between `+++` lines) needs `key = \"value\"`")
    })?;
    Ok(toml_to_yaml(toml::Value::Table(table)))
}

fn toml_to_yaml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Sequence(a.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(t) => Value::Mapping(t.into_iter().map(|(k, v)| (Value::String(k), toml_to_yaml(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(t: &str) -> Fields {
        Fields::parse(Path::new("a.md"), t, 2, Syntax::Yaml).unwrap()
    }

    #[test]
    fn lists_take_strings() {
        let f = yaml("tags: a, b ,c\nkeywords: ''\n");
        assert_eq!(f.list(&["tags"]).unwrap(), ["a", "b", "c"]);
        assert!(f.list(&["keywords"]).unwrap().is_empty());
    }

    #[test]
    fn wrong_type_names_line() {
        let f = yaml("title: x\ntags:\n  a: 1\n");
        let e = f.list(&["tags"]).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("`tags` must be a list"));
    }

    /// An unclosed quote or bracket is reported on the line that opened it, not
    /// where the parser noticed (front matter starts on line 2 of the file).
    #[test]
    fn unclosed_quote_or_bracket_names_its_own_line() {
        let p = Path::new("a.md");
        let e = Fields::parse(p, "title: \"Broken\nsummary: x\n", 2, Syntax::Yaml).unwrap_err();
        assert_eq!((e.line, e.column), (2, 8), "{}", e.message);
        assert!(e.message.contains("`\"` is never closed"), "{}", e.message);
        let e = Fields::parse(p, "order: 1\ntags: [a, b\nsummary: x\n", 2, Syntax::Yaml).unwrap_err();
        assert_eq!((e.line, e.column), (3, 7), "{}", e.message);
        // Other errors keep the parser's position.
        let e = Fields::parse(p, "title: a: b\nsummary: x\n", 2, Syntax::Yaml).unwrap_err();
        assert_eq!(e.line, 2, "{}", e.message);
        let e = Fields::parse(p, "title: \"fine \\\" quote\"\nx: [1\n", 2, Syntax::Yaml).unwrap_err();
        assert_eq!(e.line, 3, "an escaped quote does not open one: {}", e.message);
    }

    #[test]
    fn bool_from_string() {
        assert_eq!(yaml("draft: \"true\"").bool(&["draft"]).unwrap(), Some(true));
    }

    #[test]
    fn toml_front_matter() {
        let f = Fields::parse(Path::new("a.md"), "title = \"Hi\"\ndate = 2026-11-01\nweight = 3\n", 2, Syntax::Toml).unwrap();
        assert_eq!(f.string(&["title"]).unwrap().unwrap(), "Hi");
        assert_eq!(f.int(&["order", "weight"]).unwrap(), Some(3));
        assert_eq!(f.line_of("weight"), 4);
        let mut w = vec![];
        assert!(f.date(&["updated", "date"], chrono_tz::UTC, &mut w).unwrap().is_some());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let p = Path::new("a.md");
        let flow = format!("title: x\na: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let e = Fields::parse(p, &flow, 2, Syntax::Yaml).unwrap_err();
        assert_eq!((e.code, e.line, e.column, e.message.as_str()), ("too-deep", 3, 67, "front matter nests deeper than 64 levels"));
        let dashes = format!("a:\n{}x\n", "- ".repeat(100_000));
        assert_eq!(Fields::parse(p, &dashes, 1, Syntax::Yaml).unwrap_err().code, "too-deep");
        let indented: String = (0..70).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        assert_eq!(Fields::parse(p, &indented, 2, Syntax::Yaml).unwrap_err().line, 2 + 64);
        let toml = format!("a = {}1{}\n", "[".repeat(1000), "]".repeat(1000));
        assert_eq!(Fields::parse(p, &toml, 2, Syntax::Toml).unwrap_err().code, "too-deep");
        let dotted = format!("{} = 1\n", vec!["k"; 1000].join("."));
        assert_eq!(Fields::parse(p, &dotted, 2, Syntax::Toml).unwrap_err().code, "too-deep");
        // Brackets in quotes and comments, and ordinary nesting, are fine.
        let ok = format!("title: \"{}\"\n# {}\ntags: [a, [b, {{c: d}}]]\nlist:\n  - - x\n", "[".repeat(99), "{".repeat(99));
        assert!(Fields::parse(p, &ok, 2, Syntax::Yaml).is_ok());
        let big = format!("title: \"{}\"\n", "x".repeat(MAX_BYTES));
        assert_eq!(Fields::parse(p, &big, 2, Syntax::Yaml).unwrap_err().message, "front matter is larger than 1 MiB");
    }

    #[test]
    fn yaml_error_has_line() {
        let e = Fields::parse(Path::new("a.md"), "title: x\ntags: [a\n", 2, Syntax::Yaml).unwrap_err();
        assert!(e.line >= 3, "{e}");
    }
}
