//! PDF files: one file, one article, read from the PDF's text layer with `pdf-extract`.
//!
//! A PDF with no text in it (a scanned page is an image) is a failure that says so, never an
//! empty article and never a silent skip: the user has to run OCR on it first. A PDF that
//! does not parse, or is encrypted, is a failure with the parser's reason. The parser is
//! guarded: a panic inside it (on a malformed file) costs that file only.
//!
//! Title and date come from the document information dictionary (`/Title`, `/CreationDate`)
//! when it has them; without a title the first short line of the text serves, as for a text
//! file.

use super::{article_date, Article, Item, Options, Warning};
use pdf_extract::{Document, Object};

/// The reason given for a PDF without text.
pub const NO_TEXT: &str = "PDF has no text layer (a scanned image?); run OCR first";

pub(super) fn read(bytes: &[u8], id: String, origin: &str, options: &Options) -> Item {
    let failed = |reason: String| Item::Failed { origin: origin.to_string(), reason };
    if id.is_empty() {
        return failed("cannot make an article id from the file name".into());
    }
    let parsed = std::panic::catch_unwind(|| -> Result<(String, Info), String> {
        let doc = Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
        if doc.is_encrypted() {
            return Err("PDF is encrypted: decrypt it first".into());
        }
        let info = info(&doc);
        let text = pdf_extract::extract_text_from_mem(bytes).map_err(|e| format!("cannot read the PDF's text: {e}"))?;
        Ok((text, info))
    });
    let (raw, info) = match parsed {
        Ok(Ok(read)) => read,
        Ok(Err(reason)) => return failed(reason),
        Err(_) => return failed("the PDF reader failed on this file (a malformed PDF?)".into()),
    };
    let text = tidy(&raw);
    if !text.chars().any(char::is_alphanumeric) {
        return failed(NO_TEXT.into());
    }
    if text.len() > options.max_article_bytes {
        return failed(format!(
            "the PDF's text is {} bytes, over the limit of {} (see --max-article-bytes)",
            text.len(),
            options.max_article_bytes
        ));
    }
    let mut warnings: Vec<Warning> = Vec::new();
    let date = article_date(&info.date, origin, options, &mut warnings);
    let title =
        if info.title.trim().is_empty() { super::title_from_text(&text) } else { info.title.trim().to_string() };
    let article = Article { id, title, date, source: String::new(), url: String::new(), text };
    Item::Article { article, origin: origin.to_string(), warnings }
}

/// What the document information dictionary says.
#[derive(Default)]
struct Info {
    title: String,
    /// `YYYY-MM-DD`, or empty.
    date: String,
}

fn info(doc: &Document) -> Info {
    let dict = match doc.trailer.get(b"Info") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).ok(),
        Ok(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let Some(dict) = dict else { return Info::default() };
    let string = |key: &[u8]| match dict.get(key) {
        Ok(Object::String(bytes, _)) => text_string(bytes),
        _ => String::new(),
    };
    Info { title: string(b"Title"), date: pdf_date(&string(b"CreationDate")) }
}

/// A PDF text string: UTF-16BE behind its byte-order mark, else PDFDocEncoding (Latin-1 in
/// its printable range, which is what matters for a title).
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// `D:20250304091500+01'00'` is 2025-03-04; anything shorter than a day gives no date.
fn pdf_date(raw: &str) -> String {
    let digits: String = raw.trim().trim_start_matches("D:").chars().take_while(char::is_ascii_digit).collect();
    match digits.get(..8) {
        Some(d) => format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]),
        None => String::new(),
    }
}

/// Lines without trailing blanks, at most one blank line between paragraphs, no form feeds.
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank = 0;
    for line in raw.replace('\u{c}', "\n").lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line.trim_start());
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_strings_of_the_info_dictionary_read() {
        assert_eq!(pdf_date("D:20250304091500+01'00'"), "2025-03-04");
        assert_eq!(pdf_date("D:2025"), "");
        assert_eq!(text_string(&[0xfe, 0xff, 0, b'H', 0, b'i']), "Hi");
        assert_eq!(text_string(b"Caf\xe9"), "Caf\u{e9}");
    }

    #[test]
    fn garbage_is_a_failure_with_a_reason() {
        match read(b"%PDF-1.4\nnot really", "x".into(), "x.pdf", &Options::default()) {
            Item::Failed { reason, .. } => assert!(reason.contains("PDF"), "{reason}"),
            _ => panic!("read"),
        }
    }

    #[test]
    fn text_keeps_its_paragraphs() {
        assert_eq!(tidy("  One line\nnext  \n\n\n\nTwo\u{c}Three"), "One line\nnext\n\nTwo\nThree\n");
    }
}
