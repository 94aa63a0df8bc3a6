// Prints where a CPU profile (.cpuprofile, e.g. from scripts/cpu-profile.cjs) spent its time:
// the share of wall time the main thread was busy, then the top functions by self time.
//
//   node scripts/cpu-profile-top.mjs [--top 15] file.cpuprofile...
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  options: { top: { type: "string", default: "15" } },
  allowPositionals: true,
});
for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const samplesByNode = new Map();
  for (const id of profile.samples) samplesByNode.set(id, (samplesByNode.get(id) ?? 0) + 1);
  const sampleMs = (profile.endTime - profile.startTime) / 1000 / profile.samples.length;
  const selfSamples = new Map();
  let busy = 0;
  for (const [id, count] of samplesByNode) {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === "(idle)") continue;
    busy += count;
    const where = `${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || "(anonymous)"} ${where}`;
    selfSamples.set(key, (selfSamples.get(key) ?? 0) + count);
  }
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const busyMs = busy * sampleMs;
  console.log(
    `${file}: ${(wallMs / 1000).toFixed(1)} s wall, main thread busy ${(busyMs / 1000).toFixed(2)} s (${((100 * busyMs) / wallMs).toFixed(1)}%)`,
  );
  const top = [...selfSamples.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  for (const [key, count] of top) console.log(`  ${((100 * count) / busy).toFixed(1).padStart(5)}%  ${key}`);
}
