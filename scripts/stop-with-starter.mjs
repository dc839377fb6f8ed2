// What every launcher (`npm start`, `npm run veil`, `npm run devnet`) does so that stopping it
// stops what it started: npm runs a script through a shell, passes SIGTERM and SIGINT to that
// shell only, which (dash) dies without passing them on, and npm dies of SIGHUP without passing
// anything on. A launcher therefore listens for the signals itself and also watches who started
// it, and passes the stop on to its child.
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Who started us, to stop with them: our parent, and under npm the npm process above its shell
 * (Linux: from /proc; elsewhere our parent only).
 */
function startedBy() {
  const pids = [process.ppid];
  if (process.env.npm_lifecycle_event === undefined) return pids;
  try {
    const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    const grandparent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (grandparent > 1) pids.push(grandparent);
  } catch {
    // No /proc (macOS, Windows): the parent alone.
  }
  return pids;
}

/**
 * Calls `stop(signal)` when we receive SIGINT, SIGTERM or SIGHUP, and `stop('SIGTERM')` once
 * whoever started us is gone (polled every half second).
 */
export function onStopRequest(stop) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  const watched = startedBy();
  const timer = setInterval(() => {
    if (process.ppid === watched[0] && watched.every(alive)) return;
    clearInterval(timer);
    stop('SIGTERM');
  }, 500);
  timer.unref();
}

/** Passes a stop on to `child`: Ctrl+C as Ctrl+C, any other ending as SIGTERM (both stop cleanly). */
export function passOn(child, signal) {
  if (child && child.exitCode === null && child.signalCode === null)
    child.kill(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
}

/** Ends this process as its child ended: its exit code, or 128 + the signal's number, as a shell reports it. */
export function exitAsChild(code, signal) {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
}
