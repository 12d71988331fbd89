import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stackDirPrefix } from '../stack/local/abandoned-stacks.js';
import { isProcessRunning } from '../stack/guard/process-liveness.js';
import type { RecordedStack } from './stack-state.js';

/**
 * Every stack `stack up` starts leaves a marker in a folder of its own (the local stack's data
 * folder, or one made for it): what the state file would say, plus which state file it belongs to.
 * So a stack can be found and stopped when the state file is gone or was overwritten by a second
 * `up`: `stack status` lists it, `stack down` stops it.
 */
const MARKER = 'operator-stack.json';

export interface StackMarker extends RecordedStack {
  /** The state file of the `stack up` that started it (absolute). */
  stateFile: string;
  /** The folder holding this marker (removed with the stack). */
  markerDir: string;
}

/** The folder for the marker: the stack's own folder, or a new one owned by this (holder) process. */
export function markerDirFor(stack: { dir?: string }): string {
  return stack.dir ?? mkdtempSync(join(tmpdir(), stackDirPrefix()));
}

export function writeStackMarker(markerDir: string, stack: RecordedStack, stateFile: string): void {
  const marker: StackMarker = { ...stack, stateFile: resolve(stateFile), markerDir };
  writeFileSync(join(markerDir, MARKER), `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o600 });
}

/** Running stacks (their holder alive) that were started for `stateFile`, oldest first. */
export function findRunningStacks(stateFile: string, root = tmpdir()): StackMarker[] {
  const wanted = resolve(stateFile);
  const found: StackMarker[] = [];
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => name.startsWith('rj-stack-'));
  } catch {
    return [];
  }
  for (const name of names) {
    let marker: StackMarker;
    try {
      marker = JSON.parse(readFileSync(join(root, name, MARKER), 'utf8')) as StackMarker;
    } catch {
      continue; // a test stack, a half-made folder, or someone else's: no marker of ours
    }
    if (marker.stateFile === wanted && typeof marker.holderPid === 'number' && isStackHolder(marker.holderPid)) found.push(marker);
  }
  return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** Whether `pid` runs and is a stack holder (not a process that inherited a recycled pid). */
function isStackHolder(pid: number): boolean {
  if (!isProcessRunning(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('stack-holder');
  } catch {
    return process.platform !== 'linux';
  }
}
