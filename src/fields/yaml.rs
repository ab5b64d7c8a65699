//! YAML text -> [`Node`] tree with positions, from the events of `saphyr-parser`
//! (a maintained YAML 1.2 parser; `serde_yaml` is deprecated). Plain scalars are
//! typed by YAML 1.2's core schema, as `serde_yaml` did; quoted ones stay text.
//! A key given twice is an error on the second one; aliases are expanded, at most
//! [`MAX_ALIAS_NODES`] nodes in all (a "billion laughs" file is refused).

use super::tree::{Entry, Map, Node, Pos, Value};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use std::collections::HashMap;

/// The most nodes that aliases (`*name`) may copy into one document.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// Why the text is not usable, at a 0-based line and 1-based column of the text.
#[derive(Debug)]
pub struct YamlError {
    pub line: usize,
    pub col: usize,
    pub kind: ErrorKind,
}

#[derive(Debug)]
pub enum ErrorKind {
    /// The parser's own message.
    Syntax(String),
    Duplicate(String),
    ComplexKey,
    MoreThanOneDocument,
    AliasesTooLarge,
}

/// Parse one YAML document (empty text = `Null`).
pub fn parse(text: &str) -> Result<Node, YamlError> {
    let mut b = Builder { events: Parser::new_from_str(text), anchors: HashMap::new(), copied: 0 };
    let mut root = Node { value: Value::Null, pos: Pos { line: 1, col: 1 } };
    let mut documents = 0;
    loop {
        let (ev, span) = b.next()?;
        match ev {
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            Event::StreamEnd => return Ok(root),
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(at(span, ErrorKind::MoreThanOneDocument));
                }
                let (ev, span) = b.next()?;
                root = b.node(ev, span, 0)?;
            }
            other => root = b.node(other, span, 0)?,
        }
    }
}

struct Builder<'a> {
    events: Parser<'a, saphyr_parser::StrInput<'a>>,
    anchors: HashMap<usize, Node>,
    copied: usize,
}

fn at(span: Span, kind: ErrorKind) -> YamlError {
    YamlError { line: span.start.line().saturating_sub(1), col: span.start.col() + 1, kind }
}

fn pos(span: Span) -> Pos {
    Pos { line: span.start.line(), col: span.start.col() + 1 }
}

fn scan_error(e: ScanError) -> YamlError {
    let m = e.marker();
    YamlError { line: m.line().saturating_sub(1), col: m.col() + 1, kind: ErrorKind::Syntax(e.info().to_string()) }
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), YamlError> {
        match self.events.next() {
            Some(Ok(x)) => Ok(x),
            Some(Err(e)) => Err(scan_error(e)),
            None => Ok((Event::StreamEnd, Span::empty(saphyr_parser::Marker::new(0, 1, 0)))),
        }
    }

    fn node(&mut self, ev: Event<'a>, span: Span, depth: usize) -> Result<Node, YamlError> {
        if depth > 4 * super::MAX_DEPTH {
            // Bounded before parsing (`nesting_over`); this only guards the recursion.
            return Err(at(span, ErrorKind::Syntax("nested too deeply".into())));
        }
        let (node, anchor) = match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let as_text = style != ScalarStyle::Plain || tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if as_text { Value::String(text.into_owned()) } else { plain(&text) };
                (Node { value, pos: pos(span) }, anchor)
            }
            Event::SequenceStart(anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (ev, s) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(ev, s, depth + 1)?);
                }
                (Node { value: Value::Seq(items), pos: pos(span) }, anchor)
            }
            Event::MappingStart(anchor, _) => (Node { value: Value::Map(self.map(depth)?), pos: pos(span) }, anchor),
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().unwrap_or(Node { value: Value::Null, pos: pos(span) });
                self.copied += size(&node.value);
                if self.copied > MAX_ALIAS_NODES {
                    return Err(at(span, ErrorKind::AliasesTooLarge));
                }
                return Ok(Node { pos: pos(span), ..node });
            }
            other => return Err(at(span, ErrorKind::Syntax(format!("unexpected {other:?}")))),
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }

    fn map(&mut self, depth: usize) -> Result<Map, YamlError> {
        let mut entries: Vec<Entry> = Vec::new();
        loop {
            let (ev, span) = self.next()?;
            if matches!(ev, Event::MappingEnd) {
                return Ok(Map(entries));
            }
            let key = self.node(ev, span, depth + 1)?;
            let Some(name) = key.value.as_text() else {
                return Err(at(span, ErrorKind::ComplexKey));
            };
            if entries.iter().any(|e| e.key == name) {
                return Err(at(span, ErrorKind::Duplicate(name)));
            }
            let (ev, s) = self.next()?;
            let value = self.node(ev, s, depth + 1)?;
            entries.push(Entry { key: name, key_pos: key.pos, value });
        }
    }
}

/// How many nodes a value holds (itself included).
fn size(v: &Value) -> usize {
    1 + match v {
        Value::Seq(items) => items.iter().map(|n| size(&n.value)).sum(),
        Value::Map(m) => m.iter().map(|e| 1 + size(&e.value.value)).sum(),
        _ => 0,
    }
}

/// A plain scalar typed by YAML 1.2's core schema.
fn plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = s.parse::<i64>() {
            return Value::Int(i);
        }
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Value::Int(i);
        }
    }
    if let Some(oct) = s.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return Value::Int(i);
        }
    }
    let numeric = s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
    if numeric && s.bytes().any(|b| b.is_ascii_digit()) {
        if let Ok(f) = s.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::String(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> Map {
        match parse(text).unwrap().value {
            Value::Map(m) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keys_and_items_keep_their_lines() {
        let m = map("title: T\n\"related\":\n  - a\n  - 'b'\ntags: [x, y]\nn: 3\nf: 1.5\nd: 2026-11-01\nq: \"true\"\nb: yes\ne:\n");
        assert_eq!(m.entry("related").unwrap().key_pos, Pos { line: 2, col: 1 });
        let Value::Seq(items) = &m.get("related").unwrap().value else { panic!() };
        assert_eq!(items.iter().map(|n| (n.pos.line, n.pos.col)).collect::<Vec<_>>(), [(3, 5), (4, 5)]);
        let Value::Seq(tags) = &m.get("tags").unwrap().value else { panic!() };
        assert_eq!(tags.iter().map(|n| n.pos.col).collect::<Vec<_>>(), [8, 11]);
        let v = |k: &str| m.get(k).unwrap().value.clone();
        assert_eq!((v("n"), v("f")), (Value::Int(3), Value::Float(1.5)));
        assert_eq!(
            (v("d"), v("q"), v("b")),
            (Value::String("2026-11-01".into()), Value::String("true".into()), Value::String("yes".into()))
        );
        assert_eq!(v("e"), Value::Null);
    }

    #[test]
    fn repeated_keys_complex_keys_and_documents_are_refused() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(matches!(&e.kind, ErrorKind::Duplicate(k) if k == "a") && e.line == 2, "{e:?}");
        assert!(matches!(parse("? [a]\n: 1\n").unwrap_err().kind, ErrorKind::ComplexKey));
        assert!(matches!(parse("a: 1\n---\nb: 2\n").unwrap_err().kind, ErrorKind::MoreThanOneDocument));
    }

    #[test]
    fn aliases_are_copied_within_bounds() {
        let m = map("base: &b {x: 1}\ncopy: *b\n");
        assert_eq!(m.get("copy").unwrap().value, m.get("base").unwrap().value);
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        assert!(matches!(parse(&bomb).unwrap_err().kind, ErrorKind::AliasesTooLarge));
    }
}
