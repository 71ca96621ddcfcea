use std::process::ExitCode;
#[derive(clap::Args, Debug)]
pub struct Args {}
pub fn run(_a: Args, _g: &super::Global) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
