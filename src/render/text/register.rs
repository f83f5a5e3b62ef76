//! The registers in the text report: the risk register (highest level first, each risk with
//! the scores of its treating requirements) and the waivers with their status. The report it
//! receives is already cleaned for the terminal; nothing is computed here.

use crate::documents::{Report, fmt_score};

/// The risk register and the waivers, as lines; empty when the answers have neither.
pub fn registers(r: &Report) -> String {
    let mut s = String::new();
    if !r.risks.is_empty() {
        s.push_str(
            "Risk register (highest level first; treating requirements with their scores):\n",
        );
        for k in &r.risks {
            let mut head = format!("  {} [{}, {}] {}", k.id, k.level, k.status, k.title);
            if let Some(o) = &k.owner {
                head.push_str(&format!(" (owner: {o})"));
            }
            s.push_str(&head);
            s.push('\n');
            if let (Some(by), Some(on)) = (&k.accepted_by, &k.accepted_on) {
                s.push_str(&format!("      residual risk accepted by {by} on {on}\n"));
            }
            if k.treatment.is_empty() {
                s.push_str("      treated by: no requirement named\n");
            }
            for t in &k.treatment {
                s.push_str(&format!(
                    "      treated by {} {}: {} ({})\n",
                    t.requirement,
                    t.title,
                    fmt_score(t.score),
                    t.status
                ));
            }
        }
        s.push('\n');
    }
    if !r.waivers.is_empty() {
        s.push_str(&format!(
            "Waivers (status as of {}; they change no score, only `check`'s baseline gate honours them):\n",
            r.date.as_deref().unwrap_or("no date: the answers file has none")
        ));
        for w in &r.waivers {
            s.push_str(&format!(
                "  {} {} until {}, approved by {}: {}\n",
                w.question, w.status, w.expires, w.approved_by, w.reason
            ));
        }
        s.push('\n');
    }
    s
}
