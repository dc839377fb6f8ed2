import { statSync } from 'node:fs';
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
 * The relative path of a file of the built renderer for a URL path, or undefined for anything
 * that would leave `root` (.., encoded separators, NUL).
 */
function resolveUrlPath(root: string, urlPath: string): string | undefined {
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
  return candidate;
}

async function readOne(root: string, candidate: string): Promise<StaticFile | undefined> {
  try {
    return {
      body: await readFile(join(root, candidate)),
      contentType: CONTENT_TYPES[extname(candidate).toLowerCase()] ?? 'application/octet-stream',
      immutable: candidate.startsWith('assets/'),
    };
  } catch {
    return undefined;
  }
}

/** The built renderer's files, kept in memory once read (see `staticFiles`). */
export interface StaticFiles {
  get(urlPath: string): Promise<StaticFile | undefined>;
  /** Reads index.html and every asset it names (the first screen's scripts and styles). */
  preload(): Promise<void>;
}

/**
 * The built renderer served from memory (issue #15, cold start). Each read from disk is an
 * open, a stat, reads and a close on libuv's thread pool, each answered on the serving thread:
 * at start that thread pool and both cores are busy with the core's open and Chromium's own
 * start, and the page's requests waited up to 250 ms each. Files under `assets/` have content
 * hashes in their names, so a name read once never changes; the other files (index.html,
 * which names the current assets) are checked with one synchronous stat per request, so a
 * rebuild under a running host is served as it is. The whole folder is ~2.3 MB, most of it
 * chunks that are read only when a screen needs them.
 */
export function staticFiles(root: string): StaticFiles {
  const kept = new Map<string, { readonly stamp: string; readonly file: Promise<StaticFile | undefined> }>();

  function stampOf(candidate: string): string | undefined {
    if (candidate.startsWith('assets/')) return 'immutable';
    try {
      const s = statSync(join(root, candidate), { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
    } catch {
      return undefined;
    }
  }

  function load(candidate: string): Promise<StaticFile | undefined> {
    const stamp = stampOf(candidate);
    if (stamp === undefined) {
      kept.delete(candidate);
      return Promise.resolve(undefined);
    }
    const hit = kept.get(candidate);
    if (hit?.stamp === stamp) return hit.file;
    const file = readOne(root, candidate);
    kept.set(candidate, { stamp, file });
    // A failed read (a file missing under assets/) is not kept: the next request tries again.
    void file.then((f) => {
      if (!f && kept.get(candidate)?.file === file) kept.delete(candidate);
    });
    return file;
  }

  return {
    async get(urlPath) {
      const candidate = resolveUrlPath(root, urlPath);
      if (candidate === undefined) return undefined;
      const file = await load(candidate);
      if (file) return file;
      const ext = extname(candidate).toLowerCase();
      return ext === '' || ext === '.html' ? load('index.html') : undefined;
    },
    async preload() {
      const index = await load('index.html');
      if (!index) return;
      const named = [...index.body.toString('utf8').matchAll(/(?:src|href)="\/(assets\/[^"?#]+)"/g)];
      await Promise.all(named.flatMap((m) => (m[1] === undefined ? [] : [load(m[1])])));
    },
  };
}
