import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { staticFiles } from '../../../src/main/host/static-files';
import { tempDir } from '../../helpers/temp-dir';

describe('static files of the built renderer', () => {
  let root: string;

  beforeEach(() => {
    // In a folder of its own, where a test puts a file beside it that must not be served.
    root = join(tempDir('veil-static-files-'), 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(
      join(root, 'index.html'),
      '<script type="module" crossorigin src="/assets/index-abc.js"></script>' +
        '<link rel="modulepreload" crossorigin href="/assets/zod-def.js">' +
        '<link rel="stylesheet" crossorigin href="/assets/index-ghi.css">',
    );
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'entry');
    writeFileSync(join(root, 'assets', 'zod-def.js'), 'zod');
    writeFileSync(join(root, 'assets', 'index-ghi.css'), 'css');
    writeFileSync(join(root, 'assets', 'lazy-jkl.js'), 'lazy');
  });

  const text = async (files: ReturnType<typeof staticFiles>, path: string) =>
    (await files.get(path))?.body.toString('utf8');

  it('preloads index.html and every asset it names, then serves them without the disk', async () => {
    const files = staticFiles(root);
    await files.preload();
    for (const name of ['index-abc.js', 'zod-def.js', 'index-ghi.css']) rmSync(join(root, 'assets', name));
    expect(await text(files, '/assets/index-abc.js')).toBe('entry');
    expect(await text(files, '/assets/zod-def.js')).toBe('zod');
    const css = await files.get('/assets/index-ghi.css');
    expect(css?.contentType).toBe('text/css; charset=utf-8');
    expect(css?.immutable).toBe(true);
    // Not named by index.html: read on its first request only.
    rmSync(join(root, 'assets', 'lazy-jkl.js'));
    expect(await files.get('/assets/lazy-jkl.js')).toBeUndefined();
  });

  it('keeps an asset once read (hashed names never change)', async () => {
    const files = staticFiles(root);
    expect(await text(files, '/assets/lazy-jkl.js')).toBe('lazy');
    writeFileSync(join(root, 'assets', 'lazy-jkl.js'), 'changed');
    expect(await text(files, '/assets/lazy-jkl.js')).toBe('lazy');
  });

  it('serves a rebuilt index.html and a missing asset that appears later', async () => {
    const files = staticFiles(root);
    expect(await text(files, '/')).toContain('index-abc.js');
    writeFileSync(join(root, 'index.html'), '<title>rebuilt</title>');
    expect(await text(files, '/')).toBe('<title>rebuilt</title>');
    expect(await files.get('/assets/later.js')).toBeUndefined();
    writeFileSync(join(root, 'assets', 'later.js'), 'later');
    expect(await text(files, '/assets/later.js')).toBe('later');
  });

  it('answers client-side routes with index.html and refuses paths out of the folder', async () => {
    const files = staticFiles(root);
    const route = await files.get('/settings');
    expect(route?.contentType).toBe('text/html; charset=utf-8');
    expect(route?.immutable).toBe(false);
    expect(await files.get('/assets/missing.js')).toBeUndefined();
    const outside = `${root}-outside.txt`;
    writeFileSync(outside, 'secret');
    expect(await files.get(`/%2e%2e/${outside.split('/').pop() ?? ''}`)).toBeUndefined();
    expect(await files.get('/a%00b')).toBeUndefined();
  });
});
