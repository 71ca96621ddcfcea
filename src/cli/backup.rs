//! `kg backup DEST`: a consistent copy of the store.

use super::Global;
use std::path::PathBuf;
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
    let store = super::open_existing(g)?;
    let keys = store.backup(&a.dest)?;
    if !g.quiet {
        println!("copied {} to {} ({keys} keys)", g.db.display(), a.dest.display());
    }
    Ok(ExitCode::SUCCESS)
}
