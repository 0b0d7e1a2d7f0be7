import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project's top folder (the nearest one above this file holding package.json), from `src/` or `dist/src/` alike. */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
