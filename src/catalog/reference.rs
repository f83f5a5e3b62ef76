//! The fixed facts of ISO/IEC 42001:2023 that any catalog must keep: the ids and short titles
//! of the 7 clauses, the 32 leaf sub-clauses, the 9 Annex A objectives and the 38 Annex A
//! controls. Checked against `shared/reference/iso42001_ids.tsv` (public sources named there).
//! Identifiers and short titles are facts; no normative text of the standard is held here.

/// Sections (clauses 4–10 and Annex A objectives A.2–A.10): (id, title).
pub const SECTIONS: &[(&str, &str)] = &[
    ("4", "Context of the organization"),
    ("5", "Leadership"),
    ("6", "Planning"),
    ("7", "Support"),
    ("8", "Operation"),
    ("9", "Performance evaluation"),
    ("10", "Improvement"),
    ("A.2", "Policies related to AI"),
    ("A.3", "Internal organization"),
    ("A.4", "Resources for AI systems"),
    ("A.5", "Assessing impacts of AI systems"),
    ("A.6", "AI system life cycle"),
    ("A.7", "Data for AI systems"),
    ("A.8", "Information for interested parties of AI systems"),
    ("A.9", "Use of AI systems"),
    ("A.10", "Third-party and customer relationships"),
];

/// Requirements (leaf sub-clauses and Annex A controls) in catalog order: (id, title, section).
pub const REQUIREMENTS: &[(&str, &str, &str)] = &[
    ("4.1", "Understanding the organization and its context", "4"),
    (
        "4.2",
        "Understanding the needs and expectations of interested parties",
        "4",
    ),
    (
        "4.3",
        "Determining the scope of the AI management system",
        "4",
    ),
    ("4.4", "AI management system", "4"),
    ("5.1", "Leadership and commitment", "5"),
    ("5.2", "AI policy", "5"),
    ("5.3", "Roles, responsibilities and authorities", "5"),
    ("6.1.1", "General", "6"),
    ("6.1.2", "AI risk assessment", "6"),
    ("6.1.3", "AI risk treatment", "6"),
    ("6.1.4", "AI system impact assessment", "6"),
    ("6.2", "AI objectives and planning to achieve them", "6"),
    ("6.3", "Planning of changes", "6"),
    ("7.1", "Resources", "7"),
    ("7.2", "Competence", "7"),
    ("7.3", "Awareness", "7"),
    ("7.4", "Communication", "7"),
    ("7.5.1", "General", "7"),
    ("7.5.2", "Creating and updating documented information", "7"),
    ("7.5.3", "Control of documented information", "7"),
    ("8.1", "Operational planning and control", "8"),
    ("8.2", "AI risk assessment", "8"),
    ("8.3", "AI risk treatment", "8"),
    ("8.4", "AI system impact assessment", "8"),
    (
        "9.1",
        "Monitoring, measurement, analysis and evaluation",
        "9",
    ),
    ("9.2.1", "General", "9"),
    ("9.2.2", "Internal audit programme", "9"),
    ("9.3.1", "General", "9"),
    ("9.3.2", "Management review inputs", "9"),
    ("9.3.3", "Management review results", "9"),
    ("10.1", "Continual improvement", "10"),
    ("10.2", "Nonconformity and corrective action", "10"),
    ("A.2.2", "AI policy", "A.2"),
    (
        "A.2.3",
        "Alignment with other organizational policies",
        "A.2",
    ),
    ("A.2.4", "Review of the AI policy", "A.2"),
    ("A.3.2", "AI roles and responsibilities", "A.3"),
    ("A.3.3", "Reporting of concerns", "A.3"),
    ("A.4.2", "Resource documentation", "A.4"),
    ("A.4.3", "Data resources", "A.4"),
    ("A.4.4", "Tooling resources", "A.4"),
    ("A.4.5", "System and computing resources", "A.4"),
    ("A.4.6", "Human resources", "A.4"),
    ("A.5.2", "AI system impact assessment process", "A.5"),
    (
        "A.5.3",
        "Documentation of AI system impact assessments",
        "A.5",
    ),
    (
        "A.5.4",
        "Assessing AI system impact on individuals or groups of individuals",
        "A.5",
    ),
    ("A.5.5", "Assessing societal impacts of AI systems", "A.5"),
    (
        "A.6.1.2",
        "Objectives for responsible development of AI system",
        "A.6",
    ),
    (
        "A.6.1.3",
        "Processes for responsible AI system design and development",
        "A.6",
    ),
    ("A.6.2.2", "AI system requirements and specification", "A.6"),
    (
        "A.6.2.3",
        "Documentation of AI system design and development",
        "A.6",
    ),
    ("A.6.2.4", "AI system verification and validation", "A.6"),
    ("A.6.2.5", "AI system deployment", "A.6"),
    ("A.6.2.6", "AI system operation and monitoring", "A.6"),
    ("A.6.2.7", "AI system technical documentation", "A.6"),
    ("A.6.2.8", "AI system recording of event logs", "A.6"),
    (
        "A.7.2",
        "Data for development and enhancement of AI system",
        "A.7",
    ),
    ("A.7.3", "Acquisition of data", "A.7"),
    ("A.7.4", "Quality of data for AI systems", "A.7"),
    ("A.7.5", "Data provenance", "A.7"),
    ("A.7.6", "Data preparation", "A.7"),
    (
        "A.8.2",
        "System documentation and information for users",
        "A.8",
    ),
    ("A.8.3", "External reporting", "A.8"),
    ("A.8.4", "Communication of incidents", "A.8"),
    ("A.8.5", "Information for interested parties", "A.8"),
    (
        "A.9.2",
        "Processes for responsible use of AI systems",
        "A.9",
    ),
    (
        "A.9.3",
        "Objectives for responsible use of AI system",
        "A.9",
    ),
    ("A.9.4", "Intended use of the AI system", "A.9"),
    ("A.10.2", "Allocating responsibilities", "A.10"),
    ("A.10.3", "Suppliers", "A.10"),
    ("A.10.4", "Customers", "A.10"),
];

