//! Raw HTML written in Markdown. pulldown-cmark passes it through untouched, so
//! before it is emitted [`clean`] removes what must not reach a reader: HTML
//! comments (authors take them for hidden notes), `on*=` event handlers, and URL
//! attributes with a `javascript:`, `vbscript:` or `data:` scheme. Everything else
//! is copied byte for byte.

use super::links::unsafe_scheme;

/// Something [`clean`] took out, at a byte offset of its input.
#[derive(Debug, Clone, PartialEq)]
pub enum Removed {
    /// An `onclick=`-style attribute (its name).
    Handler(usize, String),
    /// A URL attribute (its name) with an unsafe scheme.
    Scheme(usize, String, &'static str),
}

/// Attributes whose value is a URL a browser may load or follow.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "lowsrc",
    "dynsrc",
    "ping",
    "longdesc",
    "codebase",
    "manifest",
    "icon",
    "usemap",
    "archive",
    "profile",
];

/// `html` without comments, event handlers and unsafe URL attributes, and what was removed.
pub fn clean(html: &str) -> (String, Vec<Removed>) {
    let mut out = String::with_capacity(html.len());
    let mut removed = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        out.push_str(&html[i..lt]);
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            escape_open_tail(&mut out);
            i = comment_end(html, lt + 4);
        } else if rest.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
            i = tag(html, lt, &mut out, &mut removed);
        } else {
            out.push('<');
            i = lt + 1;
        }
    }
    out.push_str(&html[i..]);
    (out, removed)
}

/// Before a comment is cut out: a `<` just before it (`<`, `<!`, `<!-`, `</`)
/// becomes `&lt;` (which reads the same), so it cannot join what follows the
/// comment into a new tag or comment (`<<!-- -->a onclick=…>`).
fn escape_open_tail(out: &mut String) {
    if let Some(tail) = ["<!-", "<!", "</", "<"].iter().find(|t| out.ends_with(*t)) {
        let at = out.len() - tail.len();
        out.replace_range(at..at + 1, "&lt;");
    }
}

/// Where a comment whose text starts at `from` ends (past `-->`; the end of
/// `html` when it is never closed, as a browser would hide the rest too).
fn comment_end(html: &str, from: usize) -> usize {
    let rest = &html[from..];
    if rest.starts_with('>') {
        return from + 1;
    }
    if rest.starts_with("->") {
        return from + 2;
    }
    let close = [("-->", 3), ("--!>", 4)].iter().filter_map(|(s, n)| rest.find(s).map(|p| p + n)).min();
    close.map_or(html.len(), |p| from + p)
}

/// Copy the start tag at `lt` to `out` minus unsafe attributes; returns the offset
/// after it. The tag is read as a browser tokenizes it (quoted values may hold `>`).
fn tag(html: &str, lt: usize, out: &mut String, removed: &mut Vec<Removed>) -> usize {
    let b = html.as_bytes();
    let stop = |c: u8| c.is_ascii_whitespace() || c == b'/' || c == b'>';
    let mut j = lt + 1;
    while j < b.len() && !stop(b[j]) {
        j += 1;
    }
    let name = html[lt + 1..j].to_ascii_lowercase();
    out.push_str(&html[lt..j]);
    loop {
        let ws = j;
        while j < b.len() && (b[j].is_ascii_whitespace() || (b[j] == b'/' && b.get(j + 1) != Some(&b'>'))) {
            j += 1;
        }
        if j >= b.len() || b[j] == b'>' || b[j] == b'/' {
            let end = if j >= b.len() {
                j
            } else if b[j] == b'>' {
                j + 1
            } else {
                (j + 2).min(b.len())
            };
            out.push_str(&html[ws..end]);
            return raw_text(html, end, &name, out);
        }
        let start = j;
        j += 1; // a first `=` belongs to the name
        while j < b.len() && !stop(b[j]) && b[j] != b'=' {
            j += 1;
        }
        let attr = html[start..j].to_ascii_lowercase();
        let value = attr_value(html, &mut j);
        let scheme = URL_ATTRS.contains(&attr.as_str()).then(|| url_scheme(&attr, &decode(value))).flatten();
        if attr.starts_with("on") {
            removed.push(Removed::Handler(start, attr));
        } else if let Some(scheme) = scheme {
            removed.push(Removed::Scheme(start, attr, scheme));
        } else {
            out.push_str(&html[ws..j]);
            continue;
        }
        // What follows a value without a space must not join the previous attribute
        // (`o href="javascript:x"nclick=…` is not to become `onclick=…`).
        if b.get(j).is_some_and(|c| !stop(*c)) {
            out.push(' ');
        }
    }
}

/// After `<script>` or `<style>`, copy the contents verbatim up to the closing tag
/// (they are not markup). Returns where to continue.
fn raw_text(html: &str, from: usize, name: &str, out: &mut String) -> usize {
    if name != "script" && name != "style" {
        return from;
    }
    let close = format!("</{name}");
    let end = html[from..].to_ascii_lowercase().find(&close).map_or(html.len(), |p| from + p);
    out.push_str(&html[from..end]);
    end
}

/// The value of the attribute whose name ends at `*j` (empty if it has none);
/// moves `*j` past it.
fn attr_value<'h>(html: &'h str, j: &mut usize) -> &'h str {
    let b = html.as_bytes();
    let mut k = *j;
    while k < b.len() && b[k].is_ascii_whitespace() {
        k += 1;
    }
    if b.get(k) != Some(&b'=') {
        return "";
    }
    k += 1;
    while k < b.len() && b[k].is_ascii_whitespace() {
        k += 1;
    }
    let (start, end, next) = match b.get(k) {
        Some(&q) if q == b'"' || q == b'\'' => {
            let end = html[k + 1..].find(q as char).map_or(html.len(), |p| k + 1 + p);
            (k + 1, end, (end + 1).min(html.len()))
        }
        _ => {
            let end = html[k..].find(|c: char| c.is_ascii_whitespace() || c == '>').map_or(html.len(), |p| k + p);
            (k, end, end)
        }
    };
    *j = next;
    &html[start..end]
}

