//! Tokens of one sentence: words, possessive markers and punctuation.
//!
//! Words keep inner hyphens, apostrophes and periods ("al-Burhan", "O'Brien", "U.S."), and a
//! trailing period when the word is a known abbreviation ("Gen."). A possessive `'s` / `’s`
//! becomes its own token so that "Putin's aide" reads as possessor · marker · role.

use super::lexicon::Lexicon;
use compact_str::CompactString;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The text as written. Inline up to 24 bytes: most tokens cost no allocation.
    pub text: CompactString,
    /// Lower case, curly apostrophes made straight: what patterns compare against.
    pub lower: CompactString,
    /// The normalised form (`graph::name::normalize`) when it differs from `lower`.
    norm: Option<Box<str>>,
    pub kind: TokenKind,
    /// `is_capitalized`, worked out once: mention detection asks it of every token often.
    capitalized: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// The possessive marker `'s`.
    Poss,
    Punct,
}

impl Token {
    pub fn new(text: impl Into<CompactString>, kind: TokenKind) -> Token {
        let text = text.into();
        let lower = lower(&text);
        // For plain ASCII words the normalised form is the lower-case one: no second copy.
        let norm = if text.is_ascii() { None } else { Some(crate::graph::name::normalize(&text).into_boxed_str()) };
        let capitalized = kind == TokenKind::Word && capitalized(&text);
        Token { lower, norm, text, kind, capitalized }
    }

