//! The ISO/IEC 42001 catalog: model, loading (bundled or `--catalog DIR`) and validation.
//!
//! Loading parses the YAML files into raw, located types ([`load`]), then [`validate`] checks
//! them all and builds the validated [`Catalog`] that the rest of the program uses. The
//! validator has three callers: every load, `aimscore catalog validate`, and the catalog tests.
//! This module does not score, format reports or read answers.

pub mod load;
pub mod model;
pub mod raw;
pub mod reference;
pub mod validate;

pub use load::{bundled, bundled_from_sources, load_dir, load_source};
pub use model::*;

/// The bundled catalog, or the one in `dir`.
pub fn open(dir: Option<&std::path::Path>) -> crate::error::Result<Catalog> {
    match dir {
        Some(d) => load_dir(d),
        None => bundled(),
    }
}
