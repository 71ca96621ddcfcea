//! Event patterns (`data/patterns/patterns.tsv`) and gates (`gates.tsv`): the trigger words of
//! each relation, the frame that says where its two sides are, and the phrases that stop it.

use crate::graph::RelationKind;

/// Where the two sides of an event pattern are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    Svo,
    Mutual,
    Between,
    Passive,
    Concept,
    /// "Russia made the lifting of sanctions a condition": the demanded phrase is what the
    /// trigger's `...` gap held.
    ConceptGap,
    Slot,
    /// "a meeting attended by A, B and C": every pair of the actors after the trigger.
    Among,
    /// "will not sign until X", "only if X": the source's condition, read as a demand.
    Condition,
    /// "a demand by the IMF for a devaluation": the source in the trigger's `_` slot.
    ConceptBy,
    /// "Netanyahu said the group's disarmament was a condition for ...": the demanded phrase
    /// stands before the trigger, back to "that", "said" or a comma; the source is who said it.
    ConceptBefore,
    /// "X arrived at the head of an Iranian delegation": the source acts for its own side,
    /// the nationality in the trigger or else the side of the source's title.
    OwnSide,
    /// "Putin said any deal would require Ukraine to drop its bid": what an agreement needs,
    /// by the word of whoever said so (or of the side that would require it).
    Requirement,
    /// "X berated Y in a televised meeting", "In a meeting in Oslo, X told Y": a person the
    /// source addresses (an `address_verb`) at a meeting the trigger names was there.
    Setting,
}

/// One element of a trigger.
#[derive(Clone, Debug, PartialEq)]
pub enum TriggerPart {
    /// Any of these lower-case words.
    Word(Vec<String>),
    /// Up to six words that are neither actors nor clause punctuation.
    Gap,
    /// One name: the target of a `slot` frame.
    Slot,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub name: String,
    pub relation: RelationKind,
    pub frame: Frame,
    pub trigger: Vec<TriggerPart>,
    pub confidence: f32,
    /// The trigger is a noun ("Russia's demand that"): a determiner or possessive before it is
    /// expected, not a sign that the verb reading is wrong.
    pub noun: bool,
    /// Only a person is a target ("visited Putin" is a meeting, "visited Peru" is not).
    pub person_target: bool,
    /// The trigger counts only as the purpose of a trip that was made ("flew to Lima to meet
    /// Boric"), not elsewhere ("plans to meet", "will meet").
    pub after_trip: bool,
}

/// Where a gate phrase counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateScope {
    /// Between the source and the trigger ("rejected", "former").
    Before,
    /// From the source to just past the target ("did not meet", "will meet").
    Span,
    /// Anywhere from the source to the end of the sentence ("..., mediated by Oman").
    Sentence,
}

/// A gate: a phrase that stops a relation from being asserted.
#[derive(Clone, Debug, PartialEq)]
pub struct Gate {
    /// Lower-case words of the phrase.
    pub words: Vec<String>,
    /// Where in the sentence the phrase stops the relation.
    pub scope: GateScope,
    /// Relations it applies to; empty means all.
    pub relations: Vec<RelationKind>,
}

/// One line of `patterns.tsv`, split into its columns.
pub(super) fn parse_pattern(cols: &[&str]) -> Result<Pattern, String> {
    let (name, relation, frame, trigger, confidence, needs) = match cols {
        [n, r, f, t, c] => (n, r, f, t, c, ""),
        [n, r, f, t, c, needs] => (n, r, f, t, c, *needs),
        _ => return Err("expected name, relation, frame, trigger, confidence[, needs]".into()),
    };
    let (mut person_target, mut after_trip) = (false, false);
    for need in needs.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match need {
            "person-target" => person_target = true,
            "after-trip" => after_trip = true,
            other => return Err(format!("unknown requirement {other:?} (known: person-target, after-trip)")),
        }
    }
    let frame_name = *frame;
    let frame = match *frame {
        "svo" => Frame::Svo,
        "mutual" => Frame::Mutual,
        "between" => Frame::Between,
        "passive" => Frame::Passive,
        "concept" | "concept-noun" => Frame::Concept,
        "concept-gap" => Frame::ConceptGap,
        "slot" => Frame::Slot,
        "among" => Frame::Among,
        "condition" => Frame::Condition,
        "concept-by" => Frame::ConceptBy,
        "own-side" => Frame::OwnSide,
        "concept-before" => Frame::ConceptBefore,
        "requirement" => Frame::Requirement,
        "setting" => Frame::Setting,
        other => return Err(format!("unknown frame {other:?}")),
    };
    let trigger: Vec<TriggerPart> = trigger
        .split_whitespace()
        .map(|w| {
            if w == "..." {
                TriggerPart::Gap
            } else if w == "_" {
                TriggerPart::Slot
            } else {
                TriggerPart::Word(w.split('|').map(str::to_lowercase).collect())
            }
        })
        .collect();
    if !matches!(trigger.first(), Some(TriggerPart::Word(_))) {
        return Err("a trigger starts with a word".into());
    }
    if frame == Frame::ConceptGap
        && !(matches!(trigger.get(1), Some(TriggerPart::Gap))
            && trigger[2..].iter().all(|p| matches!(p, TriggerPart::Word(_))))
    {
        return Err("a concept-gap trigger is a word, `...`, then words only".into());
    }
    Ok(Pattern {
        name: name.to_string(),
        relation: relation.parse()?,
        noun: frame_name.ends_with("-noun"),
        person_target,
        after_trip,
        frame,
        trigger,
        confidence: confidence.parse().map_err(|_| format!("confidence {confidence:?} is not a number"))?,
    })
}
