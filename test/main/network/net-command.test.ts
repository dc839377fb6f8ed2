/** `veil --network devnet net status --json` starts an embedded devnet and prints one line. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildProgram } from '../../../src/main/cli/main';
import { registerNetCommand } from '../../../src/main/cli/net-command';
import { fakeIo } from '../../cli/helpers';

const profile = mkdtempSync(join(tmpdir(), 'veil-net-cli-'));
afterAll(() => {
  rmSync(profile, { recursive: true, force: true });
});

const Line = z
  .object({
    network: z.literal('devnet'),
    poolSize: z.number(),
    paths: z.array(
      z
        .object({
          hops: z.array(z.object({ ip: z.string(), port: z.number(), ed25519: z.string() }).strict()),
        })
        .strict(),
    ),
    clockOffsetMs: z.number(),
    state: z.string(),
  })
  .strict();

describe('veil net status', () => {
  it('prints pool size, 2 paths of 3 hops, clock offset and state as one JSON line', async () => {
    const io = fakeIo();
    const program = buildProgram(io);
    if (!program.commands.some((c) => c.name() === 'net'))
      registerNetCommand(program, io, () => program.opts<{ profile: string; network: string }>());
    program.exitOverride();
    await program.parseAsync(['--profile', profile, '--network', 'devnet', 'net', 'status', '--json'], {
      from: 'user',
    });
    expect(io.lines).toHaveLength(1);
    const line = Line.parse(JSON.parse(io.lines[0] ?? ''));
    expect(Object.keys(JSON.parse(io.lines[0] ?? '') as object)).toEqual([
      'network',
      'poolSize',
      'paths',
      'clockOffsetMs',
      'state',
    ]);
    expect(line.poolSize).toBe(12);
    expect(line.state).toBe('connected');
    expect(line.paths).toHaveLength(2);
    for (const p of line.paths) {
      expect(p.hops).toHaveLength(3);
      for (const h of p.hops) expect(h.ed25519).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
