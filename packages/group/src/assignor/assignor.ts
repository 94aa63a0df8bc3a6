import { RillError } from "@rill/protocol";
import type { Assignor } from "./assignor-types.js";

export type { Assignor, AssignorInput, AssignorMember } from "./assignor-types.js";

import { rangeAssignor } from "./range-assignor.js";
import { uniformAssignor } from "./uniform-assignor.js";

export const DEFAULT_ASSIGNOR = "uniform";

const ASSIGNORS: ReadonlyMap<string, Assignor> = new Map([
  ["uniform", uniformAssignor],
  ["range", rangeAssignor],
]);

/** The assignor by name ("" is the default); UNSUPPORTED_ASSIGNOR for an unknown name. */
export function assignorNamed(name: string): Assignor {
  const assignor = ASSIGNORS.get(name === "" ? DEFAULT_ASSIGNOR : name);
  if (assignor === undefined) {
    throw new RillError(
      "UNSUPPORTED_ASSIGNOR",
      `the coordinator has no assignor "${name}" (known: ${[...ASSIGNORS.keys()].join(", ")})`,
    );
  }
  return assignor;
}

/** Throws UNSUPPORTED_ASSIGNOR unless `name` is "" or a known assignor. */
export function checkAssignorName(name: string): void {
  assignorNamed(name);
}
