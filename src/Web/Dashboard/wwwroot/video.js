import { api, count, percent, clock, day, ago, el, showError, rangePicker, live, throttle } from "/dashboard/common.js";

const videoId = new URLSearchParams(location.search).get("id");
const picker = rangePicker(document.getElementById("range"), "last-28-days", () => load());
const reload = throttle(() => load(), 2000);
const charts = {};

// Minute-friendly steps for the video's time axis (uPlot's default steps are powers of ten).
const SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800];
// Viewers and plays are whole numbers: with few viewers the axis must not show 0.5 steps.
const COUNT_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4, 2.5e4, 5e4, 1e5, 2e5, 2.5e5, 5e5, 1e6, 2e6, 5e6, 1e7];
const COLORS = { viewers: "#2563eb", plays: "#f59e0b", retention: "#0f9d8a", drop: "#dc2626", typical: "#64748b" };
// The kinds of key moments: their name and colour (the same as .kind-* in dashboard.css).
const KINDS = { introDrop: ["Intro drop", "#7c3aed"], dip: ["Dip", "#dc2626"], rewatch: ["Rewatch", "#d97706"], jumpIn: ["Jump-in", "#0891b2"] };

async function load() {
  if (!videoId) { showError("No video chosen: open a video from the overview."); return; }
  try {
    const page = await api(`/api/video?id=${encodeURIComponent(videoId)}&${picker.query()}&dropoffs=5`);
    showError(null);
    render(page);
  } catch (e) {
    if (e.message !== "signed out") showError(e.message);
  }
}

function render(p) {
  document.title = `${p.title || p.videoId} · StreamAgg`;
  document.getElementById("title").textContent = p.title || p.videoId;
  const parts = [p.videoId];
  if (p.durationSeconds != null) parts.push(`${clock(p.durationSeconds)} long`);
  parts.push(`${day(p.range.from)} – ${day(p.range.to)} (UTC)`);
  document.getElementById("subtitle").textContent = parts.join(" · ");
  picker.showRange(p.range.from, p.range.to);
  const back = document.getElementById("back");
  back.href = `/?${picker.query()}`;

  const source = document.getElementById("source");
  source.replaceChildren();
  const badge = el("span", "badge");
  if (p.range.source === "window") {
    badge.textContent = `Precomputed ${p.range.window.replaceAll("-", " ")} · updated ${ago(p.range.refreshedAt)}`;
    if (!p.range.current) badge.classList.add("stale");
  } else if (p.range.source === "rollups" && !p.range.current && p.range.refreshedAt) {
    badge.textContent = `Computed for this range · newest day as of ${ago(p.range.refreshedAt)}`;
    badge.classList.add("stale");
  } else {
    badge.textContent = "Computed exactly for this range";
    badge.classList.add("exact");
  }
  source.append(badge);

  const a = p.audience;
  document.getElementById("viewers").textContent = count(a.viewers);
  document.getElementById("watching").textContent = count(a.watchingNow);
  document.getElementById("avg-watch").textContent = percent(a.avgWatchPercentage);
  const started = a.funnel.started;
  document.getElementById("completed").textContent = started ? percent((100 * a.funnel.completed) / started) : "–";
  document.getElementById("completed-note").textContent = started ? `${count(a.funnel.completed)} of ${count(started)} viewers who started` : "of viewers who started";

  heatmapChart(p);
  retentionChart(p);
  typicalNote(p);
  momentList(p);
  dropoffTable(p);
  tiers(a.tiers);
  funnel(a.funnel);
}

/** Per-second arrays over every second from 0 to the end of the video (seconds nobody watched are 0). */
function dense(p) {
  const h = p.heatmap;
  const last = h.seconds.length ? h.seconds[h.seconds.length - 1] + 1 : 0;
  const n = Math.max(last, Math.ceil(p.durationSeconds || 0));
  const x = Array.from({ length: n }, (_, i) => i);
  const viewers = new Array(n).fill(0), plays = new Array(n).fill(0);
  h.seconds.forEach((s, i) => { viewers[s] = h.viewers[i]; plays[s] = h.plays[i]; });
  return { x, viewers, plays };
}

function timeAxis() {
  return { label: "Position in the video (m:ss)", incrs: SECOND_STEPS, values: (u, splits) => splits.map(clock), space: 60 };
}

function dropoffLines(p) {
  return u => {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = COLORS.drop;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
    for (const d of p.dropoffs) {
      const x = Math.round(u.valToPos(d.fromSecond + 0.5, "x", true));
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
    }
    ctx.restore();
  };
}

