// The course's chart player: one small ES module, two hosts.
//
// A chart is a grid of settings (one index per slider: value = min + index * step, clamped to
// max). The player keeps the pictures of settings it was given (PNG bytes, a one-line summary, or
// the one-line message of a setting with no answer) in a least-recently-used cache bounded in
// bytes, and shows a cached setting at once, in the frame of the slider move.
//
// Where the frames come from is a *source* with two methods, so the same player serves:
// * the kernel (anywidget, `render` below): `visit(key, hit)` tells the kernel the new setting
//   (on a miss it draws it; on a hit it only moves its prefetch there), `evicted(keys)` keeps
//   the kernel's record of what the browser holds;
// * a static page without a kernel (`mountAtlas`): frames read from a pre-rendered atlas.
//
// Frames arrive through `player.receive(key, png, summary, message, timing, link)`; `png` is binary (an
// ArrayBuffer or a view of one, never base64). A frame for a setting other than the one shown
// is only cached. One request is in flight at a time; misses meanwhile keep only the newest,
// asked when the frame in flight arrives: the newest request wins, and a drag never piles up.
// The kernel also says which frames are worth keeping (`player.keep(keys)`, least likely next first):
// they become the most recently used, so the budget lets go of the others first.
// A message frame may carry a `link` ({href, text}): the message is then its own line (no "No
// chart" prefix) ending in that link (the static page's "needs the live notebook").

export const BUDGET = 8 * 1024 * 1024; // bytes of cached frames per chart
const STALE_MS = 3000; // a request unanswered this long no longer holds back the next

/** The index of `value` on `control`'s grid (Math.round as the kernel's floor(x + 0.5)). */
export function indexOf(control, value) {
  const top = Math.floor((control.max - control.min) / control.step + 0.5);
  const k = Math.floor((value - control.min) / control.step + 0.5);
  return Math.min(top, Math.max(0, k));
}

/** The cache key of a setting: the grid indices joined by commas (the kernel's key too). */
export function keyOf(controls, values) {
  return controls.map((c, i) => indexOf(c, values[i])).join(",");
}

/** Frames by key, least recently used first out once their bytes pass `budget`. */
export class FrameCache {
  constructor(budget = BUDGET) {
    this.budget = budget;
    this.bytes = 0;
    this.frames = new Map();
  }
  get(key) {
    const frame = this.frames.get(key);
    if (frame) { this.frames.delete(key); this.frames.set(key, frame); }
    return frame;
  }
  /** Store `frame`; returns the keys let go to stay within the budget. */
  put(frame) {
    this.drop(frame.key);
    this.frames.set(frame.key, frame);
    this.bytes += frame.bytes;
    const evicted = [];
    for (const key of this.frames.keys()) {
      if (this.bytes <= this.budget || key === frame.key) break;
      this.drop(key);
      evicted.push(key);
    }
    return evicted;
  }
  drop(key) {
    const old = this.frames.get(key);
    if (!old) return;
    this.frames.delete(key);
    this.bytes -= old.bytes;
    unready(old);
  }
  clear() { for (const key of [...this.frames.keys()]) this.drop(key); }
}

/** A frame as it arrives: the PNG kept as a Blob only (no object URL, no <img>, no decode), so
 * frames arriving while the student moves a slider cost the page's main thread next to nothing.
 * Its picture is made ready when it is shown (`ready`) or, for the neighbours of the setting
 * shown, in the browser's idle time (`warm`). */
export function makeFrame(key, png, summary = "", message = "", link = null) {
  const size = png ? png.byteLength : 0;
  const frame = { key, summary, message, link, bytes: size + 2 * (summary.length + message.length) + 64 };
  if (png && size) frame.blob = new Blob([png], { type: "image/png" });
  return frame;
}

/** The frame's own <img> element, made on first need from its Blob. */
export function ready(frame) {
  if (frame && frame.blob && !frame.image) {
    frame.url = URL.createObjectURL(frame.blob);
    frame.image = new Image();
    frame.image.alt = frame.summary || "chart"; // the summary sentence is the picture's text
    frame.image.src = frame.url;
  }
  return frame && frame.image;
}

/** Let a frame's picture go back to its Blob (the decoded pixels can be freed). A picture still
 * loading keeps its URL until it has loaded (revoked earlier, the load fails with an error). */
function unready(frame) {
  if (!frame || !frame.image) return;
  const { url, image } = frame;
  frame.url = frame.image = null;
  if (!url) return;
  if (image.complete) { URL.revokeObjectURL(url); return; }
  const revoke = () => URL.revokeObjectURL(url);
  image.addEventListener("load", revoke, { once: true });
  image.addEventListener("error", revoke, { once: true });
}

/** Decode a frame's picture ahead, so that showing it is one DOM swap. */
function warm(frame) {
  const image = ready(frame);
  if (image) image.decode().catch(() => {});
}

