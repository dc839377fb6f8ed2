/**
 * Hands bytes to the browser's own download under `fileName`: what the browser host does where
 * Electron would show its Save dialog (it cannot write where the user chooses).
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken the bytes once click() returns; a moment later is safe to revoke.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
