/* partnet interactive map: the page's script (embedded in map.html, issue 11).
 * Reads the map's data from the JSON element #pn-data (type application/json) and works on the
 * inline SVG that partnet drew (one <g id="node-..."> per node, <g id="edge-..."> per line).
 * User text is only ever set with textContent or as attribute values: never as markup.
 * No network access: everything the page needs is in the file. */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('pn-data').textContent);
  var mapBox = document.getElementById('pn-map');
  var svg = mapBox.querySelector('svg');
  var nodes = data.nodes;
  var edges = data.edges;
  var selected = -1;
  var hovered = -1;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function clear(e) {
    while (e.firstChild) e.removeChild(e.firstChild);
  }

  /* Folded for matching: lower case, accents off. */
  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  /* ---------------------------------------------------------------- */
  /* The graph: each node's lines and partners                        */

  nodes.forEach(function (n, i) {
    n.index = i;
    n.el = document.getElementById(n.g);
    n.lines = [];
    n.name = String(n.name || n.id).replace(/\n/g, ' ');
    /* community map nodes: their tooltip lists the members, so a member's name finds them */
    n.keys = [fold(n.name), fold(n.short), fold(n.id), fold(n.tip)].filter(function (k) { return k; });
  });
  edges.forEach(function (e, j) {
    e.el = document.getElementById(e.g);
    if (nodes[e.a]) nodes[e.a].lines.push(j);
    if (nodes[e.b]) nodes[e.b].lines.push(j);
  });

  function partners(i) {
    var seen = {};
    var out = [];
    nodes[i].lines.forEach(function (j) {
      var o = edges[j].a === i ? edges[j].b : edges[j].a;
      if (!seen[o] && nodes[o]) {
        seen[o] = true;
        out.push(o);
      }
    });
    return out;
  }

  /* ---------------------------------------------------------------- */
  /* Pan and zoom: the SVG's viewBox                                  */

  var base = svg.viewBox.baseVal;
  var home = { x: base.x, y: base.y, w: base.width, h: base.height };
  var vb = { x: home.x, y: home.y, w: home.w, h: home.h };

  function applyView() {
    svg.setAttribute('viewBox', [vb.x, vb.y, vb.w, vb.h].join(' '));
  }

  function toSvg(cx, cy) {
    var m = svg.getScreenCTM();
    if (!m) return { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 };
    var p = svg.createSVGPoint();
    p.x = cx;
    p.y = cy;
    return p.matrixTransform(m.inverse());
  }

  function zoomAt(f, p) {
    var w = vb.w * f;
    if (w < home.w / 40 || w > home.w * 4) return;
    vb.x = p.x - (p.x - vb.x) * f;
    vb.y = p.y - (p.y - vb.y) * f;
    vb.w = w;
    vb.h = vb.h * f;
    applyView();
  }

  function zoomCentre(f) {
    zoomAt(f, { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 });
  }

  function fit() {
    vb = { x: home.x, y: home.y, w: home.w, h: home.h };
    applyView();
  }

  function pan(dx, dy) {
    vb.x += dx;
    vb.y += dy;
    applyView();
  }

  /* Centre the view on node i, closer in when the map is wide. */
  function showNode(i) {
    var n = nodes[i];
    if (!n.el) return;
    var r = n.el.getBoundingClientRect();
    var c = toSvg(r.left + r.width / 2, r.top + r.height / 2);
    var w = Math.min(vb.w, home.w / 2);
    var h = vb.h * (w / vb.w);
    vb = { x: c.x - w / 2, y: c.y - h / 2, w: w, h: h };
    applyView();
  }

  mapBox.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    zoomAt(ev.deltaY < 0 ? 1 / 1.2 : 1.2, toSvg(ev.clientX, ev.clientY));
  }, { passive: false });

  var drag = null;
  var dragged = false;
  mapBox.addEventListener('pointerdown', function (ev) {
    if (ev.button !== 0 || ev.target.closest('button')) return;
    drag = { x: ev.clientX, y: ev.clientY, id: ev.pointerId };
    dragged = false;
  });
  mapBox.addEventListener('pointermove', function (ev) {
    if (!drag || ev.pointerId !== drag.id) return;
    var dx = ev.clientX - drag.x;
    var dy = ev.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) return;
    if (!dragged) {
      dragged = true;
      mapBox.classList.add('pn-dragging');
      mapBox.setPointerCapture(ev.pointerId);
    }
    var m = svg.getScreenCTM();
    var s = m ? 1 / m.a : 1;
    pan(-dx * s, -dy * s);
    drag.x = ev.clientX;
    drag.y = ev.clientY;
  });
  function endDrag() {
    drag = null;
    mapBox.classList.remove('pn-dragging');
  }
  mapBox.addEventListener('pointerup', endDrag);
  mapBox.addEventListener('pointercancel', endDrag);

  document.getElementById('pn-zin').addEventListener('click', function () { zoomCentre(1 / 1.4); });
  document.getElementById('pn-zout').addEventListener('click', function () { zoomCentre(1.4); });
  document.getElementById('pn-zfit').addEventListener('click', fit);

  mapBox.addEventListener('keydown', function (ev) {
    if (ev.target.tagName === 'BUTTON') return;
    var step = vb.w / 10;
    var k = ev.key;
    if (k === 'ArrowLeft') pan(-step, 0);
    else if (k === 'ArrowRight') pan(step, 0);
    else if (k === 'ArrowUp') pan(0, -step);
    else if (k === 'ArrowDown') pan(0, step);
    else if (k === '+' || k === '=') zoomCentre(1 / 1.25);
    else if (k === '-' || k === '_') zoomCentre(1.25);
    else if (k === '0') fit();
    else if (k === 'Escape') select(-1);
    else if ((k === 'Enter' || k === ' ') && ev.target.pnIndex !== undefined) select(ev.target.pnIndex);
    else return;
    ev.preventDefault();
  });

  document.addEventListener('keydown', function (ev) {
    var t = ev.target.tagName;
    if (ev.key === '/' && t !== 'INPUT' && t !== 'SELECT' && t !== 'TEXTAREA') {
      ev.preventDefault();
      document.getElementById('pn-q').focus();
    }
  });

  /* ---------------------------------------------------------------- */
  /* Highlight and the information panel                              */

  function highlight(i) {
    var lit = svg.querySelectorAll('.pn-hi');
    for (var k = 0; k < lit.length; k++) lit[k].classList.remove('pn-hi');
    if (i < 0) {
      svg.classList.remove('pn-focus');
      return;
    }
    svg.classList.add('pn-focus');
    if (nodes[i].el) nodes[i].el.classList.add('pn-hi');
    nodes[i].lines.forEach(function (j) {
      if (edges[j].el) edges[j].el.classList.add('pn-hi');
    });
    partners(i).forEach(function (o) {
      if (nodes[o].el) nodes[o].el.classList.add('pn-hi');
    });
  }

  function fmt(x, isInt) {
    if (x === null || x === undefined) return 'n/a';
    if (isInt) return String(Math.round(x));
    if (x === 0) return '0';
    return Number(x.toPrecision(4)).toString();
  }

  function years(s, u) {
    if (s && u) return ' (' + s + '\u2013' + u + ')';
    if (s) return ' (since ' + s + ')';
    if (u) return ' (until ' + u + ')';
    return '';
  }

  function nodeButton(o) {
    var b = el('button', nodes[o].name, 'pn-link');
    b.type = 'button';
    b.addEventListener('click', function () {
      select(o);
      showNode(o);
    });
    return b;
  }

  function infoFacts(box, n) {
    var facts = [n.id, n.kind, n.type, n.country, n.city].filter(function (x) { return x; });
    box.appendChild(el('p', facts.join(' \u00b7 '), 'pn-facts'));
    if (n.since || n.until) box.appendChild(el('p', 'Active' + years(n.since, n.until)));
    if (n.tip) box.appendChild(el('p', n.tip, 'pn-tip'));
    if (n.themes && n.themes.length) {
      box.appendChild(el('p', 'Themes: ' + n.themes.map(function (t) {
        return data.themes[t] || t;
      }).join(', ')));
    }
  }

  function infoMetrics(box, n) {
    if (!n.m || !n.m.length) return;
    box.appendChild(el('h2', 'Metrics'));
    var t = el('table', null, 'pn-metrics');
    data.metrics.forEach(function (mi, k) {
      var tr = el('tr');
      tr.appendChild(el('td', mi.label));
      tr.appendChild(el('td', fmt(n.m[k], mi.int)));
      tr.dataset.metric = mi.name;
      t.appendChild(tr);
    });
    box.appendChild(t);
  }

  function infoPartners(box, i) {
    var ps = partners(i);
    box.appendChild(el('h2', 'Partners (' + ps.length + ')'));
    var ul = el('ul', null, 'pn-partners');
    ps.sort(function (a, b) { return nodes[a].name.localeCompare(nodes[b].name); });
    ps.forEach(function (o) {
      var li = el('li');
      li.appendChild(nodeButton(o));
      nodes[i].lines.forEach(function (j) {
        var e = edges[j];
        if ((e.a === o || e.b === o) && (e.type || e.kind)) {
          li.appendChild(document.createTextNode(' \u2014 ' + (e.type || e.kind) +
            (e.label ? ': ' + e.label : '') + years(e.since, e.until)));
        }
      });
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function infoSources(box, n) {
    if (!n.src || !n.src.length) return;
    box.appendChild(el('h2', 'Sources'));
    var ul = el('ul', null, 'pn-sources');
    n.src.forEach(function (id) {
      var s = data.sources[id] || {};
      var li = el('li');
      var text = s.title || id;
      if (s.url && /^https?:\/\//i.test(s.url)) {
        var a = el('a', text);
        a.href = s.url;
        a.rel = 'noopener noreferrer';
        a.target = '_blank';
        li.appendChild(a);
      } else {
        li.appendChild(document.createTextNode(text));
      }
      var more = [s.publisher, s.date].filter(function (x) { return x; }).join(', ');
      if (more) li.appendChild(document.createTextNode(' (' + more + ')'));
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function showInfo(i) {
    var box = document.getElementById('pn-info');
    clear(box);
    if (i < 0) {
      box.appendChild(el('h2', 'Selection'));
      box.appendChild(el('p', 'Hover over or click a node (or Tab to it and press Enter) to ' +
        'see its partners, metrics and sources.', 'pn-muted'));
      return;
    }
    var n = nodes[i];
    box.appendChild(el('h2', i === selected ? 'Selected' : 'Under the pointer'));
    box.appendChild(el('h3', n.name, 'pn-name'));
    infoFacts(box, n);
    infoMetrics(box, n);
    infoPartners(box, i);
    infoSources(box, n);
  }

  function select(i) {
    if (selected >= 0 && nodes[selected].el) nodes[selected].el.classList.remove('pn-sel');
    selected = i;
    if (i >= 0 && nodes[i].el) nodes[i].el.classList.add('pn-sel');
    highlight(i);
    showInfo(i);
  }

  function hover(i) {
    hovered = i;
    var shown = i >= 0 ? i : selected;
    highlight(shown);
    showInfo(shown);
  }

  nodes.forEach(function (n, i) {
    if (!n.el) return;
    n.el.pnIndex = i;
    n.el.setAttribute('tabindex', '0');
    n.el.setAttribute('role', 'button');
    n.el.setAttribute('aria-label', n.name);
    n.el.addEventListener('mouseenter', function () { hover(i); });
    n.el.addEventListener('mouseleave', function () { if (hovered === i) hover(-1); });
    n.el.addEventListener('focus', function () { hover(i); });
    n.el.addEventListener('blur', function () { if (hovered === i) hover(-1); });
    n.el.addEventListener('click', function (ev) {
      if (dragged) return;
      ev.preventDefault();
      select(i);
    });
  });
  svg.addEventListener('click', function (ev) {
    if (!dragged && !ev.target.closest('g.node[tabindex]')) select(-1);
  });

  /* ---------------------------------------------------------------- */
  /* Search, with "did you mean" when nothing matches                   */

  function distance(a, b) {
    var prev = [];
    var cur = [];
    var i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  /* How far q is from node n: its names and ids, and each word of its name. */
  function nearness(n, q) {
    var best = Infinity;
    n.keys.forEach(function (k) {
      best = Math.min(best, distance(q, k));
      k.split(/[\s,()\-]+/).forEach(function (w) {
        if (w) best = Math.min(best, distance(q, w) + 0.5);
      });
    });
    return best;
  }

  var input = document.getElementById('pn-q');
  var results = document.getElementById('pn-results');
  var hint = document.getElementById('pn-hint');

  function resultItem(i) {
    var li = el('li');
    var b = el('button', nodes[i].name + (nodes[i].name !== nodes[i].id ? ' (' + nodes[i].id + ')' : ''));
    b.type = 'button';
    b.addEventListener('click', function () { choose(i); });
    b.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowDown' && li.nextSibling) li.nextSibling.firstChild.focus();
      else if (ev.key === 'ArrowUp') (li.previousSibling ? li.previousSibling.firstChild : input).focus();
      else if (ev.key === 'Escape') input.focus();
      else return;
      ev.preventDefault();
    });
    li.appendChild(b);
    return li;
  }

  function choose(i) {
    clear(results);
    hint.textContent = '';
    input.value = nodes[i].name;
    select(i);
    showNode(i);
    if (nodes[i].el) nodes[i].el.focus({ preventScroll: true });
  }

  /* Matches of q: whole name or id first, then names that start with it, names with a word
   * that starts with it, names that contain it; the more central first within each. */
  function matches(q) {
    var out = [];
    var pr = metricIndex.pagerank;
    nodes.forEach(function (n, i) {
      if (!n.el) return;
      var rank = Infinity;
      n.keys.forEach(function (k) {
        var at = k.indexOf(q);
        if (k === q) rank = Math.min(rank, 0);
        else if (at === 0) rank = Math.min(rank, 1);
        else if (at > 0 && (' ' + k).split(/[\s,()\-]+/).some(function (w) { return w.indexOf(q) === 0; })) rank = Math.min(rank, 2);
        else if (at > 0) rank = Math.min(rank, 3);
      });
      var weight = pr !== undefined && n.m && n.m[pr] !== null ? n.m[pr] : 0;
      if (rank < Infinity) out.push([rank, -weight, n.name, i]);
    });
    out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]); });
    return out.map(function (x) { return x[3]; });
  }

  function search() {
    clear(results);
    hint.textContent = '';
    var q = fold(input.value.trim());
    if (!q) return [];
    var found = matches(q);
    if (found.length) {
      found.slice(0, 8).forEach(function (i) { results.appendChild(resultItem(i)); });
      if (found.length > 8) hint.textContent = found.length + ' matches; the first 8 are listed';
      return found;
    }
    var near = nodes.filter(function (n) { return n.el; }).map(function (n) {
      return [nearness(n, q), n.name, n.index];
    });
    near.sort(function (a, b) { return a[0] - b[0] || a[1].localeCompare(b[1]); });
    near = near.slice(0, 3);
    hint.textContent = near.length ? 'No match for \u201c' + input.value.trim() + '\u201d. Did you mean:' :
      'No match for \u201c' + input.value.trim() + '\u201d';
    near.forEach(function (x) { results.appendChild(resultItem(x[2])); });
    return [];
  }

  input.addEventListener('input', search);
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') {
      var found = search();
      if (found.length) choose(found[0]);
      else if (results.firstChild) results.firstChild.firstChild.focus();
      ev.preventDefault();
    } else if (ev.key === 'ArrowDown' && results.firstChild) {
      results.firstChild.firstChild.focus();
      ev.preventDefault();
    } else if (ev.key === 'Escape') {
      input.value = '';
      search();
    }
  });

  /* ---------------------------------------------------------------- */
  /* Filters: community, kind, country, theme, and the year             */

  var metricIndex = {};
  data.metrics.forEach(function (mi, k) { metricIndex[mi.name] = k; });

  function communityOf(n) {
    var k = metricIndex.community;
    return k === undefined || !n.m || n.m[k] === null ? null : String(n.m[k]);
  }

  var facets = [
    { name: 'community', label: 'Community', of: function (n) { var c = communityOf(n); return c === null ? [] : [c]; },
      show: function (v) { return (data.communities && data.communities[v]) || 'Community ' + v; } },
    { name: 'kind', label: 'Kind', of: function (n) { return n.kind ? [n.kind] : []; } },
    { name: 'country', label: 'Country', of: function (n) { return n.country ? [n.country] : []; } },
    { name: 'theme', label: 'Theme', of: function (n) { return n.themes || []; },
      show: function (v) { return data.themes[v] || v; } }
  ];

  var boxes = document.getElementById('pn-filter-boxes');
  facets.forEach(function (f) {
    var values = {};
    nodes.forEach(function (n) { f.of(n).forEach(function (v) { values[v] = (values[v] || 0) + 1; }); });
    var keys = Object.keys(values);
    if (keys.length < 2 && f.name !== 'kind') return;
    if (!keys.length) return;
    keys.sort(function (a, b) {
      var na = Number(a);
      var nb = Number(b);
      return isNaN(na) || isNaN(nb) ? a.localeCompare(b) : na - nb;
    });
    var row = el('div', null, 'pn-filter');
    var label = el('label', f.label);
    var sel = el('select');
    sel.id = 'pn-filter-' + f.name;
    label.htmlFor = sel.id;
    var all = el('option', 'All');
    all.value = '';
    sel.appendChild(all);
    keys.forEach(function (v) {
      var o = el('option', (f.show ? f.show(v) : v) + ' (' + values[v] + ')');
      o.value = v;
      sel.appendChild(o);
    });
    sel.addEventListener('change', applyFilters);
    f.select = sel;
    row.appendChild(label);
    row.appendChild(sel);
    boxes.appendChild(row);
  });

  function active(s, u, y) {
    return (!s || s <= y) && (!u || y <= u);
  }

  var yearOn = document.getElementById('pn-year-on');
  var year = document.getElementById('pn-year');
  var yearOut = document.getElementById('pn-year-out');
  (function setUpYears() {
    if (!data.years) return;
    var ys = [];
    nodes.concat(edges).forEach(function (x) {
      if (x.since) ys.push(x.since);
      if (x.until) ys.push(x.until);
    });
    if (!ys.length) return;
    var lo = Math.min.apply(null, ys);
    var hi = Math.max.apply(null, ys);
    year.min = String(lo);
    year.max = String(hi);
    year.value = String(hi);
    yearOut.textContent = String(hi);
    document.getElementById('pn-year-box').hidden = false;
    yearOn.addEventListener('change', function () {
      year.disabled = !yearOn.checked;
      applyFilters();
    });
    year.addEventListener('input', function () {
      yearOut.textContent = year.value;
      applyFilters();
    });
  })();

  function nodeShown(n, y) {
    for (var k = 0; k < facets.length; k++) {
      var f = facets[k];
      if (f.select && f.select.value && f.of(n).indexOf(f.select.value) < 0) return false;
    }
    return y === null || active(n.since, n.until, y);
  }

  function applyFilters() {
    var y = yearOn.checked && !year.disabled ? Number(year.value) : null;
    var shown = 0;
    var total = 0;
    nodes.forEach(function (n) {
      n.shown = nodeShown(n, y);
      if (!n.el) return;
      total++;
      if (n.shown) shown++;
      n.el.classList.toggle('pn-hidden', !n.shown);
    });
    var lines = 0;
    edges.forEach(function (e) {
      var vis = nodes[e.a] && nodes[e.b] && nodes[e.a].shown && nodes[e.b].shown &&
        (y === null || active(e.since, e.until, y));
      if (e.el) e.el.classList.toggle('pn-hidden', !vis);
      if (vis) lines++;
    });
    document.getElementById('pn-count').textContent =
      shown + ' of ' + total + ' nodes and ' + lines + ' of ' + edges.length + ' lines shown';
    if (selected >= 0 && !nodes[selected].shown) select(-1);
  }

  document.getElementById('pn-reset').addEventListener('click', function () {
    facets.forEach(function (f) { if (f.select) f.select.value = ''; });
    yearOn.checked = false;
    year.disabled = true;
    applyFilters();
    select(-1);
    fit();
  });

  document.getElementById('pn-title').textContent = data.title || '';
  document.getElementById('pn-subtitle').textContent = data.subtitle || '';
  applyFilters();
}());
