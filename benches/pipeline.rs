//! Benchmarks of every stage: `cargo bench --bench pipeline`.
//!
//! Inputs are generated here: a few sentences of Arabic political news, repeated
//! and varied into an article, and a synthetic graph for the exporters.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use newsgraph::{
    ActorType, Document, DocumentMeta, Evidence, ExtractOptions, Extractor, Format, Graph,
    GraphOptions, Lexicon, Node, Relation, RelationRecord,
};
use std::sync::LazyLock;

fn main() {
    divan::main();
}

const SENTENCES: [&str; 10] = [
    "التقى وزير الخارجية الأمريكي جون كيري نظيره المصري سامح شكري في القاهرة أمس.",
    "وبحث الجانبان العلاقات الثنائية والأوضاع في سوريا وليبيا واليمن.",
    "وأعلنت المملكة العربية السعودية دعمها للحكومة اليمنية الشرعية في مواجهة الحوثيين.",
    "وقال الرئيس الروسي فلاديمير بوتين إن موسكو تعارض أي تدخل عسكري في سوريا.",
    "وهاجم تنظيم «داعش» مواقع للجيش العراقي قرب الرمادي، بحسب مصادر أمنية.",
    "واستقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز رئيس الوزراء البريطاني ديفيد كاميرون في الرياض.",
    "ودعت الأمم المتحدة إيران وتركيا إلى وقف التصعيد على الحدود.",
    "وأكد الأمين العام لجامعة الدول العربية نبيل العربي تضامن الجامعة مع الأردن.",
    "وأشار المتحدث باسم الخارجية الفرنسية إلى أن باريس تتعاون مع برلين ولندن في الملف النووي الإيراني.",
    "ووقعت قطر والكويت اتفاقية للتعاون الاقتصادي بقيمة ٢٫٥ مليار دولار عام ٢٠١٥.",
];

/// An article of about `bytes` bytes: the sentences, rotated per paragraph.
fn article(bytes: usize) -> String {
    let mut s = String::from("مباحثات أمريكية مصرية في القاهرة\n\n");
    let mut k = 0;
    while s.len() < bytes {
        for i in 0..4 {
            s.push_str(SENTENCES[(k + i * 3) % SENTENCES.len()]);
            s.push(' ');
        }
        s.push('\n');
        k += 1;
    }
    s
}

static ARTICLE: LazyLock<String> = LazyLock::new(|| article(8_000));
static LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::load(&[], true).expect("built-in lexicon"));
static EXTRACTOR: LazyLock<Extractor<'static>> =
    LazyLock::new(|| Extractor::new(&LEXICON, ExtractOptions::default()));
static EXTRACTOR_DFA: LazyLock<Extractor<'static>> =
    LazyLock::new(|| Extractor::for_large_input(&LEXICON, ExtractOptions::default()));

fn doc(text: &str) -> Document {
    Document {
        meta: DocumentMeta {
            id: "bench.txt".into(),
            title: None,
            date: Some("2015-07-21".into()),
            url: None,
            source: None,
            hash: None,
        },
        text: text.to_string(),
    }
}

mod text {
    use super::*;

    #[divan::bench]
    fn normalize(b: Bencher) {
        let a = &*ARTICLE;
        b.counter(BytesCount::of_str(a))
            .bench(|| newsgraph::normalize(black_box(a)));
    }

    #[divan::bench]
    fn tokens_and_sentences(b: Bencher) {
        let n = newsgraph::normalize(&ARTICLE);
        b.counter(BytesCount::of_str(&n.text)).bench(|| {
            (
                newsgraph::tokens(black_box(&n.text)),
                newsgraph::sentences(black_box(&n.text)),
            )
        });
    }
}

mod extract {
    use super::*;

    /// Startup: loading the built-in lexicon and compiling its matcher.
    #[divan::bench(sample_count = 20)]
    fn lexicon_and_extractor_new() -> usize {
        let lex = Lexicon::load(&[], true).expect("built-in lexicon");
        let e = Extractor::new(&lex, ExtractOptions::default());
        black_box(&e);
        lex.names().len()
    }

    /// The DFA build of the corpus-sized runs.
    #[divan::bench(sample_count = 10)]
    fn extractor_for_large_input() {
        black_box(Extractor::for_large_input(
            &LEXICON,
            ExtractOptions::default(),
        ));
    }

    /// Lexicon matching, isolated: an article of lexicon names and function words
    /// with no verbs, so the relation frames find (almost) nothing.
    #[divan::bench(args = ["nfa", "dfa"])]
    fn lexicon_matching(b: Bencher, kind: &str) {
        let names = LEXICON.names();
        let mut text = String::new();
        for (i, n) in names.iter().cycle().take(800).enumerate() {
            text.push_str(n);
            text.push_str(if i % 9 == 8 { ".\n" } else { " و " });
        }
        let d = doc(&text);
        let e = if kind == "dfa" {
            &*EXTRACTOR_DFA
        } else {
            &*EXTRACTOR
        };
        b.counter(BytesCount::of_str(&text))
            .bench(|| e.extract(black_box(&d)));
    }