/// The unsafe scheme of a URL attribute's (decoded) value; `srcset` holds several URLs.
fn url_scheme(attr: &str, value: &str) -> Option<&'static str> {
    if attr == "srcset" {
        return value.split(',').find_map(unsafe_scheme);
    }
    unsafe_scheme(value)
}

/// Character references a browser decodes in an attribute value, as far as they
/// can spell a scheme: numeric ones (with or without `;`) and the named ones that
/// stand for ASCII a scheme can contain (`&colon;`, `&Tab;`, ...).
fn decode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let (c, len) = reference(rest).unwrap_or(('&', 1));
        out.push(c);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// The character `s` (starting with `&`) refers to, and the reference's length.
fn reference(s: &str) -> Option<(char, usize)> {
    const NAMED: &[(&str, char)] = &[("colon;", ':'), ("tab;", '\t'), ("newline;", '\n'), ("plus;", '+'), ("period;", '.')];
    let body = &s.as_bytes()[1..];
    if let Some(num) = body.strip_prefix(b"#") {
        let (radix, digits) = match num.first() {
            Some(b'x' | b'X') => (16, &num[1..]),
            _ => (10, num),
        };
        let n = digits.iter().take_while(|c| (**c as char).is_digit(radix)).count();
        if n == 0 {
            return None;
        }
        // Any number of leading zeros; too large a value is U+FFFD, as in a browser.
        let code =
            digits[..n].iter().fold(0u32, |acc, c| acc.saturating_mul(radix).saturating_add((*c as char).to_digit(radix).unwrap_or(0)));
        let semi = usize::from(digits.get(n) == Some(&b';'));
        let len = 2 + usize::from(radix == 16) + n + semi;
        return Some((char::from_u32(code).unwrap_or('\u{fffd}'), len));
    }
    NAMED
        .iter()
        .find(|(name, _)| body.len() >= name.len() && body[..name.len()].eq_ignore_ascii_case(name.as_bytes()))
        .map(|(name, c)| (*c, 1 + name.len()))
}

/// `<a name="x">` or `<a id="x">` -> `x`.
pub fn html_anchor_name(h: &str) -> Option<String> {
    let h = h.trim();
    if !h.starts_with("<a ") {
        return None;
    }
    for attr in ["name=", "id="] {
        if let Some(i) = h.find(attr) {
            let rest = &h[i + attr.len()..];
            let q = rest.chars().next()?;
            if q == '"' || q == '\'' {
                let v: String = rest[1..].chars().take_while(|&c| c != q).collect();
                return Some(v).filter(|v| !v.is_empty());
            }
        }
    }
    None
}

/// Every `id="x"` and `<a name="x">` in a piece of raw HTML (targets of `#x` links).
pub fn html_ids(h: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" id=", " name="] {
        let mut rest = h;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let Some(q) = rest.chars().next().filter(|&c| c == '"' || c == '\'') else {
                continue;
            };
            let v: String = rest[1..].chars().take_while(|&c| c != q).collect();
            if !v.is_empty() {
                out.push(v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_never_makes_new_markup() {
        let (h, _) = clean("<<!-- -->a onclick=alert(1)>x <!-<!---->- y --> <a o href=\"javascript:x\"nclick=1>z</a>");
        assert_eq!(h, "&lt;a onclick=alert(1)>x &lt;!-- y --> <a o nclick=1>z</a>");
        let (h, r) = clean("<script>if (a<b && c) { x.onload = 1 }</script><style>a[onclick] {}</style>");
        assert_eq!((h.as_str(), r.len()), ("<script>if (a<b && c) { x.onload = 1 }</script><style>a[onclick] {}</style>", 0));
    }

    #[test]
    fn comments_of_every_shape() {
        for (input, out) in [
            ("a<!-->b", "ab"),
            ("a<!--->b", "ab"),
            ("a<!-- x --!>b", "ab"),
            ("a<!-- never closed\n<p>", "a"),
            ("a <!-- 1 --> <!-- 2 -->b", "a  b"),
        ] {
            assert_eq!(clean(input).0, out, "{input:?}");
        }
    }

    #[test]
    fn url_attributes_decoded_as_a_browser_does() {
        for v in [
            "javascript:x",
            "&#106;avascript:x",
            "&#x6A;avascript:x",
            "&#0000106avascript:x",
            "java&Tab;script&colon;x",
            "  JAVASCRIPT:x",
            "data:text/html,x",
        ] {
            let (h, r) = clean(&format!("<a href=\"{v}\" id=k>t</a>"));
            assert_eq!((h.as_str(), r.len()), ("<a id=k>t</a>", 1), "{v}");
        }
        let (h, r) =
            clean("<img srcset=\"a.png 1x, javascript:x 2x\" src=a.png><a href='https://e.example/?q=javascript:x' title=\"data: x\">");
        assert_eq!(h, "<img src=a.png><a href='https://e.example/?q=javascript:x' title=\"data: x\">");
        assert_eq!(r, [Removed::Scheme(5, "srcset".into(), "javascript")]);
        let (h, r) = clean("<A HREF=JavaScript:alert(1)>x</A><FORM ACTION = 'vbscript:x'><svg><a xlink:href=\"data:x\"/></svg>");
        assert_eq!((h.as_str(), r.len()), ("<A>x</A><FORM><svg><a/></svg>", 3));
    }
}
