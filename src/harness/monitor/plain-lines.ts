import { queueLine, rowCells } from './row-format.js';
import type { JobRow, MonitorFrame } from './types.js';

/**
 * The monitor for a pipe or a log: plain `key=value` lines, one per queue and one per job. With
 * `onlyChanged`, a line is printed again only when what it says (beyond time and rate) changed.
 */
export class PlainLines {
  private readonly last = new Map<string, string>();

  constructor(private readonly onlyChanged: boolean) {}

  lines(frame: MonitorFrame): string[] {
    const time = new Date(frame.at).toISOString();
    const out: string[] = [];
    if (frame.queues.length === 0) out.push(this.emit('none', `${time} no queues under prefix ${frame.prefix}`, 'none'));
    for (const queue of frame.queues) {
      const text = queueLine(queue);
      out.push(this.emit(`queue:${queue.name}`, `${time} ${text}`, text));
    }
    for (const row of frame.rows) {
      const key = `job:${row.queue}/${row.jobId}`;
      out.push(this.emit(key, `${time} ${jobLine(row)}`, jobLine(row, false)));
    }
    return out.filter((line) => line !== '');
  }

  private emit(key: string, line: string, comparable: string): string {
    if (this.onlyChanged && this.last.get(key) === comparable) return '';
    this.last.set(key, comparable);
    return line;
  }
}

/** One job as `key=value` words; `withMoving` adds rate and checkpoint age (which change every second). */
export function jobLine(row: JobRow, withMoving = true): string {
  const cells = rowCells(row);
  const words = [
    `job=${row.queue}/${row.jobId}`,
    `engine=${cells.engine}`,
    `name=${row.job}`,
    `state=${cells.state}`,
    `done=${cells.done}`,
    ...(cells.percent ? [`percent=${cells.percent}`] : []),
    `step=${cells.step}`,
    `cursor=${cells.cursor}`,
    `interruptions=${cells.interruptions}`,
    ...(withMoving ? [`rate=${cells.rate}`, `checkpoint=${cells.checkpoint.replace(/ ago$/, '').replace(/ /g, '')}`] : []),
    `stored="${row.stored}"`,
  ];
  return words.join(' ');
}
