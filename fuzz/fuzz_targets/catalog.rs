//! Fuzzes the catalog loader. The first byte picks one of the bundled catalog's files to replace
//! with the input; its high nibble picks how far to go: zero loads and validates the whole
//! catalog with that file replaced (slow: about 8 ms), anything else parses the replaced file
//! alone (fast), so most executions exercise the parser and one in sixteen the validator.
//! Any input may be rejected; none may panic, hang or allocate without bound.
#![no_main]

use aimscore::catalog::load::{CatalogSource, bundled_source, load_source, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mut src = bundled_source();
    let i = usize::from(selector) % src.files.len();
    let text = String::from_utf8_lossy(rest).into_owned();
    if selector & 0xF0 == 0 {
        src.files[i].1 = text;
        let _ = load_source(&src);
    } else {
        let name = src.files.swap_remove(i).0;
        let _ = parse(&CatalogSource {
            files: vec![(name, text)],
        });
    }
});
