//! The `kg` binary: parse, dispatch, print the error chain, map it to an exit code.

use clap::Parser;

use std::process::ExitCode;

// mimalloc, but large zero-filled blocks from the system allocator: see kg::alloc.
#[global_allocator]
static GLOBAL: kg::alloc::Allocator = kg::alloc::Allocator;

fn main() -> ExitCode {
    let cli = kg::cli::Cli::parse();
    match kg::cli::run(cli) {
        Ok(code) => code,
        Err(err) if kg::cli::output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("kg: {err:#}");
            ExitCode::from(kg::cli::exit_code(&err))
        }
    }
}
