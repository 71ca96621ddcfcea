//! HTML files and saved web pages: one file, one article, read as a reader view reads it.
//!
//! The body is what `dom_smoothie` (a port of Mozilla's Readability, the engine of Firefox's
//! reader view) keeps: the article's paragraphs and headings, without navigation, scripts,
//! styles, asides, footers, share bars, related-links lists or cookie banners, whose names
//! would otherwise become the article's facts. Before it scores the page, the blocks news
//! sites put inside the story itself are dropped by well-known names (`BOILERPLATE`:
//! newsletter boxes, share bars, "related" and "most read" lists, consent banners), unless
//! one holds most of the page's text. Paragraphs stay paragraphs (a blank line
//! between them), so the sentence splitter never runs a heading into the next sentence.
//!
//! A page that is not UTF-8 is read in the charset it declares (older sites write
//! windows-1252 or ISO-8859-*), through `encoding_rs`.
//!
//! Metadata comes from the page's head, as news sites write it:
//! - title: JSON-LD `headline`, `og:title`, `<title>` (Readability's choice, site name trimmed);
//! - date: JSON-LD `datePublished`, `article:published_time` and the like, else the first
//!   `<time datetime>`; a date that does not parse is a warning and the article goes in undated;
//! - url: `<link rel="canonical">`, else `og:url`, JSON-LD `url`, or the `saved from url=`
//!   mark a browser writes into a page it saves;
//! - source: `og:site_name` or the JSON-LD publisher.

use super::{article_date, decode, Article, Item, Options, Warning};
use dom_smoothie::{Config, Readability, TextMode};

