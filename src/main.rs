//! The `newsgraph` command: parses arguments into a validated configuration,
//! calls the library, reports, and maps the outcome to an exit code (0 ok,
//! 1 failure, 2 usage).

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgraph::{
    Absorbed, Config, ExtractOptions, Format, GraphOptions, InputOptions, IntoOptions,
    LayoutAlgorithm, LayoutOptions, LearnOptions, MergeConfig, OnConflict, Output, Phase, Summary,
    check_layout, layout_for, read_node_link, read_node_link_slice, write_outputs_with,
};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// How many skips and warnings the summary lists.
const LISTED: usize = 10;

/// Turn Arabic news articles into knowledge graphs of political actors and the
/// relations between them, with the evidence for every edge.
#[derive(Parser, Debug)]
#[command(version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  newsgraph extract examples/visit.txt -o graph.json -o graph.graphml
  newsgraph extract corpus/ -o graph.gexf --threads 4
  cat articles.jsonl | newsgraph extract -o - | jq '.graph.documents | length'
  newsgraph convert graph.json -o graph.jsonld -o graph.nq
  newsgraph merge monday.json tuesday.json -o week.json -o week.graphml
  newsgraph extract today/ --into archive.json
  newsgraph lexicon learn corpus/ -o learned.toml --min-count 3
  newsgraph rules test my_rules.toml && newsgraph extract news/ --lexicon my_rules.toml -o g.json
  newsgraph explain article.txt

Exit codes: 0 success, 1 failure (or inputs skipped under --strict), 2 usage error.";

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract actors and relations from articles and write the graph.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(ExtractArgs),
    /// Re-export a node-link graph written earlier by `extract` in other formats.
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ConvertArgs),
    /// Merge node-link graphs written by `extract` (or `merge`) into one, as
    /// one `extract` over all their documents would have made it.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// Inspect the lexicon, or learn names from a corpus.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
    /// Work with the relation rules (lexicon/rules/ and your own files).
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Show how a text is read: each sentence's elements (actors, triggers,
    /// words) and the relations found in it, each with the rule that found it.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
}

#[derive(Subcommand, Debug)]
enum RulesCommand {
    /// Run every rule's examples and counter-examples through the extractor
    /// and list each one that fails, with what the rule gave instead. With no
    /// FILE, tests the built-in rules; with files, the rules they hold (loaded
    /// after the built-in lexicon). Exits 1 when an example fails.
    #[command(after_help = RULES_TEST_EXAMPLES)]
    Test(RulesTestArgs),
}

const RULES_TEST_EXAMPLES: &str = "\
Examples:
  newsgraph rules test                      # the built-in rules
  newsgraph rules test my_rules.toml        # a rule file of your own
  newsgraph rules test --rule supports.behind";

const EXPLAIN_EXAMPLES: &str = "\
Elements: [TYPE id] an actor, <ENTRY> a trigger word (its [[trigger]] entry's id,
as rules name it: trigger:ENTRY), | a clause break,
PREFIX+ the proclitics written before an element.

Examples:
  newsgraph explain \"التقى وزير الخارجية الأمريكي جون كيري نظيره المصري سامح شكري.\"
  newsgraph explain article.txt --lexicon my_rules.toml";

#[derive(Args, Debug)]
struct RulesTestArgs {
    /// Rule files to test (TOML, as --lexicon reads); none tests the built-in rules.
    files: Vec<PathBuf>,
    /// Test only the rule with this id (repeatable).
    #[arg(long, value_name = "ID")]
    rule: Vec<String>,
    #[command(flatten)]
    lexicon: LexiconArgs,
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// The text to explain, or a file holding it (`-` reads stdin).
    text: String,
    #[command(flatten)]
    lexicon: LexiconArgs,
}

#[derive(Subcommand, Debug)]
enum LexiconCommand {
    /// Print every Arabic name the lexicon matches (names, capitals, surnames),
    /// one a line, sorted.
    Names(LexiconArgs),
    /// Learn names from a corpus: run the extractor over the inputs and write,
    /// as a lexicon file for --lexicon, every actor the grammar found without a
    /// lexicon entry (people after a title, bodies by a head noun, ...) in at
    /// least --min-count documents, with its type, spellings, states and counts.
    #[command(after_help = LEARN_EXAMPLES)]
    Learn(LearnArgs),
}

