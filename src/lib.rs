//! frontline: Markdown -> help center, status page and internal operators' site.
//!
//! Pipeline: [`config`] -> [`content`] -> [`model`] -> [`render`] -> [`output`]
//! (-> [`output::write`]); [`build`] runs it. Errors are [`diag::Diagnostic`]s.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod dates;
pub mod diag;
pub mod fields;
pub mod incident_cmd;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod source;
