//! Mentions: the spans of a sentence that name something, and the role nouns between them.
//!
//! Three kinds of span, tried in this order at each token: a gazetteer form (longest match:
//! countries, capitals, demonyms, organizations, known office holders), a role phrase
//! ("special envoy", "Prime Minister"), or a run of capitalised words typed by its words (an
//! organization keyword, a place keyword, an acronym, else a person's name). This step only
//! finds spans; deciding which entity each one is happens in `resolve`.

use super::lexicon::{GazEntry, Lexicon, RoleClass, WordClass};
use super::token::{Token, TokenKind};
use crate::graph::name::normalize;
use crate::graph::EntityKind;

#[derive(Clone, Debug, PartialEq)]
pub enum SpanKind {
    /// A form the lexicon knows.
    Known(Vec<GazEntry>),
    /// A role noun phrase, like "special envoy" or "President".
    Role(RoleClass),
    /// A capitalised name the lexicon does not know; the kind when its words tell.
    Name(Option<EntityKind>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// Token range `start..end`.
    pub start: usize,
    pub end: usize,
    pub kind: SpanKind,
    /// The surface form, honorifics dropped.
    pub text: String,
    /// The form with a kept honorific ("Sheikh Tamim ..."), an extra alias.
    pub honorific_form: Option<String>,
    /// Part of a dateline ("CAIRO —"): always a venue.
    pub dateline: bool,
    /// A title or honorific stands right before the name ("President Lula", "Gen. Brel"):
    /// a lone unknown word there is a person, not a sentence opener.
    pub titled: bool,
}

const CONNECTORS: &[&str] = &["of", "for", "the", "and", "on", "in"];

/// Finds the spans of one sentence, left to right, without overlaps.
pub fn detect(tokens: &[Token], lex: &Lexicon, first_of_article: bool) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut i = 0;
    if first_of_article {
        i = dateline(tokens, lex, &mut spans);
    }
    while i < tokens.len() {
        let t = &tokens[i];
        if !t.is_word() {
            i += 1;
            continue;
        }
        let gaz = known_at(tokens, i, lex);
        let role = role_at(tokens, i, lex);
        let run_end = capitalized_run(tokens, i, lex);
        // A known form followed by an organization keyword names a body of it ("Russian Foreign
        // Ministry"); followed by a plain name, it ends there ("European Commission Jose Barroso").
        let org_after = |len: usize| tokens[i + len..run_end].iter().any(|t| lex.is(WordClass::OrgKeyword, &t.text));
        // "Labour Minister X": a word of the title, not the party of that name.
        let title_word = gaz.as_ref().is_some_and(|(len, _)| *len == 1)
            && lex.is(WordClass::TitleWord, &t.lower)
            && role_at(tokens, i + 1, lex).is_some();
        if title_word {
            i += 1;
            continue;
        }
        match (gaz, role) {
            (Some((1, entries)), _) if first_name_of_person(tokens, i, run_end, &entries, lex) => {
                if let Some(span) = typed_run(tokens, i, run_end, lex) {
                    spans.push(span);
                }
                i = run_end;
            }
            (Some((len, _)), _) if run_end > i + len && org_after(len) => {
                spans.push(name_span(tokens, i, run_end, Some(EntityKind::Organization), lex));
                i = run_end;
            }
            (Some((len, entries)), role) if role.is_none_or(|(rlen, _)| len >= rlen) => {
                spans.push(Span {
                    start: i,
                    end: i + len,
                    kind: SpanKind::Known(entries),
                    text: join(&tokens[i..i + len]),
                    honorific_form: None,
                    dateline: false,
                    titled: false,
                });
                i += len;
            }
            (_, Some((len, class))) => {
                spans.push(Span {
                    start: i,
                    end: i + len,
                    kind: SpanKind::Role(class),
                    text: join(&tokens[i..i + len]),
                    honorific_form: None,
                    dateline: false,
                    titled: false,
                });
                i += len;
            }
            _ if run_end > i => {
                if let Some(span) = typed_run(tokens, i, run_end, lex) {
                    spans.push(span);
                }
                i = run_end;
            }
            _ => i += 1,
        }
    }
    for k in 1..spans.len() {
        if matches!(spans[k - 1].kind, SpanKind::Role(_)) && spans[k - 1].end == spans[k].start {
            spans[k].titled = true;
        }
    }
    spans
}

