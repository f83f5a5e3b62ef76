//! The evidence register: every evidence entry of an answers file with the questions citing it
//! and a status (`ok`, `missing`, `changed`, `stale`, `expired`, `url`, `unlocked`, or what the
//! path is when it is not a regular file), and `evidence lock`'s recording of hashes and dates
//! into the answers file's text. Files are probed through `read::evidence` (the one door); the
//! text is edited through `answers::edit`; nothing here formats for people or writes a file.

use crate::answers::{self, Answers, Evidence};
use crate::read::evidence::{Probe, day_number, probe};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// What verifying one evidence entry found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The file is there and its SHA-256 is the one recorded.
    Ok,
    /// A URL: not checked.
    Url,
    /// The file is there, but no SHA-256 was recorded (`evidence lock` records it).
    Unlocked,
    /// Nothing at the path.
    Missing,
    /// The file's SHA-256 differs from the one recorded.
    Changed,
    /// The file (its recorded date, else its modification date) is older than the maximum age
    /// before the answers file's date.
    Stale,
    /// The entry's `expires` is before the answers file's date.
    Expired,
    /// The reference leads outside the root (`..`, an absolute path, a symlink): not read.
    Outside,
    /// A symbolic link: not followed.
    Symlink,
    /// A directory.
    Directory,
    /// A named pipe, a socket or a device: never opened.
    Special,
    /// The file could not be read.
    Unreadable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Url => "url",
            Status::Unlocked => "unlocked",
            Status::Missing => "missing",
            Status::Changed => "changed",
            Status::Stale => "stale",
            Status::Expired => "expired",
            Status::Outside => "outside",
            Status::Symlink => "symlink",
            Status::Directory => "directory",
            Status::Special => "special",
            Status::Unreadable => "unreadable",
        }
    }

    /// Whether the entry supports a claim: the file is there as recorded (or nothing was
    /// recorded to contradict it), or it is a URL, which is not checked.
    pub fn supports(self) -> bool {
        matches!(self, Status::Ok | Status::Url | Status::Unlocked)
    }

    /// Whether `evidence verify` fails on it (exit 1): missing, changed, stale, expired, and
    /// every path that cannot be checked (outside the root, a symlink, not a regular file,
    /// unreadable), which counts as missing.
    pub fn fails(self) -> bool {
        !self.supports()
    }

    /// Stale or expired: what `check --max-evidence-age` fails on.
    pub fn is_dated(self) -> bool {
        matches!(self, Status::Stale | Status::Expired)
    }
}

/// One row of the register: a distinct evidence entry and the questions citing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    #[serde(rename = "ref")]
    pub reference: String,
    /// Question ids citing the entry, in id order.
    pub questions: Vec<String>,
    /// The SHA-256 recorded in the answers file.
    pub sha256: Option<String>,
    /// The date recorded in the answers file, else the file's modification date (UTC).
    pub date: Option<String>,
    pub expires: Option<String>,
    pub status: Status,
    /// What the status means for this entry, in a few words (the path kind, the I/O error, the
    /// hash found): for people and machines alike.
    pub detail: Option<String>,
}

/// The register of one answers file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Register {
    /// The date stale and expired are judged against (the answers file's `date`, or the date
    /// the caller gave); None when there is none.
    pub as_of: Option<String>,
    /// `--max-age` / `--max-evidence-age` in days, when given.
    pub max_age_days: Option<u32>,
    pub rows: Vec<Row>,
}

impl Register {
    /// Whether any row fails `evidence verify`.
    pub fn fails(&self) -> bool {
        self.rows.iter().any(|r| r.status.fails())
    }

    /// How many rows have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// The question ids answered `yes` with evidence none of which supports the claim: they
    /// score as unevidenced claims under `assess --verify-evidence`.
    pub fn unsupported_claims(&self, answers: &Answers) -> std::collections::BTreeSet<String> {
        let mut by_entry: BTreeMap<(&str, &str), Status> = BTreeMap::new();
        for r in &self.rows {
            for q in &r.questions {
                let e = by_entry
                    .entry((q.as_str(), r.reference.as_str()))
                    .or_insert(r.status);
                if r.status.supports() {
                    *e = r.status;
                }
            }
        }
        answers
            .answers
            .iter()
            .filter(|(_, a)| a.value == answers::AnswerValue::Yes && !a.evidence.is_empty())
            .filter(|(q, a)| {
                !a.evidence.iter().any(|e| {
                    by_entry
                        .get(&(q.as_str(), e.ref_.as_str()))
                        .is_some_and(|s| s.supports())
                })
            })
            .map(|(q, _)| q.clone())
            .collect()
    }
}

