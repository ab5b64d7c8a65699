//! Typed, line-aware access to a parsed YAML or TOML mapping (front matter and
//! `site.yaml`). Positions come from the parse itself ([`tree`]): every key, value
//! and list item carries its line, so no stage looks for text again. Liberal where
//! real content is: lists also take a comma-separated string, booleans take
//! `"true"`, numbers take numeric strings. Every type error carries the line of its
//! key. Before parsing, the text is bounded (at most [`MAX_BYTES`], nesting at most
//! [`MAX_DEPTH`]): YAML parsers slow down on deep nesting, so absurd input is
//! refused with a line first.

mod reader;
mod toml;
pub mod tree;
mod yaml;

pub use reader::Reader;
pub use tree::{Entry, Map, Node, Pos, Value};
pub use yaml::MAX_ALIAS_NODES;

use crate::dates;
use crate::diag::Diagnostic;
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use std::path::{Path, PathBuf};

/// Front matter syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Toml,
}

/// A mapping (the top level of a file, or one nested in it) and the file it is in.
#[derive(Debug, Clone)]
pub struct Fields {
    pub path: PathBuf,
    pub map: Map,
    /// The line the mapping starts on (where a missing key is reported).
    line: usize,
}

/// The most front matter (or site.yaml, `_category.yaml`) parsed: 1 MiB.
pub const MAX_BYTES: usize = 1 << 20;
/// The deepest nesting of lists and maps accepted.
pub const MAX_DEPTH: usize = 64;

impl Fields {
    /// Parse `text` (which starts at `first_line` of `path`). An empty text is an empty map.
    pub fn parse(path: &Path, text: &str, first_line: usize, syntax: Syntax) -> Result<Fields, Diagnostic> {
        check_bounds(path, text, first_line, syntax)?;
        let mut node = match syntax {
            Syntax::Yaml => parse_yaml(path, text, first_line)?,
            Syntax::Toml => parse_toml(path, text, first_line)?,
        };
        shift(&mut node, first_line - 1);
        match node.value {
            Value::Null => Ok(Fields { path: path.to_path_buf(), map: Map::default(), line: first_line }),
            Value::Map(map) => Ok(Fields { path: path.to_path_buf(), map, line: first_line }),
            other => Err(Diagnostic::error(
                path,
                node.pos.line,
                "front-matter-not-map",
                format!("expected `key: value` pairs, found {}", other.kind()),
            )
            .hint("front matter and site.yaml are mappings: one `key: value` per line")),
        }
    }

    pub fn empty(path: &Path) -> Fields {
        Fields { path: path.to_path_buf(), map: Map::default(), line: 1 }
    }

    /// A nested mapping of the same file (a list item, a sub-key's value).
    pub fn nested(&self, map: &Map, line: usize) -> Fields {
        Fields { path: self.path.clone(), map: map.clone(), line }
    }

    /// The value under `key` as [`Fields`] when it is a mapping.
    pub fn sub(&self, key: &str) -> Option<Fields> {
        match self.node(key)? {
            Node { value: Value::Map(m), pos } => Some(self.nested(m, pos.line)),
            _ => None,
        }
    }

