//! Files and directories that appear whole or not at all.
//!
//! Everything kg writes for a user (exports, pictures, backups, imported stores) is written
//! under a temporary name beside its target, synced, then renamed over it: a kill, a full
//! disk or an error halfway leaves the previous file as it was, never a truncated one. A
//! temporary left by a killed run is recognised by its name (`.NAME.kg-tmp-PID`) and removed
//! by the next write to the same target, never read.
//!
//! kg never writes through a symbolic link and never replaces what it did not create: a
//! link, or a non-empty directory that holds no kg export, is refused.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The file that marks a directory as a kg export (neo4j, csv), so that a later export may
/// replace it.
pub const EXPORT_MARKER: &str = ".kg-export";

/// Why an output cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{} is a symbolic link: kg does not write through links (give the real path)", .0.display())]
    Symlink(PathBuf),
    #[error("{} is a directory: give a file name", .0.display())]
    IsDirectory(PathBuf),
    #[error("{} is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("{} is not empty and is not a kg export: refusing to replace it (give a new or empty directory)", .0.display())]
    ForeignDirectory(PathBuf),
    #[error("{what} {}: {source}", path.display())]
    Io { what: &'static str, path: PathBuf, source: io::Error },
}

fn io_err<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> OutputError + 'a {
    move |source| OutputError::Io { what, path: path.to_path_buf(), source }
}

/// `.NAME.kg-tmp-PID` beside `target`.
fn temp_sibling(target: &Path, kind: &str) -> PathBuf {
    let name = target.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    parent_of(target).join(format!(".{name}.kg-{kind}-{}", std::process::id()))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Removes temporaries and set-aside old copies that earlier, killed runs left beside `target`.
pub fn clean_stale(target: &Path) {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else { return };
    let Ok(entries) = fs::read_dir(parent_of(target)) else { return };
    let prefixes = [format!(".{name}.kg-tmp-"), format!(".{name}.kg-old-")];
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file.starts_with(p.as_str())) {
            let path = entry.path();
            // Best effort: what cannot be removed is still never read.
            let _ = if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
        }
    }
}

/// Refuses a target that is a symbolic link.
fn refuse_link(target: &Path) -> Result<(), OutputError> {
    match fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => Err(OutputError::Symlink(target.to_path_buf())),
        _ => Ok(()),
    }
}

/// Makes a rename in `dir` durable.
fn sync_dir(dir: &Path) {
    // Not every file system lets a directory be opened for sync; the rename itself is done.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A file written under a temporary name and renamed over its target by `commit`. Dropped
/// without a commit, the temporary is removed and the target is untouched.
pub struct AtomicFile {
    tmp: PathBuf,
    target: PathBuf,
    out: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `target`.
    ///
    /// # Errors
    /// The target is a link or a directory, or the temporary cannot be created.
    pub fn create(target: &Path) -> Result<AtomicFile, OutputError> {
        refuse_link(target)?;
        if target.is_dir() {
            return Err(OutputError::IsDirectory(target.to_path_buf()));
        }
        clean_stale(target);
        let tmp = temp_sibling(target, "tmp");
        let file =
            fs::OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(io_err("creating", target))?;
        Ok(AtomicFile { tmp, target: target.to_path_buf(), out: Some(BufWriter::new(file)) })
    }

    /// Syncs the file and renames it over the target.
    ///
    /// # Errors
    /// Writing, syncing or renaming failed; the target is then untouched.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let out = self.out.take().ok_or_else(|| OutputError::Io {
            what: "writing",
            path: self.target.clone(),
            source: io::Error::other("already committed"),
        })?;
        let file = out.into_inner().map_err(|e| e.into_error()).map_err(io_err("writing", &self.target))?;
        file.sync_all().map_err(io_err("syncing", &self.target))?;
        drop(file);
        refuse_link(&self.target)?;
        fs::rename(&self.tmp, &self.target).map_err(io_err("renaming into", &self.target))?;
        sync_dir(&parent_of(&self.target));
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.as_mut().ok_or_else(|| io::Error::other("already committed"))?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.as_mut().map_or(Ok(()), Write::flush)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// A directory built under a temporary name and swapped in for its target by `commit`.
pub struct AtomicDir {
    tmp: PathBuf,
    target: PathBuf,
    done: bool,
}

