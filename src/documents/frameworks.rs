//! The framework views: the same answers seen as NIST AI RMF functions, categories and
//! subcategories, OWASP LLM 2025 and Agentic 2026 risks, and EU AI Act articles (SPEC,
//! "Framework views"). Each view scores a set of questions by the usual formula; every link is
//! the catalog's, with its source. Data only: renderers lay it out.

use crate::answers::{Answers, EuAiAct};
use crate::catalog::{Catalog, EuArticle, Link, Source, reference};
use crate::scoring::{Assessment, Score, Thresholds, aggregate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What every framework view says about where its links come from.
pub const LINKS_NOTE: &str = "OWASP and EU AI Act links are aimscore's editorial judgement: no authoritative mapping to ISO/IEC 42001 exists. NIST AI RMF links come from the NIST AI Resource Center crosswalk (nist-airc) unless editorial links are added (--lens-links all).";

/// What the EU AI Act view must always say.
pub const EU_NOTE: &str = "No authoritative mapping between the EU AI Act and ISO/IEC 42001 exists; these links are aimscore's editorial judgement. ISO/IEC 42001 certification is not EU AI Act conformity, and this is not legal advice.";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Frameworks {
    pub nist_ai_rmf: NistView,
    pub owasp_llm_2025: Vec<RiskView>,
    pub owasp_agentic_2026: Vec<RiskView>,
    /// Present only when the answers file has an `eu_ai_act` block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_ai_act: Option<EuView>,
    pub note: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NistView {
    /// `nist-airc` (the crosswalk only) or `all` (editorial links added).
    pub links: String,
    pub functions: Vec<NistFunction>,
    pub categories: Vec<NistCategory>,
    pub subcategories: Vec<NistSubcategory>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NistFunction {
    pub id: String,
    pub title: String,
    pub score: Option<f64>,
    pub band: Option<String>,
    /// Subcategories of the function with at least one applicable linked question.
    pub covered: usize,
    /// Subcategories in the function.
    pub subcategories: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NistCategory {
    pub id: String,
    pub title: String,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NistSubcategory {
    pub id: String,
    pub title: String,
    /// Null when no linked question applies ("not covered").
    pub score: Option<f64>,
    pub requirements: Vec<String>,
}

/// One OWASP risk: the score of its linked questions and its weakest requirements.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RiskView {
    pub id: String,
    pub title: String,
    pub score: Option<f64>,
    pub band: Option<String>,
    /// Up to three linked requirements with a score, lowest first.
    pub weakest: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EuView {
    pub roles: Vec<String>,
    pub high_risk: bool,
    pub transparency: bool,
    pub gpai_systemic_risk: bool,
    /// The applicable articles an AIMS supports, in article order.
    pub articles: Vec<EuArticleView>,
    /// Applicable articles an AIMS does not cover: act on these separately.
    pub not_covered: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EuArticleView {
    pub id: String,
    pub title: String,
    pub applies_from: String,
    /// The links' relationship when they agree (`equal`, `subset`, `superset`, `intersect`),
    /// `intersect` when they differ; null without a relationship.
    pub relationship: Option<String>,
    pub score: Option<f64>,
    /// `supported` (≥ 80), `partly` (50–79.9), `weak` (< 50), or `no score`.
    pub status: String,
    pub requirements: Vec<String>,
}

/// The question sets: question indexes (into the assessment) of requirements, profile
/// questions included, scored once each.
struct Sets<'a> {
    catalog: &'a Catalog,
    a: &'a Assessment,
}

impl Sets<'_> {
    fn score(&self, questions: &BTreeSet<usize>) -> Option<Score> {
        aggregate(questions.iter().map(|&i| {
            let qr = &self.a.questions[i];
            (
                self.catalog.requirements[qr.req].questions[qr.q].weight,
                qr.s10,
            )
        }))
    }

    /// The questions of the requirements `pick` selects, plus the questions `extra` selects.
    fn of(
        &self,
        pick: &dyn Fn(&crate::catalog::Requirement) -> bool,
        extra: &dyn Fn(&crate::catalog::Question) -> bool,
    ) -> BTreeSet<usize> {
        self.a
            .questions
            .iter()
            .enumerate()
            .filter(|(_, qr)| {
                let r = &self.catalog.requirements[qr.req];
                pick(r) || extra(&r.questions[qr.q])
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Up to three linked requirements with a score, lowest first (ties in catalog order).
    fn weakest(&self, pick: &dyn Fn(&crate::catalog::Requirement) -> bool) -> Vec<String> {
        let mut scored: Vec<(Score, usize)> = self
            .a
            .requirements
            .iter()
            .filter(|rr| pick(&self.catalog.requirements[rr.req]))
            .filter_map(|rr| rr.score.map(|s| (s, rr.req)))
            .collect();
        scored.sort();
        scored
            .iter()
            .take(3)
            .map(|(_, i)| self.catalog.requirements[*i].id.clone())
            .collect()
    }
}

fn value(s: Option<Score>) -> Option<f64> {
    s.map(Score::value)
}

fn band(s: Option<Score>, t: &Thresholds) -> Option<String> {
    s.map(|s| s.band_in(t).as_str().to_string())
}

/// Builds every framework view. `all_links` adds editorial NIST links to the crosswalk's.
pub fn build(catalog: &Catalog, answers: &Answers, a: &Assessment, all_links: bool) -> Frameworks {
    let sets = Sets { catalog, a };
    let t = a.options.policy.thresholds;
    Frameworks {
        nist_ai_rmf: nist(&sets, all_links, &t),
        owasp_llm_2025: risks(&sets, &catalog.owasp, &t, &|m| &m.owasp),
        owasp_agentic_2026: risks(&sets, &catalog.owasp_agentic, &t, &|m| &m.owasp_agentic),
        eu_ai_act: answers
            .meta
            .eu_ai_act
            .as_ref()
            .map(|eu| eu_view(&sets, &catalog.eu_ai_act, eu)),
        note: LINKS_NOTE.to_string(),
    }
}

fn nist(sets: &Sets, all_links: bool, t: &Thresholds) -> NistView {
    let c = sets.catalog;
    let counts =
        |l: &Link| l.source == Source::NistAirc || (all_links && l.source == Source::Editorial);
    let linked = |id: &str, r: &crate::catalog::Requirement| {
        r.maps.nist.iter().any(|l| l.id == id && counts(l))
    };
    let none = |_: &crate::catalog::Question| false;
    let sub_sets: Vec<(&str, BTreeSet<usize>)> = c
        .nist
        .iter()
        .map(|n| (n.id.as_str(), sets.of(&|r| linked(&n.id, r), &none)))
        .collect();
    let subcategories = c
        .nist
        .iter()
        .zip(&sub_sets)
        .map(|(n, (_, qs))| NistSubcategory {
            id: n.id.clone(),
            title: n.title.clone(),
            score: value(sets.score(qs)),
            requirements: c
                .requirements
                .iter()
                .filter(|r| linked(&n.id, r))
                .map(|r| r.id.clone())
                .collect(),
        })
        .collect();
    let union = |prefix: &str| -> BTreeSet<usize> {
        sub_sets
            .iter()
            .filter(|(id, _)| id.starts_with(prefix))
            .flat_map(|(_, qs)| qs.iter().copied())
            .collect()
    };
    let categories = reference::NIST_CATEGORIES
        .iter()
        .map(|(id, title)| NistCategory {
            id: id.to_string(),
            title: title.to_string(),
            score: value(sets.score(&union(&format!("{id}.")))),
        })
        .collect();
    let functions = reference::NIST_FUNCTIONS
        .iter()
        .map(|(id, title)| {
            let prefix = format!("{id} ");
            let s = sets.score(&union(&prefix));
            let mine: Vec<&(&str, BTreeSet<usize>)> = sub_sets
                .iter()
                .filter(|(i, _)| i.starts_with(&prefix))
                .collect();
            NistFunction {
                id: id.to_string(),
                title: title.to_string(),
                score: value(s),
                band: band(s, t),
                covered: mine
                    .iter()
                    .filter(|(_, qs)| sets.score(qs).is_some())
                    .count(),
                subcategories: mine.len(),
            }
        })
        .collect();
    NistView {
        links: if all_links { "all" } else { "nist-airc" }.to_string(),
        functions,
        categories,
        subcategories,
    }
}

fn risks(
    sets: &Sets,
    list: &[crate::catalog::Reference],
    t: &Thresholds,
    links: &dyn Fn(&crate::catalog::Maps) -> &Vec<Link>,
) -> Vec<RiskView> {
    list.iter()
        .map(|risk| {
            let on = |m: &crate::catalog::Maps| links(m).iter().any(|l| l.id == risk.id);
            let qs = sets.of(&|r| on(&r.maps), &|q| on(&q.maps));
            let s = sets.score(&qs);
            RiskView {
                id: risk.id.clone(),
                title: risk.title.clone(),
                score: value(s),
                band: band(s, t),
                weakest: sets.weakest(&|r| on(&r.maps)),
            }
        })
        .collect()
}

/// Whether an article applies to an organization in the given position.
pub fn applies(article: &EuArticle, eu: &EuAiAct) -> bool {
    let role = article
        .roles
        .iter()
        .any(|r| r == "all" || eu.roles.contains(r));
    let gpai = eu.roles.iter().any(|r| r == "gpai_provider");
    let condition = match article.condition.as_str() {
        "always" => true,
        "high_risk" => eu.high_risk,
        "transparency" => eu.transparency,
        "gpai" => gpai,
        "gpai_systemic_risk" => gpai && eu.gpai_systemic_risk,
        _ => false,
    };
    role && condition
}

fn eu_view(sets: &Sets, articles: &[EuArticle], eu: &EuAiAct) -> EuView {
    let mut out = Vec::new();
    let mut not_covered = Vec::new();
    for art in articles.iter().filter(|x| applies(x, eu)) {
        if !art.aims_covers {
            not_covered.push(art.id.clone());
            continue;
        }
        let ids: Vec<&str> = art.links.iter().map(|l| l.requirement.as_str()).collect();
        let qs = sets.of(&|r| ids.contains(&r.id.as_str()), &|_| false);
        let s = sets.score(&qs);
        let rels: BTreeSet<&str> = art
            .links
            .iter()
            .filter_map(|l| l.relationship.as_deref())
            .collect();
        let relationship = match rels.len() {
            0 => None,
            1 => rels.iter().next().map(|r| r.to_string()),
            _ => Some("intersect".to_string()),
        };
        let status = match s {
            None => "no score",
            Some(x) if x.0 >= 800 => "supported",
            Some(x) if x.0 >= 500 => "partly",
            Some(_) => "weak",
        };
        out.push(EuArticleView {
            id: art.id.clone(),
            title: art.title.clone(),
            applies_from: art.applies_from.clone(),
            relationship,
            score: value(s),
            status: status.to_string(),
            requirements: ids.iter().map(|s| s.to_string()).collect(),
        });
    }
    EuView {
        roles: eu.roles.clone(),
        high_risk: eu.high_risk,
        transparency: eu.transparency,
        gpai_systemic_risk: eu.gpai_systemic_risk,
        articles: out,
        not_covered,
        note: EU_NOTE.to_string(),
    }
}
