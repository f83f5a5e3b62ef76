//! The last pass of redaction, by shape alone: after the structural passes, any piece of a
//! word that still reads as a secret on its own is replaced. A piece is the word itself, each
//! part between `=`, `,`, `;`, `:`, quotes, each part of those between `?`, `#`, `&` and `@` (a
//! URL's parameters, a user before `@`), and each part of those between `/` (a URL's path
//! segments): whatever a reader of the inventory could cut out of it. Structure decides what
//! to redact; this pass makes sure a token the structure missed (a parameter named like one, an
//! option made of one) never reaches the inventory.

use super::{Kind, REDACTED, secret_token};

const IN_WORD: [char; 6] = ['=', ',', ';', ':', '"', '\''];
/// A URL's query and fragment parameters, and a user before `@`: their values may hold `/`.
const URL_PARAMS: [char; 4] = ['?', '#', '&', '@'];
/// A URL's path segments.
const URL_PATH: [char; 1] = ['/'];

/// `s` with every piece of every whitespace-separated word that is a secret on its own
/// replaced by [`REDACTED`], the spacing kept; and the kind of the first.
pub fn scrub(s: &str) -> (String, Option<Kind>) {
    let mut kind = None;
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        let ws = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        out.push_str(&rest[..ws]);
        rest = &rest[ws..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        out.push_str(&level(
            &rest[..end],
            &[&IN_WORD, &URL_PARAMS, &URL_PATH],
            &mut kind,
        ));
        rest = &rest[end..];
    }
    (out, kind)
}

/// A piece, whole if it is a secret, else split at the next level's delimiters (kept) and each
/// part taken the same way.
fn level(piece: &str, levels: &[&[char]], kind: &mut Option<Kind>) -> String {
    if piece.is_empty() || piece == REDACTED {
        return piece.to_string();
    }
    if let Some(k) = secret_token(piece) {
        *kind = kind.or(Some(k));
        return REDACTED.to_string();
    }
    let Some((delims, deeper)) = levels.split_first() else {
        return piece.to_string();
    };
    let mut out = String::with_capacity(piece.len());
    let mut part_start = 0;
    for (i, c) in piece.char_indices() {
        if delims.contains(&c) {
            out.push_str(&level(&piece[part_start..i], deeper, kind));
            out.push(c);
            part_start = i + c.len_utf8();
        }
    }
    out.push_str(&level(&piece[part_start..], deeper, kind));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_anywhere_in_a_word_is_replaced_and_the_rest_kept() {
        let (s, k) = scrub("--url=https://h.example/p/ghp_abcdefghijklmnopqrstuvwx:x  npx");
        assert_eq!(s, "--url=https://h.example/p/<redacted>:x  npx");
        assert_eq!(k, Some("a GitHub token"));
        let (s, k) = scrub("npx -y @modelcontextprotocol/server-github@latest");
        assert_eq!(s, "npx -y @modelcontextprotocol/server-github@latest");
        assert_eq!(k, None);
        // Already redacted parts stay as they are.
        assert_eq!(scrub("a=<redacted>").0, "a=<redacted>");
        // A fragment value with a slash in it is one piece (found by the discover fuzz target
        // on 3b73b3c).
        let (s, _) = scrub("--tok0ttrs://h.example/p/gh#p_abopqrstutocol/server-githuvwxyz0123");
        assert!(!s.contains("githuvwxyz0123"), "{s}");
    }
}
