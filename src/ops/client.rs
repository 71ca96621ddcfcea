//! The HTTP side of `ops::Client`: a running `kg serve`, asked a question (`get`), an
//! operation (`operate`), an export (`get_to`) or an ingest batch (`ingest`), answering the
//! same typed replies as the store would. Blocking (ureq): commands are not async.

use super::{address, Method, Operation};
use crate::view;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// A running server.
pub struct Server {
    base: String,
    token: Option<String>,
    agent: ureq::Agent,
    pub pid: u32,
}

/// Why the server gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Nobody answers at the address: the file is stale. Callers fall back to the store.
    #[error("the server at {0} does not answer")]
    Unreachable(String),
    /// The server answered with an error.
    #[error("{message}")]
    Api { status: u16, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The answer came, but could not be written where it was going (a closed pipe, a
    /// full disk): not the server's doing.
    #[error("writing the output: {0}")]
    Write(std::io::Error),
}

/// The server holding the store at `db`, if one is running.
pub fn running(db: &Path) -> Option<Server> {
    let a = address::read(db)?;
    let agent = ureq::AgentBuilder::new().timeout_connect(Duration::from_secs(2)).build();
    Some(Server {
        base: format!("http://{}", a.addr),
        token: std::env::var("KG_TOKEN").ok().or_else(|| address::token(db, None)),
        agent,
        pid: a.pid,
    })
}

impl Server {
    pub fn url(&self) -> &str {
        &self.base
    }

    fn call(&self, request: ureq::Request) -> Result<ureq::Response, ClientError> {
        self.answer(self.authorized(request).call())
    }

    fn answer(&self, result: Result<ureq::Response, ureq::Error>) -> Result<ureq::Response, ClientError> {
        match result {
            Ok(r) => Ok(r),
            Err(ureq::Error::Status(status, r)) => {
                let message = r
                    .into_json::<serde_json::Value>()
                    .ok()
                    .and_then(|v| v["error"].as_str().map(String::from))
                    .unwrap_or_else(|| format!("the server answered {status}"));
                Err(ClientError::Api { status, message })
            }
            Err(ureq::Error::Transport(t)) if t.kind() == ureq::ErrorKind::ConnectionFailed => {
                Err(ClientError::Unreachable(self.base.clone()))
            }
            Err(ureq::Error::Transport(t)) => Err(ClientError::Io(std::io::Error::other(format!(
                "the server at {} stopped answering ({}): was it stopped? What it had acknowledged is in the store; run the command again",
                self.base,
                t.kind()
            )))),
        }
    }

    fn request(&self, method: &str, endpoint: &str, query: &impl Serialize) -> Result<ureq::Request, ClientError> {
        let query = serde_urlencoded::to_string(query).map_err(std::io::Error::other)?;
        let url = if query.is_empty() {
            format!("{}{endpoint}", self.base)
        } else {
            format!("{}{endpoint}?{query}", self.base)
        };
        Ok(self.agent.request(method, &url))
    }

    /// Asks a question; the answer's JSON read back into its view type.
    pub fn get<Q: Serialize, V: DeserializeOwned>(&self, endpoint: &str, query: &Q) -> Result<V, ClientError> {
        let response = self.call(self.request("GET", endpoint, query)?)?;
        response.into_json().map_err(ClientError::Io)
    }

    /// Streams an answer's body (an export) into `out`.
    pub fn get_to<Q: Serialize>(&self, endpoint: &str, query: &Q, out: &mut dyn Write) -> Result<(), ClientError> {
        let response = self.call(self.request("GET", endpoint, query)?)?;
        let mut body = response.into_reader();
        // Not io::copy: a failed read is the server's, a failed write is ours (`kg export |
        // head` closing its pipe is no server error, and exits 0).
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match std::io::Read::read(&mut body, &mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(ClientError::Io(e)),
            };
            // `read` returns at most the buffer's length.
            out.write_all(buf.get(..n).unwrap_or_default()).map_err(ClientError::Write)?;
        }
    }

    /// Runs an operation on the server: a GET on its route, or a POST with the request as
    /// its JSON body; the reply read back into its type.
    pub fn operate<O: Operation>(&self, op: &O) -> Result<O::Reply, ClientError> {
        let (method, route) = op.route();
        let url = format!("{}{route}", self.base);
        let response = match method {
            Method::Get => self.call(self.agent.get(&url))?,
            Method::Post => {
                let body = serde_json::to_vec(op).map_err(std::io::Error::other)?;
                let request = self.authorized(self.agent.post(&url)).set("Content-Type", "application/json");
                self.answer(request.send_bytes(&body))?
            }
        };
        response.into_json().map_err(ClientError::Io)
    }

    fn authorized(&self, request: ureq::Request) -> ureq::Request {
        match &self.token {
            Some(t) => request.set("Authorization", &format!("Bearer {t}")),
            None => request,
        }
    }

    /// Sends a JSON Lines batch to ingest.
    pub fn ingest<Q: Serialize>(&self, query: &Q, body: &[u8]) -> Result<view::ingest::IngestSummary, ClientError> {
        let request =
            self.authorized(self.request("POST", "/api/ingest", query)?.set("Content-Type", "application/x-ndjson"));
        let response = self.answer(request.send_bytes(body))?;
        response.into_json().map_err(ClientError::Io)
    }
}

impl From<ClientError> for crate::Error {
    /// The server's error as the command's own: the server's message, exit 2 (what the user
    /// must fix, or a failure the server met).
    fn from(e: ClientError) -> crate::Error {
        if let ClientError::Write(io) = e {
            return crate::Error::Write(io);
        }
        let status = match &e {
            ClientError::Api { status, .. } => *status,
            // Not the server's answer: no answer at all, as a gateway would say it.
            ClientError::Unreachable(_) | ClientError::Io(_) | ClientError::Write(_) => 502,
        };
        crate::Error::Server { status, message: e.to_string() }
    }
}
