// Preloaded into every Node process the orchestrator spawns (NODE_OPTIONS=--require): if the
// orchestrator dies, even by SIGKILL, its children notice they were re-parented and exit too,
// so Ctrl-C or a crash never leaves a server holding the port.
const parentAtStart = process.ppid;
const timer = setInterval(() => {
  if (process.ppid !== parentAtStart) {
    process.exit(0);
  }
}, 500);
timer.unref();