/// The four NIST AI RMF 1.0 functions in the framework's order, with short titles in our words.
pub const NIST_FUNCTIONS: &[(&str, &str)] = &[
    (
        "GOVERN",
        "Policies, accountability and a risk-aware culture",
    ),
    ("MAP", "Context established and risks identified"),
    ("MEASURE", "Risks analysed, assessed and tracked"),
    ("MANAGE", "Risks prioritized and acted on"),
];

/// The 19 NIST AI RMF 1.0 categories, with short titles in our words.
pub const NIST_CATEGORIES: &[(&str, &str)] = &[
    (
        "GOVERN 1",
        "AI risk policies, processes and practices in place",
    ),
    ("GOVERN 2", "Accountability structures and training"),
    (
        "GOVERN 3",
        "Workforce diversity, equity, inclusion, accessibility",
    ),
    (
        "GOVERN 4",
        "Culture that considers and communicates AI risk",
    ),
    ("GOVERN 5", "Engagement with relevant AI actors"),
    ("GOVERN 6", "Third-party software, data and supply chain"),
    ("MAP 1", "Context established and understood"),
    ("MAP 2", "AI system categorization"),
    (
        "MAP 3",
        "Capabilities, usage, benefits and costs understood",
    ),
    (
        "MAP 4",
        "Risks and benefits mapped for all components incl. third-party",
    ),
    (
        "MAP 5",
        "Impacts to individuals, groups, organizations, society characterized",
    ),
    ("MEASURE 1", "Methods and metrics identified and applied"),
    ("MEASURE 2", "Evaluation for trustworthy characteristics"),
    ("MEASURE 3", "Mechanisms to track AI risks over time"),
    ("MEASURE 4", "Feedback on measurement efficacy"),
    ("MANAGE 1", "Risks prioritized, responded to and managed"),
    (
        "MANAGE 2",
        "Strategies to maximize benefits and minimize harms",
    ),
    ("MANAGE 3", "Third-party AI risks and benefits managed"),
    (
        "MANAGE 4",
        "Risk treatment, response, recovery and communication monitored",
    ),
];

/// The OWASP Top 10 for Agentic Applications 2026 ids.
pub const OWASP_AGENTIC: [&str; 10] = [
    "ASI01", "ASI02", "ASI03", "ASI04", "ASI05", "ASI06", "ASI07", "ASI08", "ASI09", "ASI10",
];

/// The roles of the EU AI Act an answers file may name.
pub const EU_ROLES: [&str; 6] = [
    "provider",
    "deployer",
    "importer",
    "distributor",
    "authorised_representative",
    "gpai_provider",
];

/// The sub-clause groups of clauses 6, 7 and 9 (their leaves carry the requirements).
pub const GROUPS: &[(&str, &str)] = &[
    ("6.1", "Actions to address risks and opportunities"),
    ("7.5", "Documented information"),
    ("9.2", "Internal audit"),
    ("9.3", "Management review"),
];

/// The group a leaf requirement belongs to (`9.2.1` → `9.2`), if any.
pub fn group_of(id: &str) -> Option<(&'static str, &'static str)> {
    GROUPS
        .iter()
        .find(|(g, _)| id.strip_prefix(g).is_some_and(|rest| rest.starts_with('.')))
        .copied()
}
