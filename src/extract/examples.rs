//! Every rule's own examples, run through the whole extractor
//! (`newsgraph rules test`, and `cargo test` for the built-in rules).

use super::{ExtractOptions, Extractor};
use crate::graph::{DocExtraction, DocumentMeta, Node, Relation};
use crate::input::Document;
use crate::lexicon::{Lexicon, Rule};
use std::fmt;

/// An example that did not give what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFailure {
    /// The rule's id.
    pub rule: String,
    /// Where the rule is written (`FILE:LINE`).
    pub origin: String,
    /// The example sentence.
    pub text: String,
    /// What went wrong.
    pub problem: String,
    /// The relations the rule gave on it, as `SOURCE RELATION TARGET`.
    pub got: Vec<String>,
}

impl fmt::Display for RuleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({}): {}", self.rule, self.origin, self.problem)?;
        writeln!(f, "  sentence: {}", self.text)?;
        if self.got.is_empty() {
            write!(f, "  it gave: nothing")
        } else {
            write!(f, "  it gave: {}", self.got.join("; "))
        }
    }
}

/// The outcome of testing rules.
#[derive(Clone, Debug, Default)]
pub struct RuleReport {
    /// Rules tested.
    pub rules: usize,
    /// Example and counter-example sentences run.
    pub examples: usize,
    pub failures: Vec<RuleFailure>,
}

/// Does `side` (an id or a name) name the node?
fn names(node: Option<&Node>, id: &str, side: &str) -> bool {
    let side = crate::text::normalize_str(side.trim());
    if id == side {
        return true;
    }
    node.is_some_and(|n| {
        n.labels
            .values()
            .chain(n.aliases.iter())
            .any(|l| crate::text::normalize_str(l) == side)
    })
}

fn label<'a>(x: &'a DocExtraction, id: &'a str) -> &'a str {
    x.label_of(id).unwrap_or(id)
}

/// A relation as `SOURCE RELATION TARGET`, with the actors' labels.
fn triple(x: &DocExtraction, r: &crate::graph::RelationRecord) -> String {
    format!(
        "{} {} {}",
        label(x, &r.source),
        r.relation,
        label(x, &r.target)
    )
}

/// Test one rule's examples with `extractor`.
fn test_rule(extractor: &Extractor, rule: &Rule, report: &mut RuleReport) {
    let cases = rule
        .examples
        .iter()
        .map(|e| (e, false))
        .chain(rule.counters.iter().map(|e| (e, true)));
    for (n, (ex, counter)) in cases.enumerate() {
        report.examples += 1;
        let doc = Document {
            meta: DocumentMeta {
                id: format!("{}#{n}", rule.id),
                ..DocumentMeta::default()
            },
            text: ex.text.clone(),
        };
        let x = extractor.extract(&doc);
        let by_rule: Vec<_> = x
            .relations
            .iter()
            .filter(|r| r.evidence.rule.as_deref() == Some(rule.id.as_str()))
            .collect();
        let got: Vec<String> = by_rule.iter().map(|r| triple(&x, r)).collect();
        let fail = |problem: String| RuleFailure {
            rule: rule.id.clone(),
            origin: rule.origin.clone(),
            text: ex.text.clone(),
            problem,
            got: got.clone(),
        };
        if counter {
            if !by_rule.is_empty() {
                report
                    .failures
                    .push(fail("a counter-example, but the rule fired".into()));
            }
            continue;
        }
        if ex.gives.is_empty() {
            report.failures.push(fail(
                "an example without `gives`: say what it must give".into(),
            ));
        }
        for want in &ex.gives {
            // a rule of the trigger's relation names the relation it gives
            let rels: Vec<Relation> = if rule.of_trigger.is_empty() {
                vec![rule.relation]
            } else {
                rule.of_trigger.clone()
            };
            let split = rels.iter().find_map(|r| {
                want.split_once(&format!(" {} ", r.as_str()))
                    .map(|(s, t)| (*r, s, t))
            });
            let Some((rel, s, t)) = split else {
                let names: Vec<&str> = rels.iter().map(|r| r.as_str()).collect();
                report.failures.push(fail(format!(
                    "`gives = {want:?}` is not \"SOURCE {} TARGET\"",
                    names.join("|")
                )));
                continue;
            };
            let node = |id: &str| x.node(id);
            let found = by_rule.iter().filter(|r| r.relation == rel).any(|r| {
                let fwd =
                    names(node(&r.source), &r.source, s) && names(node(&r.target), &r.target, t);
                let back = rel.is_symmetric()
                    && names(node(&r.source), &r.source, t)
                    && names(node(&r.target), &r.target, s);
                fwd || back
            });
            if !found {
                report.failures.push(fail(format!("it must give {want}")));
            }
        }
    }
}

