// Seeded randomness for the DEMO market: a small PRNG and standard normals drawn from it.

/** mulberry32: a small 32-bit PRNG with a good spread (Tommy Ettinger), uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normals by the Box-Muller transform over a seeded uniform source. Filled in blocks into
 * a typed array: one tight loop that the JIT optimises at once, which keeps the cold build fast.
 */
export function normals(seed: number): () => number {
  const u = mulberry32(seed);
  const block = new Float64Array(4096);
  let k = block.length;
  return () => {
    if (k === block.length) {
      for (let i = 0; i < block.length; i += 2) {
        const r = Math.sqrt(-2 * Math.log(1 - u()));
        const th = 2 * Math.PI * u();
        block[i] = r * Math.cos(th);
        block[i + 1] = r * Math.sin(th);
      }
      k = 0;
    }
    return block[k++]!;
  };
}
