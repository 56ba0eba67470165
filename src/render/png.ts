// A minimal PNG writer: skia's encoder spends ~16 ms per 1000×560 chart at zlib's default level;
// unfiltered rows at level 1 come out smaller for flat charts than filtered ones (110 kB; Sub/Up filters 145 kB,
// Z_RLE 190–270 kB, none of them faster; level 3 is 4 % smaller, 10 % slower). Not faster either (measured on
// this chart): Z_FIXED, memLevel 1–9, windowBits 12, fflate (pure JS, 10× slower); RGB rows (colour type 2, the
// page being opaque: a quarter fewer bytes) deflate in 3.2–4.0 against 4.3–4.8 ms on one thread, but the RGBA → RGB
// copy in JS takes 2.0–2.3 ms where Buffer.copy takes 0.2 (2026-12-03, 114,500 against 114,369 bytes). Nor other
// encoders: @napi-rs/image's fast PNG (3.0–3.4 ms on one thread, 182–1134 kB), sharp with zlib-ng at level 1 (4.2 ms, 138 kB).
// zlib's pass is the longest part of a render (~3 ms), so it runs pigz-style: the rows are cut into one part per
// core, the parts but the last are deflated on libuv's thread pool, the last one on the calling thread meanwhile,
// and the parts' deflate bodies are joined into ONE zlib stream (RFC 1950/1951): part 1's 2-byte header, the pool
// parts' blocks (each ended by Z_SYNC_FLUSH, so it ends on a byte boundary and no block is marked final), the
// last part's blocks (its final block included), and the Adler-32 of the whole input, combined from the parts'
// own. A part starts with an empty window, which costs ~1 % in size.
// The last part stays on the calling thread, which would otherwise only wait: right after a chart is drawn, two
// 1.1 MB parts both on the pool took 2.9 ms, no faster than both one after the other on one thread (2.85 ms),
// and one on the pool beside one on the caller 1.8 ms (2 cores; the render bench's p50 5.6–6.1 → 4.9–5.3 ms).
// A pool part still runs slower than the caller's (2.1–2.3 against 1.45 ms when V8's GC threads have work).
// Nor faster: a single round trip for the pool part with its Adler-32 computed by the caller (a stored-deflate
// or hash-wasm pass, ~0.3–0.5 ms; measured again 2026-12-04: 2.4–2.7 against 2.5–2.8 ms, and with no Adler-32 at
// all, an invalid PNG, only 0.2–0.3 ms less), a one-shot zlib.deflate for it (a fresh stream each time: +0.4 ms),
// or the pool part cut smaller.
// PNG layout per RFC 2083: signature, IHDR, IDAT (zlib stream of filter byte + row), IEND.
import { availableParallelism } from 'node:os';
import { constants, crc32, createDeflate, deflateSync, type Deflate } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** BFINAL=1, BTYPE=01 (fixed Huffman), then end-of-block (code 256: seven 0 bits), padded: RFC 1951 §3.2.3, 3.2.6. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);
/** What Z_SYNC_FLUSH leaves last: an empty stored block's LEN and NLEN (RFC 1951 §3.2.4). */
const SYNC_MARKER = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const LEVEL = 1;
const PARTS = Math.max(1, availableParallelism());
/** Below this a part's thread-pool round trip costs more than deflating it beside another saves. */
const MIN_PART_BYTES = 128 * 1024;

const ADLER_BASE = 65521;
/**
 * Adler-32 of A followed by B, from adler32(A), adler32(B) and B's length; zlib's adler32_combine_ (adler32.c):
 *   rem = len2 % BASE; sum1 = adler1 & 0xffff; sum2 = rem * sum1 % BASE;
 *   sum1 += (adler2 & 0xffff) + BASE - 1;
 *   sum2 += ((adler1 >> 16) & 0xffff) + ((adler2 >> 16) & 0xffff) + BASE - rem;  (each reduced mod BASE)
 *   return sum1 | (sum2 << 16);
 * Why: a = 1 + Σbytes and b = Σ of a after each byte, so over A·B: a = a1 + a2 − 1 and b = b1 + b2 + len2·(a1 − 1).
 */
