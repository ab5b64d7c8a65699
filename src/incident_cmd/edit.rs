//! Lossless text edits of incident files for the `incident` commands: append an
//! update to the front matter's `updates:` list and set `resolved:`, working on the
//! text line by line. The YAML is never re-serialised, so every original byte
//! (comments, key order, quoting, blank lines, the body, CRLF) is kept; only the new
//! lines are inserted and, for `resolved:`, the one changed value is replaced.

use std::ops::Range;

/// One update to append.
#[derive(Debug, Clone)]
pub struct NewUpdate {
    /// RFC 3339 with offset.
    pub at: String,
    pub status: String,
    pub message: String,
    /// Component id -> status carried by this update, in the order given.
    pub components: Vec<(String, String)>,
}

/// The line ending a file uses: CRLF if its first line ends with one.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// A string as a JSON string literal, which is also a valid YAML double-quoted
/// scalar: any text (quotes, colons, `#`, newlines) is safe. Characters YAML does
/// not allow in a file (DEL, C1 controls, BOM, U+FFFE/U+FFFF) or reads as line
/// breaks (NEL, U+2028, U+2029) are written as `\uXXXX` escapes too.
pub fn quote(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[derive(Debug, Clone, Copy)]
struct Line {
    /// Byte offset of the first character.
    start: usize,
    /// Byte offset after the last character, before `\r\n` / `\n`.
    end: usize,
    /// Byte offset of the next line (after the newline).
    next: usize,
}

/// A top-level `key: value` line of the front matter.
#[derive(Debug, Clone)]
struct KeyLine {
    /// Index into `FrontMatter::lines`.
    idx: usize,
    /// Byte range of the value, without a trailing comment and spaces (may be empty).
    value: Range<usize>,
    /// Byte offset just after the `:`.
    colon_end: usize,
}

/// The YAML front matter of a file: its lines and the closing fence.
struct FrontMatter<'a> {
    text: &'a str,
    /// Lines between the opening and the closing fence.
    lines: Vec<Line>,
    /// Byte offset where the closing fence line starts.
    close: usize,
}

impl<'a> FrontMatter<'a> {
    fn find(text: &'a str) -> Result<Self, String> {
        let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        let mut all = Vec::new();
        let mut pos = bom;
        while pos < text.len() {
            let nl = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
            let end = if nl > pos && text.as_bytes()[nl - 1] == b'\r' { nl - 1 } else { nl };
            all.push(Line { start: pos, end, next: (nl + 1).min(text.len()) });
            pos = nl + 1;
        }
        let first = all.first().map(|l| &text[l.start..l.end]).unwrap_or("");
        if first.starts_with("+++") {
            return Err("the front matter is TOML (`+++`); the incident commands edit YAML front matter (`---`) only".into());
        }
        if first.trim_end() != "---" {
            return Err("the file has no YAML front matter (it must start with a `---` line)".into());
        }
        let close = all.iter().skip(1).position(|l| matches!(text[l.start..l.end].trim_end(), "---" | "..."));
        let Some(close) = close.map(|i| i + 1) else {
            return Err("the front matter opened with `---` is never closed".into());
        };
        // YAML also breaks lines at a lone CR, NEL, U+2028 and U+2029; the edits
        // below work on `\n` lines and would land inside what YAML reads as two lines.
        let inner = &text[all[0].next..all[close].start];
        if inner.contains(['\u{85}', '\u{2028}', '\u{2029}']) || inner.match_indices('\r').any(|(i, _)| !inner[i + 1..].starts_with('\n')) {
            return Err("the front matter has a line break other than LF or CRLF (a lone CR, U+0085, U+2028 or U+2029); save the file with LF or CRLF line endings to use the incident commands".into());
        }
        Ok(FrontMatter { text, close: all[close].start, lines: all[1..close].to_vec() })
    }

    /// Byte offset after the value of the top-level key on line `idx`, which may
    /// continue on more-indented lines (or `- ` items) below it.
    fn end_of(&self, idx: usize) -> usize {
        let mut last = idx;
        for j in idx + 1..self.lines.len() {
            let l = self.line(j);
            let t = l.trim();
            if t.is_empty() || l.starts_with('#') {
                continue;
            }
            if !(l.starts_with([' ', '\t']) || t == "-" || t.starts_with("- ")) {
                break;
            }
            last = j;
        }
        self.lines[last].next
    }

