/**
 * The config write of ControllerService: AlterConfigs (Kafka's IncrementalAlterConfigs: SET,
 * DELETE, APPEND, SUBTRACT) on topics, brokers and the cluster. A batch over resources; a
 * refused resource's error goes in its own result. `validate_only` commits nothing. The read
 * side (DescribeConfigs) is a view (admin-views.ts).
 */
import { type ConfigChange, type MetadataImage, TOPIC_CONFIGS } from "@rill/metadata";
import { type ControllerV1, RillError } from "@rill/protocol";
import { configResourceOf } from "../admin-views.js";
import type { ControllerServiceContext } from "../controller-service-context.js";
import { perItem, runOperation } from "./quorum-operation.js";

export async function alterConfigs(
  context: ControllerServiceContext,
  request: ControllerV1.AlterConfigsRequest__Output,
): Promise<ControllerV1.AlterConfigsResponse> {
  const controller = context.quorum.controller;
  const results = await perItem(
    request.resources,
    async (resource): Promise<ControllerV1.AlterConfigsResourceResult> => {
      const target = configResourceOf(resource.resourceType, resource.resourceName);
      await runOperation(
        context,
        (image) => {
          const changes = configChanges(image, target, resource.configs);
          const result = controller.alterConfigs(image, target, changes);
          return request.validateOnly ? { records: [], response: result.response } : result;
        },
        context.requestTimeoutMs,
      );
      return {
        resourceType: resource.resourceType,
        resourceName: resource.resourceName,
        errorCode: 0,
        errorMessage: "",
      };
    },
    (resource, error) => ({
      resourceType: resource.resourceType,
      resourceName: resource.resourceName,
      ...error,
    }),
  );
  return { results };
}

/** IncrementalAlterConfigs operations → the metadata layer's set/remove changes. */
function configChanges(
  image: MetadataImage,
  resource: { type: "topic" | "broker" | "cluster"; name: string },
  configs: readonly ControllerV1.AlterableConfig__Output[],
): ConfigChange[] {
  const current = image.configsOf(resource);
  return configs.map((config): ConfigChange => {
    switch (config.op) {
      case "ALTER_CONFIG_OP_SET":
        return { key: config.name, value: config.value };
      case "ALTER_CONFIG_OP_DELETE":
        return { key: config.name, value: null };
      case "ALTER_CONFIG_OP_APPEND":
      case "ALTER_CONFIG_OP_SUBTRACT": {
        const definition = resource.type === "topic" ? TOPIC_CONFIGS[config.name] : undefined;
        if (resource.type === "topic" && definition?.type !== "list") {
          throw new RillError(
            "INVALID_CONFIG",
            `${config.name} is not a list config; APPEND/SUBTRACT need one`,
          );
        }
        const existing = (current.get(config.name) ?? definition?.defaultValue ?? "")
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item.length > 0);
        const items = config.value
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item.length > 0);
        const next =
          config.op === "ALTER_CONFIG_OP_APPEND"
            ? [...existing, ...items.filter((item) => !existing.includes(item))]
            : existing.filter((item) => !items.includes(item));
        return { key: config.name, value: next.join(",") };
      }
      default:
        throw new RillError(
          "INVALID_REQUEST",
          `Config ${config.name}: op must be SET, DELETE, APPEND or SUBTRACT`,
        );
    }
  });
}
