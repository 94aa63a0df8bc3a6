import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** How many directories up from this module the search for the repo's proto/ dir may go. */
const PROTO_ROOT_SEARCH_DEPTH_MAX = 8;

/**
 * The repo's proto/ directory, found by walking up from this module's own location, so the same
 * code works from src/grpc (tests, tsx) and dist/grpc (built), both four levels below the root.
 * The environment variable RILL_PROTO_DIR overrides it (e.g. a container image that copies
 * proto/ elsewhere). Throws when none is found: nothing can be served without the contracts.
 */
export function findProtoRoot(startDir: string = dirname(fileURLToPath(import.meta.url))): string {
  const override = process.env.RILL_PROTO_DIR;
  if (override !== undefined && override !== "") {
    if (!isProtoRoot(override)) throw new Error(`RILL_PROTO_DIR=${override} holds no rill/ protos`);
    return override;
  }
  let dir = startDir;
  for (let depth = 0; depth < PROTO_ROOT_SEARCH_DEPTH_MAX; depth += 1) {
    const candidate = join(dir, "proto");
    if (isProtoRoot(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`no proto/ directory with rill/ protos above ${startDir}; set RILL_PROTO_DIR`);
}

function isProtoRoot(dir: string): boolean {
  const rill = join(dir, "rill");
  return existsSync(rill) && statSync(rill).isDirectory();
}

/** Every .proto under protoRoot, relative to it with "/" separators, sorted (as proto-gen.mjs lists them). */
export function listProtoFiles(protoRoot: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".proto")) found.push(relative(protoRoot, path).split(sep).join("/"));
    }
  };
  walk(protoRoot);
  return found.sort();
}
