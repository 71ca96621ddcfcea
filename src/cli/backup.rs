//! `kg backup DEST`: a consistent copy of the store. The copy is `ops::backup`; this checks
//! the destination the user named and says what was copied.

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
    crate::ops::refuse_inside_store(&a.dest, &g.db)?;
    if a.dest.exists() {
        return Err(crate::Error::usage(format!("{} already exists: choose a new path", a.dest.display())).into());
    }
    // A server resolves paths from its own directory: send it an absolute one.
    let dest = if a.dest.is_absolute() { a.dest.clone() } else { std::env::current_dir()?.join(&a.dest) };
    let copied = super::client(g).run(&crate::ops::backup::Backup { dest })?;
    if !g.quiet {
        println!("copied {} to {} ({} keys)", g.db.display(), a.dest.display(), copied.keys);
    }
    Ok(ExitCode::SUCCESS)
}
