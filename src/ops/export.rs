//! `export`: the graph, or a selection of it, for other tools, from the server holding the
//! store or from the store itself. Not an `Operation`: its answer is a stream of bytes, not a
//! reply, so it is written into the caller's writer (or directory) as it comes, whichever
//! side builds it (`view::export` on the store; `GET /api/export` on the server).

use super::Client;
use crate::error::Result;
use crate::view::export::{self, ExportRequest};
use std::io::Write;
use std::path::Path;

/// The base of N-Triples IRIs when none is given.
pub use crate::export::ntriples::DEFAULT_BASE;

/// Writes the export of a file format (json, dot, svg, png, graphml, ntriples) into `out`.
///
/// # Errors
/// A bad request (an unknown entity, a picture too big), the store's or the server's error,
/// a failed write (`Error::Write`, a closed pipe among them).
pub fn write(client: &Client, req: &ExportRequest, out: &mut dyn Write) -> Result<()> {
    if client.served(|s| s.get_to("/api/export", req, out))?.is_none() {
        let store = client.open_read()?;
        let selection = export::selection(&store, req)?;
        export::write(&store, req, &selection, None, out)?;
    }
    Ok(())
}

/// Writes the files of a directory format (neo4j, csv) into `dir`, which exists; answers
/// how many nodes and relations they hold.
///
/// # Errors
/// As `write`; and a file of `dir` that cannot be written.
pub fn write_dir(client: &Client, req: &ExportRequest, dir: &Path) -> Result<(usize, usize)> {
    let served = client.served(|s| {
        let mut counts = [0usize; 2];
        for (i, file) in export::files_of(&req.format).iter().enumerate() {
            let path = dir.join(file);
            let mut out = std::fs::File::create(&path)?;
            s.get_to("/api/export", &ExportRequest { file: Some(file.to_string()), ..req.clone() }, &mut out)?;
            if let Some(count) = counts.get_mut(i) {
                // Records, not lines: a quoted field may hold a newline.
                *count = ::csv::Reader::from_path(&path).map_err(std::io::Error::other)?.records().count();
            }
        }
        Ok((counts[0], counts[1]))
    })?;
    match served {
        Some(counts) => Ok(counts),
        None => {
            let store = client.open_read()?;
            let selection = export::selection(&store, req)?;
            Ok(export::write_dir(&store, req, &selection, dir)?)
        }
    }
}