const LEARN_EXAMPLES: &str = "\
The file is sorted by documents (most first), then key, and is the same at any
thread count. Each entry is commented with its counts: review it (delete the
wrong ones) before you use it. Keys are the node ids without `ng:`
(person:NAME), so a learned actor keeps its node id.

Inputs are read as by `extract` (files, directories, JSON, JSON Lines, stdin).

Examples:
  newsgraph lexicon learn corpus/ -o learned.toml
  newsgraph lexicon learn feed.jsonl --text-field story -o learned.toml --min-count 3
  newsgraph extract news/ --lexicon learned.toml -o graph.json
  newsgraph extract news/ --learn -o graph.json      # both in one run";

#[derive(Args, Debug)]
struct LearnArgs {
    /// Input files or directories; `-` or nothing reads stdin.
    inputs: Vec<PathBuf>,
    /// The lexicon file to write (TOML, as --lexicon reads); `-` is stdout.
    #[arg(short, long = "output", value_name = "FILE", required = true)]
    output: PathBuf,
    /// Keep an actor found in at least N distinct documents.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    min_count: u32,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Worker threads for extraction (default: one per CPU).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Fail (exit 1, write nothing) when any input is skipped; invalid UTF-8
    /// becomes a skip instead of a warning.
    #[arg(long)]
    strict: bool,
    /// Print no summary and no warnings (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    fields: FieldArgs,
}

#[derive(Args, Debug)]
struct LexiconArgs {
    /// Extra lexicon file, loaded after the built-in one (repeatable).
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Use only the --lexicon files, not the built-in lexicon.
    #[arg(long)]
    no_builtin_lexicon: bool,
}

const EXTRACT_EXAMPLES: &str = "\
Inputs:
  A plain text file (any extension but .json/.jsonl/.ndjson) is one article: its
  first non-empty line is the title, its file name the document id.
  A .json file holds an array of article objects (or one object, or an object
  with the array under \"articles\", \"data\" or \"items\"); a .jsonl/.ndjson
  file one object a line. Directories are read recursively in sorted order.
  stdin (`-` or no input) is sniffed: `[` JSON array, `{` JSON Lines, else text.

Outputs (format from the extension, or --format with a single output):
  .json node-link   .graphml   .gexf   .jsonld   .nq N-Quads   .jsonl mentions
  .html a page that draws the graph (one file, works offline)   .svg a picture
  JSON, GraphML, GEXF, HTML and SVG carry the layout: positions (ForceAtlas2),
  communities (Louvain), sizes by weighted degree (see --layout).

Daily updates: --into GRAPH.json reads a node-link graph written earlier,
adds the inputs' documents to it and writes it back in place, atomically (a
temporary file renamed over it: a crash or a full disk leaves the old graph).
A document already in it with the same text counts once; with another text
the run's version wins (see --on-conflict). The summary says how many
documents, actors and relations are new.

Examples:
  newsgraph extract examples/visit.txt -o graph.json -o graph.graphml
  newsgraph extract news/ -o graph.html            # look at the graph in a browser
  newsgraph extract news/ archive.jsonl -o graph.gexf --strict
  newsgraph extract today/ --into archive.json -o archive.graphml
  newsgraph extract feed.json --text-field story --date-field time -o g.json
  newsgraph extract news/ --learn -o graph.json   # names learned across articles
  cat article.txt | newsgraph extract -o - --format graphml";

const MERGE_EXAMPLES: &str = "\
The inputs are folded in the order given: nodes by id (labels, aliases,
documents and mention counts combined), relations by (source, relation,
target) with their evidence merged in order and capped, weights added,
documents listed once. For graphs of distinct documents the result is
byte-identical to one `extract` over all of them, in every format.

A document in two inputs with the same id and the same text hash counts once.
The same id with another text is a conflict: it is reported, and by default
the later input's document wins (--on-conflict first keeps the earlier one,
fail stops with exit 1 and writes nothing). Taking the earlier document's
share out is exact where the graph tells it and scaled otherwise (an actor's
mentions per document are not recorded); the summary counts such estimates.

Graphs made with another lexicon or other extraction settings (graph.lexicon,
graph.settings) are refused unless --allow-mixed-lexicons is given. Mentions
(.jsonl) cannot be written: node-link graphs hold none.

Examples:
  newsgraph merge 2015-07-*.json -o july.json
  newsgraph merge part-*.json -o all.json -o all.graphml --threads 2
  newsgraph merge old.json new.json -o both.json --on-conflict fail";

