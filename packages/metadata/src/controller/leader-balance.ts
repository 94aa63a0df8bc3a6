/**
 * The settings of automatic preferred-leader balancing, as Kafka names them:
 * `auto.leader.rebalance.enable`, `leader.imbalance.per.broker.percentage` and
 * `leader.imbalance.check.interval.seconds`. Each comes from the controller's own configuration
 * (file, env, flags) and may be overridden cluster-wide at run time by a cluster config of the
 * same name (`rill configs alter broker --set ...`), which every controller reads from the
 * metadata image, so the override survives a controller failover. Pure functions of the image.
 */
import type { MetadataImage } from "../image/metadata-image.js";
import { type ConfigDefinition, validateConfigValue } from "./topic-configs.js";

export const AUTO_LEADER_REBALANCE_ENABLE = "auto.leader.rebalance.enable";
export const LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = "leader.imbalance.per.broker.percentage";
export const LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS = "leader.imbalance.check.interval.seconds";

/** The cluster configs of leader balancing (defaults are Kafka's). */
export const LEADER_BALANCE_CONFIGS: Readonly<Record<string, ConfigDefinition>> = {
  [AUTO_LEADER_REBALANCE_ENABLE]: {
    type: "boolean",
    defaultValue: "true",
    documentation: "the active controller moves leaderships back to preferred replicas periodically",
  },
  [LEADER_IMBALANCE_PER_BROKER_PERCENTAGE]: {
    type: "int",
    defaultValue: "10",
    min: 0,
    max: 100,
    documentation:
      "a broker's leaders are moved back only when more than this percentage of the partitions it is preferred leader of are led elsewhere",
  },
  [LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS]: {
    type: "long",
    defaultValue: "300",
    min: 1,
    // A day: a longer interval is as good as disabled, which the enable switch says plainly.
    max: 86_400,
    documentation: "how often the active controller checks leader balance",
  },
};

export interface LeaderBalanceSettings {
  readonly enabled: boolean;
  /** A broker is imbalanced when more than this share of its preferred partitions it does not lead. */
  readonly imbalancePercentMax: number;
  readonly checkIntervalMs: number;
}

const CLUSTER = { type: "cluster", name: "" } as const;

/**
 * The settings in force: the cluster configs in the image over `configured` (the controller's
 * own). A stored value that no longer parses (written before validation existed) is ignored.
 */
export function leaderBalanceSettings(
  image: MetadataImage,
  configured: LeaderBalanceSettings,
): LeaderBalanceSettings {
  const configs = image.configsOf(CLUSTER);
  const valid = (key: string): string | undefined => {
    const value = configs.get(key);
    if (value === undefined) return undefined;
    try {
      return validateConfigValue(LEADER_BALANCE_CONFIGS[key]!, "cluster", key, value);
    } catch {
      return undefined;
    }
  };
  const enabled = valid(AUTO_LEADER_REBALANCE_ENABLE);
  const percent = valid(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE);
  const intervalSeconds = valid(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS);
  return {
    enabled: enabled === undefined ? configured.enabled : enabled === "true",
    imbalancePercentMax: percent === undefined ? configured.imbalancePercentMax : Number(percent),
    checkIntervalMs:
      intervalSeconds === undefined ? configured.checkIntervalMs : Number(intervalSeconds) * 1_000,
  };
}

/**
 * Checks a cluster config entry before it is stored: a leader-balance key must hold a legal
 * value (INVALID_CONFIG otherwise); other cluster keys belong to the brokers and pass as given.
 * Returns the value normalised.
 */
export function validateClusterConfig(key: string, value: string): string {
  const definition = LEADER_BALANCE_CONFIGS[key];
  if (definition === undefined) return value;
  return validateConfigValue(definition, "cluster", key, value);
}