impl AtomicDir {
    /// Starts building `target`, which must be absent, empty, or an earlier kg export.
    ///
    /// # Errors
    /// The target is a link, a file, or a directory kg did not write; or an i/o error.
    pub fn create(target: &Path) -> Result<AtomicDir, OutputError> {
        refuse_link(target)?;
        check_replaceable(target)?;
        clean_stale(target);
        let tmp = temp_sibling(target, "tmp");
        fs::create_dir(&tmp).map_err(io_err("creating", target))?;
        Ok(AtomicDir { tmp, target: target.to_path_buf(), done: false })
    }

    /// Where to write the directory's files.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Marks the directory as a kg export, syncs it and swaps it in for the target.
    ///
    /// # Errors
    /// An i/o error; the target is then as it was.
    pub fn commit(mut self) -> Result<(), OutputError> {
        fs::write(self.tmp.join(EXPORT_MARKER), b"written by kg export; kg may replace this directory\n")
            .map_err(io_err("writing", &self.target))?;
        for entry in fs::read_dir(&self.tmp).map_err(io_err("reading", &self.target))?.flatten() {
            if let Ok(f) = File::open(entry.path()) {
                f.sync_all().map_err(io_err("syncing", &self.target))?;
            }
        }
        sync_dir(&self.tmp);
        refuse_link(&self.target)?;
        check_replaceable(&self.target)?;
        let old = temp_sibling(&self.target, "old");
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).map_err(io_err("moving aside", &self.target))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(OutputError::Io { what: "renaming into", path: self.target.clone(), source: e });
        }
        self.done = true;
        sync_dir(&parent_of(&self.target));
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for AtomicDir {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// A directory output may replace nothing, an empty directory, or an earlier kg export.
fn check_replaceable(target: &Path) -> Result<(), OutputError> {
    match fs::symlink_metadata(target) {
        Err(_) => Ok(()),
        Ok(m) if !m.is_dir() => Err(OutputError::NotADirectory(target.to_path_buf())),
        Ok(_) => {
            let mut entries = fs::read_dir(target).map_err(io_err("reading", target))?;
            if entries.next().is_none() || target.join(EXPORT_MARKER).is_file() {
                Ok(())
            } else {
                Err(OutputError::ForeignDirectory(target.to_path_buf()))
            }
        }
    }
}

/// Builds a new directory (a store) at a temporary name beside `target` and renames it into
/// place when `build` succeeds; `target` must be absent or an empty directory. A failed or
/// killed build leaves `target` as it was.
///
/// # Errors
/// The target exists and is not empty, `build` failed, or an i/o error.
pub fn build_dir<T, E>(target: &Path, build: impl FnOnce(&Path) -> Result<T, E>) -> Result<T, E>
where
    E: From<OutputError>,
{
    refuse_link(target)?;
    if target.exists() {
        let empty = fs::read_dir(target).map_err(io_err("reading", target))?.next().is_none();
        if !empty {
            return Err(OutputError::ForeignDirectory(target.to_path_buf()).into());
        }
    }
    clean_stale(target);
    let tmp = temp_sibling(target, "tmp");
    let result = build(&tmp);
    let value = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    if target.exists() {
        fs::remove_dir(target).map_err(io_err("replacing", target))?;
    }
    fs::rename(&tmp, target).map_err(io_err("renaming into", target))?;
    sync_dir(&parent_of(target));
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uncommitted_file_leaves_the_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        fs::write(&target, "old").unwrap();
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"half").unwrap();
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_committed_file_replaces_the_target_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        fs::write(&target, "old").unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn stale_temporaries_of_killed_runs_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        fs::write(dir.path().join(".out.json.kg-tmp-99999"), "stale").unwrap();
        AtomicFile::create(&target).unwrap().commit().unwrap();
        let names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names, vec!["out.json"]);
    }

    #[test]
    fn a_directory_kg_did_not_write_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("csv");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("notes.txt"), "mine").unwrap();
        assert!(matches!(AtomicDir::create(&target), Err(OutputError::ForeignDirectory(_))));
        assert_eq!(fs::read_to_string(target.join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn a_new_export_directory_replaces_the_old_one_without_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("csv");
        let first = AtomicDir::create(&target).unwrap();
        fs::write(first.path().join("old.csv"), "1").unwrap();
        first.commit().unwrap();
        let second = AtomicDir::create(&target).unwrap();
        fs::write(second.path().join("nodes.csv"), "2").unwrap();
        second.commit().unwrap();
        assert!(!target.join("old.csv").exists());
        assert_eq!(fs::read_to_string(target.join("nodes.csv")).unwrap(), "2");
    }
}
