// Gateway dashboard: plain ES module, no build step. Reads /api/*, listens on /events (SSE).
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const state = { boards: [], incidents: [], audio: null };

// WebAudio needs a user gesture before it may play; the button (or any click) unlocks it.
function unlockAudio() {
  if (!state.audio) state.audio = new AudioContext();
  state.audio.resume();
  $('sound').textContent = 'sound on';
}
$('sound').addEventListener('click', unlockAudio);

function beep() {
  const ctx = state.audio;
  if (!ctx || ctx.state !== 'running') return;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = 880;
  gain.gain.setValueAtTime(0.2, ctx.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 0.4);
}

/** Local east-north metres around the boards' centroid, fitted into the 600×600 view box. */
function projector(points) {
  const known = points.filter((p) => p.lat != null && p.lon != null);
  if (!known.length) return null;
  const lat0 = known.reduce((s, p) => s + p.lat, 0) / known.length;
  const lon0 = known.reduce((s, p) => s + p.lon, 0) / known.length;
  const k = 111_195;
  const en = (p) => ({ x: (p.lon - lon0) * k * Math.cos((lat0 * Math.PI) / 180), y: (p.lat - lat0) * k });
  const extent = Math.max(50, ...known.map((p) => { const e = en(p); return Math.max(Math.abs(e.x), Math.abs(e.y)); }));
  const scale = 250 / extent; // metres → px, leaving a margin
  return { scale, at: (p) => { const e = en(p); return { x: 300 + e.x * scale, y: 300 - e.y * scale }; } };
}

function el(name, attrs, text) {
  const n = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text) n.textContent = text;
  return n;
}

const statusClass = (s) => (s === 'online' ? 'online' : s === 'stale' ? 'stale' : 'offline');

function drawMap() {
  const svg = $('map');
  svg.replaceChildren();
  const proj = projector(state.boards);
  if (!proj) { svg.append(el('text', { x: 20, y: 30 }, 'no board positions known')); return; }
  for (const i of state.incidents.filter((x) => x.lat != null)) {
    const c = proj.at(i);
    svg.append(el('circle', { class: 'incident', cx: c.x, cy: c.y, r: Math.max(3, (i.errorM ?? 0) * proj.scale), 'data-incident': i.id }));
    svg.append(el('circle', { class: 'incident-centre', cx: c.x, cy: c.y, r: 2.5 }));
  }
  for (const b of state.boards.filter((x) => x.lat != null)) {
    const c = proj.at(b);
    svg.append(el('circle', { class: `board ${statusClass(b.status)}`, cx: c.x, cy: c.y, r: 7, 'data-board': b.id }));
    svg.append(el('text', { x: c.x + 10, y: c.y + 4 }, b.id));
  }
}

function drawBoards() {
  const body = $('boards').querySelector('tbody');
  body.replaceChildren(...state.boards.map((b) => {
    const tr = document.createElement('tr');
    const h = b.health ?? {};
    const cells = [b.id + (b.conflict ? ' ⚠ id conflict' : ''), b.status, b.modelHashOk === false ? `${b.modelHash} ≠ expected` : (b.modelHash ?? ''),
      h.queueDepth != null ? `${h.queueDepth}/${h.queueCapacity}` : '', h.droppedEvents ?? ''];
    cells.forEach((t, k) => {
      const td = document.createElement('td');
      td.textContent = String(t);
      if ((k === 0 && b.conflict) || (k === 2 && b.modelHashOk === false)) td.className = 'bad';
      tr.append(td);
    });
    return tr;
  }));
}

function alertItem(a) {
  const li = document.createElement('li');
  li.dataset.alert = a.alertId;
  const when = new Date(a.timeUs / 1000).toLocaleTimeString();
  li.textContent = `#${a.alertId} ${when} confidence ${(a.confidence * 100).toFixed(0)} % `;
  if (a.acknowledgedBy) { li.className = 'acked'; li.append(`(ack ${a.acknowledgedBy})`); return li; }
  li.className = 'new';
  const btn = document.createElement('button');
  btn.textContent = 'acknowledge';
  btn.onclick = async () => {
    const res = await fetch(`/api/alerts/${a.alertId}/ack`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: $('operator').value || 'operator' }),
    });
    if (res.ok || res.status === 409) { li.className = 'acked'; btn.remove(); }
  };
  li.append(btn);
  return li;
}

async function load() {
  const [b, i, v] = await Promise.all([
    fetch('/api/boards').then((r) => r.json()),
    fetch('/api/incidents?limit=50').then((r) => r.json()),
    fetch('/api/verification/latest').then((r) => (r.ok ? r.json() : null)),
  ]);
  state.boards = b.boards;
  state.incidents = i.incidents;
  $('alerts').replaceChildren(...state.incidents.filter((x) => x.alert).map((x) => alertItem({
    alertId: x.alert.id, timeUs: x.timeUs, confidence: x.confidence, acknowledgedBy: x.alert.acknowledgedBy,
  })));
  if (v) $('verification').textContent = `${v.board_id}: ${v.agree}/${v.clips} clips agree` +
    (v.max_score_diff != null ? `, max |Δscore| ${v.max_score_diff}` : '') + ` (${new Date(v.created_ms).toLocaleString()})`;
  drawMap();
  drawBoards();
}

let reloadTimer = null;
const reloadSoon = () => { if (!reloadTimer) reloadTimer = setTimeout(() => { reloadTimer = null; load(); }, 200); };

const events = new EventSource('/events');
events.onopen = () => { $('conn').textContent = 'live'; $('conn').classList.add('up'); };
events.onerror = () => { $('conn').textContent = 'reconnecting…'; $('conn').classList.remove('up'); };
events.addEventListener('alert', (e) => {
  const a = JSON.parse(e.data);
  $('alerts').prepend(alertItem(a));
  beep();
  reloadSoon();
});
for (const type of ['incident', 'board', 'alert-ack', 'verification']) events.addEventListener(type, reloadSoon);
document.addEventListener('click', () => { if (!state.audio) unlockAudio(); }, { once: true });
load();
setInterval(load, 5000);
