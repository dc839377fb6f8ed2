/** The results: one object per metric in bench/results.json, and the table on stdout. */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { round } from './lib/stats';

export interface Goal {
  readonly op: '<=' | '<';
  readonly value: number;
}

export interface MetricResult {
  readonly metric: string;
  readonly value: number | null;
  readonly unit: string;
  /** The goal as written in issue 9, e.g. "≤ 1.0 s"; null for figures reported without one. */
  readonly goal: string | null;
  /** null when there is no goal or no value. */
  readonly met: boolean | null;
  readonly goalValue: number | null;
  readonly mode: 'full' | 'quick';
  /** The machine's 1-minute load average when the metric was taken, and its CPU count. */
  readonly load: { readonly avg1m: number; readonly cpus: number };
  /** How it was measured. */
  readonly method: string;
  readonly samples?: readonly number[];
  readonly details?: Readonly<Record<string, unknown>>;
  readonly notes?: string;
  /** When the goal is missed: what the run's own figures say the time or CPU went to. */
  readonly why?: string;
}

export interface MetricInput {
  readonly metric: string;
  readonly value: number | null;
  readonly unit: string;
  readonly goal: Goal | null;
  readonly method: string;
  readonly samples?: readonly number[];
  readonly details?: Readonly<Record<string, unknown>>;
  readonly notes?: string;
  /** Shown under the table when the goal is missed (see MetricResult.why). */
  readonly why?: string;
}

function goalText(goal: Goal, unit: string): string {
  return `${goal.op === '<=' ? '≤' : '<'} ${goal.value} ${unit}`;
}

export function metric(mode: 'full' | 'quick', m: MetricInput): MetricResult {
  const value = m.value !== null && Number.isFinite(m.value) ? m.value : null;
  let met: boolean | null = null;
  // A goal without a value (not measured) counts as missed.
  if (m.goal !== null)
    met = value !== null && (m.goal.op === '<=' ? value <= m.goal.value : value < m.goal.value);
  return {
    metric: m.metric,
    value: value === null ? null : round(value, 3),
    unit: m.unit,
    goal: m.goal ? goalText(m.goal, m.unit) : null,
    met,
    goalValue: m.goal?.value ?? null,
    mode,
    load: { avg1m: round(loadavg()[0] ?? 0, 2), cpus: cpus().length },
    method: m.method,
    ...(m.samples ? { samples: m.samples.map((s) => round(s, 2)) } : {}),
    ...(m.details ? { details: m.details } : {}),
    ...(m.notes !== undefined ? { notes: m.notes } : {}),
    ...(met === false ? { why: m.why ?? m.notes ?? 'no breakdown measured' } : {}),
  };
}

/** A metric that could not be measured: shown as missed, with the reason. */
export function failed(mode: 'full' | 'quick', name: string, unit: string, goal: Goal | null, why: string) {
  return metric(mode, { metric: name, value: null, unit, goal, method: 'not measured', notes: why });
}

/** Display width in code points (enough for this table's text). */
function width(text: string): number {
  return Array.from(text).length;
}

function pad(text: string, size: number): string {
  const len = width(text);
  return len >= size ? text : text + ' '.repeat(size - len);
}

function formatValue(r: MetricResult): string {
  if (r.value === null) return 'n/a';
  const digits = Math.abs(r.value) >= 100 ? 0 : Math.abs(r.value) >= 10 ? 1 : 2;
  return `${r.value.toFixed(digits)} ${r.unit}`;
}

/** How far from its goal a missed metric is: the excess and the ratio to the goal. */
export function missedBy(r: MetricResult): string {
  if (r.value === null || r.goalValue === null) return 'not measured';
  const over = r.value - r.goalValue;
  const digits = Math.abs(over) >= 100 ? 0 : Math.abs(over) >= 10 ? 1 : 2;
  const ratio = r.goalValue > 0 ? ` (${(r.value / r.goalValue).toFixed(2)}× the goal)` : '';
  return `+${over.toFixed(digits)} ${r.unit}${ratio}`;
}

function metText(r: MetricResult): string {
  if (r.met === null) return '(no goal)';
  return r.met ? 'met' : `MISSED by ${missedBy(r)}`;
}

/** The machine's load when the metric was taken: 1-minute load average / CPUs. */
function loadText(r: MetricResult): string {
  return `${r.load.avg1m.toFixed(2)}/${r.load.cpus}`;
}

export function table(results: readonly MetricResult[]): string {
  const rows = results.map((r) => [r.metric, formatValue(r), r.goal ?? '—', metText(r), loadText(r)]);
  const head = ['metric', 'value', 'goal', 'met', 'load (1 min/CPUs)'];
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => pad(c, widths[i] ?? 0)).join(' | ')} |`;
  const missed = results
    .filter((r) => r.met === false)
    .map((r) => `- ${r.metric}: missed by ${missedBy(r)}. Why: ${r.why ?? 'no breakdown measured'}`);
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(missed.length > 0 ? ['', 'Missed goals:', ...missed] : []),
  ].join('\n');
}

export function writeResults(path: string, results: readonly MetricResult[]): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
