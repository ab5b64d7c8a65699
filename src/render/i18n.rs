//! UI strings in Russian and English (other languages fall back to English),
//! and localized dates.

use chrono::{DateTime, Datelike, FixedOffset};
use chrono_tz::Tz;
use std::collections::BTreeMap;

const STRINGS: &[(&str, &str, &str)] = &[
    // key, ru, en
    ("skip", "Перейти к содержанию", "Skip to content"),
    ("home", "Главная", "Home"),
    ("help_center", "Центр помощи", "Help Center"),
    ("search", "Поиск", "Search"),
    ("search_placeholder", "Например, возврат", "For example, refund"),
    ("search_label", "Поиск по статьям", "Search articles"),
    ("categories", "Разделы", "Categories"),
    ("promoted", "Популярные вопросы", "Popular questions"),
    ("articles", "Статьи", "Articles"),
    ("sections", "Подразделы", "Sections"),
    ("updated", "Обновлено", "Updated"),
    ("on_this_page", "На этой странице", "On this page"),
    ("related", "Похожие статьи", "Related articles"),
    ("tags", "Теги", "Tags"),
    ("translations", "Эта статья на других языках", "This article in other languages"),
    ("language", "Язык", "Language"),
    ("contact_title", "Не нашли ответ?", "Didn’t find the answer?"),
    ("contact_text", "Напишите нам — ответит живой человек.", "Write to us — a real person will answer."),
    ("contact_email", "Написать письмо", "Email us"),
    ("contact_url", "Форма обращения", "Contact form"),
    ("contact_phone", "Позвонить", "Call us"),
    ("breadcrumbs", "Навигационная цепочка", "Breadcrumbs"),
    ("not_found_title", "Страница не найдена", "Page not found"),
    (
        "not_found_text",
        "Такой страницы нет. Попробуйте поиск или начните с главной.",
        "There is no such page. Try searching or start from the home page.",
    ),
    ("internal_site", "Внутренний сайт", "Internal site"),
    ("internal_badge", "Только для сотрудников", "Staff only"),
    ("internal_note", "Заметка для операторов", "Operator note"),
    ("canned_reply", "Готовый ответ", "Canned reply"),
    ("copy", "Копировать", "Copy"),
    ("copied", "Скопировано", "Copied"),
    ("runbooks", "Ранбуки", "Runbooks"),
    ("owner", "Владелец", "Owner"),
    ("no_owner", "Владелец не назначен", "No owner"),
    ("escalation", "Эскалация", "Escalation"),
    ("components", "Компоненты", "Components"),
    ("last_reviewed", "Последняя проверка", "Last reviewed"),
    ("next_review", "Следующая проверка", "Next review"),
    ("overdue", "просрочено", "overdue"),
    ("internal_articles", "Внутренние статьи", "Internal articles"),
    ("audience_internal", "Внутренняя статья", "Internal article"),
    ("note", "Примечание", "Note"),
    ("tip", "Совет", "Tip"),
    ("important", "Важно", "Important"),
    ("warning", "Внимание", "Warning"),
    ("caution", "Осторожно", "Caution"),
    ("generated", "Сгенерировано", "Generated"),
    ("feed", "Лента обновлений", "Updates feed"),
    ("status_feed", "Лента статуса", "Status updates"),
    ("component_feed", "Лента компонента", "Component feed"),
    ("all_articles", "Все статьи раздела", "All articles in this category"),
    ("article_count", "статей", "articles"),
    ("menu", "Основная навигация", "Main navigation"),
    ("status", "Статус сервисов", "Service status"),
    ("redirect", "Страница переехала", "This page has moved"),
    ("status_page", "Статус сервисов", "System status"),
    ("operational", "Работает", "Operational"),
    ("degraded_performance", "Снижена производительность", "Degraded performance"),
    ("partial_outage", "Частичный сбой", "Partial outage"),
    ("major_outage", "Серьёзный сбой", "Major outage"),
    ("under_maintenance", "Плановые работы", "Under maintenance"),
    ("ind_none", "Все системы работают", "All Systems Operational"),
    ("ind_minor", "Незначительный сбой", "Minor Service Outage"),
    ("ind_major", "Частичный сбой сервисов", "Partial System Outage"),
    ("ind_critical", "Серьёзный сбой сервисов", "Major System Outage"),
    ("ind_maintenance", "Идут плановые работы", "Service Under Maintenance"),
    ("investigating", "Расследуем", "Investigating"),
    ("identified", "Причина найдена", "Identified"),
    ("monitoring", "Наблюдаем", "Monitoring"),
    ("resolved", "Решено", "Resolved"),
    ("scheduled", "Запланировано", "Scheduled"),
    ("in_progress", "Идут работы", "In progress"),
    ("verifying", "Проверяем", "Verifying"),
    ("completed", "Завершено", "Completed"),
    ("impact_none", "Без влияния", "No impact"),
    ("impact_minor", "Незначительное влияние", "Minor impact"),
    ("impact_major", "Значительное влияние", "Major impact"),
    ("impact_critical", "Критическое влияние", "Critical impact"),
    ("open_incidents", "Текущие инциденты", "Current incidents"),
    ("maintenance", "Плановые работы", "Scheduled maintenance"),
    ("active_maintenance", "Идут плановые работы", "Maintenance in progress"),
    ("upcoming_maintenance", "Запланированные работы", "Upcoming maintenance"),
    ("history", "История инцидентов", "Incident history"),
    ("no_incidents", "Инцидентов не было", "No incidents reported"),
    ("uptime", "Доступность", "Uptime"),
    ("days_ago", "дней назад", "days ago"),
    ("today", "Сегодня", "Today"),
    ("uptime_formula", "Доступность за день = 1 − (время серьёзного сбоя + 0,3 × время частичного сбоя) / длительность дня. Снижение производительности и плановые работы не уменьшают доступность.", "Daily uptime = 1 − (major outage time + 0.3 × partial outage time) / length of the day. Degraded performance and maintenance count as up."),
    ("affected", "Затронуто", "Affected components"),
    ("read_articles", "Что делать, пока мы чиним", "What you can do meanwhile"),
    ("linked_runbooks", "Ранбуки", "Runbooks"),
    ("internal_incident_note", "Внутренняя заметка", "Internal note"),
    ("started", "Начало", "Started"),
    ("resolved_at", "Решено", "Resolved"),
    ("window", "Окно работ", "Window"),
    ("timeline", "Хронология", "Timeline"),
    ("details", "Подробности", "Details"),
    ("subscribe", "Подписаться", "Subscribe"),
    ("all_history", "Вся история", "Full history"),
    ("status_now", "Статус сейчас", "Current status"),
    ("banner_incident", "Сейчас есть сбой", "Ongoing incident"),
    ("banner_maintenance", "Плановые работы", "Scheduled maintenance"),
    ("more", "Подробнее", "Details"),
    ("no_data", "нет данных", "no data"),
    ("generated_at", "Страница обновлена", "Page generated"),
    ("live_updated", "· данные о статусе обновлены", "· status data updated"),
    ("live_stale", "Статус последний раз обновлялся {ago}: информация может быть устаревшей.", "The status was last updated {ago}; it may be out of date."),
    ("overdue_since", "Проверка просрочена с", "Review overdue since"),
    ("needs_review", "Требуют проверки", "Needs review"),
    ("nothing_to_review", "Всё проверено вовремя", "Everything is reviewed on time"),
    ("ownership", "Кто за что отвечает", "Who owns what"),
    ("related_incidents", "Инциденты", "Incidents"),
    ("help_articles", "Статьи для клиентов", "Help articles"),
    ("reset_checklist", "Сбросить отметки", "Reset checklist"),
    ("kind_article", "Статья", "Article"),
    ("kind_runbook", "Ранбук", "Runbook"),
    ("search_needs_js", "Поиск работает с включённым JavaScript. Ответы можно найти и в разделах на главной странице.", "Search needs JavaScript. You can also browse the categories on the home page."),
    // ops (issue 16)
    ("shift_title", "Сейчас на смене: инциденты и работы", "On shift now: incidents and maintenance"),
    ("shift_none", "Открытых инцидентов и плановых работ нет.", "No open incidents or maintenance."),
    ("age_open", "открыт {age}", "open for {age}"),
    ("age_running", "идут {age}", "running for {age}"),
    ("age_starts", "начнутся через {age}", "starts in {age}"),
    ("unit_d", "д", "d"),
    ("unit_h", "ч", "h"),
    ("unit_min", "мин", "min"),
    ("since", "с", "since"),
    ("quick_links", "Быстрые ссылки", "Quick links"),
    ("all_runbooks", "Все ранбуки", "All runbooks"),
    ("col_page", "Страница", "Page"),
    ("col_kind", "Тип", "Type"),
    ("col_due", "Срок проверки", "Review due"),
    ("col_state", "Состояние", "State"),
    ("due_soon", "скоро", "due soon"),
    ("unowned_title", "Без владельца", "No owner"),
    ("nothing_unowned", "У всех внутренних статей и ранбуков есть владелец.", "Every internal article and runbook has an owner."),
    ("runbook_open_title", "Сейчас открыто по этому ранбуку", "Open now for this runbook"),
    ("search_suggested", "Популярные статьи", "Popular articles"),
    ("rating_title", "Статья помогла?", "Was this article helpful?"),
    ("rating_of_5", "из 5", "of 5"),
    ("rating_low", "совсем не помогла", "not at all"),
    ("rating_high", "очень помогла", "very helpful"),
    ("rating_thanks", "Спасибо за оценку! Она поможет нам улучшить статью.", "Thank you! Your rating helps us improve this article."),
    // The search scripts' strings (`js_*`, generated into /assets/search/strings.js
    // without the prefix; `{name}` is filled in by the script, `_one` is the n = 1 form).
    ("js_q", "«{q}»", "“{q}”"),
    ("js_searching", "Ищем…", "Searching…"),
    ("js_found", "Найдено: {n}", "{n} results"),
    ("js_found_one", "Найдено: {n}", "{n} result"),
    ("js_found_for", "Найдено: {n} по запросу «{q}»", "{n} results for “{q}”"),
    ("js_found_for_one", "Найдено: {n} по запросу «{q}»", "{n} result for “{q}”"),
    ("js_nothing", "По запросу «{q}» ничего не найдено.", "Nothing found for “{q}”."),
    ("js_nothing_hint", "Попробуйте другие слова или напишите нам — ответит живой человек.", "Try other words, or write to us — a real person will answer."),
    ("js_showing_for", "Показаны результаты для", "Showing results for"),
    ("js_without", "Результаты без слов:", "Results without:"),
    ("js_partial", "Ни одна статья не содержит все слова запроса — показаны статьи, где есть часть из них.", "No article contains all the words; showing articles that contain some of them."),
    ("js_all_results", "Все результаты по запросу «{q}»", "All results for “{q}”"),
    ("js_suggestions", "Подсказки поиска", "Search suggestions"),
    ("js_contact_email", "Написать в поддержку", "Email support"),
    ("js_contact_url", "Форма обращения", "Contact form"),
    ("js_contact_phone", "Позвонить", "Call us"),
    ("js_contact_home", "Связаться с поддержкой", "Contact support"),
    ("js_mail_subject", "Не нашлось ответа: {q}", "Couldn't find an answer: {q}"),
    ("js_mail_body", "Запрос в поиске: {q}\nСтраница: {url}\n\n", "I searched for: {q}\nPage: {url}\n\n"),
    ("js_unavailable", "Поиск сейчас недоступен. Попробуйте обновить страницу.", "Search is unavailable right now. Try reloading the page."),
    ("js_more", "Показать ещё", "Show more"),
    ("js_sections", "Разделы статьи", "Sections of the article"),
    ("js_thanks", "Спасибо за оценку!", "Thank you for your feedback!"),
    ("js_other_langs", "Результаты на других языках: {names}", "Results in other languages: {names}"),
    ("js_other_found", "На других языках ({names}): {n}", "In other languages ({names}): {n}"),
    ("js_other_none", "На других языках ({names}) ничего не найдено.", "Nothing found in other languages ({names})."),
];