impl Lexicon {
    /// Run the examples of every rule (or of the rules whose id is in `only`,
    /// when it is not empty) through the whole extractor with this lexicon.
    pub fn test_rules(&self, only: &[String]) -> RuleReport {
        let extractor = Extractor::new(self, ExtractOptions::default());
        let mut report = RuleReport::default();
        for rule in &self.rules {
            if !only.is_empty() && !only.contains(&rule.id) {
                continue;
            }
            report.rules += 1;
            test_rule(&extractor, rule, &mut report);
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_passes_its_examples() {
        let lex = Lexicon::builtin().unwrap();
        let report = lex.test_rules(&[]);
        assert!(report.rules >= 10, "{} rules", report.rules);
        let failures: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn new_elements_and_options_match() {
        // (relations the built-in rules do not give at these words: a rule
        // that finds what another found first is not its provenance)
        let mut lex = Lexicon::builtin().unwrap();
        let extra = r#"
[[rule]]
id = "test.start_break"
relation = "opposes"
pattern = 'start source=actor:country break ~actor{0,3} target=actor:country'
[[rule.example]]
text = "مصر: نرفض تدخل إيران"
gives = ["مصر opposes إيران"]
[[rule.counter]]
text = "وأكد الوزير أن مصر ترفض تدخل إيران"

[[rule]]
id = "test.no_break"
relation = "opposes"
pattern = 'start source=actor:country ~actor{0,3} target=actor:country'
[[rule.example]]
text = "مصر ترفض تدخل إيران"
gives = ["مصر opposes إيران"]
[[rule.counter]]
text = "مصر: نرفض تدخل إيران"

[[rule]]
id = "test.and_led_by"
relation = "member_of"
pattern = 'target=actor:coalition ~actor{0,6} trigger:leader_of.led_by[و] source=actor:country'
[[rule.example]]
text = "ويواصل التحالف الدولي غاراته منذ عام وتقوده الولايات المتحدة."
gives = ["الولايات المتحدة member_of التحالف الدولي"]
[[rule.counter]]
text = "ويواصل التحالف الدولي غاراته منذ عام الذي تقوده الولايات المتحدة."

[[rule]]
id = "test.typed_lists"
relation = "member_of"
pattern = 'target=actor:coalition trigger:leader_of.led_by ( source=actors:person | source=actors:country )'
[[rule.example]]
text = "وقصف التحالف العربي بقيادة السعودية والإمارات مواقع في صنعاء."
gives = ["السعودية member_of التحالف العربي", "الإمارات member_of التحالف العربي"]
[[rule.counter]]
text = "وقصف التحالف العربي مواقع في صنعاء."

[[rule]]
id = "test.subject"
relation = "member_of"
pattern = 'source=subject ~( subject | trigger ){0,4} "ترسل" ~actor{0,2} target=actor'
[[rule.example]]
text = "مصر في الأردن ترسل قوات إلى العراق."
gives = ["مصر member_of العراق"]
[[rule.counter]]
text = "في مصر ترسل قوات إلى العراق."
[[rule.counter]]
text = "مصر تدين بشدة ترسل قوات إلى العراق."

[[rule]]
id = "test.any_trigger"
relation = "member_of"
pattern = 'source=actor trigger target=actor'
[[rule.example]]
text = "مصر تدين الأردن"
gives = ["مصر member_of الأردن"]
[[rule.counter]]
text = "مصر ترسل الأردن"

[[rule]]
id = "test.verb_form"
relation = "member_of"
pattern = '( start | break ) trigger:met_with.with[-] source=actor "مع" target=actor'
[[rule.example]]
text = "وتشاورت مصر مع الأردن"
gives = ["مصر member_of الأردن"]
[[rule.counter]]
text = "بتشاور مصر مع الأردن"

[[rule]]
id = "test.object_nationals"
relation = "member_of"
pattern = 'source=actor "نفذت" ~actor{0,2} ( target=object | target=nationals )'
[[rule.example]]
text = "مصر نفذت عملية في ليبيا"
gives = ["مصر member_of ليبيا"]
[[rule.example]]
text = "مصر نفذت عملية ضد مدنيين ليبيين"
gives = ["مصر member_of ليبيا"]
[[rule.counter]]
text = "مصر نفذت عملية ليبيا"
"#;
        lex.add_str(extra, "extra.toml").unwrap();
        lex.finish().unwrap();
        let ids: Vec<String> = [
            "test.start_break",
            "test.no_break",
            "test.and_led_by",
            "test.typed_lists",
            "test.subject",
            "test.any_trigger",
            "test.verb_form",
            "test.object_nationals",
        ]
        .map(String::from)
        .to_vec();
        let report = lex.test_rules(&ids);
        assert_eq!(report.rules, 8);
        let failures: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    /// The relations `rule` gives on `text`, as `SOURCE RELATION TARGET`
    /// with the actors' labels, sorted.
    fn given(lex: &Lexicon, rule: &str, text: &str) -> Vec<String> {
        let extractor = Extractor::new(lex, ExtractOptions::default());
        let doc = Document {
            meta: DocumentMeta::default(),
            text: text.to_string(),
        };
        let x = extractor.extract(&doc);
        let mut out: Vec<String> = x
            .relations
            .iter()
            .filter(|r| r.evidence.rule.as_deref() == Some(rule))
            .map(|r| triple(&x, r))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn groups_participants_and_the_triggers_relation() {
        // relations the built-in rules do not give at these words (member_of
        // for a verb of support, or a direction they do not read)
        let mut lex = Lexicon::builtin().unwrap();
        let extra = r#"
[[rule]]
id = "test.group_first"
relation = "member_of"
group = "test_g"
pattern = 'source=actor:country trigger=trigger:supports.verb[-] "بقوه" target=actor:country'
[[rule.example]]
text = "مصر تدعم بقوة الأردن"
gives = ["مصر member_of الأردن"]
[[rule.counter]]
text = "مصر تدعم الأردن"

[[rule]]
id = "test.group_second"
relation = "member_of"
group = "test_g"
pattern = 'source=actor:country trigger=trigger:supports.verb[-] _? target=actor:country'
[[rule.example]]
text = "مصر تدعم جدا الأردن"
gives = ["مصر member_of الأردن"]
[[rule.counter]]
text = "مصر تدعم بقوة الأردن"

[[rule]]
id = "test.claims_without_target"
relation = "member_of"
group = "test_c"
pattern = 'source=actor:country trigger=trigger:opposes.verb[-] ( "جدا" target=actor:country )?'
[[rule.example]]
text = "مصر ترفض جدا الأردن"
gives = ["مصر member_of الأردن"]
[[rule.counter]]
text = "مصر ترفض الأردن"

[[rule]]
id = "test.after_a_claim"
relation = "member_of"
group = "test_c"
pattern = 'source=actor:country _? trigger=trigger:opposes.verb[-] target=actor:country'
[[rule.example]]
text = "مصر اليوم ترفض الأردن"
gives = ["مصر member_of الأردن"]
[[rule.counter]]
text = "مصر ترفض الأردن"

[[rule]]
id = "test.of_trigger"
relation = "trigger"
pattern = 'target=actor:country trigger=trigger:supports.verb|opposes.verb[-] source=actor:country'
[[rule.example]]
text = "مصر تدعم الأردن"
gives = ["الأردن supports مصر"]
[[rule.example]]
text = "مصر ترفض الأردن"
gives = ["الأردن opposes مصر"]
[[rule.counter]]
text = "مصر تلتقي الأردن"

[[rule]]
id = "test.participants"
relation = "member_of"
pattern = 'source=actor:country "استضافت" target=participants'
[[rule.example]]
text = "مصر استضافت في القاهرة الأردن والعراق حول ليبيا"
gives = ["مصر member_of الأردن", "مصر member_of العراق"]
[[rule.counter]]
text = "مصر استضافت حول ليبيا اجتماعا"

[[rule]]
id = "test.pairs_with_target"
relation = "met_with"
pairs = true
pattern = 'source=actor:country "استضافت" target=actors'
[[rule.example]]
text = "مصر استضافت الأردن والعراق"
gives = ["مصر met_with الأردن", "مصر met_with العراق", "الأردن met_with العراق"]
[[rule.counter]]
text = "مصر استضافت وفدا"

[[rule]]
id = "test.pronoun"
relation = "member_of"
pattern = 'target=actor $relative trigger:supports pronoun source=actor'
[[rule.example]]
text = "إيران التي تدعمها روسيا"
gives = ["روسيا member_of إيران"]
[[rule.counter]]
text = "إيران التي تدعم روسيا"

[[rule]]
id = "test.victims"
relation = "member_of"
pattern = 'source=actor trigger:attacked target=victims[^ب]'
[[rule.example]]
text = "مصر ضربت مدنيين فلسطينيين والأردن"
gives = ["مصر member_of فلسطين", "مصر member_of الأردن"]
[[rule.counter]]
text = "مصر ضربت بمدنيين فلسطينيين"

[[rule]]
id = "test.purpose"
relation = "member_of"
pattern = 'source=actor "تعمل" ~( actor | purpose ){0,3} target=actor'
[[rule.example]]
text = "مصر تعمل مع الأردن"
gives = ["مصر member_of الأردن"]
[[rule.counter]]
text = "مصر تعمل لتعزيز الأمن في الأردن"
[[rule.counter]]
text = "مصر تعمل إلى جانب الأردن"
"#;
        lex.add_str(extra, "extra.toml").unwrap();
        lex.finish().unwrap();
        let ids: Vec<String> = [
            "test.group_first",
            "test.group_second",
            "test.claims_without_target",
            "test.after_a_claim",
            "test.of_trigger",
            "test.participants",
            "test.pairs_with_target",
            "test.pronoun",
            "test.victims",
            "test.purpose",
        ]
        .map(String::from)
        .to_vec();
        let report = lex.test_rules(&ids);
        assert_eq!(report.rules, 10);
        let failures: Vec<String> = report.failures.iter().map(|f| f.to_string()).collect();
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
        // exactly these: the place (في القاهرة) and what it was about (حول
        // ليبيا) are no participants
        assert_eq!(
            given(
                &lex,
                "test.participants",
                "مصر استضافت في القاهرة الأردن والعراق حول ليبيا"
            ),
            ["مصر member_of الأردن", "مصر member_of العراق"]
        );
        // the relation of the trigger matched, and nothing else
        assert_eq!(
            given(&lex, "test.of_trigger", "مصر ترفض الأردن"),
            ["الأردن opposes مصر"]
        );
        // a claimed trigger is not read again by the group's later rules
        assert!(given(&lex, "test.after_a_claim", "مصر ترفض الأردن").is_empty());
        assert!(given(&lex, "test.group_second", "مصر تدعم بقوة الأردن").is_empty());
    }

    #[test]
    fn a_wrong_example_is_reported_with_what_it_gave() {
        let mut lex = Lexicon::builtin().unwrap();
        let extra = r#"
[[rule]]
id = "test.wrong"
relation = "supports"
pattern = 'source=actor:country "تدعم" target=actor:country'
[[rule.example]]
text = "وقالت إن مصر تدعم اليمن."
gives = ["اليمن supports مصر"]
[[rule.counter]]
text = "وقالت إن مصر تدعم السودان."
"#;
        lex.add_str(extra, "extra.toml").unwrap();
        lex.finish().unwrap();
        let report = lex.test_rules(&["test.wrong".to_string()]);
        assert_eq!(report.rules, 1);
        assert_eq!(report.examples, 2);
        assert_eq!(report.failures.len(), 2, "{:?}", report.failures);
        assert!(
            report.failures[0]
                .problem
                .contains("must give اليمن supports مصر")
        );
        assert_eq!(report.failures[0].got.len(), 1);
        assert!(report.failures[0].got[0].contains("supports"));
        assert!(report.failures[1].problem.contains("counter-example"));
        assert!(report.failures[1].to_string().contains("extra.toml:3"));
    }
}
