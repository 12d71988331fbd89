import { runCli } from './run-cli.js';
import { parseStackArgs } from './stack-args.js';

// npm run stack -- up|down|status: Redis and PostgreSQL that outlive one command.
await runCli('stack', async () => {
  const command = parseStackArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(`${command.text}\n`);
    return 0;
  }
  const { runStack } = await import('./run-stack.js');
  return runStack(command.action);
});
