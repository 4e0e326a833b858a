// The commonsim lab page. Plain JavaScript, no build step: it asks the
// server (serve/server.go) for the scenarios, controls and charts, sends
// settings to be checked and run, draws the ticks the server streams with
// server-sent events, and keeps pinned runs for comparison.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  // Ticks (weeks) per second; 0 is as fast as the replicates are computed.
  const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 0];
  const RUN_COLOR = "#1d4ed8";
  const PIN_COLORS = ["#ea580c", "#15803d", "#9333ea", "#be123c", "#0e7490", "#a16207", "#4b5563", "#db2777"];

  const session = (() => {
    let s = sessionStorage.getItem("commonsim-lab-session");
    if (!s) {
      const b = new Uint8Array(12);
      crypto.getRandomValues(b);
      s = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
      sessionStorage.setItem("commonsim-lab-session", s);
    }
    return s;
  })();

  let info = null; // GET /api/info
  let entry = null; // the scenario picked
  let values = {}; // key -> value text of every control
  let run = null; // the current run
  let pins = []; // pinned runs
  let charts = []; // {spec, el, plot, sig, readout}
  let lorenz = []; // the Lorenz charts: contribution, benefit
  let survival = null; // the survival chart
  let checkTimer = 0;
  let drawQueued = false;

  // ---- talking to the server -------------------------------------------
  async function api(method, path, body) {
    const opt = { method, headers: {} };
    if (body !== undefined) {
      opt.headers["Content-Type"] = "application/json";
      opt.body = JSON.stringify(body);
    }
    const res = await fetch(path, opt);
    const ct = res.headers.get("Content-Type") || "";
    let data = null;
    if (ct.includes("application/json")) data = await res.json();
    else if (res.status !== 204) data = await res.text();
    if (!res.ok) {
      const err = new Error((data && data.error) || res.status + " " + res.statusText);
      err.fields = (data && data.fields) || [];
      err.status = res.status;
      throw err;
    }
    return { data, res };
  }

  function settings() {
    const set = [];
    for (const c of info.controls) {
      if (values[c.key] !== entry.values[c.key]) set.push(c.key + "=" + values[c.key]);
    }
    return { scenario: entry.id, set, replicates: Number($("replicates").value) || 0, session };
  }

  // ---- numbers -----------------------------------------------------------
  function fmt(v) {
    if (v === null || v === undefined || Number.isNaN(v)) return "–";
    const a = Math.abs(v);
    if (a >= 10000) return Math.round(v).toLocaleString("en");
    if (a >= 100) return v.toFixed(0);
    if (a === 0) return "0";
    return Number(v.toPrecision(3)).toString();
  }

  // tickText writes an axis tick short: 300k, 1.2M.
  function tickText(v) {
    const a = Math.abs(v);
    if (a >= 1e6) return Number((v / 1e6).toPrecision(3)) + "M";
    if (a >= 1e4) return Number((v / 1e3).toPrecision(3)) + "k";
    return fmt(v);
  }

  function speedText(i) {
    const s = SPEEDS[i];
    return s === 0 ? "as fast as possible" : s + (s === 1 ? " week" : " weeks") + " per second";
  }

  // ---- controls ----------------------------------------------------------
  function labelOf(key, group) {
    return key.slice(group.length + 1).replace(/\./g, " ").replace(/_/g, " ");
  }

  function unitText(u) {
    if (!u) return "";
    if (u === "share") return "share, 0–1";
    if (u === "ticks" || u === "tick") return "weeks";
    return u.replace(/\/tick/g, "/week");
  }

  // axisLabel is a chart's y axis from the metric registry (sim.Metric's
  // Axis, Unit and Scale), as the report writes it, with weeks for ticks:
  // the unit when the label does not already say it, else the scale of a
  // pure number ("0 to 1").
  function axisLabel(spec) {
    const a = spec.axis || spec.metric;
    if (spec.unit) return a.includes(spec.unit) ? a : a + " (" + unitText(spec.unit) + ")";
    return spec.scale ? a + " (" + spec.scale + ")" : a;
  }

  function buildControls() {
    const root = $("params");
    root.textContent = "";
    const byKey = Object.fromEntries(info.controls.map((c) => [c.key, c]));
    const sections = [{ title: "Most used", open: true, keys: info.essentials, full: true }];
    const titles = Object.fromEntries(info.groups.map((g) => [g.table, g.title]));
    const order = [];
    for (const c of info.controls) {
      if (info.essentials.includes(c.key)) continue;
      let s = order.find((x) => x.table === c.group);
      if (!s) {
        s = { table: c.group, title: titles[c.group] || c.group, keys: [] };
        order.push(s);
      }
      s.keys.push(c.key);
    }
    for (const s of sections.concat(order)) {
      const d = document.createElement("details");
      if (s.open) d.open = true;
      const sum = document.createElement("summary");
      sum.textContent = s.title;
      d.appendChild(sum);
      for (const k of s.keys) d.appendChild(controlRow(byKey[k], s.full));
      root.appendChild(d);
    }
  }

  function controlRow(c, full) {
    const row = document.createElement("div");
    row.className = "param";
    row.dataset.key = c.key;
    const label = document.createElement("label");
    const id = "p-" + c.key.replace(/\./g, "-");
    label.htmlFor = id;
    label.title = c.doc + "\n\n" + c.key + " — allowed: " + c.range + (c.unit ? " (" + c.unit + ")" : "");
    label.textContent = labelOf(c.key, c.group) + (full ? " (" + c.group + ")" : "");
    row.appendChild(label);
    const inputs = document.createElement("div");
    inputs.className = "inputs";
    let main;
    if (c.widget === "checkbox") {
      main = document.createElement("input");
      main.type = "checkbox";
      main.addEventListener("change", () => setValue(c.key, main.checked ? "true" : "false"));
    } else if (c.widget === "select") {
      main = document.createElement("select");
      for (const w of c.enum) {
        const o = document.createElement("option");
        o.value = o.textContent = w;
        main.appendChild(o);
      }
      main.addEventListener("change", () => setValue(c.key, main.value));
    } else if (c.widget === "text") {
      main = document.createElement("input");
      main.type = "text";
      main.addEventListener("input", () => setValue(c.key, main.value));
    } else {
      main = document.createElement("input");
      main.type = "text";
      main.inputMode = "decimal";
      main.className = "num";
      if (c.widget === "slider") {
        const sl = document.createElement("input");
        sl.type = "range";
        sl.min = c.min;
        sl.max = c.max;
        sl.step = c.step;
        sl.setAttribute("aria-label", labelOf(c.key, c.group) + " slider");
        sl.addEventListener("input", () => {
          main.value = sl.value;
          setValue(c.key, sl.value);
        });
        inputs.appendChild(sl);
        row.slider = sl;
      }
      main.addEventListener("input", () => {
        if (row.slider && main.value.trim() !== "" && !Number.isNaN(Number(main.value))) row.slider.value = main.value;
        setValue(c.key, main.value.trim());
      });
    }
    main.id = id;
    inputs.appendChild(main);
    if (c.unit) {
      const u = document.createElement("span");
      u.className = "unit";
      u.textContent = unitText(c.unit);
      inputs.appendChild(u);
    }
    row.appendChild(inputs);
    const err = document.createElement("div");
    err.className = "error";
    err.hidden = true;
    row.appendChild(err);
    row.input = main;
    row.err = err;
    return row;
  }

  function rows() {
    return document.querySelectorAll("#params .param");
  }

  function showValues() {
    for (const row of rows()) {
      const k = row.dataset.key;
      const v = values[k];
      if (row.input.type === "checkbox") row.input.checked = v === "true";
      else row.input.value = v;
      if (row.slider) row.slider.value = v;
      row.classList.toggle("changed", v !== entry.values[k]);
    }
  }

  function setValue(key, v) {
    values[key] = v;
    for (const row of rows()) {
      if (row.dataset.key === key) row.classList.toggle("changed", v !== entry.values[key]);
    }
    scheduleCheck();
    updateStatus();
    if (key === "run.ticks") queueDraw();
  }

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 250);
  }

  async function check() {
    try {
      await api("POST", "api/check", settings());
      showErrors(null);
      return true;
    } catch (e) {
      showErrors(e);
      return false;
    }
  }

  // showErrors puts each problem beside its control, or above the settings
  // when it concerns them all.
  function showErrors(e) {
    const byKey = {};
    const general = [];
    if (e) {
      const fields = e.fields && e.fields.length ? e.fields : [{ message: e.message }];
      for (const f of fields) {
        if (f.key === "replicates") {
          $("replicates-error").hidden = false;
          $("replicates-error").textContent = "Replicates: " + f.message;
        } else if (f.key) (byKey[f.key] = byKey[f.key] || []).push(f.message);
        else general.push(f.message);
      }
    }
    if (!e || !(e.fields || []).some((f) => f.key === "replicates")) $("replicates-error").hidden = true;
    for (const row of rows()) {
      const m = byKey[row.dataset.key];
      row.err.hidden = !m;
      row.err.textContent = m ? m.join("; ") : "";
      row.classList.toggle("invalid", !!m);
      if (m) row.closest("details").open = true;
    }
    const g = $("general-error");
    g.hidden = general.length === 0;
    g.textContent = general.join("; ");
    return general.length + Object.keys(byKey).length;
  }

  function pickScenario(id) {
    entry = info.scenarios.find((s) => s.id === id);
    values = Object.assign({}, entry.values);
    $("scenario").value = id;
    $("scenario-doc").textContent = entry.description + (entry.origin === "built-in" ? "" : " (file " + entry.origin + ")");
    showValues();
    showErrors(null);
    updateStatus();
    if (charts.length) queueDraw();
  }

  // ---- runs ----------------------------------------------------------------
  function settingsKey() {
    return JSON.stringify(settings());
  }

  async function closeRun() {
    if (!run) return;
    const r = run;
    run = null;
    if (r.es) r.es.close();
    if (!r.done) {
      try {
        await api("DELETE", "api/runs/" + r.id);
      } catch (e) {
        /* already gone */
      }
    }
  }

  async function setup() {
    if ((await check()) === false) {
      setStatus("Fix the settings marked in red first.", true);
      return false;
    }
    await closeRun();
    const body = settings();
    let r;
    try {
      r = (await api("POST", "api/runs", body)).data;
    } catch (e) {
      showErrors(e);
      setStatus(e.message, true);
      draw();
      return false;
    }
    const nr = {
      id: r.id, label: r.label, scenario: entry.name, ticks: r.ticks, replicates: r.replicates, every: r.every,
      rows: [], lorenz: null, state: "ready", tick: 0, done: false, key: JSON.stringify(body), failed: "",
    };
    nr.ready = new Promise((resolve) => (nr.resolveReady = resolve));
    run = nr;
    openStream(nr);
    draw();
    updateStatus();
    refreshLog();
    return true;
  }

  function openStream(r) {
    const es = new EventSource("api/runs/" + r.id + "/events");
    r.es = es;
    const on = (name, fn) => es.addEventListener(name, (ev) => { if (run === r) fn(JSON.parse(ev.data)); });
    on("hello", () => r.resolveReady());
    on("status", (d) => {
      r.state = d.state;
      r.computed = d.computed;
      updateStatus();
    });
    on("ticks", (d) => {
      for (const t of d.ticks) r.rows.push(t);
      r.tick = r.rows[r.rows.length - 1].t;
      queueDraw();
      updateStatus();
    });
    on("lorenz", (d) => {
      r.lorenz = d;
      queueDraw();
    });
    on("survival", (d) => {
      r.survival = d;
      queueDraw();
    });
    on("done", (d) => {
      r.done = true;
      r.state = "finished";
      r.results = d.results;
      es.close();
      updateStatus();
      refreshLog();
    });
    on("failed", (d) => {
      r.failed = d.message;
      r.done = true;
      es.close();
      updateStatus();
      refreshLog();
    });
    es.onerror = () => {
      if (run !== r || r.done) return;
      es.close();
      r.failed = "the connection to the lab was lost (is `commonsim serve` still running?)";
      r.done = true;
      updateStatus();
    };
  }

  async function control(action) {
    const speed = SPEEDS[Number($("speed").value)];
    await run.ready;
    try {
      await api("POST", "api/runs/" + run.id + "/control", { action, speed });
    } catch (e) {
      setStatus(e.message, true);
    }
  }

  // needsSetup: no run, a finished one, or one not started whose settings
  // have changed since Setup.
  function needsSetup() {
    return !run || run.done || (run.tick === 0 && run.key !== settingsKey());
  }

  async function doGo() {
    if (needsSetup() && !(await setup())) return;
    run.playing = true;
    await control("go");
  }

  async function doStep() {
    if (needsSetup() && !(await setup())) return;
    run.playing = false;
    await control("step");
  }

  async function doPause() {
    if (!run || run.done) return;
    run.playing = false;
    await control("pause");
  }

  async function doReset() {
    await closeRun();
    draw();
    updateStatus();
    refreshLog();
  }

  function setStatus(text, bad) {
    const s = $("status");
    s.textContent = text;
    s.classList.toggle("bad", !!bad);
  }

  function updateStatus() {
    const changed = run && !run.done && run.key !== settingsKey();
    $("pause").disabled = !run || run.done;
    $("pin").disabled = !(run && run.done && !run.failed && run.rows.length);
    $("pin-name").placeholder = run && run.done ? run.label : "name of the pin";
    if (!run) {
      setStatus("Press Go to run " + (entry ? entry.name : "the scenario") + " (or Setup, then Step week by week).");
      return;
    }
    if (run.failed) {
      setStatus("The run stopped: " + run.failed, true);
      return;
    }
    const where = "week " + run.tick + " of " + run.ticks;
    let text;
    switch (run.state) {
      case "ready": text = "Ready at week 0: press Go, or Step to advance one week."; break;
      case "computing": text = where + ": computing weeks " + (run.computed + 1) + " to " + Math.min(run.ticks, run.computed + run.every) + "…"; break;
      case "running": text = where + ", running at " + speedText(Number($("speed").value)) + "."; break;
      case "paused": text = where + ", paused: Go continues, Step advances one week."; break;
      case "finished": text = "Finished: " + run.ticks + " weeks, " + run.replicates + " replicates. Pin it to compare, or change something and press Go."; break;
      default: text = where;
    }
    if (changed) text += " Settings changed: press Setup to start a new run with them.";
    setStatus(run.label + " — " + text);
  }

  // ---- pins ----------------------------------------------------------------
  // Pins are kept in the browser (localStorage) so that they outlive a
  // reload of the page. localStorage belongs to the page's address: a lab
  // started again on another port (the default picks a free one) starts
  // with no pins; `commonsim serve --addr 127.0.0.1:PORT` keeps them.
  // Each pin remembers the metrics of its columns, so that a lab whose
  // charts have changed still draws the columns it has in common.
  const PIN_KEY = "commonsim-lab-pins-v1";

  function savePins() {
    try {
      localStorage.setItem(PIN_KEY, JSON.stringify(pins));
      $("pin-error").hidden = true;
    } catch (e) {
      $("pin-error").hidden = false;
      $("pin-error").textContent = "The pins could not be saved in this browser (" + e.message + "): they will be gone after a reload.";
    }
  }

  function loadPins() {
    let saved;
    try {
      saved = JSON.parse(localStorage.getItem(PIN_KEY) || "[]");
    } catch (e) {
      saved = [];
    }
    if (!Array.isArray(saved)) return [];
    const now = info.charts.map((c) => c.metric);
    const out = [];
    for (const p of saved) {
      if (!p || typeof p.name !== "string" || !Array.isArray(p.rows) || !Array.isArray(p.metrics)) continue;
      // Columns by metric name: a metric this lab no longer charts is dropped, a new one is empty.
      const from = now.map((m) => p.metrics.indexOf(m));
      const pick = (a) => from.map((k) => (k >= 0 && Array.isArray(a) ? a[k] : null));
      p.rows = p.rows.filter((r) => r && typeof r.t === "number").map((r) => ({ t: r.t, m: pick(r.m), lo: pick(r.lo), hi: pick(r.hi) }));
      p.metrics = now;
      out.push(p);
    }
    return out;
  }

  function pinRun() {
    if (!run || !run.done) return;
    const used = new Set(pins.map((p) => p.color));
    const color = PIN_COLORS.find((c) => !used.has(c)) || PIN_COLORS[pins.length % PIN_COLORS.length];
    const name = $("pin-name").value.trim() || run.label;
    pins.push({
      name, color, label: run.label, rows: run.rows, lorenz: run.lorenz, survival: run.survival || null, replicates: run.replicates,
      metrics: info.charts.map((c) => c.metric),
    });
    $("pin-name").value = "";
    savePins();
    renderPins();
    draw();
  }

  function renderPins() {
    const ul = $("pins");
    ul.textContent = "";
    pins.forEach((p, i) => {
      const li = document.createElement("li");
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = p.color;
      const name = document.createElement("input");
      name.type = "text";
      name.value = p.name;
      name.maxLength = 60;
      name.title = p.label + " — click to rename";
      name.setAttribute("aria-label", "name of pin " + (i + 1));
      name.addEventListener("input", () => {
        p.name = name.value;
        savePins();
        draw();
      });
      const rm = document.createElement("button");
      rm.className = "small";
      rm.textContent = "Remove";
      rm.title = "Remove this pin from the charts";
      rm.addEventListener("click", () => {
        pins.splice(i, 1);
        savePins();
        renderPins();
        draw();
      });
      li.append(sw, name, rm);
      ul.appendChild(li);
    });
  }

  // ---- charts ----------------------------------------------------------------
  function groupsToDraw() {
    const gs = pins.map((p) => ({ name: p.name, color: p.color, rows: p.rows, lorenz: p.lorenz, survival: p.survival }));
    if (run) gs.push({ name: "this run", color: RUN_COLOR, rows: run.rows, lorenz: run.lorenz, survival: run.survival, current: true });
    return gs;
  }

  function alpha(hex, a) {
    const n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  }

  function chartWidth(el) {
    return Math.max(260, Math.floor(el.clientWidth) - 4);
  }

  function buildCharts() {
    const root = $("charts");
    root.textContent = "";
    charts = info.charts.map((spec) => {
      const el = card(spec.title, spec.explain, spec.doc);
      root.appendChild(el.card);
      return { spec, el, plot: null, sig: "" };
    });
    lorenz = info.lorenz.map((spec) => {
      const el = card(spec.title, spec.explain, "");
      el.card.dataset.curve = spec.curve;
      root.appendChild(el.card);
      return { spec, el, plot: null, sig: "" };
    });
    const sv = card(info.survival.title, info.survival.explain, "");
    sv.card.dataset.curve = "survival";
    root.appendChild(sv.card);
    survival = { spec: info.survival, el: sv, plot: null, sig: "" };
  }

  function card(title, explain, doc) {
    const c = document.createElement("figure");
    c.className = "chart";
    const h = document.createElement("figcaption");
    const t = document.createElement("h3");
    t.textContent = title;
    if (doc) t.title = doc;
    const p = document.createElement("p");
    p.className = "doc";
    p.textContent = explain;
    const readout = document.createElement("p");
    readout.className = "readout";
    readout.textContent = "\u00a0";
    const note = document.createElement("p");
    note.className = "note";
    note.hidden = true;
    h.append(t, p);
    // The y axis is named above the plot, where a long label (a unit, a
    // scale such as "0 = equal, 1 = unequal") has room, not along it.
    const ylabel = document.createElement("p");
    ylabel.className = "ylabel";
    const area = document.createElement("div");
    area.className = "plot";
    c.append(h, ylabel, area, readout, note);
    return { card: c, title: t, area, readout, note, ylabel };
  }

  // join aligns the groups' rows on the union of their ticks.
  function join(gs, col) {
    const ticks = new Set();
    for (const g of gs) for (const r of g.rows) ticks.add(r.t);
    const x = Array.from(ticks).sort((a, b) => a - b);
    const at = new Map(x.map((t, i) => [t, i]));
    const data = [x];
    for (const g of gs) {
      const m = new Array(x.length).fill(null), lo = m.slice(), hi = m.slice();
      for (const r of g.rows) {
        const i = at.get(r.t);
        m[i] = r.m[col];
        lo[i] = r.lo[col];
        hi[i] = r.hi[col];
      }
      data.push(m, lo, hi);
    }
    return data;
  }

  function seriesFor(gs) {
    const series = [{ label: "week" }];
    const bands = [];
    gs.forEach((g, k) => {
      const base = 1 + 3 * k;
      series.push({ label: g.name, stroke: g.color, width: g.current ? 2.5 : 2, points: { show: false } });
      series.push({ label: g.name + " low", stroke: alpha(g.color, 0.35), width: 0.5, points: { show: false } });
      series.push({ label: g.name + " high", stroke: alpha(g.color, 0.35), width: 0.5, points: { show: false } });
      bands.push({ series: [base + 2, base + 1], fill: alpha(g.color, g.current ? 0.18 : 0.14) });
    });
    return { series, bands };
  }

  function readoutHook(ch, gs, xName, offset) {
    return (u) => {
      const i = u.cursor.idx;
      if (i === null || i === undefined) {
        ch.el.readout.textContent = "\u00a0";
        return;
      }
      const parts = [xName(u.data[0][i])];
      gs.forEach((g, k) => {
        const v = u.data[offset + 1 + 3 * k][i];
        if (v !== null && v !== undefined) parts.push(g.name + ": " + fmt(v));
      });
      ch.el.readout.textContent = parts.join(" · ");
    };
  }

  function makePlot(ch, gs, data, opts) {
    const { series, bands } = seriesFor(gs);
    if (opts.diagonal) {
      series.splice(1, 0, { label: "equality", stroke: "#9ca3af", dash: [6, 4], width: 1.5, points: { show: false } });
      for (const b of bands) b.series = b.series.map((s) => s + 1);
    }
    const o = {
      width: chartWidth(ch.el.area),
      height: 210,
      legend: { show: false },
      cursor: { sync: { key: opts.sync || "" }, points: { show: false } },
      scales: { x: { time: false, range: opts.xRange }, y: { range: opts.yRange } },
      axes: [
        { label: opts.xLabel, labelSize: 18, size: 36, stroke: "#374151", grid: { stroke: "#eceef1" } },
        { size: 46, stroke: "#374151", grid: { stroke: "#eceef1" }, values: (u, vs) => vs.map(tickText) },
      ],
      series,
      bands,
      hooks: { setCursor: [readoutHook(ch, gs, opts.xName, opts.diagonal ? 1 : 0)] },
    };
    ch.el.ylabel.textContent = "↑ " + opts.yLabel;
    if (ch.plot) ch.plot.destroy();
    ch.el.area.textContent = "";
    ch.plot = new uPlot(o, data, ch.el.area);
  }

  function queueDraw() {
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      draw();
    });
  }

  function draw() {
    const gs = groupsToDraw().filter((g) => g.rows.length || g.current);
    const sig = gs.map((g) => g.name + "|" + g.color).join(";");
    const planned = Number(values["run.ticks"]) || 1;
    const maxTicks = Math.max(1, run ? run.ticks : planned, ...pins.map((p) => (p.rows.length ? p.rows[p.rows.length - 1].t : 0)));
    charts.forEach((ch, col) => {
      const data = join(gs, col);
      const changedX = ch.maxTicks !== maxTicks;
      ch.maxTicks = maxTicks;
      if (ch.sig !== sig || !ch.plot) {
        makePlot(ch, gs, data, {
          xLabel: "week", yLabel: axisLabel(ch.spec), sync: "lab", xRange: () => [0, ch.maxTicks],
          yRange: (u, lo, hi) => yRange(ch.spec, lo, hi), xName: (t) => "week " + t,
        });
        ch.sig = sig;
      } else {
        ch.plot.setData(data);
        if (changedX) ch.plot.setScale("x", { min: 0, max: maxTicks });
      }
    });
    drawLorenz(gs);
    drawSurvival(gs, planned);
    renderLegend();
  }

  function yRange(spec, lo, hi) {
    if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
    if (spec.share) return [0, Math.max(1, hi)];
    const top = hi <= 0 ? 1 : hi * 1.08;
    return [Math.min(0, lo), top];
  }

  // drawLorenz draws each Lorenz chart: the curves of the groups that have
  // them, and a note naming those whose curve is empty (nothing returned to
  // anyone yet: the platform kept it all, or there was no revenue).
  function drawLorenz(gs) {
    for (const ch of lorenz) {
      const key = ch.spec.curve;
      const withCurves = gs.filter((g) => g.lorenz && g.lorenz[key]);
      const n = withCurves.length ? withCurves[0].lorenz[key].m.length : 101;
      const x = Array.from({ length: n }, (_, j) => j / (n - 1));
      const data = [x, x.slice()];
      for (const g of withCurves) {
        const c = g.lorenz[key];
        data.push(c.m, c.lo, c.hi);
      }
      const empty = withCurves.filter((g) => !g.lorenz[key].m.some((v) => v !== null));
      ch.el.note.hidden = empty.length === 0;
      ch.el.note.textContent = empty.length ? "No curve for " + empty.map((g) => g.name).join(", ") + ": nothing was returned to anyone." : "";
      const sig = withCurves.map((g) => g.name + "|" + g.color).join(";");
      const at = run && run.lorenz ? " — at week " + run.lorenz.t : "";
      ch.el.title.textContent = ch.spec.title + at;
      if (ch.sig !== sig || !ch.plot) {
        makePlot(ch, withCurves, data, {
          xLabel: ch.spec.xaxis, yLabel: ch.spec.axis, diagonal: true,
          xRange: [0, 1], yRange: [0, 1], xName: (p) => "bottom " + Math.round(p * 100) + "% of people",
        });
        ch.sig = sig;
      } else ch.plot.setData(data);
    }
  }

  // drawSurvival draws the finished groups' survival curves, from week 0
  // to the longest run's length.
  function drawSurvival(gs, planned) {
    const withCurves = gs.filter((g) => g.survival);
    const n = Math.max(2, ...withCurves.map((g) => g.survival.curve.m.length), withCurves.length ? 0 : planned + 1);
    const pad = (a) => a.concat(new Array(Math.max(0, n - a.length)).fill(null));
    const data = [Array.from({ length: n }, (_, t) => t)];
    for (const g of withCurves) {
      const c = g.survival.curve;
      data.push(pad(c.m), pad(c.lo), pad(c.hi));
    }
    const ch = survival;
    ch.el.note.hidden = withCurves.some((g) => g.current) || !gs.some((g) => g.current);
    ch.el.note.textContent = "This run's curve is drawn when it finishes.";
    const sig = withCurves.map((g) => g.name + "|" + g.color).join(";") + "|" + n;
    if (ch.sig !== sig || !ch.plot) {
      makePlot(ch, withCurves, data, {
        xLabel: ch.spec.xaxis, yLabel: ch.spec.axis, xRange: [0, n - 1], yRange: [0, 1],
        xName: (t) => "after " + t + (t === 1 ? " week" : " weeks"),
      });
      ch.sig = sig;
    } else ch.plot.setData(data);
  }

  function renderLegend() {
    const el = $("legend");
    el.textContent = "";
    const items = groupsToDraw();
    if (!items.length) {
      el.textContent = "Nothing drawn yet: press Go.";
      return;
    }
    for (const g of items) {
      const s = document.createElement("span");
      s.className = "item";
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = g.color;
      const txt = document.createElement("span");
      txt.textContent = g.current ? "this run: " + run.label : g.name;
      s.append(sw, txt);
      el.appendChild(s);
    }
    const note = document.createElement("span");
    note.className = "note";
    const reps = run ? run.replicates : pins.length ? pins[pins.length - 1].replicates : 5;
    note.textContent = "Line: mean of the " + reps + " replicates. Shaded: 95% confidence band of that mean.";
    el.appendChild(note);
  }

  // ---- run log and export ---------------------------------------------------
  async function refreshLog() {
    let entries;
    try {
      entries = (await api("GET", "api/log?session=" + session)).data;
    } catch (e) {
      return;
    }
    const head = $("log").tHead, body = $("log").tBodies[0];
    head.textContent = body.textContent = "";
    const hr = head.insertRow();
    const cols = ["#", "scenario", "changed settings", "seed", "replicates", "weeks", "status"].concat(info.results.map((m) => m.name.replace(/_/g, " ")));
    for (const c of cols) {
      const th = document.createElement("th");
      th.textContent = c;
      const m = info.results.find((r) => r.name.replace(/_/g, " ") === c);
      if (m) th.title = m.doc + (m.unit ? " (" + m.unit + ")" : "");
      hr.appendChild(th);
    }
    for (const e of entries.slice().reverse()) {
      const tr = body.insertRow();
      const cells = ["" + e.n, e.scenario, e.changes.join(", ") || "none", "" + e.seed, "" + e.replicates, e.reached + " of " + e.ticks, e.status];
      for (const m of info.results) {
        const r = (e.results || []).find((x) => x.name === m.name);
        cells.push(r ? fmt(r.mean) + (r.lo !== null ? " [" + fmt(r.lo) + ", " + fmt(r.hi) + "]" : "") : "");
      }
      cells.forEach((c, i) => {
        const td = tr.insertCell();
        td.textContent = c;
        if (i === 2) td.className = "changes";
        if (i === 3) td.title = "replicate seeds: " + e.seeds.join(" ");
      });
    }
    if (!entries.length) {
      const td = body.insertRow().insertCell();
      td.colSpan = cols.length;
      td.textContent = "No runs yet.";
    }
  }

  function download(blob, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  async function saveTOML() {
    try {
      const { data, res } = await api("POST", "api/export/toml", settings());
      const m = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
      const name = m ? m[1] : "scenario.toml";
      download(new Blob([data], { type: "application/toml" }), name);
      $("export-status").textContent = "Saved " + name + ". Run it with: commonsim run " + name + " (same seeds, same numbers).";
    } catch (e) {
      showErrors(e);
      $("export-status").textContent = "Not saved: " + e.message;
    }
  }

  async function runBatch() {
    $("export-status").textContent = "Running the batch…";
    $("run-batch").disabled = true;
    try {
      const { data } = await api("POST", "api/export/batch", settings());
      $("export-status").textContent = "Wrote the result set " + data.dir + " (" + data.runs + " runs; report: " + data.report + "). The scenario file is " + data.toml + ".";
    } catch (e) {
      showErrors(e);
      $("export-status").textContent = "Batch not run: " + e.message;
    } finally {
      $("run-batch").disabled = !info.export;
    }
  }

  // ---- start -------------------------------------------------------------------
  async function start() {
    try {
      info = (await api("GET", "api/info")).data;
    } catch (e) {
      setStatus("Could not load the lab: " + e.message, true);
      return;
    }
    $("version").textContent = info.version;
    const sel = $("scenario");
    for (const s of info.scenarios) {
      const o = document.createElement("option");
      o.value = s.id;
      o.textContent = s.origin === "built-in" ? s.name : s.name + " (file)";
      sel.appendChild(o);
    }
    $("replicates").max = info.limits.replicates;
    $("replicates").value = info.limits.defaultReplicates;
    $("speed").value = SPEEDS.indexOf(20);
    $("speed-text").textContent = speedText(Number($("speed").value));
    buildControls();
    buildCharts();
    pins = loadPins();
    renderPins();
    pickScenario(info.first);
    if (!info.export) {
      $("run-batch").disabled = true;
      $("run-batch").title = "Start the lab with `commonsim serve --export DIR` to run batches into DIR";
    }
    sel.addEventListener("change", () => pickScenario(sel.value));
    $("setup").addEventListener("click", setup);
    $("go").addEventListener("click", doGo);
    $("step").addEventListener("click", doStep);
    $("pause").addEventListener("click", doPause);
    $("reset").addEventListener("click", doReset);
    $("pin").addEventListener("click", pinRun);
    $("restore").addEventListener("click", () => {
      values = Object.assign({}, entry.values);
      showValues();
      scheduleCheck();
      updateStatus();
    });
    $("replicates").addEventListener("input", () => {
      scheduleCheck();
      updateStatus();
    });
    $("speed").addEventListener("input", async () => {
      $("speed-text").textContent = speedText(Number($("speed").value));
      if (run && !run.done && run.playing) await control("go");
      updateStatus();
    });
    $("save-toml").addEventListener("click", saveTOML);
    $("run-batch").addEventListener("click", runBatch);
    $("download-log").addEventListener("click", () => {
      const a = document.createElement("a");
      a.href = "api/log.csv?session=" + session;
      a.download = "commonsim-lab-log.csv";
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
    window.addEventListener("resize", () => {
      for (const ch of charts.concat(lorenz, [survival])) if (ch.plot) ch.plot.setSize({ width: chartWidth(ch.el.area), height: 210 });
    });
    draw();
    refreshLog();
    // Test hook for the browser test: how many points each group draws.
    window.commonsimLab = {
      drawn: () => charts.map((ch) => (ch.plot ? ch.plot.series.slice(1).filter((_, i) => i % 3 === 0).map((_, k) => ch.plot.data[1 + 3 * k].filter((v) => v !== null).length) : [])),
      state: () => (run ? { id: run.id, label: run.label, state: run.state, tick: run.tick, done: run.done, failed: run.failed } : null),
      pins: () => pins.length,
      // Points drawn per group on each curve chart: Lorenz of contribution, of benefit, survival.
      curves: () => lorenz.concat([survival]).map((ch, i) => {
        if (!ch.plot) return [];
        const out = [];
        for (let k = i < lorenz.length ? 2 : 1; k < ch.plot.data.length; k += 3) out.push(ch.plot.data[k].filter((v) => v !== null).length);
        return out;
      }),
    };
  }

  start();
})();
