/**
 * Named seed streams: deriveSeed(seed, "init:value") gives an integer seed of its own for every
 * purpose (net initialisation, collocation sampling, evaluation points), so that changing how many
 * numbers one purpose draws never shifts the numbers another purpose sees. FNV-1a of the name,
 * mixed with the seed through two rounds of a murmur3-style finaliser.
 */
export function deriveSeed(seed: number, name: string): number {
  if (!Number.isInteger(seed)) throw new Error(`deriveSeed: seed must be an integer, got ${seed}`);
  if (typeof name !== "string" || name.length === 0) throw new Error("deriveSeed: name must be a non-empty string");
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix(mix(h ^ (seed | 0)) ^ Math.floor(seed / 4294967296)) | 0;
}

function mix(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
