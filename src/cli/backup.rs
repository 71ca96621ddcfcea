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
    super::refuse_inside_store(&a.dest, &g.db)?;
    if a.dest.exists() {
        return Err(anyhow::Error::new(super::Failure {
            message: format!("{} already exists: choose a new path", a.dest.display()),
            code: 2,
        }));
    }
    let store = super::open_existing(g)?;
    // Built beside DEST and renamed into place once complete: a killed backup leaves no
    // DEST that looks like a store.
    let keys = crate::atomic::build_dir(&a.dest, |tmp| -> anyhow::Result<u64> { Ok(store.backup(tmp)?) })?;
    if !g.quiet {
        println!("copied {} to {} ({keys} keys)", g.db.display(), a.dest.display());
    }
    Ok(ExitCode::SUCCESS)
}
