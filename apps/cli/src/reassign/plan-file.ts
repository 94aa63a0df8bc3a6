import { readFileSync } from "node:fs";
import { UsageError } from "../errors.js";
import { parsePlan, type ReassignmentPlan } from "./plan.js";

/** Reads and checks a plan file; one that cannot be read or parsed is a usage error. */
export function readPlan(file: string): ReassignmentPlan {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parsePlan(text, file);
}

/** Where --generate --output keeps the assignment from before the plan (to roll back with). */
export function rollbackFile(planFile: string): string {
  return planFile.endsWith(".json") ? `${planFile.slice(0, -5)}.rollback.json` : `${planFile}.rollback.json`;
}
