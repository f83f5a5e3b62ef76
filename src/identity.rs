//! File identities: which files this run reads, so that no output ever replaces one of them,
//! whatever spelling, link or `..` names it. An identity is the device and inode where the
//! platform has them, the canonical path elsewhere.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a file is, independent of how a path spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    Inode(u64, u64),
    Path(PathBuf),
}

/// The inputs read so far: identity, the path as the user named it, and the path to look at
/// again (an input deleted since, whose inode a new file reuses, must not match).
static INPUTS: Mutex<Vec<(Identity, String, PathBuf)>> = Mutex::new(Vec::new());

/// The identity of the file `path` names (links followed), if it exists.
pub fn of(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok()?;
    Some(of_meta(path, &meta))
}

#[cfg(unix)]
fn of_meta(_path: &Path, meta: &std::fs::Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    Identity::Inode(meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn of_meta(path: &Path, _meta: &std::fs::Metadata) -> Identity {
    Identity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// The identity of an open file (on platforms without inodes: never equal to a path's, so a
/// caller comparing the two sees a mismatch only where it cannot tell).
pub fn of_file(file: &std::fs::File) -> Option<Identity> {
    let meta = file.metadata().ok()?;
    #[cfg(unix)]
    {
        Some(of_meta(Path::new(""), &meta))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Whether two paths name one file: the same identity when the file exists, else the same
/// spelling.
pub fn same_file_or_name(a: &Path, b: &Path) -> bool {
    match (of(a), of(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Records that this run reads `path`.
pub fn note_input(path: &Path) {
    let (Some(id), Ok(mut v)) = (of(path), INPUTS.lock()) else {
        return;
    };
    if !v.iter().any(|(i, _, p)| *i == id && p == path) {
        let again = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        v.push((id, path.display().to_string(), again));
    }
}

/// The input (as the user named it) that `path` is the same file as, if any.
pub fn input_named_by(path: &Path) -> Option<String> {
    let id = of(path)?;
    let v = INPUTS.lock().ok()?;
    v.iter()
        .find(|(i, _, again)| *i == id && of(again).as_ref() == Some(i))
        .map(|(_, name, _)| name.clone())
}

/// The identity of standard output, when it is a file (`cmd >> log`).
pub fn stdout() -> Option<Identity> {
    use std::os::fd::AsFd;
    let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
    let f = std::fs::File::from(fd);
    let meta = f.metadata().ok()?;
    Some(of_meta(Path::new("/dev/stdout"), &meta))
}
