//! One integration-test binary (faster to build than one per file). Every test drives the
//! real `kg` binary on real files in its own temporary directory.

// Running the binary, per-test directories, fixtures.
mod util;

// `kg ingest`: formats, idempotence, replacement, bad input.
mod cli_ingest;
// Saved news pages, PDFs, folders with other files, and each article's url.
mod cli_html;
// `kg query neighbors` and `kg query path`.
mod cli_query;
// `kg show`, `kg entities`, `kg stats`.
mod cli_show;
// Meetings as events: their day and place, and who was in the room.
mod cli_meetings;
// Aliases are what articles wrote, with their counts; generated spellings only find.
mod cli_aliases;
// People and bodies as the news names them: surnames, initials, acronyms, any ingest order.
mod cli_names;
// `kg duplicates`: merge candidates, table and JSON.
mod cli_duplicates;
// `kg export`: JSON contract and DOT parsed by a real DOT parser; `kg ... | head` exits 0.
mod cli_export;
// Exports for other graph software: N-Triples, GraphML, Neo4j and plain CSV, pictures.
mod cli_formats;
// Dates: front matter, --date, periods, timeline, articles, dated exports.
mod cli_dates;
// Analysts' corrections: reject, assert, the log, undo, export and import.
mod cli_corrections;
// `kg check` against the corrections log: every correction verified in the graph.
mod cli_check;
// `kg forget`: articles out with the facts only they gave; re-ingest gives them back.
mod cli_forget;
// Corrections refused for bad input (self-merges, cycles, names taken): nothing changes.
mod cli_refusals;
// A name that fits several entities: the candidates, and choosing by id or by type.
mod cli_ambiguity;
// The seed article of ../shared, read exactly as annotated.
mod seed;
// `kg extract` and `kg ingest --facts`.
mod cli_facts;
// `kg completions SHELL` and `kg man`: completion scripts and the man page.
mod cli_completions;
// `kg serve`: the API, its errors, the CLI as a client, start and stop.
mod serve;
// `kg search`: full-text search, its index kept by ingest, through kg serve too.
mod cli_search;
// Concurrent use and kill -9 in the middle of an ingest.
mod safety;
// Disk full, interrupted snapshots and outputs, directories and files kg did not create.
mod faults;
// Extraction cases as tables: text in, expected triples out (tests/extract/*.tsv).
mod extract_table;
// Golden files: every reading command and export format on data/articles, byte for byte.
mod golden;
// The module import graph of src/ has no cycle (issue 24).
mod layers;
// The measuring scripts of scripts/ on invented fixtures (need python3).
mod scripts;
