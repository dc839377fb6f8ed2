import { readdirSync, readFileSync } from 'node:fs';

/**
 * The processes of process group `pgid` still running (zombies are gone already), each as its
 * pid and the start of its command line: what a launcher left behind after it was told to stop.
 */
export function groupMembers(pgid: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) === pgid && state !== 'Z')
        found.push(
          `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 120)}`,
        );
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}
