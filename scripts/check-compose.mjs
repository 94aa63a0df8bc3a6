#!/usr/bin/env node
// Static check of deploy/: docker-compose.yml, the Prometheus scrape config and the Grafana
// dashboards, against what the code accepts and exports. No Docker engine runs in CI, so this is
// what keeps the files honest there:
// - every service has an image or a build whose Dockerfile exists; ports are HOST:CONTAINER
//   numbers, no host port twice; volumes are declared (or existing ./paths); depends_on names
//   services;
// - every Rill service runs `controller start` or `broker start`, with a health check, its data
//   volume and the cluster-id volume; every RILL_* variable is the env name of a config key of
//   that role (the same schemas the binaries load) and its value parses with that key; the
//   required keys are set; each broker publishes the host port of every listener it advertises
//   on localhost;
// - Prometheus scrapes every Rill service's metrics port;
// - each dashboard parses, uses the provisioned datasource, and every rill_* metric its panels
//   query is a metric the code registers.
//
// `node scripts/check-compose.mjs` (after a build: it loads the config schemas from dist/) prints
// the problems and exits 1 if there are any; apps/cli/test/deploy-compose.test.ts runs the same
// check from source in the test suite.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DEPLOY_DIR = join(REPO_ROOT, "deploy");

/** Variables the image's entrypoint reads itself (not config keys). */
const ENTRYPOINT_VARIABLES = new Set(["RILL_CLUSTER_ID"]);
/** Keys the entrypoint provides a value for when the service does not. */
const ENTRYPOINT_DEFAULTS = new Set(["data.dir"]);
const DATA_MOUNT = "/var/lib/rill";
const CLUSTER_ID_MOUNT = "/var/lib/rill-cluster";
const ROLES = ["controller", "broker"];
/** Metric names the code does not register itself: prom-client's default process metrics. */
const DEFAULT_METRIC_PREFIXES = ["process_", "nodejs_"];
const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count"];

/**
 * The names (with the rill_ prefix) of the metrics registered in apps/ and packages/ sources:
 * every `name: "snake_case"` in a non-test file that registers metrics.
 */
export function codeMetricNames(root = REPO_ROOT) {
  const names = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "dist" && entry.name !== "generated") walk(path);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
        const text = readFileSync(path, "utf8");
        if (!/\.(gauge|counter|histogram)\s*[<(]/.test(text)) continue;
        for (const match of text.matchAll(/\bname:\s*"([a-z][a-z0-9_]*)"/g)) names.add(`rill_${match[1]}`);
      }
    }
  };
  for (const group of ["apps", "packages"]) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      const src = join(root, group, entry.name, "src");
      if (entry.isDirectory() && existsSync(src)) walk(src);
    }
  }
  return names;
}

/** The rill_* metric names a PromQL expression reads (histogram series by their family name). */
export function metricsInExpression(expression) {
  const found = new Set();
  for (const match of expression.matchAll(/\b(rill_[a-z0-9_]+)\b/g)) {
    let name = match[1];
    for (const suffix of HISTOGRAM_SUFFIXES) {
      if (name.endsWith(suffix)) name = name.slice(0, -suffix.length);
    }
    found.add(name);
  }
  return found;
}

function asList(value) {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function environmentOf(service) {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const [key, ...rest] = String(entry).split("=");
        return [key, rest.join("=")];
      }),
    );
  }
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value ?? "")]));
}