const idle = (fn) => (typeof requestIdleCallback === "function"
  ? requestIdleCallback(fn, { timeout: 250 }) : setTimeout(fn, 30));
const unidle = (id) => (typeof cancelIdleCallback === "function" ? cancelIdleCallback(id) : clearTimeout(id));

/** The keys one step each way along every slider from `key`. */
export function neighbours(controls, key) {
  const idx = key.split(",").map(Number);
  const out = [];
  controls.forEach((c, j) => {
    const top = Math.floor((c.max - c.min) / c.step + 0.5);
    for (const d of [1, -1]) {
      const k = idx[j] + d;
      if (k >= 0 && k <= top) out.push(idx.map((v, i) => (i === j ? k : v)).join(","));
    }
  });
  return out;
}

function element(tag, className, parent) {
  const node = document.createElement(tag);
  node.className = className;
  parent.appendChild(node);
  return node;
}

/** The player: its view in `el` (message, picture, summary) and its cache. */
export function createPlayer({ el, controls, source, budget = BUDGET }) {
  const root = element("div", "vl-player", el);
  const message = element("div", "vl-message", root);
  message.setAttribute("role", "status");
  message.style.cssText = "min-height:1.5em;color:#b00020";
  const IMG_STYLE = "width:100%;max-width:760px";
  let img = element("img", "vl-frame", root);
  img.style.cssText = IMG_STYLE + ";display:none";
  const summary = element("p", "vl-summary", root);
  const cache = new FrameCache(budget);
  // inflight: the one setting asked of the source and not arrived yet; queued: the newest miss
  // since, asked when it arrives (so a drag never piles up requests: the newest wins)
  const state = { current: null, shown: null, hits: 0, misses: 0, inflight: null, queued: null };
  let inflightAt = 0;
  // timing of the last asked frame (for the benchmark): round trip, and the kernel's share
  state.timing = null;
  const ask = (key, values) => {
    state.inflight = key;
    inflightAt = performance.now();
    source.visit(key, values, false);
  };

  // Only the neighbours of the setting shown hold a decoded picture; they are warmed in idle
  // time, never in the handler of a key press or of an arriving frame.
  const live = new Set(); // keys of frames holding an <img> (shown or warmed)
  let warmTask = null;
  function warmAround() {
    warmTask = null;
    if (state.shown === null) return;
    const keep = new Set([state.shown, ...neighbours(controls, state.shown)]);
    for (const key of live) {
      const frame = cache.frames.get(key);
      if (!keep.has(key) && !(frame && frame.image === img)) { unready(frame); live.delete(key); }
    }
    for (const key of keep) {
      const frame = cache.frames.get(key);
      if (frame && frame.blob) { warm(frame); live.add(key); }
    }
  }
  function warmLater() {
    if (warmTask !== null) unidle(warmTask);
    warmTask = idle(warmAround);
  }

  // A picture not decoded yet is swapped in once it is: until then the last one stays (the
  // chart does not collapse while its next picture loads); a newer paint cancels the wait.
  let pending = null;
  function paint(frame) {
    pending = null;
    if (frame.message) {
      message.innerHTML = frame.link ? "" : "<b>⚠ No chart for these values:</b> ";
      message.appendChild(document.createTextNode(frame.message));
      if (frame.link) {
        const a = element("a", "vl-live", message);
        a.href = frame.link.href;
        a.textContent = frame.link.text;
      }
      img.style.display = "none";
      summary.textContent = "";
      shown(frame);
      return;
    }
    const image = ready(frame);
    if (image) live.add(frame.key);
    if (!image || image === img || (image.complete && image.naturalWidth)) {
      swapIn(frame, image);  // warmed ahead (a cached step): in this frame
      return;
    }
    pending = frame.key;
    image.decode().catch(() => {}).then(() => { if (pending === frame.key) swapIn(frame, image); });
  }
  function swapIn(frame, image) {
    pending = null;
    if (image && image !== img) {  // the frame's own element
      image.className = "vl-frame";
      image.style.cssText = IMG_STYLE;
      img.replaceWith(image);
      img = image;
    }
    img.style.display = "";
    message.textContent = "";
    summary.textContent = frame.summary;
    shown(frame);
  }
  function shown(frame) {
    state.shown = frame.key;
    warmLater();
  }

  return {
    el: root, cache, state, controls,
    /** The sliders now read `values`: show the cached frame, or ask the source for it. */
    show(values, { tell = true } = {}) {
      const key = keyOf(controls, values);
      state.current = key;
      const frame = cache.get(key);
      if (frame) { state.hits += 1; paint(frame); } else { state.misses += 1; }
      if (!tell) return !!frame;
      if (frame) source.visit(key, values, true);
      else if (state.inflight === null || performance.now() - inflightAt > STALE_MS) ask(key, values);
      else state.queued = { key, values };
      return !!frame;
    },
    /** A frame arrived from the source: cache it; show it if it is the setting wanted now. */
    receive(key, png, summary = "", message = "", timing = null, link = null) {
      const frame = makeFrame(key, png, summary, message, link);
      const evicted = cache.put(frame);
      if (evicted.length && source.evicted) source.evicted(evicted);
      if (key === state.current) paint(frame);
      else if (state.shown !== null && neighbours(controls, state.shown).includes(key)) warmLater();
      if (key === state.inflight) {
        state.timing = { rtt: performance.now() - inflightAt, ...(timing || {}) };
        const next = state.queued;
        state.inflight = state.queued = null;
        if (next && next.key === state.current && !cache.frames.has(next.key)) ask(next.key, next.values);
      }
    },
    /** Make the frames of `keys` the most recently used, in that order (the kernel's list of the
     * frames worth keeping, least likely next first): the first let go are the others. */
    keep(keys) { for (const key of keys) cache.get(key); },
    /** Empty the cache (and tell the source what is gone). */
    forget() {
      const keys = [...cache.frames.keys()];
      cache.clear();
      if (keys.length && source.evicted) source.evicted(keys);
    },
    dispose() { cache.clear(); root.remove(); },
  };
}

