// Original file: rill/controller/v1/controller_types.proto

import type { ConfigSource as _rill_controller_v1_ConfigSource, ConfigSource__Output as _rill_controller_v1_ConfigSource__Output } from '../../../rill/controller/v1/ConfigSource.js';
import type { ConfigSynonym as _rill_controller_v1_ConfigSynonym, ConfigSynonym__Output as _rill_controller_v1_ConfigSynonym__Output } from '../../../rill/controller/v1/ConfigSynonym.js';

/**
 * One described config.
 */
export interface DescribedConfig {
  /**
   * The config name.
   */
  'name'?: (string);
  /**
   * The value as text; empty when sensitive.
   */
  'value'?: (string);
  /**
   * True when the config cannot be changed at run time.
   */
  'readOnly'?: (boolean);
  /**
   * Where the value comes from.
   */
  'source'?: (_rill_controller_v1_ConfigSource);
  /**
   * True when the value is secret and withheld.
   */
  'isSensitive'?: (boolean);
  /**
   * The synonyms, when requested.
   */
  'synonyms'?: (_rill_controller_v1_ConfigSynonym)[];
  /**
   * The documentation, when requested.
   */
  'documentation'?: (string);
}

/**
 * One described config.
 */
export interface DescribedConfig__Output {
  /**
   * The config name.
   */
  'name': (string);
  /**
   * The value as text; empty when sensitive.
   */
  'value': (string);
  /**
   * True when the config cannot be changed at run time.
   */
  'readOnly': (boolean);
  /**
   * Where the value comes from.
   */
  'source': (_rill_controller_v1_ConfigSource__Output);
  /**
   * True when the value is secret and withheld.
   */
  'isSensitive': (boolean);
  /**
   * The synonyms, when requested.
   */
  'synonyms': (_rill_controller_v1_ConfigSynonym__Output)[];
  /**
   * The documentation, when requested.
   */
  'documentation': (string);
}
