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
    #[error("Graphviz took longer than {0} s to lay the picture out: cut it with --around ENTITY --depth 1, --min-evidence 2 or --relation")]
    TimedOut(u64),
    /// Whoever asked for the picture is gone (a client that closed its connection).
    #[error("the picture was abandoned: its client went away")]
    Abandoned,
    #[error("dot failed: {0}")]
    Failed(String),
    #[error("the picture would hold {entities} entities and {relations} relations, more than Graphviz lays out legibly ({MAX_PICTURE_ENTITIES} and {MAX_PICTURE_RELATIONS}): cut it with --around ENTITY --depth 1, --min-evidence 2 or --relation, export --format dot, or pass --force")]
    TooBig { entities: usize, relations: usize },
    #[error(transparent)]
    Export(#[from] Error),
}

/// The largest picture rendered without `--force`: Graphviz's layout takes minutes beyond
/// a few thousand nodes, and the picture is unreadable long before.
pub const MAX_PICTURE_ENTITIES: usize = 2_000;
pub const MAX_PICTURE_RELATIONS: usize = 5_000;

/// When to give up on `dot` (the server's pictures; the CLI waits, and Ctrl-C stops it).
#[derive(Clone, Debug)]
pub struct Watch {
    /// `dot` is killed past this.
    pub timeout: std::time::Duration,
    /// Set when nobody waits for the picture any more: `dot` is killed.
    pub abandoned: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// Renders the selection with `dot -T<format>` (`svg` or `png`) into `out`. Unless `force`,
/// a selection over the picture limits is refused, saying how to cut it. With a `watch`,
/// `dot` is killed when it runs too long or its picture is abandoned.
pub fn write(
    store: &Store,
    selection: &Selection,
    format: &str,
    force: bool,
    watch: Option<&Watch>,
    out: &mut dyn Write,
) -> Result<(), RenderError> {
    if !force {
        let entities = selection.entity_ids(store)?.len();
        let mut relations = 0usize;
        selection.for_each_relation(store, |_| {
            relations += 1;
            Ok(())
        })?;
        if entities > MAX_PICTURE_ENTITIES || relations > MAX_PICTURE_RELATIONS {
            return Err(RenderError::TooBig { entities, relations });
        }
    }
    let mut source = Vec::new();
    dot::write(store, selection, &mut source)?;
    let mut command = Command::new("dot");
    command.arg(format!("-T{format}")).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    die_with_parent(&mut command);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(RenderError::NoGraphviz),
        Err(e) => return Err(RenderError::Failed(e.to_string())),
    };
    let mut stdin = child.stdin.take().ok_or_else(|| RenderError::Failed("no stdin".into()))?;
    // Feed dot from another thread: a large picture fills its stdout pipe before it has read
    // all of its input.
    let feeder = std::thread::spawn(move || stdin.write_all(&source));
    let output = match watch {
        None => child.wait_with_output().map_err(|e| RenderError::Failed(e.to_string()))?,
        Some(watch) => watched(child, watch)?,
    };
    let _ = feeder.join();
    if !output.status.success() {
        return Err(RenderError::Failed(String::from_utf8_lossy(&output.stderr).trim().to_string()));
    }
    out.write_all(&output.stdout).map_err(Error::Io)?;
    Ok(())
}

/// Waits for `dot` while reading its output, killing it when the watch says so.
fn watched(mut child: std::process::Child, watch: &Watch) -> Result<std::process::Output, RenderError> {
    use std::io::Read;
    use std::sync::atomic::Ordering;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| RenderError::Failed(e.to_string()))? {
            break status;
        }
        let why = if watch.abandoned.load(Ordering::Relaxed) {
            Some(RenderError::Abandoned)
        } else if started.elapsed() > watch.timeout {
            Some(RenderError::TimedOut(watch.timeout.as_secs()))
        } else {
            None
        };
        if let Some(why) = why {
            let _ = child.kill();
            let _ = child.wait();
            return Err(why);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Ok(std::process::Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Makes the child die when kg does, even on kill -9 (Linux: the parent-death signal), so that
/// no Graphviz is left laying out a graph nobody waits for.
#[cfg(target_os = "linux")]
fn die_with_parent(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs in the forked child before exec and only calls prctl(2),
    // which is async-signal-safe; it touches no memory of the parent.
    unsafe {
        command.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_parent(_command: &mut Command) {}
