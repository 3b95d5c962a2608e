import { expect } from 'chai';
import * as flatbuffers from 'flatbuffers';
import * as fb from '../../exporter/tflite/generated/schema_generated.ts';
import { quantizeModel } from '../../exporter/quantize/index.ts';
import { readTflite, writeTfliteWithMetadata } from '../../exporter/tflite/index.ts';
import { quantizeInput, runInt8 } from '../../exporter/reference/index.ts';
import { bnCalibratedModel, randomWindows, testMeta } from './helpers.ts';

describe('exporter/tflite writer', function () {
  this.timeout(120000);
  const calib = randomWindows(24, 49, 13, 'calib-tfl');
  const { model, cfg } = bnCalibratedModel({ channels: 8, blocks: 1, seed: 3 }, calib);
  const q = quantizeModel(model, testMeta(cfg), calib);
  const bytes = writeTfliteWithMetadata(q, { hello: 'board', threshold: 0.5 });

  it('writes schema version 3, TFL3 identifier, empty buffer 0, both operator code fields, description', () => {
    const m = fb.Model.getRootAsModel(new flatbuffers.ByteBuffer(bytes));
    expect(fb.Model.bufferHasIdentifier(new flatbuffers.ByteBuffer(bytes))).to.equal(true);
    expect(m.version()).to.equal(3);
    expect(m.buffers(0)!.dataLength()).to.equal(0);
    expect(m.description()).to.equal(q.description);
    const codes = Array.from({ length: m.operatorCodesLength() }, (_, i) => m.operatorCodes(i)!);
    expect(codes.map((c) => c.builtinCode())).to.deep.equal([
      fb.BuiltinOperator.CONV_2D, fb.BuiltinOperator.DEPTHWISE_CONV_2D, fb.BuiltinOperator.FULLY_CONNECTED,
      fb.BuiltinOperator.LOGISTIC,
    ]);
    expect(codes.map((c) => c.deprecatedBuiltinCode())).to.deep.equal(codes.map((c) => c.builtinCode()));
    // Constant data is 16-byte aligned within the file (TFLM reads int32 biases in place).
    for (let i = 1; i < m.buffersLength(); i++) {
      const d = m.buffers(i)!.dataArray();
      if (d && d.length) expect(d.byteOffset % 16, `buffer ${i}`).to.equal(0);
    }
  });

  it('round-trips every tensor shape, type, quantisation and data, every op, and the metadata', () => {
    const back = readTflite(bytes);
    expect(back.version).to.equal(3);
    expect(back.metadata).to.deep.equal({ hello: 'board', threshold: 0.5 });
    expect(back.model.inputs).to.deep.equal(q.inputs);
    expect(back.model.outputs).to.deep.equal(q.outputs);
    expect(back.model.ops).to.deep.equal(q.ops);
    expect(back.model.tensors).to.have.length(q.tensors.length);
    q.tensors.forEach((t, i) => {
      const r = back.model.tensors[i];
      expect(r.name).to.equal(t.name);
      expect(r.shape, t.name).to.deep.equal(t.shape);
      expect(r.dtype, t.name).to.equal(t.dtype);
      // Scales are float32 in the file; the quantiser already rounded them to float32.
      expect(r.scale, t.name).to.deep.equal(t.scale);
      expect(r.zeroPoint, t.name).to.deep.equal(t.zeroPoint);
      if (t.scale.length > 0) expect(r.quantizedDimension, t.name).to.equal(t.quantizedDimension);
      if (t.data) expect(Array.from(r.data!), t.name).to.deep.equal(Array.from(t.data));
      else expect(r.data, t.name).to.equal(undefined);
    });
  });

  it('the read-back model computes the same int8 outputs', () => {
    const back = readTflite(bytes).model;
    for (const w of randomWindows(5, 49, 13, 'rt')) {
      expect(Array.from(runInt8(back, quantizeInput(back, w))[0])).to.deep.equal(Array.from(runInt8(q, quantizeInput(q, w))[0]));
    }
  });

  it('rejects bytes that are not a TFLite model', () => {
    expect(() => readTflite(new Uint8Array(64))).to.throw(/TFL3/);
  });
});
