//! The `newsgraph` command: parses arguments, calls the library, maps errors to
//! exit codes (0 ok, 1 failure, 2 usage).

use anyhow::Context;
use clap::{Parser, Subcommand};
use newsgraph::{Config, Format, GraphOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn news articles into knowledge graphs of political actors and relations.
#[derive(Parser, Debug)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract actors and relations from articles and write the graph.
    Extract(ExtractArgs),
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// Input files or directories; `-` or nothing reads stdin.
    inputs: Vec<PathBuf>,
    /// Output file (repeatable); the format follows the extension; `-` is stdout.
    #[arg(short, long = "output", required = true)]
    output: Vec<PathBuf>,
    /// Output format, overriding the extension.
    #[arg(long)]
    format: Option<Format>,
    /// Extra lexicon file (repeatable).
    #[arg(long)]
    lexicon: Vec<PathBuf>,
    /// Keep at most N evidence items per edge (counts stay exact).
    #[arg(long, default_value_t = 20)]
    max_evidence: usize,
    /// Also write inferred relations, marked `derived`.
    #[arg(long)]
    derived: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if e.downcast_ref::<newsgraph::Error>()
                .is_some_and(|e| e.is_broken_pipe())
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsgraph: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Extract(args) => {
            let mut config = Config {
                inputs: args.inputs,
                lexicons: args.lexicon,
                graph: GraphOptions {
                    max_evidence: Some(args.max_evidence),
                    keep_mentions: false,
                },
                ..Config::default()
            };
            config.extract.derived = args.derived;
            let mut outputs = Vec::new();
            for o in &args.output {
                let f = args
                    .format
                    .or_else(|| Format::from_path(o))
                    .with_context(|| format!("cannot tell the format of {}", o.display()))?;
                config.graph.keep_mentions |= f == Format::Mentions;
                outputs.push((o.clone(), f));
            }
            let (graph, _summary) = newsgraph::run(&config, &mut |_, _| {})?;
            for (path, f) in outputs {
                if path.as_os_str() == "-" {
                    let mut out = std::io::stdout().lock();
                    f.write(&graph, &mut out)?;
                    out.flush()?;
                } else {
                    let mut file = std::fs::File::create(&path)
                        .with_context(|| format!("creating {}", path.display()))?;
                    f.write(&graph, &mut file)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
