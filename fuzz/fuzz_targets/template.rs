//! Fuzzes the user template renderer (`assess --template FILE`): bytes → template source (lossy
//! UTF-8) rendered by minijinja, with aimscore's environment (strict undefined, auto-escape by
//! name, the `md`, `score`, `xml`, `steps` filters and `section_chart`) and the limits of a user
//! template (a hundredth of `USER_TEMPLATE_FUEL`, `USER_TEMPLATE_MAX_BYTES`), against the report model of
//! `examples/startup-llm-feature.yaml` built once and cut down to a few items of every list
//! (each member still present, so a template reaches every field, but the model a render
//! serializes is a hundredth of the size: the run does many more templates). The first byte picks the template's name, so
//! its escaping: `.html` (auto-escaped), `.md`, `.txt`, or `.Html.j2` (auto-escaped, any case).
//! Any template may be rejected; none may panic, hang or allocate without bound, and a rendered
//! one keeps the output budget and ends with a line ending.
#![no_main]

use aimscore::documents::Report;
use aimscore::render::templates::{USER_TEMPLATE_MAX_BYTES, UserTemplate};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../examples/startup-llm-feature.yaml"
);

const FUEL: u64 = aimscore::render::templates::USER_TEMPLATE_FUEL / 100;

const NAMES: [&str; 4] = ["fuzz.html", "fuzz.md", "fuzz.txt", "brand.Html.j2"];

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let catalog = aimscore::catalog::bundled().expect("the bundled catalog is valid");
        aimscore::pipeline::assess_file(
            Path::new(EXAMPLE),
            &catalog,
            &[],
            &aimscore::scoring::Options::default(),
            None,
        )
        .map(|mut r| {
            r.sections.truncate(3);
            r.requirements.truncate(3);
            for q in &mut r.requirements {
                q.questions.truncate(2);
            }
            r.fixes.truncate(3);
            r.exclusions.truncate(2);
            for p in &mut r.roadmap.phases {
                p.items.truncate(2);
                p.fixes.truncate(2);
            }
            let n = &mut r.frameworks.nist_ai_rmf;
            n.categories.truncate(2);
            n.subcategories.truncate(2);
            r.frameworks.owasp_llm_2025.truncate(2);
            r.frameworks.owasp_agentic_2026.truncate(2);
            r
        })
        .expect("the example assesses")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let t = UserTemplate {
        name: NAMES[usize::from(selector) % NAMES.len()].to_string(),
        source: String::from_utf8_lossy(rest).into_owned(),
        // Bit 7: every value escaped for HTML whatever the name (`--format html`).
        html: selector & 0x80 != 0,
    };
    let mut out = Vec::new();
    // A hundredth of a user template's fuel: a loop ends within milliseconds, so the run tries
    // many more templates; running out of fuel takes the same path at any budget.
    if t.render_with_fuel(report(), &mut out, FUEL).is_ok() {
        // The budget is the template's text plus the final line ending render adds.
        assert!(
            out.len() <= USER_TEMPLATE_MAX_BYTES + 1,
            "{} bytes over the budget",
            out.len()
        );
        assert!(out.ends_with(b"\n"), "a rendered template ends with a line ending");
    }
});
