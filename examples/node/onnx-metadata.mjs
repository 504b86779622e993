// The metadata_props of an ONNX file (ModelProto field 14: repeated StringStringEntryProto {key = 1, value = 2}),
// read straight from the protobuf wire format: onnxruntime-node shows a session's inputs and outputs but not the
// model's custom metadata, and VaeOnnx keeps the model's signature there.

const METADATA_PROPS = 14;

/** The key → value pairs of the model's metadata_props. */
export function readMetadata(bytes) {
  const metadata = {};
  for (const field of fields(bytes)) {
    if (field.number === METADATA_PROPS) {
      const entry = {};
      for (const part of fields(field.bytes)) {
        entry[part.number] = new TextDecoder().decode(part.bytes);
      }
      metadata[entry[1] ?? ''] = entry[2] ?? '';
    }
  }
  return metadata;
}

/** The top-level fields of one protobuf message; length-delimited ones carry their bytes. */
function* fields(bytes) {
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 1; ; shift *= 128) {
      if (at >= bytes.length) throw new Error('truncated protobuf');
      const byte = bytes[at++];
      value += (byte & 0x7f) * shift; // arithmetic, not bit shifts: lengths may pass 2^31
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    switch (key % 8) {
      case 0: varint(); yield { number }; break;
      case 1: at += 8; yield { number }; break;
      case 2: {
        const length = varint();
        if (at + length > bytes.length) throw new Error('truncated protobuf');
        yield { number, bytes: bytes.subarray(at, at + length) };
        at += length;
        break;
      }
      case 5: at += 4; yield { number }; break;
      default: throw new Error(`unsupported protobuf wire type ${key % 8}`);
    }
  }
}