export function adler32Combine(adler1: number, adler2: number, len2: number): number {
  const rem = len2 % ADLER_BASE;
  const a1 = adler1 & 0xffff;
  const a = (a1 + (adler2 & 0xffff) + ADLER_BASE - 1) % ADLER_BASE;
  const b = ((adler1 >>> 16) + (adler2 >>> 16) + ((rem * a1) % ADLER_BASE) + ADLER_BASE - rem) % ADLER_BASE;
  return ((b << 16) | a) >>> 0;
}

interface DeflatedPart {
  /** The part's zlib header and deflate blocks, no trailer: a pool part's end with a sync flush's marker, the last part's with its final block. */
  zlib: Buffer;
  /** Adler-32 of the part's input. */
  adler: number;
}

/** The last part, on the calling thread: a whole zlib stream of its own, ended by Z_FINISH. */
function deflateLastPart(input: Buffer): DeflatedPart {
  const stream = deflateSync(input, { level: LEVEL });
  return { zlib: stream.subarray(0, stream.length - 4), adler: stream.readUInt32BE(stream.length - 4) };
}

/** A zlib stream kept between renders (deflateReset, not a fresh deflateInit: ~300 kB of zlib state a part). */
interface Deflater {
  z: Deflate;
  out: Buffer[];
}
const idleDeflaters: Deflater[] = [];

function deflater(): Deflater {
  const spare = idleDeflaters.pop();
  if (spare) return spare;
  // An output buffer big enough for a chart's part in one go: each time it fills is another round trip.
  const d: Deflater = { z: createDeflate({ level: LEVEL, flush: constants.Z_SYNC_FLUSH, chunkSize: 128 * 1024 }), out: [] };
  d.z.on('data', (c: Buffer) => d.out.push(c));
  return d;
}

/** One part on the thread pool: write + Z_SYNC_FLUSH in one pass, then Z_FINISH, which adds 6 bytes. */
function deflatePoolPart(input: Buffer): Promise<DeflatedPart> {
  const d = deflater();
  d.out = [];
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => reject(err); // a failed stream is dropped, not kept for the next render
    d.z.once('error', failed);
    d.z.write(input);
    // Both callbacks run after the output they produced has been emitted as 'data'.
    d.z.flush(constants.Z_FINISH, () => {
      d.z.off('error', failed);
      const stream = d.out.length === 1 ? d.out[0]! : Buffer.concat(d.out);
      d.out = [];
      d.z.reset();
      if (idleDeflaters.length < 2 * PARTS) idleDeflaters.push(d);
      else d.z.close();
      // After a sync flush, zlib's Z_FINISH with no input left writes exactly a fixed-Huffman empty final block
      // (a stored one would take 5 bytes, deflate's trees.c picks the shorter) and the trailer: checked, not assumed.
      const n = stream.length;
      const tail = n - FINAL_EMPTY_BLOCK.length - 4;
      if (n < 12 || !stream.subarray(tail - 4, tail).equals(SYNC_MARKER) || !stream.subarray(tail, n - 4).equals(FINAL_EMPTY_BLOCK)) {
        reject(new Error(`zlib ended a PNG part unexpectedly (…${stream.subarray(-12).toString('hex')})`));
        return;
      }
      resolve({ zlib: stream.subarray(0, tail), adler: stream.readUInt32BE(n - 4) });
    });
  });
}

/** One part per core, each at least MIN_PART_BYTES of zlib input. */
const defaultParts = (bytes: number): number => Math.max(1, Math.min(PARTS, Math.floor(bytes / MIN_PART_BYTES)));

/** Row counts of `parts` parts (at most one per row), as even as whole rows allow. */
function partRows(height: number, parts: number): number[] {
  const n = Math.max(1, Math.min(Math.floor(parts), height));
  return Array.from({ length: n }, (_, i) => Math.floor(((i + 1) * height) / n) - Math.floor((i * height) / n));
}

