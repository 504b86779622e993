// Decodes a batch of latent codes and encodes images with a VaeOnnx model:
//   node main.mjs MODEL_DIR [--in request.json] [--out result.json] [--png digit.png] [--digit D]
// Without --in it decodes 8 codes on the line from -2 to +2 (every dimension) and encodes the decoded digits back;
// --digit is their label for a conditional model. A request is
//   {"decode": {"z": [[...], ...], "labels": [...]}, "encode": {"images": [[...], ...], "labels": [...]}}
// (labels only for a conditional model); the result holds "decoded", "mu" and "logVar", one row per item.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadVae } from './vae.mjs';
import { writeGrayPng } from './png.mjs';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: { in: { type: 'string' }, out: { type: 'string' }, png: { type: 'string' }, digit: { type: 'string', default: '0' } },
});
if (positionals.length !== 1) {
  console.error('usage: node main.mjs MODEL_DIR [--in request.json] [--out result.json] [--png digit.png] [--digit D]');
  process.exit(2);
}

try {
  const vae = await loadVae(positionals[0]);
  const rows = (flat, size) => Array.from({ length: flat.length / size }, (_, i) => Array.from(flat.subarray(i * size, (i + 1) * size)));

  let request;
  if (options.in) {
    request = JSON.parse(readFileSync(options.in, 'utf8'));
  } else {
    const steps = 8;
    const z = Array.from({ length: steps }, (_, i) => new Array(vae.latentDim).fill(-2 + (4 * i) / (steps - 1)));
    const labels = vae.isConditional ? new Array(steps).fill(Number(options.digit)) : undefined;
    request = { decode: { z, labels }, encode: { labels } };
  }
  const decoded = await vae.decode(Float32Array.from(request.decode.z.flat()), request.decode.labels);
  const images = request.encode.images ? Float32Array.from(request.encode.images.flat()) : decoded;
  const { mu, logVar } = await vae.encode(images, request.encode.labels);

  const result = { signature: vae.signature, decoded: rows(decoded, vae.imageSize), mu: rows(mu, vae.latentDim), logVar: rows(logVar, vae.latentDim) };
  if (options.out) writeFileSync(options.out, JSON.stringify(result));
  if (options.png) writeGrayPng(options.png, decoded.subarray(0, vae.imageShape[1] * vae.imageShape[2]), vae.imageShape[2], vae.imageShape[1]);
  console.log(`decoded ${result.decoded.length} codes and encoded ${result.mu.length} images; first mean [${result.mu[0].map((v) => v.toFixed(3)).join(', ')}]`);
} catch (error) {
  console.error(`main.mjs: ${error.message}`);
  process.exit(2);
}
