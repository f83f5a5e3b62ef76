//! The one door out: every file aimscore writes goes through here (reports, answers files,
//! templates, the step summary), and standard output too. It owns safe, atomic writing and
//! nothing about what the bytes say; it must not format, score or read input.
//!
//! Atomic file writing: a temporary file in the same directory, flushed, then renamed over the
//! target, so a reader (or a crash) never sees a half-written file.
//!
//! What is not a regular file is written into, never replaced: `-o /dev/null`, `-o /dev/stdout`
//! or a named pipe get the bytes, and the device or pipe stays what it was (renaming over
//! `/dev/null` as root replaced the device with a plain file, and every later program that read
//! it read the junk others had written). A symbolic link to a file is followed: the file it
//! names is replaced atomically and the link stays a link. A replaced file keeps its permissions.

use crate::error::{Error, Result};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path`: atomically where `path` is (or will be) a regular file, directly
/// into a device, pipe or socket. Refuses to replace a directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)
        .map_err(|e| Error::io(path, "cannot write", e))?;
    f.commit()
}

/// Checks, before anything is written, that `path` may be written by [`write_atomic`] (not a
/// directory, not an input of this run, not read-only, not hard-linked): a run with several
/// outputs refuses a bad one before writing the others.
pub fn check_writable(path: &Path) -> Result<()> {
    if is_stdout_path(path) || is_special(path) {
        return Ok(());
    }
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "{}: is a directory; expected a file path",
            path.display()
        )));
    }
    check_target(path, true)
}

/// Like [`write_atomic`], for the one case where an output is meant to replace an input of the
/// run: `ask` saving the answers file it edits. The read-only and hard-link rules still hold.
pub fn replace_edited(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = AtomicFile::create_edited(path)?;
    f.write_all(bytes)
        .map_err(|e| Error::io(path, "cannot write", e))?;
    f.commit()
}

/// Like [`replace_edited`], and only if `unchanged()` still holds once the new bytes are on disk,
/// just before the rename: false (and the file untouched) when someone else changed the file
/// since the caller read it, so the caller can apply its edit again to what they wrote.
pub fn replace_edited_if(path: &Path, bytes: &[u8], unchanged: &dyn Fn() -> bool) -> Result<bool> {
    let mut f = AtomicFile::create_edited(path)?;
    f.write_all(bytes)
        .map_err(|e| Error::io(path, "cannot write", e))?;
    if !unchanged() {
        return Ok(false);
    }
    f.commit()?;
    Ok(true)
}

/// An advisory lock on a file being edited (`aimscore ask`), held while the session runs: a
/// second session on the same file is refused with a message instead of racing the first one.
/// The lock is the operating system's (`flock`), so it ends with the process, even a killed one;
/// the small lock file beside the answers file (`.NAME.aimscore-lock`) is removed on drop.
#[derive(Debug)]
pub struct EditLock {
    lock: PathBuf,
    _file: std::fs::File,
}

impl EditLock {
    /// Takes the lock for `path` (followed through symbolic links, so two names of one file
    /// share a lock), or says who holds it.
    pub fn acquire(path: &Path) -> Result<EditLock> {
        let target =
            resolve_link(path).map_err(|e| Error::io(path, "cannot follow the link", e))?;
        let (dir, base) = dir_and_name(&target, "answers");
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{}: the directory {} does not exist; create it first",
                path.display(),
                dir.display()
            )));
        }
        let lock = dir.join(format!(".{base}.aimscore-lock"));
        // A lock file removed by the session that held it between our open and our lock is
        // not the lock any more: try again on the new one.
        for _ in 0..20 {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(&lock)
                .map_err(|e| Error::io(&lock, "cannot create the lock file", e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Usage(format!(
                        "{}: another `aimscore ask` session is editing this file (it holds {}); \
                         finish or quit that session first, then run ask again. Two sessions at \
                         once would each save over the other's answers",
                        path.display(),
                        lock.display()
                    )));
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Error::io(&lock, "cannot lock", e));
                }
            }
            match crate::identity::of_file(&file) {
                Some(id) if crate::identity::of(&lock).as_ref() != Some(&id) => continue,
                _ => return Ok(EditLock { lock, _file: file }),
            }
        }
        Err(Error::Usage(format!(
            "{}: cannot take the edit lock {}; other programs keep replacing it",
            path.display(),
            lock.display()
        )))
    }
}

impl Drop for EditLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other session can hold this file's lock meanwhile.
        let _ = std::fs::remove_file(&self.lock);
    }
}

/// A file being written: into a temporary file beside it, renamed over it by
/// [`AtomicFile::commit`]; dropped uncommitted, the temporary file is removed and the old file
/// is untouched. A device, pipe or socket is written into directly.
pub struct AtomicFile {
    /// The path the user gave, for messages.
    path: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
    /// `(temporary, target, directory, permissions to keep)` when renaming at the end.
    rename: Option<(PathBuf, PathBuf, PathBuf, Option<std::fs::Permissions>)>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile> {
        if path.is_dir() {
            return Err(Error::Usage(format!(
                "{}: is a directory; expected a file path",
                path.display()
            )));
        }
        check_target(path, true)?;
        AtomicFile::open_target(path)
    }

    /// [`AtomicFile::create`] for a file the run read and now edits on purpose.
    fn create_edited(path: &Path) -> Result<AtomicFile> {
        if path.is_dir() {
            return Err(Error::Usage(format!(
                "{}: is a directory; expected a file path",
                path.display()
            )));
        }
        check_target(path, false)?;
        AtomicFile::open_target(path)
    }

    fn open_target(path: &Path) -> Result<AtomicFile> {
        if is_special(path) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::io(path, "cannot write", e))?;
            return Ok(AtomicFile {
                path: path.to_path_buf(),
                file: Some(std::io::BufWriter::with_capacity(1 << 16, file)),
                rename: None,
            });
        }
        let target =
            resolve_link(path).map_err(|e| Error::io(path, "cannot follow the link", e))?;
        let kept = std::fs::metadata(&target).ok().map(|m| m.permissions());
        let (dir, base) = dir_and_name(&target, "out");
        let tmp = dir.join(format!(".{base}.tmp-{}", std::process::id()));
        let file = create_new(&tmp).map_err(|e| Error::io(path, "cannot write", e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            file: Some(std::io::BufWriter::with_capacity(1 << 16, file)),
            rename: Some((tmp, target, dir, kept)),
        })
    }

    /// Flushes, syncs and renames the temporary file over the target.
    pub fn commit(mut self) -> Result<()> {
        let path = self.path.clone();
        let res = (|| -> std::io::Result<()> {
            let Some(w) = self.file.take() else {
                return Ok(());
            };
            let f = w
                .into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            if let Some((tmp, target, dir, kept)) = &self.rename {
                if let Some(p) = kept {
                    f.set_permissions(p.clone())?;
                }
                f.sync_all()?;
                drop(f);
                std::fs::rename(tmp, target)?;
                // Make the rename itself durable where the platform allows it.
                if let Ok(d) = std::fs::File::open(dir) {
                    let _ = d.sync_all();
                }
                self.rename = None;
            }
            Ok(())
        })();
        res.map_err(|e| Error::io(&path, "cannot write", e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.write_all(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some((tmp, ..)) = &self.rename {
            self.file = None;
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// The directory of `target` (`.` for a bare name) and its file name (`fallback` if it has none),
/// for the files made beside it (temporary file, edit lock).
fn dir_and_name(target: &Path, fallback: &str) -> (PathBuf, String) {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target.file_name().map_or_else(
        || fallback.to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    (dir, name)
}

/// Whether `path` names something that must be written into rather than replaced: anything
/// under `/dev` or `/proc` (`/dev/stdout` is a link to whatever standard output is), or an
/// existing device, pipe or socket.
/// A device, pipe or socket: decided by what the path is, never by its spelling
/// (`/dev/shm/x` is a regular file).
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Whether `path` names this process's standard output: `-`, `/dev/stdout` and its aliases, or
/// the very file standard output is redirected to. Such output is written through the open
/// descriptor, so `cmd -o /dev/stdout >> log` appends as the shell asked.
pub fn is_stdout_path(path: &Path) -> bool {
    let s = path.as_os_str();
    if s == "-" || s == "/dev/stdout" || s == "/dev/fd/1" || s == "/proc/self/fd/1" {
        return true;
    }
    match (crate::identity::of(path), crate::identity::stdout()) {
        (Some(a), Some(b)) => a == b && std::fs::metadata(path).is_ok_and(|m| m.is_file()),
        _ => false,
    }
}

/// Refuses an output path that is an input of this run, a read-only file, or a file with other
/// hard links (replacing it would silently break them).
fn check_target(path: &Path, refuse_inputs: bool) -> Result<()> {
    if let Some(input) = crate::identity::input_named_by(path).filter(|_| refuse_inputs) {
        return Err(Error::Usage(format!(
            "{}: is an input of this run ({input}); writing it would replace what was read. Write the output elsewhere",
            path.display()
        )));
    }
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if meta.is_file() && meta.permissions().readonly() {
        return Err(Error::Usage(format!(
            "{}: is read-only; aimscore does not replace a file you cannot write. Make it writable or write elsewhere",
            path.display()
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.is_file() && meta.nlink() > 1 {
            return Err(Error::Usage(format!(
                "{}: has {} hard links; replacing it would break them. Write elsewhere",
                path.display(),
                meta.nlink()
            )));
        }
    }
    Ok(())
}

/// The file a chain of symbolic links ends at (`path` itself when it is not a link). A link to a
/// file not yet there resolves to where that file will be.
fn resolve_link(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(parent) if next.is_relative() => parent.join(next),
                    _ => next,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Creates `tmp` afresh (never through a link someone left there); a leftover of an earlier
/// process with the same id is removed first.
fn create_new(tmp: &Path) -> std::io::Result<std::fs::File> {
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(tmp)
    };
    match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(tmp)?;
            open()
        }
        r => r,
    }
}

/// Writes output to a file (atomically) or to standard output.
pub fn emit(path: Option<&PathBuf>, bytes: &[u8]) -> Result<()> {
    match path.filter(|p| !is_stdout_path(p)) {
        Some(p) => write_atomic(p, bytes),
        None if QUIET.load(std::sync::atomic::Ordering::Relaxed) => Ok(()),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .or_else(|e| {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        Ok(())
                    } else {
                        Err(e)
                    }
                })
                .map_err(|e| Error::io(Path::new("<stdout>"), "cannot write", e))
        }
    }
}

/// Where a streamed report goes: standard output, or a file written atomically (replaced only
/// once the whole report is written, by [`Output::finish`]).
pub enum Output {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File(AtomicFile),
}

impl Output {
    pub fn open(path: Option<&PathBuf>) -> Result<Output> {
        Ok(match path.filter(|p| !is_stdout_path(p)) {
            Some(p) => Output::File(AtomicFile::create(p)?),
            None => Output::Stdout(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout().lock(),
            )),
        })
    }

    /// Flushes standard output, or commits the file.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => w
                .flush()
                .map_err(|e| Error::io(Path::new("<stdout>"), "cannot write", e)),
            Output::File(f) => f.commit(),
        }
    }

    /// Whether this is standard output (whose reader may leave: a broken pipe is no error).
    pub fn is_stdout(&self) -> bool {
        matches!(self, Output::Stdout(_))
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(f) => f.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.write_all(buf),
            Output::File(f) => f.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(f) => f.flush(),
        }
    }
}

/// Appends to a file (the step summary), creating it when missing.
pub fn append(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(input) = crate::identity::input_named_by(path) {
        return Err(Error::Usage(format!(
            "{}: is an input of this run ({input}); the step summary must go elsewhere",
            path.display()
        )));
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| {
            Error::io(
                path,
                "cannot append the step summary (GITHUB_STEP_SUMMARY)",
                e,
            )
        })
}

/// Colour only on a terminal, never with `NO_COLOR` set, never into a file.
/// When to colour terminal output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorMode {
    #[default]
    Auto,
    Always,
    Never,
}

static COLOR_MODE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sets `-q/--quiet`: nothing is written to standard output (files named with `-o` or
/// `--report`, the step summary and error messages still are).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Sets the run's `--color` choice.
pub fn set_color_mode(mode: ColorMode) {
    let v = match mode {
        ColorMode::Auto => 0,
        ColorMode::Always => 1,
        ColorMode::Never => 2,
    };
    COLOR_MODE.store(v, std::sync::atomic::Ordering::Relaxed);
}

/// Whether a report written to `output` (standard output when `None`) gets colour: never in a
/// file; `--color always|never` decide; otherwise NO_COLOR turns it off, CLICOLOR_FORCE or
/// FORCE_COLOR (set and not `0`) turn it on, and else a terminal gets colour.
pub fn use_color(output: Option<&PathBuf>) -> bool {
    if output.is_some_and(|p| !is_stdout_path(p)) {
        return false;
    }
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match COLOR_MODE.load(std::sync::atomic::Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => false,
        _ if set("CLICOLOR_FORCE") || set("FORCE_COLOR") => true,
        _ => std::io::stdout().is_terminal(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_leaving_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("a.yaml");
        write_atomic(&p, b"one").unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&p, b"two").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(std::fs::read_to_string(&p).ok().as_deref(), Some("two"));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_link_to_a_file_stays_a_link_and_the_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let real = dir.path().join("real.yaml");
        std::fs::write(&real, "old").unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600))
            .unwrap_or_else(|e| panic!("{e}"));
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink("real.yaml", &link).unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&link, b"new").unwrap_or_else(|e| panic!("{e}"));
        let lm = std::fs::symlink_metadata(&link).unwrap_or_else(|e| panic!("{e}"));
        assert!(lm.file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).ok().as_deref(), Some("new"));
        let mode = std::fs::metadata(&real).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
        // A link to a file not yet there creates the file it names.
        let dangling = dir.path().join("later.yaml");
        std::os::unix::fs::symlink("made.yaml", &dangling).unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&dangling, b"made").unwrap_or_else(|e| panic!("{e}"));
        let made = std::fs::read_to_string(dir.path().join("made.yaml"));
        assert_eq!(made.ok().as_deref(), Some("made"));
    }

    #[test]
    fn a_named_pipe_is_written_into_and_stays_a_pipe() {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut s = String::new();
                std::fs::File::open(&fifo).and_then(|mut f| f.read_to_string(&mut s))?;
                Ok::<_, std::io::Error>(s)
            })
        };
        write_atomic(&fifo, b"report").unwrap_or_else(|e| panic!("{e}"));
        let got = reader.join().unwrap_or_else(|_| panic!("reader panicked"));
        assert_eq!(got.ok().as_deref(), Some("report"));
        let ft = std::fs::symlink_metadata(&fifo).map(|m| m.file_type().is_fifo());
        assert_eq!(ft.ok(), Some(true));
        let names = std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(names, 1, "a temporary file was left behind");
    }

    #[test]
    fn an_uncommitted_file_leaves_the_old_one_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("r.json");
        std::fs::write(&p, "old").unwrap_or_else(|e| panic!("{e}"));
        {
            let mut f = AtomicFile::create(&p).unwrap_or_else(|e| panic!("{e}"));
            f.write_all(b"half a rep").unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(std::fs::read_to_string(&p).ok().as_deref(), Some("old"));
        let names = std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(names, 1, "a temporary file was left behind");
    }

    #[test]
    fn paths_are_classified_by_what_they_are() {
        assert!(is_special(Path::new("/dev/null")));
        // Standard output is written through its descriptor, whatever it is redirected to.
        assert!(is_stdout_path(Path::new("/dev/stdout")));
        assert!(is_stdout_path(Path::new("/proc/self/fd/1")));
        assert!(is_stdout_path(Path::new("-")));
        assert!(!is_special(Path::new("report.html")));
        if Path::new("/dev/shm").is_dir() {
            let dir = tempfile::tempdir_in("/dev/shm").unwrap_or_else(|e| panic!("{e}"));
            let f = dir.path().join("r.json");
            std::fs::write(&f, "x").unwrap_or_else(|e| panic!("{e}"));
            assert!(
                !is_special(&f),
                "a regular file under /dev is a regular file"
            );
        }
    }
}
