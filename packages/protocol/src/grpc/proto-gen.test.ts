import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  check,
  GENERATED_DIR,
  GENERATOR_OPTION_FLAGS,
  PROTO_ROOT,
  listProtoFiles as scriptProtoFiles,
} from "../../../../scripts/proto-gen.mjs";
import { generatorFlagsFor, PROTO_LOADER_OPTIONS } from "./loader-options.js";
import { findProtoRoot, listProtoFiles } from "./proto-files.js";

describe("generated types", () => {
  const scratchDirs: string[] = [];
  afterEach(() => {
    for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("are generated with exactly the runtime loader's options, from the same files", () => {
    expect([...GENERATOR_OPTION_FLAGS]).toEqual(generatorFlagsFor(PROTO_LOADER_OPTIONS));
    expect(findProtoRoot()).toBe(PROTO_ROOT);
    expect(listProtoFiles(findProtoRoot())).toEqual(scriptProtoFiles());
  });

  it("pass the drift check as committed", () => {
    expect(check()).toEqual([]);
  });

  it("fail the drift check, naming the files, when the output was edited", () => {
    const copy = mkdtempSync(join(tmpdir(), "rill-generated-"));
    scratchDirs.push(copy);
    cpSync(GENERATED_DIR, copy, { recursive: true });
    appendFileSync(join(copy, "rill/common/v1/ErrorInfo.ts"), "// edited by hand\n");
    unlinkSync(join(copy, "rill/broker/v1/Acks.ts"));
    writeFileSync(join(copy, "Stale.ts"), "export {};\n");
    expect(check(copy)).toEqual([
      { file: "Stale.ts", reason: "not generated (stale file)" },
      { file: "rill/broker/v1/Acks.ts", reason: "missing" },
      { file: "rill/common/v1/ErrorInfo.ts", reason: "content differs" },
    ]);
  });

  it("notices a proto change the committed output lacks", () => {
    const protoCopy = mkdtempSync(join(tmpdir(), "rill-proto-"));
    scratchDirs.push(protoCopy);
    cpSync(PROTO_ROOT, protoCopy, { recursive: true });
    appendFileSync(
      join(protoCopy, "rill/common/v1/cluster.proto"),
      "\n// A message the committed output lacks.\nmessage Extra {\n  // A field.\n  int32 value = 1;\n}\n",
    );
    const drift = check(GENERATED_DIR, protoCopy);
    expect(drift).toContainEqual({ file: "rill/common/v1/Extra.ts", reason: "missing" });
    // The descriptor processes load the protos from at run time follows proto/ too.
    expect(drift).toContainEqual({ file: "descriptor.ts", reason: "content differs" });
  });

  it("exits non-zero from the command line, listing the differing files", () => {
    const script = join(PROTO_ROOT, "..", "scripts", "proto-gen.mjs");
    const clean = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(clean.status).toBe(0);
    const copy = mkdtempSync(join(tmpdir(), "rill-generated-"));
    scratchDirs.push(copy);
    cpSync(GENERATED_DIR, copy, { recursive: true });
    appendFileSync(join(copy, "rill/broker/v1/ProduceRequest.ts"), "// edited by hand\n");
    const drifted = spawnSync(process.execPath, [script, "--check", `--generated-dir=${copy}`], {
      encoding: "utf8",
    });
    expect(drifted.status).toBe(1);
    expect(drifted.stderr).toContain("rill/broker/v1/ProduceRequest.ts: content differs");
  });
});