/// One UI string; unknown languages get English, unknown keys the key itself.
pub fn ui(lang: &str, key: &str) -> &'static str {
    STRINGS.iter().find(|(k, _, _)| *k == key).map(|(_, ru, en)| if lang == "ru" { *ru } else { *en }).unwrap_or("")
}

/// All UI strings for a language, for templates (`t.key`).
pub fn table(lang: &str) -> BTreeMap<&'static str, &'static str> {
    STRINGS.iter().map(|(k, ru, en)| (*k, if lang == "ru" { *ru } else { *en })).collect()
}

/// The search scripts' strings as an ES module, `export default {"ru": {...}, "en": {...}}`:
/// every `js_*` key of the table without its prefix. Published as `assets/search/strings.js`.
pub fn script_strings_module() -> String {
    let lang = |ru: bool| -> serde_json::Map<String, serde_json::Value> {
        STRINGS
            .iter()
            .filter_map(|(k, r, e)| k.strip_prefix("js_").map(|k| (k.to_string(), serde_json::Value::from(if ru { *r } else { *e }))))
            .collect()
    };
    let all = serde_json::json!({ "ru": lang(true), "en": lang(false) });
    format!("export default {all};\n")
}

const MONTHS_RU: [&str; 12] =
    ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];
const MONTHS_EN: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// `2 ноября` / `November 2`, in the site's time zone.
pub fn day_month(t: &DateTime<FixedOffset>, tz: Tz, lang: &str) -> String {
    let t = t.with_timezone(&tz);
    let m = t.month0() as usize;
    if lang == "ru" {
        format!("{} {}", t.day(), MONTHS_RU[m])
    } else {
        format!("{} {}", MONTHS_EN[m], t.day())
    }
}

/// `2 ноября 2026` / `November 2, 2026`, in the site's time zone.
pub fn date(t: &DateTime<FixedOffset>, tz: Tz, lang: &str) -> String {
    let year = t.with_timezone(&tz).year();
    if lang == "ru" {
        format!("{} {year}", day_month(t, tz, lang))
    } else {
        format!("{}, {year}", day_month(t, tz, lang))
    }
}

/// Date and time with zone abbreviation: `20 ноября 2026, 10:04 MSK`.
pub fn date_time(t: &DateTime<FixedOffset>, tz: Tz, lang: &str) -> String {
    let local = t.with_timezone(&tz);
    format!("{}, {}", date(t, tz, lang), local.format("%H:%M %Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_dates() {
        let t = DateTime::parse_from_rfc3339("2026-11-01T23:30:00+00:00").unwrap();
        let msk: Tz = "Europe/Moscow".parse().unwrap();
        assert_eq!(date(&t, msk, "ru"), "2 ноября 2026");
        assert_eq!(date(&t, chrono_tz::UTC, "en"), "November 1, 2026");
        assert_eq!(ui("de", "home"), "Home");
    }
}
