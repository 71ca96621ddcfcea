//! The web page, built into the binary: no network needed, nothing read from disk.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("web/index.html");

/// The page's files by name. cytoscape.js is vendored at a pinned version
/// (web/vendor/VERSION), with its licence.
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("web/app.js")),
    ("correct.js", "text/javascript; charset=utf-8", include_bytes!("web/correct.js")),
    ("search.js", "text/javascript; charset=utf-8", include_bytes!("web/search.js")),
    ("app.css", "text/css; charset=utf-8", include_bytes!("web/app.css")),
    ("cytoscape.min.js", "text/javascript; charset=utf-8", include_bytes!("web/vendor/cytoscape.min.js")),
    ("cytoscape.LICENSE", "text/plain; charset=utf-8", include_bytes!("web/vendor/cytoscape.LICENSE")),
];

pub async fn index() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX).into_response()
}

/// One of the page's files. Only the names above exist: a path like `../x` is just an
/// unknown name.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, kind, bytes)) => {
            ([(header::CONTENT_TYPE, *kind), (header::CACHE_CONTROL, "no-cache")], *bytes).into_response()
        }
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
