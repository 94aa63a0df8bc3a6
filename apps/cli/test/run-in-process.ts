import { Readable } from "node:stream";
import { vi } from "vitest";
import { runCli } from "../src/program.js";

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `rill ...` in this process, as bin/rill would, capturing stdout and stderr; `stdin`
 * (when given) is what the command reads from process.stdin.
 */
export async function runInProcess(args: readonly string[], stdin?: string | Uint8Array): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const capture = (append: (text: string) => void) => (chunk: string | Uint8Array) => {
    append(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  };
  const out = vi
    .spyOn(process.stdout, "write")
    .mockImplementation(capture((text) => (stdout += text)) as never);
  const err = vi
    .spyOn(process.stderr, "write")
    .mockImplementation(capture((text) => (stderr += text)) as never);
  const input =
    stdin === undefined
      ? undefined
      : vi
          .spyOn(process, "stdin", "get")
          .mockReturnValue(Readable.from([stdin]) as never as typeof process.stdin);
  try {
    const status = await runCli(args);
    return { status, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    input?.mockRestore();
  }
}
