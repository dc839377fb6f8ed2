import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/main/cli/main';
import { fakeIo } from '../../cli/helpers';

// A newcomer learns the command line from README.md's table: a command missing there is a
// command they never find (group and community commands were).
describe("README.md's command table", () => {
  it('names every top-level command of `veil`', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    const firstCells = readme
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => /^\| `([a-z-]+)/.exec(line)?.[1]);
    const commands = buildProgram(fakeIo())
      .commands.map((c) => c.name())
      .filter((name) => name !== 'help');
    expect(commands.length).toBeGreaterThan(10);
    expect(commands.filter((name) => !firstCells.includes(name))).toEqual([]);
  });
});
