/* The organisation scheme: cytoscape.js draws the network the server computed from the data. */
(function () {
  "use strict";
  const container = document.getElementById("scheme");
  const data = JSON.parse(document.getElementById("scheme-data").textContent);
  const linkLabels = JSON.parse(document.getElementById("scheme-labels").textContent);
  const status = document.getElementById("scheme-status");
  if (window.cytoscapeSvg) window.cytoscape.use(window.cytoscapeSvg);
  const fcose = Boolean(window.cytoscapeFcose);
  if (fcose) window.cytoscape.use(window.cytoscapeFcose);

  const COLORS = {
    leads: "#000091", referent_of: "#6a1b9a", coordinates: "#b34000",
    animates: "#8a5a00", contributes_to: "#18753c", member_of: "#777777",
  };
  const BORDER = { decides: 5, proposes: 3, carries_out: 1 };
  // Each person sits inside the box of their main employer (largest time share): containment
  // says "member of" for hundreds of people without hundreds of lines.
  const employer = {};
  data.links.forEach(function (link) {
    const d = link.data;
    if (d.kind !== "member_of" || !d.target.startsWith("organisation:")) return;
    const share = parseFloat(d.detail) || 0;
    if (!employer[d.source] || share > employer[d.source].share) employer[d.source] = { share: share, link: d };
  });
  const contained = new Set();
  data.nodes.forEach(function (node) {
    const main = employer[node.data.id];
    if (main) { node.data.parent = main.link.target; contained.add(main.link.id); }
  });
  const elements = data.nodes.concat(data.links.filter(function (link) { return !contained.has(link.data.id); }));
  elements.forEach(function (element) {
    const d = element.data;
    if (d.kind === "person") d.border = BORDER[d.leeway] || 1;
    if (d.source) d.label = linkLabels[d.kind] || d.kind;
  });

  const cy = window.cytoscape({
    container: container,
    elements: elements,
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        label: "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 110,
        "text-valign": "bottom", "text-margin-y": 3, color: "#161616",
        "text-background-color": "#ffffff", "text-background-opacity": 0.8,
        "text-background-padding": 1, "min-zoomed-font-size": 5 } },
      { selector: 'node[kind = "person"]', style: {
        shape: "ellipse", width: 22, height: 22, "background-color": "#e3e3fd",
        "border-color": "#000091", "border-width": "data(border)" } },
      { selector: 'node[kind = "person"][category = "elected"]', style: { "background-color": "#fddede" } },
      { selector: 'node[kind = "organisation"]', style: {
        shape: "round-rectangle", width: 34, height: 22, "background-color": "#dddddd",
        "border-color": "#555555", "border-width": 1 } },
      { selector: 'node[kind = "organisation"]:parent', style: {
        shape: "round-rectangle", "background-color": "#f6f6f6", "background-opacity": 0.9,
        "border-color": "#929292", "border-width": 1, padding: 8, "text-valign": "top",
        "text-halign": "center", "text-margin-y": -2, "font-size": 11, "font-weight": "bold" } },
      { selector: 'node[kind = "axis"]', style: {
        shape: "hexagon", width: 44, height: 38, "background-color": "#b8fec9",
        "border-color": "#18753c", "border-width": 2, "font-weight": "bold", "font-size": 12 } },
      { selector: 'node[kind = "body"]', style: {
        shape: "diamond", width: 40, height: 40, "background-color": "#fee7fc",
        "border-color": "#b34000", "border-width": 2, "font-size": 11 } },
      { selector: "edge", style: {
        width: 1.5, "curve-style": "bezier", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "line-color": "#777777", "target-arrow-color": "#777777",
        opacity: 0.75 } },
      ...Object.keys(COLORS).map(function (kind) {
        return { selector: 'edge[kind = "' + kind + '"]', style: {
          "line-color": COLORS[kind], "target-arrow-color": COLORS[kind] } };
      }),
      { selector: 'edge[kind = "leads"]', style: { width: 3 } },
      { selector: 'edge[kind = "referent_of"]', style: { width: 2.5, "line-style": "dashed" } },
      { selector: 'edge[kind = "coordinates"]', style: { width: 3, "line-style": "dotted" } },
      { selector: 'edge[kind = "member_of"]', style: { width: 1, opacity: 0.5 } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: ".found", style: { "border-color": "#ce0500", "border-width": 6,
        "font-weight": "bold", "font-size": 14, "z-index": 10 } },
      { selector: "edge:selected, node:selected", style: { "overlay-opacity": 0.2 } },
    ],
    layout: { name: "preset" },
  });
  window.maillageScheme = cy;

  function layout() {
    const visible = cy.elements().not(".hidden");
    const many = visible.nodes().length > 120;
    // fCoSE places compound nodes (organisations holding their people) well and fast; the
    // spring settings keep a few hundred nodes apart enough to read their names when zoomed.
    visible.layout({
      name: fcose ? "fcose" : "cose", quality: "proof", animate: false, randomize: true,
      nodeDimensionsIncludeLabels: true, packComponents: true, padding: 20,
      idealEdgeLength: function () { return many ? 160 : 110; },
      nodeRepulsion: function () { return 12000; },
      edgeElasticity: function () { return 0.15; },
      nestingFactor: 0.1, gravity: 0.25, gravityCompound: 4, gravityRangeCompound: 0.8,
      numIter: 2500, tile: true, tilingPaddingVertical: 12, tilingPaddingHorizontal: 12,
    }).run();
    cy.fit(visible, 20);
    status.textContent = status.dataset.shown
      .replace("{shown}", visible.nodes().length).replace("{total}", cy.nodes().length);
  }

  function neighbourhood(id) {
    const node = cy.getElementById(id);
    let kept = node.closedNeighborhood();
    kept.nodes('[kind = "person"]').forEach(function (person) {
      kept = kept.union(person.neighborhood('node[kind = "organisation"]'));
    });
    return kept.union(kept.nodes().edgesWith(kept.nodes()));
  }

  function applyFilters() {
    const chosen = Array.from(document.querySelectorAll("[data-scheme-filter]"))
      .map(function (select) { return select.value; }).filter(Boolean);
    cy.elements().removeClass("hidden");
    if (chosen.length) {
      let kept = cy.collection();
      chosen.forEach(function (id, index) {
        const around = neighbourhood(id);
        kept = index === 0 ? around : kept.intersection(around).union(cy.getElementById(id));
      });
      cy.elements().not(kept).addClass("hidden");
    }
    layout();
  }

  function search(text) {
    cy.nodes().removeClass("found");
    const term = text.trim().toLowerCase();
    if (!term) return;
    const found = cy.nodes().filter(function (n) {
      return !n.hasClass("hidden") && n.data("label").toLowerCase().includes(term);
    });
    found.addClass("found");
    if (found.length) cy.animate({ fit: { eles: found.closedNeighborhood(), padding: 60 } }, { duration: 300 });
    status.textContent = status.dataset.found.replace("{count}", found.length);
  }

  function download(blob, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  const actions = {
    "zoom-in": function () { cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } }); },
    "zoom-out": function () { cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } }); },
    fit: function () { cy.fit(cy.elements().not(".hidden"), 20); },
    png: function () { download(cy.png({ full: true, scale: 2, bg: "#ffffff", output: "blob" }), "schema-organisation.png"); },
    svg: function () { download(new Blob([cy.svg({ full: true, bg: "#ffffff" })], { type: "image/svg+xml" }), "schema-organisation.svg"); },
  };
  document.querySelectorAll("[data-scheme-action]").forEach(function (button) {
    button.addEventListener("click", function () { actions[button.dataset.schemeAction](); });
  });
  document.querySelectorAll("[data-scheme-filter]").forEach(function (select) {
    select.addEventListener("change", applyFilters);
  });
  document.getElementById("scheme-search").addEventListener("input", function (event) { search(event.target.value); });
  layout();
})();
