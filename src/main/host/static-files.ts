import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
  readonly immutable: boolean;
}

/**
 * Reads a file of the built renderer for a URL path, refusing anything that would leave
 * `root` (.., encoded separators, NUL). Unknown paths get index.html (client-side routes).
 */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  if (relative.split(/[/\\]/).includes('..')) return undefined;
  const candidate = relative === '' ? 'index.html' : relative;
  const full = join(root, candidate);
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  const ext = extname(full).toLowerCase();
  try {
    const body = await readFile(full);
    return {
      body,
      contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      immutable: candidate.startsWith('assets/'),
    };
  } catch {
    if (ext !== '' && ext !== '.html') return undefined;
    try {
      return {
        body: await readFile(join(root, 'index.html')),
        contentType: CONTENT_TYPES['.html'] ?? 'text/html',
        immutable: false,
      };
    } catch {
      return undefined;
    }
  }
}
