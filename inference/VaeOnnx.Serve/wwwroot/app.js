// VAE latent-space explorer: plain JavaScript, no build step, no third-party code. Talks to the /v1 API of the
// same server. Every request failure is shown in the status line (never thrown to the console).
'use strict';

(() => {
  const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const SIZE = 560;                       // logical size of the map canvas (CSS pixels)
  const PLOT = { left: 44, top: 12, size: 500 };
  const PAD_SIZE = 280;                   // drawing pad resolution
  const INTERP_STEPS = 11;
  const DIGIT_BOX = 20 / 28;              // MNIST's preprocessing: the ink fills a 20×20 box of the 28×28 image

  const $ = (id) => document.getElementById(id);
  const map = $('map');
  const mapCtx = map.getContext('2d');
  const base = document.createElement('canvas');
  const baseCtx = base.getContext('2d');

  const state = {
    latentDim: 2,
    image: null,                          // { channels, height, width } from the model's signature
    conditional: false,
    classifier: null,                     // { classes, ... } when the model folder has classifier.onnx, else null
    digit: 0,                             // the label every decode uses, for a conditional model
    axes: null,                           // { kind: 'dims' | 'pca', mean, components }: map point (a, b) → mean + a·c₁ + b·c₂
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
    sampleSeed: null,
    padPixels: null,                      // the drawn digit as the encoder saw it
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
  const pixelsPerImage = () => state.image.width * state.image.height;

  // ---------- the map's plane: a point (a, b) is the code mean + a·c₁ + b·c₂ (c = the first two principal
  // components for latent_dim > 2, the unit vectors of z₁ and z₂ otherwise; the server sends both forms alike) ----------

  const codeAt = (a, b) => {
    const { mean, components } = state.axes;
    return mean.map((m, k) => m + a * components[0][k] + (components.length > 1 ? b * components[1][k] : 0));
  };
  const project = (z) => {
    const { mean, components } = state.axes;
    const along = (c) => c.reduce((sum, ck, k) => sum + (z[k] - mean[k]) * ck, 0);
    return [along(components[0]), components.length > 1 ? along(components[1]) : 0];
  };
  // Moves a code within the plane (a code off it, like a sample, keeps its offset from the plane).
  const shift = (z, da, db) => z.map((v, k) => v + da * state.axes.components[0][k] + (state.axes.components.length > 1 ? db * state.axes.components[1][k] : 0));
  const origin = () => codeAt(0, 0);

  // What every decode request adds for a conditional model: one label per code.
  const withLabels = (body, count) => (state.conditional ? { ...body, labels: new Array(count).fill(state.digit) } : body);
  const withDigit = (body) => (state.conditional ? { ...body, digit: state.digit } : body);

  function drawDigit(canvas, pixels) {
    const { channels, width, height } = state.image;
    const plane = width * height;
    const ctx = digitContext(canvas);
    const image = ctx.createImageData(width, height);
    const byte = (v) => Math.round(Math.min(1, Math.max(0, v)) * 255);
    for (let i = 0; i < plane; i++) {
      // Grey: one plane; colour: channels-first RGB (C, H, W).
      const r = byte(pixels[i]);
      image.data[i * 4] = r;
      image.data[i * 4 + 1] = channels >= 3 ? byte(pixels[plane + i]) : r;
      image.data[i * 4 + 2] = channels >= 3 ? byte(pixels[2 * plane + i]) : r;
      image.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }

  function newDigitCanvas() {
    const canvas = document.createElement('canvas');
    canvas.width = state.image.width;
    canvas.height = state.image.height;
    return canvas;
  }

  // Digit images are tiny: a CPU-backed canvas costs nothing and makes reading them back (pixel checks) cheap.
  const digitContext = (canvas) => canvas.getContext('2d', { willReadFrequently: true });

  function clearDigit(canvas) {
    const ctx = digitContext(canvas);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
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
    const [a, b] = fromPx((event.clientX - rect.left) * SIZE / rect.width, (event.clientY - rect.top) * SIZE / rect.height);
    return codeAt(a, state.latentDim > 1 ? b : 0);
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
    const pca = state.axes.kind === 'pca';
    ctx.fillText(pca ? 'PC1 →' : 'z₁ →', PLOT.left + PLOT.size, SIZE - 2);
    ctx.save();
    ctx.translate(12, PLOT.top + 40);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(state.latentDim > 1 ? (pca ? 'PC2 →' : 'z₂ →') : '(1-D latent)', 0, 0);
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
    const [px, py] = toPx(...project(z));
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
      const [ax, ay] = toPx(...project(state.a));
      const [bx, by] = toPx(...project(state.b));
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
    const digit = state.digit;
    const result = await api('/v1/decode', withLabels({ z }, 1));
    state.decode.busy = false;
    if (result) {
      const canvas = $('probe-image');
      drawDigit(canvas, result.images[0]);
      canvas.dataset.state = 'decoded';
      canvas.dataset.z = JSON.stringify(z);
      if (state.conditional) canvas.dataset.digit = String(digit);
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
    const [x, y] = project(z);
    for (let i = 0; i < points.x.length; i++) {
      const dx = points.x[i] - x;
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

  // Until the plane is known (map ready) there is nothing to point at.
  const ready = () => map.dataset.ready === 'true';

  map.addEventListener('pointermove', (event) => {
    if (event.pointerType === 'touch' || !ready()) return;
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
    if (!ready()) return;
    const z = codeFromEvent(event);
    if (event.shiftKey) {
      setEnd(state.nextEnd, z);
      return;
    }
    pin(z, 'Pinned by a click. Arrow keys move it.');
  });

  map.addEventListener('keydown', (event) => {
    if (!ready()) return;
    const z = (state.probe || origin()).slice();
    const step = state.range * (event.shiftKey ? 0.1 : 0.02);
    let [da, db] = [0, 0];
    switch (event.key) {
      case 'ArrowLeft': da = -step; break;
      case 'ArrowRight': da = step; break;
      case 'ArrowUp': if (state.latentDim > 1) db = step; break;
      case 'ArrowDown': if (state.latentDim > 1) db = -step; break;
      case 'Home': event.preventDefault(); state.hover = null; pin(origin(), 'Moved with the keyboard.'); return;
      case 'a': case 'A': setEnd('a', z); return;
      case 'b': case 'B': setEnd('b', z); return;
      default: return;
    }
    event.preventDefault();
    // Stay on the visible part of the plane.
    const [a, b] = project(z);
    const clamp = (v) => Math.max(-state.range, Math.min(state.range, v));
    state.hover = null;
    pin(shift(z, clamp(a + da) - a, clamp(b + db) - b), 'Moved with the keyboard.');
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
    await interpolate();
  }

  async function interpolate() {
    if (!(state.a && state.b)) return;
    const result = await api('/v1/interpolate', withDigit({ from: state.a, to: state.b, steps: INTERP_STEPS }));
    if (!result) return;
    state.frames = { z: result.z, images: result.images };
    const strip = $('interp-strip');
    strip.replaceChildren();
    result.images.forEach((pixels, i) => {
      const canvas = newDigitCanvas();
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
    const image = $('interp-image');
    drawDigit(image, state.frames.images[index]);
    image.dataset.z = JSON.stringify(state.frames.z[index]);
    $('interp-t').textContent = (index / (INTERP_STEPS - 1)).toFixed(2);
    $('interp-slider').setAttribute('aria-valuetext', `t = ${(index / (INTERP_STEPS - 1)).toFixed(2)}`);
    [...$('interp-strip').children].forEach((c, i) => c.classList.toggle('current', i === index));
    scheduleRender();
  }

  $('interp-slider').addEventListener('input', (event) => showFrame(Number(event.target.value)));
  $('set-a').addEventListener('click', () => setEnd('a', state.probe || origin()));
  $('set-b').addEventListener('click', () => setEnd('b', state.probe || origin()));

  // ---------- samples ----------

  // A new seed from the button; the same seed (the same codes) again when the digit changes.
  async function sample(seed) {
    const result = await api('/v1/generate', withDigit(seed === undefined ? { n: 8 } : { n: 8, seed }));
    if (!result) return;
    state.sampleSeed = result.seed;
    $('sample-seed').textContent = `seed ${result.seed}` + (state.conditional ? `, digit ${result.digit}` : '');
    state.samples = result.z;
    const strip = $('samples');
    strip.replaceChildren();
    result.images.forEach((pixels, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-label', `Sample ${i + 1}: move the probe to z = ${fmtZ(result.z[i])}`);
      const canvas = newDigitCanvas();
      drawDigit(canvas, pixels);
      button.appendChild(canvas);
      button.addEventListener('click', () => pin(result.z[i], `Sample ${i + 1} (all ${state.latentDim} dimensions).`));
      strip.appendChild(button);
    });
    scheduleRender();
  }

  $('sample').addEventListener('click', () => sample());

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
    state.padPixels = null;
    clearDigit($('pad-input'));
    clearDigit($('pad-recon'));
    $('pad-mu').textContent = '–';
    $('pad-class').textContent = '–';
    delete $('pad-class').dataset.predicted;
    $('pad-probe').disabled = true;
    scheduleRender();
  });

  $('pad-probe').addEventListener('click', () => {
    if (state.drawn) pin(state.drawn, 'At the drawn digit’s μ.');
  });

  // MNIST-like preprocessing: crop the ink, scale its longer side to 20/28 of the image, place it so that its centre of
  // mass is at the centre. Area sampling (5×5 subsamples per output pixel) keeps the grey anti-aliased edges.
  function mnistInput() {
    const { width: W, height: H } = state.image;
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
    const scale = (DIGIT_BOX * Math.min(W, H)) / Math.max(width, height);
    const sub = 5;
    const raster = (ox, oy) => {
      const out = new Float32Array(W * H);
      for (let ty = 0; ty < H; ty++) {
        for (let tx = 0; tx < W; tx++) {
          let sum = 0;
          for (let sy = 0; sy < sub; sy++) {
            for (let sx = 0; sx < sub; sx++) {
              const x = Math.floor(minX + (tx + (sx + 0.5) / sub - ox) / scale);
              const y = Math.floor(minY + (ty + (sy + 0.5) / sub - oy) / scale);
              if (x >= minX && x <= maxX && y >= minY && y <= maxY) sum += data[(y * PAD_SIZE + x) * 4];
            }
          }
          out[ty * W + tx] = sum / (sub * sub * 255);
        }
      }
      return out;
    };
    let ox = W / 2 - (width * scale) / 2;
    let oy = H / 2 - (height * scale) / 2;
    let pixels = raster(ox, oy);
    let mass = 0, cx = 0, cy = 0;
    for (let i = 0; i < W * H; i++) {
      mass += pixels[i];
      cx += pixels[i] * ((i % W) + 0.5);
      cy += pixels[i] * (Math.floor(i / W) + 0.5);
    }
    if (mass > 0) {
      ox += W / 2 - cx / mass;
      oy += H / 2 - cy / mass;
      pixels = raster(ox, oy);
    }
    return pixels;
  }

  async function encodePad() {
    state.padPixels = mnistInput();
    await encodeDrawing();
  }

  // The drawing as a PNG to /v1/encode (under the selected digit for a conditional model), then μ decoded back.
  async function encodeDrawing() {
    const seq = ++state.padSeq;
    const pixels = state.padPixels;
    if (!pixels) return;
    const input = $('pad-input');
    drawDigit(input, pixels);
    const png = await new Promise((resolve) => input.toBlob(resolve, 'image/png'));
    if (!png || seq !== state.padSeq) return;
    const encoded = await api(state.conditional ? `/v1/encode?label=${state.digit}` : '/v1/encode', png, 'image/png');
    if (!encoded || seq !== state.padSeq) return;
    const mu = encoded.mu[0];
    const decoded = await api('/v1/decode', withLabels({ z: mu }, 1));
    if (!decoded || seq !== state.padSeq) return;
    const recon = $('pad-recon');
    drawDigit(recon, decoded.images[0]);
    recon.dataset.state = 'decoded';
    if (state.conditional) recon.dataset.digit = String(state.digit);
    state.drawn = mu;
    $('pad-mu').textContent = fmtZ(mu);
    $('pad-probe').disabled = false;
    scheduleRender();
    if (state.classifier) await classifyDrawing(mu, seq);
  }

  // The classifier reads μ, so the code just encoded is sent as it is (the image is not encoded a second time).
  async function classifyDrawing(mu, seq) {
    const output = $('pad-class');
    const classified = await api('/v1/classify', { z: [mu] });
    if (!classified || seq !== state.padSeq) return;
    const digit = classified.predicted[0];
    const percent = Math.round(100 * classified.probabilities[0][digit]);
    output.textContent = `looks like a ${digit} (${percent} %)`;
    output.dataset.predicted = String(digit);
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
    const model = await api('/v1/model');
    if (!model) {
      $('model-info').textContent = 'The model could not be loaded.';
      return;
    }
    state.latentDim = model.latentDim;
    state.image = { ...model.signature.image };
    state.conditional = model.signature.conditioning.kind === 'class-label';
    setUpImages();
    if (state.conditional) setUpDigits(model.signature.conditioning.classes);
    state.classifier = model.classifier || null;
    $('pad-class-row').hidden = !state.classifier;
    $('model-info').textContent = `${model.architecture || 'VAE'} · latent dim ${model.latentDim}`
      + `${state.conditional ? ` · conditioned on ${model.signature.conditioning.classes} classes` : ''} · ${model.provider}, `
      + `${model.intraOpThreads} thread${model.intraOpThreads === 1 ? '' : 's'} · ONNX Runtime ${model.onnxRuntime}`
      + `${model.dataset ? ` · trained on ${model.dataset}` : ''}`;
    const note = $('dims-note');
    if (model.latentDim === 1) {
      note.hidden = false;
      note.textContent = 'This model has a 1-D latent space: only the horizontal position matters.';
    }

    const latents = await api('/v1/latents');
    state.axes = latents ? latents.axes : { kind: 'dims', mean: new Array(model.latentDim).fill(0), components: unitVectors(model.latentDim) };
    map.dataset.axes = state.axes.kind;
    if (state.axes.kind === 'pca') {
      const [first, second] = state.axes.explained.map((f) => `${(f * 100).toFixed(0)}%`);
      note.hidden = false;
      note.textContent = `This model's latent space has ${model.latentDim} dimensions: the map is the plane of the first two `
        + `principal components of the test-set μ (PC1 explains ${first} of their variance, PC2 ${second}). A point (a, b) on it `
        + 'decodes as mean + a·PC1 + b·PC2; samples and drawn digits keep all their dimensions and are marked where they project.';
    } else if (model.latentDim > 2) {
      note.hidden = false;
      note.textContent = `This model's latent space has ${model.latentDim} dimensions, but there are no test-set points to find `
        + `their principal components: the map shows z₁ and z₂ with the other ${model.latentDim - 2} at 0.`;
    }
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
    pin(origin(), 'At the origin. Hover, click or use the arrow keys.');
    renderMap();
    map.dataset.ready = 'true';
  }

  function unitVectors(dim) {
    return [0, 1].slice(0, Math.min(dim, 2)).map((k) => Array.from({ length: dim }, (_, j) => (j === k ? 1 : 0)));
  }

  // Every digit canvas gets the model's image size (the page never assumes 28×28).
  function setUpImages() {
    for (const id of ['probe-image', 'pad-input', 'pad-recon', 'interp-image']) {
      const canvas = $(id);
      canvas.width = state.image.width;
      canvas.height = state.image.height;
      clearDigit(canvas);
    }
    if (state.image.channels !== 1) {
      $('draw-panel').hidden = true; // the pad draws grey digits only
    }
  }

  // A conditional model: every decode uses the selected digit; changing it re-decodes everything on screen.
  function setUpDigits(classes) {
    const select = $('digit');
    for (let d = 0; d < classes; d++) {
      const option = document.createElement('option');
      option.value = String(d);
      option.textContent = String(d);
      select.appendChild(option);
    }
    $('digit-row').hidden = false;
    select.addEventListener('change', () => {
      state.digit = Number(select.value);
      if (state.shown) decodeAt(state.shown, $('probe-mode').textContent);
      if (state.a && state.b) interpolate();
      if (state.sampleSeed !== null) sample(state.sampleSeed);
      if (state.padPixels) encodeDrawing();
    });
  }

  start();
})();
