// @ts-check
// frontline search: result streams (no DOM, no network). A stream pulls checked
// results on demand from an async generator, so only the results shown cost a
// fragment; `Concat` chains the page language's stream and the others'.

/**
 * @template T
 * @typedef {{started: boolean, done: boolean, items: T[], fill(n: number): Promise<T[]>, estimate(): number}} ResultList
 */

/**
 * @typedef {{want: number, estimate: null | (() => number)}} StreamCtx
 * how many more results the caller needs, and how many there are as far as known
 */

/**
 * Results pulled on demand from an async generator; `fill(n)` has the first n ready.
 * @template T
 * @implements {ResultList<T>}
 */
export class Stream {
  /** @param {(ctx: StreamCtx) => AsyncGenerator<T>} start */
  constructor(start) {
    this.start = start;
    /** @type {AsyncGenerator<T> | null} */
    this.gen = null;
    /** @type {StreamCtx} */
    this.ctx = { want: 1, estimate: null };
    /** @type {T[]} */
    this.items = [];
    this.done = false;
    /** @type {Promise<unknown>} */
    this.queue = Promise.resolve();
  }
  get started() {
    return this.gen !== null;
  }
  /** @param {number} n */
  fill(n) {
    const run = this.queue.then(async () => {
      this.gen ??= this.start(this.ctx);
      while (this.items.length < n && !this.done) {
        this.ctx.want = n - this.items.length;
        const { value, done } = await this.gen.next();
        if (done) this.done = true;
        else this.items.push(value);
      }
      return this.items.slice(0, n);
    });
    this.queue = run.catch(() => {});
    return run;
  }
  /** How many results there are, as far as known without checking them all. */
  estimate() {
    if (this.done || !this.ctx.estimate) return this.items.length;
    return Math.max(this.items.length, this.ctx.estimate());
  }
}

/**
 * Streams one after another: the next one starts when the previous one is used up.
 * @template T
 * @implements {ResultList<T>}
 */
export class Concat {
  /** @param {ResultList<T>[]} parts */
  constructor(parts) {
    this.parts = parts;
  }
  get started() {
    return this.parts.some((p) => p.started);
  }
  get done() {
    return this.parts.every((p) => p.done);
  }
  get items() {
    /** @type {T[]} */
    const out = [];
    for (const p of this.parts) {
      out.push(...p.items);
      if (!p.done) break;
    }
    return out;
  }
  /** @param {number} n */
  async fill(n) {
    let have = 0;
    for (const p of this.parts) {
      if (have >= n) break;
      have += (await p.fill(n - have)).length;
    }
    return this.items.slice(0, n);
  }
  estimate() {
    return this.parts.reduce((a, p) => a + (p.started ? p.estimate() : 0), 0);
  }
}

/**
 * A list already complete.
 * @template T
 * @implements {ResultList<T>}
 */
export class Fixed {
  /** @param {T[]} items */
  constructor(items) {
    this.items = items;
    this.done = true;
    this.started = true;
  }
  /** @param {number} n */
  async fill(n) {
    return this.items.slice(0, n);
  }
  estimate() {
    return this.items.length;
  }
}
