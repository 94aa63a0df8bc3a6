/**
 * The simulation's only source of randomness: a seeded generator with the helpers a simulation
 * needs. Built on the controller's SeededRandom so that one algorithm serves both.
 */
import { SeededRandom } from "../controller/random.js";

export class SimRandom {
  private readonly source: SeededRandom;

  constructor(seed: number) {
    this.source = new SeededRandom(seed);
  }

  nextUint32(): number {
    return this.source.nextUint32();
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.source.nextUint32() / 4294967296;
  }

  /** Uniform integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** An independent generator derived from this one (one per node, so nodes do not interfere). */
  fork(): SimRandom {
    return new SimRandom(this.nextUint32());
  }
}
