import { randomInt } from 'node:crypto';
import { runCli } from './run-cli.js';
import { parseSoakArgs } from './soak-args.js';

// npm run soak -- [--seed N] [--interruptions N] [--minutes M] [--workers N] [--concurrency N]
// The stack, the ORM and BullMQ load only after the arguments pass, so a typo is answered at once.
await runCli('soak', async () => {
  const command = parseSoakArgs(process.argv.slice(2), () => randomInt(1, 1_000_000));
  if (command.kind === 'help') {
    process.stdout.write(`${command.text}\n`);
    return 0;
  }
  const { runSoakCommand } = await import('./run-soak-command.js');
  return runSoakCommand(command);
});
