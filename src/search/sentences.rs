//! The sentences of a hit that best answer the query: the text cut into sentences (a plain
//! rule: `.`, `!` or `?` then a space and a capital, a digit or a quote; a blank line), each
//! marked by the snippet generator, ranked by how many of the query's words it holds.

use super::Marked;
use tantivy::snippet::SnippetGenerator;

/// Up to `n` sentences of `text` holding words of the query, best first (most distinct words,
/// then most matches, then the earliest). `whole` must allow snippets as long as a sentence.
pub(super) fn best(whole: &SnippetGenerator, text: &str, n: usize) -> Vec<Marked> {
    let mut scored: Vec<(usize, usize, usize, Marked)> = Vec::new();
    for (start, sentence) in split(text).into_iter().enumerate() {
        let snippet = whole.snippet(sentence);
        if snippet.is_empty() {
            continue;
        }
        let offset = snippet.fragment_range().start;
        let fragment = snippet.fragment();
        let mut words: Vec<String> = snippet.highlighted().iter().map(|r| fragment[r.clone()].to_lowercase()).collect();
        let matches = words.len();
        words.sort();
        words.dedup();
        let chars = |byte: usize| sentence[..byte].chars().count();
        let highlights =
            snippet.highlighted().iter().map(|r| [chars(offset + r.start), chars(offset + r.end)]).collect();
        scored.push((words.len(), matches, start, Marked { text: sentence.to_string(), highlights }));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    scored.into_iter().take(n).map(|(_, _, _, m)| m).collect()
}

/// The sentences of `text`, trimmed, empty ones left out.
pub(super) fn split(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|p| p.1);
        let end = match c {
            '\n' if next == Some('\n') => Some(at),
            '.' | '!' | '?' if next.is_some_and(char::is_whitespace) => {
                let after = chars[i + 1..].iter().map(|p| p.1).find(|c| !c.is_whitespace());
                let starts = after.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"'“‘(".contains(c));
                (starts && !abbreviation(&text[start..at])).then_some(at + c.len_utf8())
            }
            _ => None,
        };
        if let Some(end) = end {
            let s = text[start..end].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Whether the text before a full stop ends with a title or an initial ("Mr", "Gen", "J"),
/// after which a capital starts a name, not a sentence.
fn abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    matches!(word, "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "Gen" | "Col" | "Lt" | "Sgt" | "Gov" | "Sen" | "Rep" | "Prof")
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn a_text_is_cut_at_full_stops_before_capitals_but_not_after_titles() {
        let text = "Mr. Holt met Dr. Ames in Lviv. They spoke of 3.5 tonnes! \"Enough,\" he said.\n\nNext line";
        assert_eq!(
            split(text),
            vec!["Mr. Holt met Dr. Ames in Lviv.", "They spoke of 3.5 tonnes!", "\"Enough,\" he said.", "Next line"]
        );
    }
}