    /// Issue 8's long line: one document of 60,000 words with no punctuation
    /// (cut into sentences of the token window).
    #[divan::bench(sample_count = 10)]
    fn long_line(b: Bencher) {
        let words: Vec<&str> =
            "التحالف الدولي ضد داعش مصر والأردن اجتماع بين الولايات المتحدة كلمة أخرى"
                .split(' ')
                .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let text: Vec<&str> = (0..60_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                words[(x % words.len() as u64) as usize]
            })
            .collect();
        let d = doc(&format!("عنوان\n\n{}", text.join(" ")));
        b.counter(BytesCount::of_str(&d.text))
            .bench(|| EXTRACTOR.extract(black_box(&d)));
    }

    /// The whole extraction of an article: matching, actor grammar, relation frames.
    #[divan::bench(args = ["nfa", "dfa"])]
    fn article(b: Bencher, kind: &str) {
        let d = doc(&ARTICLE);
        let e = if kind == "dfa" {
            &*EXTRACTOR_DFA
        } else {
            &*EXTRACTOR
        };
        b.counter(BytesCount::of_str(&d.text))
            .bench(|| e.extract(black_box(&d)));
    }
}

/// A graph of `nodes` actors and about `edges` relations.
fn graph(nodes: usize, edges: usize) -> Graph {
    let mut g = Graph::new(GraphOptions {
        max_evidence: Some(3),
        keep_mentions: false,
    });
    g.add_document(DocumentMeta {
        id: "doc-0".into(),
        title: Some("اجتماع «أمني» & \"رفيع\"".into()),
        date: Some("2015-07-21".into()),
        url: Some("https://example.org/a?x=1&y=2".into()),
        source: None,
        hash: None,
    })
    .expect("a document is stored");
    let id = |i: usize| format!("ng:person:شخص_{i}");
    for i in 0..nodes {
        let mut n = Node::new(id(i), ActorType::Person);
        n.labels.insert("ar".into(), format!("شخص رقم {i}"));
        n.labels.insert("en".into(), format!("Person {i}"));
        n.documents.insert("doc-0");
        n.mentions = 1 + (i % 7) as u64;
        g.add_node(n);
    }
    let relations = [
        Relation::MetWith,
        Relation::Supports,
        Relation::Opposes,
        Relation::CooperatesWith,
    ];
    for k in 0..edges {
        let (s, t) = (k % nodes, (k * 7 + 1 + k / nodes) % nodes);
        let text = "التقى الوزير نظيره في القاهرة";
        g.add_relation(RelationRecord {
            source: id(s),
            relation: relations[k % relations.len()],
            target: id(if t == s { (t + 1) % nodes } else { t }),
            derived: false,
            evidence: Evidence {
                document: "doc-0".into(),
                sentence: k % 40,
                start: 0,
                end: text.chars().count(),
                trigger_start: 0,
                trigger_end: 5,
                trigger: "التقى".into(),
                text: text.into(),
                date: Some("2015-07-21".into()),
                source_sector: None,
                target_sector: None,
                rule: None,
            },
        });
    }
    g
}

static GRAPH: LazyLock<Graph> = LazyLock::new(|| graph(2_000, 10_000));

#[divan::bench(args = ["json", "graphml", "gexf", "jsonld", "nq"], sample_count = 10)]
fn export(b: Bencher, format: &str) {
    let f: Format = format.parse().expect("a format");
    let g = &*GRAPH;
    let mut buf = Vec::with_capacity(64 << 20);
    f.write(g, &mut buf).expect("write");
    b.counter(BytesCount::new(buf.len())).bench_local(|| {
        buf.clear();
        f.write(black_box(g), &mut buf).expect("write");
    });
}

/// The layout stage on the synthetic graph (2000 nodes, all with relations:
/// ForceAtlas2 with Barnes-Hut, 500 iterations, and Louvain).
#[divan::bench(sample_count = 3)]
fn layout(b: Bencher) {
    let g = &*GRAPH;
    b.bench(|| {
        newsgraph::Layout::compute(black_box(g), &newsgraph::LayoutOptions::default())
            .expect("layout")
    });
}

/// Reading the node-link JSON of the synthetic graph back (what `convert` does
/// before writing), from bytes in memory.
#[divan::bench(sample_count = 10)]
fn read_node_link(b: Bencher) {
    let mut json = Vec::new();
    Format::NodeLink.write(&GRAPH, &mut json).expect("write");
    b.counter(BytesCount::new(json.len())).bench_local(|| {
        newsgraph::read_node_link_slice(black_box(&json), "bench", GraphOptions::default())
            .expect("read")
    });
}
