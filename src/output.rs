//! Writing a graph to several outputs atomically: each file is written to a
//! temporary file beside its target (`.NAME.tmp-PID`) and renamed into place only
//! when every output was written. A failed run leaves no temporary file and
//! never clobbers an existing target; a file that replaces one is synced to
//! disk before the rename.

use crate::error::{Error, Result};
use crate::export::Format;
use crate::graph::Graph;
use crate::layout::{Layout, LayoutAlgorithm, LayoutOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// One output: a file, or stdout (`-`), and its format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub path: PathBuf,
    pub format: Format,
}

impl Output {
    /// Whether this output is stdout.
    pub fn is_stdout(&self) -> bool {
        self.path.as_os_str() == "-"
    }

    /// Validate output paths and pick each format: `format` when given (only
    /// with a single output), else from the extension. Usage errors: no output,
    /// `--format` with several outputs, an unknown extension, stdout twice, a
    /// path twice. A missing parent directory is an error found before any work.
    pub fn plan(paths: &[PathBuf], format: Option<Format>) -> Result<Vec<Output>> {
        if paths.is_empty() {
            return Err(Error::usage(
                "no output given (use -o FILE, or -o - for stdout)",
            ));
        }
        if format.is_some() && paths.len() > 1 {
            return Err(Error::usage(
                "--format applies to a single output; with several outputs each \
                 one's format follows its extension",
            ));
        }
        let mut outputs: Vec<Output> = Vec::new();
        for path in paths {
            if outputs.iter().any(|o| o.path == *path) {
                return Err(Error::usage(format!(
                    "output {} is given twice",
                    path.display()
                )));
            }
            let stdout = path.as_os_str() == "-";
            let format = match format.or_else(|| Format::from_path(path)) {
                Some(f) => f,
                None if stdout => Format::NodeLink,
                None => {
                    return Err(Error::usage(format!(
                        "cannot tell the format of {} from its extension (use one of .{} or --format)",
                        path.display(),
                        Format::ALL.map(|f| f.extension()).join(", .")
                    )));
                }
            };
            if !stdout {
                check_target(path)?;
            }
            outputs.push(Output {
                path: path.clone(),
                format,
            });
        }
        Ok(outputs)
    }
}

/// A file can be written at `path`: it is not a directory and its directory
/// exists.
pub(crate) fn check_target(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::other("is a directory, not an output file"),
        ));
    }
    let dir = parent(path);
    if !dir.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("directory {} does not exist", dir.display()),
            ),
        ));
    }
    Ok(())
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The temporary file beside `path`.
pub(crate) fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    parent(path).join(format!(".{name}.tmp-{}", std::process::id()))
}

/// Removes its temporary files unless disarmed.
struct Temps(Vec<PathBuf>);

impl Drop for Temps {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Check the layout options against the outputs before any work: a usage
/// error when they are out of range, or when an output that needs positions
/// (HTML, SVG) is asked for with `--layout none`.
pub fn check_layout(options: &LayoutOptions, outputs: &[Output]) -> Result<()> {
    options.validate()?;
    if options.algorithm == LayoutAlgorithm::None
        && let Some(out) = outputs.iter().find(|o| o.format.needs_positions())
    {
        return Err(Error::usage(format!(
            "{} needs positions: drop --layout none",
            out.path.display()
        )));
    }
    Ok(())
}

/// Lay out `graph` for the outputs: `None` when no output carries a layout.
/// Meanwhile, on another thread, the documents are sorted by id when an
/// output lists them (the writers would sort them first thing).
pub fn layout_for(
    graph: &Graph,
    options: &LayoutOptions,
    outputs: &[Output],
) -> Result<Option<Layout>> {
    check_layout(options, outputs)?;
    let sort = || {
        if outputs.iter().any(|o| o.format.lists_documents()) {
            graph.sort_documents();
        }
    };
    if !outputs.iter().any(|o| o.format.uses_layout()) {
        sort();
        return Ok(None);
    }
    rayon::join(|| Layout::compute(graph, options).map(Some), sort).0
}

/// A file written in pieces of at most [`PIECE`] bytes: Linux copies a
/// write of several megabytes into a file's pages several times slower than
/// the same bytes in pieces (`dd` of a 790 MB file on ext4: 0.25 s of
/// system time in pieces of 64 KiB to 1 MiB, 1.6-2.3 s in pieces of 4 MiB),
/// and the writers hand over whole rendered windows of megabytes.
struct Pieces<W>(W);

/// See [`Pieces`].
const PIECE: usize = 1 << 17;

impl<W: Write> Write for Pieces<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(&buf[..buf.len().min(PIECE)])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Write `graph` to every output, without a layout (see [`write_outputs_with`]).
pub fn write_outputs(graph: &Graph, outputs: &[Output]) -> Result<()> {
    write_outputs_with(graph, None, outputs)
}

/// Write `graph` to every output, with `layout` in the formats that carry
/// one. Files are renamed into place only when every output succeeded. A
/// closed stdout (broken pipe) still lets the files be renamed, then is
/// returned as an error for which `is_broken_pipe()` holds.
pub fn write_outputs_with(
    graph: &Graph,
    layout: Option<&Layout>,
    outputs: &[Output],
) -> Result<()> {
    let mut temps = Temps(Vec::new());
    let mut renames = Vec::new();
    for out in outputs.iter().filter(|o| !o.is_stdout()) {
        // A device or a pipe (`-o /dev/null`) is written to as it is: a
        // rename would replace it with a file.
        if std::fs::metadata(&out.path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&out.path)
                .map_err(|e| Error::io(&out.path, e))?;
            let mut w = BufWriter::new(Pieces(file));
            out.format
                .write_with(graph, layout, &mut w)
                .and_then(|()| w.flush())
                .map_err(|e| Error::write(out.path.display().to_string(), e))?;
            continue;
        }
        let temp = temp_path(&out.path);
        let file = std::fs::File::create(&temp).map_err(|e| Error::io(&out.path, e))?;
        temps.0.push(temp.clone());
        let mut w = BufWriter::new(Pieces(file));
        let target = out.path.display().to_string();
        out.format
            .write_with(graph, layout, &mut w)
            .and_then(|()| w.flush())
            .map_err(|e| Error::write(&target, e))?;
        // A file that replaces one (`extract --into`, a graph written again)
        // is on disk before the rename, so that a crash leaves one or the other.
        if out.path.exists() {
            w.get_ref()
                .0
                .sync_all()
                .map_err(|e| Error::write(&target, e))?;
        }
        renames.push((temp, &out.path));
    }
    let mut pipe_closed = None;
    if let Some(out) = outputs.iter().find(|o| o.is_stdout()) {
        let mut w = BufWriter::new(std::io::stdout().lock());
        if let Err(e) = out
            .format
            .write_with(graph, layout, &mut w)
            .and_then(|()| w.flush())
        {
            let e = Error::write("stdout", e);
            if !e.is_broken_pipe() {
                return Err(e);
            }
            pipe_closed = Some(e);
        }
    }
    for (temp, target) in renames {
        std::fs::rename(&temp, target).map_err(|e| Error::io(target, e))?;
        temps.0.retain(|t| *t != temp);
    }
    match pipe_closed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a writer was handed, write by write.
    #[derive(Default)]
    struct Calls(Vec<usize>, Vec<u8>);

