/**
 * Partial updates ("set only the fields given") without string-building from user input: column
 * names come from a fixed map owned by the caller, values are always bound parameters.
 */
import type { SqlValue } from './sqlite';

export type Assignments = { readonly sql: string; readonly values: SqlValue[] };

export function assignments<K extends string>(
  columns: Readonly<Record<K, string>>,
  patch: Partial<Record<K, SqlValue>>,
): Assignments {
  const parts: string[] = [];
  const values: SqlValue[] = [];
  for (const field of Object.keys(columns) as K[]) {
    const value = patch[field];
    if (value === undefined) continue;
    parts.push(`${columns[field]} = ?`);
    values.push(value);
  }
  return { sql: parts.join(', '), values };
}
