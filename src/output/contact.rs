//! Runbook escalation contacts as links: an e-mail address becomes `mailto:`, a
//! phone number `tel:` (spaces stripped), an http(s) URL a link; anything else
//! ("#payments-oncall in Slack", "@oncall") stays text. A contact may list several,
//! separated by `,` or `;` ("acquiring@acme.example, +7 495 000-00-01"). No other
//! scheme is ever emitted: a `javascript:` contact is shown as text.

use crate::content::Escalation;
use serde::Serialize;

/// One piece of a contact: text, and where it links to (none: plain text).
#[derive(Debug, Serialize, PartialEq)]
pub struct Part {
    pub text: String,
    pub href: Option<String>,
}

/// An escalation step as the runbook template shows it.
#[derive(Serialize)]
pub struct Step {
    pub name: String,
    pub parts: Vec<Part>,
}

pub fn steps(list: &[Escalation]) -> Vec<Step> {
    list.iter().map(|e| Step { name: e.name.clone(), parts: parts(&e.contact) }).collect()
}

/// A contact split into its addresses (linked where they can be) and the separators between them.
pub fn parts(contact: &str) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    let mut rest = contact.trim();
    while !rest.is_empty() {
        let (item, sep, tail) = split_once_sep(rest);
        let text = item.trim();
        if !text.is_empty() {
            out.push(Part { text: text.to_string(), href: href(text) });
        }
        if !sep.is_empty() && !tail.is_empty() {
            out.push(Part { text: format!("{} ", sep.trim()), href: None });
        }
        rest = tail;
    }
    // Separators next to a piece that is text anyway read better as the text they were.
    if out.iter().all(|p| p.href.is_none()) {
        return if contact.trim().is_empty() { Vec::new() } else { vec![Part { text: contact.trim().to_string(), href: None }] };
    }
    out
}

/// `(item, separator, rest)`: up to the first `;`, or `,` followed by a space.
fn split_once_sep(s: &str) -> (&str, &str, &str) {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let comma = b == b',' && bytes.get(i + 1).is_some_and(|n| n.is_ascii_whitespace());
        if b == b';' || comma {
            return (&s[..i], &s[i..=i], s[i + 1..].trim_start());
        }
    }
    (s, "", "")
}

/// Where one address links to, if it is an e-mail, a phone number or an http(s) URL.
pub fn href(text: &str) -> Option<String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(addr) = lower.strip_prefix("mailto:").map(|_| &t[7..]) {
        return is_email(addr).then(|| format!("mailto:{addr}"));
    }
    if let Some(num) = lower.strip_prefix("tel:").map(|_| &t[4..]) {
        return is_phone(num).then(|| format!("tel:{}", num.replace(' ', "")));
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return is_url(t).then(|| t.to_string());
    }
    if is_email(t) {
        return Some(format!("mailto:{t}"));
    }
    is_phone(t).then(|| format!("tel:{}", t.replace(' ', "")))
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    let local_ok = !local.is_empty() && local.chars().all(|c| c.is_alphanumeric() || "._%+-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2 && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    local_ok && domain_ok
}

/// Digits, spaces, `+`, `-`, parentheses; at least three digits; `+` only first.
fn is_phone(s: &str) -> bool {
    let s = s.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let plus_ok = s.rfind('+').is_none_or(|i| i == 0);
    digits >= 3 && plus_ok && s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
}

/// An http(s) URL with a host and nothing that would need quoting in HTML or break out of it.
fn is_url(s: &str) -> bool {
    let after = s.split_once("://").map_or("", |(_, a)| a);
    let host = after.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(contact: &str) -> Vec<(String, Option<String>)> {
        parts(contact).into_iter().map(|p| (p.text, p.href)).collect()
    }

    #[test]
    fn emails_phones_and_urls_become_links() {
        assert_eq!(href("oncall@acme.example").as_deref(), Some("mailto:oncall@acme.example"));
        assert_eq!(href("mailto:oncall@acme.example").as_deref(), Some("mailto:oncall@acme.example"));
        assert_eq!(href("+7 495 000-00-01").as_deref(), Some("tel:+7495000-00-01"));
        assert_eq!(href("8 (800) 555-35-35").as_deref(), Some("tel:8(800)555-35-35"));
        assert_eq!(href("tel:+1 202 555 0100").as_deref(), Some("tel:+12025550100"));
        assert_eq!(href("https://oncall.acme.internal/payments").as_deref(), Some("https://oncall.acme.internal/payments"));
        assert_eq!(href("HTTP://x.example/a?b=c#d").as_deref(), Some("HTTP://x.example/a?b=c#d"));
    }

    #[test]
    fn anything_else_is_text_and_no_unsafe_scheme_is_emitted() {
        for text in [
            "#payments-oncall Slack",
            "@oncall",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "https://",
            "https://x.example/\"onmouseover=alert(1)",
            "12",
            "+7 +495",
            "a@b",
            "mailto:javascript:alert(1)",
            "tel:javascript:alert(1)",
            "Иван, доб. 123",
        ] {
            assert_eq!(href(text), None, "{text}");
            assert!(parts(text).iter().all(|p| p.href.is_none()), "{text}");
        }
        assert_eq!(links("#incidents в Slack"), vec![("#incidents в Slack".into(), None)]);
        assert_eq!(links("  "), vec![]);
    }

    #[test]
    fn a_list_of_contacts_links_each() {
        assert_eq!(
            links("acquiring@acme.example, +7 495 000-00-01; #pay in Slack"),
            vec![
                ("acquiring@acme.example".into(), Some("mailto:acquiring@acme.example".into())),
                (", ".into(), None),
                ("+7 495 000-00-01".into(), Some("tel:+7495000-00-01".into())),
                ("; ".into(), None),
                ("#pay in Slack".into(), None),
            ]
        );
        // A comma inside a URL does not split it.
        assert_eq!(links("https://x.example/a,b"), vec![("https://x.example/a,b".into(), Some("https://x.example/a,b".into()))]);
    }
}