    impl Write for Calls {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.push(buf.len());
            self.1.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn large_writes_reach_the_file_in_pieces() {
        let data: Vec<u8> = (0..3 * PIECE + 5).map(|i| i as u8).collect();
        let mut w = BufWriter::new(Pieces(Calls::default()));
        w.write_all(b"head").unwrap();
        w.write_all(&data).unwrap();
        w.flush().unwrap();
        let Pieces(Calls(calls, bytes)) = w.into_inner().ok().unwrap();
        assert!(calls.iter().all(|&n| n <= PIECE), "{calls:?}");
        assert!(calls.len() >= 4, "{calls:?}");
        assert_eq!(&bytes[..4], b"head");
        assert_eq!(bytes[4..], data[..]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_device_is_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let null = PathBuf::from("/dev/null");
        let outputs = Output::plan(std::slice::from_ref(&null), Some(Format::NodeLink)).unwrap();
        write_outputs(&Graph::default(), &outputs).unwrap();
        let kind = std::fs::metadata(&null).unwrap().file_type();
        assert!(kind.is_char_device());
    }

    fn temps_in(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect()
    }

    #[test]
    fn a_failing_output_leaves_targets_untouched_and_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("g.json");
        std::fs::write(&first, "old").unwrap();
        let outputs = [
            Output {
                path: first.clone(),
                format: Format::NodeLink,
            },
            Output {
                path: dir.path().join("missing").join("g.jsonl"),
                format: Format::Mentions,
            },
        ];
        let err = write_outputs(&Graph::default(), &outputs).unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "old");
        assert!(temps_in(dir.path()).is_empty());

        write_outputs(&Graph::default(), &outputs[..1]).unwrap();
        assert!(
            std::fs::read_to_string(&first)
                .unwrap()
                .contains("\"graph\"")
        );
        assert!(temps_in(dir.path()).is_empty());
    }

    #[test]
    fn plan_checks_usage() {
        let p = |v: &[&str], f: Option<Format>| {
            Output::plan(&v.iter().map(PathBuf::from).collect::<Vec<_>>(), f)
        };
        assert!(
            p(&["a.json", "b.json"], Some(Format::NodeLink))
                .unwrap_err()
                .is_usage()
        );
        assert!(p(&["a.txt"], None).unwrap_err().is_usage());
        assert!(p(&["-", "-"], None).unwrap_err().is_usage());
        assert!(!p(&["no/such/dir/a.json"], None).unwrap_err().is_usage());
        let ok = p(&["a.json", "b.jsonl", "-"], None).unwrap();
        assert_eq!(ok[1].format, Format::Mentions);
        assert_eq!(ok[2].format, Format::NodeLink);
        assert_eq!(
            p(&["a.txt"], Some(Format::GraphMl)).unwrap()[0].format,
            Format::GraphMl
        );
    }
}
