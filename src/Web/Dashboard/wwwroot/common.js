// Shared by the overview and the video page: formatting, the API, the range picker and the live stream.

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** 1234 → "1,234"; null → "–". */
export function count(n) {
  return n == null ? "–" : integer.format(n);
}

/** 45.678 → "45.7 %"; null → "–". */
export function percent(n) {
  return n == null ? "–" : `${oneDecimal.format(n)} %`;
}

/** Seconds of the video as m:ss (h:mm:ss from an hour on): 75 → "1:15". */
export function clock(seconds) {
  if (seconds == null || !isFinite(seconds)) return "–";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const ss = String(r).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** "2026-11-20" → "20 Nov 2026". */
export function day(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** How long ago an ISO instant was, in words. */
export function ago(iso) {
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

/** Creates an element with a class and text (never HTML: ids and titles come from viewers' players). */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

/** GET an API path; a lost session goes back to the login page, an error becomes an Error with the API's message. */
export async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (response.status === 401) {
    location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
    throw new Error("signed out");
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || `The server answered ${response.status}.`);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** Shows or clears the page's error banner. */
export function showError(message) {
  const banner = document.getElementById("error");
  banner.hidden = !message;
  banner.textContent = message || "";
}

/**
 * The range picker: buttons for the standard windows, and a custom from/to. The range lives in
 * the page's URL (window=last-7-days, or from=…&to=…), so a link shows the same range.
 */
export function rangePicker(container, defaultWindow, onChange) {
  const windows = [["last-7-days", "7 days"], ["last-28-days", "28 days"], ["last-90-days", "90 days"]];
  const buttons = windows.map(([name, label]) => {
    const b = el("button", null, label);
    b.type = "button";
    b.dataset.window = name;
    b.addEventListener("click", () => set({ window: name }));
    container.append(b);
    return b;
  });
  const custom = el("span", "custom");
  const from = Object.assign(el("input"), { type: "date", title: "First UTC day" });
  const to = Object.assign(el("input"), { type: "date", title: "Last UTC day" });
  const apply = el("button", null, "Apply");
  apply.type = "button";
  apply.addEventListener("click", () => {
    if (from.value && to.value) set({ from: from.value, to: to.value });
  });
  custom.append(from, el("span", null, "to"), to, apply);
  container.append(custom);

  function current() {
    const p = new URLSearchParams(location.search);
    if (p.get("from") && p.get("to")) return { from: p.get("from"), to: p.get("to") };
    return { window: p.get("window") || defaultWindow };
  }
  function show() {
    const r = current();
    buttons.forEach(b => b.classList.toggle("active", b.dataset.window === r.window));
    if (r.from) { from.value = r.from; to.value = r.to; }
  }
  function set(r) {
    const p = new URLSearchParams(location.search);
    ["window", "from", "to"].forEach(k => p.delete(k));
    Object.entries(r).forEach(([k, v]) => p.set(k, v));
    history.replaceState(null, "", `${location.pathname}?${p}`);
    show();
    onChange(current());
  }
  show();
  /** Shows the days a window answered in the date fields, so a custom range starts from them. */
  function showRange(first, last) {
    from.value = first;
    to.value = last;
  }
  return { current, showRange, query: () => new URLSearchParams(current()).toString() };
}

/**
 * Listens to /api/events: onStored when the sinks stored something new, onIngest with each new
 * events-per-second reading. Updates the Live indicator; the browser reconnects by itself.
 */
export function live(onStored, onIngest) {
  const indicator = document.getElementById("live");
  const source = new EventSource("/api/events");
  source.addEventListener("open", () => { indicator.classList.add("on"); indicator.textContent = "Live"; });
  source.addEventListener("error", () => { indicator.classList.remove("on"); indicator.textContent = "Reconnecting…"; });
  source.addEventListener("stored", e => onStored(JSON.parse(e.data)));
  source.addEventListener("ingest", e => onIngest && onIngest(JSON.parse(e.data)));
  return source;
}

/** Runs fn at most once per `ms`, the last call winning (so a burst of updates costs one reload). */
export function throttle(fn, ms) {
  let timer = null, pending = false;
  return () => {
    if (timer) { pending = true; return; }
    fn();
    timer = setTimeout(() => { timer = null; if (pending) { pending = false; fn(); } }, ms);
  };
}
