//! `/status/badge.svg`: the overall status as a small shields-style badge.

use super::OutputFile;
use crate::model::status::{self, Indicator};
use crate::model::Site;
use crate::render::escape;

pub fn svg(site: &Site) -> OutputFile {
    let ind = status::indicator(&site.incidents, site.now);
    let (text, color) = match ind {
        Indicator::None => ("operational", "#1f8a4c"),
        Indicator::Minor => ("minor outage", "#d9730d"),
        Indicator::Major => ("partial outage", "#c4302b"),
        Indicator::Critical => ("major outage", "#9e1c17"),
        Indicator::Maintenance => ("maintenance", "#2f6fd6"),
    };
    let label = "status";
    // Approximate text widths (6.5 px per character at 11 px Verdana-like fonts).
    let lw = 10 + label.len() * 7;
    let rw = 10 + text.len() * 7;
    let w = lw + rw;
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{label}: {text}">
<title>{label}: {text}</title>
<rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{rw}" height="20" fill="{color}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
<text x="{lx}" y="14">{label}</text><text x="{rx}" y="14">{t}</text>
</g>
</svg>
"##,
        lx = lw / 2,
        rx = lw + rw / 2,
        t = escape(text),
    );
    OutputFile::new("status/badge.svg", svg)
}
