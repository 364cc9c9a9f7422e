#!/usr/bin/env node
// Load one newsgraph output set with JavaScript readers and compare counts.
//
// Usage: node check_js.mjs PREFIX
//
// Reads PREFIX.json (node-link: the reference counts), PREFIX.graphml and
// PREFIX.gexf with graphology-graphml / graphology-gexf (their Node endpoints
// parse with @xmldom/xmldom's DOMParser) into a graphology MultiGraph, and
// PREFIX.jsonld with jsonld.js toRDF in safe mode (a term or IRI that would be
// dropped silently is an error) with a document loader that refuses every URL,
// so a remote @context fails loudly. Its distinct quads must equal the distinct
// quads of PREFIX.nq (parsed with rdf-canonize's N-Quads parser, which jsonld.js
// ships). Each check prints `OK name: ...` or `FAIL name: ...`; exit 1 on any FAIL.
//
// The packages are looked up in $CONFORMANCE_NODE_PREFIX/node_modules
// (default: <repo>/.ci/node, where .ci/run installs them).
import { createRequire } from 'node:module';
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const prefixDir = process.env.CONFORMANCE_NODE_PREFIX || path.join(here, '..', '..', '.ci', 'node');
const require = createRequire(path.join(path.resolve(prefixDir), 'node_modules', '.conformance.cjs'));

let failed = 0;
const ok = (name, msg) => console.log(`OK ${name}: ${msg}`);
const fail = (name, msg) => { failed += 1; console.log(`FAIL ${name}: ${msg}`); };
const describe = (e) => {
  let s = `${e && e.name ? e.name : 'Error'}: ${e && e.message ? e.message : e}`.split('\n')[0];
  let c = e && e.details && e.details.cause ? e.details.cause : e && e.cause;
  while (c && (c.cause || (c.details && c.details.cause))) c = c.cause || c.details.cause;
  if (c) s += ` <- ${c.name || 'Error'}: ${String(c.message || c).split('\n')[0]}`;
  const ev = e && e.details && e.details.event;
  if (ev) s += ` <- ${ev.code}: ${ev.message} ${JSON.stringify(ev.details || {})}`;
  return s.slice(0, 600);
};
class Missing extends Error {}
Missing.prototype.name = 'Missing';
const read = (file) => {
  if (!existsSync(file)) throw new Missing(`${file} does not exist`);
  if (statSync(file).size === 0) throw new Missing(`${file} is empty`);
  return readFileSync(file, 'utf8');
};
async function attempt(name, fn) {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof Missing)) console.error(e);
    fail(name, describe(e));
    return null;
  }
}

const prefix = process.argv[2];
if (!prefix) {
  console.error('usage: node check_js.mjs PREFIX');
  process.exit(2);
}

let mods;
try {
  mods = {
    graphology: require('graphology'),
    graphml: require('graphology-graphml'),
    gexf: require('graphology-gexf'),
    jsonld: require('jsonld'),
    nquads: require('jsonld/lib/NQuads'),
  };
} catch (e) {
  fail('node-modules', `${describe(e)} (run: npm install --prefix ${prefixDir} jsonld graphology graphology-graphml graphology-gexf @xmldom/xmldom)`);
  process.exit(1);
}
const { MultiGraph } = mods.graphology;

// --- graphs ---------------------------------------------------------------
const ref = await attempt('js-nodelink', () => {
  const data = JSON.parse(read(`${prefix}.json`));
  const links = data.links ?? data.edges;
  if (!Array.isArray(data.nodes) || !Array.isArray(links)) throw new Error('no nodes/links arrays');
  return { nodes: data.nodes.length, edges: links.length };
});

function compare(name, graph) {
  const msg = `nodes=${graph.order} edges=${graph.size}`;
  if (!ref) fail(name, `${msg} but the node-link JSON gave no reference counts`);
  else if (graph.order === ref.nodes && graph.size === ref.edges) ok(name, msg);
  else fail(name, `${msg}, expected nodes=${ref.nodes} edges=${ref.edges}`);
}

for (const [name, lib, ext] of [['graphology-graphml', mods.graphml, 'graphml'], ['graphology-gexf', mods.gexf, 'gexf']]) {
  const g = await attempt(name, () => lib.parse(MultiGraph, read(`${prefix}.${ext}`)));
  if (g) compare(name, g);
}

// --- RDF ------------------------------------------------------------------
const documentLoader = async (url) => {
  throw new Error(`remote document ${url} refused: contexts must be embedded (no network)`);
};
// Distinct quads of an N-Quads text. rdf-canonize's NQuads.parse compares every
// quad with every other quad of its graph (quadratic), so parse line by line
// (N-Quads has one statement per line) and deduplicate the canonical serialization.
function distinct(text) {
  const seen = new Set();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    let quads;
    try {
      quads = mods.nquads.parse(`${line}\n`);
    } catch (e) {
      throw new Error(`N-Quads parse error on line ${i + 1}: ${line.slice(0, 200)}`);
    }
    for (const q of quads) seen.add(mods.nquads.serializeQuad(q));
  }
  return seen.size;
}

const jsCount = await attempt('jsonld.js-toRDF', async () => {
  const doc = JSON.parse(read(`${prefix}.jsonld`));
  const nq = await mods.jsonld.toRDF(doc, { format: 'application/n-quads', safe: true, documentLoader });
  return distinct(nq);
});
const nqCount = await attempt('rdf-canonize-nquads', () => distinct(read(`${prefix}.nq`)));
if (jsCount !== null && nqCount !== null) {
  if (jsCount === 0) fail('jsonld.js-toRDF', 'quads=0 (empty dataset)');
  else if (jsCount === nqCount) {
    ok('jsonld.js-toRDF', `quads=${jsCount}`);
    ok('rdf-canonize-nquads', `quads=${nqCount}`);
  } else fail('jsonld.js-toRDF', `quads=${jsCount} from the JSON-LD, but the N-Quads file has ${nqCount}`);
} else if (jsCount !== null) {
  ok('jsonld.js-toRDF', `quads=${jsCount} (nothing to compare with)`);
} else if (nqCount !== null) {
  ok('rdf-canonize-nquads', `quads=${nqCount} (nothing to compare with)`);
}

process.exit(failed ? 1 : 0);