/// The folder local references are resolved in: `root` when given, else the answers file's
/// folder; canonical, so that "inside" is decided on real paths.
pub fn root_for(answers: &Path, root: Option<&Path>) -> crate::error::Result<std::path::PathBuf> {
    let dir = match root {
        Some(r) => r.to_path_buf(),
        None => match answers.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        },
    };
    let canon = std::fs::canonicalize(&dir)
        .map_err(|e| crate::error::Error::io(&dir, "cannot resolve the evidence root", e))?;
    if !canon.is_dir() {
        return Err(crate::error::Error::Usage(format!(
            "{}: the evidence root is not a directory",
            dir.display()
        )));
    }
    Ok(canon)
}

/// The `max-evidence-age` gate of `check`: fails on every stale or expired entry, naming its
/// reference and the questions citing it.
pub fn age_gate(reg: &Register, max_age: u32) -> super::gates::Gate {
    let failures: Vec<String> = reg
        .rows
        .iter()
        .filter(|r| r.status.is_dated())
        .map(|r| {
            let what = match r.detail.as_deref() {
                Some(d) if d.starts_with(r.status.as_str()) => d.to_string(),
                Some(d) => format!("is {}: {d}", r.status.as_str()),
                None => format!("is {}", r.status.as_str()),
            };
            format!(
                "evidence `{}` ({}) {what}",
                r.reference,
                r.questions.join(", ")
            )
        })
        .collect();
    let as_of = reg.as_of.as_deref().unwrap_or("today");
    super::gates::Gate {
        gate: "max-evidence-age",
        rule: format!("no evidence older than {max_age} days or expired, as of {as_of}"),
        threshold: Some(f64::from(max_age)),
        value: None,
        passed: failures.is_empty(),
        failures,
    }
}

/// Probes each distinct local reference once.
#[derive(Debug, Default)]
pub(crate) struct Prober {
    seen: BTreeMap<String, Probe>,
}

impl Prober {
    pub(crate) fn probe(&mut self, root: &Path, reference: &str) -> Probe {
        self.seen
            .entry(reference.to_string())
            .or_insert_with(|| probe(root, reference))
            .clone()
    }
}

/// Verifies every evidence entry of `answers`: local references under `root` (canonical), URLs
/// left alone. `as_of` is the date stale and expired are judged against; `max_age` the age in
/// days after which a file is stale (none: never stale).
pub fn verify(
    answers: &Answers,
    root: &Path,
    as_of: Option<&str>,
    max_age: Option<u32>,
) -> Register {
    let mut prober = Prober::default();
    let mut rows: BTreeMap<Evidence, Row> = BTreeMap::new();
    for (qid, a) in &answers.answers {
        for e in &a.evidence {
            if let Some(r) = rows.get_mut(e) {
                if !r.questions.contains(qid) {
                    r.questions.push(qid.clone());
                }
                continue;
            }
            let (status, date, detail) = status_of(e, root, as_of, max_age, &mut prober);
            rows.insert(
                e.clone(),
                Row {
                    reference: e.ref_.clone(),
                    questions: vec![qid.clone()],
                    sha256: e.sha256.clone(),
                    date,
                    expires: e.expires.clone(),
                    status,
                    detail,
                },
            );
        }
    }
    Register {
        as_of: as_of.map(str::to_string),
        max_age_days: max_age,
        rows: rows.into_values().collect(),
    }
}