const CONVERT_EXAMPLES: &str = "\
Examples:
  newsgraph convert graph.json -o graph.graphml -o graph.gexf
  newsgraph convert graph.json -o graph.html -o graph.svg --layout-iterations 1000
  newsgraph convert graph.json -o - --format nq";

#[derive(Args, Debug)]
struct ExtractArgs {
    /// Input files or directories; `-` or nothing reads stdin.
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    out: OutputArgs,
    /// Add the documents to this node-link graph (written earlier by
    /// `extract` or `merge`) and rewrite it in place, atomically; -o then
    /// writes the grown graph in other formats too.
    #[arg(long, value_name = "GRAPH.json")]
    into: Option<PathBuf>,
    #[command(flatten)]
    conflicts: ConflictArgs,
    /// Extra lexicon file, loaded after the built-in one (repeatable).
    #[arg(long, value_name = "FILE")]
    lexicon: Vec<PathBuf>,
    /// Use only the --lexicon files, not the built-in lexicon.
    #[arg(long)]
    no_builtin_lexicon: bool,
    /// Keep at most N evidence items per edge (counts stay exact).
    #[arg(long, value_name = "N", default_value_t = 20)]
    max_evidence: usize,
    /// Also write inferred relations, marked `derived`.
    #[arg(long)]
    derived: bool,
    /// Make a node of each sector through which a state acts ("القوات
    /// الأمريكية": `wd:Q30:MIL`, the United States military) and give it the
    /// mentions and relations; by default they go to the state, and the
    /// evidence records the sector.
    #[arg(long)]
    sectors: bool,
    /// Worker threads for extraction (default: one per CPU).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Learn names from the inputs first (as `lexicon learn` does), then
    /// extract with them: a name introduced with its title in one article is
    /// found bare in another. Reads the inputs twice (not stdin).
    #[arg(long)]
    learn: bool,
    /// With --learn: keep a learned name found in at least N documents.
    #[arg(long, value_name = "N", default_value_t = 2, requires = "learn",
          value_parser = clap::value_parser!(u32).range(1..))]
    learn_min_count: u32,
    /// Fail (exit 1, write nothing) when any input is skipped; invalid UTF-8
    /// becomes a skip instead of a warning.
    #[arg(long)]
    strict: bool,
    /// Skip (with the reason) any document over this size: a text file, a
    /// JSON Lines line, a JSON array element; not read whole. A number of
    /// bytes with an optional suffix K, M, G (powers of 1000) or KiB, MiB, GiB;
    /// 0 for no limit.
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    max_doc_bytes: u64,
    /// Cut a sentence of more tokens (words and punctuation) into pieces of
    /// at most N: after a comma, else before و and a verb, else at N tokens;
    /// each cut is a warning (0: no limit).
    #[arg(long, value_name = "N", default_value_t = newsgraph::MAX_SENTENCE_TOKENS)]
    max_sentence_tokens: usize,
    /// Relate at most N participants of one list (a meeting of every pair,
    /// each member of one side with each of the other); a longer list is
    /// capped with a warning (0: no limit).
    #[arg(long, value_name = "N", default_value_t = newsgraph::MAX_PARTICIPANTS)]
    max_participants: usize,
    /// Print no summary and no warnings (errors are still printed).
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print, after the outputs are written, the seconds spent writing
    /// them and the peak memory (resident set size) of the run.
    #[arg(short, long)]
    verbose: bool,
    #[command(flatten)]
    fields: FieldArgs,
}

/// The JSON field options of the inputs.
#[derive(Args, Debug)]
struct FieldArgs {
    /// JSON field holding the article text [default: content, text, body, article].
    #[arg(long, value_name = "FIELD")]
    text_field: Option<String>,
    /// JSON field holding the title [default: title, headline].
    #[arg(long, value_name = "FIELD")]
    title_field: Option<String>,
    /// JSON field holding the date [default: date, published, published_at,
    /// date_extracted, pubDate].
    #[arg(long, value_name = "FIELD")]
    date_field: Option<String>,
    /// JSON field holding the document id [default: id, guid; else the url,
    /// else FILE#INDEX].
    #[arg(long, value_name = "FIELD")]
    id_field: Option<String>,
    /// JSON field holding the url [default: url, link].
    #[arg(long, value_name = "FIELD")]
    url_field: Option<String>,
}