pub(super) fn read(bytes: &[u8], id: String, origin: &str, options: &Options) -> Item {
    let failed = |reason: String| Item::Failed { origin: origin.to_string(), reason };
    let (raw, warning) = match declared_charset(bytes) {
        // An older page in the charset it declares (windows-1252, ISO-8859-2, Shift_JIS).
        Some(encoding) if std::str::from_utf8(bytes).is_err() => (encoding.decode(bytes).0.into_owned(), None),
        _ => match decode(bytes) {
            Ok(decoded) => decoded,
            Err(reason) => return failed(reason),
        },
    };
    if id.is_empty() {
        return failed("cannot make an article id from the file name".into());
    }
    let mut warnings: Vec<Warning> =
        warning.into_iter().map(|message| Warning { origin: origin.to_string(), message }).collect();
    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    // A parser bug on some odd page must cost that page only, never the batch.
    let parsed = std::panic::catch_unwind(|| -> Result<Page, String> {
        let mut reader = Readability::new(raw.as_str(), None, Some(config)).map_err(|e| e.to_string())?;
        // Read before parsing, which prunes the document.
        let attr = |selector: &str, name: &str| {
            reader.doc.select(selector).attr(name).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
        };
        let canonical =
            attr(r#"link[rel="canonical"]"#, "href").or_else(|| attr(r#"meta[property="og:url"]"#, "content"));
        let time = attr("time[datetime]", "datetime");
        reader.doc.select(NEVER_STORY).remove();
        let total = reader.doc.select("body").text().len();
        for node in reader.doc.select(BOILERPLATE).nodes() {
            if node.text().len() * 2 < total {
                node.remove_from_parent();
            }
        }
        let article = reader.parse().map_err(|e| e.to_string())?;
        Ok(Page {
            title: article.title.trim().to_string(),
            date: first_date(article.published_time.map(|d| d.trim().to_string()), time),
            url: canonical.or(article.url).or_else(|| saved_from(&raw)).unwrap_or_default(),
            source: article.site_name.unwrap_or_default(),
            text: paragraphs(&article.text_content),
        })
    });
    let page = match parsed {
        Ok(Ok(page)) => page,
        Ok(Err(reason)) => return failed(format!("no article found in the page ({reason})")),
        Err(_) => return failed("the HTML reader failed on this page (a bug: please report it with the page)".into()),
    };
    if page.text.trim().is_empty() {
        return failed("no article text found in the page".into());
    }
    let date = article_date(&day_of(&page.date), origin, options, &mut warnings);
    let article = Article { id, title: page.title, date, source: page.source, url: page.url, text: page.text };
    Item::Article { article, origin: origin.to_string(), warnings }
}

/// Elements that are never the story, whatever they hold.
const NEVER_STORY: &str = "nav, aside, footer, noscript, iframe, [role=navigation], [role=complementary]";

/// Blocks that are not the story, by the names news sites and their templates give them.
/// Readability drops most navigation by itself; these are what it keeps when they sit inside
/// the story's container. A page may wrap everything in one of them (a `<form>` around the
/// whole page, a `has-share-bar` class on the wrapper): one holding most of the text stays.
const BOILERPLATE: &str = "form, [role=contentinfo], [aria-hidden=true], \
    [class*=newsletter], [class*=signup], [class*=subscribe], [class*=share], [class*=social], \
    [class*=related], [class*=most-read], [class*=mostread], [class*=trending], [class*=popular], \
    [class*=cookie], [class*=consent], [class*=gdpr], [class*=promo], [class*=advert], \
    [class*=breadcrumb], [class*=paywall], [id*=cookie], [id*=consent], [id*=newsletter], \
    [id*=related]";

/// The charset a page declares in its first bytes (`<meta charset="...">` or
/// `content="text/html; charset=..."`), when it is one `encoding_rs` knows.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let (_, rest) = head.split_once("charset=")?;
    let label: String = rest
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// The url of the `<!-- saved from url=(0052)https://... -->` mark browsers write.
fn saved_from(raw: &str) -> Option<String> {
    let head = raw.get(..raw.len().min(4096))?;
    let (_, rest) = head.split_once("saved from url=(")?;
    let (_, rest) = rest.split_once(')')?;
    let url: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
    let url = url.trim_end_matches("-->").to_string();
    url.starts_with("http").then_some(url)
}

/// What a page gave.
struct Page {
    title: String,
    date: String,
    url: String,
    source: String,
    text: String,
}

/// The first of the page's dates that reads as one (a `published_time` written in words,
/// "March 4, 2025", gives way to `<time datetime>`); else the first, for the warning.
fn first_date(published: Option<String>, time: Option<String>) -> String {
    let found: Vec<String> = published.into_iter().chain(time).filter(|d| !d.is_empty()).collect();
    let readable = found.iter().find(|d| crate::graph::date::parse(&day_of(d)).is_ok());
    readable.or(found.first()).cloned().unwrap_or_default()
}

/// A timestamp without its zone (`2025-03-04T09:00`), which is no RFC 3339, is still its
/// day: keep the calendar date in front of the `T`.
fn day_of(raw: &str) -> String {
    if crate::graph::date::parse(raw).is_ok() {
        return raw.to_string();
    }
    match raw.split_once('T') {
        Some((day, _)) if crate::graph::date::parse(day).is_ok() => day.to_string(),
        _ => raw.to_string(),
    }
}

/// One paragraph a block, a blank line between blocks, no runs of spaces: the shape the
/// sentence splitter reads text files in.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&line);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(html: &str) -> Article {
        match read(html.as_bytes(), "page".into(), "page.html", &Options::default()) {
            Item::Article { article, .. } => article,
            Item::Failed { reason, .. } => panic!("{reason}"),
            _ => panic!("not an article"),
        }
    }

    #[test]
    fn the_body_is_kept_without_the_navigation_and_the_head_gives_the_metadata() {
        let body = "<p>The envoy Anja Holt met the minister Pavel Brandt in Oslo on Monday to talk about the grain corridor and the ports along the coast.</p>".repeat(3);
        let html = format!(
            r#"<html><head><title>Talks in Oslo | Example Wire</title>
            <link rel="canonical" href="https://example.org/talks">
            <meta property="article:published_time" content="2025-03-04T09:00:00Z">
            <meta property="og:site_name" content="Example Wire"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Talks in Oslo</h1>{body}</article>
            <footer>Copyright Example Wire</footer></body></html>"#
        );
        let a = article(&html);
        assert_eq!(
            (a.date.as_str(), a.url.as_str(), a.source.as_str()),
            ("2025-03-04", "https://example.org/talks", "Example Wire")
        );
        assert!(a.text.contains("Anja Holt met the minister"), "{}", a.text);
        assert!(!a.text.contains("Copyright") && !a.text.contains("World"), "{}", a.text);
        assert!(a.text.contains("coast.\n\nThe envoy"), "paragraphs stay apart: {}", a.text);
    }

    #[test]
    fn a_page_wrapped_in_one_form_keeps_its_story_and_loses_its_share_bar() {
        let body = "<p>Anja Holt met Pavel Brandt in Oslo on Monday to talk about the grain corridor and the ports along the coast.</p>".repeat(3);
        let html = format!(
            r#"<html><body><form id="aspnetForm"><div class="share-tools">Share: Lena Berg met Ola Nord</div>
            <div class="story">{body}</div></form></body></html>"#
        );
        let a = article(&html);
        assert!(a.text.contains("Anja Holt met Pavel Brandt"), "{}", a.text);
        assert!(!a.text.contains("Lena Berg"), "{}", a.text);
    }

    #[test]
    fn a_page_in_the_charset_it_declares_is_read_in_it() {
        let mut html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><article>".to_vec();
        let p = b"<p>J\xfcrgen M\xfcller met Ren\xe9e Dubois in Z\xfcrich on Monday to talk about the grain corridor and the ports along the coast.</p>";
        for _ in 0..3 {
            html.extend_from_slice(p);
        }
        html.extend_from_slice(b"</article></body></html>");
        let Item::Article { article, warnings, .. } = read(&html, "p".into(), "p.html", &Options::default()) else {
            panic!("read")
        };
        assert!(
            article.text.contains("J\u{fc}rgen M\u{fc}ller met Ren\u{e9}e Dubois in Z\u{fc}rich"),
            "{}",
            article.text
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_saved_page_names_its_address() {
        let raw = "<!DOCTYPE html>\n<!-- saved from url=(0031)https://example.org/news/a-b -->\n<html>";
        assert_eq!(saved_from(raw).as_deref(), Some("https://example.org/news/a-b"));
        assert_eq!(saved_from("<html>"), None);
    }

    #[test]
    fn a_date_in_words_gives_way_to_a_machine_readable_one() {
        assert_eq!(
            first_date(Some("March 4, 2025".into()), Some("2025-03-04T10:00:00Z".into())),
            "2025-03-04T10:00:00Z"
        );
        assert_eq!(first_date(Some("March 4, 2025".into()), None), "March 4, 2025");
        assert_eq!(first_date(None, None), "");
    }

    #[test]
    fn a_zoneless_timestamp_is_its_day() {
        assert_eq!(day_of("2025-03-04T09:00"), "2025-03-04");
        assert_eq!(day_of("2025-03-04"), "2025-03-04");
        assert_eq!(day_of("yesterday"), "yesterday");
    }

    #[test]
    fn a_page_without_text_fails_with_a_reason() {
        match read(b"<html><body><nav>Home</nav></body></html>", "p".into(), "p.html", &Options::default()) {
            Item::Failed { reason, .. } => assert!(reason.contains("no article"), "{reason}"),
            _ => panic!("read"),
        }
    }
}
