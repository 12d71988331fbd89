import { runCli } from './run-cli.js';
import { parseSetupArgs } from './seed-args.js';

// npm run setup [-- --seed N] [--reset]: schema, demo data, and a checklist of what is ready.
// The ORM, faker and ioredis load only after the arguments pass.
await runCli('setup', async () => {
  const command = parseSetupArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(`${command.text}\n`);
    return 0;
  }
  const { runSetup } = await import('./run-setup.js');
  return runSetup(command);
});
