/**
 * Runs the data-driven interaction scripts in packages/raft/testdata/*.txt. To accept new
 * output on purpose: RILL_REWRITE=1 npx pnpm@9.15.9 exec vitest run --project raft test/core
 * then review the diff.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, render } from "./datadriven.js";
import { InteractionEnv } from "./interaction-env.js";

const DIR = join(import.meta.dirname, "../../testdata");
const REWRITE = process.env.RILL_REWRITE === "1";

describe("raft interaction scripts", () => {
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith(".txt"))
    .sort()) {
    it(file, () => {
      const path = join(DIR, file);
      const original = readFileSync(path, "utf8");
      const cases = parse(original);
      const env = new InteractionEnv();
      const outputs = cases.map((c) => {
        try {
          return env.run(c.command, c.args);
        } catch (err) {
          return `error: ${err instanceof Error ? err.message : String(err)}`;
        }
      });
      const actual = render(cases, outputs);
      if (REWRITE) {
        writeFileSync(path, actual);
        return;
      }
      expect(actual).toBe(
        render(
          cases,
          cases.map((c) => c.expected),
        ),
      );
    });
  }
});