// The zlib input (2.2 MB for 1000×560) is reused: a fresh one each render cost ~1 ms of page faults and left
// megabytes of garbage per chart that the worker's heap did not count, so RSS crept up between its GCs.
// A free list, not one buffer: deflate reads its input on the thread pool, and callers may overlap.
const spareRows: Buffer[] = [];

/**
 * PNG (8-bit RGBA, no interlace) of straight-alpha RGBA pixels, row after row. `parts`: how many pieces
 * to deflate at once (tests pick it; by default one per core for a chart-sized image, one for a small one).
 */
export async function encodePng(rgba: Uint8Array, width: number, height: number, parts?: number): Promise<Buffer> {
  const stride = width * 4;
  if (rgba.length !== stride * height) throw new RangeError(`expected ${stride * height} bytes, got ${rgba.length}`);
  const pixels = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  const rowBytes = stride + 1;
  const size = height * rowBytes;
  const spare = spareRows.findIndex((b) => b.length === size);
  const rows = spare >= 0 ? spareRows.splice(spare, 1)[0]! : Buffer.allocUnsafe(size);
  const counts = partRows(height, parts ?? defaultParts(size));
  let deflated: DeflatedPart[];
  try {
    // Each pool part leaves as soon as its rows are in place, while the next part's rows are copied.
    const pooled: Promise<DeflatedPart>[] = [];
    let last: DeflatedPart | undefined;
    let y = 0;
    for (const [i, n] of counts.entries()) {
      for (const end = y + n; y < end; y++) {
        rows[y * rowBytes] = 0; // filter type None: zlib alone squeezes a chart's flat runs well
        pixels.copy(rows, y * rowBytes + 1, y * stride, (y + 1) * stride);
      }
      const input = rows.subarray((y - n) * rowBytes, y * rowBytes);
      if (i < counts.length - 1) pooled.push(deflatePoolPart(input));
      else {
        for (const part of pooled) part.catch(() => undefined); // handled by Promise.all below, even if this throws first
        last = deflateLastPart(input);
      }
    }
    deflated = [...(await Promise.all(pooled)), last!];
  } finally {
    if (spareRows.length >= 4) spareRows.shift();
    spareRows.push(rows);
  }
  const adler = deflated.reduce((a, p, i) => (i === 0 ? p.adler : adler32Combine(a, p.adler, counts[i]! * rowBytes)), 0);
  // One zlib stream: the first part's header, then every part's blocks (each part's own header dropped), then the trailer.
  const joined = deflated.map((p, i) => (i === 0 ? p.zlib : p.zlib.subarray(2)));
  const idatLength = joined.reduce((sum, b) => sum + b.length, 0) + 4;
  const png = Buffer.allocUnsafe(SIGNATURE.length + 25 + 12 + idatLength + 12);
  let at = SIGNATURE.copy(png, 0);
  // IHDR: width, height, bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace
  at = png.writeUInt32BE(13, at);
  const ihdr = at;
  at += png.write('IHDR', at, 'latin1');
  at = png.writeUInt32BE(width, at);
  at = png.writeUInt32BE(height, at);
  png.set([8, 6, 0, 0, 0], at);
  at += 5;
  at = png.writeUInt32BE(crc32(png.subarray(ihdr, at)), at);
  at = png.writeUInt32BE(idatLength, at);
  const idat = at;
  at += png.write('IDAT', at, 'latin1');
  for (const b of joined) at += b.copy(png, at);
  at = png.writeUInt32BE(adler, at);
  at = png.writeUInt32BE(crc32(png.subarray(idat, at)), at);
  at = png.writeUInt32BE(0, at);
  const iend = at;
  at += png.write('IEND', at, 'latin1');
  png.writeUInt32BE(crc32(png.subarray(iend, at)), at);
  return png;
}
