//! The input door: reading a file as UTF-8 text within a size budget, and byte offsets as
//! positions. It owns no parser and knows nothing about answers or catalogs.

use crate::error::{Diagnostic, Error, Pos, Result};
use std::path::Path;

/// The largest input file aimscore reads, in bytes. Real answers files are a few tens of
/// kilobytes; the limit keeps a hostile or mistaken path from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Reads a file as UTF-8 text within [`MAX_FILE_BYTES`], without a leading BOM.
pub fn read_text(path: &Path) -> Result<String> {
    let name = path.display().to_string();
    decode_text(&name, read_bytes(path)?)
}

/// [`read_text`], and whether the file starts with a UTF-8 byte order mark (which the text
/// returned does not hold): an editor that saves the file writes the mark back.
pub fn read_text_bom(path: &Path) -> Result<(String, bool)> {
    let name = path.display().to_string();
    let bytes = read_bytes(path)?;
    let bom = bytes.starts_with("\u{feff}".as_bytes());
    Ok((decode_text(&name, bytes)?, bom))
}

/// The bytes of the regular file `path`, within the size budget ([`MAX_FILE_BYTES`]): the one
/// door for binary inputs (workbooks) too.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, "cannot read", e))?;
    if meta.is_dir() {
        return Err(Error::input(Diagnostic::new(
            &name,
            None,
            "is a directory; expected a file",
        )));
    }
    // A FIFO or a terminal would block the run forever, a device never ends: inputs are
    // regular files (checked before opening, which itself blocks on a FIFO).
    if !meta.is_file() {
        return Err(Error::input(Diagnostic::new(
            &name,
            None,
            format!("is {}, not a regular file; expected a file", kind_of(&meta)),
        )));
    }
    crate::identity::note_input(path);
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::input(Diagnostic::new(
            &name,
            None,
            format!(
                "file is {} bytes; the limit is {} bytes (8 MiB)",
                meta.len(),
                MAX_FILE_BYTES
            ),
        )));
    }
    // Read at most one byte past the limit: a device or a pipe (`/dev/zero`, a FIFO) reports
    // no length, and reading it to its end would never stop.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| Error::io(path, "cannot read", e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::input(Diagnostic::new(
            &name,
            None,
            format!("file is larger than the limit of {MAX_FILE_BYTES} bytes (8 MiB)"),
        )));
    }
    Ok(bytes)
}

/// What a path that is not a regular file is, for messages.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device (a terminal or a device such as /dev/zero)";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// Decodes bytes as UTF-8, naming the line and column of the first invalid byte.
pub fn decode_text(name: &str, bytes: Vec<u8>) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]);
            let pos = pos_at(&prefix, prefix.len());
            Err(Error::input(
                Diagnostic::at(
                    name,
                    pos,
                    format!(
                        "invalid UTF-8 (byte 0x{:02x} at offset {good})",
                        bytes.get(good).copied().unwrap_or(0)
                    ),
                )
                .with_help("save the file as UTF-8"),
            ))
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn pos_at(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let mut off = offset;
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    Pos::new(line, column)
}