function parsePort(text) {
  const match = /^(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/.exec(text);
  if (match === null) return undefined;
  const host = match[1] === undefined ? undefined : Number(match[1]);
  const container = Number(match[2]);
  const valid = (port) => port === undefined || (port >= 1 && port <= 65_535);
  return valid(host) && valid(container) ? { host, container } : undefined;
}

function isRillService(service) {
  return asList(service.command)[1] === "start" && ROLES.includes(asList(service.command)[0]);
}

/**
 * The problems found, as strings ("service broker-1: ..."); empty when deploy/ is consistent.
 * `schemas`: the config schema of each role ({ controller, broker }: key → { parse, hasDefault,
 * optional }); `envName(key)`: the RILL_* variable of a key; `parseListener(text)`: the
 * runtime's NAME://host:port parser; `metricNames`: what the code registers (codeMetricNames);
 * `read(path)`: a file of deploy/ by relative path, undefined when absent.
 */
export function checkCompose({ schemas, envName, parseListener, metricNames, read }) {
  const problems = [];
  const composeText = read("docker-compose.yml");
  if (composeText === undefined) return ["docker-compose.yml is missing"];
  let compose;
  try {
    compose = parseYaml(composeText, { merge: true });
  } catch (error) {
    return [`docker-compose.yml does not parse: ${error.message}`];
  }
  const services = compose?.services ?? {};
  const declaredVolumes = new Set(Object.keys(compose?.volumes ?? {}));
  if (Object.keys(services).length === 0) problems.push("docker-compose.yml has no services");
  const hostPorts = new Map();
  const rillServices = [];

  for (const [name, service] of Object.entries(services)) {
    const at = `service ${name}`;
    if (service.image === undefined && service.build === undefined)
      problems.push(`${at}: neither image nor build`);
    if (service.build !== undefined) {
      const build = typeof service.build === "string" ? { context: service.build } : service.build;
      const dockerfile = join(build.context ?? ".", build.dockerfile ?? "Dockerfile");
      if (read(dockerfile) === undefined) problems.push(`${at}: build file ${dockerfile} does not exist`);
    }
    for (const entry of asList(service.ports)) {
      const port = parsePort(String(entry));
      if (port === undefined) {
        problems.push(`${at}: port '${entry}' is not HOST:CONTAINER with ports 1-65535`);
        continue;
      }
      if (port.host === undefined) continue;
      const owner = hostPorts.get(port.host);
      if (owner !== undefined) problems.push(`${at}: host port ${port.host} is also published by ${owner}`);
      hostPorts.set(port.host, name);
    }
    for (const entry of asList(service.volumes)) {
      const source = typeof entry === "string" ? entry.split(":")[0] : entry.source;
      if (source.startsWith(".") || source.startsWith("/")) {
        if (read(source) === undefined && !existsSync(join(DEPLOY_DIR, source))) {
          problems.push(`${at}: bind-mounted path ${source} does not exist`);
        }
      } else if (!declaredVolumes.has(source)) {
        problems.push(`${at}: volume ${source} is not declared under volumes:`);
      }
    }
    const dependencies = Array.isArray(service.depends_on)
      ? service.depends_on
      : Object.keys(service.depends_on ?? {});
    for (const dependency of dependencies) {
      if (services[dependency] === undefined)
        problems.push(`${at}: depends_on ${dependency}, which is no service`);
    }
    if (isRillService(service)) {
      rillServices.push(name);
      problems.push(...checkRillService(at, service, { schemas, envName, parseListener }));
    } else if (service.image === "rill:dev" && service.entrypoint === undefined) {
      problems.push(`${at}: runs the rill image without 'controller start' or 'broker start'`);
    }
  }
  for (const role of ROLES) {
    if (!rillServices.some((name) => asList(services[name].command)[0] === role)) {
      problems.push(`no ${role} service`);
    }
  }
  problems.push(...checkPrometheus(read, services, rillServices, { schemas, envName }));
  problems.push(...checkDashboards(read, metricNames));
  return problems;
}

function checkRillService(at, service, { schemas, envName, parseListener }) {
  const problems = [];
  const role = asList(service.command)[0];
  const schema = schemas[role];
  const byEnv = new Map(Object.keys(schema).map((key) => [envName(key), key]));
  const environment = environmentOf(service);
  const values = {};
  for (const [variable, value] of Object.entries(environment)) {
    if (ENTRYPOINT_VARIABLES.has(variable)) continue;
    const key = byEnv.get(variable);
    if (key === undefined) {
      problems.push(
        `${at}: ${variable} is not a ${role} config key (RILL_<KEY> of: ${[...byEnv.keys()].join(", ")})`,
      );
      continue;
    }
    if (value.includes("${")) continue;
    const parsed = schema[key].parse(value);
    if (!parsed.ok)
      problems.push(`${at}: ${variable}=${value} ${parsed.reason}; expected ${schema[key].expected}`);
    else values[key] = value;
  }
  for (const flag of asList(service.command).slice(2)) {
    problems.push(`${at}: command argument '${flag}': set config keys through RILL_* variables`);
  }
  for (const [key, definition] of Object.entries(schema)) {
    if (definition.hasDefault || definition.optional || ENTRYPOINT_DEFAULTS.has(key)) continue;
    if (environment[envName(key)] === undefined)
      problems.push(`${at}: required key ${key} (${envName(key)}) is not set`);
  }
  // A controller needs exactly one of these (the config loader's cross-key rule): the voters of
  // the initial quorum, or the bootstrap servers of a quorum it joins.
  if (role === "controller") {
    const quorumKeys = ["controller.quorum.voters", "controller.quorum.bootstrap.servers"];
    const set = quorumKeys.filter((key) => environment[envName(key)] !== undefined);
    if (set.length !== 1)
      problems.push(
        `${at}: exactly one of ${quorumKeys.map((key) => `${key} (${envName(key)})`).join(" or ")} must be set, not ${set.length}`,
      );
  }
  if (service.healthcheck === undefined) problems.push(`${at}: no healthcheck`);
  const mounts = asList(service.volumes).map((entry) =>
    typeof entry === "string" ? entry.split(":")[1] : entry.target,
  );
  for (const mount of [DATA_MOUNT, CLUSTER_ID_MOUNT]) {
    if (!mounts.includes(mount)) problems.push(`${at}: no volume mounted at ${mount}`);
  }
  if (role === "broker" && values.listeners !== undefined && values["advertised.listeners"] !== undefined) {
    problems.push(...checkPublishedListeners(at, service, values, parseListener));
  }
  return problems;
}

/** Every listener advertised on the host's loopback must be published at that port. */
function checkPublishedListeners(at, service, values, parseListener) {
  const problems = [];
  const split = (text) => text.split(",").map((entry) => parseListener(entry.trim()));
  const binds = new Map(split(values.listeners).map((listener) => [listener.name, listener.port]));
  const published = asList(service.ports).map((entry) => parsePort(String(entry)));
  for (const advertised of split(values["advertised.listeners"])) {
    if (advertised.host !== "localhost" && advertised.host !== "127.0.0.1") continue;
    const bindPort = binds.get(advertised.name);
    const found = published.some((port) => port?.host === advertised.port && port.container === bindPort);
    if (!found) {
      problems.push(
        `${at}: advertises ${advertised.name}://${advertised.host}:${advertised.port} but does not publish "${advertised.port}:${bindPort}"`,
      );
    }
  }
  return problems;
}

function checkPrometheus(read, services, rillServices, { schemas, envName }) {
  const prometheusService = Object.values(services).find((service) =>
    String(service.image ?? "").startsWith("prom/prometheus"),
  );
  if (prometheusService === undefined) return ["no Prometheus service"];
  const text = read("prometheus/prometheus.yml");
  if (text === undefined) return ["prometheus/prometheus.yml is missing"];
  let config;
  try {
    config = parseYaml(text);
  } catch (error) {
    return [`prometheus/prometheus.yml does not parse: ${error.message}`];
  }
  const targets = new Set(
    (config?.scrape_configs ?? []).flatMap((job) =>
      (job.static_configs ?? []).flatMap((entry) => entry.targets ?? []),
    ),
  );
  const problems = [];
  for (const name of rillServices) {
    const role = asList(services[name].command)[0];
    const listener = environmentOf(services[name])[envName("metrics.listener")];
    const parsed = listener === undefined ? undefined : schemas[role]["metrics.listener"].parse(listener);
    if (parsed === undefined || !parsed.ok) {
      problems.push(`service ${name}: metrics.listener is not set to a fixed port Prometheus can scrape`);
      continue;
    }
    const target = `${name}:${parsed.value.port}`;
    if (!targets.has(target)) problems.push(`prometheus/prometheus.yml: ${target} is not scraped`);
  }
  return problems;
}

function checkDashboards(read, metricNames) {
  const problems = [];
  const datasourcesText = read("grafana/provisioning/datasources/prometheus.yml");
  const datasourceUids = new Set(
    datasourcesText === undefined
      ? []
      : (parseYaml(datasourcesText)?.datasources ?? []).map((entry) => entry.uid),
  );
  const dashboardFiles = read("grafana/dashboards/");
  if (dashboardFiles === undefined || dashboardFiles.length === 0)
    return ["no dashboard in grafana/dashboards/"];
  for (const file of dashboardFiles.split("\n").filter((entry) => entry.endsWith(".json"))) {
    const at = `grafana/dashboards/${file}`;
    let dashboard;
    try {
      dashboard = JSON.parse(read(`grafana/dashboards/${file}`) ?? "");
    } catch (error) {
      problems.push(`${at} does not parse: ${error.message}`);
      continue;
    }
    const panels = (dashboard.panels ?? []).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        const uid = target.datasource?.uid ?? panel.datasource?.uid;
        if (!datasourceUids.has(uid))
          problems.push(`${at}: panel '${panel.title}' uses datasource ${uid}, not provisioned`);
        for (const metric of metricsInExpression(String(target.expr ?? ""))) {
          if (
            !metricNames.has(metric) &&
            !DEFAULT_METRIC_PREFIXES.some((prefix) => metric.startsWith(prefix))
          ) {
            problems.push(`${at}: panel '${panel.title}' queries ${metric}, which the code does not export`);
          }
        }
      }
    }
  }
  return problems;
}