    /// The entry of the first of `names` present.
    pub fn get_any<'a>(&'a self, names: &[&str]) -> Option<(&'a str, &'a Value)> {
        names.iter().find_map(|n| self.map.entry(n)).map(|e| (e.key.as_str(), &e.value.value))
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.node(name).map(|n| &n.value)
    }

    pub fn node(&self, name: &str) -> Option<&Node> {
        self.map.get(name)
    }

    /// Line of key `key` (the mapping's first line when absent).
    pub fn line_of(&self, key: &str) -> usize {
        self.map.entry(key).map_or(self.line, |e| e.key_pos.line)
    }

    /// Line of the `i`-th item of the list under `key` (the key's line when it is no list).
    pub fn item_line(&self, key: &str, i: usize) -> usize {
        match self.get(key) {
            Some(Value::Seq(items)) => items.get(i).map_or(self.line_of(key), |n| n.pos.line),
            _ => self.line_of(key),
        }
    }

    /// Every key's line and its list items' lines, for stages after this one.
    pub fn places(&self) -> Places {
        let lines = |v: &Value| match v {
            Value::Seq(items) => items.iter().map(|n| n.pos.line).collect(),
            _ => Vec::new(),
        };
        Places(self.map.iter().map(|e| (e.key.clone(), e.key_pos.line, lines(&e.value.value))).collect())
    }

    fn type_error(&self, key: &str, expected: &str, found: &Value) -> Diagnostic {
        Diagnostic::error(&self.path, self.line_of(key), "wrong-type", format!("`{key}` must be {expected}, found {}", found.kind()))
            .hint(format!("write `{key}:` as {expected}"))
    }

    pub fn string(&self, names: &[&str]) -> Result<Option<String>, Diagnostic> {
        match self.get_any(names) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((k, v)) => v.as_text().map(Some).ok_or_else(|| self.type_error(k, "a string", v)),
        }
    }

    pub fn bool(&self, names: &[&str]) -> Result<Option<bool>, Diagnostic> {
        match self.get_any(names) {
            None | Some((_, Value::Null)) => Ok(None),
            Some((_, Value::Bool(b))) => Ok(Some(*b)),
            Some((k, v)) => match v.as_text().as_deref().map(str::to_ascii_lowercase).as_deref() {
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
                    Value::Int(n) => Some(*n),
                    Value::Float(f) if f.is_finite() => Some(*f as i64),
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
            Some((k, Value::Seq(items))) => {
                items.iter().map(|n| n.value.as_text().ok_or_else(|| self.type_error(k, "a list of strings", &n.value))).collect()
            }
            Some((k, v)) => match v.as_text() {
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
        self.map.iter().filter(|e| !known.contains(&e.key.as_str())).map(|e| (e.key.as_str(), e.key_pos.line)).collect()
    }
}

/// Where a document's keys and list items are: (key, key line, item lines).
/// Kept with the parsed content so later stages name lines without the file.
#[derive(Debug, Clone, Default)]
pub struct Places(Vec<(String, usize, Vec<usize>)>);

impl Places {
    /// The line of the first of `keys` present.
    pub fn key(&self, keys: &[&str]) -> Option<usize> {
        keys.iter().find_map(|k| self.0.iter().find(|(name, _, _)| name == k)).map(|(_, line, _)| *line)
    }

    /// The line of the `i`-th item under `key`; the key's line when the value is
    /// no list (`tags: a, b`); 1 when the key is absent.
    pub fn item(&self, key: &str, i: usize) -> usize {
        match self.0.iter().find(|(name, _, _)| name == key) {
            Some((_, line, items)) => items.get(i).copied().unwrap_or(*line),
            None => 1,
        }
    }
}

/// Move every position of `node` down by `by` lines (the text started later in its file).
fn shift(node: &mut Node, by: usize) {
    node.pos.line += by;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| shift(n, by)),
        Value::Map(m) => m.0.iter_mut().for_each(|e| {
            e.key_pos.line += by;
            shift(&mut e.value, by)
        }),
        _ => {}
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

fn parse_yaml(path: &Path, text: &str, first_line: usize) -> Result<Node, Diagnostic> {
    yaml::parse(text).map_err(|e| {
        let line = e.line;
        let msg = match e.kind {
            yaml::ErrorKind::Duplicate(key) => {
                return Diagnostic::error(path, first_line + line, "invalid-yaml", format!("invalid YAML: `{key}` is given twice"))
                    .col(e.col)
                    .hint("keep one of the two lines (YAML keys must be unique)")
            }
            yaml::ErrorKind::ComplexKey => {
                return Diagnostic::error(
                    path,
                    first_line + line,
                    "invalid-yaml",
                    "invalid YAML: a key must be plain text, not a list or map",
                )
                .col(e.col)
                .hint("write `key: value`")
            }
            yaml::ErrorKind::MoreThanOneDocument => {
                return Diagnostic::error(path, first_line + line, "invalid-yaml", "invalid YAML: a second document (`---`) starts here")
                    .col(e.col)
                    .hint("front matter and site.yaml hold one document: remove the `---` line")
            }
            yaml::ErrorKind::AliasesTooLarge => {
                return Diagnostic::error(path, first_line + line, "too-large", "invalid YAML: aliases (`*name`) copy too much")
                    .col(e.col)
                    .hint(format!("aliases may copy at most {} values in all", yaml::MAX_ALIAS_NODES))
            }
            yaml::ErrorKind::Syntax(msg) => msg,
        };
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
            .col(e.col)
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
    [quote].into_iter().flatten().chain(flows).filter(|u| u.line <= err_line).min_by_key(|u| u.line)
}

fn parse_toml(path: &Path, text: &str, first_line: usize) -> Result<Node, Diagnostic> {
    toml::parse(text).map_err(|e| {
        Diagnostic::error(path, first_line + e.line - 1, "invalid-toml", format!("invalid TOML: {}", e.message.trim_end()))
            .col(e.col)
            .hint("TOML front matter (between `+++` lines) needs `key = \"value\"`")
    })
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
