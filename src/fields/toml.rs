//! TOML front matter (`+++`) -> [`Node`] tree with positions, from `toml_edit`'s
//! spans (the parser `toml` itself uses). Dates stay text, as in YAML.

use super::tree::{Entry, Map, Node, Pos, Value};
use std::ops::Range;
use toml_edit::{ImDocument, Item, Table, TableLike};

/// A parse error: 1-based line and column of the text, and the parser's message.
#[derive(Debug)]
pub struct TomlError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

pub fn parse(text: &str) -> Result<Node, TomlError> {
    let doc = ImDocument::parse(text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| crate::diag::line_col(text, s.start));
        TomlError { line, col, message: e.message().to_string() }
    })?;
    let at = |span: Option<Range<usize>>| {
        let (line, col) = span.map_or((1, 1), |s| crate::diag::line_col(text, s.start));
        Pos { line, col }
    };
    Ok(Node { value: Value::Map(table(doc.as_table(), &at)), pos: Pos { line: 1, col: 1 } })
}

fn table(t: &dyn TableLike, at: &dyn Fn(Option<Range<usize>>) -> Pos) -> Map {
    Map(t
        .iter()
        .map(|(k, item)| {
            let key_pos = at(t.key(k).and_then(|key| key.span()));
            Entry { key: k.to_string(), key_pos, value: Node { value: item_value(item, at), pos: item_pos(item, key_pos, at) } }
        })
        .collect())
}

fn item_pos(item: &Item, key_pos: Pos, at: &dyn Fn(Option<Range<usize>>) -> Pos) -> Pos {
    match item.span() {
        Some(s) => at(Some(s)),
        None => key_pos,
    }
}

fn item_value(item: &Item, at: &dyn Fn(Option<Range<usize>>) -> Pos) -> Value {
    match item {
        Item::None => Value::Null,
        Item::Value(v) => value(v, at),
        Item::Table(t) => Value::Map(table(t as &Table, at)),
        Item::ArrayOfTables(a) => Value::Seq(a.iter().map(|t| Node { value: Value::Map(table(t, at)), pos: at(t.span()) }).collect()),
    }
}

fn value(v: &toml_edit::Value, at: &dyn Fn(Option<Range<usize>>) -> Pos) -> Value {
    use toml_edit::Value as T;
    match v {
        T::String(s) => Value::String(s.value().clone()),
        T::Integer(i) => Value::Int(*i.value()),
        T::Float(f) => Value::Float(*f.value()),
        T::Boolean(b) => Value::Bool(*b.value()),
        T::Datetime(d) => Value::String(d.value().to_string()),
        T::Array(a) => Value::Seq(a.iter().map(|x| Node { value: value(x, at), pos: at(x.span()) }).collect()),
        T::InlineTable(t) => Value::Map(table(t, at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_items_keep_their_lines() {
        let n = parse("title = \"Hi\"\ntags = [\n  \"a\",\n  \"b\",\n]\n[extra]\nx = 1\n").unwrap();
        let Value::Map(m) = n.value else { panic!() };
        assert_eq!(m.entry("tags").unwrap().key_pos.line, 2);
        let Value::Seq(items) = &m.get("tags").unwrap().value else { panic!() };
        assert_eq!(items.iter().map(|i| i.pos.line).collect::<Vec<_>>(), [3, 4]);
        let Value::Map(extra) = &m.get("extra").unwrap().value else { panic!() };
        assert_eq!((extra.entry("x").unwrap().key_pos.line, &extra.get("x").unwrap().value), (7, &Value::Int(1)));
    }
}
