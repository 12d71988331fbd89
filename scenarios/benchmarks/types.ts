/** A sample's spread: the median and where the rest fell. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Lower and upper quartile (linear interpolation; equal to min/max below 4 samples). */
  q1: number;
  q3: number;
  samples: number;
}

/** One measured thing: its spread in `unit`, and its ratio to the section's baseline from the same run. */
export interface Figure {
  label: string;
  unit: string;
  value: Spread;
  /** Label of the figure this one is compared with (omitted on the baseline itself). */
  baseline?: string;
  /** Median of the per-round ratios to the baseline (median over median when rounds do not pair). */
  ratio?: Spread;
}

/** A target the issue sets, and whether this run met it. */
export interface TargetCheck {
  target: string;
  met: boolean;
  /** The measured number behind the verdict, in words. */
  measured: string;
  /** When missed: why, as far as the run can tell. */
  reason?: string;
}

/** A bar chart of one number per figure (rendered as a Mermaid xychart-beta block). */
export interface Chart {
  title: string;
  yAxis: string;
  bars: { label: string; value: number }[];
}

/** One section of the report. */
export interface SectionReport {
  /** 1-12: the numbering of the benchmark's specification. */
  number: number;
  id: string;
  title: string;
  /** What is timed and how, in a sentence or two. */
  measures: string;
  figures: Figure[];
  targets: TargetCheck[];
  charts: Chart[];
  notes: string[];
}

/** The machine the numbers came from. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  totalMemoryGb: number;
  /** 1-minute load average when the run started: above the core count, other work shared the CPUs. */
  loadAverage1m: number;
  redis: string;
  postgres: string;
}

/** Everything written to reports/bench.json. */
export interface BenchRunReport {
  generatedAt: string;
  /** `full` for `npm run bench`, `smoke` for the tiny run inside the tests. */
  size: string;
  machine: MachineInfo;
  stack: string;
  durationMs: number;
  sections: SectionReport[];
}
