import { Box, Text } from 'ink';
import { fractionDone, progressBar, queueLine, rowCells } from './row-format.js';
import type { JobRow, MonitorFrame } from './types.js';

type ColumnKey = 'engine' | 'job' | 'state' | 'bar' | 'done' | 'rate' | 'step' | 'cursor' | 'interruptions' | 'checkpoint';
type Column = readonly [key: ColumnKey, title: string, width: number];

const PERCENT_WIDTH = 5;
const [WIDE_BAR, NARROW_BAR] = [20, 10];
const jobColumnWidth = 21;
const fixedColumns: Column[] = [
  ['engine', 'ENGINE', 12],
  ['job', 'JOB', jobColumnWidth],
  ['state', 'STATE', 10],
  ['bar', 'PROGRESS', 0],
  ['done', 'DONE/TOTAL', 12],
  ['rate', 'RATE', 9],
  ['step', 'STEP', 10],
  ['cursor', 'CURSOR', 9],
  ['interruptions', 'STOPS', 6],
  ['checkpoint', 'CHECKPOINT', 12],
];
/** Dropped in this order when the terminal is narrow (the bar shrinks first). */
const optional: ColumnKey[] = ['checkpoint', 'rate'];

/**
 * The columns that fit `width`: the job column as wide as its longest cell (up to 40), a bar of 20
 * cells, down to 10, then without checkpoint age and rate.
 */
export function layoutColumns(width: number, jobWidth = 0): { columns: Column[]; bar: number } {
  const job = Math.min(40, Math.max(jobColumnWidth, jobWidth + 1));
  const sized = fixedColumns.map(([key, title, w]) => [key, title, key === 'job' ? job : w] as const);
  let keys = sized.map(([key]) => key);
  const fixed = () => sized.filter(([key]) => keys.includes(key)).reduce((sum, [, , w]) => sum + w, PERCENT_WIDTH);
  for (const drop of [undefined, ...optional]) {
    if (drop) keys = keys.filter((key) => key !== drop);
    const bar = Math.min(WIDE_BAR, width - fixed());
    if (bar >= NARROW_BAR) return { columns: columns(sized, keys, bar), bar };
  }
  return { columns: columns(sized, keys, NARROW_BAR), bar: NARROW_BAR };
}

function columns(sized: readonly Column[], keys: ColumnKey[], bar: number): Column[] {
  return sized
    .filter(([key]) => keys.includes(key))
    .map(([key, title, w]) => [key, title, key === 'bar' ? bar + PERCENT_WIDTH + 1 : w] as const);
}

const stateColor: Record<string, string> = { active: 'green', delayed: 'yellow', failed: 'red', completed: 'gray', cancelled: 'magenta' };

/** The terminal dashboard: queues, one row per job with a progress bar, and the stored checkpoints. */
export function MonitorView({ frame, intervalMs, width = 160 }: { frame: MonitorFrame; intervalMs: number; width?: number }) {
  const { columns, bar } = layoutColumns(width, Math.max(0, ...frame.rows.map((row) => rowCells(row).job.length)));
  const time = new Date(frame.at).toISOString().slice(11, 19);
  return (
    <Box flexDirection="column">
      <Text bold>
        Resumable jobs · prefix {frame.prefix} · {time} UTC · every {intervalMs / 1000} s · Ctrl-C to quit
      </Text>
      {frame.queues.length === 0 ? <Text color="yellow">No queues under prefix {frame.prefix} yet.</Text> : null}
      {frame.queues.map((queue) => (
        <Text key={queue.name}>{queueLine(queue)}</Text>
      ))}
      <Box marginTop={1}>
        {columns.map(([key, title, w]) => (
          <Box key={key} width={w} flexShrink={0}>
            <Text bold underline>
              {title}
            </Text>
          </Box>
        ))}
      </Box>
      {frame.rows.length === 0 ? <Text dimColor>No jobs.</Text> : null}
      {frame.rows.map((row) => (
        <JobLine key={`${row.queue}/${row.jobId}`} row={row} columns={columns} bar={bar} />
      ))}
      <Box marginTop={1} flexDirection="column">
        <Text bold>Stored checkpoints (what a resume starts from)</Text>
        {frame.rows
          .filter((row) => row.state !== 'completed' && row.state !== 'cancelled')
          .map((row) => (
            <Text key={`${row.queue}/${row.jobId}`} wrap="truncate-end">
              {`#${row.jobId} ${row.engine} ${row.job}: ${row.stored}`}
            </Text>
          ))}
      </Box>
    </Box>
  );
}

function JobLine({ row, columns, bar }: { row: JobRow; columns: Column[]; bar: number }) {
  const cells = rowCells(row);
  const text: Record<ColumnKey, string> = { ...cells, bar: `${progressBar(fractionDone(row), bar)} ${cells.percent.padStart(4)}` };
  return (
    <Box>
      {columns.map(([key, , w]) => (
        <Box key={key} width={w} flexShrink={0}>
          <Text color={key === 'state' ? stateColor[row.state] : key === 'bar' ? 'cyan' : undefined} wrap="truncate-end">
            {text[key]}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
