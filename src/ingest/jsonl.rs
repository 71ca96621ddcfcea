//! JSON Lines batches: one article per line, `{"id", "title", "date", "source", "url", "text"}`.
//!
//! `id` and `text` are required strings; the others are optional strings. Each bad line is
//! reported as `path:line: reason` and skipped; the lines after it still go in. Lines are read
//! as bytes so that one line of invalid UTF-8 or an over-long line costs only that line.

use super::{article_date, Article, Item, Options, Warning};
use std::io::{BufRead, Read};

pub(super) fn read(mut input: impl BufRead, origin: &str, options: &Options, sink: &mut dyn FnMut(Item)) {
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        line_no += 1;
        let here = format!("{origin}:{line_no}");
        // Read at most limit+1 bytes of the line, then drain the rest of an over-long one.
        let limit = options.max_article_bytes.saturating_add(4096);
        match std::io::Read::by_ref(&mut input).take(limit as u64 + 1).read_until(b'\n', &mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => {
                sink(Item::Failed { origin: here, reason: e.to_string() });
                return;
            }
        }
        if buf.len() > limit && !buf.ends_with(b"\n") {
            let mut skipped = buf.len();
            while let Ok(chunk) = input.fill_buf() {
                if chunk.is_empty() {
                    break;
                }
                let (used, done) = match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => (i + 1, true),
                    None => (chunk.len(), false),
                };
                skipped += used;
                input.consume(used);
                if done {
                    break;
                }
            }
            sink(Item::Failed {
                origin: here,
                reason: format!(
                    "line is {skipped} bytes, over the article limit of {} (see --max-article-bytes)",
                    options.max_article_bytes
                ),
            });
            continue;
        }
        let line = String::from_utf8_lossy(&buf);
        if line.trim().is_empty() {
            continue;
        }
        let mut warnings = Vec::new();
        if std::str::from_utf8(&buf).is_err() {
            let message = "invalid UTF-8, decoded with replacement characters".to_string();
            warnings.push(Warning { origin: here.clone(), message });
        }
        sink(match parse_line(line.trim(), &here, options, &mut warnings) {
            Ok(article) => Item::Article { article, origin: here, warnings },
            Err(reason) => Item::Failed { origin: here, reason },
        });
    }
}

