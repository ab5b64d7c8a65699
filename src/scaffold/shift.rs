//! Moving the example site's dates by a number of days (for `init`): every
//! `YYYY-MM-DD` in a file's front matter and at the start of a file name. Times,
//! offsets and everything else stay byte for byte.

use chrono::NaiveDate;

/// `2026-11-23-card-payments.md` moved by `days`; other names unchanged.
pub fn file_name(name: &str, days: i64) -> String {
    match name.get(..10).and_then(|d| moved(d, days)) {
        Some(d) => format!("{d}{}", &name[10..]),
        None => name.to_string(),
    }
}

/// `text` with every date of its front matter (the block between the first two
/// `---` or `+++` lines) moved by `days`; the body is left as it is.
pub fn front_matter(text: &str, days: i64) -> String {
    let fence = match text.get(..3) {
        Some(f @ ("---" | "+++")) => f,
        _ => return text.to_string(),
    };
    let Some(end) = text[3..].find(&format!("\n{fence}")).map(|i| i + 3) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    let head = &text[..end];
    let bytes = head.as_bytes();
    let mut i = 0;
    while i < head.len() {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_digit();
        let after = bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit());
        if boundary && after {
            if let Some(d) = head.get(i..i + 10).and_then(|d| moved(d, days)) {
                out.push_str(&d);
                i += 10;
                continue;
            }
        }
        let ch = head[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out.push_str(&text[end..]);
    out
}

fn moved(s: &str, days: i64) -> Option<String> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some((d + chrono::Duration::try_days(days)?).format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_front_matter_move_and_nothing_else() {
        let text = "---\nstarted: 2026-11-23T09:40:00+03:00\nupdated: 2026-10-05\nid: 12026-11-23\nv: 2026-13-01\n---\nOn 2026-11-23 we…\n";
        let out = front_matter(text, 10);
        assert_eq!(
            out,
            "---\nstarted: 2026-12-03T09:40:00+03:00\nupdated: 2026-10-15\nid: 12026-11-23\nv: 2026-13-01\n---\nOn 2026-11-23 we…\n"
        );
        assert_eq!(front_matter("no front matter 2026-11-23", 3), "no front matter 2026-11-23");
        assert_eq!(front_matter("---\nunclosed: 2026-11-23\n", 3), "---\nunclosed: 2026-11-23\n");
        assert_eq!(front_matter("+++\nupdated = 2026-01-31\n+++\n", 1), "+++\nupdated = 2026-02-01\n+++\n");
    }

    #[test]
    fn file_names_move_by_their_date_prefix() {
        assert_eq!(file_name("2026-11-28-db-maintenance.md", 5), "2026-12-03-db-maintenance.md");
        assert_eq!(file_name("2026-11-28-db-maintenance.md", -30), "2026-10-29-db-maintenance.md");
        assert_eq!(file_name("refund.md", 5), "refund.md");
        assert_eq!(file_name("Пункты выдачи.md", 5), "Пункты выдачи.md");
    }
}
