// Draws the network from the page's JSON data block with vis-network. Hover texts are plain text
// turned into text nodes (never HTML); clicking a node opens its entity page.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("network");
  const blob = document.getElementById("network-data");
  if (!box || !blob) return;
  const data = JSON.parse(blob.textContent);
  const tip = (text) => {
    const el = document.createElement("div");
    el.className = "tip";
    el.textContent = text;
    return el;
  };
  for (const n of data.nodes) { n.title = tip(n.info); }
  for (const e of data.edges) { e.title = tip(e.info); }
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const options = typeof data.options === "string" ? JSON.parse(data.options) : data.options;
  // the page's own font stack, CJK fallbacks included, so that Chinese names draw as glyphs
  const face = getComputedStyle(document.body).fontFamily;
  options.edges = Object.assign({}, options.edges, {font: {size: 10, align: "middle", face}, smooth: false});
  options.nodes = Object.assign({}, options.nodes, {font: {size: 13, face}});
  options.interaction = Object.assign({}, options.interaction, {hover: true, tooltipDelay: 150});
  if (box.dataset.physics === "on") {
    options.physics = Object.assign({}, options.physics, {enabled: true, stabilization: {iterations: 300}});
  } else {
    options.physics = {enabled: false};
  }
  const network = new vis.Network(box, {nodes, edges}, options);
  box.dataset.ready = "drawing";
  const done = () => { box.dataset.ready = "yes"; if (box.dataset.physics === "on") network.setOptions({physics: false}); };
  if (box.dataset.physics === "on") { network.once("stabilizationIterationsDone", done); } else { network.once("afterDrawing", done); }
  network.on("click", (params) => {
    if (params.nodes.length) {
      const node = nodes.get(params.nodes[0]);
      if (node && node.href) window.location.assign(node.href);
    }
  });
  window.kgNetwork = network;  // for tests and the console
});