fn parse_line(line: &str, here: &str, options: &Options, warnings: &mut Vec<Warning>) -> Result<Article, String> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let obj = value.as_object().ok_or("expected a JSON object with \"id\" and \"text\"")?;
    let field = |name: &str, required: bool| -> Result<String, String> {
        match obj.get(name) {
            None | Some(serde_json::Value::Null) if required => Err(format!("missing required field \"{name}\"")),
            None | Some(serde_json::Value::Null) => Ok(String::new()),
            Some(serde_json::Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(format!("field \"{name}\" must be a string, found {}", json_type(other))),
        }
    };
    let id = field("id", true)?;
    let text = field("text", true)?;
    if id.trim().is_empty() {
        return Err("field \"id\" is empty".into());
    }
    if text.trim().is_empty() {
        return Err(format!("article {id:?} has an empty \"text\""));
    }
    if text.len() > options.max_article_bytes {
        return Err(format!(
            "article {id:?} is {} bytes, over the limit of {} (see --max-article-bytes)",
            text.len(),
            options.max_article_bytes
        ));
    }
    Ok(Article {
        id,
        title: field("title", false)?,
        date: article_date(&field("date", false)?, here, options, warnings),
        source: field("source", false)?,
        url: field("url", false)?,
        text,
    })
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(input: &str) -> Vec<Item> {
        let mut out = Vec::new();
        read(input.as_bytes(), "b.jsonl", &Options::default(), &mut |i| out.push(i));
        out
    }

    #[test]
    fn bad_lines_are_reported_and_good_ones_still_read() {
        let got = items("{\"id\":\"a\",\"text\":\"x\"}\nnot json\n{\"id\":1,\"text\":\"x\"}\n{\"text\":\"x\"}\n\n{\"id\":\"b\",\"text\":\"y\"}\n");
        let summary: Vec<String> = got
            .iter()
            .map(|i| match i {
                Item::Article { article, .. } => format!("ok {}", article.id),
                Item::Failed { origin, reason } => format!("{origin} {reason}"),
                _ => "neither".into(),
            })
            .collect();
        assert_eq!(summary[0], "ok a");
        assert!(summary[1].starts_with("b.jsonl:2 malformed JSON"));
        assert_eq!(summary[2], "b.jsonl:3 field \"id\" must be a string, found a number");
        assert_eq!(summary[3], "b.jsonl:4 missing required field \"id\"");
        assert_eq!(summary[4], "ok b");
        assert_eq!(got.len(), 5);
    }

    /// Each item as `origin ok id text` or `origin failed`, to compare whole batches at once.
    fn outline(item: &Item) -> String {
        match item {
            Item::Article { article, origin, .. } => format!("{origin} ok {} {}", article.id, article.text),
            Item::Failed { origin, .. } | Item::Skipped { origin, .. } => format!("{origin} failed"),
            Item::Unread(_) => "unread".into(),
        }
    }

    proptest::proptest! {
        /// Any bytes at all: one item per line that is not blank, at that line, in order, and
        /// every article read has an id and a text within the limit.
        #[test]
        fn any_bytes_give_one_item_per_non_blank_line_in_order(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let options = Options { max_article_bytes: 64, default_date: None };
            let mut got = Vec::new();
            read(bytes.as_slice(), "b", &options, &mut |i| got.push(i));
            let origins: Vec<&str> = got
                .iter()
                .map(|i| match i {
                    Item::Article { origin, .. } | Item::Failed { origin, .. } | Item::Skipped { origin, .. } => origin.as_str(),
                    Item::Unread(_) => "unread",
                })
                .collect();
            let expected: Vec<String> = bytes
                .split(|&b| b == b'\n')
                .enumerate()
                .filter(|(_, line)| !String::from_utf8_lossy(line).trim().is_empty())
                .map(|(n, _)| format!("b:{}", n + 1))
                .collect();
            proptest::prop_assert_eq!(origins, expected);
            for item in &got {
                if let Item::Article { article, .. } = item {
                    proptest::prop_assert!(!article.id.trim().is_empty() && !article.text.trim().is_empty());
                    proptest::prop_assert!(article.text.len() <= options.max_article_bytes);
                }
            }
        }

        /// Good records among bad lines: each good one comes out as written, each bad one as one
        /// failure at its own line, and nothing else.
        #[test]
        fn good_lines_are_read_as_written_and_bad_lines_fail_alone(
            lines in proptest::collection::vec(proptest::option::of(("[a-z0-9-]{1,8}", "[A-Za-z][A-Za-z .,']{0,40}")), 0..12)
        ) {
            let mut input = String::new();
            let mut expected = Vec::new();
            for (n, line) in lines.iter().enumerate() {
                match line {
                    Some((id, text)) => {
                        input.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
                        expected.push(format!("b:{} ok {id} {text}", n + 1));
                    }
                    None => {
                        input.push_str("{\"id\": \"x\", \"text\": ");
                        expected.push(format!("b:{} failed", n + 1));
                    }
                }
                input.push('\n');
            }
            let mut got = Vec::new();
            read(input.as_bytes(), "b", &Options { max_article_bytes: 64, default_date: None }, &mut |i| {
                got.push(outline(&i))
            });
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn over_long_line_is_refused_and_the_next_line_still_read() {
        let options = Options { max_article_bytes: 10, default_date: None };
        let long = format!("{{\"id\":\"a\",\"text\":\"{}\"}}\n{{\"id\":\"b\",\"text\":\"ok\"}}\n", "x".repeat(10_000));
        let mut out = Vec::new();
        read(long.as_bytes(), "b", &options, &mut |i| out.push(i));
        assert!(matches!(&out[0], Item::Failed { reason, .. } if reason.contains("over the article limit")));
        assert!(matches!(&out[1], Item::Article { article, .. } if article.id == "b"));
    }
}
