import { render } from 'ink';
import type { MonitorSource } from './monitor-source.js';
import { MonitorView } from './monitor-view.js';
import type { RunMonitorOptions } from './run-monitor-options.js';

/** The ink dashboard, redrawn every interval until Ctrl-C / SIGTERM (or once). */
export async function runTerminal({ source, intervalMs, once, stdout, stopped }: RunMonitorOptions): Promise<void> {
  const view = (frame: Awaited<ReturnType<MonitorSource['read']>>) => <MonitorView frame={frame} intervalMs={intervalMs} width={stdout.columns} />;
  const app = render(view(await source.read()), { stdout, exitOnCtrlC: true, patchConsole: false });
  let done = once;
  const exited = app.waitUntilExit().then(() => {
    done = true;
  });
  const stop = Promise.race([stopped, exited]);
  while (!done) {
    await Promise.race([pause(intervalMs), stop]);
    if (done) break;
    app.rerender(view(await source.read()));
  }
  app.unmount();
  await exited;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
