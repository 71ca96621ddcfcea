//! Writing results: JSON, and a stdout whose closed pipe is not an
//! error (`kg export | head` exits 0, as ripgrep and xsv do).

use std::io::Write;

pub use crate::view::text::{table, terminal_safe};

/// Whether an error is a closed stdout pipe: the io::Error itself, or kept inside the
/// error of the layer that met it (`crate::Error::Write`, `view::Error::Write`). An error
/// that turned it into text would exit 2 with "Broken pipe": keep the io::Error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let closed = |e: &std::io::Error| e.kind() == std::io::ErrorKind::BrokenPipe;
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(closed)
            || c.downcast_ref::<crate::Error>().is_some_and(crate::Error::is_broken_pipe)
            || matches!(c.downcast_ref::<crate::view::Error>(), Some(crate::view::Error::Write(e)) if closed(e))
    })
}

/// Writes a JSON value and a newline.
pub fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    writeln!(out)
}

/// Runs `write` into FILE (written beside it and renamed over it once complete, so it is
/// whole or not at all) or, without one, into a buffered standard output.
pub fn to_file_or_stdout(
    path: Option<&std::path::Path>,
    write: &mut dyn FnMut(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            let mut file = crate::atomic::AtomicFile::create(path)?;
            write(&mut file)?;
            file.flush()?;
            file.commit()?;
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
