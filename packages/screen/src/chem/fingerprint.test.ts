import { describe, expect, it } from "vitest";
import { bitCount, onBits, packFingerprintBytes, popcount32, tanimoto } from "./fingerprint.ts";

/** A packed fingerprint with the given bits set (hand-made test vectors). */
function fp(bits: number[], nBits = 128): Uint32Array {
  const out = new Uint32Array(nBits / 32);
  for (const b of bits) out[b >>> 5] = ((out[b >>> 5] as number) | (1 << (b & 31))) >>> 0;
  return out;
}

function naivePopcount(x: number): number {
  let n = 0;
  for (let i = 0; i < 32; i++) if ((x >>> i) & 1) n++;
  return n;
}

describe("popcount", () => {
  it("counts the set bits of hand-picked words", () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(1)).toBe(1);
    expect(popcount32(0x80000000)).toBe(1);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x55555555)).toBe(16);
    expect(popcount32(0xf0f0f0f0)).toBe(16);
    expect(popcount32(0x00010001)).toBe(2);
    expect(popcount32(-1)).toBe(32);
  });

  it("agrees with a bit-by-bit count on 10,000 pseudo-random words", () => {
    let s = 2463534242;
    for (let i = 0; i < 10_000; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const w = s >>> 0;
      expect(popcount32(w)).toBe(naivePopcount(w));
    }
  });

  it("counts bits of a packed fingerprint and lists them", () => {
    const a = fp([0, 5, 31, 32, 63, 64, 127]);
    expect(bitCount(a)).toBe(7);
    expect(onBits(a)).toEqual([0, 5, 31, 32, 63, 64, 127]);
    expect(bitCount(a, 1, 1)).toBe(2); // word 1 holds bits 32 and 63
  });
});

describe("packing RDKit's byte fingerprints", () => {
  it("puts bit i of the byte stream (LSB first) at bit i of the word stream", () => {
    // bytes: bit 0 and 1 (byte 0 = 0b11), bit 31 (byte 3 = 0x80), bit 32 (byte 4 = 1), bit 47 (byte 5 = 0x80)
    const bytes = new Uint8Array([0b11, 0, 0, 0x80, 1, 0x80, 0, 0]);
    const out = new Uint32Array(2);
    packFingerprintBytes(bytes, out);
    expect(onBits(out)).toEqual([0, 1, 31, 32, 47]);
    expect(out[0]).toBe(0x80000003);
  });
});

describe("Tanimoto on hand-made bit vectors", () => {
  it("is |A∩B| / |A∪B|", () => {
    // A = {0,1,2,3}, B = {2,3,4}: 2 common, 5 in the union
    expect(tanimoto(fp([0, 1, 2, 3]), fp([2, 3, 4]))).toBe(2 / 5);
    // across word boundaries: A = {31,32,100}, B = {32,100,101,127}: 2 / 5
    expect(tanimoto(fp([31, 32, 100]), fp([32, 100, 101, 127]))).toBe(2 / 5);
    expect(tanimoto(fp([7, 70]), fp([7, 70]))).toBe(1);
    expect(tanimoto(fp([1]), fp([2]))).toBe(0);
    expect(tanimoto(fp([1, 2, 3]), fp([]))).toBe(0);
  });

  it("gives 1 for two empty fingerprints, as RDKit's TanimotoSimilarity does", () => {
    expect(tanimoto(fp([]), fp([]))).toBe(1);
  });

  it("is symmetric", () => {
    const a = fp([3, 9, 40, 41, 99]);
    const b = fp([9, 41, 98, 99, 120, 121]);
    expect(tanimoto(a, b)).toBe(tanimoto(b, a));
    expect(tanimoto(a, b)).toBe(3 / 8);
  });

  it("refuses fingerprints of different lengths", () => {
    expect(() => tanimoto(fp([1], 64), fp([1], 128))).toThrow(/differ in length/);
  });
});
