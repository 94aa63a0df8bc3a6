import { iterateRecordBatches } from "@rill/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryFileSystem, PartitionLog } from "../src/index.js";
import { tagOf } from "./crash-trial.js";
import { appendBytes, makeBatch } from "./helpers.js";

/**
 * Model-based property test: random sequences of append / read / truncate / roll /
 * deleteRecordsBefore / close+reopen / crash+reopen against a list of batches in memory. After
 * every command the log's offsets match the model's, and every read returns exactly the batches
 * the model says. Runs on MemoryFileSystem (fast, and crashes are real losses of unflushed bytes).
 */
interface ModelBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly sizeInBytes: number;
  readonly tag: number;
}

interface Model {
  batches: ModelBatch[];
  logStartOffset: number;
  logEndOffset: number;
  nextTag: number;
}

interface Real {
  log: PartitionLog;
  readonly fileSystem: MemoryFileSystem;
}

const DIRECTORY = "/data/model-0";
const CONFIG = { segmentBytes: 1000, indexIntervalBytes: 100 };

function open(fileSystem: MemoryFileSystem): Promise<PartitionLog> {
  return PartitionLog.open({ directory: DIRECTORY, fileSystem, config: CONFIG });
}

function checkOffsets(model: Model, real: Real): void {
  expect(real.log.logEndOffset).toBe(model.logEndOffset);
  expect(real.log.logStartOffset).toBe(model.logStartOffset);
}

/** Picks an offset in [low, high] from a fraction, so commands stay valid as the model changes. */
function pick(fraction: number, low: number, high: number): number {
  return low + Math.floor(fraction * (high - low + 1 - 1e-9));
}

class AppendCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly count: number,
    readonly valueBytes: number,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const tag = model.nextTag;
    model.nextTag += 1;
    const bytes = makeBatch({ count: this.count, valueBytes: this.valueBytes, tag });
    const result = await appendBytes(real.log, bytes);
    await result.durable;
    expect(result.firstOffset).toBe(model.logEndOffset);
    model.batches.push({
      baseOffset: result.firstOffset,
      lastOffset: result.lastOffset,
      sizeInBytes: bytes.length,
      tag,
    });
    model.logEndOffset = result.lastOffset + 1;
    checkOffsets(model, real);
  }
  toString(): string {
    return `append(${this.count}x${this.valueBytes})`;
  }
}

class ReadCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly fraction: number,
    readonly maxBytes: number,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const offset = pick(this.fraction, model.logStartOffset, model.logEndOffset);
    const result = await real.log.read(offset, this.maxBytes);
    const expected: ModelBatch[] = [];
    let total = 0;
    for (const batch of model.batches) {
      if (batch.lastOffset < offset) continue;
      if (expected.length > 0 && total + batch.sizeInBytes > this.maxBytes) break;
      expected.push(batch);
      total += batch.sizeInBytes;
      if (total >= this.maxBytes) break;
    }
    const actual: { baseOffset: number; tag: number }[] = [];
    let position = 0;
    for (const header of iterateRecordBatches(result.bytes)) {
      actual.push({ baseOffset: header.baseOffset, tag: tagOf(result.bytes.subarray(position)) });
      position += header.sizeInBytes;
    }
    // The file path may return fewer batches than the tail cache when a segment ends first.
    expect(actual.length).toBeGreaterThanOrEqual(Math.min(1, expected.length));
    expect(actual).toEqual(
      expected.slice(0, actual.length).map((batch) => ({ baseOffset: batch.baseOffset, tag: batch.tag })),
    );
  }
  toString(): string {
    return `read(${this.fraction.toFixed(2)}, ${this.maxBytes})`;
  }
}

class TruncateCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly fraction: number) {}
  check(model: Readonly<Model>): boolean {
    return model.logEndOffset > model.logStartOffset + 1;
  }
  async run(model: Model, real: Real): Promise<void> {
    const offset = pick(this.fraction, model.logStartOffset + 1, model.logEndOffset);
    await real.log.truncateTo(offset);
    const firstRemoved = model.batches.findIndex((batch) => batch.lastOffset >= offset);
    if (firstRemoved >= 0) {
      model.logEndOffset = (model.batches[firstRemoved] as ModelBatch).baseOffset;
      model.batches = model.batches.slice(0, firstRemoved);
      if (model.logEndOffset < model.logStartOffset) {
        // The batch holding the log start went: the log restarts empty at the log start.
        model.logEndOffset = model.logStartOffset;
        model.batches = [];
      }
    }
    checkOffsets(model, real);
  }
  toString(): string {
    return `truncateTo(${this.fraction.toFixed(2)})`;
  }
}

class RollCommand implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    await real.log.roll();
    checkOffsets(model, real);
  }
  toString(): string {
    return "roll";
  }
}

class DeleteRecordsCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly fraction: number) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    real.log.setHighWatermark(model.logEndOffset);
    const offset = pick(this.fraction, model.logStartOffset, model.logEndOffset);
    await real.log.deleteRecordsBefore(offset);
    model.logStartOffset = Math.max(model.logStartOffset, offset);
    model.batches = model.batches.filter((batch) => batch.lastOffset >= model.logStartOffset);
    checkOffsets(model, real);
  }
  toString(): string {
    return `deleteRecordsBefore(${this.fraction.toFixed(2)})`;
  }
}

class ReopenCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly crash: boolean) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    if (this.crash) {
      // Every append was awaited durable; a power loss must lose none of them.
      real.fileSystem.crash();
    } else {
      await real.log.close();
    }
    real.log = await open(real.fileSystem);
    expect(real.log.recovery?.cleanShutdown).toBe(!this.crash);
    checkOffsets(model, real);
  }
  toString(): string {
    return this.crash ? "crash+reopen" : "close+reopen";
  }
}

const appendCommand = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 8, max: 100 }))
  .map(([count, bytes]) => new AppendCommand(count, bytes));

const commands = [
  appendCommand,
  appendCommand,
  appendCommand,
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 1500 }))
    .map(([fraction, maxBytes]) => new ReadCommand(fraction, maxBytes)),
  fc.double({ min: 0, max: 1, noNaN: true }).map((fraction) => new TruncateCommand(fraction)),
  fc.constant(new RollCommand()),
  fc.double({ min: 0, max: 1, noNaN: true }).map((fraction) => new DeleteRecordsCommand(fraction)),
  fc.boolean().map((crash) => new ReopenCommand(crash)),
];

describe("PartitionLog against an in-memory model", () => {
  it("gives the model's results for random command sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 80, size: "large" }), async (sequence) => {
        const fileSystem = new MemoryFileSystem();
        const real: Real = { log: await open(fileSystem), fileSystem };
        const model: Model = { batches: [], logStartOffset: 0, logEndOffset: 0, nextTag: 0 };
        try {
          await fc.asyncModelRun(() => ({ model, real }), sequence);
        } finally {
          await real.log.close().catch(() => undefined);
        }
      }),
      { numRuns: Number(process.env.RILL_STORAGE_MODEL_RUNS ?? 150), timeout: 2_000 },
    );
  });
});