    fn line(&self, i: usize) -> &'a str {
        let l = self.lines[i];
        &self.text[l.start..l.end]
    }

    /// The top-level (column 0) line for `key`, if any.
    fn key(&self, key: &str) -> Option<KeyLine> {
        (0..self.lines.len()).find_map(|idx| {
            let l = self.line(idx);
            let rest = [key.to_string(), format!("\"{key}\""), format!("'{key}'")].iter().find_map(|k| l.strip_prefix(k.as_str()))?;
            let rest = rest.trim_start_matches([' ', '\t']).strip_prefix(':')?;
            if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
                return None;
            }
            let colon_end = self.lines[idx].end - rest.len();
            let v = value_without_comment(rest);
            let lead = rest.len() - rest.trim_start().len();
            let start = colon_end + lead.min(v.len());
            Some(KeyLine { idx, value: start..colon_end + v.len(), colon_end })
        })
    }
}

/// `rest` (text after `key:`) without a trailing `# comment` and trailing spaces.
fn value_without_comment(rest: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev_space = true;
    for (i, c) in rest.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && prev_space => quote = Some(c),
            None if c == '#' && prev_space => return rest[..i].trim_end(),
            None => {}
        }
        prev_space = c == ' ' || c == '\t';
    }
    rest.trim_end()
}

fn indent_of(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

/// A replacement of `range` (byte offsets into the original text) by `with`.
struct Edit {
    range: Range<usize>,
    with: String,
}

fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range, &e.with);
    }
    out
}

fn insert(at: usize, with: String) -> Edit {
    Edit { range: at..at, with }
}

/// How the existing list items are indented: columns of the `-` and of the item's keys.
#[derive(Debug, Clone, Copy)]
struct Style {
    dash: usize,
    item: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style { dash: 2, item: 4 }
    }
}

fn block_item(u: &NewUpdate, style: Style, nl: &str) -> String {
    let d = " ".repeat(style.dash);
    let gap = " ".repeat(style.item.saturating_sub(style.dash + 1).max(1));
    let i = " ".repeat(style.dash + 1 + gap.len());
    let mut s = format!("{d}-{gap}at: {}{nl}{i}status: {}{nl}{i}message: {}{nl}", u.at, u.status, quote(&u.message));
    if !u.components.is_empty() {
        s.push_str(&format!("{i}components:{nl}"));
        for (id, st) in &u.components {
            s.push_str(&format!("{i}  {id}: {st}{nl}"));
        }
    }
    s
}

fn flow_item(u: &NewUpdate) -> String {
    let mut s = format!("{{\"at\": {}, \"status\": {}, \"message\": {}", quote(&u.at), quote(&u.status), quote(&u.message));
    if !u.components.is_empty() {
        let c: Vec<String> = u.components.iter().map(|(id, st)| format!("{}: {}", quote(id), quote(st))).collect();
        s.push_str(&format!(", \"components\": {{{}}}", c.join(", ")));
    }
    s.push('}');
    s
}

/// Append `u` as the last item of the front matter's `updates:` list (created if absent).
pub fn append_update(text: &str, u: &NewUpdate) -> Result<String, String> {
    let fm = FrontMatter::find(text)?;
    let nl = line_ending(text);
    let Some(k) = fm.key("updates") else {
        // No list yet: add one at the end of the front matter.
        return Ok(apply(text, vec![insert(fm.close, format!("updates:{nl}{}", block_item(u, Style::default(), nl)))]));
    };
    let value = &text[k.value.clone()];
    match value {
        "" => {}
        "[]" | "~" | "null" | "Null" | "NULL" => {
            // Inline empty list: replace just the value, keep a trailing comment.
            let has_comment = k.value.end < fm.lines[k.idx].end;
            let range = if has_comment { k.value.clone() } else { k.colon_end..k.value.end };
            let after = fm.lines[k.idx].next;
            return Ok(apply(text, vec![Edit { range, with: String::new() }, insert(after, block_item(u, Style::default(), nl))]));
        }
        v if v.starts_with('[') && v.ends_with(']') => {
            // A one-line flow list: add the new item before the closing `]`.
            let close = k.value.end - 1;
            let sep = if v[1..v.len() - 1].trim().is_empty() { "" } else { ", " };
            return Ok(apply(text, vec![insert(close, format!("{sep}{}", flow_item(u)))]));
        }
        v if v.starts_with('[') => {
            return Err("`updates:` is a flow list `[...]` spread over several lines; write it as a block list (`- at: ...`) to use the incident commands".into());
        }
        v => return Err(format!("`updates:` must be a list, found `{v}`")),
    }
    // Block list: the lines after `updates:` up to the next top-level key.
    let mut last_content = None;
    let mut style = None;
    let mut dash_line = None;
    for j in k.idx + 1..fm.lines.len() {
        let l = fm.line(j);
        let t = l.trim();
        if t.is_empty() || (l.starts_with('#')) {
            continue;
        }
        let ind = indent_of(l);
        let is_dash = t == "-" || t.starts_with("- ");
        if ind == 0 && !is_dash {
            break;
        }
        last_content = Some(j);
        if style.is_none() && dash_line.is_none() {
            if t.starts_with('#') {
                continue;
            }
            if !is_dash {
                return Err("`updates:` must be a list of `- at: ...` items".into());
            }
            let after = &t[1..];
            let gap = after.len() - after.trim_start().len();
            if after.trim().is_empty() {
                dash_line = Some(ind);
            } else {
                style = Some(Style { dash: ind, item: ind + 1 + gap });
            }
        } else if let (None, Some(dash)) = (style, dash_line) {
            // `-` alone on its line: the item's keys start on the next line.
            style = Some(Style { dash, item: ind.max(dash + 2) });
        }
    }
    let style = style.or(dash_line.map(|dash| Style { dash, item: dash + 2 })).unwrap_or_default();
    let at = fm.lines[last_content.unwrap_or(k.idx)].next;
    Ok(apply(text, vec![insert(at, block_item(u, style, nl))]))
}

