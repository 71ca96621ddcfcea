//! What bounds the server's cost: a gate in front of the heavy routes (paths, neighbourhoods,
//! entity lists, exports, ingests, commands), and the connection loop with its header timeout.
//!
//! Each heavy request holds one of a few permits while it works (while its body streams, for
//! an export), so memory and CPU are those of a few requests whatever the number of clients:
//! 96 concurrent all-paths requests on a 30-node clique reached 9.1 GB before (#23). A
//! request that finds every permit taken waits in a short queue; past it, or after waiting
//! too long, it is answered 503 with `Retry-After`. The gate runs before the body is read,
//! so waiting ingests hold no body in memory.

use super::guard::error;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The heavy requests at work at once, and how many may wait.
pub struct Gate {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
    wait: Duration,
}

impl Gate {
    /// As many at work as the machine has cores (at least 2), four times as many waiting,
    /// each for at most `wait`.
    pub fn new(wait: Duration) -> Gate {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
        Gate { permits: Arc::new(Semaphore::new(cores)), waiting: AtomicUsize::new(0), queue: 4 * cores, wait }
    }
}

fn busy(why: &str) -> Response {
    let mut response =
        error(StatusCode::SERVICE_UNAVAILABLE, format!("the server is busy ({why}): try again in a moment"));
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// The middleware on heavy routes.
pub async fn heavy(State(gate): State<Arc<Gate>>, request: Request, next: Next) -> Response {
    if gate.waiting.fetch_add(1, Ordering::SeqCst) >= gate.queue {
        gate.waiting.fetch_sub(1, Ordering::SeqCst);
        return busy("too many requests are waiting");
    }
    let permit = tokio::time::timeout(gate.wait, Arc::clone(&gate.permits).acquire_owned()).await;
    gate.waiting.fetch_sub(1, Ordering::SeqCst);
    let Ok(Ok(permit)) = permit else {
        return busy("every worker stayed taken while this request waited");
    };
    let response = next.run(request).await;
    if axum::body::HttpBody::size_hint(response.body()).exact().is_some() {
        // Built whole: the work is done.
        return response;
    }
    // The permit goes with a streamed body: an export keeps working while it streams.
    let (parts, body) = response.into_parts();
    let stream = tokio_stream::StreamExt::map(body.into_data_stream(), move |chunk| {
        let _held = &permit;
        chunk
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// How long a connection may take to send a request's headers, idle or not: one that sends
/// half of them, or nothing, is closed after this.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(15);

/// Accepts connections and serves `router` on each, until `stop` resolves; then lets the
/// requests in flight finish. Like axum's `serve`, with hyper's header read timeout, which
/// needs a timer axum does not give it.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait for connections to close.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
        let connection = graceful.watch(builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
