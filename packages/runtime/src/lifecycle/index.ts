export {
  defaultHookTimeoutMs,
  type HookResult,
  Lifecycle,
  type LifecycleOptions,
  type ShutdownHook,
  shutdownHooksMax,
} from "./lifecycle.js";
export { assert, configurePanic, crash, crashExitCode, panic } from "./panic.js";
