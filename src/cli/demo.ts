import { parseDemoArgs } from './demo-args.js';
import { runCli } from './run-cli.js';

// npm run demo -- [orders|reports|email] [--engine ...] [--interrupt ...]: the plan's automated demo.
await runCli('demo', async () => {
  const command = parseDemoArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(`${command.text}\n`);
    return 0;
  }
  const { runDemoCommand } = await import('./run-demo.js');
  return runDemoCommand(command.options);
});
