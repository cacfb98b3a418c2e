import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkOrClone, listFiles, sha256File } from './file-ops.ts';

/** An outputs folder with `extra` more files under `many/`, besides a link and a nested file. */
function outputs(extra: number): string {
  const root = mkdtempSync(join(tmpdir(), 'pipewright-listing-'));
  mkdirSync(join(root, 'b/deeper'), { recursive: true });
  writeFileSync(join(root, 'a.txt'), 'aa');
  writeFileSync(join(root, 'b/deeper/c.bin'), 'ccc');
  symlinkSync('/etc/passwd', join(root, 'b/escape'));
  if (extra > 0) mkdirSync(join(root, 'many'));
  for (let i = 0; i < extra; i += 1) writeFileSync(join(root, 'many', `f${String(i).padStart(4, '0')}`), 'x'.repeat(i % 7));
  return root;
}

describe('listing outputs', () => {
  it('lists regular files in name order with sizes, and reports links instead of following them', async () => {
    const root = outputs(0);
    // (Within its execution's folder, the top folder is read in one call: the same answer.)
    for (const listing of [await listFiles(root), await listFiles(root, dirname(root))]) {
      expect(listing.files).toEqual([
        { path: 'a.txt', size: 2 },
        { path: 'b/deeper/c.bin', size: 3 },
      ]);
      expect(listing.skipped).toEqual(['b/escape is a symbolic link; links are not kept (they could point outside)']);
    }
  });

  it('reads a top folder of more names than it reads on the spot through the thread pool, within an execution too', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-listing-'));
    for (let i = 0; i < 150; i += 1) writeFileSync(join(root, `f${String(i).padStart(3, '0')}`), 'x'.repeat(i % 5));
    for (const listing of [await listFiles(root), await listFiles(root, dirname(root))]) {
      expect(listing.files).toHaveLength(150);
      expect(listing.files.at(-1)).toEqual({ path: 'f149', size: 4 });
    }
  });

  it('gives the same answer for a tree too large to read on the spot', async () => {
    const root = outputs(500);
    const listing = await listFiles(root);
    expect(listing.files).toHaveLength(502);
    expect(listing.files.slice(0, 3)).toEqual([
      { path: 'a.txt', size: 2 },
      { path: 'b/deeper/c.bin', size: 3 },
      { path: 'many/f0000', size: 0 },
    ]);
    expect(listing.files.at(-1)).toEqual({ path: 'many/f0499', size: 499 % 7 });
    expect(listing.skipped).toEqual(['b/escape is a symbolic link; links are not kept (they could point outside)']);
  });

  it('reports a name that is not UTF-8 text instead of failing, in a small tree and a large one', async () => {
    for (const extra of [0, 500]) {
      const root = outputs(extra);
      // Node names files by strings; the bytes come through a Buffer path.
      writeFileSync(Buffer.concat([Buffer.from(`${root}/bad`), Buffer.from([0xff, 0xfe]), Buffer.from('.bin')]), 'x');
      writeFileSync(join(root, 'new\nline.txt'), 'nl');
      const listing = await listFiles(root, dirname(root));
      expect(listing.files).toHaveLength(3 + extra);
      expect(listing.files).toContainEqual({ path: 'new\nline.txt', size: 2 });
      expect(listing.skipped).toContain('bad\ufffd\ufffd.bin has a name that is not UTF-8 text; it is not kept (rename it)');
    }
  });

  it('reports what is not a file, and lists a missing folder as empty', async () => {
    const root = outputs(0);
    expect(spawnSync('mkfifo', [join(root, 'pipe')]).status).toBe(0);
    const listing = await listFiles(root);
    expect(listing.skipped).toContain('pipe is not a regular file');
    expect(await listFiles(join(root, 'nope'))).toEqual({ files: [], skipped: [] });
  });

  it('lists nothing from a folder of an execution that a step replaced by a link, or put behind one, and says where it led', async () => {
    const execution = mkdtempSync(join(tmpdir(), 'pipewright-execution-'));
    const elsewhere = outputs(0);
    symlinkSync(elsewhere, join(execution, 'outputs'));
    expect(await listFiles(join(execution, 'outputs'), execution)).toEqual({ files: [], skipped: [`folder outputs was replaced by a symbolic link (to ${elsewhere}); nothing in it is kept`] });
    // A link further up (inputs/ itself) counts as much as one in its place.
    symlinkSync(elsewhere, join(execution, 'inputs'));
    expect((await listFiles(join(execution, 'inputs', 'b'), execution)).skipped).toEqual([`folder inputs/b was replaced by a symbolic link (to ${join(elsewhere, 'b')}); nothing in it is kept`]);
    symlinkSync('/no/such/place', join(execution, 'gone'));
    expect((await listFiles(join(execution, 'gone'), execution)).skipped).toEqual(['folder gone was replaced by a symbolic link (to /no/such/place, which is not there); nothing in it is kept']);
    // Real folders all the way down: listed, and a missing one is empty.
    mkdirSync(join(execution, 'real'));
    writeFileSync(join(execution, 'real', 'x.txt'), 'x');
    expect(await listFiles(join(execution, 'real'), execution)).toEqual({ files: [{ path: 'x.txt', size: 1 }], skipped: [] });
    expect(await listFiles(join(execution, 'missing'), execution)).toEqual({ files: [], skipped: [] });
  });
});

describe('hashing a file', () => {
  it('gives the SHA-256 of its bytes, across read boundaries and for an empty file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-hash-'));
    const bytes = Buffer.alloc(9 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31) & 0xff;
    writeFileSync(join(root, 'big'), bytes);
    writeFileSync(join(root, 'empty'), '');
    expect(await sha256File(join(root, 'big'))).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await sha256File(join(root, 'empty'))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    await expect(sha256File(join(root, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});

describe('placing a file by link', () => {
  it('makes a missing folder, replaces a file in the way, and links (same inode) on one file system', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-link-'));
    writeFileSync(join(root, 'source'), 'data');
    const nested = join(root, 'inputs/x/deep/file');
    expect(await linkOrClone(join(root, 'source'), nested)).toBe('link');
    expect(statSync(nested).ino).toBe(statSync(join(root, 'source')).ino);
    writeFileSync(join(root, 'other'), 'old');
    expect(await linkOrClone(join(root, 'source'), join(root, 'other'))).toBe('link');
    expect(readFileSync(join(root, 'other'), 'utf8')).toBe('data');
    await expect(linkOrClone(join(root, 'missing'), join(root, 'nowhere'))).rejects.toThrow(/ENOENT/);
  });
});