// --- host 1: the kernel, through anywidget -------------------------------------------------------

async function render({ model, el }) {
  const controls = model.get("controls");
  const source = {
    visit: (key, values, hit) => model.send({ type: "show", key, hit,
      sent: performance.timeOrigin + performance.now() }),  // wall clock ms (benchmark)
    evicted: (keys) => model.send({ type: "evicted", keys }),
  };
  const player = createPlayer({ el, controls, source, budget: model.get("budget") });
  // Prefetch frames are acknowledged (in one message per turn of the page's event loop): the
  // kernel keeps at most a couple of them on the way, so a frame the student asks for never
  // queues behind a backlog of frames drawn ahead.
  let got = 0;
  const ack = () => { if (got) { model.send({ type: "got", n: got }); got = 0; } };
  const onMessage = (msg, buffers) => {
    if (msg.type === "frame") {
      const png = buffers && buffers.length ? buffers[0] : null;
      const timing = msg.wait_ms === undefined ? null
        : { wait: msg.wait_ms, draw: msg.draw_ms, to_kernel: msg.to_kernel_ms,
            to_browser: performance.timeOrigin + performance.now() - msg.sent };
      player.receive(msg.key, png, msg.summary || "", msg.message || "", timing);
      if (msg.prefetch && got++ === 0) setTimeout(ack, 0);
    } else if (msg.type === "keep") {
      player.keep(msg.keys || []);
    }
  };
  model.on("msg:custom", onMessage);
  const ids = model.get("sliders").map((id) => id.replace(/^IPY_MODEL_/, ""));
  const sliders = await Promise.all(ids.map((id) => model.widget_manager.get_model(id)));
  const values = () => sliders.map((s) => s.get("value"));
  const onChange = () => player.show(values());
  for (const s of sliders) s.on("change:value", onChange);
  player.show(values(), { tell: false });
  el.__vlPlayer = player; // for tests and the benchmark
  model.send({ type: "ready", key: player.state.current });
  return () => {
    model.off("msg:custom", onMessage);
    for (const s of sliders) s.off("change:value", onChange);
    player.dispose();
  };
}

export default { render };

// --- host 2: a static page, frames from a pre-rendered atlas -------------------------------------

/**
 * Sliders and the player in `el`, frames from `atlas` without a kernel:
 * `{controls: [{name, label, min, max, step, value}], frame: async (key) => ({png, summary,
 * message, link})}` (png an ArrayBuffer, e.g. from fetch(url).arrayBuffer()), optionally `budget`.
 * A setting already cached is shown from the cache alone (the atlas is not asked again).
 * Returns the player.
 */
export function mountAtlas(el, atlas) {
  const inputs = [];
  let player = null;
  const source = {
    visit: async (key, values, hit) => {
      if (hit) return;
      const got = await atlas.frame(key);
      if (got) player.receive(key, got.png || null, got.summary || "", got.message || "", null, got.link || null);
    },
  };
  for (const c of atlas.controls) {
    const label = element("label", "vl-control", el);
    label.textContent = c.label || c.name;
    const input = element("input", "vl-range", label);
    Object.assign(input, { type: "range", min: c.min, max: c.max, step: c.step, value: c.value });
    input.name = c.name;
    const readout = element("output", "vl-readout", label);
    readout.textContent = String(c.value);
    input.addEventListener("input", () => { readout.textContent = input.value; });
    input.addEventListener("input", () => player.show(inputs.map((i) => Number(i.value))));
    inputs.push(input);
  }
  player = createPlayer({ el, controls: atlas.controls, source, budget: atlas.budget || BUDGET });
  player.show(inputs.map((i) => Number(i.value)));
  return player;
}
