//! `kg serve`: hold the store in one process and answer HTTP. Only the flags are here: the
//! server is the other face (`crate::serve`), and `main.rs` hands it these flags, so that the
//! CLI never imports the server (`super::Serve`).

#[derive(clap::Args, Debug)]
#[command(long_about = LONG)]
/// Serve the store over HTTP: a JSON API and a web page to explore the graph.
pub struct Args {
    /// Where to listen (HOST:PORT). Port 0 picks a free one; the address chosen is printed
    /// and written to DB/serve.json.
    #[arg(long, default_value = "127.0.0.1:7070")]
    pub addr: String,
    /// The token write requests must carry (Authorization: Bearer TOKEN) [default: the
    /// contents of DB/serve.token, if any]. Needed for writes on a non-loopback address.
    #[arg(long, env = "KG_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// The largest request body, in bytes: an ingest batch.
    #[arg(long, default_value_t = 64 << 20)]
    pub max_body: usize,
    /// sled's page cache in MiB: what the server keeps of the store in memory (its RSS grows
    /// to about this, and a few times the biggest answers in flight, then stays there).
    #[arg(long, value_name = "MIB", default_value_t = 256)]
    pub cache_mb: u64,
    /// A host name the server may be reached by, besides loopback names (localhost,
    /// 127.0.0.1, [::1]) and the bound address; repeat for more. Requests naming any other
    /// host (a DNS-rebinding page) are refused.
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Extra lexicon and pattern files for ingests through the server.
    #[arg(long, env = "KG_LEXICON")]
    pub lexicon: Option<std::path::PathBuf>,
}

const LONG: &str = "Serve the store over HTTP: a JSON API and a web page to explore the graph.

The server opens the store once, so queries answer in milliseconds, and an ingest can run
while others query. While it runs, every other kg command on the same --db asks the server
instead of opening the store: the same typed request, the same reply, printed the same way
(same output, same exit codes). Ctrl-C (or SIGTERM) stops it: requests in flight finish,
then the store is flushed.

Open http://127.0.0.1:7070/ for the web page: search an entity, expand its neighbourhood,
click a node or an edge for its evidence, filter by relation, type and dates, find paths.
Right-click to correct: a node to rename, retype, merge the selected node into it or assert
an edge with it; an edge to reject it; the background to undo the last correction. The
Corrections button lists the log. With a token, the address printed at start carries it in
the fragment (http://127.0.0.1:7070/#token=...): open that one to correct from the page.

The API answers JSON, the same shapes as --format json:
  GET  /api/entities?match=putin&type=person&since=2025-01&limit=10
  GET  /api/show?entity=Putin
  GET  /api/neighbors?entity=Putin&depth=2&relation=met-with,envoy-of&direction=both
  GET  /api/path?from=Ushakov&to=Trump&max_depth=4&all=true
  GET  /api/timeline?entity=Witkoff&since=2025-03
  GET  /api/articles?match=reuters     GET /api/stats
  GET  /api/search?q=%22grain+deal%22&since=2025-03&limit=10
  GET  /api/duplicates?type=person&limit=20
  GET  /api/evidence?source=Witkoff&relation=met-with&target=Dmitriev
  GET  /api/export?format=graphml      (neo4j and csv: &file=nodes.csv, ...)
  POST /api/ingest                     (a JSON Lines body; ?reextract=true, ?date=2025-03;
                                        ?facts=true for kg extract output)
  POST /api/corrections                (one correction, as JSON: {\"op\": \"merge\", \"keep\": ...,
                                        \"others\": [...], \"note\": ...}; also unmerge, rename,
                                        retype, reject, assert)
  GET  /api/corrections                (the log)
  POST /api/corrections/3/undo
  POST /api/corrections/import         ({\"file\": ..., \"lines\": [[1, {correction}], ...]})
  GET  /api/check
  POST /api/backup                     ({\"dest\": \"/absolute/new/path\"})
Errors are JSON with a status: 400 bad parameter or request, 401/403 write without its token,
403 another host or origin, 404 unknown entity or correction, 405 wrong method, 409 ambiguous
entity (with candidates), 413 body too large, 415 a write that is not JSON, 500 a store
failure, 503 busy (paths, entity lists, exports, ingests, corrections, checks and backups run
a few at a time; retry).

Writes (POST) must carry Content-Type: application/json, or application/x-ndjson for an
ingest, e.g. curl -H 'Content-Type: application/x-ndjson' --data-binary @batch.jsonl.

It listens on loopback by default. On any other address, writes need a token (--token, or
DB/serve.token). Pages of other origins cannot use it through a browser: there are no CORS
headers, writes from another origin are refused (Origin, Sec-Fetch-Site), and requests naming
a host other than loopback, the bound address or --allow-host are refused (DNS rebinding).

Examples:
  kg serve
  kg serve --db news.sled --addr 127.0.0.1:8080
  curl 'http://127.0.0.1:7070/api/neighbors?entity=Witkoff'";