    /// The normalised form: what the gazetteer is keyed by.
    pub fn norm(&self) -> &str {
        self.norm.as_deref().unwrap_or(&self.lower)
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// A word that starts with a capital, or a particle-prefixed name part ("al-Burhan").
    pub fn is_capitalized(&self) -> bool {
        self.capitalized
    }

    /// All letters upper case, two or more of them: an acronym ("NATO", "SAF").
    pub fn is_acronym(&self) -> bool {
        let mut letters = 0;
        for c in self.text.chars().filter(|c| c.is_alphabetic()) {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
        letters >= 2
    }

    /// Clause punctuation: what gaps and argument searches do not cross.
    pub fn is_clause_break(&self) -> bool {
        self.kind == TokenKind::Punct
            && matches!(self.text.as_str(), ";" | ":" | "\u{2014}" | "\u{2013}" | "(" | ")" | "." | "?" | "!")
    }
}

/// Starts with a capital, or is a particle-prefixed name part ("al-Burhan").
fn capitalized(text: &str) -> bool {
    match text.chars().next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_ascii_digit() => false,
        _ => match text.split_once('-') {
            Some((prefix, rest)) if prefix.len() <= 3 => rest.chars().next().is_some_and(char::is_uppercase),
            _ => false,
        },
    }
}

fn lower(s: &str) -> CompactString {
    if s.is_ascii() {
        return s.to_ascii_lowercase().into();
    }
    s.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'").into()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits a sentence into tokens.
pub fn tokenize(sentence: &str, lex: &Lexicon) -> Vec<Token> {
    // Each char, and its byte offset (plus the end's): tokens are copied out as slices.
    // Sized up front: `chars()` only promises a quarter of the byte length.
    let mut chars: Vec<char> = Vec::with_capacity(sentence.len());
    let mut offsets: Vec<usize> = Vec::with_capacity(sentence.len() + 1);
    for (b, c) in sentence.char_indices() {
        chars.push(c);
        offsets.push(b);
    }
    offsets.push(sentence.len());
    let slice = |from: usize, to: usize| &sentence[offsets[from]..offsets[to]];
    let mut tokens = Vec::with_capacity(chars.len() / 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            tokens.push(Token::new(slice(i, i + 1), TokenKind::Punct));
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() {
            let c = chars[i];
            let next_alnum = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            let joiner = (c == '-' || c == '.' || c == ',' && chars[start].is_ascii_digit()) && next_alnum;
            if c.is_alphanumeric() || is_mark(c) || joiner {
                i += 1;
            } else if is_apostrophe(c) && next_alnum {
                // "Putin's" splits; "O'Brien" does not.
                let rest: String = chars[i + 1..].iter().take(2).collect();
                let is_poss = rest.starts_with('s') && !rest[1..].starts_with(|n: char| n.is_alphanumeric());
                if is_poss {
                    break;
                }
                i += 1;
            } else {
                break;
            }
        }
        let mut text = CompactString::from(slice(start, i));
        // Keep an abbreviation's final period ("Gen.", "U.S.").
        if chars.get(i) == Some(&'.') {
            let with_dot = slice(start, i + 1);
            // A lone capital is an initial ("George W. Bush"), as sentence splitting reads it.
            let initial = text.len() == 1
                && text.starts_with(|c: char| c.is_ascii_uppercase())
                && chars.get(i + 1).is_some_and(|c| c.is_whitespace())
                && chars.get(i + 2).is_some_and(|c| c.is_uppercase());
            if lex.abbreviations.contains(with_dot) || (text.contains('.') && text.len() <= 6) || initial {
                text = CompactString::from(with_dot);
                i += 1;
            }
        }
        // "the Trump-Putin summit": two names joined for a meeting are two names.
        if let Some((a, b)) = joined_names(&text, &chars[i..]) {
            tokens.push(Token::new(a, TokenKind::Word));
            tokens.push(Token::new("-", TokenKind::Punct));
            tokens.push(Token::new(b, TokenKind::Word));
            continue;
        }
        tokens.push(Token::new(text, TokenKind::Word));
        // "Shultz' talks": a name ending in s takes a bare apostrophe as its possessive.
        let ends_in_s = tokens.last().is_some_and(|t| t.text.ends_with('s') && t.is_capitalized());
        if ends_in_s
            && chars.get(i).is_some_and(|&c| is_apostrophe(c))
            && chars.get(i + 1).is_none_or(|n| n.is_whitespace())
        {
            let text = CompactString::from(slice(i, i + 1));
            tokens.push(Token { lower: "'s".into(), norm: None, text, kind: TokenKind::Poss, capitalized: false });
            i += 1;
            continue;
        }
        if i < chars.len() && is_apostrophe(chars[i]) && chars.get(i + 1) == Some(&'s') {
            let after = chars.get(i + 2);
            if after.is_none_or(|n| !n.is_alphanumeric()) {
                let text = CompactString::from(slice(i, i + 2));
                tokens.push(Token { lower: "'s".into(), norm: None, text, kind: TokenKind::Poss, capitalized: false });
                i += 2;
            }
        }
    }
    tokens
}

/// Splits "Trump-Putin" in "the Trump-Putin summit" into its two names: a hyphenated pair of
/// capitalised words right before a meeting noun. ("Jean-Luc" elsewhere stays whole.)
fn joined_names<'a>(word: &'a str, rest: &[char]) -> Option<(&'a str, &'a str)> {
    let (a, b) = word.split_once('-')?;
    // "Putin", and acronyms of two letters or more ("US-China talks").
    let capital = |s: &str| {
        s.chars().next().is_some_and(char::is_uppercase)
            && (s.chars().count() > 2 || s.chars().count() == 2 && s.chars().all(char::is_uppercase))
    };
    if !capital(a) || !capital(b) || b.contains('-') {
        return None;
    }
    // The meeting noun right after, or after one more word ("US-China trade talks").
    let text: String = rest.iter().take(40).collect();
    let mut words = text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(2);
    let meeting = |w: &str| matches!(w.to_lowercase().as_str(), "summit" | "meeting" | "talks" | "negotiations");
    let near = text.trim_start().chars().next().is_some_and(char::is_alphabetic);
    (near && words.any(meeting)).then_some((a, b))
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s, &Lexicon::builtin()).into_iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn possessives_split_off_and_names_stay_whole() {
        assert_eq!(texts("Putin’s aide al-Burhan's O'Brien"), ["Putin", "’s", "aide", "al-Burhan", "'s", "O'Brien"]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(texts("Gen. Smith met U.S. envoys."), ["Gen.", "Smith", "met", "U.S.", "envoys", "."]);
    }

    #[test]
    fn a_middle_initial_keeps_its_period() {
        assert_eq!(texts("Ada K. Osei met Plan B."), ["Ada", "K.", "Osei", "met", "Plan", "B", "."]);
    }

    #[test]
    fn numbers_keep_separators() {
        assert_eq!(texts("about 1,500 people, 2.5 percent"), ["about", "1,500", "people", ",", "2.5", "percent"]);
    }

    #[test]
    fn particle_names_count_as_capitalized() {
        let toks = tokenize("al-Burhan al-qaeda", &Lexicon::builtin());
        assert!(toks[0].is_capitalized());
        assert!(!toks[1].is_capitalized());
    }
}
