//! `kg completions SHELL` and `kg man`: a shell's completion script and the roff man page,
//! both generated from the clap definition of `Cli`, so a new command or flag is in them
//! without anyone writing it twice.

use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

/// Print a completion script for SHELL, made from kg's own command definitions.
///
/// Install it where the shell looks for it, then open a new shell:
///   bash: kg completions bash > ~/.local/share/bash-completion/completions/kg
///   zsh:  kg completions zsh > ~/.zfunc/_kg   (with fpath+=~/.zfunc before compinit in ~/.zshrc)
///   fish: kg completions fish > ~/.config/fish/completions/kg.fish
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print the man page kg(1) as roff: every command with its synopsis, help and options.
///
/// Install it, then read it with `man kg`:
///   mkdir -p ~/.local/share/man/man1 && kg man > ~/.local/share/man/man1/kg.1
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct ManArgs {}

pub fn run_completions(a: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = super::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(a.shell, &mut cmd, "kg", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_man(_: ManArgs) -> anyhow::Result<ExitCode> {
    let mut page = Vec::new();
    man_page(&mut page)?;
    let mut out = std::io::stdout().lock();
    out.write_all(tidy(&String::from_utf8_lossy(&page)).as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The roff as one page: each section clap_mangen renders starts with the same two-line
/// preamble (defining the apostrophe string), kept once at the top; characters past ASCII
/// become troff's `\[uXXXX]`, which any troff reads, with or without preconv.
fn tidy(page: &str) -> String {
    const PREAMBLE: [&str; 2] = [".ie \\n(.g .ds Aq \\(aq", ".el .ds Aq '"];
    let mut out = format!("{}\n{}\n", PREAMBLE[0], PREAMBLE[1]);
    for line in page.lines().filter(|l| !PREAMBLE.contains(l)) {
        for c in line.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
            }
        }
        out.push('\n');
    }
    out
}

/// kg(1), one page: the top command's name, synopsis, description and options, then a
/// COMMANDS section with each command's synopsis, description and options. (clap_mangen's own
/// page lists the subcommands as kg-ingest(1) and so on, pages of their own; one page is what
/// `kg man > kg.1` installs and `man kg` finds.)
fn man_page(out: &mut dyn Write) -> std::io::Result<()> {
    let mut cmd = super::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let top = clap_mangen::Man::new(cmd.clone());
    top.render_title(out)?;
    top.render_name_section(out)?;
    top.render_synopsis_section(out)?;
    top.render_description_section(out)?;
    top.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in cmd.get_subcommands() {
        command_section(sub, out)?;
    }
    top.render_version_section(out)
}

/// One command as a subsection `kg query neighbors`: a command with subcommands of its own
/// (`query`, `corrections`) gives one subsection per subcommand.
fn command_section(cmd: &clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    if cmd.is_hide_set() {
        return Ok(());
    }
    if cmd.has_subcommands() {
        for sub in cmd.get_subcommands() {
            command_section(sub, out)?;
        }
        return Ok(());
    }
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    writeln!(out, ".SS \"{name}\"")?;
    let page = clap_mangen::Man::new(cmd.clone());
    let mut body = Vec::new();
    page.render_synopsis_section(&mut body)?;
    page.render_description_section(&mut body)?;
    page.render_options_section(&mut body)?;
    // The sections' own headings would end the COMMANDS section: each becomes a paragraph.
    for line in String::from_utf8_lossy(&body).lines() {
        if line.starts_with(".SH") {
            writeln!(out, ".PP")?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
