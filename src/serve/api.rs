//! The HTTP API: the same questions as the CLI, the same answers as `--format json`, and
//! the operations of `ops` (corrections, their log, check, backup, forget) as typed routes. Every
//! route calls `view` or `ops` (ingest too: `ops::ingest`, as `kg ingest` does), never CLI code.
//!
//! Query strings are read into the request types the CLI builds (`view`), lists
//! comma-separated (`relation=met-with,envoy-of`); an operation's request is its JSON body. Errors are JSON, `{"error": ..., "status":
//! ...}`, with `suggestions` for an unknown entity and `candidates` for an ambiguous one:
//! 400 bad parameter, 401/403 a write without its token, 403 another host or origin (the
//! guard, `guard.rs`, which every request passes first), 404 unknown entity or path,
//! 405 wrong method, 409 ambiguous entity, 413 body too large, 415 a write that is not JSON,
//! 500 a store failure or a bug, 503 busy (with `Retry-After`).

use super::App;
use crate::ops::{self, Operation};
use crate::view;
use axum::body::{Body, Bytes};
use axum::extract::{rejection::BytesRejection, DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use std::sync::Arc;

pub fn router(app: Arc<App>) -> Router {
    let limit = app.max_body;
    let gate = || axum::middleware::from_fn_with_state(Arc::clone(&app.gate), super::gate::heavy);
    // Routes that name an entity (show, timeline, evidence) stay outside the gate although a
    // miss runs suggestions: those come from the word index, a bounded number of reads
    // whatever the store's size (about 1 ms for a misspelt name, under 10 ms for a 63-character
    // miss or a misspelt nine-word demand on 20k articles; BENCHMARKS.md, issue 23), and names
    // over 200 characters are refused first. `entities` is gated: its `match` reads every
    // entity until the limit is reached, all of them when nothing matches; so is `duplicates`,
    // which reads every entity's name.
    Router::new()
        .route("/", get(super::web::index))
        .route("/assets/{name}", get(super::web::asset))
        .route("/api/health", get(health))
        .route(
            "/api/entities",
            get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::entities::entities)).layer(gate()),
        )
        .route(
            "/api/duplicates",
            get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::duplicates::duplicates)).layer(gate()),
        )
        .route("/api/show", get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::show::show)))
        .route(
            "/api/neighbors",
            get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::neighbors::neighbors)).layer(gate()),
        )
        .route("/api/path", get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::path::path)).layer(gate()))
        .route("/api/stats", get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::stats::stats)))
        .route("/api/timeline", get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::timeline::timeline)))
        .route("/api/meetings", get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::meetings::meetings)))
        .route("/api/articles", get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::articles::articles)))
        .route("/api/search", get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::search::search)))
        .route("/api/evidence", get(|s: State<Arc<App>>, q: RawQuery| answer(s, q, view::evidence::evidence)))
        .route("/api/export", get(export).layer(gate()))
        .route("/api/ingest", post(ingest).layer(gate()))
        .route("/api/corrections", get(list).post(correct).layer(gate()))
        .route("/api/corrections/import", post(import).layer(gate()))
        .route("/api/corrections/{n}/undo", post(undo).layer(gate()))
        .route("/api/check", get(check).layer(gate()))
        .route("/api/backup", post(backup).layer(gate()))
        .route("/api/forget", post(forget).layer(gate()))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such page or endpoint: see `kg serve --help`".into()) })
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&app.hosts), super::guard::guard))
        .with_state(app)
}

use super::guard::error;

/// A question's error, answered as an operation's: the same statuses and bodies.
fn view_error(e: view::Error) -> Response {
    op_error(crate::Error::from(e))
}

fn bug() -> Response {
    error(StatusCode::INTERNAL_SERVER_ERROR, "internal error (a bug: please report it with the request)".into())
}

/// Reads a query string into a request type; a 400 saying what is wrong otherwise.
fn parse<Q: DeserializeOwned>(query: Option<String>) -> Result<Q, Box<Response>> {
    serde_urlencoded::from_str(query.as_deref().unwrap_or(""))
        .map_err(|e| Box::new(error(StatusCode::BAD_REQUEST, format!("bad query string: {e}"))))
}

/// Answers a question on the blocking pool, where sled's reads belong.
async fn answer<Q, V>(State(app): State<Arc<App>>, RawQuery(query): RawQuery, build: view::Builder<Q, V>) -> Response
where
    Q: DeserializeOwned + Send + 'static,
    V: Serialize + Send + 'static,
{
    let req: Q = match parse(query) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    match tokio::task::spawn_blocking(move || build(&app.store, &req)).await {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => view_error(e),
        Err(_) => bug(),
    }
}

async fn health(State(app): State<Arc<App>>) -> Response {
    Json(json!({"kg": env!("CARGO_PKG_VERSION"), "store": app.db.display().to_string()})).into_response()
}

fn content_type(format: &str) -> &'static str {
    match format {
        "json" => "application/json",
        "dot" => "text/vnd.graphviz; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "graphml" => "application/graphml+xml",
        "ntriples" => "application/n-triples",
        _ => "text/csv; charset=utf-8",
    }
}

