import { render } from 'ink';
import type { MonitorSource } from './monitor-source.js';
import { MonitorView } from './monitor-view.js';
import { PlainLines } from './plain-lines.js';

export interface RunMonitorOptions {
  source: MonitorSource;
  intervalMs: number;
  /** One frame, then return. */
  once: boolean;
  /** A terminal gets the ink dashboard; anything else gets plain lines. */
  stdout: NodeJS.WriteStream;
  /** Resolves when the monitor should stop (Ctrl-C, SIGTERM). */
  stopped: Promise<void>;
}

/** Redraws the dashboard every interval until stopped (or once). Reads never overlap. */
export async function runMonitor(options: RunMonitorOptions): Promise<void> {
  if (options.stdout.isTTY) await runTerminal(options);
  else await runPlain(options);
}

async function runTerminal({ source, intervalMs, once, stdout, stopped }: RunMonitorOptions): Promise<void> {
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

async function runPlain({ source, intervalMs, once, stdout, stopped }: RunMonitorOptions): Promise<void> {
  const plain = new PlainLines(!once);
  let done = false;
  void stopped.then(() => {
    done = true;
  });
  for (;;) {
    const lines = plain.lines(await source.read());
    if (lines.length > 0) stdout.write(`${lines.join('\n')}\n`);
    if (once) return;
    await Promise.race([pause(intervalMs), stopped]);
    if (done) return;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
