/**
 * Runs `task` when the page's main thread has nothing more urgent (`scheduler.postTask`'s
 * background priority; a plain task where that is missing): the page's module, once parsed,
 * and React's work go first. For the early script's warm-ups (issue #15, cold start), which
 * help only when they fill time the thread would otherwise wait: run as one block, they held
 * the module's evaluation in loaded traces whenever its parse ended before the block did.
 */
export function inBackground(task: () => void): void {
  if (typeof scheduler !== 'undefined') void scheduler.postTask(task, { priority: 'background' });
  else setTimeout(task, 0);
}