/// How graphs that meet are reconciled (`merge`, `extract --into`).
#[derive(Args, Debug)]
struct ConflictArgs {
    /// A document id met again with another text: `last` (the later input's
    /// document wins), `first` (the earlier one stays) or `fail` (exit 1,
    /// nothing written).
    #[arg(long, value_name = "RULE", default_value = "last")]
    on_conflict: OnConflict,
    /// Combine graphs made with different lexicons or extraction settings
    /// (their counts are then not comparable; the result's lexicon is `mixed`).
    #[arg(long)]
    allow_mixed_lexicons: bool,
}

#[derive(Args, Debug)]
struct MergeArgs {
    /// Node-link graphs written by `extract` or `merge`, in order (`-`: stdin).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    out: OutputArgs,
    #[command(flatten)]
    conflicts: ConflictArgs,
    /// Threads reading the inputs, laying out and writing (default: one per
    /// CPU); one of them also folds the inputs read into the result, in order.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Print nothing but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print the seconds spent reading and merging (and of that,
    /// folding), and writing, and the peak memory (resident set size).
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Args, Debug)]
struct OutputArgs {
    /// Output file (repeatable: several formats in one pass); the format follows
    /// the extension; `-` is stdout.
    #[arg(short, long = "output", value_name = "OUT")]
    output: Vec<PathBuf>,
    /// Output format (json, graphml, gexf, jsonld, nq, mentions, html, svg),
    /// overriding the extension; only with a single output.
    #[arg(long, value_name = "FMT")]
    format: Option<Format>,
    /// How the outputs that carry positions (JSON, GraphML, GEXF, HTML, SVG)
    /// place the nodes: `forceatlas2` (ForceAtlas2 as in Gephi, seeded: the
    /// same graph gives the same positions) or `none` (no positions; the
    /// communities and sizes are still written; not with .html or .svg).
    #[arg(long, value_name = "ALGO", default_value = "forceatlas2")]
    layout: LayoutAlgorithm,
    /// ForceAtlas2 iterations; the last tenth prevents overlap.
    #[arg(long, value_name = "N", default_value_t = newsgraph::DEFAULT_ITERATIONS as u64,
          value_parser = clap::value_parser!(u64).range(1..=newsgraph::MAX_ITERATIONS as u64))]
    layout_iterations: u64,
}

impl OutputArgs {
    /// The layout options.
    fn layout(&self) -> LayoutOptions {
        LayoutOptions {
            algorithm: self.layout,
            iterations: usize::try_from(self.layout_iterations).unwrap_or(usize::MAX),
            ..LayoutOptions::default()
        }
    }
}

#[derive(Args, Debug)]
struct ConvertArgs {
    /// A node-link JSON graph written by `newsgraph extract` (`-` for stdin).
    input: PathBuf,
    #[command(flatten)]
    out: OutputArgs,
    /// Print nothing but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print the seconds spent reading the input and writing the outputs
    /// (to stderr), e.g. to time the writers apart from the reading.
    #[arg(short, long)]
    verbose: bool,
}