/// The status of one entry, the date it is judged by, and a detail.
fn status_of(
    e: &Evidence,
    root: &Path,
    as_of: Option<&str>,
    max_age: Option<u32>,
    prober: &mut Prober,
) -> (Status, Option<String>, Option<String>) {
    let mut date = e.date.clone();
    let (found, detail) = if e.is_url() {
        (Status::Url, None)
    } else {
        match prober.probe(root, &e.ref_) {
            Probe::File {
                sha256,
                date: modified,
            } => {
                date = date.or(Some(modified));
                match &e.sha256 {
                    Some(want) if *want != sha256 => {
                        (Status::Changed, Some(format!("sha256 is now {sha256}")))
                    }
                    Some(_) => (Status::Ok, None),
                    None => (Status::Unlocked, None),
                }
            }
            Probe::Missing => (Status::Missing, None),
            Probe::Outside => (
                Status::Outside,
                Some(
                    "leads outside the root folder, so it is not read; --root DIR widens the root"
                        .into(),
                ),
            ),
            Probe::Symlink => (
                Status::Symlink,
                Some("a symbolic link; not followed (name the file itself)".into()),
            ),
            Probe::NotAFile { kind: "directory" } => {
                (Status::Directory, Some("a directory, not a file".into()))
            }
            Probe::NotAFile { kind } => (
                Status::Special,
                Some(format!("a {kind}, not a regular file; not opened")),
            ),
            Probe::Unreadable(why) => (Status::Unreadable, Some(why)),
        }
    };
    if !matches!(found, Status::Ok | Status::Url | Status::Unlocked) {
        return (found, date, detail);
    }
    let today = as_of.and_then(day_number);
    if let (Some(t), Some(x)) = (today, e.expires.as_deref().and_then(day_number))
        && x < t
    {
        return (
            Status::Expired,
            date,
            Some(format!("expired on {}", e.expires.as_deref().unwrap_or(""))),
        );
    }
    if let (Some(t), Some(max), Some(d)) = (today, max_age, date.as_deref().and_then(day_number))
        && t - d > i64::from(max)
    {
        return (
            Status::Stale,
            date.clone(),
            Some(format!("{} days old, more than {max}", t - d)),
        );
    }
    (found, date, detail)
}

/// What `evidence lock` did.
#[derive(Debug, Clone)]
pub struct Locked {
    /// The new text of the answers file (the old text when nothing changed).
    pub text: String,
    /// Local entries whose sha256 and date are recorded (newly or already).
    pub locked: usize,
    /// Entries whose recording changed in this run.
    pub updated: usize,
    /// URL entries, left alone.
    pub urls: usize,
    /// Entries that could not be locked: reference, questions, status, detail.
    pub problems: Vec<Row>,
}