/// "CAIRO —" or "BUSAN, South Korea —" at the start of an article: places, venues.
fn dateline(tokens: &[Token], lex: &Lexicon, spans: &mut Vec<Span>) -> usize {
    let Some(dash) = tokens.iter().take(8).position(|t| matches!(t.text.as_str(), "\u{2014}" | "\u{2013}" | "-"))
    else {
        return 0;
    };
    // "KYIV, Ukraine (AP) —": the news agency in brackets is not a place.
    let head_end = tokens[..dash].iter().position(|t| t.text == "(").unwrap_or(dash);
    let bracket_ok = tokens[head_end..dash].iter().all(|t| matches!(t.text.as_str(), "(" | ")") || t.is_capitalized());
    let head = &tokens[..head_end];
    if head.is_empty() || !bracket_ok || !head.iter().all(|t| t.is_word() && t.is_capitalized() || t.text == ",") {
        return 0;
    }
    // A plain hyphen only after an all-caps place ("CAIRO - "): "The Trump-Putin summit" is prose.
    if tokens[dash].text == "-" && !head.iter().all(|t| t.text == "," || t.is_acronym()) {
        return 0;
    }
    for part in head.split(|t| t.text == ",") {
        if part.is_empty() {
            continue;
        }
        let start = part.as_ptr() as usize - tokens.as_ptr() as usize;
        let start = start / std::mem::size_of::<Token>();
        let text = title_case(&join(part));
        let kind = match lex.gazetteer.get(&normalize(&text)) {
            Some(entries) => SpanKind::Known(entries.clone()),
            None => SpanKind::Name(Some(EntityKind::Place)),
        };
        spans.push(Span {
            start,
            end: start + part.len(),
            kind,
            text,
            honorific_form: None,
            dateline: true,
            titled: false,
        });
    }
    dash + 1
}

fn title_case(s: &str) -> String {
    if !s.chars().any(char::is_lowercase) {
        s.split(' ')
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect(),
                    None => String::new(),
                }
            })
            .collect::<Vec<String>>()
            .join(" ")
    } else {
        s.to_string()
    }
}