/** Reads deploy/ files by relative path; a path ending in "/" lists that directory's files. */
export function deployReader(deployDir = DEPLOY_DIR) {
  return (path) => {
    const full = join(deployDir, path);
    if (!existsSync(full)) return undefined;
    if (path.endsWith("/")) return readdirSync(full).sort().join("\n");
    try {
      return readFileSync(full, "utf8");
    } catch {
      return undefined;
    }
  };
}

async function main() {
  const load = (path) => import(pathToFileURL(join(REPO_ROOT, path)).href);
  const [{ brokerConfigSchema }, { controllerConfigSchema }, { configEnvName, parseNamedListener }] =
    await Promise.all([
      load("apps/broker/dist/index.js"),
      load("apps/controller/dist/index.js"),
      load("packages/runtime/dist/index.js"),
    ]);
  const problems = checkCompose({
    schemas: { broker: brokerConfigSchema, controller: controllerConfigSchema },
    envName: configEnvName,
    parseListener: (text) => {
      const result = parseNamedListener(text, true);
      if (!result.ok) throw new Error(`${text} ${result.reason}`);
      return result.value;
    },
    metricNames: codeMetricNames(),
    read: deployReader(),
  });
  for (const problem of problems) process.stderr.write(`${relative(REPO_ROOT, DEPLOY_DIR)}: ${problem}\n`);
  if (problems.length > 0) process.exit(1);
  process.stdout.write("deploy/: compose, Prometheus and dashboards are consistent with the code\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
