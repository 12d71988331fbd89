import { parseDashboardArgs } from './dashboard-args.js';
import { runCli } from './run-cli.js';

// npm run dashboard -- [--port N] [--queue NAME]... [--prefix P]
// Express and bull-board load only after the arguments pass, so a typo is answered at once.
await runCli('dashboard', async () => {
  const command = parseDashboardArgs(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(`${command.text}\n`);
    return 0;
  }
  const { runDashboardCommand } = await import('./run-dashboard-command.js');
  return runDashboardCommand(command);
});
