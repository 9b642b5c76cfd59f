// Seeded PRNG (mulberry32) so a chaos run, a shuffled event order or a fuzz case can be replayed from its seed.
// The one copy: the emulator cannot import the app, so the app's tests and tools import it from here.

export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
