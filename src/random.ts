// Seeded pseudo-random numbers: sfc32 (Small Fast Counting, PractRand-clean), seeded through splitmix32.
// Everything random in nnkit takes an Rng, so the same seed gives the same model, bit for bit.
// The state is four uint32 words; `state()` / `setState()` let checkpoints resume a run exactly.

export type RngState = [number, number, number, number];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined; // the second value of a Box–Muller pair

  constructor(seed = 0) {
    if (!Number.isInteger(seed)) throw new TypeError(`Rng: seed must be an integer, got ${seed}`);
    const sm = splitmix32(seed);
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    this.spare = undefined;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0; // >>> 0: XOR yields int32; the state stays uint32 (same stream)
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1) with 32 random bits. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** Whole number uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal N(0, 1) by Box–Muller. */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A new independent generator derived from this one (for per-layer or per-trial streams). */
  fork(): Rng {
    return new Rng(this.nextUint32() | 0);
  }

  state(): { words: RngState; spare: number | null } {
    return { words: [this.a, this.b, this.c, this.d], spare: this.spare ?? null };
  }

  setState(s: { words: RngState; spare: number | null }): void {
    if (
      !Array.isArray(s?.words) ||
      s.words.length !== 4 ||
      !s.words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)
    ) {
      throw new TypeError('Rng.setState: words must be four uint32 numbers');
    }
    [this.a, this.b, this.c, this.d] = s.words;
    this.spare = s.spare ?? undefined;
  }
}
