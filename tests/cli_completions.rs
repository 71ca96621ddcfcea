//! `kg completions SHELL` and `kg man`: what a shell and `man` are given, from the real binary.
use crate::util::Kg;
use std::io::Write;
use std::process::{Command, Stdio};

/// Every command a user types after `kg` (and the subcommands of `query` and `corrections`).
const COMMANDS: &[&str] = &[
    "ingest",
    "extract",
    "query",
    "neighbors",
    "path",
    "show",
    "timeline",
    "articles",
    "entities",
    "duplicates",
    "stats",
    "export",
    "merge",
    "unmerge",
    "rename",
    "retype",
    "reject",
    "assert",
    "corrections",
    "check",
    "backup",
    "import",
    "serve",
    "completions",
    "man",
];

/// What bash completes after the words typed so far (the last one being completed), with the
/// completion function of `script`, as bash calls it on a Tab.
fn complete_in_bash(script: &str, words: &[&str]) -> Vec<String> {
    let words: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = format!(
        "source /dev/stdin; COMP_WORDS=({}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
         _kg kg \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words.join(" ")
    );
    let mut child = Command::new("bash")
        .args(["-c", &line])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("bash runs the completion script");
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).lines().map(String::from).collect()
}

#[test]
fn the_bash_completion_script_completes_every_command_and_its_flags() {
    let kg = Kg::new();
    let script = kg.run(&["completions", "bash"]).expect(0).stdout;
    assert!(script.contains("complete -F _kg"), "{script}");
    let commands = complete_in_bash(&script, &["kg", ""]);
    for command in COMMANDS.iter().filter(|c| !["neighbors", "path"].contains(c)) {
        assert!(commands.iter().any(|c| c == command), "kg <Tab> offers no {command}: {commands:?}");
    }
    assert_eq!(complete_in_bash(&script, &["kg", "query", "n"]), ["neighbors"]);
    assert_eq!(complete_in_bash(&script, &["kg", "query", "neighbors", "--dep"]), ["--depth"]);
    assert!(complete_in_bash(&script, &["kg", "completions", ""]).contains(&"zsh".to_string()));
    // Nothing is opened: no store appears where none was.
    assert!(!kg.db().exists());
}

#[test]
fn every_other_shell_gets_a_script_naming_the_commands_and_an_unknown_shell_is_refused() {
    let kg = Kg::new();
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = kg.run(&["completions", shell]).expect(0).stdout;
        assert!(script.contains("ingest") && script.contains("neighbors"), "{shell}: {script}");
    }
    let run = kg.run(&["completions", "tcsh"]).expect(2);
    assert!(run.stderr.contains("invalid value 'tcsh'") && run.stderr.contains("bash"), "{}", run.stderr);
}

#[test]
fn the_man_page_is_roff_with_every_command_and_its_options() {
    let kg = Kg::new();
    let page = kg.run(&["man"]).expect(0).stdout;
    // After the preamble defining the apostrophe string, the title.
    let first = page.lines().find(|l| !l.starts_with(".ie ") && !l.starts_with(".el ")).unwrap_or_default();
    assert!(first.starts_with(".TH kg 1"), "{}", &page[..page.len().min(200)]);
    assert!(page.is_ascii(), "troff reads ASCII: other characters are escaped");
    assert!(page.contains(".SH NAME") && page.contains(".SH SYNOPSIS") && page.contains(".SH COMMANDS"));
    for command in
        ["kg ingest", "kg query neighbors", "kg query path", "kg corrections undo", "kg completions", "kg man"]
    {
        assert!(page.contains(&format!(".SS \"{command}\"")), "no section for {command}");
    }
    // One page: no references to pages of their own that `kg man` does not write.
    assert!(!page.contains("kg-ingest(1)"), "{page}");
    assert!(!kg.db().exists());

    // Where groff is installed, the page renders without a warning and reads as a man page.
    let Ok(mut groff) = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return;
    };
    groff.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
    let out = groff.wait_with_output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
