// Original file: rill/controller/v1/controller_service.proto

import type { DescribeConfigsResource as _rill_controller_v1_DescribeConfigsResource, DescribeConfigsResource__Output as _rill_controller_v1_DescribeConfigsResource__Output } from '../../../rill/controller/v1/DescribeConfigsResource.js';

/**
 * Describe configs.
 */
export interface DescribeConfigsRequest {
  /**
   * The resources to describe.
   */
  'resources'?: (_rill_controller_v1_DescribeConfigsResource)[];
  /**
   * When true, each config lists its synonyms (the values it overrides).
   */
  'includeSynonyms'?: (boolean);
  /**
   * When true, each config carries its documentation.
   */
  'includeDocumentation'?: (boolean);
}

/**
 * Describe configs.
 */
export interface DescribeConfigsRequest__Output {
  /**
   * The resources to describe.
   */
  'resources': (_rill_controller_v1_DescribeConfigsResource__Output)[];
  /**
   * When true, each config lists its synonyms (the values it overrides).
   */
  'includeSynonyms': (boolean);
  /**
   * When true, each config carries its documentation.
   */
  'includeDocumentation': (boolean);
}
