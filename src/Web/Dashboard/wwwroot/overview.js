import { api, count, percent, day, el, showError, rangePicker, live, throttle } from "/dashboard/common.js";

const picker = rangePicker(document.getElementById("range"), "last-7-days", () => load());
const reload = throttle(() => load(), 2000);

async function load() {
  try {
    const o = await api(`/api/overview?${picker.query()}&limit=10`);
    showError(null);
    render(o);
  } catch (e) {
    if (e.message !== "signed out") showError(e.message);
  }
}

function render(o) {
  document.getElementById("range-label").textContent =
    `${day(o.from)} – ${day(o.to)} (UTC)${o.window ? "" : " · custom range"}`;
  picker.showRange(o.from, o.to);
  showRate(o.ingest);
  document.getElementById("watching").textContent = count(o.watchingNow);
  document.getElementById("viewers").textContent = count(o.topVideos.reduce((sum, v) => sum + v.uniqueViewers, 0));

  const top = document.getElementById("top");
  top.replaceChildren();
  const most = Math.max(1, ...o.topVideos.map(v => v.uniqueViewers));
  for (const v of o.topVideos) {
    const row = el("tr");
    const name = el("td");
    const link = el("a", "video-title", v.title || v.videoId);
    const p = new URLSearchParams(picker.current());
    p.set("id", v.videoId);
    link.href = `/video?${p}`;
    name.append(link, el("div", "video-id", v.title ? v.videoId : ""));
    const viewers = el("td", "num");
    const cell = el("div", "bar-cell");
    const track = el("div", "bar-track");
    const fill = el("div", "bar-fill");
    fill.style.width = `${(100 * v.uniqueViewers) / most}%`;
    track.append(fill);
    cell.append(track, el("span", null, count(v.uniqueViewers)));
    viewers.append(cell);
    row.append(name, viewers, el("td", "num", percent(v.avgWatchPercentage)),
      el("td", "num", percent(v.avgCompletionPercentage)), el("td", "num", count(v.watchingNow)));
    top.append(row);
  }
  document.getElementById("top-empty").hidden = o.topVideos.length > 0;

  const dead = document.getElementById("dead");
  dead.replaceChildren();
  const worst = Math.max(1, ...o.deadLetters.map(d => d.count));
  for (const d of o.deadLetters) {
    const row = el("tr");
    const n = el("td", "num");
    const cell = el("div", "bar-cell");
    const track = el("div", "bar-track");
    const fill = el("div", "bar-fill drop");
    fill.style.width = `${(100 * d.count) / worst}%`;
    track.append(fill);
    cell.append(track, el("span", null, count(d.count)));
    n.append(cell);
    row.append(el("td", null, d.stage), el("td", null, d.reason.replaceAll("_", " ")), n);
    dead.append(row);
  }
  document.getElementById("dead-empty").hidden = o.deadLetters.length > 0;
  document.getElementById("dead-total").textContent = count(o.deadLetters.reduce((sum, d) => sum + d.count, 0));
}

function showRate(r) {
  const value = document.getElementById("rate");
  const note = document.getElementById("rate-note");
  if (r.eventsPerSecond == null) {
    value.textContent = "–";
    note.textContent = r.unavailable || "measuring…";
    return;
  }
  value.replaceChildren(document.createTextNode(count(r.eventsPerSecond)), el("small", null, "/s"));
  note.textContent = `player events arriving in Kafka, last ${Math.round(r.measuredOverSeconds)} s`;
}

live(() => reload(), showRate);
load();
