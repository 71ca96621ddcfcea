//! Helpers: a temporary directory with its own store, and a runner for the real binary
//! that prints command, status, stdout and stderr when an expectation fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Kg {
    pub dir: tempfile::TempDir,
    /// The store, when not the default one in `dir`.
    store: Option<PathBuf>,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub cmd: String,
}

impl Run {
    fn describe(&self) -> String {
        format!("command: {}\nstatus: {}\nstdout:\n{}\nstderr:\n{}", self.cmd, self.code, self.stdout, self.stderr)
    }

    /// Asserts the exit status, showing everything on failure.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(self.code, code, "unexpected exit status\n{}", self.describe());
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e})\n{}", self.describe()))
    }
}

impl Kg {
    pub fn new() -> Kg {
        Kg { dir: tempfile::tempdir().expect("temp dir"), store: None }
    }

    /// A runner for the store at `db` (another test's backup or import target).
    pub fn at(db: &Path) -> Kg {
        Kg { dir: tempfile::tempdir().expect("temp dir"), store: Some(db.to_path_buf()) }
    }

    pub fn db(&self) -> PathBuf {
        self.store.clone().unwrap_or_else(|| self.dir.path().join("kg.sled"))
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file under the test directory and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, contents).expect("write");
        p
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kg"));
        c.arg("--db")
            .arg(self.db())
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("KG_DB")
            .env_remove("KG_LEXICON");
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, None)
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let mut c = self.command(args);
        c.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn kg");
        if let Some(input) = stdin {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
        }
        let out = wait_bounded(child, args);
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            cmd: format!("kg {}", args.join(" ")),
        }
    }

    /// Runs kg as `kg ARGS | head -c KEEP` would: reads `keep` bytes of its standard output,
    /// then closes the pipe while kg is still writing. `stdout` holds the bytes read.
    pub fn run_cut_short(&self, args: &[&str], keep: usize) -> Run {
        use std::io::Read;
        let mut child = self
            .command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn kg");
        let mut head = vec![0u8; keep];
        child.stdout.take().expect("stdout").read_exact(&mut head).expect("the first bytes of the output");
        // The pipe's read end is closed here: kg's next write meets a broken pipe.
        let out = wait_bounded(child, args);
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&head).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            cmd: format!("kg {} | head -c {keep}", args.join(" ")),
        }
    }

    /// Ingests paths and expects success.
    pub fn ingest(&self, paths: &[&Path]) -> Run {
        let mut args = vec!["ingest".to_string()];
        args.extend(paths.iter().map(|p| p.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.run(&args).expect(0)
    }

    /// The JSON export as a value.
    pub fn export(&self) -> serde_json::Value {
        self.run(&["export", "--format", "json"]).expect(0).json()
    }
}

/// Fails the test, saying what to install, when Graphviz's `dot` cannot be run: a test that
/// needs it is `#[ignore = "needs Graphviz ..."]`, run by `.ci/run` (which installs it) with
/// `--include-ignored`, and must not pass without testing anything.
pub fn require_graphviz() {
    let found = Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success());
    assert!(found, "this test needs Graphviz's dot (apt-get install graphviz)");
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Relations of an export as `source-name relation target-name` strings.
pub fn triples(export: &serde_json::Value) -> Vec<String> {
    let names: std::collections::HashMap<&str, &str> = export["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| (e["id"].as_str().expect("id"), e["name"].as_str().expect("name")))
        .collect();
    let mut out: Vec<String> = export["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                names[r["source"].as_str().expect("source")],
                r["relation"].as_str().expect("relation"),
                names[r["target"].as_str().expect("target")]
            )
        })
        .collect();
    out.sort();
    out
}

/// Imports a clique of `n` people ("Person 1" .. "Person n", ids e1 .. en), each pair met once:
/// the worst case for path search and pictures.
pub fn import_clique(kg: &Kg, n: usize) {
    let entities: Vec<serde_json::Value> = (1..=n)
        .map(|i| serde_json::json!({"id": format!("e{i}"), "name": format!("Person {i}"), "type": "person", "articles": ["a1"]}))
        .collect();
    let mut relations = Vec::new();
    for a in 1..=n {
        for b in a + 1..=n {
            relations
                .push(serde_json::json!({"source": format!("e{a}"), "target": format!("e{b}"), "relation": "met-with",
                "evidence": [{"article": "a1", "sentence": "They all met."}]}));
        }
    }
    let file = kg.write("clique.json", serde_json::json!({"entities": entities, "relations": relations}).to_string());
    kg.run(&["import", file.to_str().expect("utf-8 path")]).expect(0);
}

/// The longest a `kg` command of a test may run before it is killed: a hang fails its test
/// with what the command printed, instead of stalling the whole run (`KG_TEST_TIMEOUT`,
/// seconds; 300 by default).
fn command_timeout() -> std::time::Duration {
    let secs = std::env::var("KG_TEST_TIMEOUT").ok().and_then(|s| s.parse().ok()).unwrap_or(300);
    std::time::Duration::from_secs(secs)
}

/// Waits for `child`, reading its output on threads so that a full pipe never blocks it,
/// and kills it past `command_timeout()`.
fn wait_bounded(mut child: std::process::Child, args: &[&str]) -> Output {
    use std::io::Read;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let deadline = std::time::Instant::now() + command_timeout();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait kg") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let status = child.wait().expect("wait kg");
            let mut err = stderr.join().unwrap_or_default();
            err.extend_from_slice(
                format!("\n[test: `kg {}` killed after {:?}]", args.join(" "), command_timeout()).as_bytes(),
            );
            return Output { status, stdout: stdout.join().unwrap_or_default(), stderr: err };
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Output { status, stdout: stdout.join().unwrap_or_default(), stderr: stderr.join().unwrap_or_default() }
}
