//! The door for evidence files: resolving a reference inside a root folder (never outside it),
//! deciding what the path is before anything opens it (a FIFO, a socket, a device, a directory
//! or a symlink is reported, never followed or read), and hashing a regular file with SHA-256
//! through a fixed buffer, so a file of any size costs the same memory. It knows nothing about
//! answers or statuses: `documents::evidence` turns a [`Probe`] into a status.

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

/// The buffer evidence files are hashed through: memory stays flat whatever their size.
pub const HASH_BUFFER: usize = 64 * 1024;

/// What a local evidence reference turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// A regular file, read to its end: its SHA-256 (lower-case hex) and modification date (UTC).
    File { sha256: String, date: String },
    /// Nothing at the path.
    Missing,
    /// The path (or a folder on the way) leads outside the root: refused, never read.
    Outside,
    /// A symbolic link inside the root: reported, not followed.
    Symlink,
    /// A directory, a named pipe, a socket or a device: `kind` says which.
    NotAFile { kind: &'static str },
    /// The file could not be read (permissions, an I/O error): the reason.
    Unreadable(String),
}

/// Resolves `reference` (relative to `root`, or absolute) and probes it. `root` should be
/// canonical ([`std::fs::canonicalize`]); the reference is refused when it leads outside it, by
/// `..`, by an absolute path elsewhere, or through a symlink.
pub fn probe(root: &Path, reference: &str) -> Probe {
    let Some(path) = inside(root, reference) else {
        return Probe::Outside;
    };
    // Walk from the root to the file, looking at each step without following it: a symlink on
    // the way is reported (or refused when it leads out), never followed.
    let rel = path.strip_prefix(root).unwrap_or(Path::new(""));
    let mut at = root.to_path_buf();
    let steps: Vec<Component> = rel.components().collect();
    for (i, c) in steps.iter().enumerate() {
        at.push(c);
        let meta = match std::fs::symlink_metadata(&at) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Probe::Missing,
            // A file where a folder was expected (`a.pdf/x`): nothing is at the path.
            #[cfg(unix)]
            Err(e) if e.raw_os_error() == Some(libc::ENOTDIR) => return Probe::Missing,
            Err(e) => return Probe::Unreadable(e.to_string()),
        };
        let t = meta.file_type();
        if t.is_symlink() {
            return match std::fs::canonicalize(&at) {
                Ok(target) if !target.starts_with(root) => Probe::Outside,
                _ => Probe::Symlink,
            };
        }
        let last = i + 1 == steps.len();
        if !last {
            if !t.is_dir() {
                return Probe::Missing;
            }
            continue;
        }
        if t.is_dir() {
            return Probe::NotAFile { kind: "directory" };
        }
        if !t.is_file() {
            return Probe::NotAFile { kind: kind(&t) };
        }
        // An evidence file is an input of the run: no output may replace it (`-o docs/x.pdf`).
        crate::identity::note_input(&at);
        let date = meta.modified().map(date_of).unwrap_or_default();
        return match hash_file(&at) {
            Ok(sha256) => Probe::File { sha256, date },
            Err(e) => Probe::Unreadable(e),
        };
    }
    // The reference names the root itself.
    Probe::NotAFile { kind: "directory" }
}

/// The path `reference` names under `root`, resolved lexically (`.` and `..` folded), or None
/// when it leaves the root.
pub fn inside(root: &Path, reference: &str) -> Option<PathBuf> {
    let p = Path::new(reference);
    let mut out = if p.is_absolute() {
        PathBuf::new()
    } else {
        root.to_path_buf()
    };
    for c in p.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.starts_with(root).then_some(out)
}

/// The SHA-256 of a regular file, read through a fixed [`HASH_BUFFER`]. The file is opened
/// without following a symlink and without blocking (a FIFO swapped in after the check cannot
/// hang the run), and checked again once open.
pub fn hash_file(path: &Path) -> Result<String, String> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let mut f = opts.open(path).map_err(|e| e.to_string())?;
    let meta = f.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!(
            "is a {}, not a regular file",
            kind(&meta.file_type())
        ));
    }
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; HASH_BUFFER];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a path that is neither a regular file nor a directory is.
fn kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "named pipe (FIFO)";
        }
        if t.is_socket() {
            return "socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "device";
        }
    }
    if t.is_dir() {
        return "directory";
    }
    "special file"
}

/// A time as its UTC calendar date, `YYYY-MM-DD` (times before 1970 give 1970-01-01).
pub fn date_of(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    date_of_day((secs / 86_400) as i64)
}

/// The date of a day number (days since 1970-01-01), `YYYY-MM-DD`.
pub fn date_of_day(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day number (days since 1970-01-01) of a `YYYY-MM-DD` date; None when it is not one.
pub fn day_number(date: &str) -> Option<i64> {
    if !super::is_date(date) {
        return None;
    }
    let y: i64 = date[0..4].parse().ok()?;
    let m: i64 = date[5..7].parse().ok()?;
    let d: i64 = date[8..10].parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_day_numbers_agree() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(date_of_day(11_017), "2000-03-01");
        assert_eq!(date_of_day(0), "1970-01-01");
        assert_eq!(date_of_day(11_016), "2000-02-29");
        assert_eq!(date_of_day(20_819), "2027-01-01");
        assert_eq!(date_of_day(-1), "1969-12-31");
        for d in [-1000, 0, 59, 60, 365, 10_957, 20_000, 30_000] {
            assert_eq!(day_number(&date_of_day(d)), Some(d), "{d}");
        }
        assert_eq!(day_number("2026-02-29"), None);
    }

    #[test]
    fn references_are_resolved_inside_the_root_only() {
        let root = Path::new("/r/answers");
        assert_eq!(
            inside(root, "docs/../a.pdf"),
            Some(PathBuf::from("/r/answers/a.pdf"))
        );
        assert_eq!(inside(root, "../x.pdf"), None);
        assert_eq!(inside(root, "docs/../../x.pdf"), None);
        assert_eq!(inside(root, "/etc/passwd"), None);
        assert_eq!(
            inside(root, "/r/answers/b.pdf"),
            Some(PathBuf::from("/r/answers/b.pdf"))
        );
        assert_eq!(inside(root, "/r/answers-other/b.pdf"), None);
    }

    #[test]
    fn files_hash_as_sha256() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("a.txt"), b"abc").unwrap_or_else(|e| panic!("{e}"));
        let root = std::fs::canonicalize(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        match probe(&root, "a.txt") {
            Probe::File { sha256, date } => {
                assert_eq!(
                    sha256,
                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
                );
                assert!(super::super::is_date(&date), "{date}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(probe(&root, "b.txt"), Probe::Missing);
        assert_eq!(probe(&root, "a.txt/x"), Probe::Missing);
        assert_eq!(probe(&root, "."), Probe::NotAFile { kind: "directory" });
    }
}
