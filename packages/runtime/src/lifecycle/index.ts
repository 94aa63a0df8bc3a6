export {
  defaultHookTimeoutMs,
  type HookResult,
  Lifecycle,
  type LifecycleOptions,
  type ShutdownHook,
  shutdownHooksMax,
} from "./lifecycle.js";
export { configurePanic, crash, crashExitCode } from "./panic.js";
