//! Sentence splitting that survives news prose: abbreviations (U.S., Gen., Jan.), initials,
//! decimals, quotes closing after the full stop, and headlines without any punctuation.
//!
//! Blank lines are hard boundaries. A single line break inside a paragraph is a space, unless
//! the line before it is short and unpunctuated (a sub-heading or a dateline line).

use super::lexicon::Lexicon;

const FUNCTION_WORDS: &[&str] =
    &["the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "at", "by", "from", "as", "that"];

/// Splits an article into sentences, each trimmed and with inner whitespace collapsed.
pub fn split(text: &str, lex: &Lexicon) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split("\n\n").flat_map(|p| p.split("\r\n\r\n")) {
        let mut block = String::new();
        let lines: Vec<&str> = paragraph.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        for (n, line) in lines.iter().enumerate() {
            block.push_str(line);
            block.push(' ');
            // A short unpunctuated line followed by a capitalised one is a heading; a line
            // that ends mid-phrase ("on the") is prose wrapped by the editor.
            let last_word = line.rsplit(' ').next().unwrap_or("").to_lowercase();
            let next_starts_upper = lines.get(n + 1).is_some_and(|l| l.starts_with(|c: char| c.is_uppercase()));
            let headline = line.chars().count() < 80
                && (next_starts_upper || n + 1 == lines.len())
                && !FUNCTION_WORDS.contains(&last_word.as_str())
                && !line.ends_with(['.', '!', '?', ',', ':', ';', '"', '\u{201d}', '\u{2019}', '-', '\u{2014}']);
            if headline {
                split_block(&block, lex, &mut out);
                block.clear();
            }
        }
        split_block(&block, lex, &mut out);
    }
    out
}

fn split_block(block: &str, lex: &Lexicon, out: &mut Vec<String>) {
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(block.len());
    chars.extend(block.char_indices());
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '\u{2026}') {
            // Closing quotes and brackets belong to the sentence that ends here.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(chars[j].1, '"' | '\u{201d}' | '\u{2019}' | '\'' | ')' | ']' | '.' | '!' | '?')
            {
                j += 1;
            }
            let followed_by_space = j < chars.len() && chars[j].1.is_whitespace();
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let next_starts = k < chars.len()
                && (chars[k].1.is_uppercase()
                    || chars[k].1.is_ascii_digit()
                    || matches!(chars[k].1, '"' | '\u{201c}' | '\u{2018}' | '(' | '['));
            if followed_by_space && next_starts && !(c == '.' && j == i + 1 && is_abbreviation(block, &chars, i, lex)) {
                let end = chars.get(j).map_or(block.len(), |&(b, _)| b);
                push(&block[chars[start].0..end], out);
                start = k;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    if start < chars.len() {
        push(&block[chars[start].0..], out);
    }
}

/// Whether the period at `i` ends an abbreviation or an initial rather than a sentence.
fn is_abbreviation(block: &str, chars: &[(usize, char)], i: usize, lex: &Lexicon) -> bool {
    let mut w = i;
    while w > 0 && !chars[w - 1].1.is_whitespace() && !matches!(chars[w - 1].1, '(' | '"' | '\u{201c}') {
        w -= 1;
    }
    let word = &block[chars[w].0..chars[i].0 + 1];
    if lex.abbreviations.contains(word) {
        return true;
    }
    // A single capital letter ("J. Smith") is an initial.
    let letters: Vec<char> = word.trim_end_matches('.').chars().collect();
    letters.len() == 1 && letters[0].is_uppercase()
}

/// Adds a sentence with its whitespace runs collapsed to single spaces.
fn push(s: &str, out: &mut Vec<String>) {
    let s = s.trim();
    // Most sentences have nothing to collapse: copy them as they are.
    if !s.contains(|c: char| c.is_whitespace() && c != ' ') && !s.contains("  ") {
        if !s.is_empty() {
            out.push(s.to_string());
        }
        return;
    }
    let mut sentence = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !sentence.is_empty() {
            sentence.push(' ');
        }
        sentence.push_str(word);
    }
    if !sentence.is_empty() {
        out.push(sentence);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        split(text, &Lexicon::builtin())
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let got =
            sentences("Gen. Abdel Fattah al-Burhan met U.S. officials on Jan. 5 in Washington. J. Smith said so.");
        assert_eq!(
            got,
            vec!["Gen. Abdel Fattah al-Burhan met U.S. officials on Jan. 5 in Washington.", "J. Smith said so."]
        );
    }

    #[test]
    fn quote_closing_after_full_stop_stays_with_its_sentence() {
        let got = sentences("\"He conveyed some signals,\" Ushakov said. \"And received ones.\" Then he left.");
        assert_eq!(got.len(), 3);
        assert_eq!(got[1], "\"And received ones.\"");
    }

    #[test]
    fn decimals_and_headlines_are_handled() {
        let got = sentences("Back at the table\nGrowth was 2.5 percent. It rose.\n\nNew part");
        assert_eq!(got, vec!["Back at the table", "Growth was 2.5 percent.", "It rose.", "New part"]);
    }

    #[test]
    fn wrapped_lines_join_into_one_sentence() {
        let got = sentences(
            "Delegations from Russia and Ukraine held talks on Friday in a palace on the\nBosphorus, officials said.",
        );
        assert_eq!(got.len(), 1);
    }
}