/// Records the SHA-256 and modification date (UTC) of every local evidence file of the answers
/// file `text` into it, one answer at a time through [`answers::edit::set_answer`] (comments
/// and every other byte kept; each edit checked by reading it back). An entry already recording
/// the file's hash, or no hash yet, keeps its recorded date (a date written by hand stands), so
/// locking an unchanged tree changes nothing, even after a checkout gave every file a new time;
/// a file whose content changed takes its modification date.
/// `catalog` is the catalog without profiles; `root` is canonical; `itself` is the answers
/// file's canonical path: a reference to it is a problem, not locked (its hash changes with
/// every lock, so a second run would never leave it unchanged).
pub fn lock(
    name: &str,
    text: &str,
    format: crate::read::Format,
    catalog: &crate::catalog::Catalog,
    root: &Path,
    itself: Option<&Path>,
) -> crate::error::Result<Locked> {
    let (old, _) = answers::parse_text(name, text, format, catalog, &[])?;
    let mut prober = Prober::default();
    let mut out = Locked {
        text: text.to_string(),
        locked: 0,
        updated: 0,
        urls: 0,
        problems: Vec::new(),
    };
    let mut problems: BTreeMap<String, Row> = BTreeMap::new();
    for (qid, a) in &old.answers {
        let mut new = a.clone();
        for e in &mut new.evidence {
            if e.is_url() {
                out.urls += 1;
                continue;
            }
            let probed = if itself.is_some()
                && crate::read::evidence::inside(root, &e.ref_).as_deref() == itself
            {
                None
            } else {
                Some(prober.probe(root, &e.ref_))
            };
            match probed {
                None => {
                    let r = problems.entry(e.ref_.clone()).or_insert(Row {
                        reference: e.ref_.clone(),
                        questions: Vec::new(),
                        sha256: e.sha256.clone(),
                        date: e.date.clone(),
                        expires: e.expires.clone(),
                        status: Status::Unlocked,
                        detail: Some(
                            "the answers file itself: its hash changes whenever it is locked"
                                .into(),
                        ),
                    });
                    if !r.questions.contains(qid) {
                        r.questions.push(qid.clone());
                    }
                }
                Some(Probe::File { sha256, date }) => {
                    out.locked += 1;
                    // A date recorded (or written by hand) stands while the content is the
                    // one recorded, or when none was: a fresh clone's checkout times must not
                    // make old evidence look new. Changed content takes the file's date.
                    let before = (e.sha256.clone(), e.date.clone());
                    if e.sha256.as_ref().is_some_and(|h| *h != sha256) {
                        e.date = None;
                    }
                    e.sha256 = Some(sha256);
                    e.date = e.date.take().or(Some(date));
                    if (e.sha256.clone(), e.date.clone()) != before {
                        out.updated += 1;
                    }
                }
                Some(_) => {
                    let (status, date, detail) = status_of(e, root, None, None, &mut prober);
                    let r = problems.entry(e.ref_.clone()).or_insert(Row {
                        reference: e.ref_.clone(),
                        questions: Vec::new(),
                        sha256: e.sha256.clone(),
                        date,
                        expires: e.expires.clone(),
                        status,
                        detail,
                    });
                    if !r.questions.contains(qid) {
                        r.questions.push(qid.clone());
                    }
                }
            }
        }
        if new.evidence != a.evidence {
            match answers::edit::set_answer(name, &out.text, format, catalog, qid, &new) {
                Ok(e) => out.text = e.text,
                // An entry the editor cannot rewrite in place (an unusual layout, such as a
                // TOML sub-table under it): reported with what to write by hand; the other
                // entries are still locked.
                Err(err) => {
                    for (was, now) in a.evidence.iter().zip(&new.evidence) {
                        if was == now {
                            continue;
                        }
                        out.locked -= 1;
                        out.updated = out.updated.saturating_sub(1);
                        let r = problems.entry(now.ref_.clone()).or_insert(Row {
                            reference: now.ref_.clone(),
                            questions: Vec::new(),
                            sha256: was.sha256.clone(),
                            date: was.date.clone(),
                            expires: was.expires.clone(),
                            status: Status::Unlocked,
                            detail: Some(format!(
                                "not written ({}); add `sha256: {}` and `date: {}` to the entry by hand",
                                crate::error::shorten(&err.to_string()),
                                now.sha256.as_deref().unwrap_or(""),
                                now.date.as_deref().unwrap_or("")
                            )),
                        });
                        if !r.questions.contains(qid) {
                            r.questions.push(qid.clone());
                        }
                    }
                }
            }
        }
    }
    out.problems = problems.into_values().collect();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(text: &str) -> Answers {
        let catalog = crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}"));
        crate::answers::parse_text("a.yaml", text, crate::read::Format::Yaml, &catalog, &[])
            .unwrap_or_else(|e| panic!("{e}"))
            .0
    }

    #[test]
    fn only_ok_url_and_unlocked_support_a_claim() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("here.pdf"), b"x").unwrap_or_else(|e| panic!("{e}"));
        let root = std::fs::canonicalize(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let a = answers(
            "aimscore: 1\norganization: A\ndate: 2026-06-01\nanswers:\n  4.1-1: {answer: yes, evidence: [gone.pdf]}\n  4.1-2: {answer: yes, evidence: [gone.pdf, here.pdf]}\n  4.2-1: {answer: yes, evidence: [\"https://w/x\"]}\n  4.2-2: {answer: yes, evidence: [{ref: here.pdf, expires: 2026-05-31}]}\n  4.3-1: {answer: no, evidence: [gone.pdf]}\n",
        );
        let reg = verify(&a, &root, a.meta.date.as_deref(), None);
        let status: Vec<(&str, Status)> = reg
            .rows
            .iter()
            .map(|r| (r.reference.as_str(), r.status))
            .collect();
        assert_eq!(
            status,
            [
                ("gone.pdf", Status::Missing),
                ("here.pdf", Status::Unlocked),
                ("here.pdf", Status::Expired),
                ("https://w/x", Status::Url),
            ]
        );
        assert_eq!(reg.rows[0].questions, ["4.1-1", "4.1-2", "4.3-1"]);
        let unsupported: Vec<String> = reg.unsupported_claims(&a).into_iter().collect();
        assert_eq!(unsupported, ["4.1-1", "4.2-2"]);
    }

    #[test]
    fn a_file_older_than_the_maximum_age_is_stale() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("a.pdf"), b"x").unwrap_or_else(|e| panic!("{e}"));
        let root = std::fs::canonicalize(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let a = answers(
            "aimscore: 1\norganization: A\nanswers:\n  4.1-1: {answer: yes, evidence: [{ref: a.pdf, date: 2026-01-01}]}\n",
        );
        let at = |as_of: &str, max| verify(&a, &root, Some(as_of), max).rows[0].status;
        assert_eq!(at("2026-12-31", None), Status::Unlocked);
        assert_eq!(at("2026-12-31", Some(365)), Status::Unlocked);
        assert_eq!(at("2027-01-02", Some(365)), Status::Stale);
    }
}
