// Sample-rate conversion. We use libsamplerate (Erik de Castro Lopo's band-limited sinc converter, via its
// WebAssembly port) rather than wavefile's resampler: libsamplerate's sinc filters are specified (medium
// quality: 97 dB SNR, 90% of the output Nyquist band kept) and are the reference most audio tools use, while
// wavefile's sinc+LPF path is a small IIR + windowed sinc whose stop-band we would have to verify ourselves.
// Medium quality rather than best: best keeps 97% of the band at ~3× the cost; our features stop at 8 kHz
// and 2 cores are shared, and medium still removes everything above the new Nyquist (tested).
import libsamplerate from '@alexanderolsen/libsamplerate-js';

const { create, ConverterType } = libsamplerate;

type Converter = Awaited<ReturnType<typeof create>>;

/** libsamplerate's `simple()` is stateless below this many input samples (4 MB of float32). */
const STATELESS_LIMIT = 1_000_000;

const cache = new Map<string, Promise<Converter>>();

/**
 * Resamples mono audio from `fromHz` to `toHz` with libsamplerate's SRC_SINC_MEDIUM_QUALITY.
 * Returns the input unchanged (same array) when the rates are equal. Output length is ≈ n·toHz/fromHz.
 */
export async function resample(samples: Float32Array, fromHz: number, toHz: number): Promise<Float32Array> {
  for (const [name, v] of [['fromHz', fromHz], ['toHz', toHz]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 384000) throw new RangeError(`resample: ${name} must be an integer 1..384000, got ${v}`);
  }
  if (fromHz === toHz || samples.length === 0) return samples;
  if (samples.length > STATELESS_LIMIT) {
    // Above the limit the port switches to its streaming API, which keeps filter state between calls:
    // a private converter keeps one long signal from leaking into the next.
    const src = await create(1, fromHz, toHz, { converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY });
    try {
      return src.simple(samples).slice();
    } finally {
      src.destroy();
    }
  }
  const key = `${fromHz}->${toHz}`;
  let conv = cache.get(key);
  if (!conv) {
    conv = create(1, fromHz, toHz, { converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY });
    cache.set(key, conv);
  }
  // slice(): the port may hand back a view of its own WASM memory, reused by the next call.
  return (await conv).simple(samples).slice();
}