/// The longest gazetteer form starting at `i`.
fn known_at(tokens: &[Token], i: usize, lex: &Lexicon) -> Option<(usize, Vec<GazEntry>)> {
    let first = &tokens[i];
    // A leading "The" is not part of the name: normalising drops it, and keeping it would
    // hide the determiner of "The US President" from the role reader.
    if !(first.is_capitalized() || first.is_acronym()) || first.lower == "the" || lex.is_hyphen_descriptor(&first.lower)
    {
        return None;
    }
    // "US" is a country, "us" a pronoun: the short form matches case-sensitively.
    if first.lower == "us" && first.text != "US" {
        return None;
    }
    let mut key = String::new();
    let mut best = None;
    for (len, t) in tokens[i..].iter().enumerate().take(lex.max_gaz_words) {
        if t.kind != TokenKind::Word {
            break;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(t.norm());
        if !lex.gaz_prefixes.contains(&key) {
            break;
        }
        // Every word of a multi-word name is capitalised, but for connectors ("Republic of Congo").
        let closes = t.is_capitalized() || t.is_acronym() || t.text.chars().any(|c| c.is_ascii_digit());
        if closes {
            if let Some(entries) = lex.gazetteer.get(&key) {
                best = Some((len + 1, entries.clone()));
            }
        }
    }
    best
}

/// The longest role phrase starting at `i` (case-insensitive; a plural counts).
fn role_at(tokens: &[Token], i: usize, lex: &Lexicon) -> Option<(usize, RoleClass)> {
    let first = tokens.get(i).filter(|t| t.is_word())?;
    for (words, class) in lex.roles_starting(&first.lower) {
        let n = words.len();
        let fits = tokens.get(i..i + n).is_some_and(|part| {
            part.iter().zip(words).all(|(t, w)| t.is_word() && (t.lower == *w || t.lower.strip_suffix('s') == Some(w)))
        });
        if fits {
            return Some((n, *class));
        }
    }
    None
}

/// The end of the run of capitalised words starting at `i` (`i` itself when there is none).
/// Particles ("bin", "von der") join a run when a capitalised word follows; connectors
/// ("of", "for", "the", "and") only inside organization names. Runs stop before role words.
fn capitalized_run(tokens: &[Token], i: usize, lex: &Lexicon) -> usize {
    let first = &tokens[i];
    // "Party of Democratic Action", "Council of Europe": a body's head noun leads its name.
    let keyword_of = || {
        lex.is(WordClass::OrgKeyword, &first.text)
            && tokens.get(i + 1).is_some_and(|t| matches!(t.lower.as_str(), "of" | "for"))
            && tokens.get(i + 2).is_some_and(|t| t.is_capitalized())
    };
    // "Islamist Hamas", "the Islamic Taleban": the descriptor is no part of the name, unless
    // the name is a body's ("Islamic Salvation Front").
    let descriptor = || {
        lex.is(WordClass::Descriptor, &first.text) && {
            let rest = tokens[i + 1..].iter().take_while(|t| t.is_capitalized());
            !rest.clone().any(|t| lex.is(WordClass::OrgKeyword, &t.text)) && rest.count() > 0
        }
    };
    // "Mr Kennedy": the honorific leads the name (and is dropped from it by `typed_run`).
    let honorific = || {
        (lex.is(WordClass::HonorificDrop, &first.text) || lex.is(WordClass::HonorificKeep, &first.text))
            && tokens.get(i + 1).is_some_and(|t| t.is_capitalized() && !lex.is(WordClass::Nonname, &t.text))
    };
    if !first.is_capitalized()
        || lex.is(WordClass::Nonname, &first.text) && !keyword_of() && !honorific()
        || is_opening_participle(tokens, i)
        || lex.is_hyphen_descriptor(&first.lower)
        || descriptor()
    {
        return i;
    }
    let mut end = i + 1;
    let mut has_org = lex.is(WordClass::OrgKeyword, &tokens[i].text);
    while end < tokens.len() {
        let t = &tokens[end];
        if lex.is_hyphen_descriptor(&t.lower) {
            break;
        }
        if nickname_at(tokens, end) && end > i {
            end += 3;
            continue;
        }
        // "the Trump-Putin Alaska summit": a known place right before a meeting noun is where
        // it was, not the end of the name.
        let venue_of_meeting = tokens.get(end + 1).is_some_and(|n| lex.is(WordClass::MeetingNoun, &n.lower))
            && known_at(tokens, end, lex)
                .is_some_and(|(len, entries)| len == 1 && entries.iter().all(|e| e.kind == EntityKind::Place));
        if venue_of_meeting {
            break;
        }
        // A weekday or month after a name is the date ("met Halvorsen Tuesday"), not a name part.
        if t.is_capitalized() && role_at(tokens, end, lex).is_none() && !lex.is(WordClass::DateWord, &t.text) {
            has_org |= lex.is(WordClass::OrgKeyword, &t.text);
            end += 1;
            continue;
        }
        let next_cap = tokens.get(end + 1).is_some_and(|n| n.is_capitalized());
        let next2_cap = tokens.get(end + 2).is_some_and(|n| n.is_capitalized());
        // The word after a particle, or after two ("van der Berg"), is a name part even when it
        // is a title ("bin Sultan").
        let particles =
            tokens[end..].iter().take(2).take_while(|t| t.is_word() && lex.is(WordClass::Particle, &t.text)).count();
        if particles > 0 && tokens.get(end + particles).is_some_and(|n| n.is_capitalized()) {
            end += particles + 1;
            continue;
        }
        let rest_has_org = (end..tokens.len().min(end + 8))
            .take_while(|&k| tokens[k].is_word())
            .any(|k| lex.is(WordClass::OrgKeyword, &tokens[k].text) && !inside_known_place(tokens, k, lex));
        // "and" joins one word to the keyword's name ("Hostages and Missing Families Forum"),
        // never two names ("Paul Volcker and International Monetary Fund"); "in" and "on" only
        // lead to a keyword ("Conference on Disarmament"), never to a venue ("Union in Geneva").
        // "Palace of Nations", "Gulf of Aden", "Strait of Hormuz": a place's head noun leads its name.
        let place_head = end == i + 1 && lex.is(WordClass::PlaceKeyword, &first.text);
        let joins = match t.text.as_str() {
            "of" if place_head => true,
            "and" => !has_org && rest_has_org && end == i + 1,
            "in" | "on" => rest_has_org,
            _ => has_org || rest_has_org,
        };
        if t.is_word() && CONNECTORS.contains(&t.text.as_str()) && joins {
            if next_cap {
                end += 1;
                continue;
            }
            if !matches!(t.text.as_str(), "the" | "and")
                && tokens.get(end + 1).is_some_and(|n| n.text == "the")
                && next2_cap
            {
                end += 2;
                continue;
            }
        }
        break;
    }
    // A connector never ends a name.
    while end > i + 1 && !tokens[end - 1].is_capitalized() {
        end -= 1;
    }
    end
}

/// "Sofia Marren", "Jordan Bardella", "Israel Katz": a one-word place name followed by
/// capitalised words nobody knows is a person's first name, not the place.
fn first_name_of_person(tokens: &[Token], i: usize, run_end: usize, entries: &[GazEntry], lex: &Lexicon) -> bool {
    let place = entries.iter().all(|e| {
        e.kind == EntityKind::Place
            && matches!(e.role, super::lexicon::GazRole::Name | super::lexicon::GazRole::Capital { .. })
    });
    // Just one more word: "Moscow Salah Bassiouni" is a place before a full name.
    if !place || run_end != i + 2 {
        return false;
    }
    let rest = &tokens[i + 1..run_end];
    let plain = |t: &Token| {
        !t.is_acronym()
            && !lex.is(WordClass::PoliticalSide, &t.text)
            && !lex.is(WordClass::RegionAdjective, &t.text)
            && !lex.is(WordClass::TitleWord, &t.lower)
            && !super::resolve::looks_like_demonym(&t.text)
            && !lex.is(WordClass::OrgKeyword, &t.text)
            && !lex.is(WordClass::PlaceKeyword, &t.text)
            && !lex.is(WordClass::NotName, &t.text)
            && !lex.is(WordClass::Nonname, &t.text)
    };
    rest.iter().all(plain)
        && (i + 1..run_end).all(|k| known_at(tokens, k, lex).is_none() && role_at(tokens, k, lex).is_none())
}

/// Whether token `k` is inside a place name the gazetteer knows ("Bank" of "West Bank"), where
/// an organization keyword does not make a body.
fn inside_known_place(tokens: &[Token], k: usize, lex: &Lexicon) -> bool {
    (k.saturating_sub(3)..k).any(|j| {
        known_at(tokens, j, lex)
            .is_some_and(|(len, entries)| j + len > k && entries.iter().all(|e| e.kind == EntityKind::Place))
    })
}

/// "Welcoming the decision, ...", "Speaking in Oslo, ...": a capitalised present participle
/// that opens the sentence is a verb, not the first word of a name.
fn is_opening_participle(tokens: &[Token], i: usize) -> bool {
    let opens = i == 0 || tokens[..i].iter().all(|t| !t.is_word());
    let t = &tokens[i];
    opens && t.lower.len() > 5 && t.lower.ends_with("ing") && !t.is_acronym()
}

/// Types a run of capitalised words, dropping leading honorifics.
fn typed_run(tokens: &[Token], start: usize, end: usize, lex: &Lexicon) -> Option<Span> {
    let words = &tokens[start..end];
    // A body's head noun alone, capitalised only because it opens the sentence, is a common
    // noun: "Steel prices rose", "Relief workers arrived", "Radio stations reported".
    let opens = start == 0 || tokens[..start].iter().all(|t| !t.is_word());
    let common_noun = opens
        && end == start + 1
        && !words[0].is_acronym()
        && tokens.get(end).is_some_and(|t| t.is_word() && !t.is_capitalized());
    if common_noun && lex.is(WordClass::OrgKeyword, &words[0].text) {
        return None;
    }
    // "Tullow Oil", "Randmi Energy": a company named by its trade, the trade word last, and
    // no title after it ("Peruvian Mining Minister").
    let trade = end - start > 1
        && lex.is(WordClass::CompanyTail, &words[end - start - 1].text)
        && !tokens.get(end).is_some_and(|t| t.is_capitalized());
    if trade || words.iter().any(|t| lex.is(WordClass::OrgKeyword, &t.text)) {
        return Some(name_span(tokens, start, end, Some(EntityKind::Organization), lex));
    }
    let mut s = start;
    let mut kept = None;
    // Ranks may stack behind a service or grade word: start after the last honorific that
    // still leaves a name ("Vice Adm. John Poindexter" is "John Poindexter").
    if let Some(last) =
        (start..end.saturating_sub(1)).rev().find(|&k| lex.is(WordClass::HonorificDrop, &tokens[k].text))
    {
        if last > start {
            s = last + 1;
        }
    }
    while s + 1 < end {
        let t = &tokens[s].text;
        if lex.is(WordClass::HonorificKeep, t) {
            kept = Some(join(&tokens[s..end]));
            s += 1;
        } else if lex.is(WordClass::HonorificDrop, t) {
            s += 1;
        } else {
            break;
        }
    }
    // "Cape Town", "Banja Luka": a city or region GeoNames knows, named in full.
    let geonames = || end - s > 1 && lex.geonames_population(&join(&tokens[s..end])).is_some();
    // "Port Sudan", "Upper Nile", "Nova Kakhovka": a town's name led by a prefix of towns.
    let prefixed = end - s > 1 && lex.is(WordClass::PlacePrefix, &tokens[s].text);
    if end - s > 1 && tokens[s..end].iter().any(|t| lex.is(WordClass::PlaceKeyword, &t.text)) || prefixed || geonames()
    {
        return Some(name_span(tokens, s, end, Some(EntityKind::Place), lex));
    }
    // "External Relations", "Interbank Offered Rate": words no person's name is made of.
    if end - s > 1 && tokens[s..end].iter().any(|t| lex.is(WordClass::NotName, &t.text)) {
        return None;
    }
    let kind = if end - s == 1 && tokens[s].is_acronym() && tokens[s].text.len() <= 6 {
        Some(EntityKind::Organization)
    } else {
        None
    };
    let mut span = name_span(tokens, s, end, kind, lex);
    span.titled = kept.is_some() || s > start;
    span.honorific_form = kept;
    Some(span)
}

fn name_span(tokens: &[Token], start: usize, end: usize, kind: Option<EntityKind>, _lex: &Lexicon) -> Span {
    Span {
        start,
        end,
        kind: SpanKind::Name(kind),
        text: join(&tokens[start..end]),
        honorific_form: None,
        dateline: false,
        titled: false,
    }
}

/// The words of a token range as written, single-spaced.
pub fn join(tokens: &[Token]) -> String {
    let mut out = String::new();
    let mut after_open_quote = false;
    for t in tokens {
        // A quoted nickname keeps its quotes tight: "Ferdinand “Bongbong” Marcos".
        let closing = matches!(t.text.as_str(), "\u{201d}") || t.text == "\"" && after_open_quote;
        if !out.is_empty() && t.kind != TokenKind::Poss && !after_open_quote && !closing {
            out.push(' ');
        }
        after_open_quote = matches!(t.text.as_str(), "\u{201c}") || t.text == "\"" && !closing;
        out.push_str(&t.text);
    }
    out
}

/// `“Bongbong”` at token `k`: a quoted capitalised word inside a name, followed by more of it.
fn nickname_at(tokens: &[Token], k: usize) -> bool {
    let open = tokens.get(k).is_some_and(|t| matches!(t.text.as_str(), "\u{201c}" | "\""));
    let close = tokens.get(k + 2).is_some_and(|t| matches!(t.text.as_str(), "\u{201d}" | "\""));
    open && close
        && tokens.get(k + 1).is_some_and(|t| t.is_capitalized())
        && tokens.get(k + 3).is_some_and(|t| t.is_capitalized())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::token::tokenize;

    fn spans(s: &str) -> Vec<(String, String)> {
        let lex = Lexicon::builtin();
        let toks = tokenize(s, &lex);
        detect(&toks, &lex, true)
            .into_iter()
            .map(|sp| {
                let k = match sp.kind {
                    SpanKind::Known(e) => format!("known:{}", e[0].name),
                    SpanKind::Role(c) => format!("role:{c:?}"),
                    SpanKind::Name(k) => format!("name:{}", k.map_or("?", |k| k.as_str())),
                };
                (sp.text, k)
            })
            .collect()
    }

    #[test]
    fn title_demonym_and_name_are_separate_spans() {
        let got = spans("Turkish President Recep Tayyip Erdoğan hosted Andriy Yermak.");
        assert_eq!(got[0], ("Turkish".into(), "known:Turkey".into()));
        assert_eq!(got[1], ("President".into(), "role:Leader".into()));
        assert_eq!(got[2], ("Recep Tayyip Erdoğan".into(), "known:Recep Tayyip Erdoğan".into()));
        assert_eq!(got[3], ("Andriy Yermak".into(), "name:?".into()));
    }

    #[test]
    fn organization_names_keep_their_connectors() {
        let got = spans("Rwanda insists on disarming the Democratic Forces for the Liberation of Rwanda and Hostages and Missing Families Forum.");
        assert!(
            got.contains(&("Democratic Forces for the Liberation of Rwanda".into(), "name:organization".into())),
            "{got:?}"
        );
        assert!(got.contains(&("Hostages and Missing Families Forum".into(), "name:organization".into())), "{got:?}");
    }

    #[test]
    fn honorifics_are_dropped_or_kept_as_the_lexicon_says() {
        let lex = Lexicon::builtin();
        let toks = tokenize("He met Gen. Abdel Fattah al-Burhan and Sheikh Hamad bin Jassim.", &lex);
        let got = detect(&toks, &lex, false);
        assert_eq!(got[0].text, "Abdel Fattah al-Burhan");
        assert_eq!(got[1].text, "Hamad bin Jassim");
        assert_eq!(got[1].honorific_form.as_deref(), Some("Sheikh Hamad bin Jassim"));
    }

    #[test]
    fn datelines_are_places() {
        let got = spans("ST PETERSBURG — US envoy Steve Witkoff met Putin.");
        assert_eq!(got[0], ("St Petersburg".into(), "known:St Petersburg".into()));
        assert_eq!(got[1], ("US".into(), "known:United States".into()));
        let got = spans("KYIV, Ukraine (AP) — Anja Holt met Tomas Rivera.");
        assert_eq!(got[0], ("Kyiv".into(), "known:Ukraine".into()));
        assert_eq!(got[1], ("Ukraine".into(), "known:Ukraine".into()));
        assert_eq!(got[2], ("Anja Holt".into(), "name:?".into()));
    }

    #[test]
    fn companies_and_towns_are_typed_by_their_head_noun_or_prefix() {
        let got = spans(
            "Korvel Minerals and Ostrand Airlines signed a deal with Direct Relief in Port Kelvar and Upper Drasna.",
        );
        assert!(got.contains(&("Korvel Minerals".into(), "name:organization".into())), "{got:?}");
        assert!(got.contains(&("Ostrand Airlines".into(), "name:organization".into())), "{got:?}");
        assert!(got.contains(&("Direct Relief".into(), "name:organization".into())), "{got:?}");
        assert!(got.contains(&("Port Kelvar".into(), "name:place".into())), "{got:?}");
        assert!(got.contains(&("Upper Drasna".into(), "name:place".into())), "{got:?}");
    }

    #[test]
    fn a_company_named_by_its_trade_is_an_organization_but_a_ministers_trade_is_a_title() {
        let got = spans("Shares in Randmi Energy and Tullow Oil rose.");
        assert!(got.contains(&("Randmi Energy".into(), "name:organization".into())), "{got:?}");
        assert!(got.contains(&("Tullow Oil".into(), "name:organization".into())), "{got:?}");
        let got = spans("Veloria Energy Minister Ana Ruiz spoke.");
        assert!(!got.iter().any(|(_, kind)| kind == "name:organization"), "{got:?}");
    }

    #[test]
    fn a_head_noun_opening_a_sentence_alone_names_nothing() {
        for s in
            ["Steel prices rose in Oslo.", "Relief workers arrived in Oslo.", "Radio stations reported it in Oslo."]
        {
            let got = spans(s);
            assert_eq!(got.len(), 1, "{s}: {got:?}");
        }
    }
}
