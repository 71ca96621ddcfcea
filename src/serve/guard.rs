//! The guard every request passes before its route: what keeps web pages the user visits
//! from reading or writing the graph through the user's browser, and the headers every
//! answer carries. It never reads a body and never touches the store.
//!
//! Who can reach the server: any program on the machine (loopback), and, when bound wider,
//! the network (then writes need the token). A browser is the dangerous client: it runs
//! other sites' scripts and sends their requests from this machine. The rules, after what
//! other local servers do:
//! - `Host` must be a name of this server: loopback names, the bound address, or
//!   `--allow-host`. A DNS-rebinding page (`evil.example` resolved to 127.0.0.1) sends its
//!   own name, so it can neither read nor write. IP literals are loopback or the bound
//!   address (any, when bound to every interface: a literal cannot be rebound). Jupyter Server's `check_host`
//!   (jupyter_server/base/handlers.py: hostnames from `local_hostnames`, IPs must be
//!   loopback, 403 otherwise), and Vite's `server.allowedHosts` (CVE-2025-24010).
//! - A write (any method but GET and HEAD) must not come from another origin: `Origin`, when
//!   sent, must be this server's own (`http://` + `Host`), and `Sec-Fetch-Site`, when sent,
//!   must be `same-origin` or `none`. Another port is another origin, though the same site.
//!   Jupyter's `check_origin` and `check_xsrf_cookie`; Fetch Metadata as in
//!   web.dev/articles/fetch-metadata and OWASP's CSRF cheat sheet ("Verifying Origin With
//!   Standard Headers").
//! - A write must say its body is JSON or JSON Lines. A page can only send `text/plain`,
//!   form or multipart bodies without a CORS preflight (`mode: 'no-cors'`, forms); any other
//!   type makes the browser ask first, and the server grants no CORS. OWASP's CSRF cheat
//!   sheet ("Employing Custom Request Headers for AJAX/API").
//! - Every answer says it must not be framed (`frame-ancestors 'none'`, `X-Frame-Options`),
//!   nor sniffed (`nosniff`), nor loaded by another origin (`Cross-Origin-Resource-Policy`).
//!
//! Errors the routes or axum answer without a JSON body (405, 413, a rejected body) are
//! made JSON here, so that every error has the same shape. Not hyper's own: a request head
//! its HTTP/1 connection cannot parse or hold (400; 414, a request line over 64 KiB; 431,
//! headers past its read buffer of about 400 KB) is answered before any service runs, so
//! before this guard, with a status line and an empty body, and the connection is closed.
//! hyper 1 has no hook for that answer (`proto/h1/role.rs`, `Server::on_error`, builds a
//! head alone), and no name a request can carry comes near those sizes (names stop at 200
//! characters).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The host names a request may use.
#[derive(Clone, Debug)]
pub struct Hosts {
    /// The address the server is bound to (an unspecified one, 0.0.0.0, adds nothing).
    bound: IpAddr,
    /// `--allow-host`, lower case, without port.
    allowed: Vec<String>,
}

impl Hosts {
    pub fn new(bound: SocketAddr, allowed: &[String]) -> Hosts {
        Hosts {
            bound: bound.ip(),
            allowed: allowed.iter().map(|h| strip_port(h.trim()).to_ascii_lowercase()).collect(),
        }
    }

    /// Whether `host` (a `Host` header, with or without port) names this server.
    pub fn accepts(&self, host: &str) -> bool {
        let name = strip_port(host).to_ascii_lowercase();
        if name.is_empty() {
            return false;
        }
        if self.allowed.contains(&name) {
            return true;
        }
        let literal = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(&name);
        match literal.parse::<IpAddr>() {
            // Bound to every interface, any of the machine's addresses reaches it, and an IP
            // literal cannot be rebound: a rebinding page always uses a name.
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            Err(_) => name == "localhost",
        }
    }
}

/// `example.org:7070` → `example.org`, `[::1]:7070` → `[::1]`.
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// A JSON error with its status (the API's shape).
pub fn error(status: StatusCode, message: String) -> Response {
    (status, axum::Json(json!({"error": message, "status": status.as_u16()}))).into_response()
}

/// Content types a write may carry: JSON (corrections, import, undo, backup) and JSON Lines
/// (`/api/ingest`), under
/// the names in use for the latter.
const WRITE_TYPES: &[&str] = &[
    "application/json",
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/jsonlines",
];

/// Why a request is refused before its route, if it is.
pub fn refusal(hosts: &Hosts, method: &Method, headers: &HeaderMap) -> Option<(StatusCode, String)> {
    let text = |name: header::HeaderName| headers.get(name).map(|v| v.to_str().unwrap_or("\u{fffd}"));
    let host = text(header::HOST).unwrap_or("");
    if !hosts.accepts(host) {
        return Some((
            StatusCode::FORBIDDEN,
            format!(
                "host {host:?} is not a name of this server: use http://127.0.0.1 or http://localhost, or restart kg serve with --allow-host NAME"
            ),
        ));
    }
    if *method == Method::GET || *method == Method::HEAD {
        return None;
    }
    if let Some(origin) = text(header::ORIGIN) {
        let own = format!("http://{host}");
        if !origin.eq_ignore_ascii_case(&own) {
            return Some((
                StatusCode::FORBIDDEN,
                format!("a write from another origin ({origin}) is refused: only this server's own page, or a program that sends no Origin, may write"),
            ));
        }
    }
    if let Some(site) = headers.get("sec-fetch-site").map(|v| v.to_str().unwrap_or("")) {
        if !matches!(site, "same-origin" | "none") {
            return Some((
                StatusCode::FORBIDDEN,
                format!("a write from another site or origin (Sec-Fetch-Site: {site}) is refused"),
            ));
        }
    }
    let kind = text(header::CONTENT_TYPE).unwrap_or("");
    let essence = kind.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if !WRITE_TYPES.contains(&essence.as_str()) {
        let given = if kind.is_empty() { "none".to_string() } else { format!("{kind:?}") };
        return Some((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "a write must carry Content-Type: application/json (or application/x-ndjson for an ingest); it had {given}"
            ),
        ));
    }
    None
}