/// `GET /api/export`: the export's bytes, streamed as they are written. A directory format
/// (neo4j, csv) is asked for one file at a time, by name: only its own file names are
/// accepted, so no path reaches the file system.
async fn export(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    let req: view::export::ExportRequest = match parse(query) {
        Ok(r) => r,
        Err(response) => return *response,
    };
    if let Err(e) = view::export::check_format(&req.format) {
        return view_error(e);
    }
    let files = view::export::files_of(&req.format);
    let file = match &req.file {
        _ if files.is_empty() => None,
        Some(f) if files.contains(&f.as_str()) => Some(f.clone()),
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                format!(
                    "format {} is a directory: ask for one of its files, file={}",
                    req.format,
                    files.join(" or file=")
                ),
            )
        }
    };
    let kind = match &file {
        Some(f) if f.ends_with(".md") => "text/markdown; charset=utf-8",
        Some(_) => content_type("csv"),
        None => content_type(&req.format),
    };
    if file.is_some() || matches!(req.format.as_str(), "svg" | "png") {
        // Built whole before answering: a directory's file comes from a temporary directory,
        // and a picture can be refused (too big) or fail in Graphviz, which the status says.
        // Graphviz is killed when the client goes (this future is dropped) or past a minute.
        let watch = crate::export::render::Watch {
            timeout: std::time::Duration::from_secs(60),
            abandoned: Arc::new(std::sync::atomic::AtomicBool::new(false)),
        };
        let _abandon_on_drop = AbandonOnDrop(Arc::clone(&watch.abandoned));
        let built = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, view::Error> {
            // The store between two commits of an ingest running meanwhile, never half of one.
            let _consistent = app.store.consistent();
            let selection = view::export::selection(&app.store, &req)?;
            let Some(file) = file else {
                let mut bytes = Vec::new();
                view::export::write(&app.store, &req, &selection, Some(&watch), &mut bytes)?;
                return Ok(bytes);
            };
            let dir = tempfile::tempdir().map_err(|e| view::Error::Usage(format!("temporary directory: {e}")))?;
            view::export::write_dir(&app.store, &req, &selection, dir.path())?;
            std::fs::read(dir.path().join(&file)).map_err(|e| view::Error::Usage(format!("reading {file}: {e}")))
        })
        .await;
        return match built {
            Ok(Ok(bytes)) => ([(header::CONTENT_TYPE, kind)], bytes).into_response(),
            Ok(Err(e)) => view_error(e),
            Err(_) => bug(),
        };
    }
    // Check what can fail before the status line goes out; then stream.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<Result<(), view::Error>>();
    tokio::task::spawn_blocking(move || {
        // The store between two commits of an ingest running meanwhile, never half of one:
        // held until the last byte is handed over.
        let _consistent = app.store.consistent();
        let selection = match view::export::selection(&app.store, &req) {
            Ok(s) => s,
            Err(e) => return drop(ready_tx.send(Err(e))),
        };
        let _ = ready_tx.send(Ok(()));
        let mut out = std::io::BufWriter::with_capacity(64 << 10, ChannelWriter(tx.clone()));
        if let Err(e) = view::export::write(&app.store, &req, &selection, None, &mut out) {
            // The status is sent already: end the body with an error, which cuts the
            // connection, so a client never takes a truncated export for a whole one.
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
            return;
        }
        let _ = std::io::Write::flush(&mut out);
    });
    match ready_rx.await {
        Ok(Ok(())) => {
            let body = Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx));
            ([(header::CONTENT_TYPE, kind)], body).into_response()
        }
        Ok(Err(e)) => view_error(e),
        Err(_) => bug(),
    }
}

/// Sets its flag when dropped: when the request's future is, because its client went away
/// (or it finished, when nothing watches the flag any more).
struct AbandonOnDrop(Arc<std::sync::atomic::AtomicBool>);

impl Drop for AbandonOnDrop {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A `Write` that sends what it is given to the response body.
struct ChannelWriter(tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>);

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs an operation on the blocking pool, where sled's work belongs: a write only with its
/// token. The reply is the operation's JSON; an error, its status and a JSON body.
async fn operate<O: Operation>(app: Arc<App>, headers: &HeaderMap, op: O) -> Response {
    if O::WRITES {
        if let Err(refused) = authorize(&app, headers) {
            return *refused;
        }
    }
    let done = tokio::task::spawn_blocking(move || {
        op.validate()?;
        op.run(&ops::Local { store: &app.store, writer: Some(&app.writer) })
    })
    .await;
    match done {
        Ok(Ok(reply)) => Json(reply).into_response(),
        Ok(Err(e)) => op_error(e),
        Err(_) => bug(),
    }
}

/// An operation's error: its status, and a JSON body with what a client needs to act.
fn op_error(e: crate::Error) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut body = json!({"error": e.to_string(), "status": status.as_u16()});
    match e {
        crate::Error::NotFound { suggestions, .. } => body["suggestions"] = json!(suggestions),
        crate::Error::Ambiguous { candidates, .. } => body["candidates"] = json!(candidates),
        _ => {}
    }
    (status, Json(body)).into_response()
}

