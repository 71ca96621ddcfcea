//! The closed word classes of `data/lexicon/words.tsv`: grammar words the extractor's rules
//! test for ("a modal", "a meeting noun"), named in code by an enum so that a typo in the code
//! does not compile and a class name the code does not know fails the load.

/// The closed word classes of `words.tsv`. A class name the code does not know is a load
/// error, so a typo in the file or the code fails loudly instead of matching nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordClass {
    ClauseVerb,
    DateWord,
    GroupReference,
    HonorificDrop,
    HonorificKeep,
    Locative,
    MeetingNoun,
    Motion,
    Nonname,
    NotName,
    OrgKeyword,
    Particle,
    PastVerb,
    PeopleNoun,
    PlaceAdjective,
    PlaceKeyword,
    PoliticalSide,
    RegionAdjective,
    Subordinator,
    TitleWord,
    Descriptor,
    HyphenDescriptor,
    TimeWord,
    Modal,
    SidePeople,
    OrgNoun,
    AppointVerb,
    SecondRank,
    Adjective,
    DocumentNoun,
    IssueVerb,
    DealNoun,
    TalksModifier,
}

impl WordClass {
    const ALL: [(&'static str, WordClass); 33] = [
        ("clause_verb", WordClass::ClauseVerb),
        ("date_word", WordClass::DateWord),
        ("group_reference", WordClass::GroupReference),
        ("honorific_drop", WordClass::HonorificDrop),
        ("honorific_keep", WordClass::HonorificKeep),
        ("locative", WordClass::Locative),
        ("meeting_noun", WordClass::MeetingNoun),
        ("motion", WordClass::Motion),
        ("nonname", WordClass::Nonname),
        ("not_name", WordClass::NotName),
        ("org_keyword", WordClass::OrgKeyword),
        ("particle", WordClass::Particle),
        ("past_verb", WordClass::PastVerb),
        ("people_noun", WordClass::PeopleNoun),
        ("place_adjective", WordClass::PlaceAdjective),
        ("place_keyword", WordClass::PlaceKeyword),
        ("political_side", WordClass::PoliticalSide),
        ("region_adjective", WordClass::RegionAdjective),
        ("subordinator", WordClass::Subordinator),
        ("title_word", WordClass::TitleWord),
        ("descriptor", WordClass::Descriptor),
        ("hyphen_descriptor", WordClass::HyphenDescriptor),
        ("time_word", WordClass::TimeWord),
        ("modal", WordClass::Modal),
        ("side_people", WordClass::SidePeople),
        ("org_noun", WordClass::OrgNoun),
        ("appoint_verb", WordClass::AppointVerb),
        ("second_rank", WordClass::SecondRank),
        ("adjective", WordClass::Adjective),
        ("document_noun", WordClass::DocumentNoun),
        ("issue_verb", WordClass::IssueVerb),
        ("deal_noun", WordClass::DealNoun),
        ("talks_modifier", WordClass::TalksModifier),
    ];

    pub(super) fn parse(name: &str) -> Option<WordClass> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
    }
}
