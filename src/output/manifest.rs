//! What a full build leaves in the internal output for status-only publish
//! (`.frontline/status.json`): the articles and runbooks incident pages may link to
//! (titles, URLs, who may see them), a fingerprint of what the status pages were
//! built from, and the status files each site got, so that a later publish can
//! regenerate those alone. It lives in the internal output only: it names internal
//! articles and runbooks.

use super::OutputFile;
use crate::content::{Article, Audience, Doc, Runbook};
use crate::model::Site;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where the manifest is, relative to the internal output folder.
pub const PATH: &str = ".frontline/status.json";
/// Bumped whenever the shape changes: an older manifest means a full build.
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// See `build::status_only::fingerprint`: when it differs, status pages would not
    /// match the rest of the site, and a full build runs instead.
    pub fingerprint: String,
    pub articles: Vec<ArticleRef>,
    pub runbooks: Vec<RunbookRef>,
    /// Output paths of the status-dependent files, public and internal.
    pub public_files: Vec<String>,
    pub internal_files: Vec<String>,
}

/// An article as incident pages and the leak scan see it.
#[derive(Debug, Serialize, Deserialize)]
pub struct ArticleRef {
    source: PathBuf,
    rel: PathBuf,
    lang: String,
    title: String,
    slug: String,
    dirs: Vec<String>,
    internal: bool,
    key: String,
    path: String,
    owner: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RunbookRef {
    source: PathBuf,
    rel: PathBuf,
    lang: String,
    title: String,
    slug: String,
    name: String,
    path: String,
    components: Vec<String>,
    owner: Option<String>,
    escalation: Vec<(String, String)>,
}

fn doc(source: &Path, rel: &Path, lang: &str, title: &str, slug: &str, owner: Option<String>) -> Doc {
    Doc {
        source: source.to_path_buf(),
        rel: rel.to_path_buf(),
        lang: lang.to_string(),
        title: title.to_string(),
        slug: slug.to_string(),
        owner,
        // The full build leak-scanned every page with this title: it is public text.
        title_given: true,
        ..Doc::default()
    }
}

impl ArticleRef {
    fn of(a: &Article) -> Self {
        ArticleRef {
            source: a.doc.source.clone(),
            rel: a.doc.rel.clone(),
            lang: a.doc.lang.clone(),
            title: a.doc.title.clone(),
            slug: a.doc.slug.clone(),
            dirs: a.dirs.clone(),
            internal: a.audience == Audience::Internal,
            key: a.key.clone(),
            path: a.path.clone(),
            owner: a.doc.owner.clone(),
        }
    }

    /// The article without its text: enough for links, titles and the leak scan.
    pub fn article(&self) -> Article {
        Article {
            doc: doc(&self.source, &self.rel, &self.lang, &self.title, &self.slug, self.owner.clone()),
            dirs: self.dirs.clone(),
            audience: if self.internal { Audience::Internal } else { Audience::Public },
            promoted: false,
            related: Vec::new(),
            key: self.key.clone(),
            path: self.path.clone(),
        }
    }
}

impl RunbookRef {
    fn of(r: &Runbook) -> Self {
        RunbookRef {
            source: r.doc.source.clone(),
            rel: r.doc.rel.clone(),
            lang: r.doc.lang.clone(),
            title: r.doc.title.clone(),
            slug: r.doc.slug.clone(),
            name: r.name.clone(),
            path: r.path.clone(),
            components: r.components.clone(),
            owner: r.doc.owner.clone(),
            escalation: r.escalation.iter().map(|e| (e.name.clone(), e.contact.clone())).collect(),
        }
    }

    pub fn runbook(&self) -> Runbook {
        Runbook {
            doc: doc(&self.source, &self.rel, &self.lang, &self.title, &self.slug, self.owner.clone()),
            components: self.components.clone(),
            escalation: self
                .escalation
                .iter()
                .map(|(name, contact)| crate::content::Escalation { name: name.clone(), contact: contact.clone() })
                .collect(),
            name: self.name.clone(),
            path: self.path.clone(),
        }
    }
}

impl Manifest {
    pub fn new(site: &Site, fingerprint: String, public_files: Vec<String>, internal_files: Vec<String>) -> Manifest {
        Manifest {
            version: VERSION,
            fingerprint,
            articles: site.articles.iter().map(ArticleRef::of).collect(),
            runbooks: site.runbooks.iter().map(RunbookRef::of).collect(),
            public_files,
            internal_files,
        }
    }

    pub fn file(&self) -> OutputFile {
        OutputFile::new(PATH, serde_json::to_vec(self).unwrap_or_default())
    }

    /// The manifest of the internal output at `dir`; `Err` says why there is none to use.
    pub fn read(dir: &Path) -> Result<Manifest, String> {
        let path = dir.join(PATH);
        let bytes = crate::content::read_bytes(&path, &path, 256).map_err(|d| d.message)?;
        let m: Manifest = serde_json::from_slice(&bytes).map_err(|e| format!("{} cannot be read ({e})", path.display()))?;
        if m.version != VERSION {
            return Err(format!("{} is from another version of frontline", path.display()));
        }
        Ok(m)
    }
}