/// Mark the incident resolved at `at`: replace the value of an existing top-level
/// `resolved:` (cState's `resolved: true|false` + `resolvedWhen:` pair is kept in that
/// form), else insert `resolved: <at>` after `started:` (or `date:`, or at the end).
pub fn set_resolved(text: &str, at: &str) -> Result<String, String> {
    let fm = FrontMatter::find(text)?;
    let nl = line_ending(text);
    let mut edits = Vec::new();
    for key in ["resolved", "resolvedWhen"] {
        if fm.key(key).is_some_and(|k| fm.end_of(k.idx) != fm.lines[k.idx].next) {
            return Err(format!("`{key}:` spans several lines; write it on one line (`{key}: <time>`) to use the incident commands"));
        }
    }
    if let Some(r) = fm.key("resolved") {
        let v = &text[r.value.clone()];
        if matches!(v, "true" | "false" | "True" | "False" | "yes" | "no") {
            if v != "true" {
                edits.push(Edit { range: r.value.clone(), with: "true".into() });
            }
            match fm.key("resolvedWhen") {
                Some(w) => edits.push(replace_value(&w, at)),
                None => edits.push(insert(fm.lines[r.idx].next, format!("resolvedWhen: {at}{nl}"))),
            }
        } else {
            edits.push(replace_value(&r, at));
        }
    } else {
        let after = fm.key("started").or_else(|| fm.key("date")).map_or(fm.close, |k| fm.end_of(k.idx));
        edits.push(insert(after, format!("resolved: {at}{nl}")));
    }
    Ok(apply(text, edits))
}

/// Reopen the incident: remove the top-level `resolved:` line (cState's
/// `resolved: true` becomes `false` and its `resolvedWhen:` line goes). Every other
/// byte is kept.
pub fn clear_resolved(text: &str) -> Result<String, String> {
    let fm = FrontMatter::find(text)?;
    let mut edits = Vec::new();
    for key in ["resolved", "resolvedWhen"] {
        let Some(k) = fm.key(key) else { continue };
        let line = fm.lines[k.idx];
        if fm.end_of(k.idx) != line.next {
            return Err(format!("`{key}:` spans several lines; write it on one line (`{key}: <time>`) to use the incident commands"));
        }
        let v = &text[k.value.clone()];
        if key == "resolved" && matches!(v, "true" | "false" | "True" | "False" | "yes" | "no") {
            edits.push(Edit { range: k.value.clone(), with: "false".into() });
        } else {
            edits.push(Edit { range: line.start..line.next, with: String::new() });
        }
    }
    Ok(apply(text, edits))
}

