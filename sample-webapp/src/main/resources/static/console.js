// The page's live console and load lab. Server-sent events only (no polling), charts drawn on plain canvases.
(() => {
  const $ = id => document.getElementById(id);
  const number = n => Number(n).toLocaleString('en');
  const colors = { coro: '#2a6fdb', callback: '#d9822b', blocking: '#3a9a4a' };

  // ---- live coroutines ----
  const rows = (table, entries) => {
    table.replaceChildren(...entries.map(([key, value]) => {
      const row = document.createElement('tr');
      for (const text of [key, value]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.appendChild(cell);
      }
      return row;
    }));
  };
  const live = new EventSource('/lab/coroutines');
  live.addEventListener('coroutines', message => {
    const c = JSON.parse(message.data);
    $('live-active').textContent = number(c.active);
    document.body.dataset.liveActive = c.active;
    $('live-started').textContent = number(c.started);
    $('live-completed').textContent = number(c.completed);
    $('live-failed').textContent = number(c.failed);
    $('live-cancelled').textContent = number(c.cancelled);
    rows($('live-states'), Object.entries(c.byState).map(([state, n]) => [state.toLowerCase(), number(n)]));
    rows($('live-awaiting'), c.awaiting.map(a => [a.what, number(a.count)]));
    $('live-oldest').textContent = c.oldest
      ? `${c.oldest.name}, ${(c.oldest.ageMillis / 1000).toFixed(1)} s, ${c.oldest.state.toLowerCase()}`
        + (c.oldest.awaiting ? `, awaiting ${c.oldest.awaiting}` : '')
      : 'none';
  });
  $('dump-button').addEventListener('click', async () => {
    const dump = await (await fetch('/actuator/coroutines')).json();
    const shown = dump.coroutines.slice(0, 200);
    const text = shown.map(c => `${c.name}  ${c.state}  ${c.age}${c.awaiting ? '  awaiting ' + c.awaiting : ''}\n`
      + c.stack.slice(0, 4).map(frame => `    at ${frame}`).join('\n')).join('\n\n');
    $('dump').textContent = `${dump.active} alive, ${dump.started} started, ${dump.completed} completed, `
      + `${dump.cancelled} cancelled, ${dump.failed} failed`
      + (dump.coroutines.length > shown.length ? ` (first ${shown.length} shown)` : '') + '\n\n' + text;
    $('dump').hidden = false;
  });

  // ---- load lab ----
  // The latest run of each variant, so that the three can be compared on the same axes.
  const runs = {};
  window.labRuns = runs;
  let current = null;

  const setState = state => {
    document.body.dataset.labState = state;
    $('lab-cancel').disabled = state !== 'running';
    $('lab-start').disabled = state === 'running';
  };
  setState('idle');

  fetch('/lab/bounds').then(r => r.json()).then(b => {
    $('lab-bounds').textContent = `at most ${number(b.maxRequests)} requests and ${number(b.maxConcurrency)} in flight.`;
    $('lab-requests').max = b.maxRequests;
    $('lab-concurrency').max = b.maxConcurrency;
  });

  $('lab-form').addEventListener('submit', async event => {
    event.preventDefault();
    $('lab-error').textContent = '';
    const body = {
      variant: $('lab-variant').value,
      endpoint: $('lab-endpoint').value,
      requests: Number($('lab-requests').value),
      concurrency: Number($('lab-concurrency').value),
      delayMillis: Number($('lab-delay').value),
    };
    const response = await fetch('/lab/runs', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      $('lab-error').textContent = `${response.status}: ${problem.detail ?? response.statusText}`;
      return;
    }
    const first = await response.json();
    current = first.run;
    runs[first.variant] = { run: first.run, endpoint: first.endpoint, points: [] };
    setState('running');
    showSources(first.endpoint, first.variant);
  });
  $('lab-cancel').addEventListener('click', () => fetch('/lab/runs/current', { method: 'DELETE' }));

  const progress = new EventSource('/lab/progress');
  progress.addEventListener('progress', message => {
    const p = JSON.parse(message.data);
    let series = runs[p.variant];
    if (!series || series.run !== p.run) {
      if (series && series.run > p.run) return; // an older run's last point
      series = runs[p.variant] = { run: p.run, endpoint: p.endpoint, points: [] };
    }
    const previous = series.points[series.points.length - 1];
    if (previous && p.seq <= previous.seq) return; // sent again after a reconnect
    const seconds = previous ? (p.elapsedMillis - previous.elapsedMillis) / 1000 : p.elapsedMillis / 1000;
    p.throughput = previous && seconds > 0 ? (p.done + p.errors - previous.done - previous.errors) / seconds : 0;
    series.points.push(p);
    if (current === null || p.run >= current) {
      current = p.run;
      $('lab-status').textContent = `#${p.run} ${p.variant} ${p.endpoint}: sent ${number(p.sent)}, in flight `
        + `${number(p.inFlight)}, done ${number(p.done)}, errors ${number(p.errors)}, p50 ${p.p50Millis.toFixed(1)} ms, `
        + `p99 ${p.p99Millis.toFixed(1)} ms, ${(p.elapsedMillis / 1000).toFixed(1)} s`
        + (p.errors ? ` (${Object.entries(p.errorCauses).map(([k, v]) => k + ': ' + v).join(', ')})` : '')
        + (p.finished ? (p.cancelled ? ' — cancelled' : ' — finished') : '');
      document.body.dataset.labRun = p.run;
      document.body.dataset.labPoints = series.points.length;
      document.body.dataset.labDone = p.done;
      document.body.dataset.labErrors = p.errors;
      setState(p.finished ? (p.cancelled ? 'cancelled' : 'finished') : 'running');
    }
    draw();
  });

  // ---- charts: one canvas per measure, one line per variant ----
  const chart = (canvas, lines) => {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || canvas.width, height = canvas.clientHeight || canvas.height;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    const left = 48, bottom = 22, top = 8, right = 8;
    const all = lines.flatMap(line => line.points);
    const maxX = Math.max(1, ...all.map(p => p[0]));
    const maxY = Math.max(1, ...all.map(p => p[1])) * 1.1;
    const x = v => left + (v / maxX) * (width - left - right);
    const y = v => height - bottom - (v / maxY) * (height - top - bottom);
    g.strokeStyle = '#eee'; g.fillStyle = '#666'; g.font = '10px sans-serif'; g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const value = (maxY / 4) * i;
      g.beginPath(); g.moveTo(left, y(value)); g.lineTo(width - right, y(value)); g.stroke();
      g.fillText(value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1), 2, y(value) + 3);
    }
    g.fillText(`${maxX.toFixed(1)} s`, width - right - 30, height - 6);
    g.fillText('0 s', left, height - 6);
    let drawn = 0;
    for (const line of lines) {
      g.strokeStyle = line.color; g.lineWidth = line.width;
      g.beginPath();
      line.points.forEach(([px, py], i) => (i ? g.lineTo(x(px), y(py)) : g.moveTo(x(px), y(py))));
      g.stroke();
      drawn += line.points.length;
    }
    canvas.dataset.points = drawn; // read by the browser test
  };

  const draw = () => {
    const entries = Object.entries(runs);
    const series = (key, width = 2) => entries.map(([variant, s]) => ({
      color: colors[variant], width,
      points: s.points.map(p => [p.elapsedMillis / 1000, p[key]]),
    }));
    chart($('chart-inflight'), series('inFlight'));
    chart($('chart-throughput'), series('throughput'));
    chart($('chart-latency'), [...series('p50Millis', 1), ...series('p99Millis', 3)]);
    $('lab-legend').replaceChildren(...entries.map(([variant, s]) => {
      const span = document.createElement('span');
      span.style.color = colors[variant];
      span.textContent = `■ ${variant} (run #${s.run}, ${s.endpoint}, ${s.points.length} points)`;
      return span;
    }));
  };

  // ---- the exercised handler, side by side ----
  const showSources = async (endpoint, variant) => {
    const sources = await (await fetch(`/lab/sources?endpoint=${endpoint}`)).json();
    for (const name of ['coro', 'callback', 'blocking']) {
      $(`code-${name}`).textContent = sources[name];
      $(`code-${name}`).classList.toggle('exercised', name === variant);
    }
  };
  $('lab-endpoint').addEventListener('change', () => showSources($('lab-endpoint').value, $('lab-variant').value));
  showSources('orders', 'coro');
})();