/// A size: bytes, or with a suffix K M G (1000s) or KiB MiB GiB (1024s).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(digits);
    let n: u64 = n.parse().map_err(|_| format!("not a size: {s:?}"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "m" | "mb" => 1000 * 1000,
        "g" | "gb" => 1000 * 1000 * 1000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => return Err(format!("unknown unit in {s:?} (K, M, G, KiB, MiB, GiB)")),
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("size too large: {s:?}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Convert(args) => convert(args),
        Command::Merge(args) => merge(args),
        Command::Lexicon(LexiconCommand::Names(args)) => lexicon_names(args),
        Command::Lexicon(LexiconCommand::Learn(args)) => lexicon_learn(args),
        Command::Rules(RulesCommand::Test(args)) => rules_test(args),
        Command::Explain(args) => explain(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let lib = e.downcast_ref::<newsgraph::Error>();
            if lib.is_some_and(|e| e.is_broken_pipe()) {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsgraph: error: {e}");
            if lib.is_some_and(|e| e.is_usage()) {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let mut outputs = match &args.into {
        Some(_) if args.out.output.is_empty() => Vec::new(),
        _ => Output::plan(&args.out.output, args.out.format)?,
    };
    if let Some(into) = &args.into {
        if outputs.iter().any(|o| o.path == *into) {
            return Err(newsgraph::Error::usage(format!(
                "{} is both --into and an output",
                into.display()
            ))
            .into());
        }
        refuse_mentions(&outputs, "--into")?;
        outputs.insert(
            0,
            Output {
                path: into.clone(),
                format: Format::NodeLink,
            },
        );
    }
    let layout_options = args.out.layout();
    check_layout(&layout_options, &outputs)?;
    let config = Config {
        inputs: args.inputs,
        input: InputOptions {
            max_doc_bytes: args.max_doc_bytes,
            ..args.fields.options(args.strict)
        },
        lexicons: args.lexicon,
        no_builtin_lexicon: args.no_builtin_lexicon,
        extract: ExtractOptions {
            derived: args.derived,
            sectors: args.sectors,
            max_sentence_tokens: args.max_sentence_tokens,
            max_participants: args.max_participants,
            ..ExtractOptions::default()
        },
        graph: GraphOptions {
            max_evidence: Some(args.max_evidence),
            keep_mentions: outputs.iter().any(|o| o.format == Format::Mentions),
        },
        learn: args.learn.then_some(LearnOptions {
            min_count: args.learn_min_count as usize,
        }),
        into: args.into.as_ref().map(|path| IntoOptions {
            path: path.clone(),
            on_conflict: args.conflicts.on_conflict,
            allow_mixed: args.conflicts.allow_mixed_lexicons,
        }),
    };
    let mut progress = Progress::new(args.quiet);
    let mut on_progress = |phase, docs, bytes| progress.update(phase, docs, bytes);
    let pool = thread_pool(args.threads)?;
    let (graph, summary) = run_in(pool.as_ref(), || {
        newsgraph::run_phased(&config, &mut on_progress)
    })?;
    progress.finish();
    if !args.quiet {
        let mut what = format!("{} actors, {} relations", summary.actors, summary.relations);
        if let Some(n) = summary.learned {
            what = format!("{n} names learned; {what}");
        }
        report(&summary, &what);
        if let (Some(grown), Some(into)) = (&summary.grown, &args.into) {
            report_grown(grown, &into.display().to_string(), &[]);
        }
    }
    if let Some(code) = refuse_skipped(args.strict, args.quiet, &summary) {
        return Ok(code);
    }
    let written = lay_out_and_write(
        &graph,
        &layout_options,
        &outputs,
        pool.as_ref(),
        args.verbose,
    )?;
    if args.verbose {
        eprintln!(
            "newsgraph: wrote the outputs in {:.3} s; peak memory (RSS) {}",
            written.as_secs_f64(),
            peak_text()
        );
    }
    // The process ends here: freeing a large graph node by node only costs time.
    std::mem::forget(graph);
    Ok(ExitCode::SUCCESS)
}

/// Lay the graph out when an output carries positions, saying what it did
/// with `verbose`, then write every output, both in the thread pool of
/// `--threads` when there is one. Returns the time spent writing.
fn lay_out_and_write(
    graph: &newsgraph::Graph,
    options: &LayoutOptions,
    outputs: &[Output],
    pool: Option<&rayon::ThreadPool>,
    verbose: bool,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let layout = run_in(pool, || layout_for(graph, options, outputs))?;
    if verbose && let Some(l) = &layout {
        eprintln!("newsgraph: {}", layout_line(l, started.elapsed()));
    }
    let started = Instant::now();
    run_in(pool, || write_outputs_with(graph, layout.as_ref(), outputs))?;
    Ok(started.elapsed())
}

/// The run's peak memory, for --verbose.
fn peak_text() -> String {
    newsgraph::peak_rss().map_or_else(
        || "unknown".to_string(),
        |b| format!("{:.1} MB", b as f64 / 1e6),
    )
}

/// What the layout stage did, for --verbose.
fn layout_line(l: &newsgraph::Layout, took: Duration) -> String {
    let what = if l.has_positions() {
        format!("laid out ({} ForceAtlas2 iterations)", l.iterations())
    } else {
        "no layout".to_string()
    };
    format!(
        "{what}, {} communities (modularity {:.3}) in {:.3} s",
        l.community_count(),
        l.modularity(),
        took.as_secs_f64()
    )
}

/// Run `f` on a pool of `threads` threads, or on the global pool.
fn in_pool<T: Send>(
    threads: Option<u16>,
    f: impl FnOnce() -> newsgraph::Result<T> + Send,
) -> anyhow::Result<T> {
    Ok(run_in(thread_pool(threads)?.as_ref(), f)?)
}

/// A pool of `threads` threads, when given (`--threads`); else rayon's
/// global pool is used.
fn thread_pool(threads: Option<u16>) -> anyhow::Result<Option<rayon::ThreadPool>> {
    Ok(threads
        .map(|n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.into())
                .build()
        })
        .transpose()?)
}

/// Run `f` in `pool`, or on the global pool without one.
fn run_in<T: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

impl FieldArgs {
    fn options(self, strict: bool) -> InputOptions {
        InputOptions {
            text_field: self.text_field,
            title_field: self.title_field,
            date_field: self.date_field,
            id_field: self.id_field,
            url_field: self.url_field,
            strict,
            ..InputOptions::default()
        }
    }
}

fn lexicon_learn(args: LearnArgs) -> anyhow::Result<ExitCode> {
    newsgraph::Learned::check_output(&args.output)?;
    let config = Config {
        inputs: args.inputs,
        input: args.fields.options(args.strict),
        lexicons: args.lexicon.lexicon,
        no_builtin_lexicon: args.lexicon.no_builtin_lexicon,
        ..Config::default()
    };
    let options = LearnOptions {
        min_count: args.min_count as usize,
    };
    let mut progress = Progress::new(args.quiet);
    let mut on_progress = |docs, bytes| progress.update(Phase::Learn, docs, bytes);
    let (learned, summary) = in_pool(args.threads, || {
        newsgraph::learn(&config, &options, &mut on_progress)
    })?;
    progress.finish();
    if !args.quiet {
        let what = format!(
            "{} names learned (in at least {} documents)",
            learned.actors.len(),
            learned.min_count
        );
        report(&summary, &what);
    }
    if let Some(code) = refuse_skipped(args.strict, args.quiet, &summary) {
        return Ok(code);
    }
    learned.write(&args.output)?;
    Ok(ExitCode::SUCCESS)
}

fn convert(args: ConvertArgs) -> anyhow::Result<ExitCode> {
    let outputs = Output::plan(&args.out.output, args.out.format)?;
    let layout_options = args.out.layout();
    check_layout(&layout_options, &outputs)?;
    let options = GraphOptions {
        max_evidence: None,
        keep_mentions: false,
    };
    let location = args.input.display().to_string();
    let started = Instant::now();
    let graph = if args.input.as_os_str() == "-" {
        read_node_link(std::io::stdin().lock(), "<stdin>", options)?
    } else {
        // Read whole, then parsed in place: much faster than parsing from a reader.
        let bytes = std::fs::read(&args.input).map_err(|e| anyhow::anyhow!("{location}: {e}"))?;
        read_node_link_slice(&bytes, &location, options)?
    };
    let read = started.elapsed();
    let written = lay_out_and_write(&graph, &layout_options, &outputs, None, args.verbose)?;
    if args.verbose {
        let formats: Vec<&str> = outputs.iter().map(|o| o.format.name()).collect();
        eprintln!(
            "newsgraph: read {location} in {:.3} s; wrote {} in {:.3} s",
            read.as_secs_f64(),
            formats.join(", "),
            written.as_secs_f64()
        );
    }
    if !args.quiet {
        eprintln!(
            "newsgraph: converted {location}: {} actors, {} relations",
            graph.node_count(),
            graph.edge_count()
        );
    }
    // The process ends here: freeing a large graph node by node only costs time.
    std::mem::forget(graph);
    Ok(ExitCode::SUCCESS)
}

/// Mentions cannot be written from a node-link graph (it holds none).
fn refuse_mentions(outputs: &[Output], what: &str) -> anyhow::Result<()> {
    if let Some(o) = outputs.iter().find(|o| o.format == Format::Mentions) {
        return Err(newsgraph::Error::usage(format!(
            "{what} cannot write mentions ({}): a node-link graph holds none",
            o.path.display()
        ))
        .into());
    }
    Ok(())
}

/// What a merge or an --into run added: new documents, actors and relations,
/// documents seen again, conflicts (each with the input it was met in, when
/// `inputs` names them), estimated counts.
fn report_grown(a: &Absorbed, target: &str, inputs: &[String]) {
    for (i, c) in a.conflicts.iter().enumerate().take(LISTED) {
        let place = inputs.get(i).map_or(String::new(), |p| format!(" in {p}"));
        eprintln!(
            "newsgraph: conflict{place}: document {:?} has another text (hash {} before, {} now)",
            c.id,
            c.hashes.0.as_deref().unwrap_or("none"),
            c.hashes.1.as_deref().unwrap_or("none"),
        );
    }
    if a.conflicts.len() > LISTED {
        eprintln!(
            "newsgraph: ... and {} more conflicts",
            a.conflicts.len() - LISTED
        );
    }
    let mut line = format!(
        "newsgraph: {target}: {} new documents, {} new actors, {} new relations; \
         {} documents already there (counted once), {} conflicts",
        a.new_documents,
        a.new_nodes,
        a.new_edges,
        a.shared,
        a.conflicts.len()
    );
    if !a.conflicts.is_empty() {
        line.push_str(" (settled by --on-conflict)");
    }
    if a.estimated > 0 {
        line.push_str(&format!(
            "; {} counts scaled, not counted (documents replaced or shared in part)",
            a.estimated
        ));
    }
    eprintln!("{line}");
}

fn merge(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let outputs = Output::plan(&args.out.output, args.out.format)?;
    refuse_mentions(&outputs, "merge")?;
    let layout_options = args.out.layout();
    check_layout(&layout_options, &outputs)?;
    let config = MergeConfig {
        inputs: args.inputs,
        on_conflict: args.conflicts.on_conflict,
        allow_mixed: args.conflicts.allow_mixed_lexicons,
        exact: false,
    };
    let pool = thread_pool(args.threads)?;
    let (graph, summary) = run_in(pool.as_ref(), || newsgraph::merge(&config))?;
    if !args.quiet {
        report_grown(
            &summary.absorbed,
            &format!("merged {} graphs", summary.inputs),
            &summary.conflict_inputs,
        );
        eprintln!(
            "newsgraph: merged {} graphs in {:.2} s: {} documents, {} actors, {} relations",
            summary.inputs,
            summary.elapsed.as_secs_f64(),
            summary.documents,
            summary.actors,
            summary.relations
        );
    }
    let written = lay_out_and_write(
        &graph,
        &layout_options,
        &outputs,
        pool.as_ref(),
        args.verbose,
    )?;
    if args.verbose {
        eprintln!(
            "newsgraph: read and merged in {:.3} s (folding {:.3} s); wrote the outputs in {:.3} s; peak memory (RSS) {}",
            summary.elapsed.as_secs_f64(),
            summary.folding.as_secs_f64(),
            written.as_secs_f64(),
            peak_text()
        );
    }
    // The process ends here: freeing a large graph node by node only costs time.
    std::mem::forget(graph);
    Ok(ExitCode::SUCCESS)
}

fn lexicon_names(args: LexiconArgs) -> anyhow::Result<ExitCode> {
    let lexicon = newsgraph::Lexicon::load(&args.lexicon, !args.no_builtin_lexicon)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for name in lexicon.names() {
        if let Err(e) = writeln!(out, "{name}").and_then(|()| out.flush()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e.into());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn rules_test(args: RulesTestArgs) -> anyhow::Result<ExitCode> {
    let mut files = args.lexicon.lexicon.clone();
    files.extend(args.files.iter().cloned());
    let lexicon = newsgraph::Lexicon::load(&files, !args.lexicon.no_builtin_lexicon)?;
    // with files, only the rules written in them
    let mut only = args.rule.clone();
    if !args.files.is_empty() && only.is_empty() {
        let names: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
        only = lexicon
            .rules
            .iter()
            .filter(|r| names.iter().any(|n| r.origin.starts_with(&format!("{n}:"))))
            .map(|r| r.id.clone())
            .collect();
        if only.is_empty() {
            anyhow::bail!("no rules in {}", names.join(", "));
        }
    }
    let report = lexicon.test_rules(&only);
    let mut out = std::io::stdout().lock();
    for f in &report.failures {
        writeln!(out, "FAIL {f}")?;
    }
    writeln!(
        out,
        "{} rules, {} examples: {} failed",
        report.rules,
        report.examples,
        report.failures.len()
    )?;
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let lexicon =
        newsgraph::Lexicon::load(&args.lexicon.lexicon, !args.lexicon.no_builtin_lexicon)?;
    let (id, text) = if args.text == "-" {
        let mut t = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut t)?;
        ("-".to_string(), t)
    } else if std::path::Path::new(&args.text).is_file() {
        let t = std::fs::read_to_string(&args.text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.text))?;
        (args.text.clone(), t)
    } else {
        ("text".to_string(), args.text.clone())
    };
    let doc = newsgraph::Document {
        meta: newsgraph::DocumentMeta {
            id,
            ..Default::default()
        },
        text,
    };
    let extractor = newsgraph::Extractor::new(&lexicon, ExtractOptions::default());
    let ex = extractor.explain(&doc);
    let x = &ex.extraction;
    let label = |id: &str| {
        x.label_of(id)
            .map_or(id.to_string(), |l| format!("{l} ({id})"))
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for s in &ex.sentences {
        let (start, end, text) = &s.span;
        writeln!(
            out,
            "sentence {} (characters {start}-{end}): {}",
            s.index,
            text.trim()
        )?;
        if s.elements.is_empty() {
            writeln!(out, "  (no actor or trigger: skipped)")?;
            continue;
        }
        writeln!(out, "  elements: {}", s.elements.join(" "))?;
        for r in x
            .relations
            .iter()
            .filter(|r| r.evidence.sentence == s.index)
        {
            writeln!(
                out,
                "  {}: {} {} {}  (trigger «{}»)",
                r.evidence.rule.as_deref().unwrap_or("?"),
                label(&r.source),
                r.relation,
                label(&r.target),
                r.evidence.trigger
            )?;
        }
    }
    for w in &x.warnings {
        writeln!(out, "warning: {w}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Under --strict, a run that skipped inputs writes nothing and fails: the
/// exit code, after saying why (and listing the skipped inputs when --quiet
/// kept the summary from doing so).
fn refuse_skipped(strict: bool, quiet: bool, summary: &Summary) -> Option<ExitCode> {
    if !strict || summary.skipped.is_empty() {
        return None;
    }
    if quiet {
        list_skipped(summary);
    }
    eprintln!(
        "newsgraph: error: {} input(s) skipped under --strict; nothing written",
        summary.skipped.len()
    );
    Some(ExitCode::from(1))
}

/// Warnings, skips and totals (`what` was found), to stderr.
fn report(s: &Summary, what: &str) {
    for w in s.warnings.iter().take(LISTED) {
        eprintln!("newsgraph: warning: {w}");
    }
    if s.warnings.len() > LISTED {
        eprintln!(
            "newsgraph: ... and {} more warnings",
            s.warnings.len() - LISTED
        );
    }
    list_skipped(s);
    let secs = s.elapsed.as_secs_f64();
    let mb = s.bytes as f64 / 1e6;
    let cuts = if s.cuts > 0 {
        format!(
            " ({} where work was bounded: long sentences cut, lists capped)",
            s.cuts
        )
    } else {
        String::new()
    };
    eprintln!(
        "newsgraph: {} documents read, {} skipped, {} warnings{cuts}; {what}; \
         {mb:.2} MB in {secs:.2} s ({:.1} MB/s)",
        s.documents,
        s.skipped.len(),
        s.warnings.len(),
        if secs > 0.0 { mb / secs } else { 0.0 },
    );
}

fn list_skipped(s: &Summary) {
    for k in s.skipped.iter().take(LISTED) {
        eprintln!("newsgraph: skipped {}: {}", k.input, k.reason);
    }
    if s.skipped.len() > LISTED {
        eprintln!(
            "newsgraph: ... and {} more skipped",
            s.skipped.len() - LISTED
        );
        // Counts by kind of reason (the reason up to its details).
        let mut kinds = std::collections::BTreeMap::new();
        for k in &s.skipped {
            let kind = k.reason.split([':', '(', ';']).next().unwrap_or("").trim();
            *kinds.entry(kind).or_insert(0usize) += 1;
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        eprintln!("newsgraph: skipped by reason: {}", kinds.join(", "));
    }
}

/// A progress bar on stderr, shown only on a terminal and once the run is long.
struct Progress {
    enabled: bool,
    started: Instant,
    /// The pass shown, and when it started.
    phase: Phase,
    phase_started: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            phase: Phase::Extract,
            phase_started: Instant::now(),
            bar: None,
        }
    }

    fn update(&mut self, phase: Phase, docs: usize, bytes: u64) {
        if !self.enabled {
            return;
        }
        if phase != self.phase {
            self.phase = phase;
            self.phase_started = Instant::now();
        }
        if self.bar.is_none() && (docs > 1000 || self.started.elapsed() > Duration::from_secs(2)) {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            let secs = self.phase_started.elapsed().as_secs_f64().max(1e-9);
            let pass = match phase {
                Phase::Learn => "learning names: ",
                Phase::Extract => "",
            };
            bar.set_message(format!(
                "{pass}{docs} documents, {:.1} MB ({:.1} MB/s)",
                bytes as f64 / 1e6,
                bytes as f64 / 1e6 / secs
            ));
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
