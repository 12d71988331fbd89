import { describe, expect, it } from 'vitest';
import { closeOnSignals, type CloseReport, type GracefulClosable, type ShutdownResult } from './graceful-shutdown.js';

/** A signal vitest does not use; `process.emit` runs the handlers without signalling anything. */
const SIGNAL = 'SIGUSR2';

function shutDownWith(target: GracefulClosable, graceMs: number): Promise<ShutdownResult> {
  return new Promise((resolve) => {
    const remove = closeOnSignals(target, { graceMs, signals: [SIGNAL], exit: false, onClosed: (result) => (remove(), resolve(result)) });
    process.emit(SIGNAL, SIGNAL);
  });
}

describe('closeOnSignals: a signal closes the target within its grace period', () => {
  it('reports exit code 0 and the re-enqueued jobs when everything closed in time', async () => {
    const report: CloseReport = { requeued: ['job-1'], stillRunning: [] };
    const result = await shutDownWith({ close: async () => report }, 1_000);
    expect(result).toEqual({ signal: SIGNAL, outcome: 'closed', code: 0, graceMs: 1_000, jobs: report, refused: [] });
  });

  it('forces the close and reports exit code 1 with the jobs still running when the grace period runs out', async () => {
    const forced: boolean[] = [];
    const stuck: GracefulClosable = {
      close: (force = false) => {
        forced.push(force);
        return force ? Promise.resolve({ requeued: [], stillRunning: ['job-2'] }) : new Promise(() => undefined);
      },
    };
    const result = await shutDownWith(stuck, 50);
    expect(forced).toEqual([false, true]);
    expect(result).toEqual({ signal: SIGNAL, outcome: 'grace-expired', code: 1, graceMs: 50, jobs: { requeued: [], stillRunning: ['job-2'] }, refused: [] });
  });

  it('reports exit code 1 when closing fails', async () => {
    const result = await shutDownWith({ close: async () => Promise.reject(new Error('connection lost')) }, 1_000);
    expect(result).toMatchObject({ outcome: 'close-failed', code: 1 });
  });
});
