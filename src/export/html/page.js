// The newsgraph page: draws the graph of #ng-data on a canvas, with zoom and
// pan, a colour switch (community or type), a label switch (Arabic or English),
// a search box (names folded by ngFold, fold.js) and an information panel
// (a node's relations, an edge's evidence). No network, no library.
'use strict';
(function () {
  const errors = [];
  window.addEventListener('error', e => errors.push(String(e.message || e)));
  window.addEventListener('securitypolicyviolation', e => errors.push('blocked request: ' + e.blockedURI));
  const consoleError = console.error.bind(console);
  console.error = function (...args) { errors.push(args.join(' ')); consoleError(...args); };

  const data = JSON.parse(document.getElementById('ng-data').textContent);
  const nodes = data.nodes, edges = data.edges;
  const $ = id => document.getElementById(id);
  const canvas = $('ng-canvas');
  const ctx = canvas.getContext('2d');

  // At most this many edges are drawn at once: the heaviest in view, so a
  // large graph shows its backbone until the user zooms in.
  const EDGE_BUDGET = 6000;
  // Labels drawn at most, largest nodes first, none overlapping another.
  const LABEL_BUDGET = 250;

  const state = {
    color: 'community', lang: 'ar', scale: 1, tx: 0, ty: 0,
    node: -1, edge: -1, drawnNodes: 0, drawnEdges: 0,
  };

  // ---- derived data ---------------------------------------------------------
  const edgesOf = nodes.map(() => []);
  edges.forEach((e, i) => { edgesOf[e.s].push(i); if (e.t !== e.s) edgesOf[e.t].push(i); });
  const names = nodes.map(n => {
    const all = [n.ar, n.en].concat(n.names || []).filter(Boolean);
    return Array.from(new Set(all.map(ngFold))).filter(Boolean);
  });
  const bySize = nodes.map((_, i) => i).sort((a, b) => nodes[b].s - nodes[a].s || a - b);
  const hasArabic = s => /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/.test(s);

  function label(i) {
    const n = nodes[i];
    return state.lang === 'ar' ? (n.ar || n.en || n.id) : (n.en || n.ar || n.id);
  }
  function nodeColor(i) {
    const n = nodes[i];
    if (state.color === 'type') return data.types[n.t].color;
    return data.communities[Math.min(n.c, data.communities.length - 1)];
  }

  // ---- view -----------------------------------------------------------------
  let width = 0, height = 0;
  function resize() {
    const r = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    width = Math.max(1, r.width); height = Math.max(1, r.height);
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }
  // Frame the nodes that have relations (the others lie on a spiral around
  // them), or every node with `all`.
  function fit(all) {
    let shown = all ? nodes : nodes.filter(n => n.w > 0);
    if (!shown.length) shown = nodes;
    if (!shown.length) { state.scale = 1; state.tx = width / 2; state.ty = height / 2; return; }
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const n of shown) {
      x0 = Math.min(x0, n.x - n.s); y0 = Math.min(y0, n.y - n.s);
      x1 = Math.max(x1, n.x + n.s); y1 = Math.max(y1, n.y + n.s);
    }
    const w = Math.max(x1 - x0, 1), h = Math.max(y1 - y0, 1);
    state.scale = Math.min(width / w, height / h) * 0.92;
    state.tx = width / 2 - (x0 + w / 2) * state.scale;
    state.ty = height / 2 - (y0 + h / 2) * state.scale;
  }
  const sx = x => x * state.scale + state.tx;
  const sy = y => y * state.scale + state.ty;
  // nodes grow with the zoom up to 1.2 pixels per unit of size
  const radius = i => Math.max(1.5, nodes[i].s * Math.min(state.scale, 1.2));

  // ---- drawing --------------------------------------------------------------
  let pending = false;
  function redraw() {
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; draw(); }); }
  }
  function inView(x, y, m) { return x >= -m && y >= -m && x <= width + m && y <= height + m; }

  function visibleEdges() {
    const out = [];
    for (let k = edges.length - 1; k >= 0 && out.length < EDGE_BUDGET; k--) {
      const e = edges[k], a = nodes[e.s], b = nodes[e.t];
      const ax = sx(a.x), ay = sy(a.y), bx = sx(b.x), by = sy(b.y);
      if (Math.max(ax, bx) < 0 || Math.min(ax, bx) > width || Math.max(ay, by) < 0 || Math.min(ay, by) > height) continue;
      out.push(k);
    }
    return out.reverse();
  }

  let shownEdges = [];
  function draw() {
    ctx.clearRect(0, 0, width, height);
    const focus = state.node >= 0 ? new Set(edgesOf[state.node]) : null;
    shownEdges = visibleEdges();
    // edges, lightest first
    for (const k of shownEdges) {
      const e = edges[k], a = nodes[e.s], b = nodes[e.t];
      const on = k === state.edge || (focus && focus.has(k));
      ctx.globalAlpha = on ? 0.95 : (focus || state.edge >= 0 ? 0.12 : 0.6);
      ctx.strokeStyle = data.relations[e.r].color;
      ctx.lineWidth = (on ? 2 : 1) + Math.log(1 + e.w) * (on ? 1.2 : 0.7);
      ctx.beginPath(); ctx.moveTo(sx(a.x), sy(a.y)); ctx.lineTo(sx(b.x), sy(b.y)); ctx.stroke();
      if (on) arrow(e);
    }
    ctx.globalAlpha = 1;
    // nodes, grouped by colour
    const groups = new Map();
    let drawn = 0;
    for (let i = 0; i < nodes.length; i++) {
      const x = sx(nodes[i].x), y = sy(nodes[i].y), r = radius(i);
      if (!inView(x, y, r)) continue;
      drawn++;
      const c = nodeColor(i);
      if (!groups.has(c)) groups.set(c, new Path2D());
      const p = groups.get(c);
      p.moveTo(x + r, y); p.arc(x, y, r, 0, 2 * Math.PI);
    }
    ctx.strokeStyle = '#fff'; ctx.lineWidth = 0.6;
    for (const [c, p] of groups) { ctx.fillStyle = c; ctx.fill(p); ctx.stroke(p); }
    if (state.node >= 0) {
      const i = state.node;
      ctx.strokeStyle = '#111'; ctx.lineWidth = 2.5;
      ctx.beginPath(); ctx.arc(sx(nodes[i].x), sy(nodes[i].y), radius(i) + 2, 0, 2 * Math.PI); ctx.stroke();
    }
    drawLabels(focus);
    state.drawnNodes = drawn; state.drawnEdges = shownEdges.length;
    document.body.dataset.drawnNodes = drawn;
    document.body.dataset.drawnEdges = shownEdges.length;
  }

  function arrow(e) {
    const a = nodes[e.s], b = nodes[e.t];
    const ax = sx(a.x), ay = sy(a.y), bx = sx(b.x), by = sy(b.y);
    const d = Math.hypot(bx - ax, by - ay);
    if (d < 1) return;
    const ux = (bx - ax) / d, uy = (by - ay) / d, r = radius(e.t) + 2, h = 8;
    const px = bx - ux * r, py = by - uy * r;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.beginPath();
    ctx.moveTo(px, py);
    ctx.lineTo(px - ux * h - uy * h / 2, py - uy * h + ux * h / 2);
    ctx.lineTo(px - ux * h + uy * h / 2, py - uy * h - ux * h / 2);
    ctx.closePath(); ctx.fill();
  }

  function drawLabels(focus) {
    const boxes = [];
    const overlaps = b => boxes.some(o => b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0);
    ctx.font = '12px system-ui, "DejaVu Sans", "Noto Sans", "Noto Sans Arabic", Tahoma, Arial, sans-serif';
    ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    ctx.lineWidth = 3; ctx.strokeStyle = 'rgba(255,255,255,.85)'; ctx.fillStyle = '#222';
    let count = 0;
    const must = [];
    if (state.node >= 0) {
      must.push(state.node);
      for (const k of focus) { const e = edges[k]; must.push(e.s === state.node ? e.t : e.s); }
    }
    if (state.edge >= 0) must.push(edges[state.edge].s, edges[state.edge].t);
    const order = must.concat(bySize);
    const seen = new Set();
    for (const i of order) {
      if (count >= LABEL_BUDGET) break;
      if (seen.has(i)) continue;
      seen.add(i);
      const x = sx(nodes[i].x), y = sy(nodes[i].y), r = radius(i);
      if (!inView(x, y, 0)) continue;
      // a node without relations is labelled only when zoomed in on
      if (nodes[i].w === 0 && r < 8 && i !== state.node) continue;
      const text = label(i);
      ctx.direction = hasArabic(text) ? 'rtl' : 'ltr';
      const w = ctx.measureText(text).width;
      const b = { x0: x - w / 2 - 2, x1: x + w / 2 + 2, y0: y + r + 1, y1: y + r + 16 };
      if (overlaps(b)) continue;
      boxes.push(b);
      ctx.strokeText(text, x, y + r + 2); ctx.fillText(text, x, y + r + 2);
      count++;
    }
    ctx.direction = 'ltr';
  }

  // ---- legend ---------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k === 'style') e.style.cssText = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  function legend() {
    const box = $('ng-legend');
    box.textContent = '';
    const used = new Set(edges.map(e => e.r));
    box.append(el('h3', {}, 'Relations'));
    const rel = el('ul');
    data.relations.forEach((r, i) => {
      if (used.has(i)) rel.append(el('li', {}, el('span', { class: 'ng-swatch ng-line', style: 'background:' + r.color }), r.label));
    });
    box.append(rel);
    const list = el('ul');
    if (state.color === 'type') {
      box.append(el('h3', {}, 'Actor types'));
      const usedTypes = new Set(nodes.map(n => n.t));
      data.types.forEach((t, i) => {
        if (usedTypes.has(i)) list.append(el('li', {}, el('span', { class: 'ng-swatch', style: 'background:' + t.color }), t.label.replace('_', ' ')));
      });
    } else {
      box.append(el('h3', {}, 'Communities'));
      const counts = new Map();
      for (const n of nodes) counts.set(n.c, (counts.get(n.c) || 0) + 1);
      const coloured = data.communities.length - 1;
      for (let c = 0; c < coloured; c++) {
        if (data.communities[c] === data.communities[coloured]) break;
        // the community's largest member names it
        let best = -1;
        for (const i of bySize) if (nodes[i].c === c) { best = i; break; }
        list.append(el('li', {}, el('span', { class: 'ng-swatch', style: 'background:' + data.communities[c] }),
          el('span', { dir: 'auto' }, best >= 0 ? label(best) : String(c)), ' (' + (counts.get(c) || 0) + ')'));
      }
      list.append(el('li', {}, el('span', { class: 'ng-swatch', style: 'background:' + data.communities[coloured] }), 'others'));
    }
    box.append(list);
  }

  // ---- information panel ----------------------------------------------------
  const info = $('ng-info'), body = $('ng-info-body');
  const relationLabel = e => data.relations[e.r].label + (e.derived ? ' (derived)' : '');
  function nodeLink(i) {
    const a = el('a', { class: 'ng-link', dir: 'auto', href: '#' }, label(i));
    a.addEventListener('click', ev => { ev.preventDefault(); selectNode(i, true); });
    return a;
  }
  function edgeLink(k, text) {
    const a = el('a', { class: 'ng-link', href: '#' }, text);
    a.addEventListener('click', ev => { ev.preventDefault(); selectEdge(k); });
    return a;
  }
  function showNode(i) {
    const n = nodes[i];
    body.textContent = '';
    body.append(el('h2', { dir: 'auto' }, label(i)));
    const other = state.lang === 'ar' ? n.en : n.ar;
    if (other && other !== label(i)) body.append(el('div', { dir: 'auto' }, other));
    body.append(el('div', { class: 'ng-meta' }, data.types[n.t].label.replace('_', ' ') + ' · ' + n.id +
      ' · community ' + n.c + ' · ' + n.m + ' mentions'));
    if (n.names && n.names.length) body.append(el('div', { class: 'ng-meta', dir: 'auto' }, 'also: ' + n.names.join(' · ')));
    const list = edgesOf[i].slice().sort((a, b) => edges[b].w - edges[a].w || a - b);
    body.append(el('h3', {}, list.length ? 'Relations (' + list.length + ')' : 'No relations'));
    const ul = el('ul');
    for (const k of list) {
      const e = edges[k];
      const out = e.s === i;
      ul.append(el('li', {}, edgeLink(k, (out ? '→ ' : '← ') + relationLabel(e)), ' ',
        nodeLink(out ? e.t : e.s), el('span', { class: 'ng-meta' }, ' ×' + e.w)));
    }
    body.append(ul);
    info.hidden = false;
  }
  function showEdge(k) {
    const e = edges[k];
    body.textContent = '';
    body.append(el('h2', {}, nodeLink(e.s), ' ', el('span', { class: 'ng-meta' }, relationLabel(e) + ' →'), ' ', nodeLink(e.t)));
    const dates = e.first ? (e.first === e.last || !e.last ? e.first : e.first + ' – ' + e.last) : '';
    body.append(el('div', { class: 'ng-meta' }, e.w + ' evidence item' + (e.w === 1 ? '' : 's') +
      (dates ? ' · ' + dates : '') + (e.ev.length < e.w ? ' · ' + e.ev.length + ' shown' : '')));
    for (const [d, before, trigger, after, rule] of e.ev) {
      const doc = data.docs[d] || { id: '?' };
      const p = el('p', { class: 'ng-sentence', dir: 'rtl', lang: 'ar' }, before, trigger ? el('mark', {}, trigger) : null, after);
      if (!hasArabic(before + trigger + after)) { p.setAttribute('dir', 'auto'); p.removeAttribute('lang'); }
      const meta = el('div', { class: 'ng-doc' },
        doc.title ? el('div', { dir: 'auto' }, doc.title) : null,
        el('div', {}, [doc.date, doc.id, rule ? 'rule ' + rule : ''].filter(Boolean).join(' · ')),
        doc.url ? el('a', { href: doc.url, target: '_blank', rel: 'noopener noreferrer' }, doc.url) : null);
      body.append(el('div', { class: 'ng-evidence' }, p, meta));
    }
    info.hidden = false;
  }
  function selectNode(i, center) {
    state.node = i; state.edge = -1;
    if (center) {
      state.scale = Math.max(state.scale, 40 / Math.max(nodes[i].s, 1));
      state.tx = width / 2 - nodes[i].x * state.scale; state.ty = height / 2 - nodes[i].y * state.scale;
    }
    showNode(i); redraw();
  }
  function selectEdge(k) { state.edge = k; state.node = -1; showEdge(k); redraw(); }
  function clearSelection() { state.node = -1; state.edge = -1; info.hidden = true; redraw(); }
  $('ng-close').addEventListener('click', clearSelection);

  // ---- hit testing ----------------------------------------------------------
  function nodeAt(x, y) {
    let best = -1, bestD = Infinity;
    for (let i = 0; i < nodes.length; i++) {
      const d = Math.hypot(sx(nodes[i].x) - x, sy(nodes[i].y) - y);
      if (d <= radius(i) + 3 && d < bestD) { best = i; bestD = d; }
    }
    return best;
  }
  function edgeAt(x, y) {
    let best = -1, bestD = 5;
    for (const k of shownEdges) {
      const e = edges[k];
      const ax = sx(nodes[e.s].x), ay = sy(nodes[e.s].y), bx = sx(nodes[e.t].x), by = sy(nodes[e.t].y);
      const l2 = (bx - ax) ** 2 + (by - ay) ** 2;
      const t = l2 ? Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / l2)) : 0;
      const d = Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
      if (d < bestD) { best = k; bestD = d; }
    }
    return best;
  }

  // ---- zoom and pan ---------------------------------------------------------
  let drag = null;
  canvas.addEventListener('pointerdown', ev => {
    drag = { x: ev.clientX, y: ev.clientY, tx: state.tx, ty: state.ty, moved: false };
    canvas.setPointerCapture(ev.pointerId);
  });
  canvas.addEventListener('pointermove', ev => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; canvas.classList.add('ng-dragging'); }
    if (drag.moved) { state.tx = drag.tx + dx; state.ty = drag.ty + dy; redraw(); }
  });
  canvas.addEventListener('pointerup', ev => {
    const d = drag; drag = null; canvas.classList.remove('ng-dragging');
    if (!d || d.moved) return;
    const r = canvas.getBoundingClientRect();
    const x = ev.clientX - r.left, y = ev.clientY - r.top;
    const i = nodeAt(x, y);
    if (i >= 0) { selectNode(i, false); return; }
    const k = edgeAt(x, y);
    if (k >= 0) selectEdge(k); else clearSelection();
  });
  function zoomAt(x, y, factor) {
    const s = Math.min(Math.max(state.scale * factor, 1e-4), 1e4);
    const f = s / state.scale;
    state.tx = x - (x - state.tx) * f; state.ty = y - (y - state.ty) * f; state.scale = s;
    redraw();
  }
  canvas.addEventListener('wheel', ev => {
    ev.preventDefault();
    const r = canvas.getBoundingClientRect();
    zoomAt(ev.clientX - r.left, ev.clientY - r.top, Math.exp(-ev.deltaY * (ev.deltaMode ? 0.05 : 0.0015)));
  }, { passive: false });
  $('ng-fit').addEventListener('click', () => { fit(true); redraw(); });
  window.addEventListener('resize', () => { resize(); redraw(); });

  // ---- switches -------------------------------------------------------------
  $('ng-color').addEventListener('change', ev => { state.color = ev.target.value; legend(); redraw(); });
  $('ng-lang').addEventListener('change', ev => {
    state.lang = ev.target.value; legend();
    if (state.node >= 0) showNode(state.node); else if (state.edge >= 0) showEdge(state.edge);
    redraw();
  });

  // ---- search ---------------------------------------------------------------
  // Nodes whose names (folded) hold the folded query: exact names first, then
  // names that start with it, then the rest; larger nodes first in each.
  function search(query, limit) {
    const q = ngFold(query);
    if (!q) return [];
    const hits = [];
    for (let i = 0; i < nodes.length; i++) {
      let rank = 3;
      for (const n of names[i]) {
        if (n === q) { rank = 0; break; }
        if (n.startsWith(q) || n.includes(' ' + q)) rank = Math.min(rank, 1);
        else if (n.includes(q)) rank = Math.min(rank, 2);
      }
      if (rank < 3) hits.push([rank, -nodes[i].w, i]);
    }
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    return hits.slice(0, limit || 20).map(h => h[2]);
  }
  const input = $('ng-search'), results = $('ng-results');
  let active = 0;
  function showResults() {
    const found = search(input.value, 20);
    results.textContent = '';
    active = 0;
    found.forEach((i, k) => {
      const li = el('li', { 'data-node': i }, el('span', { dir: 'auto' }, label(i)), ' ',
        el('span', { class: 'ng-id' }, (state.lang === 'ar' ? nodes[i].en : nodes[i].ar) || nodes[i].id));
      if (k === 0) li.classList.add('ng-active');
      li.addEventListener('mousedown', ev => { ev.preventDefault(); pick(i); });
      results.append(li);
    });
    results.hidden = !input.value || false;
    if (input.value && !found.length) results.append(el('li', {}, 'no actor has that name'));
  }
  function pick(i) { results.hidden = true; selectNode(i, true); }
  input.addEventListener('input', showResults);
  input.addEventListener('keydown', ev => {
    const items = results.querySelectorAll('li[data-node]');
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (!items.length) return;
      items[active].classList.remove('ng-active');
      active = (active + (ev.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items[active].classList.add('ng-active');
    } else if (ev.key === 'Enter' && items.length) {
      pick(Number(items[active].dataset.node));
    } else if (ev.key === 'Escape') {
      results.hidden = true;
    }
  });
  input.addEventListener('blur', () => { results.hidden = true; });

  // ---- start ----------------------------------------------------------------
  $('ng-counts').textContent = nodes.length + ' actors · ' + edges.length + ' relations · ' +
    data.documents + ' documents';
  resize(); fit(false); legend(); draw();
  const readyMs = Math.round(performance.now());

  // The page's own check (`#selftest`, used by the tests): what was drawn, what
  // the search finds, and any error, as JSON in #ng-selftest.
  window.newsgraphView = { search: q => search(q, 20).map(i => nodes[i].id), fold: ngFold, state, errors };
  if (location.hash.startsWith('#selftest')) {
    const query = decodeURIComponent(location.hash.slice('#selftest'.length).replace(/^=/, '')) || 'مصر';
    draw();
    const found = search(query, 20);
    if (found.length) selectNode(found[0], true);
    const evidence = edges.findIndex(e => e.ev.length > 0);
    let marks = 0;
    if (evidence >= 0) { selectEdge(evidence); marks = body.querySelectorAll('mark').length; }
    fit(true); draw();
    const out = $('ng-selftest');
    out.textContent = JSON.stringify({
      nodes: nodes.length, edges: edges.length,
      drawnNodes: state.drawnNodes, drawnEdges: state.drawnEdges,
      query, found: found.map(i => ({ id: nodes[i].id, ar: nodes[i].ar || null, en: nodes[i].en || null })),
      evidenceMarks: marks, readyMs, errors,
    });
    out.hidden = false;
  }
})();
