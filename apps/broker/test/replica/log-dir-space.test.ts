import { isRillError } from "@rill/protocol";
import { describe, expect, it } from "vitest";
import { LogDirSpace } from "../../src/replica/log-dir-space.js";

const MIB = 1024 * 1024;

function space(freeBytes: { value: number }): LogDirSpace {
  return new LogDirSpace({
    directory: "/data",
    freeBytesMin: 10 * MIB,
    checkIntervalMs: 60_000,
    probe: async () => freeBytes.value,
  });
}

describe("LogDirSpace (appends refused before the disk is full)", () => {
  it("lets appends through above the reserve and counts them until the next sample", async () => {
    const free = { value: 12 * MIB };
    const guard = space(free);
    await guard.sample();
    expect(guard.reserve(MIB)).toBeUndefined();
    expect(guard.freeBytes).toBe(11 * MIB);
    // Down to exactly the reserve is allowed; one byte below it is not.
    expect(guard.reserve(MIB)).toBeUndefined();
    const refused = guard.reserve(1);
    expect(isRillError(refused, "STORAGE_ERROR")).toBe(true);
    expect(refused?.retriable).toBe(true);
    expect(refused?.message).toMatch(/disk full/);
    expect(refused?.details).toMatchObject({ cause: "disk-full", freeBytesMin: 10 * MIB });
  });

  it("tells once when a sample finds the disk below the reserve and once when space is back", async () => {
    const free = { value: 12 * MIB };
    const changes: [boolean, number][] = [];
    const guard = new LogDirSpace({
      directory: "/data",
      freeBytesMin: 10 * MIB,
      checkIntervalMs: 60_000,
      probe: async () => free.value,
      onFullChange: (full, freeBytes) => changes.push([full, freeBytes]),
    });
    await guard.sample();
    free.value = 9 * MIB;
    await guard.sample();
    free.value = 8 * MIB;
    await guard.sample();
    free.value = 10 * MIB;
    await guard.sample();
    await guard.sample();
    expect(changes).toEqual([
      [true, 9 * MIB],
      [false, 10 * MIB],
    ]);
  });

  it("accepts appends again once a sample sees space, without a restart", async () => {
    const free = { value: 10 * MIB };
    const guard = space(free);
    await guard.sample();
    expect(guard.reserve(1)).toBeDefined();
    free.value = 50 * MIB;
    await guard.sample();
    expect(guard.reserve(MIB)).toBeUndefined();
    expect(guard.freeBytes).toBe(49 * MIB);
  });

  it("refuses nothing before its first sample, and keeps the last sample when a probe fails", async () => {
    const errors: unknown[] = [];
    let fail = false;
    const guard = new LogDirSpace({
      directory: "/data",
      freeBytesMin: 10 * MIB,
      checkIntervalMs: 60_000,
      probe: async () => {
        if (fail) throw new Error("EIO");
        return 5 * MIB;
      },
      onProbeError: (error) => errors.push(error),
    });
    expect(guard.reserve(MIB)).toBeUndefined();
    await guard.sample();
    fail = true;
    await guard.sample();
    expect(errors).toHaveLength(1);
    expect(guard.reserve(1)).toBeDefined();
  });
});