/// A request body read into an operation's request type; a 400 saying what is wrong
/// otherwise.
fn body<O: DeserializeOwned>(bytes: &[u8]) -> Result<O, Box<Response>> {
    serde_json::from_slice(bytes)
        .map_err(|e| Box::new(error(StatusCode::BAD_REQUEST, format!("bad request body: {e}"))))
}

/// `POST /api/corrections`: one correction (`{"op": "merge", ...}`).
async fn correct(State(app): State<Arc<App>>, headers: HeaderMap, bytes: Bytes) -> Response {
    match body::<ops::correct::Correct>(&bytes) {
        Ok(op) => operate(app, &headers, op).await,
        Err(response) => *response,
    }
}

/// `POST /api/forget`: articles taken out with the facts only they gave
/// (`{"articles": [...]}`, `{"source": ...}` or `{"match": ...}`, and `"dry_run"`).
async fn forget(State(app): State<Arc<App>>, headers: HeaderMap, bytes: Bytes) -> Response {
    match body::<ops::forget::Forget>(&bytes) {
        Ok(op) => operate(app, &headers, op).await,
        Err(response) => *response,
    }
}

/// `GET /api/corrections`: the log, each entry with whether it holds.
async fn list(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    operate(app, &headers, ops::log::List {}).await
}

/// `GET /api/check`: the store's invariants verified.
async fn check(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    operate(app, &headers, ops::check::Check {}).await
}

/// `POST /api/corrections/import`: a corrections file's lines.
async fn import(State(app): State<Arc<App>>, headers: HeaderMap, bytes: Bytes) -> Response {
    match body::<ops::import::Import>(&bytes) {
        Ok(op) => operate(app, &headers, op).await,
        Err(response) => *response,
    }
}

/// `POST /api/corrections/{n}/undo`.
async fn undo(State(app): State<Arc<App>>, Path(n): Path<String>, headers: HeaderMap) -> Response {
    match n.parse() {
        Ok(n) => operate(app, &headers, ops::log::Undo { n }).await,
        Err(_) => error(StatusCode::BAD_REQUEST, format!("{n:?} is not a correction number")),
    }
}

/// `POST /api/backup`: `{"dest": "/abs/path"}`.
async fn backup(State(app): State<Arc<App>>, headers: HeaderMap, bytes: Bytes) -> Response {
    // The token first, as for every write: a caller without it learns nothing of the path.
    if let Err(refused) = authorize(&app, &headers) {
        return *refused;
    }
    let op: ops::backup::Backup = match body(&bytes) {
        Ok(op) => op,
        Err(response) => return *response,
    };
    // The one file parameter: an absolute path with no `..`, outside the store (the
    // operation checks that again once symbolic links are resolved).
    let dest = &op.dest;
    let plain = dest.is_absolute() && dest.components().all(|c| !matches!(c, std::path::Component::ParentDir));
    if !plain || dest.starts_with(&app.db) || app.db.canonicalize().is_ok_and(|db| dest.starts_with(db)) {
        return error(
            StatusCode::BAD_REQUEST,
            format!("{}: give a new absolute path, outside the store, without ..", dest.display()),
        );
    }
    operate(app, &headers, op).await
}

/// Whether a write may go ahead: with a token, it must be given; without one, only on a
/// loopback address.
fn authorize(app: &App, headers: &HeaderMap) -> Result<(), Box<Response>> {
    match &app.token {
        Some(token) => {
            let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
            if super::guard::carries_token(given, token) {
                Ok(())
            } else {
                Err(Box::new(error(StatusCode::UNAUTHORIZED, "this write needs the token: Authorization: Bearer TOKEN".into())))
            }
        }
        None if app.loopback => Ok(()),
        None => Err(Box::new(error(
            StatusCode::FORBIDDEN,
            format!(
                "writes are refused on a non-loopback address without a token: restart kg serve with --token, or write one to {}",
                crate::ops::address::TOKEN_FILE
            ),
        ))),
    }
}

/// `POST /api/ingest`: a JSON Lines body, ingested as `kg ingest` would (atomic batches),
/// answered with the summary and the failures and warnings by line.
async fn ingest(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if let Err(refused) = authorize(&app, &headers) {
        return *refused;
    }
    let body = match body {
        Ok(b) => b,
        Err(rejection) => {
            let status = rejection.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                format!("the body is larger than {} bytes: send the articles in smaller batches", app.max_body)
            } else {
                rejection.body_text()
            };
            return error(status, message);
        }
    };
    let params: ops::ingest::Batch = match parse(query) {
        Ok(p) => p,
        Err(response) => return *response,
    };
    let done = tokio::task::spawn_blocking(move || params.run(&app.store, &app.db, &app.lex, &app.writer, &body)).await;
    match done {
        Ok(Ok(summary)) => Json(summary).into_response(),
        Ok(Err(e)) => op_error(e),
        Err(_) => bug(),
    }
}
