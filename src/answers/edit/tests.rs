//! Edits checked on every format: entries replaced, inserted and refused, bytes kept.

use super::*;
use crate::answers::template::{self, TemplateFormat};
use crate::error::Pos;

/// The bundled catalog, loaded once for all tests (loading is the slow part in debug).
fn catalog() -> &'static Catalog {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    C.get_or_init(|| crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}")))
}

fn ans(value: AnswerValue) -> Answer {
    Answer {
        value,
        evidence: Vec::new(),
        note: None,
        owner: None,
        due: None,
        justification: None,
        pos: Pos::default(),
    }
}

fn full() -> Answer {
    Answer {
        evidence: vec!["policies/scope.pdf".into(), "https://wiki/x#y".into()],
        note: Some("Board said \"ok\" # not a comment: really\\".into()),
        owner: Some("CISO".into()),
        due: Some("2027-01-31".into()),
        ..ans(AnswerValue::Yes)
    }
}

fn set(text: &str, format: Format, qid: &str, a: &Answer) -> Edited {
    set_answer("t", text, format, catalog(), qid, a).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn parsed(text: &str, format: Format) -> Answers {
    parse_text("t", text, format, catalog(), &[])
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .0
}

/// The lines removed from `old` by a single splice that gives `new` (common prefix and
/// suffix of lines kept).
fn removed(old: &str, new: &str) -> Vec<String> {
    let o: Vec<&str> = old.lines().collect();
    let n: Vec<&str> = new.lines().collect();
    let pre = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    let suf = o[pre..]
        .iter()
        .rev()
        .zip(n[pre..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    o[pre..o.len() - suf]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[test]
fn yaml_template_commented_entry_is_replaced_in_place() {
    let t = template::render(
        catalog(),
        TemplateFormat::Yaml,
        &template::Header::new("Acme"),
        false,
    );
    let e = set(&t, Format::Yaml, "4.3-1", &full());
    let a = &e.answers.answers["4.3-1"];
    assert_eq!(a.evidence, full().evidence);
    assert_eq!(a.note, full().note);
    // The commented entry is gone, every other line (comments included) is kept.
    assert!(!e.text.contains("  # 4.3-1:\n"), "{}", e.text);
    assert!(e.text.contains("  # 4.3-1 (weight"));
    let missing = removed(&t, &e.text);
    assert_eq!(
        missing,
        vec!["  # 4.3-1:", "  #   answer: no", "  #   evidence: []"]
    );
    // The entry stands where the commented one stood: after 4.2, before 4.3-2.
    let i = e
        .text
        .find("  4.3-1:\n    answer: yes")
        .unwrap_or(usize::MAX);
    let j = e.text.find("# 4.3-2:").unwrap_or(0);
    assert!(i < j, "{}", e.text);
}

#[test]
fn yaml_answers_replace_and_keep_catalog_order() {
    let t = template::render(
        catalog(),
        TemplateFormat::Yaml,
        &template::Header::new("Acme"),
        false,
    );
    let e1 = set(&t, Format::Yaml, "5.2-1", &ans(AnswerValue::No));
    let e2 = set(
        &e1.text,
        Format::Yaml,
        "4.1-1",
        &ans(AnswerValue::Maturity(3)),
    );
    let e3 = set(&e2.text, Format::Yaml, "5.2-1", &full());
    let a = parsed(&e3.text, Format::Yaml);
    assert_eq!(a.answers.len(), 2);
    assert_eq!(a.answers["4.1-1"].value, AnswerValue::Maturity(3));
    assert_eq!(a.answers["5.2-1"].value, AnswerValue::Yes);
    assert_eq!(a.answers["5.2-1"].owner.as_deref(), Some("CISO"));
    assert_eq!(e3.text.matches("\n  5.2-1:\n").count(), 1, "{}", e3.text);
    assert!(e3.text.find("  4.1-1:") < e3.text.find("  5.2-1:"));
    assert!(e3.text.contains("    answer: 3\n"));
}

#[test]
fn yaml_without_answers_key_gets_one() {
    let t = "# head\naimscore: 1\norganization: Acme # trailing\n";
    let e = set(t, Format::Yaml, "4.3-1", &ans(AnswerValue::Partial));
    assert_eq!(
        e.text,
        "# head\naimscore: 1\norganization: Acme # trailing\nanswers:\n  4.3-1:\n    answer: partial\n"
    );
    let no_newline = "aimscore: 1\norganization: Acme";
    let e = set(no_newline, Format::Yaml, "4.3-1", &ans(AnswerValue::No));
    assert!(
        e.text
            .starts_with("aimscore: 1\norganization: Acme\nanswers:\n")
    );
}

#[test]
fn yaml_null_and_empty_flow_answers_become_block() {
    for v in [
        "answers:",
        "answers: null",
        "answers: ~",
        "answers: {}",
        "answers: {} # c",
    ] {
        let t = format!("aimscore: 1\norganization: Acme\n{v}\n# after\n");
        let e = set(&t, Format::Yaml, "A.2.2-1", &ans(AnswerValue::Yes));
        assert!(
            e.text.contains("  A.2.2-1:\n    answer: yes\n"),
            "{}",
            e.text
        );
        assert!(e.text.ends_with("# after\n") || e.text.contains("# after"));
    }
}

#[test]
fn yaml_flow_answers_are_rewritten_in_block_style() {
    let t = "aimscore: 1\norganization: Acme\nanswers: {\"4.1-1\": {answer: yes,\n  evidence: [a]}}  # flow\ndate: 2026-01-01\n";
    let e = set(t, Format::Yaml, "4.2-1", &ans(AnswerValue::No));
    let a = parsed(&e.text, Format::Yaml);
    assert_eq!(a.answers.len(), 2);
    assert_eq!(a.answers["4.1-1"].evidence_refs(), vec!["a"]);
    assert_eq!(a.meta.date.as_deref(), Some("2026-01-01"));
    assert!(e.text.contains("answers: # flow\n  4.1-1:\n"), "{}", e.text);
}

#[test]
fn yaml_existing_entries_with_comments_and_other_indent() {
    let t = "aimscore: 1\norganization: Acme\nanswers:\n    # first\n    4.1-1:   # keep me?\n        answer: no\n        # inner\n        note: |\n          multi\n          line\n\n    # between\n    A.2.2-1: {answer: yes, evidence: x}\nscope: S # end\n";
    let e = set(t, Format::Yaml, "4.1-1", &ans(AnswerValue::Yes));
    assert!(
        e.text
            .contains("    # first\n    4.1-1:   # keep me?\n        answer: yes\n        # inner\n\n    # between\n"),
        "{}",
        e.text
    );
    let e = set(&e.text, Format::Yaml, "4.2-1", &ans(AnswerValue::Partial));
    assert!(
        e.text
            .contains("        answer: yes\n    4.2-1:\n        answer: partial\n"),
        "{}",
        e.text
    );
    let e = set(&e.text, Format::Yaml, "A.2.2-1", &full());
    let a = parsed(&e.text, Format::Yaml);
    assert_eq!(a.answers.len(), 3);
    assert_eq!(a.meta.scope.as_deref(), Some("S"));
    assert!(e.text.ends_with("scope: S # end\n"));
}

#[test]
fn yaml_crlf_files_stay_crlf() {
    let t = "aimscore: 1\r\norganization: Acme\r\nanswers:\r\n  4.1-1:\r\n    answer: no\r\n";
    let e = set(t, Format::Yaml, "4.2-1", &ans(AnswerValue::Yes));
    assert!(!e.text.replace("\r\n", "").contains('\n'), "{:?}", e.text);
    assert_eq!(parsed(&e.text, Format::Yaml).answers.len(), 2);
}

#[test]
fn strings_are_escaped_for_yaml_and_toml() {
    let nasty = "a\"b\\c\nd\te\u{7}f\u{85}g\u{2028}h: #i 'j' ü 🙂";
    let a = Answer {
        evidence: vec![nasty.into(), "- [x]".into()],
        note: Some(nasty.into()),
        owner: Some("{o}".into()),
        ..ans(AnswerValue::No)
    };
    for (fmt, tf) in [
        (Format::Yaml, TemplateFormat::Yaml),
        (Format::Toml, TemplateFormat::Toml),
    ] {
        let t = template::render(catalog(), tf, &template::Header::new("Acme"), false);
        let e = set(&t, fmt, "A.6.2.8-1", &a);
        let got = &e.answers.answers["A.6.2.8-1"];
        assert_eq!(got.note.as_deref(), Some(nasty.trim()));
        assert_eq!(got.evidence[1].ref_, "- [x]");
        assert_eq!(got.owner.as_deref(), Some("{o}"));
    }
}

#[test]
fn toml_template_commented_table_is_replaced_in_place() {
    let t = template::render(
        catalog(),
        TemplateFormat::Toml,
        &template::Header::new("Acme"),
        false,
    );
    let e = set(&t, Format::Toml, "4.3-1", &full());
    assert!(
        e.text
            .contains("  [answers.\"4.3-1\"]\n  answer = \"yes\"\n  evidence = ["),
        "{}",
        e.text
    );
    let missing = removed(&t, &e.text);
    assert_eq!(
        missing,
        vec![
            "  # [answers.\"4.3-1\"]",
            "  # answer = \"no\"",
            "  # evidence = []"
        ]
    );
    let e2 = set(
        &e.text,
        Format::Toml,
        "4.3-1",
        &ans(AnswerValue::Maturity(4)),
    );
    let e3 = set(&e2.text, Format::Toml, "4.1-1", &ans(AnswerValue::No));
    let a = parsed(&e3.text, Format::Toml);
    assert_eq!(a.answers.len(), 2);
    assert_eq!(a.answers["4.3-1"].value, AnswerValue::Maturity(4));
    assert!(a.answers["4.3-1"].evidence.is_empty());
    assert_eq!(e3.text.matches("[answers.\"4.3-1\"]").count(), 1);
    assert!(e3.text.contains("  answer = 4\n"));
}

#[test]
fn toml_plain_files_inline_entries_and_new_tables() {
    let t = "aimscore = 1\norganization = \"Acme\"\n\n[answers]\n\"4.1-1\" = { answer = \"no\" } # inline\n\n[answers.\"A.2.2-1\"]\nanswer = \"yes\"\n# trailing comment\n";
    let e = set(t, Format::Toml, "4.1-1", &ans(AnswerValue::Partial));
    assert!(
        e.text
            .contains("\"4.1-1\" = { answer = \"partial\" } # inline\n"),
        "{}",
        e.text
    );
    let e = set(&e.text, Format::Toml, "A.2.2-1", &full());
    assert!(e.text.ends_with("# trailing comment\n"), "{}", e.text);
    let e = set(&e.text, Format::Toml, "5.2-1", &ans(AnswerValue::Yes));
    let a = parsed(&e.text, Format::Toml);
    assert_eq!(a.answers.len(), 3);
    assert_eq!(a.answers["A.2.2-1"].due.as_deref(), Some("2027-01-31"));
    let bare = "aimscore = 1\norganization = \"Acme\"";
    let e = set(bare, Format::Toml, "4.1-1", &ans(AnswerValue::Yes));
    assert_eq!(
        e.text,
        "aimscore = 1\norganization = \"Acme\"\n\n[answers.\"4.1-1\"]\nanswer = \"yes\"\n"
    );
}

#[test]
fn json_keeps_key_order_and_indent() {
    let t = "{\n    \"aimscore\": 1,\n    \"organization\": \"Acme\",\n    \"answers\": {\n        \"5.2-1\": {\"answer\": \"no\"}\n    },\n    \"scope\": \"S\"\n}\n";
    let e = set(t, Format::Json, "4.1-1", &full());
    let e = set(
        &e.text,
        Format::Json,
        "A.2.2-1",
        &ans(AnswerValue::Maturity(2)),
    );
    let e = set(&e.text, Format::Json, "5.2-1", &ans(AnswerValue::Yes));
    let keys: Vec<&str> = e.answers.answers.keys().map(String::as_str).collect();
    assert_eq!(keys, ["4.1-1", "5.2-1", "A.2.2-1"]);
    let i41 = e.text.find("\"4.1-1\"").unwrap_or(usize::MAX);
    let i52 = e.text.find("\"5.2-1\"").unwrap_or(0);
    assert!(i41 < i52, "{}", e.text);
    assert!(e.text.find("\"answers\"") < e.text.find("\"scope\""));
    assert!(
        e.text
            .contains("\n        \"4.1-1\": {\n            \"answer\": \"yes\""),
        "{}",
        e.text
    );
    assert!(e.text.contains("\"answer\": 2"));
    assert!(e.text.ends_with("}\n"));
    let e = set(
        "{\"aimscore\": 1, \"organization\": \"A\", \"answers\": null}",
        Format::Json,
        "4.1-1",
        &ans(AnswerValue::No),
    );
    assert_eq!(e.answers.answers.len(), 1);
}

#[test]
fn clause_na_and_invalid_results_are_refused_and_text_unchanged() {
    let t = "aimscore: 1\norganization: Acme\nanswers:\n";
    let na = Answer {
        justification: Some("n/a".into()),
        ..ans(AnswerValue::Na)
    };
    let err = set_answer("t", t, Format::Yaml, catalog(), "4.3-1", &na);
    assert!(err.is_err());
    let err = set_answer(
        "t",
        t,
        Format::Yaml,
        catalog(),
        "A.2.2-1",
        &ans(AnswerValue::Na),
    );
    assert!(err.is_err(), "na without justification must not be written");
    let ok = set_answer("t", t, Format::Yaml, catalog(), "A.2.2-1", &na);
    assert!(ok.is_ok());
    let unknown = set_answer("t", t, Format::Yaml, catalog(), "9.9-9", &na);
    assert!(unknown.is_err());
}

#[test]
fn profiles_are_added_in_each_format() {
    let c = catalog();
    let p = vec!["agentic".to_string()];
    for (fmt, tf) in [
        (Format::Yaml, TemplateFormat::Yaml),
        (Format::Toml, TemplateFormat::Toml),
    ] {
        let t = template::render(c, tf, &template::Header::new("Acme"), false);
        let e = set_profiles("t", &t, fmt, c, &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.answers.meta.profiles, p);
        assert_eq!(removed(&t, &e.text).len(), 1, "{:?}", removed(&t, &e.text));
        // And a profile question can then be answered.
        let qid = c.profiles[0].questions[0].1.id.clone();
        let e2 = set_answer("t", &e.text, fmt, c, &qid, &ans(AnswerValue::Yes))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e2.answers.answers.len(), 1);
    }
    let j = "{\"aimscore\": 1, \"organization\": \"A\", \"answers\": {}}";
    let e = set_profiles("t", j, Format::Json, c, &p).unwrap_or_else(|e| panic!("{e}"));
    assert!(e.text.find("profiles") < e.text.find("answers"));
    let y = "aimscore: 1\norganization: A\nprofiles: [] # none yet\n";
    let e = set_profiles("t", y, Format::Yaml, c, &p).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        e.text,
        "aimscore: 1\norganization: A\nprofiles: [agentic] # none yet\n"
    );
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    const YAML: &str = "# head comment\naimscore: 1  # version\norganization: \"Acme\"\n\n# before answers\nanswers:\n  # first block\n  4.1-2:\n    answer: no # inline\n    note: |\n      two\n      lines\n\n  # between\n  A.5.2-1: {answer: 2}\n# after answers\nscope: S\n";
    const TOML: &str = "# head\naimscore = 1\norganization = \"Acme\"\n\n[answers.\"4.1-2\"]\nanswer = \"no\" # inline\n# between\n\n[answers.\"A.5.2-1\"]\nanswer = 2\n# tail\n";
    const JSON: &str = "{\n  \"aimscore\": 1,\n  \"organization\": \"Acme\",\n  \"answers\": {\"4.1-2\": {\"answer\": \"no\"}}\n}\n";

    fn value() -> impl Strategy<Value = AnswerValue> {
        prop_oneof![
            Just(AnswerValue::Yes),
            Just(AnswerValue::Partial),
            Just(AnswerValue::No),
            (0u8..=5).prop_map(AnswerValue::Maturity),
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        // Printable text with the characters that need quoting or escaping.
        proptest::string::string_regex("[ -~äü🙂\\t\u{85}\u{2028}#:\"'{}\\[\\],-]{0,12}")
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn op() -> impl Strategy<Value = (usize, Answer)> {
        (
            0usize..6,
            value(),
            proptest::collection::vec(text(), 0..3),
            proptest::option::of(text()),
        )
            .prop_map(|(q, v, ev, note)| {
                (
                    q,
                    Answer {
                        // Every second entry is a locked map: the editor writes both forms.
                        evidence: ev
                            .into_iter()
                            .enumerate()
                            .map(|(i, r)| crate::answers::Evidence {
                                ref_: r,
                                sha256: (i % 2 == 1).then(|| "ab".repeat(32)),
                                date: (i % 2 == 1).then(|| "2026-01-02".to_string()),
                                expires: None,
                            })
                            .collect(),
                        note,
                        ..ans(v)
                    },
                )
            })
    }

    const QIDS: [&str; 6] = ["4.1-1", "4.1-2", "4.3-1", "A.5.2-1", "A.10.4-1", "10.2-1"];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn any_sequence_of_answers_parses_back_and_keeps_the_other_lines(
            ops in proptest::collection::vec(op(), 1..5),
            fmt in 0usize..3,
        ) {
            let c = catalog();
            let (format, base) = [(Format::Yaml, YAML), (Format::Toml, TOML), (Format::Json, JSON)][fmt];
            let mut expected = parsed(base, format).answers;
            let mut text = base.to_string();
            for (q, a) in &ops {
                let e = set_answer("t", &text, format, c, QIDS[*q], a)
                    .unwrap_or_else(|e| panic!("{e}\n{text}"));
                expected.insert(QIDS[*q].to_string(), normalized(a));
                text = e.text;
            }
            let got = parsed(&text, format);
            prop_assert!(same_answers(&got, &expected), "{text}");
            if format != Format::Json {
                // Every comment line of the original is still there.
                for l in base.lines().filter(|l| l.trim_start().starts_with('#')) {
                    prop_assert!(text.lines().any(|n| n == l), "lost {l:?}\n{text}");
                }
                prop_assert!(text.starts_with(base.lines().next().unwrap_or("")));
            }
        }
    }
}

/// Every `#` comment line and trailing comment of `text`, trimmed.
fn comments(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| comment_start(l).map(|c| l[c..].trim().to_string()))
        .collect()
}

#[test]
fn yaml_reanswered_entry_keeps_inline_inner_and_evidence_comments() {
    let t = "aimscore: 1\norganization: Acme\nanswers:\n  4.1-1:  # reviewed in March\n    # the board's view\n    answer: no  # was partial\n    evidence:\n      - minutes.pdf  # signed copy\n      # the second one is a draft\n      - draft.docx\n    note: |\n      # not a comment, text\n      more\n    owner: CISO  # interim\n  4.1-2: {answer: yes}  # flow entry\n";
    let before = comments(t);
    let mut a = ans(AnswerValue::Yes);
    a.evidence = vec!["minutes.pdf".into(), "final.pdf".into()];
    a.note = Some("# not a comment, text\nmore\n".into());
    let e = set(t, Format::Yaml, "4.1-1", &a);
    let after = comments(&e.text);
    for c in &before {
        assert!(after.contains(c), "lost {c:?}:\n{}", e.text);
    }
    assert!(e.text.contains("answer: yes  # was partial"), "{}", e.text);
    // The unchanged note keeps its block scalar as written; the removed owner leaves its comment.
    assert!(
        e.text
            .contains("    note: |\n      # not a comment, text\n"),
        "{}",
        e.text
    );
    let got = parsed(&e.text, Format::Yaml);
    assert_eq!(got.answers["4.1-1"].value, AnswerValue::Yes);
    assert_eq!(got.answers["4.1-1"].owner, None);
    assert_eq!(got.answers["4.1-1"].evidence, a.evidence);
    let e2 = set(&e.text, Format::Yaml, "4.1-2", &ans(AnswerValue::Partial));
    assert!(
        e2.text
            .contains("4.1-2:  # flow entry\n    answer: partial\n"),
        "{}",
        e2.text
    );
    for c in &before {
        assert!(comments(&e2.text).contains(c), "lost {c:?}:\n{}", e2.text);
    }
}

#[test]
fn toml_reanswered_table_keeps_its_comments() {
    let t = "aimscore = 1\norganization = \"Acme\"\n\n[answers.\"4.1-1\"]  # first look\n# why no\nanswer = \"no\"  # to revisit\nevidence = [\n  \"a.pdf\",  # the signed one\n]\nowner = \"CISO\"\n";
    let before = comments(t);
    let mut a = ans(AnswerValue::Yes);
    a.owner = Some("CISO".into());
    let e = set(t, Format::Toml, "4.1-1", &a);
    for c in &before {
        assert!(comments(&e.text).contains(c), "lost {c:?}:\n{}", e.text);
    }
    assert!(
        e.text.contains("answer = \"yes\"  # to revisit"),
        "{}",
        e.text
    );
    assert!(e.text.contains("owner = \"CISO\"\n"), "{}", e.text);
    let got = parsed(&e.text, Format::Toml);
    assert!(got.answers["4.1-1"].evidence.is_empty());
}

#[test]
fn template_header_values_are_escaped_in_every_format() {
    let hostile = "A \"q\" \\ b: # c\td\ne\u{7f}f\u{85}g\u{2028}h — é";
    let header = template::Header {
        organization: hostile.into(),
        scope: Some(format!("scope {hostile}")),
        assessor: Some("- [x] {o}".into()),
        date: Some("2026-11-22".into()),
    };
    let texts = [
        (
            Format::Yaml,
            template::render(catalog(), TemplateFormat::Yaml, &header, false),
        ),
        (
            Format::Toml,
            template::render(catalog(), TemplateFormat::Toml, &header, false),
        ),
        (Format::Json, template::render_json(catalog(), &header)),
    ];
    for (fmt, text) in texts {
        let m = parsed(&text, fmt).meta;
        assert_eq!(m.organization, hostile, "{fmt:?}");
        assert_eq!(m.scope.as_deref(), header.scope.as_deref(), "{fmt:?}");
        assert_eq!(m.assessor.as_deref(), Some("- [x] {o}"), "{fmt:?}");
        assert_eq!(m.date.as_deref(), Some("2026-11-22"), "{fmt:?}");
        // Written in place of the commented examples, which are gone.
        assert!(!text.contains("# scope"), "{text}");
        assert!(!text.contains("# date"), "{text}");
        // A raw control character never stands in the file.
        assert!(!text.contains('\u{7f}'), "{fmt:?}");
    }
    // An answer saved into the JSON file keeps such characters escaped too.
    let json = template::render_json(catalog(), &header);
    let a = Answer {
        note: Some(hostile.into()),
        ..ans(AnswerValue::No)
    };
    let e = set(&json, Format::Json, "4.1-1", &a);
    assert_eq!(e.answers.answers["4.1-1"].note.as_deref(), Some(hostile));
    assert_eq!(e.answers.meta.organization, hostile);
    // Without them the commented examples stay, and the file still parses.
    let t = template::render(
        catalog(),
        TemplateFormat::Toml,
        &template::Header::new("Acme"),
        false,
    );
    assert!(
        t.contains("\n# scope = \"What the AI management system covers\"\n"),
        "{t}"
    );
    let m = parsed(&t, Format::Toml).meta;
    assert_eq!((m.scope, m.assessor, m.date), (None, None, None));
}
