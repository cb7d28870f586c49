/* conflictkg explorer: search -> results -> graph -> evidence panel -> expand a neighbour.
 *
 * Talks only to this server's API (same origin). Like viewer.js, it builds every
 * element with DOM text APIs: search results and report text are untrusted.
 */
(function () {
  "use strict";

  var ck = window.conflictkg;
  var CAP = 300;
  var state = { network: null, details: { nodes: {}, edges: {} }, legend: [], texts: {} };
  var graph = document.getElementById("graph");
  var panel = document.getElementById("panel");
  var results = document.getElementById("results");
  var notes = document.getElementById("notes");
  var VIEW_PATHS = { Claim: "/view/chain/", Report: "/view/report/", Organisation: "/view/entity/",
                     Region: "/view/entity/", Person: "/view/entity/" };

  function enc(value) { return encodeURIComponent(value); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function api(path) {
    return fetch(path, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) throw new Error(body.detail ? JSON.stringify(body.detail) : response.statusText);
          return body;
        });
      });
  }

  function say(message) {
    ck.renderNotes(notes, [message]);
  }

  /* Report text for highlighting spans in context, fetched once per report. */
  function loadText(reportId) {
    if (!state.texts[reportId]) {
      state.texts[reportId] = api("/reports/" + enc(reportId) + "?include_text=true")
        .then(function (body) { return body.text; });
    }
    return state.texts[reportId];
  }

  /* ---------------------------------------------------------------- search */

  function resultText(hit) {
    return hit.name || hit.title || hit.quote || hit.text || hit.url || hit.id;
  }

  function renderResults(body) {
    clear(results);
    var hits = body.results || [];
    results.appendChild(el("p", "hint", hits.length + " result(s) for “" + body.query + "”"));
    hits.forEach(function (hit) {
      var button = el("button", "result");
      button.type = "button";
      button.dataset.id = hit.id;
      button.appendChild(el("span", "label", hit.label + (hit.publisher ? " · " + hit.publisher : "")));
      button.appendChild(el("span", "text", resultText(hit)));
      button.addEventListener("click", function () { open(hit.id); });
      results.appendChild(button);
    });
  }

  function search(query) {
    clear(results);
    results.appendChild(el("p", "hint", "Searching…"));
    return api("/search?limit=50&q=" + enc(query)).then(renderResults).catch(function (err) {
      clear(results);
      results.appendChild(el("p", "warning", "Search failed: " + err.message));
    });
  }

  /* ---------------------------------------------------------------- drawing */

  function nodeActions(id, detail) {
    var actions = [];
    if (detail.label !== "more") {
      actions.push({ label: "Expand neighbours", run: function () { expand(id); } });
    }
    if (VIEW_PATHS[detail.label]) {
      actions.push({ label: "Open full view", run: function () { window.location.assign(VIEW_PATHS[detail.label] + enc(id)); } });
    }
    return actions;
  }

  function select(kind, id) {
    var detail = (kind === "node" ? state.details.nodes : state.details.edges)[id] || null;
    ck.showDetails(panel, kind, id, detail, {
      loadText: loadText,
      actions: kind === "node" && detail ? nodeActions(id, detail) : [],
      onHidden: expand,
    });
  }

  function mergeLegend(legend) {
    var seen = {};
    state.legend.forEach(function (entry) { seen[entry.kind + ":" + entry.name] = true; });
    legend.forEach(function (entry) {
      if (!seen[entry.kind + ":" + entry.name]) state.legend.push(entry);
    });
    ck.renderLegend(document.getElementById("legend"), state.legend);
  }

  function drawFresh(view) {
    if (state.network) state.network.destroy();
    state.details = { nodes: Object.assign({}, view.details.nodes), edges: Object.assign({}, view.details.edges) };
    state.legend = [];
    mergeLegend(view.legend);
    ck.renderNotes(notes, [view.title].concat(view.notes));
    window.conflictkgView = view;
    state.network = ck.draw(graph, view, select);
    document.body.dataset.expanded = "0";
  }

  function open(id) {
    say("Loading…");
    return api("/view/node/" + enc(id) + "/data?depth=1").then(drawFresh).catch(function (err) {
      say("Could not draw " + id + ": " + err.message);
    });
  }

  /* A node drawn earlier gains the evidence a newer neighbourhood found for it. */
  function addEvidence(known, fresh) {
    if (!known || !fresh) return;
    var seen = {};
    known.evidence.forEach(function (r) { seen[r.report_id + ":" + r.start + ":" + r.end] = true; });
    fresh.evidence.forEach(function (r) {
      if (!seen[r.report_id + ":" + r.start + ":" + r.end]) known.evidence.push(r);
    });
  }

  function merge(view, around) {
    var nodes = state.network.body.data.nodes;
    var edges = state.network.body.data.edges;
    var room = CAP - nodes.length;
    var added = [];
    var skipped = 0;
    view.nodes.forEach(function (node) {
      if (nodes.get(node.id)) { addEvidence(state.details.nodes[node.id], view.details.nodes[node.id]); return; }
      if (added.length >= room) { skipped += 1; return; }
      added.push(node);
      state.details.nodes[node.id] = view.details.nodes[node.id];
    });
    nodes.add(added);
    var newEdges = view.edges.filter(function (edge) {
      return !edges.get(edge.id) && nodes.get(edge.from) && nodes.get(edge.to);
    });
    newEdges.forEach(function (edge) { state.details.edges[edge.id] = view.details.edges[edge.id]; });
    edges.add(newEdges);
    mergeLegend(view.legend);
    var message = "Expanded " + around + ": " + added.length + " new node(s).";
    if (skipped) message += " " + skipped + " neighbour(s) not drawn: the drawing limit is " + CAP + " nodes.";
    ck.renderNotes(notes, [message].concat(view.notes));
    ck.settle(state.network, performance.now());
    state.network.setOptions({ physics: { enabled: true } });
    state.network.stabilize(200);
    document.body.dataset.expanded = String(Number(document.body.dataset.expanded || 0) + 1);
  }

  function expand(id) {
    if (!state.network) return open(id);
    return api("/view/node/" + enc(id) + "/data?depth=1").then(function (view) { merge(view, id); })
      .catch(function (err) { say("Could not expand " + id + ": " + err.message); });
  }

  /* ---------------------------------------------------------------- start */

  var form = document.getElementById("search");
  var input = document.getElementById("q");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    if (!query) return;
    window.history.replaceState(null, "", "?q=" + enc(query));
    search(query);
  });
  graph.addEventListener("dblclick", function () {
    var selected = state.network ? state.network.getSelectedNodes() : [];
    if (selected.length) expand(selected[0]);
  });

  window.conflictkgExplorer = { search: search, open: open, expand: expand, select: select };
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) {
    input.value = params.get("q");
    search(params.get("q"));
  }
})();
