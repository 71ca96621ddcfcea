//! Name normalisation: the one place that decides when two surface forms are "the same name".
//!
//! Used by the alias index (store), by entity lookup on the command line and by in-article
//! resolution, so that `Erdoğan`, `erdogan` and `ERDOGAN` meet, as the scorer's rules say:
//! case-fold, strip diacritics (also ı ø ł ß ...), unify curly quotes and dashes, collapse
//! whitespace, drop one leading "the ".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The longest entity name, in characters: far beyond any entity's name (mentions are a few
/// words), and short enough that a miss's suggestions stay cheap (without it a 60 KB name
/// cost 16 s of CPU in edit distances over 7k names, #23). Lookups refuse longer names and
/// renames do not give them. Here, below `query` and `store`, so neither imports the other.
pub const MAX_NAME_CHARS: usize = 200;

/// The normalised form of a name. Idempotent: `normalize(normalize(s)) == normalize(s)`.
pub fn normalize(s: &str) -> String {
    // Most names are plain ASCII: fold them in one pass, one allocation.
    if s.is_ascii() && !s.contains('`') {
        let mut out = String::with_capacity(s.len());
        for word in s.split(|c: char| c.is_ascii_whitespace() || c.is_ascii_control()).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return strip_the(out);
    }
    normalize_unicode(s)
}

/// Drops every leading "the " (stripping once can expose another: "the the ..."), so that
/// normalising twice changes nothing.
fn strip_the(mut out: String) -> String {
    let mut start = 0;
    while out[start..].starts_with("the ") {
        start += 4;
    }
    out.drain(..start);
    out
}

fn normalize_unicode(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ı' => folded.push('i'),
            'ø' | 'Ø' => folded.push('o'),
            'ł' | 'Ł' => folded.push('l'),
            'ß' => folded.push_str("ss"),
            'đ' | 'Đ' | 'ð' | 'Ð' => folded.push('d'),
            'æ' | 'Æ' => folded.push_str("ae"),
            'œ' | 'Œ' => folded.push_str("oe"),
            'þ' | 'Þ' => folded.push_str("th"),
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{b4}' => folded.push('\''),
            '\u{201c}' | '\u{201d}' => folded.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => folded.push('-'),
            c if c.is_whitespace() || c.is_control() => folded.push(' '),
            c => folded.extend(c.to_lowercase()),
        }
    }
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    strip_the(out)
}

/// Whether a surface form is a description ("the Russian President", "Ukraine's president")
/// rather than a name.
pub fn is_reference(form: &str) -> bool {
    let lower = form.to_lowercase();
    lower.starts_with("the ") || lower.contains("'s ") || lower.contains("\u{2019}s ")
}

/// A person's name with each middle initial written with its period: "George W Bush" is
/// "George W. Bush", the way most copy writes it, so that both spellings give one canonical
/// name (the written form stays an alias).
pub fn dot_initials(name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 3 {
        return name.to_string();
    }
    let last = words.len() - 1;
    let mut out = String::with_capacity(name.len() + 2);
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
        if i > 0 && i < last && w.len() == 1 && w.starts_with(|c: char| c.is_ascii_uppercase()) {
            out.push('.');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middle_initials_get_their_period() {
        assert_eq!(dot_initials("George W Bush"), "George W. Bush");
        assert_eq!(dot_initials("Ada K. Osei"), "Ada K. Osei");
        assert_eq!(dot_initials("J Smith"), "J Smith");
        assert_eq!(dot_initials("Kim Jong Un"), "Kim Jong Un");
    }

    #[test]
    fn diacritics_and_case_are_ignored() {
        assert_eq!(normalize("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
        assert_eq!(normalize("Türkiye"), "turkiye");
        assert_eq!(normalize("Łódź"), "lodz");
    }

    #[test]
    fn leading_article_and_spacing_are_dropped() {
        assert_eq!(normalize("  the  Kremlin "), "kremlin");
        assert_eq!(normalize("Ukraine’s president"), "ukraine's president");
    }

    proptest::proptest! {
        #[test]
        fn normalising_any_text_twice_changes_nothing(s in "\\PC{0,40}") {
            proptest::prop_assert_eq!(normalize(&normalize(&s)), normalize(&s));
        }

        #[test]
        fn ascii_text_normalises_the_same_on_both_paths(s in "[ -~\t\n]{0,40}") {
            proptest::prop_assert_eq!(normalize(&s), normalize_unicode(&s));
        }
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_unicode_path() {
        for s in ["The  Hague", "US\u{1}x", "a\tb\n", "the the X", "O'Brien", " -Al-Qaeda- ", ""] {
            assert_eq!(normalize(s), normalize_unicode(s), "{s:?}");
        }
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        for s in ["The the Hague", "ÆSIR  ı", "a\u{0}b", "—x–y", "ǅemal"] {
            assert_eq!(normalize(&normalize(s)), normalize(s), "{s:?}");
        }
    }
}
