export {
  checkHealth,
  type HealthClient,
  HealthService,
  healthClient,
  overallServiceName,
  type ServingStatus,
} from "./health.js";
