//! Link destinations: relative `.md` links ([`md_link`], [`normalize`]) and URL
//! schemes that must never be clickable ([`unsafe_scheme`]).

/// The scheme of `url` if it could run code or smuggle a page into a reader's
/// browser: `javascript:`, `vbscript:` or `data:`, in any letter case. Judged as a
/// browser reads the URL: leading spaces and control characters are ignored, and
/// tabs and line breaks anywhere are removed (`java&#x09;script:` arrives here with
/// the tab already decoded).
pub fn unsafe_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let s = cleaned.trim_start_matches(|c: char| c <= ' ');
    let (scheme, _) = s.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    ["javascript", "vbscript", "data"].into_iter().find(|&k| k == scheme)
}

/// A relative link to a Markdown file: (path, fragment). External URLs -> None.
pub fn md_link(dest: &str) -> Option<(String, Option<String>)> {
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("tel:") || dest.starts_with("//") {
        return None;
    }
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let lower = path.to_ascii_lowercase();
    if !(lower.ends_with(".md") || lower.ends_with(".markdown")) {
        return None;
    }
    let decoded = crate::render::percent_decode(path).unwrap_or_else(|| path.to_string());
    Some((decoded, frag))
}

/// Join `dir` (relative to content/) and a relative link path; `/x.md` is from content/.
/// `None` if `..` leaves content/.
pub fn normalize(dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') { Vec::new() } else { dir.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_schemes_in_any_disguise() {
        for url in ["javascript:alert(1)", "JavaScript:x", " \u{1}javascript:x", "java\tscript:x", "jav\na\rscript:x"] {
            assert_eq!(unsafe_scheme(url), Some("javascript"), "{url:?}");
        }
        assert_eq!(unsafe_scheme("VBScript:msgbox"), Some("vbscript"));
        assert_eq!(unsafe_scheme("data:text/html;base64,PHNjcmlwdD4="), Some("data"));
        for url in
            ["https://e.example/javascript:x", "refund.md", "#a", "mailto:a@b.example", "java%09script:x", "/data:x", "x javascript:y"]
        {
            assert_eq!(unsafe_scheme(url), None, "{url:?}");
        }
    }
}
