// Draws the network from the page's JSON data block with vis-network. Hover texts are plain text
// turned into text nodes (never HTML); a fact drawn without its sentence fetches it on first hover;
// clicking a node opens its entity page, clicking a group of neighbours (a dashed box) fetches its
// members as JSON and adds them around it, counting them in the line above the view; "Fit" shows all.
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
  // the line above the view counts what is drawn and what is still grouped; an expansion moves members
  const count = (cls, by) => {
    const el = document.querySelector(`.netinfo .${cls}`);
    if (el) el.textContent = String(Number(el.textContent) + by);
    return el ? Number(el.textContent) : 0;
  };
  const counted = (added, facts, groupGone) => {
    count("net-entities", added);
    count("net-facts", facts);
    const left = count("net-clustered", -added);
    const groups = document.querySelector(".netinfo .net-groups");
    if (groups && groupGone) {
      const n = Number.parseInt(groups.textContent, 10) - 1;
      groups.textContent = `${n} group${n === 1 ? "" : "s"}`;
    }
    const grouped = document.querySelector(".netinfo .net-grouped");
    if (grouped && left <= 0) grouped.hidden = true;
  };
  const loading = new Set();
  const expand = async (group) => {
    if (loading.has(group.id)) return;
    loading.add(group.id);
    box.dataset.expanding = "yes";
    try {
      const r = await fetch(group.expand, {headers: {Accept: "application/json"}});
      if (!r.ok) throw new Error(`${r.status}`);
      const got = await r.json();
      // the members go on an arc around the centre, beyond the group and facing the same way, then settle
      const hub = nodes.get({filter: (n) => n.center})[0];
      const pos = network.getPositions([group.id, ...(hub ? [hub.id] : [])]);
      const at = pos[group.id] || {x: 0, y: 0}, from = (hub && pos[hub.id]) || {x: at.x - 1, y: at.y};
      const fresh = got.vis.nodes.filter((n) => !nodes.get(n.id));
      const step = Math.min(0.35, (2 * Math.PI) / Math.max(fresh.length, 1));
      const radius = Math.max(Math.hypot(at.x - from.x, at.y - from.y) + 150, 45 / step);
      const facing = Math.atan2(at.y - from.y, at.x - from.x);
      fresh.forEach((n, i) => {
        const a = facing + (i - (fresh.length - 1) / 2) * step;
        Object.assign(n, {x: from.x + radius * Math.cos(a), y: from.y + radius * Math.sin(a), title: tip(n.info)});
      });
      nodes.add(fresh);
      edges.add(got.vis.edges.map((e) => Object.assign(e, {title: tip(e.info)})));
      counted(fresh.filter((n) => !n.cluster).length, got.vis.edges.filter((e) => !e.dashes).length, !got.next);
      if (got.next) {
        const info = `${got.network.label}: click to add them`;
        nodes.update({id: group.id, label: got.network.label, expand: got.next, info, title: tip(info)});
      } else {
        edges.remove(network.getConnectedEdges(group.id));
        nodes.remove(group.id);
      }
      await new Promise((settled) => {
        network.once("stabilizationIterationsDone", settled);
        network.setOptions({physics: {enabled: true}});  // nodes laid out on the server stay where they are
        network.stabilize(150);
      });
      network.setOptions({physics: {enabled: false}});
      box.dataset.expanded = String(Number(box.dataset.expanded || 0) + 1);
      box.dataset.expanding = "no";
    } catch (err) {
      box.dataset.expanding = "failed";
      console.error("could not add the group's members", err);
    } finally {
      loading.delete(group.id);
    }
  };
  network.on("click", (params) => {
    if (params.nodes.length) {
      const node = nodes.get(params.nodes[0]);
      if (node && node.expand) expand(node);
      else if (node && node.href) window.location.assign(node.href);
    }
  });
  // facts drawn without their sentence get it when the pointer first rests on them, one at a time
  if (data.fact) {
    network.on("hoverEdge", async ({edge}) => {
      const e = edges.get(edge);
      if (!e || e.dashes || e.asked) return;
      edges.update({id: edge, asked: true});
      try {
        const q = new URLSearchParams({s: e.from, p: e.label, o: e.to});
        const r = await fetch(`${data.fact}?${q}`, {headers: {Accept: "application/json"}});
        if (!r.ok) throw new Error(`${r.status}`);
        const got = await r.json();
        edges.update({id: edge, info: got.info, title: tip(got.info)});
      } catch (err) {
        console.error("could not read the fact's sentence", err);
      }
    });
  }
  const fit = document.getElementById("network-fit");
  if (fit) fit.addEventListener("click", () => network.fit({animation: {duration: 300}}));
  window.kgNetwork = network;  // for tests and the console
});
