//! `kg backup DEST`: a consistent copy of the store.

use super::Global;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Write a consistent copy of the store to DEST (a new directory), usable with --db DEST.
///
/// The copy is taken while this process holds the store, so no ingest can change it halfway.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to write the copy; must not exist.
    pub dest: PathBuf,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    super::refuse_inside_store(&a.dest, &g.db)?;
    if a.dest.exists() {
        return Err(exists(&a.dest));
    }
    // A server resolves paths from its own directory: send it an absolute one.
    let dest = if a.dest.is_absolute() { a.dest.clone() } else { std::env::current_dir()?.join(&a.dest) };
    super::remote::dispatch(
        g,
        super::remote::Remote::Backup { dest, db: g.db.display().to_string(), shown: a.dest.display().to_string() },
    )
}

fn exists(dest: &Path) -> anyhow::Error {
    anyhow::Error::new(crate::Error::Usage(format!("{} already exists: choose a new path", dest.display())))
}

/// Copies the open store to `dest`; `db` and `shown` name the store and the copy as the user
/// did.
pub fn backup(
    store: &crate::store::Store,
    dest: &Path,
    db: &str,
    shown: &str,
    out: &mut dyn Write,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    if dest.exists() {
        return Err(exists(dest));
    }
    // Checked here too, where the copy is made: a request to a server comes with a path the
    // client checked, or with any path at all (a symbolic link into the store, #23).
    super::refuse_inside_store(dest, store.path())?;
    // Built beside DEST and renamed into place once complete: a killed backup leaves no
    // DEST that looks like a store.
    let keys = crate::atomic::build_dir(dest, |tmp| -> anyhow::Result<u64> { Ok(store.backup(tmp)?) })?;
    if !quiet {
        writeln!(out, "copied {db} to {shown} ({keys} keys)")?;
    }
    Ok(ExitCode::SUCCESS)
}
