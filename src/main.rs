//! The `kg` binary: parse, dispatch, print the error chain, map it to an exit code.

use clap::Parser;

// Extraction allocates many small strings on several threads; mimalloc handles that load
// markedly better than the system allocator (measured in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

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
