// Original file: rill/controller/v1/controller_types.proto

import type { ConfigSource as _rill_controller_v1_ConfigSource, ConfigSource__Output as _rill_controller_v1_ConfigSource__Output } from '../../../rill/controller/v1/ConfigSource.js';

/**
 * A value a config could take from another source, in precedence order.
 */
export interface ConfigSynonym {
  /**
   * The synonym's name (e.g. the broker-level name of a topic config).
   */
  'name'?: (string);
  /**
   * The synonym's value.
   */
  'value'?: (string);
  /**
   * Where the synonym comes from.
   */
  'source'?: (_rill_controller_v1_ConfigSource);
}

/**
 * A value a config could take from another source, in precedence order.
 */
export interface ConfigSynonym__Output {
  /**
   * The synonym's name (e.g. the broker-level name of a topic config).
   */
  'name': (string);
  /**
   * The synonym's value.
   */
  'value': (string);
  /**
   * Where the synonym comes from.
   */
  'source': (_rill_controller_v1_ConfigSource__Output);
}
