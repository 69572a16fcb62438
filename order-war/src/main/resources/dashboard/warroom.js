// The war room's page: one EventSource on /dashboard/events, a history event first, then a tick every second.
// Plain DOM and canvas, no library: the page works on a machine without internet.
"use strict";
(function () {
  const BASE = "/dashboard";
  const HISTORY = 300;
  const OUTCOMES = ["accepted", "429", "503", "sold_out", "4xx", "5xx"];
  let points = [];
  let source = null;

  const $ = (id) => document.getElementById(id);
  const text = (id, value) => { $(id).textContent = value === null || value === undefined ? "-" : String(value); };
  const cell = (value, field, total) => {
    const td = document.createElement("td");
    td.textContent = value === null || value === undefined ? "-" : String(value);
    if (field) td.dataset.field = field;
    if (total !== undefined) td.dataset.total = String(total);
    return td;
  };
  const time = (iso) => iso ? new Date(iso).toLocaleTimeString() : "-";

  function status(state) {
    $("status").textContent = state;
    $("status").className = state;
  }

  function connect() {
    if (source) source.close();
    status("connecting");
    source = new EventSource(BASE + "/events");
    source.addEventListener("history", (e) => {
      points = JSON.parse(e.data).points.slice(-HISTORY);
      status("live");
      draw();
    });
    source.addEventListener("tick", (e) => {
      status("live");
      render(JSON.parse(e.data));
    });
    source.onerror = () => {
      status("lost");
      // The browser retries by itself; a refused stream (401/403) closes it, and then the token is asked for.
      if (source.readyState === EventSource.CLOSED) askForToken();
    };
  }

  function askForToken() {
    fetch(BASE + "/access").then((r) => r.json()).then((a) => {
      if (a.access === "admin") $("login").hidden = false;
      else setTimeout(connect, 2000);
    }).catch(() => setTimeout(connect, 2000));
  }

  $("login").addEventListener("submit", (e) => {
    e.preventDefault();
    fetch(BASE + "/session", { method: "POST", headers: { Authorization: "Bearer " + $("token").value } })
      .then((r) => {
        if (r.ok) { $("login").hidden = true; $("token").value = ""; connect(); }
        else status(r.status === 403 ? "token refused" : "token needed");
      });
  });

  function render(s) {
    text("tick-at", time(s.at));
    text("oversell", s.oversell_count);
    $("oversell-banner").className = s.oversell_count > 0 ? "loud" : "ok";
    if (s.oversell_count > 0) $("oversell-banner").firstChild.textContent = "OVERSOLD: units sold beyond stock ";

    const sales = $("sales").tBodies[0];
    sales.replaceChildren(...s.sales.map((sale) => {
      const tr = document.createElement("tr");
      tr.dataset.sale = sale.sale_id;
      tr.append(cell(sale.sale_id + (sale.stale ? " (stale)" : "")), cell(sale.state, "state"), cell(sale.total, "total"),
        cell(sale.available, "available"), cell(sale.reserved, "reserved"), cell(sale.sold, "sold"),
        cell(sale.depletion_per_s, "depletion"), cell(time(sale.sold_out_at), "sold_out_at"), cell(sale.oversold, "oversold"));
      if (sale.oversold > 0) tr.style.background = "#b00020";
      return tr;
    }));

    const endpoints = $("endpoints").tBodies[0];
    endpoints.replaceChildren(...s.endpoints.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.endpoint = row.endpoint;
      tr.append(cell(row.endpoint));
      OUTCOMES.forEach((o) => tr.append(cell(row.per_s[o], o, row.total[o])));
      const refused = OUTCOMES.slice(1).reduce((sum, o) => sum + row.total[o], 0);
      tr.append(cell(row.total.accepted, "accepted_total"), cell(refused, "refused_total"), cell(row.p95_ms, "p95_ms"));
      return tr;
    }));

    const q = s.queue;
    text("queue-visible", q.visible); text("queue-in-flight", q.in_flight);
    text("queue-dead-lettered", q.dead_lettered); text("queue-oldest", q.oldest_age_s);
    text("queue-problem", q.problem || (q.oldest_age_s === null ? "oldest age: the processor took no order in the last 2 s, or does not report" : ""));

    const w = s.workers;
    text("workers-busy", w.busy); text("workers-pool", w.pool); text("workers-target", w.target);
    text("workers-mode", w.auto === undefined ? null : (w.auto ? "auto" : "fixed"));
    text("workers-problem", w.problem);

    ["processor", "sync"].forEach((owner) => {
      const figures = s.payments[owner];
      document.querySelectorAll('#payments td[data-owner="' + owner + '"]').forEach((td) => {
        const v = figures[td.dataset.field];
        td.textContent = v === null || v === undefined ? "-" : String(v);
      });
    });

    points.push(s.point);
    if (points.length > HISTORY) points.shift();
    draw();
  }

  function draw() {
    chart("chart-requests", [["accepted", "#3ecf8e"], ["refused", "#ff5c5c"]]);
    chart("chart-payments", [["payments", "#4dabf7"], ["failures", "#ff5c5c"]]);
    chart("chart-queue", [["visible", "#f0b429"], ["in_flight", "#b197fc"]]);
  }

  // A line per series over the last five minutes; the y axis from 0 to the largest value shown.
  function chart(id, series) {
    const canvas = $(id);
    const ratio = window.devicePixelRatio || 1;
    canvas.width = canvas.clientWidth * ratio;
    canvas.height = canvas.clientHeight * ratio;
    const g = canvas.getContext("2d");
    g.scale(ratio, ratio);
    const w = canvas.clientWidth, h = canvas.clientHeight, pad = 18;
    g.clearRect(0, 0, w, h);
    let max = 1;
    points.forEach((p) => series.forEach(([key]) => { if (typeof p[key] === "number") max = Math.max(max, p[key]); }));
    g.fillStyle = "#9fb3c8"; g.font = "11px system-ui";
    g.fillText(String(Math.round(max * 100) / 100), 4, 12);
    g.fillText("0", 4, h - 4);
    const now = points.length ? points[points.length - 1].t : Date.now();
    const x = (t) => pad + (w - 2 * pad) * (1 - (now - t) / (HISTORY * 1000));
    const y = (v) => h - pad + (2 * pad - h) * (v / max);
    series.forEach(([key, color]) => {
      g.strokeStyle = color; g.lineWidth = 1.5; g.beginPath();
      let drawing = false;
      points.forEach((p) => {
        if (typeof p[key] !== "number") { drawing = false; return; }
        if (drawing) g.lineTo(x(p.t), y(p[key])); else g.moveTo(x(p.t), y(p[key]));
        drawing = true;
      });
      g.stroke();
    });
  }

  connect();
})();
