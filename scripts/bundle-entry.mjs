#!/usr/bin/env node
// Bundles a process entry point (src/main.ts of the app whose directory this runs in) into
// dist/main.js, over the file tsc wrote there (issue 14). Start-up then reads and compiles a few
// files instead of hundreds: most of a broker's or controller's start was Node resolving and
// compiling the module files of our packages and of node_modules (grpc-js, protobufjs, pino,
// prom-client, zod, ...), and Node 20 keeps no compile cache.
//
//   cd apps/broker && node ../../scripts/bundle-entry.mjs    (each app's `build` runs it after tsc)
//
// - Workspace packages are bundled from their TypeScript source (the "source" export condition),
//   third-party packages from their installed files; Node's built-ins stay imports.
// - Code a dynamic import() reaches (the CLI's commands, see apps/cli/src/program.ts) goes into
//   dist/chunks/, loaded only by the command that needs it. Chunks are real ES modules, so a
//   top-level await (the zstd codec's) keeps its meaning, and they sit one directory below dist/
//   as tsc's dist/commands/ did, so a module-relative `../main.js` (`rill dev up`) still resolves.
// - EXTERNAL packages stay imports, resolved at run time from the app's own node_modules (each is
//   a dependency of the app for that reason): they load files next to their own code (a prebuilt
//   native binary chosen per platform, a .wasm file) that a bundle cannot carry.
// - The output is ES modules, as tsc's was; CommonJS code inside gets `require`, `__filename` and
//   `__dirname` from the banner (those of the output file, except for PACKAGE_DIRNAME below).
//   Other bundled code that reads files by `__dirname` runs only on paths Rill does not take:
//   grpc-js's channelz and ORCA protos (admin services, ORCA load reports) and pino's worker
//   threads (transports; Rill logs through pino.destination). Taking one needs an entry there.
// - Source maps (dist/main.js.map, dist/chunks/*.map, sources inlined) map stack frames back to
//   the TypeScript: `NODE_OPTIONS=--enable-source-maps` shows them in stack traces. Not on by
//   default, since reading the maps (several MB) costs every start about 50 ms of CPU (measured
//   here); without it a frame names the function (names are kept) at a line of the bundle.
// - dist/main.js.meta.json lists every input file and its size in the output (esbuild's metafile).
import { rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";

/** Packages that read files next to their own code at run time (see above). */
const EXTERNAL = ["@node-rs/crc32", "@bokuweb/zstd-wasm"];
/**
 * Bundled CommonJS packages whose code reads a file relative to `__dirname` as it loads
 * (grpc-health-check: its health.proto). In their files `__dirname` is the directory the file has
 * in the installed package, found at run time from the app (each is a dependency of the app).
 */
const PACKAGE_DIRNAME = ["grpc-health-check"];

const appDir = process.cwd();
// Chunks of an earlier build would stay next to the new ones, unused: start from none.
rmSync(join(appDir, "dist", "chunks"), { recursive: true, force: true });
// esbuild is a devDependency of each app that bundles (resolved from the app, not from here).
const esbuild = createRequire(join(appDir, "package.json"))("esbuild");

const result = await esbuild.build({
  entryPoints: [join(appDir, "src", "main.ts")],
  outdir: join(appDir, "dist"),
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  conditions: ["source"],
  external: EXTERNAL,
  sourcemap: "linked",
  sourcesContent: true,
  keepNames: true,
  plugins: [packageDirname(PACKAGE_DIRNAME)],
  metafile: true,
  logLevel: "warning",
  banner: {
    js: [
      'import { createRequire as __bundleCreateRequire } from "node:module";',
      'import { dirname as __bundleDirname } from "node:path";',
      'import { fileURLToPath as __bundleFileURLToPath } from "node:url";',
      "const require = __bundleCreateRequire(import.meta.url);",
      "const __filename = __bundleFileURLToPath(import.meta.url);",
      "const __dirname = __bundleDirname(__filename);",
    ].join("\n"),
  },
});
writeFileSync(join(appDir, "dist", "main.js.meta.json"), JSON.stringify(result.metafile));
// An external the output cannot resolve fails only at run time, and @node-rs/crc32's failure is
// silent (a fallback to the slower JS CRC): check here that the app can resolve each of them.
const fromOutput = createRequire(join(appDir, "dist", "main.js"));
for (const name of [...EXTERNAL, ...PACKAGE_DIRNAME]) {
  try {
    fromOutput.resolve(name);
  } catch {
    throw new Error(`${name} does not resolve from ${appDir}/dist: add it to the app's dependencies`);
  }
}

/** The esbuild plugin of PACKAGE_DIRNAME: a `__dirname` of their own for the files of `names`. */
function packageDirname(names) {
  const pattern = new RegExp(`[\\\\/]node_modules[\\\\/](${names.join("|")})[\\\\/].*\\.c?js$`);
  return {
    name: "package-dirname",
    setup(build) {
      build.onLoad({ filter: pattern }, async (args) => {
        const contents = await readFile(args.path, "utf8");
        if (!contents.includes("__dirname")) return { contents, loader: "js" };
        const name = pattern.exec(args.path)?.[1];
        const packageRoot = args.path.slice(
          0,
          args.path.lastIndexOf(`${sep}node_modules${sep}${name}${sep}`),
        );
        const inPackage = relative(join(packageRoot, "node_modules", name), dirname(args.path));
        const packageJson = JSON.stringify(`${name}/package.json`);
        const directory = `require("node:path").join(require("node:path").dirname(require.resolve(${packageJson})), ${JSON.stringify(inPackage.split(sep).join("/"))})`;
        return { contents: `var __dirname = ${directory};\n${contents}`, loader: "js" };
      });
    },
  };
}
