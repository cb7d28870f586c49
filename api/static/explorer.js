/* conflictkg explorer: search -> results -> graph -> evidence panel -> expand a neighbour.
 *
 * Talks only to this server's API (same origin). Like viewer.js, it builds every
 * element with DOM text APIs: search results and report text are untrusted.
 */
(function () {
  "use strict";

  var ck = window.conflictkg;
  var CAP = 300;
  var state = { network: null, details: { nodes: {}, edges: {} }, legend: [], contexts: {},
                url: { q: null, node: null, sel: null, panel: null } };
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
          if (!response.ok) throw new Error(detailText(body.detail) || response.statusText);
          return body;
        });
      });
  }

  /* An error's detail as a sentence: ours are strings, FastAPI's validation errors a list. */
  function detailText(detail) {
    if (!detail) return "";
    if (typeof detail === "string") return detail;
    return detail.map(function (item) { return (item.loc || []).join(".") + ": " + item.msg; }).join("; ");
  }

  /* The explorer's state (search, drawn node, selection, open panel) lives in the URL, so
   * that a link or a reload shows the same thing. */
  function remember(changes) {
    Object.assign(state.url, changes);
    var params = new URLSearchParams();
    Object.keys(state.url).forEach(function (key) { if (state.url[key]) params.set(key, state.url[key]); });
    window.history.replaceState(null, "", "?" + params.toString());
  }

  /* A failure shown where the reader looks, as text (never raw JSON), with a way on. */
  function showError(message) {
    clear(panel);
    var box = el("div", "error-box");
    box.setAttribute("role", "alert");
    box.appendChild(el("h2", null, "Not found"));
    box.appendChild(el("p", "error-message", message));
    box.appendChild(el("p", "hint", "Check the id, or search for words it contains."));
    panel.appendChild(box);
    say(message);
  }

  function say(message) {
    ck.renderNotes(notes, [message]);
  }

  /* The passage around a span, cut on the server (whole words, "…" for what is left out),
   * for evidence that came without it; fetched once per span. */
  function loadContext(record) {
    var key = record.report_id + ":" + record.start + "-" + record.end;
    if (!state.contexts[key]) {
      state.contexts[key] = api("/reports/" + enc(record.report_id) + "/context?start=" + record.start +
        "&end=" + record.end);
    }
    return state.contexts[key];
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
    if (detail.label === "Claim") {
      actions.push({ label: "Corroboration", run: function () { corroborate(id); } });
    }
    if (VIEW_PATHS[detail.label]) {
      actions.push({ label: "Open full view", run: function () { window.location.assign(VIEW_PATHS[detail.label] + enc(id)); } });
    }
    return actions;
  }

  function select(kind, id) {
    var detail = (kind === "node" ? state.details.nodes : state.details.edges)[id] || null;
    ck.showDetails(panel, kind, id, detail, {
      loadContext: loadContext,
      actions: kind === "node" && detail ? nodeActions(id, detail) : [],
      onHidden: expand,
    });
    remember({ sel: kind === "node" ? id : null, panel: null });
  }

  /* ---------------------------------------------------------------- corroboration */

  function corroborate(id) {
    remember({ panel: "corroboration" });
    var box = el("section", "corroboration");
    box.setAttribute("aria-label", "Corroboration");
    box.appendChild(el("h3", null, "Corroboration"));
    box.appendChild(el("p", "hint", "Comparing…"));
    panel.appendChild(box);
    return api("/claims/" + enc(id) + "/corroboration").then(function (body) {
      renderCorroboration(box, body);
    }).catch(function (err) {
      clear(box);
      box.appendChild(el("h3", null, "Corroboration"));
      box.appendChild(el("p", "warning", "Could not compare: " + err.message));
    });
  }

  function claimLine(record) {
    var item = el("li", "corroborating" + (record.asked ? " asked" : ""));
    item.dataset.id = record.claim_id;
    var where = (record.publisher || "unknown publisher") + ", " + (record.published || "undated");
    if (record.copy_of) where += ", copy of " + (record.copy_of_name || record.copy_of);
    item.appendChild(el("span", "source-name", where + (record.asked ? " (this claim)" : "")));
    item.appendChild(el("q", "quote", record.quote));
    if (!record.asked) {
      var button = el("button", "draw-claim", "Draw");
      button.type = "button";
      button.addEventListener("click", function () { open(record.claim_id); });
      item.appendChild(button);
    }
    return item;
  }

  function renderCorroboration(box, body) {
    clear(box);
    box.appendChild(el("h3", null, "Corroboration"));
    box.appendChild(el("p", "corroboration-summary", body.corroborating + " corroborating claim(s) besides this one; " +
      body.independent_origins + " independent origin(s)"));
    (body.groups || []).forEach(function (group, index) {
      var origin = el("div", "origin");
      origin.appendChild(el("h4", null, "Origin " + (index + 1) + ": " + group.kind + " " + (group.source || "?")));
      (group.why || []).forEach(function (reason) { origin.appendChild(el("p", "why", "Counted as one: " + reason)); });
      /* "no source found in the text" is not "the report cites nothing": say which */
      var notes = {};
      (group.origins || []).forEach(function (o) { if (o.note) notes[o.note] = true; });
      Object.keys(notes).sort().forEach(function (note) { origin.appendChild(el("p", "origin-note", "Note: " + note)); });
      var list = el("ul", "origin-claims");
      (group.claims || []).forEach(function (record) { list.appendChild(claimLine(record)); });
      origin.appendChild(list);
      box.appendChild(origin);
    });
    (body.conflicts || []).forEach(function (conflict) {
      /* the other claim's id is claim_id, as in every answer; its evidence is conflict.claim */
      var text = conflict.kind === "denial" && conflict.claim ? "Denied by: " + conflict.claim.quote
        : (conflict.what || conflict.kind) + (conflict.claim_id ? " (" + conflict.claim_id + ")" : "");
      if (conflict.kind === "number" && conflict.values) {
        text = "counts of " + conflict.what + " differ: " + conflict.values[0].join(", ") + " here, " +
          conflict.values[1].join(", ") + " in " + (conflict.claim ? conflict.claim.publisher || conflict.claim_id : conflict.claim_id);
      }
      var line = el("p", "conflict", "Conflict: " + text);
      line.dataset.id = conflict.claim_id || "";
      if (conflict.kind === "number" && conflict.claim) line.appendChild(el("q", "quote", conflict.claim.quote));
      box.appendChild(line);
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
    return api("/view/node/" + enc(id) + "/data?depth=1").then(function (view) {
      drawFresh(view);
      remember({ node: id, sel: null, panel: null });
      listDrawn();
      return true;
    }).catch(function (err) {
      showError("Could not draw " + id + ": " + err.message);
      return false;
    });
  }

  /* Every drawn node as a button: the canvas cannot take keyboard focus, this list can
   * (Tab to a node, Enter or focus selects it in the drawing and opens its evidence). */
  function listDrawn() {
    var list = document.getElementById("drawn");
    clear(list);
    if (!state.network) return;
    var ids = state.network.body.data.nodes.getIds();
    list.appendChild(el("h2", "drawn-title", "Drawn (" + ids.length + ")"));
    ids.forEach(function (id) {
      var detail = state.details.nodes[id] || {};
      var button = el("button", "drawn-node");
      button.type = "button";
      button.dataset.id = id;
      button.appendChild(el("span", "label", detail.label || ""));
      button.appendChild(el("span", "text", detail.caption || id));
      button.addEventListener("click", function () { focusNode(id); });
      list.appendChild(button);
    });
  }

  function focusNode(id) {
    if (!state.network) return;
    state.network.selectNodes([id]);
    state.network.focus(id, { animation: false });
    select("node", id);
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
    var records = ck.forScheme(view);             // dark mode: the same colours as the first drawing
    records.nodes.forEach(function (node) {
      if (nodes.get(node.id)) { addEvidence(state.details.nodes[node.id], view.details.nodes[node.id]); return; }
      if (added.length >= room) { skipped += 1; return; }
      added.push(node);
      state.details.nodes[node.id] = view.details.nodes[node.id];
    });
    nodes.add(added);
    var newEdges = records.edges.filter(function (edge) {
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
    listDrawn();
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
    remember({ q: query });
    search(query);
  });
  graph.addEventListener("dblclick", function () {
    var selected = state.network ? state.network.getSelectedNodes() : [];
    if (selected.length) expand(selected[0]);
  });

  window.conflictkgExplorer = { search: search, open: open, expand: expand, select: select,
                                 corroborate: corroborate };

  /* A shared link: search again, draw the node, select what was selected, reopen the panel. */
  function restore(params) {
    if (params.get("q")) {
      input.value = params.get("q");
      remember({ q: params.get("q") });
      search(params.get("q"));
    }
    var node = params.get("node");
    if (!node) return;
    open(node).then(function (drawn) {
      var sel = params.get("sel");
      if (!drawn || !sel || !state.details.nodes[sel]) return;
      focusNode(sel);
      if (params.get("panel") === "corroboration" && state.details.nodes[sel].label === "Claim") corroborate(sel);
    });
  }
  restore(new URLSearchParams(window.location.search));
})();
