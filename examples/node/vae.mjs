// A VaeOnnx model in Node.js: encoder.onnx and decoder.onnx run by onnxruntime-node, with the shapes and tensor
// names taken from the signature both files carry (ONNX metadata key vaeonnx.signature.v1), as the C# library does.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { readMetadata } from './onnx-metadata.mjs';

export const SIGNATURE_KEY = 'vaeonnx.signature.v1';

/** Loads a model folder; `threads` is ONNX Runtime's intra-op thread count (0 = its default). */
export async function loadVae(directory, { threads = 0 } = {}) {
  const files = ['encoder.onnx', 'decoder.onnx'].map((name) => path.join(directory, name));
  const [encoderBytes, decoderBytes] = await Promise.all(files.map((file) => readFile(file)));
  const signature = signatureOf(decoderBytes, files[1]);
  if (JSON.stringify(signatureOf(encoderBytes, files[0])) !== JSON.stringify(signature)) {
    throw new Error(`${directory}: encoder.onnx and decoder.onnx carry different signatures`);
  }
  const options = { executionProviders: ['cpu'], intraOpNumThreads: threads };
  const [encoder, decoder] = await Promise.all(
    [encoderBytes, decoderBytes].map((bytes) => ort.InferenceSession.create(bytes, options)));
  return new Vae(signature, encoder, decoder);
}

function signatureOf(bytes, file) {
  const json = readMetadata(bytes)[SIGNATURE_KEY];
  if (json === undefined) throw new Error(`${file}: no '${SIGNATURE_KEY}' metadata (not a VaeOnnx export)`);
  const signature = JSON.parse(json);
  if (signature.version !== 1) throw new Error(`${file}: signature version ${signature.version} is not supported (1)`);
  return signature;
}

export class Vae {
  constructor(signature, encoder, decoder) {
    const { channels, height, width } = signature.image;
    this.signature = signature;
    this.imageShape = [channels, height, width];
    this.imageSize = channels * height * width;
    this.latentDim = signature.latentDim;
    this.classes = signature.conditioning.kind === 'class-label' ? signature.conditioning.classes : 0;
    this.encoder = encoder;
    this.decoder = decoder;
  }

  /** Whether every image and code needs a label in 0..classes-1. */
  get isConditional() {
    return this.classes > 0;
  }

  /** Latent codes (Float32Array, [N, latentDim]) → Bernoulli means in [0,1] (Float32Array, [N, C, H, W]). */
  async decode(z, labels) {
    const n = this.#count(z.length, this.latentDim, 'latent codes');
    const names = this.signature.tensors;
    const feeds = { [names.decoderInput]: new ort.Tensor('float32', z, [n, this.latentDim]), ...this.#labels(labels, n) };
    return (await this.decoder.run(feeds))[names.decoderOutput].data;
  }

  /** Images (Float32Array in [0,1], [N, C, H, W]) → posterior means and log-variances (Float32Array, [N, latentDim]). */
  async encode(images, labels) {
    const n = this.#count(images.length, this.imageSize, 'images');
    const names = this.signature.tensors;
    const feeds = { [names.encoderInput]: new ort.Tensor('float32', images, [n, ...this.imageShape]), ...this.#labels(labels, n) };
    const outputs = await this.encoder.run(feeds);
    return { mu: outputs[names.mu].data, logVar: outputs[names.logVar].data };
  }

  #count(length, size, what) {
    if (length === 0 || length % size !== 0) throw new Error(`${length} values is not a whole number of ${what} (${size} each)`);
    return length / size;
  }

  /** The int64 label input of a conditional model: one label in 0..classes-1 per item (null or undefined: none). */
  #labels(labels, n) {
    if (!this.isConditional) {
      if (labels != null) throw new Error('this model takes no labels (it is not conditional)');
      return {};
    }
    if (labels == null || labels.length !== n) {
      throw new Error(`this model is conditioned on a label in 0..${this.classes - 1}: give one per item (${n})`);
    }
    const bad = labels.findIndex((l) => !Number.isInteger(l) || l < 0 || l >= this.classes);
    if (bad >= 0) throw new Error(`label ${labels[bad]} (item ${bad}) is outside 0..${this.classes - 1}`);
    return { [this.signature.tensors.label]: new ort.Tensor('int64', BigInt64Array.from(labels, BigInt), [n]) };
  }
}