/** Numbered flags at the key moments (the numbers of the "Key moments" list), a light band over a moment's span. */
function momentFlags(p) {
  return u => {
    const moments = p.insights.keyMoments.moments;
    if (moments.length === 0) return;
    const ctx = u.ctx, dpr = devicePixelRatio, r = 9 * dpr;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    let previous = -Infinity, row = 0;
    moments.forEach((m, i) => {
      const color = KINDS[m.kind]?.[1] || COLORS.drop;
      const x = u.valToPos(m.second, "x", true);
      if (m.kind !== "introDrop" && m.toSecond > m.fromSecond) {
        const x0 = u.valToPos(m.fromSecond, "x", true), x1 = u.valToPos(m.toSecond + 1, "x", true);
        ctx.globalAlpha = 0.12;
        ctx.fillStyle = color;
        ctx.fillRect(x0, top, Math.max(x1 - x0, 1), height);
      }
      ctx.globalAlpha = 0.75;
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5 * dpr;
      ctx.beginPath();
      ctx.moveTo(Math.round(x), top + 2 * r);
      ctx.lineTo(Math.round(x), top + height);
      ctx.stroke();
      // Flags closer than their width stack downwards instead of covering each other.
      row = x - previous < 2.2 * r ? row + 1 : 0;
      previous = x;
      const cy = top + r + 2 * dpr + row * 2.2 * r;
      ctx.globalAlpha = 1;
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.arc(x, cy, r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = "#fff";
      ctx.font = `700 ${11 * dpr}px system-ui, sans-serif`;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(String(i + 1), x, cy + 0.5 * dpr);
    });
    ctx.restore();
  };
}

function place(name, empty, opts, data) {
  const box = document.getElementById(name);
  charts[name]?.destroy();
  charts[name] = null;
  document.getElementById(`${name}-empty`).hidden = !empty;
  box.hidden = empty;
  if (empty) return;
  opts.width = box.clientWidth;
  charts[name] = new uPlot(opts, data, box);
}

/** One line an editor (and a browser test) can read without the chart: how much was watched, and the peaks. */
function heatmapSummary(p) {
  const h = p.heatmap;
  const box = document.getElementById("heatmap-summary");
  box.dataset.secondsWatched = String(h.seconds.length);
  if (h.seconds.length === 0) { box.textContent = ""; return; }
  const peak = (values) => values.reduce((best, v, i) => (v > values[best] ? i : best), 0);
  const v = peak(h.viewers), pl = peak(h.plays);
  const of = p.durationSeconds ? ` of ${count(Math.ceil(p.durationSeconds))}` : "";
  box.textContent = `Seconds watched: ${count(h.seconds.length)}${of} · most viewers: ${count(h.viewers[v])} at ${clock(h.seconds[v])}` +
    ` · most plays: ${count(h.plays[pl])} at ${clock(h.seconds[pl])}`;
}

function heatmapChart(p) {
  heatmapSummary(p);
  const d = dense(p);
  place("heatmap", p.heatmap.seconds.length === 0, {
    height: 320,
    scales: { x: { time: false }, v: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] }, p: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [
      timeAxis(),
      { scale: "v", label: "Unique viewers", incrs: COUNT_STEPS, values: (u, s) => s.map(count), size: 60 },
      { scale: "p", side: 1, label: "Plays", incrs: COUNT_STEPS, values: (u, s) => s.map(count), grid: { show: false }, size: 60 },
    ],
    series: [
      { label: "At", value: (u, v) => clock(v) },
      { label: "Unique viewers", scale: "v", stroke: COLORS.viewers, fill: "rgba(37, 99, 235, 0.15)", width: 2, value: (u, v) => count(v) },
      { label: "Plays", scale: "p", stroke: COLORS.plays, width: 1.5, value: (u, v) => count(v) },
    ],
    hooks: { draw: [dropoffLines(p), momentFlags(p)] },
  }, [d.x, d.viewers, d.plays]);
}

/** The curve's values at each of xs (seconds), interpolated linearly between its points (the curve has one per percent of the length). */
function interpolate(seconds, values, xs) {
  let j = 0;
  return xs.map(x => {
    while (j + 1 < seconds.length && seconds[j + 1] <= x) j++;
    if (j + 1 >= seconds.length || x <= seconds[j]) return values[j];
    const t = (x - seconds[j]) / (seconds[j + 1] - seconds[j]);
    return values[j] + t * (values[j + 1] - values[j]);
  });
}