/// The headers on every answer. The page loads its scripts and styles from /assets only;
/// its styles set `style` attributes (legend swatches), hence `'unsafe-inline'` for styles
/// alone. Pictures it downloads are `blob:` URLs; cytoscape's PNG export uses `data:`.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn secure(headers: &mut HeaderMap) {
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
}

/// The largest error body read back to put in a JSON error: axum's own are a line.
const MAX_ERROR_TEXT: usize = 4096;

/// The middleware: refuses what `refusal` refuses, makes every error JSON, and adds the
/// security headers.
pub async fn guard(State(hosts): State<Arc<Hosts>>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let mut response = match refusal(&hosts, &method, request.headers()) {
        Some((status, message)) => error(status, message),
        None => next.run(request).await,
    };
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let text =
            match axum::body::to_bytes(std::mem::replace(response.body_mut(), Body::empty()), MAX_ERROR_TEXT).await {
                Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_string(),
                Err(_) => String::new(),
            };
        let message = match status {
            StatusCode::METHOD_NOT_ALLOWED => {
                format!("{method} is not allowed here: questions are GET, ingest, corrections and backup are POST")
            }
            _ if !text.is_empty() => text,
            _ => status.canonical_reason().unwrap_or("error").to_string(),
        };
        let allow = response.headers().get(header::ALLOW).cloned();
        response = error(status, message);
        if let Some(allow) = allow {
            response.headers_mut().insert(header::ALLOW, allow);
        }
    }
    secure(response.headers_mut());
    response
}

/// Whether `given` (an `Authorization` header) carries `token`: the scheme read
/// case-insensitively (RFC 9110 §11.1), the token compared in constant time (digests of
/// both, so neither the content nor the length shows in the timing).
pub fn carries_token(given: &str, token: &str) -> bool {
    use sha2::{Digest, Sha256};
    let given = given.trim();
    let Some((scheme, credentials)) = given.split_once(' ') else { return false };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return false;
    }
    let (a, b) = (Sha256::digest(credentials.trim().as_bytes()), Sha256::digest(token.as_bytes()));
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bound: &str, allowed: &[&str]) -> Hosts {
        Hosts::new(bound.parse().unwrap(), &allowed.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn loopback_names_and_the_bound_address_are_this_server() {
        let h = hosts("127.0.0.1:7070", &[]);
        for ok in ["127.0.0.1:7070", "localhost:7070", "LOCALHOST", "[::1]:7070", "127.0.0.2", "[::1]"] {
            assert!(h.accepts(ok), "{ok}");
        }
        for refused in ["evil.example:7070", "evil.example", "", "10.0.0.1:7070", "localhost.evil.example", "[::2]"] {
            assert!(!h.accepts(refused), "{refused}");
        }
        let wide = hosts("192.168.1.5:7070", &["kg.lan:7070"]);
        assert!(wide.accepts("192.168.1.5:7070") && wide.accepts("KG.lan") && wide.accepts("localhost"));
        assert!(!wide.accepts("192.168.1.6:7070") && !wide.accepts("other.lan"));
        // Bound to every interface: any address, but no name but localhost and the allowed.
        assert!(hosts("0.0.0.0:7070", &[]).accepts("192.168.1.6:7070"));
        assert!(!hosts("0.0.0.0:7070", &[]).accepts("evil.example:7070"));
    }

    #[test]
    fn writes_from_other_origins_or_without_a_json_type_are_refused() {
        let h = hosts("127.0.0.1:7070", &[]);
        let with = |pairs: &[(&str, &str)]| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, HeaderValue::from_static("127.0.0.1:7070"));
            for (k, v) in pairs {
                m.insert(header::HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
            }
            m
        };
        let json = ("content-type", "application/json");
        assert!(refusal(&h, &Method::POST, &with(&[json])).is_none());
        assert!(refusal(&h, &Method::POST, &with(&[("content-type", "application/x-ndjson; charset=utf-8")])).is_none());
        assert!(refusal(&h, &Method::POST, &with(&[json, ("origin", "http://127.0.0.1:7070")])).is_none());
        assert!(refusal(&h, &Method::POST, &with(&[json, ("sec-fetch-site", "same-origin")])).is_none());
        let refused: &[&[(&str, &str)]] = &[
            &[],
            &[("content-type", "text/plain")],
            &[("content-type", "application/x-www-form-urlencoded")],
            &[json, ("origin", "http://127.0.0.1:8000")],
            &[json, ("origin", "null")],
            &[json, ("sec-fetch-site", "cross-site")],
            &[json, ("sec-fetch-site", "same-site")],
        ];
        for headers in refused {
            assert!(refusal(&h, &Method::POST, &with(headers)).is_some(), "{headers:?}");
        }
        // Reads need only the host.
        assert!(refusal(&h, &Method::GET, &with(&[("origin", "http://evil.example")])).is_none());
    }

    #[test]
    fn the_token_is_read_with_any_case_of_bearer() {
        assert!(carries_token("Bearer s3cret", "s3cret"));
        assert!(carries_token("bearer s3cret", "s3cret"));
        assert!(carries_token("BEARER  s3cret ", "s3cret"));
        assert!(!carries_token("Bearer s3cre", "s3cret"));
        assert!(!carries_token("Basic s3cret", "s3cret"));
        assert!(!carries_token("s3cret", "s3cret"));
        assert!(!carries_token("", "s3cret"));
    }
}
