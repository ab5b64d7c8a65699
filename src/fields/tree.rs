//! The parsed document: a tree of [`Node`]s, each with the position it was read at
//! (YAML and TOML alike), so later stages name the line of a key or a list item
//! without reading the file again.

use serde_json::Value as Json;

/// A place in a file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// A value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// The shapes YAML's core schema and TOML produce.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Map),
}

/// One `key: value` of a mapping, with the key's own position.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

/// A mapping in source order (keys are unique: the parsers refuse repeats).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Map(pub Vec<Entry>);

impl Map {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.0.iter().find(|e| e.key == key)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// What the value is, in words for messages ("a list").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// A scalar as text (`Null` is empty); `None` for lists and maps.
    pub fn as_text(&self) -> Option<String> {
        Some(match self {
            Value::String(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_text(*f),
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
            Value::Seq(_) | Value::Map(_) => return None,
        })
    }

    /// The value for templates (`page.extra`) as JSON.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::String(s) => Json::String(s.clone()),
            Value::Seq(items) => Json::Array(items.iter().map(|n| n.value.to_json()).collect()),
            Value::Map(m) => Json::Object(m.iter().map(|e| (e.key.clone(), e.value.value.to_json())).collect()),
        }
    }
}

/// A float as YAML writes it: `1.0`, `0.5`, `1e20`, `.inf`, `.nan`.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        ".nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.into()
    } else if f.fract() == 0.0 && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_back_as_written() {
        let t = |f| Value::Float(f).as_text().unwrap();
        assert_eq!((t(1.0), t(0.5), t(f64::INFINITY), t(f64::NAN)), ("1.0".into(), "0.5".into(), ".inf".into(), ".nan".into()));
    }
}
