import { runCli } from './run-cli.js';
import { parseSeedArgs } from './seed-args.js';

// npm run seed -- --profile quick|full|demo [--seed N] [--reset]
// The ORM and faker load only after the arguments pass, so a typo is answered at once.
await runCli('seed', async () => {
  const command = parseSeedArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(`${command.text}\n`);
    return 0;
  }
  const { runSeed } = await import('./run-seed.js');
  return runSeed(command);
});
