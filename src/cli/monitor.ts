import { runCli } from './run-cli.js';
import { parseMonitorArgs } from './monitor-args.js';

// npm run monitor -- [--queue NAME]... [--prefix P] [--interval S] [--once]
// The ORM, BullMQ and ink load only after the arguments pass, so a typo is answered at once.
await runCli('monitor', async () => {
  const command = parseMonitorArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(`${command.text}\n`);
    return 0;
  }
  const { runMonitorCommand } = await import('./run-monitor-command.js');
  return runMonitorCommand(command);
});