function retentionChart(p) {
  const r = p.retention;
  const curve = p.insights.typicalRetention.curve;
  const series = [{ label: "At", value: (u, v) => clock(v) }];
  const data = [r.seconds];
  const opts = { bands: [] };
  if (curve && r.seconds.length) {
    // Drawn first, so behind the video's own curve: the middle half of similar videos (a band) and their median (dashed).
    const hidden = { stroke: "rgba(0, 0, 0, 0)", width: 0, points: { show: false } };
    series.push({ ...hidden, label: "Typical, 75th percentile", value: (u, v) => percent(v) });
    series.push({ ...hidden, label: "Typical, 25th percentile", value: (u, v) => percent(v) });
    series.push({ label: "Typical (median)", stroke: COLORS.typical, width: 1.5, dash: [6, 4], value: (u, v) => percent(v) });
    data.push(interpolate(curve.seconds, curve.typicalUpper, r.seconds),
      interpolate(curve.seconds, curve.typicalLower, r.seconds),
      interpolate(curve.seconds, curve.typicalMedian, r.seconds));
    opts.bands.push({ series: [1, 2], fill: "rgba(100, 116, 139, 0.2)" });
  }
  series.push({ label: "This video", stroke: COLORS.retention, fill: "rgba(15, 157, 138, 0.10)", width: 2, value: (u, v) => percent(v) });
  data.push(r.percentOfStart);
  const top = Math.max(100, ...data.slice(1).flat());
  place("retention", r.seconds.length === 0, {
    height: 260,
    ...opts,
    scales: { x: { time: false }, y: { range: [0, Math.ceil(top / 10) * 10] } },
    axes: [timeAxis(), { label: "% of viewers at the start", values: (u, s) => s.map(v => `${v} %`), size: 60 }],
    series,
    hooks: {
      draw: [momentFlags(p)],
      // The band's edges stay out of the legend (the note under the chart names the band); their values still show on hover.
      ready: [u => { if (curve) u.root.querySelectorAll(".u-legend .u-series").forEach((row, i) => { if (i === 1 || i === 2) row.hidden = true; }); }],
    },
  }, data);
}

/** A share of viewers as an editor reads it: "18 %", "4.5 %". */
function share(n) {
  return `${n >= 10 ? Math.round(n) : n.toFixed(1)} %`;
}

/** Under the retention chart: how the video compares with similar ones, or why it is not compared. */
function typicalNote(p) {
  const t = p.insights.typicalRetention, k = p.insights.keyMoments;
  const box = document.getElementById("typical");
  box.replaceChildren();
  box.dataset.verdict = t.verdict;
  if (p.retention.seconds.length === 0) return;
  const similar = `${count(t.similarVideos)} videos of ${t.bucket}`;
  const verdicts = {
    aboveTypical: ["Above typical", "above", `keeps more viewers than most of ${similar}`],
    typical: ["Typical", "", `within the middle half of ${similar}`],
    belowTypical: ["Below typical", "below", `keeps fewer viewers than most of ${similar}`],
  };
  const line = el("div");
  if (verdicts[t.verdict]) {
    const [name, cls, text] = verdicts[t.verdict];
    const sign = t.averageDifferencePoints > 0 ? "+" : t.averageDifferencePoints < 0 ? "−" : "±";
    line.append(el("span", `verdict ${cls}`, name), document.createTextNode(
      `: ${text} (${sign}${Math.abs(t.averageDifferencePoints).toFixed(1)} percentage points on average).`));
    const key = el("div", "key");
    key.append(el("span", "band"), document.createTextNode("middle half of similar videos"), el("span", "median"), document.createTextNode("their median"));
    box.append(line, key);
  } else if (t.verdict === "notEnoughViewers") {
    line.textContent = `No typical curve: the comparison needs ${count(t.minStartViewers)} viewers at the start, this range has ${count(k.startViewers)}.`;
    box.append(line);
  } else {
    line.textContent = `No typical curve yet: it needs ${count(t.minVideos)} other videos of ${t.bucket} with ${count(t.minStartViewers)}+ viewers at the start, there are ${count(t.similarVideos)}.`;
    box.append(line);
  }
}

/** One sentence per key moment, as on the charts' numbered flags. */
function describe(m, k) {
  const span = m.toSecond > m.fromSecond ? ` (${clock(m.fromSecond)}–${clock(m.toSecond)})` : "";
  switch (m.kind) {
    case "introDrop": return [`${share(m.percentOfStart)} of viewers leave in the first ${k.introSeconds} s`, `${count(m.size)} viewers, most at ${clock(m.second)}`];
    case "dip": return [`${share(m.percentOfStart)} of viewers leave`, `${count(m.size)} more than usual${span}`];
    case "rewatch": return [`watched again: ${count(m.size)} extra plays`, `${share(m.percentOfStart)} of the viewers at the start${span}`];
    case "jumpIn": return [`${share(m.percentOfStart)} more viewers arrive`, `${count(m.size)} viewers skip here${span}`];
    default: return [m.kind, ""];
  }
}

