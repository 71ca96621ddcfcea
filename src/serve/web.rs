//! The web page, built into the binary: no network needed, nothing read from disk.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("web/index.html");

/// The page's files by name. cytoscape.js and the world outline (Natural Earth through
/// world-atlas, converted by scripts/build_world_outline.py) are vendored at pinned versions
/// (web/vendor/VERSION), with their licences.
const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.js", "text/javascript; charset=utf-8", include_bytes!("web/app.js")),
    ("correct.js", "text/javascript; charset=utf-8", include_bytes!("web/correct.js")),
    ("search.js", "text/javascript; charset=utf-8", include_bytes!("web/search.js")),
    ("meetings.js", "text/javascript; charset=utf-8", include_bytes!("web/meetings.js")),
    ("app.css", "text/css; charset=utf-8", include_bytes!("web/app.css")),
    ("cytoscape.min.js", "text/javascript; charset=utf-8", include_bytes!("web/vendor/cytoscape.min.js")),
    ("cytoscape.LICENSE", "text/plain; charset=utf-8", include_bytes!("web/vendor/cytoscape.LICENSE")),
    ("world-land.json", "application/json", include_bytes!("web/vendor/world-land.json")),
    ("world-land.LICENSE", "text/plain; charset=utf-8", include_bytes!("web/vendor/world-land.LICENSE")),
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
