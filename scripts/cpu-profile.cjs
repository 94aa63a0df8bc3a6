// A CPU profile of a running Rill process, for the "where does the time go" question (issue 12).
// Node refuses --cpu-prof in NODE_OPTIONS, so this hook starts the V8 profiler in-process:
//
//   RILL_PROFILE_MATCH="controller start" RILL_PROFILE_DELAY_MS=20000 RILL_PROFILE_MS=30000 \
//     NODE_OPTIONS="--require $PWD/scripts/cpu-profile.cjs" ./bin/rill dev up ...
//   node scripts/cpu-profile-top.mjs /tmp/rill-profiles/*.cpuprofile
//
// Every process whose command line contains RILL_PROFILE_MATCH is profiled for RILL_PROFILE_MS
// after RILL_PROFILE_DELAY_MS (skip start-up), then writes <dir>/<pid>.cpuprofile (RILL_PROFILE_DIR,
// default /tmp/rill-profiles). The file also opens in Chrome DevTools.
const match = process.env.RILL_PROFILE_MATCH ?? "";
if (match !== "" && process.argv.join(" ").includes(match)) {
  const inspector = require("node:inspector");
  const fs = require("node:fs");
  const path = require("node:path");
  const directory = process.env.RILL_PROFILE_DIR ?? "/tmp/rill-profiles";
  const session = new inspector.Session();
  session.connect();
  const stop = () =>
    session.post("Profiler.stop", (error, result) => {
      if (error !== null) return;
      fs.mkdirSync(directory, { recursive: true });
      fs.writeFileSync(path.join(directory, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  const start = () =>
    session.post("Profiler.enable", () =>
      session.post("Profiler.start", () => {
        setTimeout(stop, Number(process.env.RILL_PROFILE_MS ?? 30_000)).unref();
      }),
    );
  setTimeout(start, Number(process.env.RILL_PROFILE_DELAY_MS ?? 0)).unref();
}
