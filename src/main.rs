//! The `kg` binary: parse, dispatch, print the error chain, map it to an exit code.

use clap::Parser;

use std::process::ExitCode;

// mimalloc, but large zero-filled blocks from the system allocator: see kg::alloc.
#[global_allocator]
static GLOBAL: kg::alloc::Allocator = kg::alloc::Allocator;

fn main() -> ExitCode {
    let cli = kg::cli::Cli::parse();
    match kg::cli::run(cli, serve) {
        Ok(code) => code,
        Err(err) if kg::cli::output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("kg: {err:#}");
            ExitCode::from(kg::cli::exit_code(&err))
        }
    }
}

/// `kg serve`: the server face, run with the flags the CLI parsed. Here, where both faces are
/// in sight, so that neither imports the other (`tests/layers.rs`).
fn serve(a: kg::cli::serve::Args, g: &kg::cli::Global) -> anyhow::Result<ExitCode> {
    let options = kg::serve::Options {
        addr: a.addr,
        token: a.token,
        max_body: a.max_body,
        lexicon: a.lexicon,
        cache_bytes: a.cache_mb.saturating_mul(1 << 20),
        allow_hosts: a.allow_host,
        quiet: g.quiet,
    };
    kg::serve::run(&g.db, &options)?;
    Ok(ExitCode::SUCCESS)
}
