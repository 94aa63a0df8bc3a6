// The layering rules of SPEC §1, in one place, checked by `pnpm lint` (dependency-cruiser).
// protocol imports nothing of ours; storage only protocol; raft's pure core nothing of ours (its
// durable log and driver may use storage and protocol); metadata imports raft; replication imports
// storage (and metadata types); group (the coordinator's pure core) only protocol; client only
// protocol; apps import packages; no package imports an app; apps do not import each other,
// except the CLI, which runs the controller and broker apps.
// Small shared utilities have one home, the lowest layer every package may import: @rill/protocol
// (`@rill/protocol/assert`, `/ids` for the branded NodeId/Offset/LeaderEpoch, `/random`, `/time`, `/testing` for the tests' waitFor and freePorts,
// the gRPC helpers such as remainingMs, and the one host:port parser, parseHostPort/formatHostPort).
/** @type {import('dependency-cruiser').IConfiguration} */
const allowedWorkspaceDeps = {
  bench: [],
  protocol: [],
  storage: ["protocol"],
  raft: ["protocol", "storage"],
  metadata: ["protocol", "raft", "storage"],
  replication: ["protocol", "storage", "metadata"],
  group: ["protocol"],
  client: ["protocol"],
  runtime: ["protocol"],
};

const packageRules = Object.entries(allowedWorkspaceDeps).map(([name, allowed]) => ({
  name: `layer-${name}`,
  comment: `packages/${name} may import only: ${allowed.join(", ") || "nothing of ours"}`,
  severity: "error",
  from: { path: `^packages/${name}/src` },
  to: {
    path: "^packages/([^/]+)/",
    pathNot: [`^packages/(${[name, ...allowed].join("|")})/`],
  },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "packages-never-import-apps",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "raft-core-is-pure",
      comment:
        "The Raft core imports nothing of ours and no Node module (no clock, sockets, files), except the one pure assertion helper (@rill/protocol/assert) and the branded ids (@rill/protocol/ids).",
      severity: "error",
      from: { path: "^packages/raft/src/core/" },
      to: {
        pathNot: [
          "^packages/raft/src/core/",
          "^packages/protocol/src/assert/",
          "^packages/protocol/src/ids/",
        ],
      },
    },
    {
      name: "pure-cores-import-no-node-module",
      comment:
        "The replication, metadata and group cores (and Raft's) are pure state machines driven by their callers: no Node module (files, sockets, clocks, timers); time comes in as an argument or a tick. Their simulations and CLIs may use Node; the clock globals are refused by biome's noRestrictedGlobals (biome.json overrides).",
      severity: "error",
      from: {
        path: "^packages/(replication/src|metadata/src|group/src|raft/src/core)/",
        pathNot: ["^packages/metadata/src/sim/", "[.]test[.]ts$"],
      },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "apps-do-not-import-each-other",
      comment: "Apps are independent of each other; the CLI is the one exception (below).",
      severity: "error",
      from: { path: "^apps/([^/]+)/", pathNot: "^apps/cli/" },
      to: { path: "^apps/", pathNot: ["^apps/$1/"] },
    },
    {
      name: "cli-imports-only-server-apps",
      comment:
        "`rill controller start` and `rill broker start` run the controller and broker in the CLI's process, so the CLI imports those two apps (through their package entry) and no other.",
      severity: "error",
      from: { path: "^apps/cli/" },
      to: { path: "^apps/", pathNot: ["^apps/(cli|controller|broker)/"] },
    },
    ...packageRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|generated)/" },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["source", "import", "require", "node", "default"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
