//! Slugs: Unicode-safe, Cyrillic transliterated, lower-case, `-` separated, stable.

/// `Пункты выдачи` -> `punkty-vydachi`; `Licensing & Counterfeits` -> `licensing-counterfeits`.
pub fn slugify(s: &str) -> String {
    let out = slug::slugify(s);
    if out.is_empty() {
        // Only symbols or emoji: keep something stable and URL-safe.
        let hex: String = s.bytes().take(8).map(|b| format!("{b:02x}")).collect();
        if hex.is_empty() {
            "untitled".into()
        } else {
            format!("u{hex}")
        }
    } else {
        out
    }
}

/// Heading anchor id from heading text (same rules as slugs).
pub fn anchor(text: &str) -> String {
    let s = slug::slugify(text);
    if s.is_empty() {
        "section".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_and_punctuation() {
        assert_eq!(slugify("Пункты выдачи"), "punkty-vydachi");
        assert_eq!(slugify("Licensing & Counterfeits"), "licensing-counterfeits");
        assert_eq!(slugify("Don't panic, it's fine"), "don-t-panic-it-s-fine");
        assert_eq!(slugify("Сроки возврата"), "sroki-vozvrata");
        assert_eq!(slugify("ёжик"), "iozhik");
        assert_eq!(slugify("!!!"), "u212121");
        assert_eq!(anchor("Ошибка E1001: неверный ключ"), "oshibka-e1001-nevernyi-kliuch");
    }
}
