// Original file: rill/controller/v1/controller_types.proto


/**
 * A config name and value.
 */
export interface ConfigEntry {
  /**
   * The config name, e.g. "retention.ms".
   */
  'name'?: (string);
  /**
   * The config value as text.
   */
  'value'?: (string);
}

/**
 * A config name and value.
 */
export interface ConfigEntry__Output {
  /**
   * The config name, e.g. "retention.ms".
   */
  'name': (string);
  /**
   * The config value as text.
   */
  'value': (string);
}
