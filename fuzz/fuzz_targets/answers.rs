//! Fuzzes the answers parser and everything after it: bytes → text (lossy UTF-8) → YAML, TOML or
//! JSON (chosen by the first byte) → validated answers → scores → report model → JSON and text.
//! Any input may be rejected; none may panic, hang or allocate without bound.
#![no_main]

use aimscore::catalog::Catalog;
use aimscore::read::Format;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| aimscore::catalog::bundled().expect("the bundled catalog is valid"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let format = match selector % 3 {
        0 => Format::Yaml,
        1 => Format::Toml,
        _ => Format::Json,
    };
    let text = String::from_utf8_lossy(rest);
    // The high bit switches the `agentic` profile on from the "command line".
    let agentic = ["agentic".to_string()];
    let profiles: &[String] = if selector & 0x80 != 0 { &agentic } else { &[] };
    if let Ok((answers, active)) =
        aimscore::answers::parse_text("fuzz", &text, format, catalog(), profiles)
    {
        let opts = aimscore::scoring::Options {
            trust_claims: selector & 0x40 != 0,
            ..Default::default()
        };
        let a = aimscore::scoring::assess(&active, &answers, opts);
        let report = aimscore::documents::build(&active, &answers, &a, Some(10));
        // A valid file always renders: a rendering error is a bug. Text always; JSON (all
        // of a report's text, several hundred kilobytes) for one input in eight, which keeps
        // the run fast enough for millions of executions.
        let formats: &[aimscore::render::Format] = if selector & 0x20 != 0 {
            &[aimscore::render::Format::Text, aimscore::render::Format::Json]
        } else {
            &[aimscore::render::Format::Text]
        };
        for &format in formats {
            let mut out = Vec::new();
            aimscore::render::render(&report, format, None, false, &mut out)
                .expect("a valid answers file renders");
        }
    }
});
