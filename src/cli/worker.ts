import { runCli } from './run-cli.js';
import { parseWorkerArgs } from './worker-args.js';

// npm run worker: the manual flow's first terminal. Runs until Ctrl-C or SIGTERM.
await runCli('worker', async () => {
  const command = parseWorkerArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(`${command.text}\n`);
    return 0;
  }
  const { runWorker } = await import('./run-worker.js');
  return runWorker(command);
});
