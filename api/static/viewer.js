/* conflictkg viewer: draws a view with vis-network and shows the evidence of what is clicked.
 *
 * Report text is untrusted. Every element here is built with createElement and
 * textContent, never innerHTML; links are made only from http(s) URLs. The view data
 * comes from a JSON data block (standalone and served view pages) or from the API
 * (the explorer), in the same shape.
 */
(function () {
  "use strict";

  var ck = (window.conflictkg = window.conflictkg || {});

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function safeHref(url) {
    if (typeof url !== "string") return null;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  function link(url, text) {
    var href = safeHref(url);
    if (!href) return el("span", "url", url);
    var a = el("a", "url", text || url);
    a.href = href;
    a.rel = "noopener noreferrer nofollow";
    a.target = "_blank";
    return a;
  }

  var COLOR = /^#[0-9a-fA-F]{3,8}$/;

  var SHAPES = { line: 1, box: 1, ellipse: 1, dot: 1, diamond: 1, triangle: 1, star: 1 };

  function swatch(color, shape) {
    var mark = el("i", "swatch shape-" + (SHAPES[shape] ? shape : "dot"));
    if (shape === "line" && ck.dark()) color = ck.onDark(color);   // as the edge is drawn
    if (COLOR.test(color || "")) mark.style.background = color;
    return mark;
  }

  ck.renderLegend = function (container, legend) {
    clear(container);
    (legend || []).forEach(function (entry) {
      var item = el("span", "legend-item legend-" + entry.kind);
      item.appendChild(swatch(entry.color, entry.shape));
      item.appendChild(document.createTextNode(entry.name));
      container.appendChild(item);
    });
  };

  ck.renderNotes = function (container, notes) {
    clear(container);
    (notes || []).forEach(function (note) {
      container.appendChild(el("p", "note", note));
    });
  };

  ck.readView = function () {
    var block = document.getElementById("conflictkg-view");
    return block ? JSON.parse(block.textContent) : null;
  };

  /* Labels are drawn on a canvas, which no style sheet reaches: dark mode sets their colour here. */
  ck.dark = function () {
    return Boolean(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  };

  /* Dark mode on the canvas: an edge whose colour is too dark for the dark background
   * (the actor view's relationship grey, a focus role's navy) is lightened with its hue
   * kept, and what marks a hovered or selected edge or node turns white, not black.
   * The legend's edge swatches follow, so they still match what is drawn. */
  var DARK_MIN_LUMINANCE = 0.3;
  var ON_DARK = "#ffffff";

  function channels(color) {
    if (!COLOR.test(color || "") || (color.length !== 4 && color.length !== 7)) return null;
    var hex = color.length === 4 ? color.replace(/[0-9a-f]/gi, "$&$&").slice(1) : color.slice(1);
    return [0, 2, 4].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
  }

  function luminance(rgb) {
    var lin = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  }

  ck.onDark = function (color) {
    var rgb = channels(color);
    if (!rgb || luminance(rgb) >= DARK_MIN_LUMINANCE) return color;
    for (var step = 1; step <= 10; step++) {
      var mixed = rgb.map(function (v) { return Math.round(v + (255 - v) * step / 10); });
      if (luminance(mixed) >= DARK_MIN_LUMINANCE) {
        return "#" + mixed.map(function (v) { return (v < 16 ? "0" : "") + v.toString(16); }).join("");
      }
    }
    return ON_DARK;
  };

  function darkEdge(edge) {
    var color = edge.color;
    var line = typeof color === "string" ? color : (color && color.color) || "#848484";
    var copy = Object.assign({}, edge);
    copy.color = { color: ck.onDark(line), highlight: ON_DARK, hover: ON_DARK };
    copy.font = Object.assign({}, edge.font, { color: "#e6e6e6", strokeColor: "#121212" });
    return copy;
  }

  function darkNode(node) {
    var color = node.color;
    if (!color || typeof color !== "object") return node;
    var copy = Object.assign({}, node, { color: Object.assign({}, color) });
    ["highlight", "hover"].forEach(function (state) {
      if (color[state] && typeof color[state] === "object") {
        copy.color[state] = Object.assign({}, color[state], { border: ON_DARK });
      }
    });
    return copy;
  }

  /* The view's vis records as drawn in the reader's colour scheme. */
  ck.forScheme = function (view) {
    if (!ck.dark()) return { nodes: view.nodes, edges: view.edges };
    return { nodes: view.nodes.map(darkNode), edges: view.edges.map(darkEdge) };
  };

  ck.options = function (view) {
    var many = view.nodes.length > 100;
    var options = {
      autoResize: true,
      nodes: { font: { size: 12, color: ck.dark() ? "#e6e6e6" : "#343434" }, size: 14 },
      edges: { arrows: "to", font: { size: 9, align: "middle" }, smooth: many ? false : { type: "continuous" } },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: many },
      layout: { improvedLayout: !many, randomSeed: 7 },
      physics: {
        solver: "barnesHut",
        barnesHut: { gravitationalConstant: -4000, springLength: 110, springConstant: 0.04, damping: 0.3 },
        stabilization: { enabled: true, iterations: many ? 200 : 300, updateInterval: 50, fit: true },
        minVelocity: many ? 2.5 : 1.5,
      },
    };
    if (view.hierarchical) {
      options.layout.hierarchical = {
        enabled: true, direction: "UD", sortMethod: "directed", levelSeparation: 140,
        nodeSpacing: 220, shakeTowards: "roots",
      };
      options.physics.solver = "hierarchicalRepulsion";
      options.physics.hierarchicalRepulsion = { nodeDistance: 200, avoidOverlap: 0.5 };
      options.edges.smooth = { type: "cubicBezier", forceDirection: "vertical", roundness: 0.4 };
    }
    return options;
  };

  /* Stop the physics once the layout has settled, and record how long it took. */
  ck.settle = function (network, started) {
    var timings = (window.conflictkgTimings = { started: started, settled: null, iterations: null });
    document.body.dataset.settled = "false";
    function done(params) {
      if (timings.settled !== null) return;
      network.setOptions({ physics: { enabled: false } });
      timings.settled = performance.now() - started;
      timings.iterations = params && params.iterations;
      document.body.dataset.settled = "true";
      document.dispatchEvent(new CustomEvent("conflictkg:settled", { detail: timings }));
    }
    network.once("stabilizationIterationsDone", done);
    network.once("stabilized", done);
  };

  ck.draw = function (container, view, onSelect) {
    var records = ck.forScheme(view);
    var data = { nodes: new vis.DataSet(records.nodes), edges: new vis.DataSet(records.edges) };
    var started = performance.now();
    var network = new vis.Network(container, data, ck.options(view));
    ck.settle(network, started);
    network.on("click", function (params) {
      if (params.nodes.length) onSelect("node", params.nodes[0]);
      else if (params.edges.length) onSelect("edge", params.edges[0]);
    });
    window.conflictkgNetwork = network;
    return network;
  };

  /* ---------------------------------------------------------------- evidence panel */

  /* The passage around a quote is cut on the server, by one function for every reader
   * (api/viz/evidence.py span_context: whole words, "…" where text is left out); the page
   * only shows it. `context` is an answer of GET /reports/{id}/context, else the record's own. */
  function contextBlock(record, context) {
    var quote = el("blockquote", "context");
    var found = context || record;
    if (typeof found.span !== "string") {
      quote.appendChild(el("mark", "span", record.quote));
      return quote;
    }
    quote.appendChild(el("span", "before", found.before || ""));
    quote.appendChild(el("mark", "span", found.span));
    quote.appendChild(el("span", "after", found.after || ""));
    if (record.quote && found.span !== record.quote) {
      quote.appendChild(el("p", "warning", "The stored text at this span differs from the quote: " + record.quote));
    }
    quote.dataset.loaded = "true";
    return quote;
  }

  function sourceLine(record) {
    var line = el("p", "source");
    line.appendChild(el("cite", "report-title", record.report_title || record.url_text || record.report_id));
    var meta = [record.publisher, record.published].filter(Boolean).join(", ");
    if (meta) line.appendChild(el("span", "publisher", " — " + meta));
    if (record.url_text) {
      line.appendChild(document.createTextNode(" "));
      line.appendChild(link(record.url_text, "source"));
    }
    return line;
  }

  function detailLine(record) {
    var bits = ["characters " + record.start + "–" + record.end];
    if (record.method) bits.push("found by " + record.method);
    if (record.confidence !== null && record.confidence !== undefined) bits.push("confidence " + record.confidence);
    if (record.hedged) bits.push("hedged");
    if (record.sourced === false) bits.push("unsourced");
    return el("p", "meta", bits.join(" · "));
  }

  function evidenceItem(record, loadContext) {
    var item = el("li", "evidence");
    var context = contextBlock(record, null);
    item.appendChild(context);
    item.appendChild(sourceLine(record));
    item.appendChild(detailLine(record));
    if (loadContext && record.report_id && typeof record.span !== "string") {
      loadContext(record).then(function (found) {
        if (!found || typeof found.span !== "string") return;
        item.replaceChild(contextBlock(record, found), context);
      }).catch(function () { /* keep the quote shown without context */ });
    }
    return item;
  }

  function fieldList(fields) {
    var list = el("dl", "fields");
    Object.keys(fields || {}).forEach(function (key) {
      var value = fields[key];
      if (value === null || value === undefined || value === "") return;
      list.appendChild(el("dt", null, key));
      var dd = el("dd");
      if (key === "url" || key === "target_url") dd.appendChild(link(String(value)));
      else dd.textContent = Array.isArray(value) ? value.join(", ") : String(value);
      list.appendChild(dd);
    });
    return list;
  }

  /* options: {loadContext(record) -> Promise<{before, span, after}>, actions: [{label, run}], onHidden(id)} */
  ck.showDetails = function (panel, kind, id, detail, options) {
    options = options || {};
    clear(panel);
    panel.dataset.kind = kind;
    panel.dataset.id = id;
    if (!detail) {
      panel.appendChild(el("p", "hint", "Nothing is known about this item."));
      return;
    }
    var heading = kind === "node" ? (detail.label === "more" ? "Hidden nodes" : detail.label) : detail.type;
    panel.appendChild(el("h2", null, heading));
    if (detail.caption) panel.appendChild(el("p", "caption", detail.caption));
    if (detail.role) panel.appendChild(el("p", "role role-" + detail.role, "Role: " + detail.role));
    panel.appendChild(fieldList(detail.fields));
    (options.actions || []).forEach(function (action) {
      var button = el("button", "action", action.label);
      button.type = "button";
      button.addEventListener("click", action.run);
      panel.appendChild(button);
    });
    var evidence = detail.evidence || [];
    panel.appendChild(el("h3", null, evidence.length ? "Evidence (" + evidence.length + ")" : "No quoted evidence"));
    var list = el("ol", "evidence-list");
    evidence.forEach(function (record) { list.appendChild(evidenceItem(record, options.loadContext)); });
    panel.appendChild(list);
    if (detail.hidden && detail.hidden.length) {
      panel.appendChild(el("h3", null, "Left out of the drawing"));
      var hidden = el("ul", "hidden-list");
      detail.hidden.forEach(function (entry) {
        var item = el("li", "hidden-node");
        if (options.onHidden) {
          var button = el("button", "draw-hidden", "Draw");
          button.type = "button";
          button.dataset.id = entry.id;
          button.addEventListener("click", function () { options.onHidden(entry.id); });
          item.appendChild(button);
          item.appendChild(document.createTextNode(" "));
        }
        item.appendChild(el("span", "label", entry.label + ": "));
        item.appendChild(el("span", null, entry.caption));
        hidden.appendChild(item);
      });
      panel.appendChild(hidden);
    }
  };

  ck.detailsOf = function (view, kind, id) {
    var map = kind === "node" ? view.details.nodes : view.details.edges;
    return Object.prototype.hasOwnProperty.call(map, id) ? map[id] : null;
  };

  /* ---------------------------------------------------------------- view pages */

  /* A chain page's citation note (shown, and copied on request) and, when served, its
   * permalink: what a journalist pastes into a draft or a file. */
  function renderViewActions(container, view) {
    if (!container) return;
    clear(container);
    if (view.permalink && /^\/view\//.test(view.permalink) && /^https?:$/.test(window.location.protocol)) {
      var permalink = el("a", "permalink", "Permalink");
      permalink.href = view.permalink;
      container.appendChild(permalink);
    }
    if (!view.citation) return;
    var button = el("button", "action copy-citation", "Copy as citation note");
    button.type = "button";
    var status = el("span", "copy-status");
    status.setAttribute("role", "status");
    var note = el("details", "citation");
    note.appendChild(el("summary", null, "Citation note"));
    var text = el("pre", "citation-text", view.citation);
    note.appendChild(text);
    button.addEventListener("click", function () {
      note.open = true;
      copyText(view.citation, text).then(function (copied) {
        status.textContent = copied ? "Copied." : "Select the note below and copy it.";
      });
    });
    container.appendChild(button);
    container.appendChild(status);
    container.appendChild(note);
  }

  /* The clipboard where the page may use it (served over http(s) or opened as a file in
   * most browsers); otherwise the note is selected for the reader to copy. */
  function copyText(value, shown) {
    var selectShown = function () {
      var range = document.createRange();
      range.selectNodeContents(shown);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return false;
    };
    if (!navigator.clipboard || !navigator.clipboard.writeText) return Promise.resolve(selectShown());
    return navigator.clipboard.writeText(value).then(function () { return true; }, selectShown);
  }

  /* One button per drawn node, so that a keyboard reaches what the canvas draws: Enter
   * selects the node in the drawing and shows its evidence, as a click would. */
  function renderDrawn(container, view, network, show) {
    if (!container) return;
    clear(container);
    view.nodes.forEach(function (node) {
      var detail = (view.details.nodes || {})[node.id] || {};
      var button = el("button", "drawn-node");
      button.type = "button";
      button.dataset.id = node.id;
      button.appendChild(el("span", "label", detail.label || ""));
      button.appendChild(el("span", "text", detail.caption || node.id));
      button.addEventListener("click", function () {
        network.selectNodes([node.id]);
        network.focus(node.id, { animation: false });
        show("node", node.id);
      });
      container.appendChild(button);
    });
  }

  ck.startView = function () {
    var view = ck.readView();
    if (!view) return;
    window.conflictkgView = view;
    renderViewActions(document.getElementById("view-actions"), view);
    ck.renderLegend(document.getElementById("legend"), view.legend);
    var panel = document.getElementById("panel");
    var show = function (kind, id) {
      ck.showDetails(panel, kind, id, ck.detailsOf(view, kind, id));
    };
    var network = ck.draw(document.getElementById("graph"), view, show);
    renderDrawn(document.getElementById("drawn"), view, network, show);
  };

  if (document.body && document.body.classList.contains("view")) ck.startView();
})();
