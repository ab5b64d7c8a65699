//! One reader for front matter and config fields that always reports: each typed
//! getter returns the value or `None`/empty and, when the key is there with a value
//! of the wrong type, pushes its own diagnostic (key, line, expected type). Callers
//! cannot drop a wrong value silently; they take the diagnostics at the end.

use super::{Fields, Value};
use crate::diag::Diagnostic;
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

pub struct Reader<'a> {
    pub fields: &'a Fields,
    tz: Tz,
    /// Type errors and everything else the caller adds with [`Reader::error`].
    pub errors: Vec<Diagnostic>,
    /// Warnings (times without an offset, …).
    pub warnings: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(fields: &'a Fields, tz: Tz) -> Self {
        Reader { fields, tz, errors: Vec::new(), warnings: Vec::new() }
    }

    fn take<T>(&mut self, r: Result<T, Diagnostic>) -> Option<T> {
        r.map_err(|e| self.errors.push(e)).ok()
    }

    /// A scalar as text (numbers and booleans too).
    pub fn string(&mut self, names: &[&str]) -> Option<String> {
        let r = self.fields.string(names);
        self.take(r).flatten()
    }

    /// [`Reader::string`] trimmed; `None` when empty.
    pub fn text(&mut self, names: &[&str]) -> Option<String> {
        self.string(names).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
    }

    pub fn bool(&mut self, names: &[&str]) -> Option<bool> {
        let r = self.fields.bool(names);
        self.take(r).flatten()
    }

    pub fn int(&mut self, names: &[&str]) -> Option<i64> {
        let r = self.fields.int(names);
        self.take(r).flatten()
    }

    /// A list of strings (a single string is split at commas).
    pub fn list(&mut self, names: &[&str]) -> Vec<String> {
        let r = self.fields.list(names);
        self.take(r).unwrap_or_default()
    }

    /// A time in any accepted format; no offset is a warning (read as UTC).
    pub fn date(&mut self, names: &[&str]) -> Option<DateTime<FixedOffset>> {
        let r = self.fields.date(names, self.tz, &mut self.warnings);
        self.take(r).flatten()
    }

    /// The raw value, for keys with a shape of their own (maps, lists of maps).
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.fields.get(name)
    }

    pub fn line_of(&self, key: &str) -> usize {
        self.fields.line_of(key)
    }

    pub fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    pub fn warning(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::Syntax;
    use std::path::Path;

    #[test]
    fn every_getter_reports_a_wrong_type_with_its_line() {
        let text = "title: [a, b]\ndraft: maybe\norder: many\ntags: {a: 1}\nwhen: soon\nok: fine\n";
        let f = Fields::parse(Path::new("x.md"), text, 2, Syntax::Yaml).unwrap();
        let mut r = Reader::new(&f, chrono_tz::UTC);
        assert_eq!(r.string(&["title"]), None);
        assert_eq!(r.bool(&["draft"]), None);
        assert_eq!(r.int(&["order"]), None);
        assert!(r.list(&["tags"]).is_empty());
        assert_eq!(r.date(&["when"]), None);
        assert_eq!(r.text(&["ok"]).as_deref(), Some("fine"));
        assert_eq!(r.string(&["missing"]), None);
        let lines: Vec<(usize, &str)> = r.errors.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(lines, [(2, "wrong-type"), (3, "wrong-type"), (4, "wrong-type"), (5, "wrong-type"), (6, "bad-date")]);
    }
}
