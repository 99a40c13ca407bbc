// Review item 10: watch mode must not stop silently. A watch that fails (ENOSPC when inotify
// runs out of watches) is a warning naming its path, and ignored folders (node_modules, .git,
// .aws-sam) cost no watches at all, so a big node_modules cannot use them up.
import type * as fs from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventually } from '../../test/support.ts';
import { watchHandlerFile } from '../runtime-pool/watch.ts';
import { watchSource } from './source-watch.ts';

// The real fs.watch, except for the paths a test makes fail as a full inotify table does:
// at creation (`failAtStart`) or later, through the watcher's 'error' event (`failLater`).
const failing = vi.hoisted(() => ({ atStart: new Set<string>(), later: new Set<string>() }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const enospc = (path: string) =>
    Object.assign(
      new Error(`ENOSPC: System limit for number of file watchers reached, watch '${path}'`),
      {
        code: 'ENOSPC',
      },
    );
  const watch = ((path: string, ...rest: unknown[]) => {
    if (failing.atStart.has(path)) throw enospc(path);
    const watcher = (actual.watch as (...args: unknown[]) => fs.FSWatcher)(path, ...rest);
    if (failing.later.has(path)) setImmediate(() => watcher.emit('error', enospc(path)));
    return watcher;
  }) as typeof actual.watch;
  return { ...actual, watch };
});

let root: string;
let stop: (() => void) | undefined;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lambda-dev-source-watch-'));
  failing.atStart.clear();
  failing.later.clear();
});
afterEach(async () => {
  stop?.();
  stop = undefined;
  await rm(root, { recursive: true, force: true });
});

/** Folders `depth` deep, `width` wide, under `dir`. */
async function folders(dir: string, width: number, depth: number): Promise<void> {
  if (depth === 0) return;
  for (let i = 0; i < width; i++) {
    await mkdir(join(dir, `d${i}`), { recursive: true });
    await folders(join(dir, `d${i}`), width, depth - 1);
  }
}

/** inotify watches this process holds (Linux: one `inotify wd:` line per watch). */
async function inotifyWatches(): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fdinfo')) {
    const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => '');
    count += info.match(/^inotify wd:/gm)?.length ?? 0;
  }
  return count;
}

describe('watchSource', () => {
  it.skipIf(process.platform !== 'linux')(
    'never watches inside node_modules, .git or .aws-sam; still sees source changes',
    async () => {
      await folders(join(root, 'node_modules'), 4, 3); // 84 folders
      await folders(join(root, '.git'), 3, 2);
      await folders(join(root, '.aws-sam'), 3, 2);
      await mkdir(join(root, 'src', 'lib'), { recursive: true });
      const before = await inotifyWatches();
      let changes = 0;
      let seen = 0;
      const warnings: string[] = [];
      stop = watchSource(
        root,
        [],
        () => changes++,
        (message) => warnings.push(message),
      );
      await eventually(async () => (await inotifyWatches()) > before, 'the watches');
      // root, src and src/lib: a recursive watch of root would hold 100 more.
      expect((await inotifyWatches()) - before).toBeLessThanOrEqual(3);

      seen = changes;
      await writeFile(join(root, 'src', 'lib', 'a.ts'), 'x');
      await eventually(() => changes > seen, 'a change in a nested source folder');
      seen = changes;
      await writeFile(join(root, 'template.yaml'), 'x');
      await eventually(() => changes > seen, 'a change to a top-level file');
      seen = changes;
      await mkdir(join(root, 'added'));
      await eventually(() => changes > seen, 'a new top-level folder');
      seen = changes;
      await writeFile(join(root, 'added', 'b.ts'), 'x');
      await eventually(() => changes > seen, 'a change inside the new folder');
      expect(warnings).toEqual([]);
    },
  );

  it('warns, naming the path, when a watch fails at start or later; the others keep working', async () => {
    await mkdir(join(root, 'src'));
    await mkdir(join(root, 'lib'));
    await mkdir(join(root, 'app'));
    failing.atStart.add(join(root, 'src'));
    failing.later.add(join(root, 'lib'));
    const warnings: string[] = [];
    let changes = 0;
    let seen = 0;
    stop = watchSource(
      root,
      [],
      () => changes++,
      (message) => warnings.push(message),
    );
    await eventually(() => warnings.length === 2, 'both warnings');
    for (const dir of ['src', 'lib']) {
      const warning = warnings.find((w) => w.startsWith(`Watching ${join(root, dir)} failed`));
      expect(warning).toMatch(/ENOSPC .*max_user_watches.*no longer reload/);
    }
    seen = changes;
    await writeFile(join(root, 'app', 'c.ts'), 'x');
    await eventually(() => changes > seen, 'a change in a folder still watched');
  });
});

describe('watchHandlerFile (single-handler watch mode)', () => {
  it('warns, naming the folder, instead of throwing or going quiet', async () => {
    const file = join(root, 'handler.mjs');
    await writeFile(file, '');
    const warnings: string[] = [];
    failing.atStart.add(root);
    expect(() =>
      watchHandlerFile(
        file,
        () => {},
        (m) => warnings.push(m),
      ),
    ).not.toThrow();
    expect(warnings).toEqual([expect.stringMatching(`^Watching ${root} failed: ENOSPC`)]);

    failing.atStart.clear();
    failing.later.add(root);
    stop = watchHandlerFile(
      file,
      () => {},
      (m) => warnings.push(m),
    );
    await eventually(() => warnings.length === 2, 'the warning for the failed watch');
    expect(warnings[1]).toMatch(`Watching ${root} failed: ENOSPC`);
  });
});