fn replace_value(k: &KeyLine, value: &str) -> Edit {
    if k.value.is_empty() {
        // `resolved:` with no value: add one after the colon.
        Edit { range: k.colon_end..k.value.end, with: format!(" {value}") }
    } else {
        Edit { range: k.value.clone(), with: value.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The front matter of `out`, read back by the build's own parser, as JSON.
    fn front_matter_json(out: &str) -> serde_json::Value {
        let text = out.split("---").nth(1).unwrap();
        let f = crate::fields::Fields::parse(std::path::Path::new("t.md"), text, 2, crate::fields::Syntax::Yaml).unwrap();
        crate::fields::Value::Map(f.map).to_json()
    }

    fn upd(msg: &str, comps: &[(&str, &str)]) -> NewUpdate {
        NewUpdate {
            at: "2026-11-23T11:00:00+03:00".into(),
            status: "monitoring".into(),
            message: msg.into(),
            components: comps.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
        }
    }

    #[test]
    fn appends_after_last_item_in_file_style() {
        let t = "---\ntitle: A # c\nupdates:\n- at: x\n  status: investigating\n  message: >-\n    long\n\n    text\n\n# next\nrunbooks: []\n---\nbody\n";
        let out = append_update(t, &upd("Fixed: \"ok\" # yes", &[("api", "operational")])).unwrap();
        assert_eq!(
            out,
            "---\ntitle: A # c\nupdates:\n- at: x\n  status: investigating\n  message: >-\n    long\n\n    text\n- at: 2026-11-23T11:00:00+03:00\n  status: monitoring\n  message: \"Fixed: \\\"ok\\\" # yes\"\n  components:\n    api: operational\n\n# next\nrunbooks: []\n---\nbody\n"
        );
        let v = front_matter_json(&out);
        assert_eq!(v["updates"][1]["message"].as_str(), Some("Fixed: \"ok\" # yes"));
    }

    #[test]
    fn wide_indent_and_dash_alone() {
        let t = "---\nupdates:\n    -   at: x\n        status: s\n---\n";
        let out = append_update(t, &upd("m", &[])).unwrap();
        assert!(
            out.ends_with(
                "        status: s\n    -   at: 2026-11-23T11:00:00+03:00\n        status: monitoring\n        message: \"m\"\n---\n"
            ),
            "{out}"
        );
        let t = "---\nupdates:\n  -\n    at: x\n---\n";
        let out = append_update(t, &upd("m", &[])).unwrap();
        assert!(out.contains("    at: x\n  - at: 2026"), "{out}");
    }

    #[test]
    fn inline_empty_absent_and_flow() {
        let out = append_update("---\ntitle: A\nupdates: []  # none yet\nx: 1\n---\n", &upd("m", &[])).unwrap();
        assert_eq!(out, "---\ntitle: A\nupdates:   # none yet\n  - at: 2026-11-23T11:00:00+03:00\n    status: monitoring\n    message: \"m\"\nx: 1\n---\n");
        let out = append_update("---\ntitle: A\nupdates: []\n---\n", &upd("m", &[])).unwrap();
        assert!(out.starts_with("---\ntitle: A\nupdates:\n  - at:"), "{out}");
        let out = append_update("---\ntitle: A\n---\nbody", &upd("m", &[])).unwrap();
        assert_eq!(
            out,
            "---\ntitle: A\nupdates:\n  - at: 2026-11-23T11:00:00+03:00\n    status: monitoring\n    message: \"m\"\n---\nbody"
        );
        let out = append_update("---\nupdates: [{at: x, status: s}]\n---\n", &upd("m", &[("api", "major_outage")])).unwrap();
        let v = front_matter_json(&out);
        assert_eq!(v["updates"][1]["components"]["api"].as_str(), Some("major_outage"));
        assert!(append_update("---\nupdates: [\n  {at: x}]\n---\n", &upd("m", &[])).is_err());
        assert!(append_update("+++\ntitle = 'a'\n+++\n", &upd("m", &[])).is_err());
    }

    #[test]
    fn crlf_kept() {
        let t = "---\r\ntitle: A\r\nupdates:\r\n  - at: x\r\n    status: s\r\n---\r\nbody\r\n";
        let out = append_update(t, &upd("m", &[("api", "operational")])).unwrap();
        assert!(out.starts_with(t.strip_suffix("---\r\nbody\r\n").unwrap()));
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        let out = set_resolved(&out, "T").unwrap();
        assert!(out.contains("title: A\r\n") && out.contains("---\r\nbody\r\n") && !out.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn resolved_forms() {
        let t = "---\ntitle: A\nstarted: S\nupdates: []\n---\n";
        assert_eq!(set_resolved(t, "R").unwrap(), "---\ntitle: A\nstarted: S\nresolved: R\nupdates: []\n---\n");
        let t = "---\ntitle: A\nresolved: old   # fixed?\n---\n";
        assert_eq!(set_resolved(t, "R").unwrap(), "---\ntitle: A\nresolved: R   # fixed?\n---\n");
        let t = "---\ntitle: A\nresolved:\n---\n";
        assert_eq!(set_resolved(t, "R").unwrap(), "---\ntitle: A\nresolved: R\n---\n");
        let t = "---\ndate: D\nresolved: false\n---\n";
        assert_eq!(set_resolved(t, "R").unwrap(), "---\ndate: D\nresolved: true\nresolvedWhen: R\n---\n");
        let t = "---\nresolved: true\nresolvedWhen: old\n---\n";
        assert_eq!(set_resolved(t, "R").unwrap(), "---\nresolved: true\nresolvedWhen: R\n---\n");
        let t = "---\ntitle: A\n---\n";
        assert_eq!(set_resolved(t, "R").unwrap(), "---\ntitle: A\nresolved: R\n---\n");
    }

    #[test]
    fn message_with_characters_yaml_rejects_or_folds() {
        // Found by fuzzing (fuzz/seeds/incident_edit/crash-message-del.txt): a DEL in
        // `--message` made the file unreadable YAML; NEL/U+2028 were read as line breaks.
        let msg = "a\u{7f}b\u{85}c\u{2028}d\u{feff}e\u{9c}\"\n";
        let out = append_update("---\ntitle: A\n---\n", &upd(msg, &[])).unwrap();
        assert!(out.contains(r#"message: "a\u007fb\u0085c\u2028d\ufeffe\u009c\"\n""#), "{out}");
        let v = front_matter_json(&out);
        assert_eq!(v["updates"][0]["message"].as_str(), Some(msg));
        assert_eq!(serde_json::from_str::<String>(&quote(msg)).unwrap(), msg);
    }

    #[test]
    fn multi_line_values_and_other_line_breaks() {
        // Found by fuzzing (fuzz/seeds/incident_edit/crash-lone-cr.txt) and its review
        // (crash-started-*, crash-resolved-*): `resolved:` landed inside another value.
        let t = "---\ntitle: A\nstarted:\n  2026-11-23T09:40:00+03:00\n# c\nx: 1\n---\n";
        assert_eq!(set_resolved(t, "R").unwrap(), "---\ntitle: A\nstarted:\n  2026-11-23T09:40:00+03:00\nresolved: R\n# c\nx: 1\n---\n");
        assert!(set_resolved("---\nresolved: >-\n  2026-11-23\n---\n", "R").unwrap_err().contains("spans several lines"));
        assert!(set_resolved("---\nresolved:\n  2026-11-23\n---\n", "R").is_err());
        for t in ["---\nstarted: S\rnote: x\n---\n", "---\ntitle: A\u{2028}B\n---\n", "---\ntitle: A\u{85}\n---\n"] {
            assert!(set_resolved(t, "R").unwrap_err().contains("line break"), "{t:?}");
            assert!(append_update(t, &upd("m", &[])).is_err(), "{t:?}");
        }
        assert!(set_resolved("---\r\nstarted: S\r\n---\r\nbody\rtext\r\n", "R").is_ok(), "a CR in the body is not edited");
    }

    #[test]
    fn reopen_removes_only_resolved() {
        let t = "---\ntitle: A\nstarted: S\nresolved: R   # fixed\n# keep\nupdates: []\n---\nbody\n";
        assert_eq!(clear_resolved(t).unwrap(), "---\ntitle: A\nstarted: S\n# keep\nupdates: []\n---\nbody\n");
        let t = "---\r\ndate: D\r\nresolved: true\r\nresolvedWhen: R\r\nx: 1\r\n---\r\n";
        assert_eq!(clear_resolved(t).unwrap(), "---\r\ndate: D\r\nresolved: false\r\nx: 1\r\n---\r\n");
        let t = "---\ninternal: |\n  resolved: no\nstarted: S\n---\n";
        assert_eq!(clear_resolved(t).unwrap(), t);
        assert!(clear_resolved("---\nresolved:\n  2026-11-23\n---\n").is_err());
        assert_eq!(clear_resolved(&set_resolved("---\nstarted: S\n---\n", "R").unwrap()).unwrap(), "---\nstarted: S\n---\n");
    }

    #[test]
    fn ignores_nested_and_lookalike_keys() {
        let t = "---\ninternal: |\n  resolved: no\nresolved_note: x\nstarted: S\n---\n";
        assert_eq!(set_resolved(t, "R").unwrap(), "---\ninternal: |\n  resolved: no\nresolved_note: x\nstarted: S\nresolved: R\n---\n");
    }
}
