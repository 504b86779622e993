// VAE latent-space explorer: plain JavaScript, no build step, no third-party code. Talks to the /v1 API of the
// same server. Every request failure is shown in the status line (never thrown to the console).
'use strict';

(() => {
  const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const SIZE = 560;                       // logical size of the map canvas (CSS pixels)
  const PLOT = { left: 44, top: 12, size: 500 };
  const PAD_SIZE = 280;                   // drawing pad resolution (10× MNIST)
  const INTERP_STEPS = 11;

  const $ = (id) => document.getElementById(id);
  const map = $('map');
  const mapCtx = map.getContext('2d');
  const base = document.createElement('canvas');
  const baseCtx = base.getContext('2d');

  const state = {
    latentDim: 2,
    points: null,                         // { x: Float32Array, y: Float32Array, labels: Uint8Array }
    visible: new Array(10).fill(true),
    range: 4,                             // the plot shows [-range, range] on both axes
    probe: null,                          // pinned latent code (full length)
    probeHow: '',                         // how it was pinned, for the readout
    hover: null,                          // latent code under the mouse, or null
    shown: null,                          // code whose decoding is on screen
    a: null,
    b: null,
    nextEnd: 'a',
    frames: null,                         // { z: number[][], images: number[][] }
    frame: 0,
    drawn: null,                          // μ of the drawn digit
    samples: [],
    decode: { busy: false, wanted: null },
    padSeq: 0,
    renderQueued: false,
  };

  // ---------- API ----------

  const status = $('status');
  function showError(message) {
    status.textContent = message;
    status.classList.add('error');
  }
  function showInfo(message) {
    status.textContent = message;
    status.classList.remove('error');
  }

  async function api(path, body, contentType) {
    const init = body === undefined ? {} : {
      method: 'POST',
      headers: { 'Content-Type': contentType || 'application/json' },
      body: contentType ? body : JSON.stringify(body),
    };
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      showError(`Cannot reach the server (${e.message}).`);
      return null;
    }
    if (!response.ok) {
      let message = `${response.status} ${response.statusText}`;
      try {
        const problem = await response.json();
        message = `${problem.title || message}: ${problem.detail || ''}`;
      } catch {
        // not problem+json: keep the status line
      }
      showError(message);
      return null;
    }
    if (status.classList.contains('error')) {
      showInfo('');
    }
    return response.json();
  }

  // ---------- helpers ----------

  const fmt = (v) => (v < 0 ? '−' : '') + Math.abs(v).toFixed(2);
  const fmtZ = (z) => {
    const shown = z.slice(0, 4).map(fmt).join(', ');
    return `(${shown}${z.length > 4 ? `, … ${z.length - 4} more` : ''})`;
  };
  const zeros = () => new Array(state.latentDim).fill(0);

  function drawDigit(canvas, pixels) {
    const ctx = canvas.getContext('2d');
    const image = ctx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(Math.min(1, Math.max(0, pixels[i])) * 255);
      image.data[i * 4] = v;
      image.data[i * 4 + 1] = v;
      image.data[i * 4 + 2] = v;
      image.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }

  function clearDigit(canvas) {
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 28, 28);
  }

  // ---------- map geometry ----------

  const toPx = (x, y) => [
    PLOT.left + ((x + state.range) / (2 * state.range)) * PLOT.size,
    PLOT.top + ((state.range - y) / (2 * state.range)) * PLOT.size,
  ];

  function fromPx(px, py) {
    const clamp = (v) => Math.max(-state.range, Math.min(state.range, v));
    return [
      clamp(((px - PLOT.left) / PLOT.size) * 2 * state.range - state.range),
      clamp(state.range - ((py - PLOT.top) / PLOT.size) * 2 * state.range),
    ];
  }

  function codeFromEvent(event) {
    const rect = map.getBoundingClientRect();
    const [x, y] = fromPx((event.clientX - rect.left) * SIZE / rect.width, (event.clientY - rect.top) * SIZE / rect.height);
    const z = zeros();
    z[0] = x;
    if (state.latentDim > 1) z[1] = y;
    return z;
  }

  function fitRange(points) {
    // Half-width covering 99.5% of the points on both axes (+10%), at least 3: outliers do not squash the map.
    const abs = [];
    for (let i = 0; i < points.x.length; i++) abs.push(Math.max(Math.abs(points.x[i]), Math.abs(points.y[i])));
    abs.sort((p, q) => p - q);
    const q = abs.length ? abs[Math.min(abs.length - 1, Math.floor(abs.length * 0.995))] : 3;
    return Math.max(3, Math.ceil(q * 1.1 * 2) / 2);
  }

  // ---------- rendering ----------

  function setupCanvas() {
    const dpr = window.devicePixelRatio || 1;
    for (const canvas of [map, base]) {
      canvas.width = Math.round(SIZE * dpr);
      canvas.height = Math.round(SIZE * dpr);
    }
    mapCtx.setTransform(dpr, 0, 0, dpr, 0, 0);
    baseCtx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  function renderBase() {
    const ctx = baseCtx;
    ctx.clearRect(0, 0, SIZE, SIZE);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, SIZE, SIZE);
    const r = state.range;
    const step = r > 6 ? 2 : 1;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let t = -Math.floor(r / step) * step; t <= r + 1e-9; t += step) {
      const [gx] = toPx(t, 0);
      const [, gy] = toPx(0, t);
      ctx.strokeStyle = t === 0 ? '#b8bec6' : '#eceff2';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(gx, PLOT.top);
      ctx.lineTo(gx, PLOT.top + PLOT.size);
      ctx.moveTo(PLOT.left, gy);
      ctx.lineTo(PLOT.left + PLOT.size, gy);
      ctx.stroke();
      ctx.fillStyle = '#5b6470';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(String(t), gx, PLOT.top + PLOT.size + 4);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText(String(t), PLOT.left - 6, gy);
    }
    ctx.strokeStyle = '#9aa3ad';
    ctx.strokeRect(PLOT.left, PLOT.top, PLOT.size, PLOT.size);
    ctx.fillStyle = '#1c1f24';
    ctx.font = 'italic 12px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText('z₁ →', PLOT.left + PLOT.size, SIZE - 2);
    ctx.save();
    ctx.translate(12, PLOT.top + 40);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(state.latentDim > 1 ? 'z₂ →' : '(1-D latent)', 0, 0);
    ctx.restore();

    const points = state.points;
    if (!points || points.x.length === 0) {
      ctx.fillStyle = '#5b6470';
      ctx.font = '13px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('No test-set points (see the note above).', PLOT.left + PLOT.size / 2, PLOT.top + PLOT.size / 2);
      return;
    }
    ctx.save();
    ctx.beginPath();
    ctx.rect(PLOT.left, PLOT.top, PLOT.size, PLOT.size);
    ctx.clip();
    ctx.globalAlpha = 0.6;
    for (let digit = 0; digit < 10; digit++) {
      if (!state.visible[digit]) continue;
      ctx.fillStyle = COLORS[digit];
      ctx.beginPath();
      for (let i = 0; i < points.x.length; i++) {
        if (points.labels[i] !== digit) continue;
        const [px, py] = toPx(points.x[i], points.y[i]);
        ctx.moveTo(px + 1.8, py);
        ctx.arc(px, py, 1.8, 0, 2 * Math.PI);
      }
      ctx.fill();
    }
    ctx.restore();
  }

  function marker(ctx, z, draw) {
    const [px, py] = toPx(z[0], state.latentDim > 1 ? z[1] : 0);
    draw(px, py);
  }

  function renderMap() {
    state.renderQueued = false;
    const ctx = mapCtx;
    ctx.clearRect(0, 0, SIZE, SIZE);
    ctx.drawImage(base, 0, 0, SIZE, SIZE);
    ctx.save();
    ctx.beginPath();
    ctx.rect(PLOT.left - 8, PLOT.top - 8, PLOT.size + 16, PLOT.size + 16);
    ctx.clip();

    for (const z of state.samples) {
      marker(ctx, z, (x, y) => {
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.arc(x, y, 5, 0, 2 * Math.PI);
        ctx.stroke();
      });
    }

    if (state.a && state.b) {
      const [ax, ay] = toPx(state.a[0], state.latentDim > 1 ? state.a[1] : 0);
      const [bx, by] = toPx(state.b[0], state.latentDim > 1 ? state.b[1] : 0);
      ctx.setLineDash([5, 4]);
      ctx.strokeStyle = '#1c1f24';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      ctx.stroke();
      ctx.setLineDash([]);
      if (state.frames) {
        marker(ctx, state.frames.z[state.frame], (x, y) => {
          ctx.fillStyle = '#1f5fbf';
          ctx.strokeStyle = '#fff';
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.arc(x, y, 6, 0, 2 * Math.PI);
          ctx.fill();
          ctx.stroke();
        });
      }
    }
    for (const [name, z] of [['A', state.a], ['B', state.b]]) {
      if (!z) continue;
      marker(ctx, z, (x, y) => {
        ctx.fillStyle = '#1c1f24';
        ctx.beginPath();
        ctx.arc(x, y, 9, 0, 2 * Math.PI);
        ctx.fill();
        ctx.fillStyle = '#fff';
        ctx.font = 'bold 11px system-ui, sans-serif';
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(name, x, y + 0.5);
      });
    }

    if (state.drawn) {
      marker(ctx, state.drawn, (x, y) => {
        ctx.fillStyle = '#fff';
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(x, y - 9);
        ctx.lineTo(x + 9, y);
        ctx.lineTo(x, y + 9);
        ctx.lineTo(x - 9, y);
        ctx.closePath();
        ctx.fill();
        ctx.stroke();
      });
    }

    if (state.hover) {
      marker(ctx, state.hover, (x, y) => {
        ctx.strokeStyle = 'rgba(0,0,0,0.55)';
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.arc(x, y, 7, 0, 2 * Math.PI);
        ctx.stroke();
      });
    }
    if (state.probe) {
      marker(ctx, state.probe, (x, y) => {
        ctx.lineWidth = 4;
        ctx.strokeStyle = '#fff';
        crosshair(ctx, x, y);
        ctx.lineWidth = 2;
        ctx.strokeStyle = '#000';
        crosshair(ctx, x, y);
      });
    }
    ctx.restore();
  }

  function crosshair(ctx, x, y) {
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, 2 * Math.PI);
    ctx.moveTo(x - 14, y);
    ctx.lineTo(x - 4, y);
    ctx.moveTo(x + 4, y);
    ctx.lineTo(x + 14, y);
    ctx.moveTo(x, y - 14);
    ctx.lineTo(x, y - 4);
    ctx.moveTo(x, y + 4);
    ctx.lineTo(x, y + 14);
    ctx.stroke();
  }

  function scheduleRender() {
    if (!state.renderQueued) {
      state.renderQueued = true;
      requestAnimationFrame(renderMap);
    }
  }

  // ---------- live decoding at the probe (one request in flight, latest position wins) ----------

  function decodeAt(z, how) {
    state.decode.wanted = { z: z.slice(), how };
    pumpDecode();
  }

  async function pumpDecode() {
    if (state.decode.busy || !state.decode.wanted) return;
    const { z, how } = state.decode.wanted;
    state.decode.wanted = null;
    state.decode.busy = true;
    const result = await api('/v1/decode', { z });
    state.decode.busy = false;
    if (result) {
      const canvas = $('probe-image');
      drawDigit(canvas, result.images[0]);
      canvas.dataset.state = 'decoded';
      canvas.dataset.z = JSON.stringify(z);
      canvas.setAttribute('aria-label', `Decoded digit at z = ${fmtZ(z)}`);
      state.shown = z;
      $('probe-z').textContent = fmtZ(z);
      $('probe-nearest').textContent = nearest(z);
      $('probe-mode').textContent = how;
    }
    pumpDecode();
  }

  function nearest(z) {
    const points = state.points;
    if (!points || points.x.length === 0) return '–';
    let best = -1;
    let bestDistance = Infinity;
    const y = state.latentDim > 1 ? z[1] : 0;
    for (let i = 0; i < points.x.length; i++) {
      const dx = points.x[i] - z[0];
      const dy = points.y[i] - y;
      const d = dx * dx + dy * dy;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return `a ${points.labels[best]} (distance ${Math.sqrt(bestDistance).toFixed(2)})`;
  }

  function pin(z, how) {
    state.probe = z.slice();
    state.probeHow = how;
    decodeAt(state.probe, how);
    scheduleRender();
  }

  // ---------- map input ----------

  map.addEventListener('pointermove', (event) => {
    if (event.pointerType === 'touch') return;
    state.hover = codeFromEvent(event);
    decodeAt(state.hover, 'Hovering: click to pin the probe here.');
    scheduleRender();
  });

  map.addEventListener('pointerleave', () => {
    if (!state.hover) return;
    state.hover = null;
    if (state.probe) decodeAt(state.probe, state.probeHow);
    scheduleRender();
  });

  map.addEventListener('click', (event) => {
    const z = codeFromEvent(event);
    if (event.shiftKey) {
      setEnd(state.nextEnd, z);
      return;
    }
    pin(z, 'Pinned by a click. Arrow keys move it.');
  });

  map.addEventListener('keydown', (event) => {
    const z = (state.probe || zeros()).slice();
    const step = state.range * (event.shiftKey ? 0.1 : 0.02);
    let handled = true;
    switch (event.key) {
      case 'ArrowLeft': z[0] -= step; break;
      case 'ArrowRight': z[0] += step; break;
      case 'ArrowUp': if (state.latentDim > 1) z[1] += step; break;
      case 'ArrowDown': if (state.latentDim > 1) z[1] -= step; break;
      case 'Home': z.fill(0); break;
      case 'a': case 'A': setEnd('a', z); return;
      case 'b': case 'B': setEnd('b', z); return;
      default: handled = false;
    }
    if (!handled) return;
    event.preventDefault();
    z[0] = Math.max(-state.range, Math.min(state.range, z[0]));
    if (state.latentDim > 1) z[1] = Math.max(-state.range, Math.min(state.range, z[1]));
    state.hover = null;
    pin(z, 'Moved with the keyboard.');
  });

  // ---------- interpolation ----------

  async function setEnd(which, z) {
    state[which] = z.slice();
    state.nextEnd = which === 'a' ? 'b' : 'a';
    state.frames = null;
    const parts = [];
    if (state.a) parts.push(`A ${fmtZ(state.a)}`);
    if (state.b) parts.push(`B ${fmtZ(state.b)}`);
    $('ab-readout').textContent = parts.join('  ·  ') + (state.a && state.b ? '' : `  — now set ${state.a ? 'B' : 'A'}`);
    scheduleRender();
    if (!(state.a && state.b)) return;
    const result = await api('/v1/interpolate', { from: state.a, to: state.b, steps: INTERP_STEPS });
    if (!result) return;
    state.frames = { z: result.z, images: result.images };
    const strip = $('interp-strip');
    strip.replaceChildren();
    result.images.forEach((pixels, i) => {
      const canvas = document.createElement('canvas');
      canvas.width = 28;
      canvas.height = 28;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `Step ${i} of ${INTERP_STEPS - 1}`);
      drawDigit(canvas, pixels);
      strip.appendChild(canvas);
    });
    const slider = $('interp-slider');
    slider.disabled = false;
    slider.max = String(INTERP_STEPS - 1);
    showFrame(Number(slider.value));
  }

  function showFrame(index) {
    if (!state.frames) return;
    state.frame = index;
    drawDigit($('interp-image'), state.frames.images[index]);
    $('interp-t').textContent = (index / (INTERP_STEPS - 1)).toFixed(2);
    $('interp-slider').setAttribute('aria-valuetext', `t = ${(index / (INTERP_STEPS - 1)).toFixed(2)}`);
    [...$('interp-strip').children].forEach((c, i) => c.classList.toggle('current', i === index));
    scheduleRender();
  }

  $('interp-slider').addEventListener('input', (event) => showFrame(Number(event.target.value)));
  $('set-a').addEventListener('click', () => setEnd('a', state.probe || zeros()));
  $('set-b').addEventListener('click', () => setEnd('b', state.probe || zeros()));

  // ---------- samples ----------

  $('sample').addEventListener('click', async () => {
    const result = await api('/v1/generate', { n: 8 });
    if (!result) return;
    $('sample-seed').textContent = `seed ${result.seed}`;
    state.samples = result.z;
    const strip = $('samples');
    strip.replaceChildren();
    result.images.forEach((pixels, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-label', `Sample ${i + 1}: move the probe to z = ${fmtZ(result.z[i])}`);
      const canvas = document.createElement('canvas');
      canvas.width = 28;
      canvas.height = 28;
      drawDigit(canvas, pixels);
      button.appendChild(canvas);
      button.addEventListener('click', () => pin(result.z[i], `Sample ${i + 1} (all ${state.latentDim} dimensions).`));
      strip.appendChild(button);
    });
    scheduleRender();
  });

  // ---------- drawing pad ----------

  const pad = $('pad');
  const padCtx = pad.getContext('2d', { willReadFrequently: true });
  let drawing = null;

  function clearPad() {
    padCtx.fillStyle = '#000';
    padCtx.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
  }

  function padPoint(event) {
    const rect = pad.getBoundingClientRect();
    return [(event.clientX - rect.left) * PAD_SIZE / rect.width, (event.clientY - rect.top) * PAD_SIZE / rect.height];
  }

  function stroke(from, to) {
    padCtx.strokeStyle = '#fff';
    padCtx.lineWidth = 22;
    padCtx.lineCap = 'round';
    padCtx.lineJoin = 'round';
    padCtx.beginPath();
    padCtx.moveTo(from[0], from[1]);
    padCtx.lineTo(to[0], to[1]);
    padCtx.stroke();
  }

  pad.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    drawing = padPoint(event);
    stroke(drawing, drawing);
  });
  pad.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    const point = padPoint(event);
    stroke(drawing, point);
    drawing = point;
  });
  const endStroke = () => {
    if (!drawing) return;
    drawing = null;
    encodePad();
  };
  pad.addEventListener('pointerup', endStroke);
  pad.addEventListener('pointercancel', endStroke);

  $('pad-clear').addEventListener('click', () => {
    clearPad();
    state.padSeq++;
    state.drawn = null;
    clearDigit($('pad-input'));
    clearDigit($('pad-recon'));
    $('pad-mu').textContent = '–';
    $('pad-probe').disabled = true;
    scheduleRender();
  });

  $('pad-probe').addEventListener('click', () => {
    if (state.drawn) pin(state.drawn, 'At the drawn digit’s μ.');
  });

  // MNIST-like preprocessing: crop the ink, scale its longer side to 20 px, place it in 28×28 so that its centre of
  // mass is at the centre. Area sampling (5×5 subsamples per output pixel) keeps the grey anti-aliased edges.
  function mnistInput() {
    const data = padCtx.getImageData(0, 0, PAD_SIZE, PAD_SIZE).data;
    let minX = PAD_SIZE, minY = PAD_SIZE, maxX = -1, maxY = -1;
    for (let y = 0; y < PAD_SIZE; y++) {
      for (let x = 0; x < PAD_SIZE; x++) {
        if (data[(y * PAD_SIZE + x) * 4] > 0) {
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      }
    }
    if (maxX < 0) return null;
    const width = maxX - minX + 1;
    const height = maxY - minY + 1;
    const scale = 20 / Math.max(width, height);
    const sub = 5;
    const raster = (ox, oy) => {
      const out = new Float32Array(784);
      for (let ty = 0; ty < 28; ty++) {
        for (let tx = 0; tx < 28; tx++) {
          let sum = 0;
          for (let sy = 0; sy < sub; sy++) {
            for (let sx = 0; sx < sub; sx++) {
              const x = Math.floor(minX + (tx + (sx + 0.5) / sub - ox) / scale);
              const y = Math.floor(minY + (ty + (sy + 0.5) / sub - oy) / scale);
              if (x >= minX && x <= maxX && y >= minY && y <= maxY) sum += data[(y * PAD_SIZE + x) * 4];
            }
          }
          out[ty * 28 + tx] = sum / (sub * sub * 255);
        }
      }
      return out;
    };
    let ox = 14 - (width * scale) / 2;
    let oy = 14 - (height * scale) / 2;
    let pixels = raster(ox, oy);
    let mass = 0, cx = 0, cy = 0;
    for (let i = 0; i < 784; i++) {
      mass += pixels[i];
      cx += pixels[i] * ((i % 28) + 0.5);
      cy += pixels[i] * (Math.floor(i / 28) + 0.5);
    }
    if (mass > 0) {
      ox += 14 - cx / mass;
      oy += 14 - cy / mass;
      pixels = raster(ox, oy);
    }
    return pixels;
  }

  async function encodePad() {
    const seq = ++state.padSeq;
    const pixels = mnistInput();
    if (!pixels) return;
    const input = $('pad-input');
    drawDigit(input, pixels);
    const png = await new Promise((resolve) => input.toBlob(resolve, 'image/png'));
    if (!png || seq !== state.padSeq) return;
    const encoded = await api('/v1/encode', png, 'image/png');
    if (!encoded || seq !== state.padSeq) return;
    const mu = encoded.mu[0];
    const decoded = await api('/v1/decode', { z: mu });
    if (!decoded || seq !== state.padSeq) return;
    const recon = $('pad-recon');
    drawDigit(recon, decoded.images[0]);
    recon.dataset.state = 'decoded';
    state.drawn = mu;
    $('pad-mu').textContent = fmtZ(mu);
    $('pad-probe').disabled = false;
    scheduleRender();
  }

  // ---------- legend ----------

  function buildLegend(counts) {
    const legend = $('legend');
    legend.replaceChildren();
    for (let digit = 0; digit < 10; digit++) {
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-pressed', 'true');
      button.title = `Show or hide the ${counts[digit]} points of digit ${digit}`;
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = COLORS[digit];
      button.append(swatch, String(digit));
      button.addEventListener('click', () => {
        state.visible[digit] = !state.visible[digit];
        button.setAttribute('aria-pressed', String(state.visible[digit]));
        renderBase();
        scheduleRender();
      });
      legend.appendChild(button);
    }
  }

  // ---------- start ----------

  async function start() {
    setupCanvas();
    clearPad();
    for (const id of ['probe-image', 'pad-input', 'pad-recon', 'interp-image']) clearDigit($(id));
    const model = await api('/v1/model');
    if (!model) {
      $('model-info').textContent = 'The model could not be loaded.';
      return;
    }
    state.latentDim = model.latentDim;
    $('model-info').textContent = `${model.architecture || 'VAE'} · latent dim ${model.latentDim} · ${model.provider}, `
      + `${model.intraOpThreads} thread${model.intraOpThreads === 1 ? '' : 's'} · ONNX Runtime ${model.onnxRuntime}`
      + `${model.dataset ? ` · trained on ${model.dataset}` : ''}`;
    const note = $('dims-note');
    if (model.latentDim > 2) {
      note.hidden = false;
      note.textContent = `This model's latent space has ${model.latentDim} dimensions: the map shows the first two (z₁, z₂). `
        + `Points picked on the map have the other ${model.latentDim - 2} set to 0; drawn digits and samples keep all of them.`;
    } else if (model.latentDim === 1) {
      note.hidden = false;
      note.textContent = 'This model has a 1-D latent space: only the horizontal position matters.';
    }

    const latents = await api('/v1/latents');
    if (latents) {
      state.points = { x: Float32Array.from(latents.x), y: Float32Array.from(latents.y), labels: Uint8Array.from(latents.labels) };
      state.range = fitRange(state.points);
      const counts = new Array(10).fill(0);
      for (const label of state.points.labels) if (label < 10) counts[label]++;
      buildLegend(counts);
      $('map-count').textContent = latents.count
        ? `${latents.count.toLocaleString('en')} of ${latents.total.toLocaleString('en')} test digits`
        : '';
      if (latents.count === 0 && latents.message) {
        note.hidden = false;
        note.textContent = (note.textContent ? note.textContent + ' ' : '') + latents.message;
      }
    }
    renderBase();
    pin(zeros(), 'At the origin. Hover, click or use the arrow keys.');
    renderMap();
    map.dataset.ready = 'true';
  }

  start();
})();
