import { api, count, percent, clock, day, ago, el, showError, rangePicker, live, throttle } from "/dashboard/common.js";

const videoId = new URLSearchParams(location.search).get("id");
const picker = rangePicker(document.getElementById("range"), "last-28-days", () => load());
const reload = throttle(() => load(), 2000);
const charts = {};

// Minute-friendly steps for the video's time axis (uPlot's default steps are powers of ten).
const SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800];
const COLORS = { viewers: "#2563eb", plays: "#f59e0b", retention: "#0f9d8a", drop: "#dc2626" };

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
      { scale: "v", label: "Unique viewers", values: (u, s) => s.map(count), size: 60 },
      { scale: "p", side: 1, label: "Plays", values: (u, s) => s.map(count), grid: { show: false }, size: 60 },
    ],
    series: [
      { label: "At", value: (u, v) => clock(v) },
      { label: "Unique viewers", scale: "v", stroke: COLORS.viewers, fill: "rgba(37, 99, 235, 0.15)", width: 2, value: (u, v) => count(v) },
      { label: "Plays", scale: "p", stroke: COLORS.plays, width: 1.5, value: (u, v) => count(v) },
    ],
    hooks: { draw: [dropoffLines(p)] },
  }, [d.x, d.viewers, d.plays]);
}

function retentionChart(p) {
  const r = p.retention;
  const top = Math.max(100, ...r.percentOfStart);
  place("retention", r.seconds.length === 0, {
    height: 260,
    scales: { x: { time: false }, y: { range: [0, Math.ceil(top / 10) * 10] } },
    axes: [timeAxis(), { label: "% of viewers at the start", values: (u, s) => s.map(v => `${v} %`), size: 60 }],
    series: [
      { label: "At", value: (u, v) => clock(v) },
      { label: "Still watching", stroke: COLORS.retention, fill: "rgba(15, 157, 138, 0.12)", width: 2, value: (u, v) => percent(v) },
    ],
    hooks: { draw: [dropoffLines(p)] },
  }, [r.seconds, r.percentOfStart]);
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