function momentList(p) {
  const k = p.insights.keyMoments;
  const list = document.getElementById("moments");
  const empty = document.getElementById("moments-empty");
  list.replaceChildren();
  k.moments.forEach((m, i) => {
    const [name] = KINDS[m.kind] || [m.kind];
    const [what, detail] = describe(m, k);
    const item = el("li");
    item.dataset.kind = m.kind;
    const text = el("span");
    text.append(el("span", "what", `${name}: `), document.createTextNode(what), el("span", "detail", detail));
    item.append(el("span", `mark kind-${m.kind}`, String(i + 1)), el("span", "at", clock(m.second)), text);
    list.append(item);
  });
  if (k.moments.length === 1 && k.moments[0].kind === "introDrop")
    list.append(el("li", "more", "No dips, rewatches or jump-ins stand out from the rest of the video."));
  list.hidden = k.moments.length === 0;
  empty.hidden = k.moments.length > 0;
  empty.textContent = p.heatmap.seconds.length === 0 ? "No data yet for this range."
    : k.reason === "notEnoughViewers" ? `Too few viewers to tell moments from chance: ${count(k.startViewers)} at the start, ${count(k.minStartViewers)} needed.`
    : "No key moments in this range.";
}

function dropoffTable(p) {
  const body = document.getElementById("dropoffs");
  body.replaceChildren();
  for (const d of p.dropoffs) {
    const row = el("tr");
    const at = d.toSecond - d.fromSecond === 1 ? clock(d.fromSecond) : `${clock(d.fromSecond)}–${clock(d.toSecond)}`;
    row.append(el("td", null, at), el("td", "num", `${count(d.viewersBefore)} → ${count(d.viewersAfter)}`),
      el("td", "num", count(d.viewersLost)), el("td", "num", percent(d.percentOfStart)));
    body.append(row);
  }
  document.getElementById("dropoffs-empty").hidden = p.dropoffs.length > 0;
}

function tiers(t) {
  const rows = [["High", t.high, "tier-high", "score ≥ 75"], ["Medium", t.medium, "tier-medium", "50–75"],
    ["Low", t.low, "tier-low", "25–50"], ["Minimal", t.minimal, "tier-minimal", "below 25"], ["Unknown", t.unknown, "tier-unknown", "duration unknown"]];
  const total = rows.reduce((s, r) => s + r[1], 0);
  const bar = document.getElementById("tiers-bar");
  const body = document.getElementById("tiers");
  bar.replaceChildren();
  body.replaceChildren();
  bar.hidden = total === 0;
  document.getElementById("tiers-empty").hidden = total > 0;
  if (total === 0) return;
  for (const [name, n, cls, note] of rows) {
    if (n > 0) {
      const part = el("span", cls);
      part.style.width = `${(100 * n) / total}%`;
      part.title = `${name}: ${count(n)}`;
      bar.append(part);
    }
    const label = el("td");
    label.append(el("span", `swatch ${cls}`), document.createTextNode(name), el("span", "video-id", `  ${note}`));
    const row = el("tr");
    row.append(label, el("td", "num", count(n)), el("td", "num", percent((100 * n) / total)));
    body.append(row);
  }
}

function funnel(f) {
  const box = document.getElementById("funnel");
  box.replaceChildren();
  document.getElementById("funnel-empty").hidden = f.started > 0;
  if (f.started === 0) return;
  const steps = [["Started", f.started], ["Reached 25 %", f.reached25Percent], ["Reached 50 %", f.reached50Percent],
    ["Reached 75 %", f.reached75Percent], ["Completed", f.completed]];
  for (const [name, n] of steps) {
    const row = el("div", "funnel-row");
    const track = el("div", "funnel-track");
    const fill = el("div", "funnel-fill");
    fill.style.width = `${(100 * n) / f.started}%`;
    track.append(fill);
    const value = el("div", "num", count(n));
    value.append(el("small", null, `  ${percent((100 * n) / f.started)}`));
    row.append(el("div", null, name), track, value);
    box.append(row);
  }
}

addEventListener("resize", throttle(() => {
  for (const [name, chart] of Object.entries(charts))
    if (chart) chart.setSize({ width: document.getElementById(name).clientWidth, height: chart.height });
}, 200));

live(() => reload());
load();
