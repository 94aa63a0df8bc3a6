/**
 * The static check of deploy/ (scripts/check-compose.mjs) on the committed files, with the config
 * schemas the broker and controller load, and on broken copies: each kind of mistake it exists to
 * catch is reported.
 */
import { brokerConfigSchema } from "@rill/broker";
import { controllerConfigSchema } from "@rill/controller";
import { configEnvName, parseNamedListener } from "@rill/runtime";
import { describe, expect, it } from "vitest";
import {
  checkCompose,
  codeMetricNames,
  deployReader,
  metricsInExpression,
} from "../../../scripts/check-compose.mjs";

const committed = deployReader();
const metricNames = codeMetricNames();

function check(overrides: Record<string, (text: string) => string> = {}): string[] {
  return checkCompose({
    schemas: { broker: brokerConfigSchema, controller: controllerConfigSchema },
    envName: configEnvName,
    parseListener: (text) => {
      const result = parseNamedListener(text, true);
      if (!result.ok) throw new Error(result.reason);
      return result.value;
    },
    metricNames,
    read: (path) => {
      const text = committed(path);
      const override = overrides[path];
      return text === undefined || override === undefined ? text : override(text);
    },
  });
}

describe("deploy/ static check", () => {
  it("passes on the committed compose file, Prometheus config and dashboard", () => {
    expect(check()).toEqual([]);
  });

  it("finds the code's metric families and reads histogram series by family", () => {
    for (const name of [
      "rill_rpc_request_duration_seconds",
      "rill_topic_bytes_in_total",
      "rill_controller_active",
    ]) {
      expect(metricNames.has(name), name).toBe(true);
    }
    expect([
      ...metricsInExpression("rate(rill_log_flush_duration_seconds_bucket[1m]) / rill_x_count"),
    ]).toEqual(["rill_log_flush_duration_seconds", "rill_x"]);
  });

  it("reports unknown and malformed config variables, a missing required key, and unpublished external ports", () => {
    const problems = check({
      "docker-compose.yml": (text) =>
        text
          .replace("RILL_INTER_BROKER_LISTENER_NAME: INTERNAL", "RILL_INTER_BROKER_LISTENER: INTERNAL")
          .replace('RILL_NODE_ID: "102"', 'RILL_NODE_ID: "-2"')
          .replace(/ {6}RILL_CONTROLLER_QUORUM_VOTERS: .*\n/, "")
          .replace('"19103:19103"', '"19113:19103"'),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/service broker-1: RILL_INTER_BROKER_LISTENER is not a broker config key/),
        expect.stringMatching(/service broker-2: RILL_NODE_ID=-2 is out of range/),
        expect.stringMatching(
          /service controller-1: exactly one of controller.quorum.voters \(RILL_CONTROLLER_QUORUM_VOTERS\) or controller.quorum.bootstrap.servers/,
        ),
        expect.stringMatching(
          /service broker-3: advertises EXTERNAL:\/\/localhost:19103 but does not publish "19103:19103"/,
        ),
      ]),
    );
  });

  it("reports a node missing from Prometheus and a dashboard metric the code does not export", () => {
    const problems = check({
      "prometheus/prometheus.yml": (text) => text.replace('"broker-3:9100"', '"broker-9:9100"'),
      "grafana/dashboards/rill-cluster.json": (text) =>
        text.replace("rill_replica_under_replicated_partitions", "rill_under_replicated_partitions"),
    });
    expect(problems).toEqual([
      "prometheus/prometheus.yml: broker-3:9100 is not scraped",
      "grafana/dashboards/rill-cluster.json: panel 'Under-replicated partitions' queries rill_under_replicated_partitions, which the code does not export",
    ]);
  });

  it("reports structural mistakes: duplicate host ports, undeclared volumes, unknown dependencies", () => {
    const problems = check({
      "docker-compose.yml": (text) =>
        text
          .replace('"19192:9100"', '"19191:9100"')
          .replace('"broker-2-data:/var/lib/rill"', '"broker-2-dat:/var/lib/rill"')
          .replace("depends_on: [prometheus]", "depends_on: [prometheus-1]"),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "service controller-2: host port 19191 is also published by controller-1",
        "service broker-2: volume broker-2-dat is not declared under volumes:",
        "service grafana: depends_on prometheus-1, which is no service",
      ]),
    );
  });
});
