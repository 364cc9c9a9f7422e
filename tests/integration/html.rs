//! The HTML page: its search folds names as the matcher does (fold.js run by
//! node against `newsgraph::normalize`), and it works in a real browser
//! (headless Chromium, scripts/conformance/check_html.py: no request, no
//! error, every node and edge drawn, the search finds مصر, evidence marked).

use crate::common::{bin, have, seeds};
use std::path::PathBuf;
use std::process::Command;

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Whether `program` is there; when it is not, the test skips with a
/// message, and fails under CI, which installs it.
fn need(program: &str) -> bool {
    if have(program) {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{program} is missing, and CI installs it (.ci/run)");
    }
    eprintln!("skipping: {program} is not installed");
    false
}

/// The matcher's folding of a name: `normalize`, runs of spaces as one, trimmed.
fn rust_fold(s: &str) -> String {
    newsgraph::normalize(s)
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_search_box_folds_names_as_the_matcher_does() {
    if !need("node") {
        return;
    }
    let samples = [
        "مصر",
        "مِصْرُ",
        "أَمِيرِكَا",
        "إيران وآسيا ٱلقدس",
        "المملكة العربية السعودية",
        "مـــصـــر",
        "ﻣﺼﺮ",
        "ﷲ",
        "مسؤول شؤون",
        "رئيس",
        "کردستان ایران",
        "١٢٣ ۴۵۶",
        "  Egypt\u{00A0}\u{2003}and\tSAUDI  ",
        "\u{200F}مصر\u{202B}",
        "ＡＢＣ ①",
        "ΣΑΣ İstanbul",
        "ة ى ئ ؤ",
        "Café Ünïcode",
        "line\u{2028}sep",
        "",
    ];
    let fold_js = repo("src/export/html/fold.js");
    let script = format!(
        "const {{ ngFold }} = require({:?});\n\
         const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n\
         process.stdout.write(JSON.stringify(input.map(ngFold)));",
        fold_js.display().to_string()
    );
    let mut child = Command::new("node")
        .arg("-e")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&samples).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let js: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    for (s, j) in samples.iter().zip(&js) {
        assert_eq!(*j, rust_fold(s), "folding {s:?}");
    }
    assert_eq!(js[1], "مصر");
}

/// Run the browser check on a page; its output lines.
fn check_page(page: &std::path::Path, graph: Option<&std::path::Path>) -> (bool, String) {
    let mut cmd = Command::new("python3");
    cmd.arg(repo("scripts/conformance/check_html.py")).arg(page);
    if let Some(g) = graph {
        cmd.arg("--graph").arg(g);
    }
    let out = cmd.output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn the_seeds_page_works_in_headless_chromium() {
    let Some(seeds) = seeds() else {
        return;
    };
    if !need("chromium") || !need("python3") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (page, json, gexf) = (
        dir.path().join("g.html"),
        dir.path().join("g.json"),
        dir.path().join("g.gexf"),
    );
    bin()
        .arg("extract")
        .args(&seeds)
        .arg("-q")
        .arg("-o")
        .arg(&page)
        .arg("-o")
        .arg(&gexf)
        .arg("-o")
        .arg(&json)
        .assert()
        .success();
    let (passed, text) = check_page(&page, Some(&json));
    assert!(passed, "{text}");
    for check in ["selftest", "network", "counts", "search", "evidence"] {
        assert!(
            text.contains(&format!("OK html-{check}:")),
            "{check}: {text}"
        );
    }
}

#[test]
fn the_browser_check_sees_a_request_and_a_broken_script() {
    if !need("chromium") || !need("python3") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // a page that loads an image from a (closed) port on this machine
    let page = dir.path().join("request.html");
    std::fs::write(
        &page,
        r#"<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">
<pre id="ng-selftest">{"nodes":0,"edges":0,"drawnNodes":0,"drawnEdges":0,"query":"مصر",
"found":[{"id":"x","ar":"مصر"}],"evidenceMarks":0,"errors":[]}</pre></body></html>"#,
    )
    .unwrap();
    let (passed, text) = check_page(&page, None);
    assert!(!passed, "{text}");
    assert!(text.contains("FAIL html-network:"), "{text}");
    // a page whose script never reports
    let page = dir.path().join("broken.html");
    std::fs::write(&page, "<!DOCTYPE html><script>syntax error(</script>").unwrap();
    let (passed, text) = check_page(&page, None);
    assert!(!passed && text.contains("FAIL html-selftest:"), "{text}");
}
