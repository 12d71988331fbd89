// Starts a stack and holds it until SIGINT/SIGTERM: for poking at the servers by hand, and for the
// orphan-guard test, which SIGKILLs this process and checks that the servers die with it.
// Run: npx tsx src/harness/stack/guard/hold-stack.ts   (STACK=local etc. as usual)
// Prints one JSON line on stdout: { endpoints, processes, dir }.
import { startStack } from '../stack-provider.js';

const stack = await startStack({ log: (line) => console.error(line) });
console.log(JSON.stringify({ endpoints: stack.endpoints, processes: stack.processes, dir: stack.dir }));

const release = async () => {
  await stack.stop();
  process.exit(0);
};
process.once('SIGINT', release);
process.once('SIGTERM', release);
setInterval(() => undefined, 1 << 30); // hold the event loop open until a signal
