use std::process::ExitCode;
#[derive(clap::Subcommand, Debug)]
pub enum Query {
    Neighbors,
}
pub fn run(_a: Query, _g: &super::Global) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
