import { Box, Text } from 'ink';
import { fractionDone, progressBar, queueLine, rowCells } from './row-format.js';
import type { JobRow, MonitorFrame } from './types.js';

const BAR_WIDTH = 20;

/** Column widths of the job table (the bar column holds the bar and the percentage). */
const columns = [
  ['engine', 'ENGINE', 12],
  ['job', 'JOB', 22],
  ['state', 'STATE', 10],
  ['bar', 'PROGRESS', BAR_WIDTH + 6],
  ['done', 'DONE/TOTAL', 12],
  ['rate', 'RATE', 9],
  ['step', 'STEP', 10],
  ['cursor', 'CURSOR', 9],
  ['interruptions', 'STOPS', 6],
  ['checkpoint', 'CHECKPOINT', 12],
] as const;

const stateColor: Record<string, string> = { active: 'green', delayed: 'yellow', failed: 'red', completed: 'gray' };

/** The terminal dashboard: queues, one row per job with a progress bar, and the stored checkpoints. */
export function MonitorView({ frame, intervalMs }: { frame: MonitorFrame; intervalMs: number }) {
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
        {columns.map(([key, title, width]) => (
          <Box key={key} width={width}>
            <Text bold underline>
              {title}
            </Text>
          </Box>
        ))}
      </Box>
      {frame.rows.length === 0 ? <Text dimColor>No jobs.</Text> : null}
      {frame.rows.map((row) => (
        <JobLine key={`${row.queue}/${row.jobId}`} row={row} />
      ))}
      <Box marginTop={1} flexDirection="column">
        <Text bold>Stored checkpoints (what a resume starts from)</Text>
        {frame.rows
          .filter((row) => row.state !== 'completed')
          .map((row) => (
            <Text key={`${row.queue}/${row.jobId}`} wrap="truncate-end">
              {`#${row.jobId} ${row.engine} ${row.job}: ${row.stored}`}
            </Text>
          ))}
      </Box>
    </Box>
  );
}

function JobLine({ row }: { row: JobRow }) {
  const cells = rowCells(row);
  const bar = `${progressBar(fractionDone(row), BAR_WIDTH)} ${cells.percent.padStart(4)}`;
  const text: Record<(typeof columns)[number][0], string> = { ...cells, bar };
  return (
    <Box>
      {columns.map(([key, , width]) => (
        <Box key={key} width={width}>
          <Text color={key === 'state' ? stateColor[row.state] : key === 'bar' ? 'cyan' : undefined} wrap="truncate-end">
            {text[key]}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
