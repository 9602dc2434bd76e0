// The website's host of the course's chart player (player.js, mountAtlas): each
// <div class="vl-atlas" data-atlas="…json"> on a page shows a chart drawn at build time (its first
// picture is a plain <img> in the page, so first paint waits for nothing). When the chart comes
// near the viewport its atlas is read (index, then the PNGs in one file), its sliders appear, and
// every setting of the atlas is cached in the player, so a slider step is one picture swap.
// A setting outside the atlas says in one line that it needs the live notebook, with a link.
import { mountAtlas, BUDGET } from "./player.js";

/** The atlas object mountAtlas reads, from the atlas's JSON index and its binary file. */
export function atlasSource(meta, binary) {
  const frames = meta.frames;
  const link = { href: meta.notebook, text: "open the live notebook" };
  const bytes = Object.values(frames).reduce((n, f) => n + f[1] + 2 * (f[2].length + f[3].length) + 64, 0);
  return {
    controls: meta.controls,
    budget: Math.max(BUDGET, 2 * bytes),
    frame: async (key) => {
      const f = frames[key];
      if (!f) return { message: "This setting is not drawn ahead on the website: it needs the live notebook:", link };
      const buffer = await binary;
      return { png: f[1] ? buffer.slice(f[0], f[0] + f[1]) : null, summary: f[2], message: f[3] };
    },
  };
}

/** Mount one chart: read its atlas, start the player, cache every frame once the PNGs are in. */
export async function mount(el) {
  const url = new URL(el.dataset.atlas, document.baseURI);
  const meta = await (await fetch(url)).json();
  const binary = fetch(new URL(meta.bin, url)).then((r) => r.arrayBuffer());
  const host = document.createElement("div");
  host.className = "vl-atlas-player";
  el.appendChild(host);
  const player = mountAtlas(host, atlasSource(meta, binary));
  const buffer = await binary;
  for (const [key, f] of Object.entries(meta.frames)) {
    if (!player.cache.frames.has(key)) {
      player.receive(key, f[1] ? buffer.slice(f[0], f[0] + f[1]) : null, f[2], f[3]);
    }
  }
  const first = el.querySelector(".vl-first");
  if (first) first.remove();
  el.dataset.ready = "1";
  el.__vlPlayer = player; // for the browser test
  return player;
}

/** Mount each chart when it comes near the viewport (or at once without IntersectionObserver). */
function start() {
  const charts = [...document.querySelectorAll(".vl-atlas")];
  const go = (el) => mount(el).catch((err) => {
    el.dataset.ready = "error";
    console.error("chart atlas", el.dataset.atlas, err);
  });
  if (typeof IntersectionObserver !== "function") { charts.forEach(go); return; }
  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) { seen.unobserve(entry.target); go(entry.target); }
    }
  }, { rootMargin: "400px" });
  charts.forEach((el) => seen.observe(el));
}

if (typeof document === "undefined") { /* imported outside a page (tests): nothing to mount */ }
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
