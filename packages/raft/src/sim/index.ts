// The simulation's building blocks, for other packages' simulations (the metadata simulation
// runs its controllers' RaftNodes over the same scheduler and disks).
export { SimDisk } from "./sim-disk.js";
export { type Incarnation, SimScheduler } from "./sim-scheduler.js";
