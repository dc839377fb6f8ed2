/** `veil …args` as a real process of its own, in a locale the test chooses. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

export interface VeilRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** The CLI with the machine's own locale removed and `locale` set (e.g. `{ LANG: 'fr_FR.UTF-8' }`). */
export function veilProcess(
  locale: Readonly<Record<string, string>>,
  args: readonly string[],
  stdin = '',
): Promise<VeilRun> {
  const env = { ...process.env };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.LANG;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli/main.ts', ...args], {
      cwd: root,
      env: { ...env, ...locale },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.stdin.end(stdin);
    child.once('close', (code) => {
      resolve({ code, out, err });
    });
  });
}
