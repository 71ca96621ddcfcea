//! Pictures: the DOT export rendered by Graphviz's `dot` (SVG or PNG).
//!
//! `dot` is a separate program: when it is missing the error says how to install it.
//! Large graphs stay legible by exporting less (`--around`, `--depth`, `--min-evidence`,
//! `--relation`); the DOT itself carries the colours, shapes and legend.

use super::{dot, Error, Selection};
use crate::store::Store;
use std::io::Write;
use std::process::{Command, Stdio};

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("Graphviz's `dot` is not installed; install it (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz) or use --format dot")]
    NoGraphviz,
    #[error("dot failed: {0}")]
    Failed(String),
    #[error(transparent)]
    Export(#[from] Error),
}

/// Renders the selection with `dot -T<format>` (`svg` or `png`) into `out`.
pub fn write(store: &Store, selection: &Selection, format: &str, out: &mut dyn Write) -> Result<(), RenderError> {
    let mut source = Vec::new();
    dot::write(store, selection, &mut source)?;
    let mut child = match Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(RenderError::NoGraphviz),
        Err(e) => return Err(RenderError::Failed(e.to_string())),
    };
    let mut stdin = child.stdin.take().ok_or_else(|| RenderError::Failed("no stdin".into()))?;
    // Feed dot from another thread: a large picture fills its stdout pipe before it has read
    // all of its input.
    let feeder = std::thread::spawn(move || stdin.write_all(&source));
    let output = child.wait_with_output().map_err(|e| RenderError::Failed(e.to_string()))?;
    let _ = feeder.join();
    if !output.status.success() {
        return Err(RenderError::Failed(String::from_utf8_lossy(&output.stderr).trim().to_string()));
    }
    out.write_all(&output.stdout).map_err(Error::Io)?;
    Ok(())
}
