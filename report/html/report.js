// report.html: draws the report of a commonsim result set from the data
// embedded in the page (#report-data, written by report/html.go), with
// uPlot for the charts. Everything runs from file:// with no network.
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("report-data").textContent);
  const root = document.getElementById("report");
  for (const k of ["notes", "params", "compare", "scenarios", "groups", "key"]) D[k] = D[k] || [];
  // The colour-blind-safe palette of the figures (plots/style.go, Okabe–Ito).
  const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];
  const color = (gi) => PALETTE[gi % PALETTE.length];
  const dashed = (gi) => (gi >= PALETTE.length ? [6, 3] : undefined);
  const charts = {}; // id -> {plot, info} for the tests (window.commonsimReport)
  // Groups shown in the charts of groups: the first eight at first.
  const shown = new Set(D.groups.map((_, i) => i).filter((i) => i < 8));

  // ---- small helpers ----------------------------------------------------
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }
  const isNum = (v) => typeof v === "number" && isFinite(v);
  // decimals gives about three significant digits of ref, the largest
  // number shown beside v, so that a mean and its interval share decimals.
  function decimals(ref) {
    const a = Math.abs(ref);
    if (!isNum(a) || a === 0 || a >= 100) return 0;
    if (a >= 10) return 1;
    return Math.min(8, 2 - Math.floor(Math.log10(a)));
  }
  function fmt(v, ref) {
    if (v === null || v === undefined) return "n/a";
    if (!isNum(v)) return String(v);
    const d = decimals(ref === undefined ? v : ref);
    const s = v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
    return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
  }
  function fmtCI(m, lo, hi) {
    if (!isNum(m)) return "n/a";
    if (!isNum(lo) || !isNum(hi)) return fmt(m);
    const ref = Math.max(Math.abs(m), Math.abs(lo), Math.abs(hi));
    return fmt(m, ref) + " [" + fmt(lo, ref) + ", " + fmt(hi, ref) + "]";
  }
  const gname = (gi) => D.groups[gi].name;

  // CSV: a field is quoted when it holds a comma, a quote or a line break.
  function csvField(v) {
    if (v === null || v === undefined) return "NaN";
    const s = String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csvText(rows) {
    return rows.map((r) => r.map(csvField).join(",")).join("\n") + "\n";
  }
  // csvButton downloads the rows rows() returns (a header first) as name.
  function csvButton(name, rows) {
    return el("button", {
      class: "csv", type: "button", "data-csv": name, title: "Download the numbers of this view as CSV",
      onclick: () => {
        const url = URL.createObjectURL(new Blob([csvText(rows())], { type: "text/csv" }));
        const a = el("a", { href: url, download: name });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      },
    }, "Download CSV");
  }
  function section(id, title, ...kids) {
    const s = el("section", { id }, el("h2", { text: title }), ...kids);
    root.append(s);
    return s;
  }
  function select(id, options, value, onchange) {
    const s = el("select", { id, onchange: () => onchange(s.value) });
    for (const [v, text] of options) s.append(el("option", { value: v, text }));
    if (value !== undefined) s.value = value;
    return s;
  }
  function checkbox(id, text, checked, onchange) {
    const c = el("input", { type: "checkbox", id, checked, onchange: () => onchange(c.checked) });
    return el("label", { for: id }, c, text);
  }
  function chartWidth(area) {
    return Math.max(320, Math.min(1120, (area.clientWidth || root.clientWidth || 900) - 4));
  }
  function alpha(hex, a) {
    const n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  }
  const axisStyle = { stroke: "#374151", grid: { stroke: "#eceef1" }, ticks: { stroke: "#d1d5db" } };
  // axisSize fits the y axis to its longest tick label.
  function axisSize(u, values) {
    const longest = (values || []).reduce((n, v) => Math.max(n, String(v).length), 0);
    return Math.max(40, 14 + 7.5 * longest);
  }
  function tickText(v) {
    if (v === null) return "";
    const a = Math.abs(v);
    if (a >= 1e4) return v.toLocaleString("en-US", { maximumFractionDigits: 0 });
    return String(+v.toPrecision(4));
  }

  // union joins curves given as (x, y) pairs on the union of their x.
  function union(curves) {
    const xs = new Set();
    for (const c of curves) for (const x of c.x) if (x !== null) xs.add(x);
    const x = Array.from(xs).sort((a, b) => a - b);
    const at = new Map(x.map((v, i) => [v, i]));
    const ys = curves.map((c) =>
      c.ys.map((y) => {
        const out = new Array(x.length).fill(null);
        c.x.forEach((v, i) => { if (v !== null) out[at.get(v)] = y[i]; });
        return out;
      }));
    return { x, ys };
  }

  // drawChart replaces the chart in area: lines of the given series (each
  // {label, color, dash, y, lo, hi, points, width}) over x, with a 95% band
  // where lo and hi are given and bands is true. readout(i) says the values
  // under the cursor.
  function drawChart(id, area, readoutEl, spec) {
    const data = [spec.x];
    const series = [{ label: spec.xName || "x" }];
    const bands = [];
    for (const s of spec.series) {
      const i = data.length;
      data.push(s.y);
      const line = { label: s.label, stroke: s.color, width: s.width || 2, dash: s.dash, spanGaps: !!s.spanGaps, points: { show: false } };
      if (s.marks) line.points = { show: true, size: 6, stroke: s.color, fill: s.color };
      if (s.points) {
        line.paths = () => null;
        line.points = { show: true, size: s.points, stroke: s.color, fill: alpha(s.color, 0.55), width: 1 };
      }
      series.push(line);
      if (spec.bands && s.lo && s.hi) {
        data.push(s.lo, s.hi);
        series.push({ label: s.label + " low", stroke: alpha(s.color, 0.3), width: 0.5, points: { show: false } });
        series.push({ label: s.label + " high", stroke: alpha(s.color, 0.3), width: 0.5, points: { show: false } });
        bands.push({ series: [i + 2, i + 1], fill: alpha(s.color, 0.16) });
      }
    }
    const opts = {
      width: chartWidth(area),
      height: spec.height || 300,
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: true, y: false } },
      scales: { x: { time: false, range: spec.xRange }, y: Object.assign({ range: spec.yRange }, spec.yLog ? { distr: 3, log: 10 } : {}) },
      axes: [
        Object.assign({ label: spec.xLabel, labelSize: 20, size: 40, values: (u, vs) => vs.map(tickText) }, axisStyle),
        Object.assign({ size: axisSize, values: (u, vs) => vs.map(tickText) }, axisStyle),
      ],
      series,
      bands,
      hooks: {
        setCursor: [(u) => {
          const i = u.cursor.idx;
          readoutEl.textContent = i === null || i === undefined ? "\u00a0" : spec.readout(i);
        }],
      },
    };
    const old = charts[id];
    if (old && old.plot) old.plot.destroy();
    area.textContent = "";
    const plot = new uPlot(opts, data, area);
    const legend = el("div", { class: "legend" });
    const seen = new Set();
    for (const s of spec.series) {
      if (s.nolegend || seen.has(s.label)) continue;
      seen.add(s.label);
      legend.append(el("span", {}, el("span", { class: "swatch" + (s.points ? " dot" : ""), style: "background:" + s.color }), " " + s.label));
    }
    if (spec.bands && spec.series.some((s) => s.lo)) legend.append(el("span", { class: "muted", text: "shaded: 95% confidence interval of the mean" }));
    area.append(legend);
    charts[id] = { plot, info: spec.info || {} };
    readoutEl.textContent = spec.hint || "\u00a0";
    return plot;
  }

  function figure(id, caption) {
    const area = el("div", { class: "plot", id: id + "-plot" });
    const ylabel = el("p", { class: "ylabel" });
    const readout = el("div", { class: "readout", id: id + "-readout" }, "\u00a0");
    const f = el("figure", { class: "chart", id }, el("figcaption", { text: caption || "" }), ylabel, area, readout);
    return { fig: f, area, ylabel, readout, caption: f.firstChild };
  }

  // ---- header -------------------------------------------------------------
  function header() {
    root.append(el("h1", { text: D.title }));
    root.append(el("p", { class: "summary", text: D.summary + "." }));
    for (const n of D.notes || []) root.append(el("p", { class: "note", text: n }));
    root.append(el("p", { class: "muted" },
      "Each number is the mean over the runs of a group with its 95% confidence interval in brackets [low, high]: the range in which the true mean most likely lies. ",
      "Hover a chart to read its values; drag across it to zoom, double-click to zoom out. Every view has a ",
      el("b", { text: "Download CSV" }), " button for the numbers it shows."));
    const toc = el("nav", { class: "toc" });
    root.append(toc);
    return toc;
  }

  // ---- scenarios ------------------------------------------------------------
  function scenariosSection() {
    const t = el("table", { id: "scenario-table" },
      el("tr", {}, ...["scenario", "what it is", "runs per point", "sweep", "seed", "source"].map((h) => el("th", { text: h }))));
    for (const s of D.scenarios) {
      let sweep = "none";
      if (s.design) {
        sweep = s.design + (s.samples ? " (" + s.samples + " samples)" : "") + ", " + s.points.toLocaleString("en-US") + " points: " + s.factors.join("; ");
      }
      t.append(el("tr", {},
        el("td", {}, el("b", { text: s.name })), el("td", { text: s.description || "" }),
        el("td", { class: "num", text: String(s.replications) }), el("td", { text: sweep }),
        el("td", { class: "num", text: String(s.seed) }), el("td", { text: s.source })));
    }
    const kids = [el("div", { class: "scroll" }, t)];
    if (D.params_note) kids.push(el("p", { class: "note", text: D.params_note }));
    else if (D.params.length === 0) kids.push(el("p", { class: "muted", text: "The scenarios have the same parameters (manifest.json keeps them all, resolved_toml)." }));
    else {
      kids.push(el("h3", { text: D.scenarios.length > 1 ? "How their parameters differ" : "The parameters the sweep varies" }));
      const p = el("table", { id: "param-table" }, el("tr", {}, el("th", { text: "parameter" }), el("th", { text: "meaning" }),
        ...D.scenarios.map((s) => el("th", { class: "num", text: s.name }))));
      for (const q of D.params) {
        p.append(el("tr", {}, el("td", {}, el("code", { text: q.key })), el("td", { class: "doc", text: q.doc + (q.unit ? " (" + q.unit + ")" : "") }),
          ...q.values.map((v) => el("td", { class: "num", text: v }))));
      }
      kids.push(el("div", { class: "scroll" }, p));
      kids.push(el("p", { class: "muted", text: "Only the parameters that differ are listed; every parameter of each scenario is in manifest.json (resolved_toml)." }));
    }
    kids.push(csvButton("scenario-parameters.csv", () => {
      const rows = [["parameter", "meaning", "unit", ...D.scenarios.map((s) => s.name)]];
      for (const q of D.params) rows.push([q.key, q.doc, q.unit, ...q.values]);
      return rows;
    }));
    return section("scenarios", "Scenarios", ...kids);
  }

  // ---- key metrics ----------------------------------------------------------
  function cellText(c, runs) {
    if (runs === 0) return "no runs";
    if (c.n === 0 && c.inf > 0 && !c.nan) return "Inf in all " + runs + " runs";
    if (c.n === 0) return "undefined";
    let s = c.n === 1 ? fmt(c.mean) : fmtCI(c.mean, c.lo, c.hi);
    if (c.inf) s += " (Inf in " + c.inf + " of " + runs + ")";
    if (c.nan) s += " (undefined in " + c.nan + " of " + runs + ")";
    return s;
  }
  function keySection() {
    const gs = D.groups;
    let table;
    if (gs.length <= 4) {
      table = el("table", { id: "key-table" }, el("tr", {}, el("th", { text: "metric" }), ...gs.map((g, gi) =>
        el("th", { class: "num" }, el("span", { class: "swatch", style: "background:" + color(gi) }), " " + g.name))));
      for (const m of D.key) {
        table.append(el("tr", {}, el("td", { title: m.doc, text: m.label }), ...m.cells.map((c, gi) => el("td", { class: "num", text: cellText(c, gs[gi].runs) }))));
      }
    } else {
      table = el("table", { id: "key-table" }, el("tr", {}, el("th", { text: "group" }), el("th", { class: "num", text: "runs" }), ...D.key.map((m) => el("th", { class: "num", title: m.doc, text: m.label }))));
      gs.forEach((g, gi) => {
        table.append(el("tr", {}, el("td", { text: g.name }), el("td", { class: "num", text: String(g.runs) }), ...D.key.map((m) => el("td", { class: "num", text: cellText(m.cells[gi], g.runs) }))));
      });
    }
    const single = D.key.some((m) => m.cells.some((c) => c.n === 1));
    return section("key", "Key metrics",
      el("div", { class: "scroll" + (gs.length > 8 ? " tall" : "") }, table),
      single ? el("p", { class: "muted", text: "A number without an interval comes from a single run: one run gives no confidence interval." }) : null,
      el("p", { class: "muted", text: "Inf: the median tenure is infinite when more than half of the contributors are still active at the end of a run; undefined: the metric has no value (e.g. a share of revenue when nothing was returned). Hover a metric's name for what it measures. summary.csv has every summary metric." }),
      csvButton("key-metrics.csv", () => {
        const rows = [["scenario", "point", "group", "metric", "n", "mean", "ci95_low", "ci95_high", "sd", "median", "undefined_runs", "infinite_runs"]];
        for (const m of D.key) m.cells.forEach((c, gi) => {
          const g = gs[gi];
          rows.push([D.scenarios[g.scenario].name, g.point, g.name, m.name, c.n, c.mean, c.lo, c.hi, c.sd, c.median, c.nan || 0, c.inf || 0]);
        });
        return rows;
      }));
  }

  // ---- comparisons ----------------------------------------------------------
  function compareSection() {
    if (!D.compare.length) {
      if (D.groups.length > 8) {
        return section("compare", "Comparisons", el("p", { class: "muted", text: "With " + D.groups.length + " groups, comparing every pair says little: the sweep view below shows how the metrics change with the swept parameters, and comparison.csv compares every group with the first." }));
      }
      return null;
    }
    const pairs = [];
    for (const c of D.compare) if (!pairs.some((p) => p[0] === c.pair[0] && p[1] === c.pair[1])) pairs.push(c.pair);
    const body = el("div", { class: "scroll" });
    const caption = el("p", { class: "muted" });
    let cur = 0;
    function render() {
      const [a, b] = pairs[cur];
      caption.textContent = "Difference " + gname(b) + " − " + gname(a) + " with its 95% confidence interval (Welch). Bold: a clear difference (the interval excludes 0). Cliff's delta runs from −1 (every run of " + gname(b) + " below every run of " + gname(a) + ") to +1 (every run above); 0 means the runs overlap evenly.";
      const t = el("table", { id: "compare-table" }, el("tr", {}, ...["metric", gname(a), gname(b), gname(b) + " − " + gname(a), "Cliff's delta", "clear difference"].map((h, i) => el("th", { class: i ? "num" : "", text: h }))));
      for (const c of D.compare) {
        if (c.pair[0] !== a || c.pair[1] !== b) continue;
        const m = D.key[c.metric];
        const ca = m.cells[a], cb = m.cells[b];
        t.append(el("tr", { class: c.sig === 1 ? "clear" : "" }, el("td", { title: m.doc, text: m.label }),
          el("td", { class: "num", text: cellText(ca, D.groups[a].runs) }), el("td", { class: "num", text: cellText(cb, D.groups[b].runs) }),
          el("td", { class: "num", text: c.sig === -1 ? "n/a" : fmtCI(c.diff, c.lo, c.hi) }),
          el("td", { class: "num", text: c.sig === -1 ? "n/a" : fmt(c.delta, 1) }),
          el("td", { class: "num", text: c.sig === 1 ? "yes" : c.sig === 0 ? "no" : "cannot tell (fewer than 2 runs with a value)" })));
      }
      body.textContent = "";
      body.append(t);
    }
    const controls = el("div", { class: "controls" });
    if (pairs.length > 1) {
      controls.append(el("label", {}, "Compare ", select("compare-pair", pairs.map((p, i) => [String(i), gname(p[1]) + " with " + gname(p[0])]), "0", (v) => { cur = +v; render(); })));
    }
    controls.append(csvButton("comparisons.csv", () => {
      const rows = [["group_a", "group_b", "metric", "mean_a", "mean_b", "diff_b_minus_a", "ci95_low", "ci95_high", "cliffs_delta_b_vs_a", "significant"]];
      for (const c of D.compare) {
        const m = D.key[c.metric];
        rows.push([gname(c.pair[0]), gname(c.pair[1]), m.name, m.cells[c.pair[0]].mean, m.cells[c.pair[1]].mean, c.diff, c.lo, c.hi, c.delta, c.sig === -1 ? "NaN" : c.sig]);
      }
      return rows;
    }));
    render();
    return section("compare", "Comparisons", controls, caption, body,
      el("p", { class: "muted", text: "With many metrics and pairs, a few clear differences can appear by chance. comparison.csv compares every summary metric, with Cohen's d as a second effect size." }));
  }

  // ---- group toggles (shared by the charts of groups) ---------------------
  const redraws = [];
  function groupToggles(list) {
    const box = el("div", { class: "groups", id: "group-toggles" });
    for (const gi of list) {
      const id = "group-" + gi;
      const c = el("input", { type: "checkbox", id, "data-group": gi, checked: shown.has(gi), onchange: () => {
        if (c.checked) shown.add(gi); else shown.delete(gi);
        for (const r of redraws) r();
      } });
      box.append(el("label", { for: id }, c, el("span", { class: "swatch", style: "background:" + color(gi) }), D.groups[gi].name));
    }
    return box;
  }

  // ---- time series ----------------------------------------------------------
  function seriesSection() {
    const S = D.series;
    if (!S) return null;
    const f = figure("ts");
    let metric = Math.max(0, S.metrics.findIndex((m) => m.name === "active"));
    // Overlaid bands of many groups turn to mud: on at first for four
    // groups or fewer.
    let band = Array.from(shown).filter((gi) => S.groups.includes(gi)).length <= 4;
    const doc = el("p", { class: "doc" });
    function draw() {
      const m = S.metrics[metric];
      const ks = S.groups.map((gi, k) => k).filter((k) => shown.has(S.groups[k]));
      const j = union(ks.map((k) => { const b = S.data[metric][k]; return { x: b.t, ys: [b.m, b.lo, b.hi] }; }));
      f.caption.textContent = m.title;
      f.ylabel.textContent = "↑ " + m.label;
      doc.textContent = m.name + ": " + m.doc + ".";
      const series = ks.map((k, n) => ({ label: gname(S.groups[k]), color: color(S.groups[k]), dash: dashed(S.groups[k]), y: j.ys[n][0], lo: j.ys[n][1], hi: j.ys[n][2] }));
      drawChart("ts", f.area, f.readout, {
        x: j.x, xName: "week", xLabel: "week (tick)", series, bands: band,
        yRange: (u, lo, hi) => (m.bounded ? [0, 1] : m.from_zero ? [0, hi > 0 ? hi * 1.05 : 1] : [lo, hi]),
        readout: (i) => "week " + j.x[i] + " · " + series.map((s) => s.label + ": " + fmtCI(s.y[i], s.lo[i], s.hi[i])).join(" · "),
        hint: "Hover for the values: mean [95% interval].",
        info: { metric: m.name, groups: series.map((s) => s.label), points: j.x.length, bands: band ? series.length : 0 },
      });
    }
    redraws.push(draw);
    const opts = S.metrics.map((m, i) => [String(i), m.title + " (" + m.name + ")"]);
    const controls = el("div", { class: "controls" },
      el("label", {}, "Metric ", select("ts-metric", opts, String(metric), (v) => { metric = +v; draw(); })),
      checkbox("ts-band", "95% band", band, (v) => { band = v; draw(); }),
      csvButton("timeseries-mean.csv", () => {
        const m = S.metrics[metric];
        const rows = [["scenario", "point", "group", "metric", "tick", "mean", "ci95_low", "ci95_high"]];
        S.groups.forEach((gi, k) => {
          if (!shown.has(gi)) return;
          const b = S.data[metric][k], g = D.groups[gi];
          b.t.forEach((t, i) => rows.push([D.scenarios[g.scenario].name, g.point, g.name, m.name, t, b.m[i], b.lo[i], b.hi[i]]));
        });
        return rows;
      }));
    const notes = [];
    if (S.stride > 1) notes.push(el("p", { class: "muted", text: "To keep this page small, every " + S.stride + "th recorded tick is drawn (and the last); summary.csv has them all." }));
    if (D.groups.length > S.groups.length) notes.push(el("p", { class: "note", text: "This page carries the time series, Lorenz and survival curves of the first " + S.groups.length + " of the " + D.groups.length + " groups; summary.csv, lorenz.csv and survival.csv have them all." }));
    return section("over-time", "Over time", controls, doc, f.fig, ...notes,
      el("p", { class: "muted", text: "The line is the mean over the group's runs at each recorded week; the band its 95% confidence interval." }));
  }

  // ---- Lorenz and survival ----------------------------------------------------
  function lorenzSection() {
    const L = D.lorenz;
    if (!L) return null;
    const f = figure("lorenz");
    let q = 0, zoom = false;
    const note = el("p", { class: "note", hidden: true });
    const kinds = [
      { name: "contribution", title: "Who did the work", x: "share of everyone who ever joined, least contributing first", y: "share of all accepted work", empty: "no accepted work" },
      { name: "benefit", title: "Who got the returned revenue", x: "share of everyone who ever joined, least paid first", y: "share of all revenue returned to contributors", empty: "no revenue was returned to contributors" },
    ];
    function draw() {
      const ks = L.groups.map((gi, k) => k).filter((k) => shown.has(L.groups[k]));
      const j = union(ks.map((k) => ({ x: L.x[k], ys: [L.y[k][q]] })));
      const kind = kinds[q];
      f.caption.textContent = "Lorenz curve: " + kind.title + " (mean of the runs' curves)";
      f.ylabel.textContent = "↑ " + kind.y;
      const series = [{ label: "equality", color: "#9ca3af", dash: [6, 4], width: 1.5, y: j.x.slice() }];
      ks.forEach((k, n) => series.push({ label: gname(L.groups[k]), color: color(L.groups[k]), dash: dashed(L.groups[k]), y: j.ys[n][0] }));
      const empty = ks.filter((k) => L.empty[k][q]).map((k) => gname(L.groups[k]));
      note.hidden = empty.length === 0;
      note.textContent = "No curve for " + empty.join(", ") + ": " + kind.empty + ".";
      drawChart("lorenz", f.area, f.readout, {
        x: j.x, xLabel: kind.x + (zoom ? " (zoomed on the top 20%)" : ""), series,
        xRange: zoom ? [0.8, 1] : [0, 1],
        yRange: (u, lo, hi) => (zoom ? [0, 1] : [0, 1]),
        readout: (i) => "bottom " + fmt(j.x[i] * 100, 100) + "% of people · " + series.slice(1).map((s) => s.label + ": " + (s.y[i] === null ? "n/a" : fmt(s.y[i] * 100, 100) + "%")).join(" · "),
        hint: "The further below the diagonal, the more unequal. Hover for the share held by the bottom x%.",
        info: { curve: kind.name, groups: series.slice(1).map((s) => s.label), zoom },
      });
    }
    redraws.push(draw);
    const controls = el("div", { class: "controls" },
      el("label", {}, "Curve ", select("lorenz-kind", [["0", "contribution: who did the work"], ["1", "benefit: who got the returned revenue"]], "0", (v) => { q = +v; draw(); })),
      checkbox("lorenz-zoom", "zoom on the top 20% of people", false, (v) => { zoom = v; draw(); }),
      csvButton("lorenz-mean.csv", () => {
        const rows = [["scenario", "point", "group", "population_share", "contribution_share", "benefit_share"]];
        L.groups.forEach((gi, k) => {
          const g = D.groups[gi];
          L.x[k].forEach((x, i) => rows.push([D.scenarios[g.scenario].name, g.point, g.name, x, L.y[k][0][i], L.y[k][1][i]]));
        });
        return rows;
      }));
    return { controls, fig: f.fig, note };
  }
  function survivalPart() {
    const V = D.survival;
    if (!V) return null;
    const f = figure("survival", "How long contributors stay (mean of the runs' Kaplan–Meier curves)");
    // On a log scale at first: the few who stay a year or more, where the
    // groups differ most, are flat zeros on a linear one.
    let log = true;
    function draw() {
      const ks = V.groups.map((gi, k) => k).filter((k) => shown.has(V.groups[k]));
      const j = union(ks.map((k) => ({ x: V.x[k], ys: [V.y[k][0]] })));
      const series = ks.map((k, n) => ({
        label: gname(V.groups[k]), color: color(V.groups[k]), dash: dashed(V.groups[k]),
        y: log ? j.ys[n][0].map((v) => (v > 0 ? v : null)) : j.ys[n][0],
      }));
      f.ylabel.textContent = "↑ share still active" + (log ? " (log scale)" : "");
      drawChart("survival", f.area, f.readout, {
        x: j.x, xLabel: "weeks since joining", series, yLog: log,
        yRange: log ? undefined : [0, 1],
        readout: (i) => "after " + j.x[i] + " weeks · " + series.map((s) => s.label + ": " + (s.y[i] === null ? "n/a" : fmt(s.y[i] * 100, s.y[i] * 100) + "%")).join(" · "),
        hint: "Hover for the share of contributors still active t weeks after joining.",
        info: { groups: series.map((s) => s.label), log },
      });
    }
    redraws.push(draw);
    const controls = el("div", { class: "controls" },
      checkbox("survival-log", "log scale (shows the small shares that stay a year or more)", log, (v) => { log = v; draw(); }),
      csvButton("survival-mean.csv", () => {
        const rows = [["scenario", "point", "group", "tenure", "survival"]];
        V.groups.forEach((gi, k) => {
          const g = D.groups[gi];
          V.x[k].forEach((x, i) => rows.push([D.scenarios[g.scenario].name, g.point, g.name, x, V.y[k][0][i]]));
        });
        return rows;
      }));
    return { controls, fig: f.fig };
  }
  function curvesSection() {
    const lz = lorenzSection(), sv = survivalPart();
    if (!lz && !sv) return null;
    const cols = el("div", { class: "twocol" });
    if (lz) cols.append(el("div", {}, el("h3", { text: "Who does the work, who is paid" }), lz.controls, lz.fig, lz.note));
    if (sv) cols.append(el("div", {}, el("h3", { text: "Who stays" }), sv.controls, sv.fig));
    return section("curves", "Inequality and retention", cols);
  }

  // ---- sweeps ----------------------------------------------------------------
  function meanCI(xs) {
    const v = xs.filter(isNum);
    const n = v.length;
    if (n === 0) return { n, m: null, lo: null, hi: null };
    const m = v.reduce((a, b) => a + b, 0) / n;
    if (n < 2) return { n, m, lo: null, hi: null };
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) * (b - m), 0) / (n - 1));
    const t = D.t975[Math.min(n - 1, D.t975.length - 1)];
    const half = t * sd / Math.sqrt(n);
    return { n, m, lo: m - half, hi: m + half };
  }
  function sweepSection() {
    const W = D.sweep;
    if (!W) return null;
    const sampled = W.designs.some((d) => d !== "factorial");
    const f = figure("sweep");
    // keys are every swept parameter, numbers or words (roles.governance):
    // the x axis takes a numeric one (W.factors), the lines any other.
    const keys = [];
    for (const g of D.groups) for (const k of Object.keys(g.assign || {})) if (!keys.includes(k)) keys.push(k);
    const short = (k) => { const i = W.factors.indexOf(k); return i >= 0 ? W.short[i] : k.slice(k.lastIndexOf(".") + 1); };
    let metric = 0, xf = 0;
    let by = sampled ? -1 : keys.findIndex((k) => k !== W.factors[0]);
    const what = el("p", { class: "muted" });
    let rows = () => [];
    // Runs by group, and each group's mean of each key metric.
    const byGroup = D.groups.map(() => []);
    W.run_group.forEach((g, r) => byGroup[g].push(r));
    const value = (r) => W.values[r][metric];
    function drawFactorial() {
      // x: the levels of factor xf; a line per scenario and level of factor by.
      const xs = Array.from(new Set(W.levels.map((l) => l[xf]).filter(isNum))).sort((a, b) => a - b);
      const lines = new Map();
      D.groups.forEach((g, gi) => {
        const x = W.levels[gi][xf];
        if (!isNum(x)) return;
        const lv = by >= 0 ? (g.assign || {})[keys[by]] ?? "(not set)" : null;
        const key = (D.scenarios.length > 1 ? D.scenarios[g.scenario].name : "") + (by >= 0 ? (D.scenarios.length > 1 ? ", " : "") + short(keys[by]) + "=" + lv : "");
        if (!lines.has(key)) lines.set(key, { key, sort: [g.scenario, lv], runs: new Map() });
        const ln = lines.get(key);
        if (!ln.runs.has(x)) ln.runs.set(x, []);
        for (const r of byGroup[gi]) ln.runs.get(x).push(value(r));
      });
      const level = (v) => (v === null ? 0 : isNaN(+v) ? v : +v);
      const ls = Array.from(lines.values()).sort((a, b) => {
        const la = level(a.sort[1]), lb = level(b.sort[1]);
        return a.sort[0] - b.sort[0] || (typeof la === "number" && typeof lb === "number" ? la - lb : String(la).localeCompare(String(lb)));
      });
      const series = ls.map((ln, k) => {
        const st = xs.map((x) => meanCI(ln.runs.get(x) || []));
        return { label: ln.key || D.scenarios[0].name, color: color(k), dash: dashed(k), y: st.map((s) => s.m), lo: st.map((s) => s.lo), hi: st.map((s) => s.hi), n: st.map((s) => s.n), points: 0 };
      });
      const others = keys.filter((k, i) => k !== W.factors[xf] && i !== by).map(short);
      what.textContent = "Mean and 95% confidence interval of the runs at each value of " + W.short[xf] + (by >= 0 ? ", a line per value of " + short(keys[by]) : "") +
        (others.length ? "; pooled over " + others.join(", ") : "") + ".";
      rows = () => {
        const out = [["line", W.factors[xf], "metric", "n", "mean", "ci95_low", "ci95_high"]];
        for (const s of series) xs.forEach((x, i) => out.push([s.label, x, D.key[metric].name, s.n[i], s.y[i], s.lo[i], s.hi[i]]));
        return out;
      };
      return { x: xs, series: series.map((s) => Object.assign(s, { width: 2, marks: true })), bands: series.length <= 8, info: { view: "lines", lines: series.length } };
    }
    function drawSampled() {
      // One point per design point (the mean of its runs), and a smoother: the
      // mean of the points in ten bins of equal count along x.
      const sc = Array.from(new Set(D.groups.map((g) => g.scenario)));
      const pts = [];
      D.groups.forEach((g, gi) => {
        const x = W.levels[gi][xf];
        const st = meanCI(byGroup[gi].map(value));
        if (isNum(x) && st.m !== null) pts.push({ x, y: st.m, s: sc.indexOf(g.scenario), g: gi, n: st.n });
      });
      pts.sort((a, b) => a.x - b.x);
      const bins = [];
      // Ten bins of equal count, at least five points each; none below 15 points.
      let nb = Math.min(10, Math.floor(pts.length / 5));
      if (nb < 3) nb = 0;
      for (const s of sc.keys()) {
        const mine = pts.filter((p) => p.s === s);
        for (let b = 0; b < nb; b++) {
          const part = mine.slice(Math.floor(b * mine.length / nb), Math.floor((b + 1) * mine.length / nb));
          if (part.length) bins.push({ s, x: part.reduce((a, p) => a + p.x, 0) / part.length, y: part.reduce((a, p) => a + p.y, 0) / part.length });
        }
      }
      const x = Array.from(new Set(pts.map((p) => p.x).concat(bins.map((b) => b.x)))).sort((a, b) => a - b);
      const at = new Map(x.map((v, i) => [v, i]));
      const series = [];
      const multi = sc.length > 1;
      for (const s of sc.keys()) {
        // Points at the same x (a Morris grid repeats its levels) go to
        // separate layers: a series has one y per x.
        const layers = [];
        for (const p of pts) {
          if (p.s !== s) continue;
          const i = at.get(p.x);
          let k = 0;
          while (layers[k] && layers[k][i] !== null) k++;
          if (!layers[k]) layers[k] = new Array(x.length).fill(null);
          layers[k][i] = p.y;
        }
        const name = D.scenarios[sc[s]].name;
        for (const y of layers) series.push({ label: multi ? name : "design point", color: color(s), y, points: 6 });
        if (nb > 0) {
          const sm = new Array(x.length).fill(null);
          for (const b of bins) if (b.s === s) sm[at.get(b.x)] = b.y;
          series.push({ label: (multi ? name + ": " : "") + "binned mean", color: color(s), y: sm, width: 2.5, spanGaps: true });
        }
      }
      what.textContent = "Each dot is a design point (the mean of its runs)" + (nb ? "; the line is the mean of the points in " + nb + " bins of equal count along " + W.short[xf] : "") +
        ". The other factors vary too, so the scatter is wide where they matter.";
      rows = () => {
        const out = [["scenario", "point", ...W.factors, "metric", "n", "mean"]];
        for (const p of pts) out.push([D.scenarios[D.groups[p.g].scenario].name, D.groups[p.g].point, ...W.levels[p.g], D.key[metric].name, p.n, p.y]);
        return out;
      };
      return { x, series, bands: false, info: { view: "scatter", points: pts.length } };
    }
    function draw() {
      const v = sampled ? drawSampled() : drawFactorial();
      const m = D.key[metric];
      f.caption.textContent = m.label + " against " + W.short[xf];
      f.ylabel.textContent = "↑ " + m.label;
      const pad = v.x.length ? (v.x[v.x.length - 1] - v.x[0]) * 0.03 || 0.5 : 0;
      drawChart("sweep", f.area, f.readout, {
        x: v.x, xLabel: W.factors[xf], series: v.series, bands: v.bands,
        xRange: v.x.length ? [v.x[0] - pad, v.x[v.x.length - 1] + pad] : undefined,
        readout: (i) => W.short[xf] + " = " + fmt(v.x[i], v.x[i]) + " · " + v.series.filter((s) => s.y[i] !== null).map((s) => s.label + ": " + (s.lo ? fmtCI(s.y[i], s.lo[i], s.hi[i]) : fmt(s.y[i]))).join(" · "),
        hint: "Hover for the values.",
        info: Object.assign({ metric: m.name, factor: W.factors[xf] }, v.info),
      });
    }
    const controls = el("div", { class: "controls" },
      el("label", {}, "Metric ", select("sweep-metric", D.key.map((m, i) => [String(i), m.label]), "0", (v) => { metric = +v; draw(); })),
      el("label", {}, "against ", select("sweep-factor", W.factors.map((k, i) => [String(i), k]), "0", (v) => { xf = +v; if (keys[by] === W.factors[xf]) by = -1; byBox(); draw(); })));
    const bySel = el("span");
    function byBox() {
      bySel.textContent = "";
      if (sampled || keys.length < 2) return;
      const opts = [["-1", "none (pooled)"]].concat(keys.map((k, i) => [String(i), k]).filter((o) => keys[+o[0]] !== W.factors[xf]));
      bySel.append(el("label", {}, "a line per value of ", select("sweep-by", opts, String(by), (v) => { by = +v; draw(); })));
    }
    byBox();
    controls.append(bySel, csvButton("sweep-view.csv", () => rows()));
    const kids = [el("p", { class: "muted", text: "Design: " + W.designs.join(", ") + ". " + (sampled ? "A sampled design: every point sets every factor at once." : "A factorial design: every combination of the listed values.") }), controls, what, f.fig];
    if (W.omitted) kids.push(el("p", { class: "note", text: W.omitted + " runs beyond the first " + W.run_group.length + " are not in this page; runs.csv has them all." }));
    redraws.push(draw);
    return section("sweep", "Sweep: outputs against the swept parameters", ...kids);
  }

  // ---- sensitivity --------------------------------------------------------------
  const SVGNS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function sensitivitySection() {
    const R = D.sensitivity;
    if (!R || !R.length) return null;
    const keys = [];
    for (const r of R) if (!keys.some((k) => k.s === r.scenario && k.m === r.metric)) keys.push({ s: r.scenario, m: r.metric, d: r.design });
    let cur = Math.max(0, keys.findIndex((k) => k.m === "final_active"));
    const box = el("div", { id: "sens-chart" });
    const tbl = el("div", { class: "scroll" });
    const what = el("p", { class: "muted" });
    function draw() {
      const k = keys[cur];
      const rows = R.filter((r) => r.scenario === k.s && r.metric === k.m);
      const morris = k.d === "morris";
      const W = Math.min(900, Math.max(420, root.clientWidth - 20));
      box.textContent = "";
      tbl.textContent = "";
      if (morris) {
        what.textContent = "Morris elementary effects of each factor on " + k.m + ": μ* (mean absolute effect) says how much a factor matters, σ (spread of its effects) how much its effect depends on the other factors or is nonlinear. Factors far from the origin matter; above the diagonal σ = μ*, interactions dominate.";
        const H = 340, L = 64, B = 44, T = 12, Rm = 20;
        const mx = Math.max(...rows.map((r) => r.mu_star || 0), 1e-12) * 1.1, my = Math.max(...rows.map((r) => r.sigma || 0), 1e-12) * 1.1;
        const sx = (v) => L + (v / mx) * (W - L - Rm), sy = (v) => H - B - (v / my) * (H - B - T);
        const s = svg("svg", { width: W, height: H, role: "img", "aria-label": "Morris mu star against sigma" });
        s.append(svg("line", { x1: L, y1: H - B, x2: W - Rm, y2: H - B, stroke: "#9ca3af" }), svg("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#9ca3af" }));
        const m = Math.min(mx, my);
        s.append(svg("line", { x1: sx(0), y1: sy(0), x2: sx(m), y2: sy(m), stroke: "#d1d5db", "stroke-dasharray": "5 4" }));
        for (let i = 0; i <= 4; i++) {
          s.append(svg("text", { x: sx(mx * i / 4), y: H - B + 16, "text-anchor": "middle" }, tickText(+(mx * i / 4).toPrecision(3))));
          s.append(svg("text", { x: L - 6, y: sy(my * i / 4) + 4, "text-anchor": "end" }, tickText(+(my * i / 4).toPrecision(3))));
        }
        s.append(svg("text", { x: (L + W - Rm) / 2, y: H - 6, "text-anchor": "middle" }, "μ* (mean absolute elementary effect)"));
        s.append(svg("text", { x: 14, y: (T + H - B) / 2, transform: "rotate(-90 14 " + (T + H - B) / 2 + ")", "text-anchor": "middle" }, "σ"));
        rows.forEach((r, i) => {
          if (!isNum(r.mu_star) || !isNum(r.sigma)) return;
          s.append(svg("circle", { cx: sx(r.mu_star), cy: sy(r.sigma), r: 5, fill: color(i) }));
          const right = sx(r.mu_star) > W - 170;
          s.append(svg("text", { x: sx(r.mu_star) + (right ? -8 : 8), y: sy(r.sigma) - 6, "text-anchor": right ? "end" : "start" }, r.factor));
        });
        box.append(s);
        const t = el("table", { id: "sens-table" }, el("tr", {}, ...["factor", "μ*", "μ", "σ"].map((h, i) => el("th", { class: i ? "num" : "", text: h }))));
        for (const r of rows) t.append(el("tr", {}, el("td", { text: r.factor }), el("td", { class: "num", text: fmt(r.mu_star) }), el("td", { class: "num", text: fmt(r.mu) }), el("td", { class: "num", text: fmt(r.sigma) })));
        tbl.append(t);
      } else {
        what.textContent = "Sobol indices of each factor on " + k.m + ": first order S1 (the share of the output's variance the factor explains alone) and total ST (with all its interactions), with their 95% bootstrap intervals. ST much larger than S1 means interactions.";
        const L = 180, Rm = 24, rowH = 34, T = 10, B = 56, H = T + B + rows.length * rowH;
        const lo = Math.min(0, ...rows.map((r) => Math.min((r.first ?? 0) - (r.first_conf ?? 0), (r.total ?? 0) - (r.total_conf ?? 0))));
        const hi = Math.max(1, ...rows.map((r) => Math.max((r.first ?? 0) + (r.first_conf ?? 0), (r.total ?? 0) + (r.total_conf ?? 0))));
        const sx = (v) => L + ((v - lo) / (hi - lo)) * (W - L - Rm);
        const s = svg("svg", { width: W, height: H, role: "img", "aria-label": "Sobol indices" });
        for (let i = 0; i <= 4; i++) {
          const v = lo + (hi - lo) * i / 4;
          s.append(svg("line", { x1: sx(v), y1: T, x2: sx(v), y2: H - B, stroke: "#eceef1" }));
          s.append(svg("text", { x: sx(v), y: H - B + 16, "text-anchor": "middle" }, tickText(+v.toPrecision(3))));
        }
        s.append(svg("line", { x1: sx(0), y1: T, x2: sx(0), y2: H - B, stroke: "#9ca3af" }));
        rows.forEach((r, i) => {
          const y = T + i * rowH;
          s.append(svg("text", { x: L - 8, y: y + rowH / 2 + 4, "text-anchor": "end" }, r.factor));
          [["first", "first_conf", PALETTE[0], 4], ["total", "total_conf", PALETTE[1], 17]].forEach(([v, c, col, dy]) => {
            if (!isNum(r[v])) return;
            const x0 = sx(Math.min(0, r[v])), x1 = sx(Math.max(0, r[v]));
            s.append(svg("rect", { x: x0, y: y + dy, width: Math.max(1, x1 - x0), height: 11, fill: col, opacity: 0.8 }));
            if (isNum(r[c])) s.append(svg("line", { x1: sx(r[v] - r[c]), x2: sx(r[v] + r[c]), y1: y + dy + 5.5, y2: y + dy + 5.5, stroke: "#111827", "stroke-width": 1.5 }));
          });
        });
        s.append(svg("rect", { x: L, y: H - 15, width: 12, height: 10, fill: PALETTE[0] }), svg("text", { x: L + 16, y: H - 6 }, "first order S1"));
        s.append(svg("rect", { x: L + 130, y: H - 15, width: 12, height: 10, fill: PALETTE[1] }), svg("text", { x: L + 146, y: H - 6 }, "total ST"));
        s.append(svg("text", { x: L + 220, y: H - 6 }, "whiskers: 95% bootstrap interval"));
        box.append(s);
        const t = el("table", { id: "sens-table" }, el("tr", {}, ...["factor", "S1", "S1 ± (95%)", "ST", "ST ± (95%)"].map((h, i) => el("th", { class: i ? "num" : "", text: h }))));
        for (const r of rows) t.append(el("tr", {}, el("td", { text: r.factor }), el("td", { class: "num", text: fmt(r.first, 0.1) }), el("td", { class: "num", text: fmt(r.first_conf, 0.1) }), el("td", { class: "num", text: fmt(r.total, 0.1) }), el("td", { class: "num", text: fmt(r.total_conf, 0.1) })));
        tbl.append(t);
      }
      charts.sensitivity = { plot: null, info: { metric: k.m, design: k.d, factors: rows.length } };
    }
    const multi = new Set(keys.map((k) => k.s)).size > 1;
    const controls = el("div", { class: "controls" },
      el("label", {}, "Output ", select("sens-metric", keys.map((k, i) => [String(i), (multi ? k.s + ": " : "") + k.m]), String(cur), (v) => { cur = +v; draw(); })),
      csvButton("sensitivity-view.csv", () => {
        const k = keys[cur];
        const out = [["scenario", "design", "metric", "factor", "mu", "mu_star", "sigma", "first", "first_conf", "total", "total_conf"]];
        for (const r of R) if (r.scenario === k.s && r.metric === k.m) out.push([r.scenario, r.design, r.metric, r.factor, r.mu, r.mu_star, r.sigma, r.first, r.first_conf, r.total, r.total_conf]);
        return out;
      }));
    draw();
    return section("sensitivity", "Sensitivity (sensitivity.csv)", controls, what, box, tbl,
      el("p", { class: "muted", text: "Metrics that are undefined at some design point or constant have no indices: manifest.json lists them (sensitivity_skipped)." }));
  }

  // ---- report.md ------------------------------------------------------------
  // mdInline formats escaped text: **bold**, `code`, and images as links.
  function mdInline(s) {
    const esc = s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return esc
      .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (m, alt, src) => '<a href="' + src.replace(/"/g, "&quot;") + '">' + (alt || src) + "</a>")
      .replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>")
      .replace(/`([^`]+)`/g, "<code>$1</code>");
  }
  function markdown(text) {
    const out = el("div", { class: "md-body" });
    const lines = text.split("\n");
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      if (/^#{1,6} /.test(line)) {
        const n = line.match(/^#+/)[0].length;
        const h = document.createElement("h" + Math.min(6, n + 1));
        h.innerHTML = mdInline(line.slice(n + 1));
        out.append(h);
        i++;
      } else if (line.startsWith("|")) {
        const t = el("table");
        for (; i < lines.length && lines[i].startsWith("|"); i++) {
          if (/^\|[-|: ]+\|$/.test(lines[i])) continue;
          const cells = lines[i].slice(1, -1).split(/(?<!\\)\|/);
          const tr = el("tr");
          for (const c of cells) { const td = el(t.rows.length ? "td" : "th"); td.innerHTML = mdInline(c.trim().replace(/\\\|/g, "|")); tr.append(td); }
          t.append(tr);
        }
        out.append(el("div", { class: "scroll" }, t));
      } else if (/^[-*] /.test(line)) {
        const ul = el("ul");
        for (; i < lines.length && /^[-*] /.test(lines[i]); i++) { const li = el("li"); li.innerHTML = mdInline(lines[i].slice(2)); ul.append(li); }
        out.append(ul);
      } else if (line.trim() === "") {
        i++;
      } else {
        const para = [];
        for (; i < lines.length && lines[i].trim() !== "" && !/^(#{1,6} |\||[-*] )/.test(lines[i]); i++) para.push(lines[i]);
        const p = el("p");
        p.innerHTML = mdInline(para.join(" "));
        out.append(p);
      }
    }
    return out;
  }
  function mdSection() {
    if (!D.report_md) return null;
    return section("text", "The text report",
      el("details", { class: "md" }, el("summary", { text: "report.md, as written beside this page" }), markdown(D.report_md)));
  }

  // ---- the page ----------------------------------------------------------------
  const toc = header();
  const parts = [scenariosSection(), keySection(), compareSection()];
  const curveGroups = D.series ? D.series.groups : D.lorenz ? D.lorenz.groups : D.survival ? D.survival.groups : [];
  if (curveGroups.length) {
    section("groups", "Groups in the charts", el("p", { class: "muted", text: "Switch groups on and off in the time series, Lorenz and survival charts." }), groupToggles(curveGroups));
  }
  parts.push(seriesSection(), curvesSection(), sweepSection(), sensitivitySection(), mdSection());
  for (const s of root.querySelectorAll("section")) {
    if (s.id === "groups") continue;
    toc.append(el("a", { href: "#" + s.id, text: s.querySelector("h2").textContent }));
  }
  root.append(el("footer", {}, "Written by " + D.engine + " from the files of this result set (manifest.json, runs.csv, timeseries.csv, lorenz.csv, survival.csv" + (D.sensitivity ? ", sensitivity.csv" : "") + "); started " + D.started + ". ",
    "Charts drawn with uPlot (MIT licence). This page needs no network."));
  for (const r of redraws) r();
  let resizeTimer = 0;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { for (const r of redraws) r(); }, 150);
  });
  // For the browser test (report/html_test.go) and the curious.
  window.commonsimReport = {
    ready: true,
    chart: (id) => {
      const c = charts[id];
      if (!c) return null;
      const p = c.plot;
      // data: each series' number of values and their sum, to tell two charts apart.
      const data = p ? p.data.slice(1).map((s) => { const v = s.filter(isNum); return v.length + ":" + +v.reduce((a, b) => a + b, 0).toPrecision(6); }) : [];
      return Object.assign({ series: p ? p.series.length : 0, length: p ? p.data[0].length : 0, data }, c.info);
    },
    shown: () => Array.from(shown).sort((a, b) => a - b),
    // hover puts the cursor at a fraction of chart id's width, as a mouse
    // would, and returns what the readout then says.
    hover: (id, frac) => {
      const p = charts[id] && charts[id].plot;
      if (!p) return "";
      p.setCursor({ left: frac * p.bbox.width / devicePixelRatio, top: p.bbox.height / devicePixelRatio / 2 });
      return document.getElementById(id + "-readout").textContent;
    },
  };
})();
