/** One row of the progress line: a job's name and how far it is. */
export interface ProgressRow {
  label: string;
  done: number;
  total: number;
  unit: string;
}

const numbers = new Intl.NumberFormat('en-US');

/**
 * What a long demo shows while it runs. A terminal gets one line redrawn in place (bars, counts)
 * with the story lines printed above it; a pipe gets plain lines only: the story, and a progress
 * line each time a job passes another tenth of its items.
 */
export class ProgressBoard {
  private drawn = false;
  private readonly lastTenth = new Map<string, number>();

  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly interactive = Boolean(process.stdout.isTTY),
  ) {}

  /** A story line ("interrupting at order 300"): always its own line. */
  say(line: string): void {
    this.clear();
    this.out.write(`${line}\n`);
  }

  update(rows: readonly ProgressRow[]): void {
    if (this.interactive) {
      const width = Math.max(10, Math.min(30, Math.floor(((this.out.columns ?? 100) - 10) / rows.length) - 28));
      const text = rows.map((row) => `${row.label} ${bar(row.done / Math.max(1, row.total), width)} ${numbers.format(row.done)}/${numbers.format(row.total)}`).join('  ');
      this.out.write(`\r\x1b[2K${text}`);
      this.drawn = true;
      return;
    }
    for (const row of rows) {
      const tenth = Math.floor((10 * row.done) / Math.max(1, row.total));
      if (tenth > (this.lastTenth.get(row.label) ?? 0) && row.done > 0) {
        this.lastTenth.set(row.label, tenth);
        this.out.write(`progress: ${row.label} ${numbers.format(row.done)}/${numbers.format(row.total)} ${row.unit} (${Math.round((100 * row.done) / Math.max(1, row.total))}%)\n`);
      }
    }
  }

  /** Removes the redrawn line, so the next output starts on a clean line. */
  clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}
