import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../content/project-root';

/** Where `npm run build` puts Web Chat's browser bundle, so a production install needs no `botframework-webchat`. */
export const BUILT_BUNDLE_DIR = path.join(PROJECT_ROOT, 'dist', 'webchat');

/** Web Chat's browser bundle and the package version it came from. */
export interface WebChatBundle {
  body: Buffer;
  version: string;
}

/**
 * The bundle the chat page loads: the copy `npm run build` made (dist/webchat/), or, when running from
 * the sources with the dev dependencies installed (tests, tsx), the `botframework-webchat` package's
 * own. Throws, naming the fix, when neither is there.
 */
export function loadWebChatBundle(): WebChatBundle {
  const built = path.join(BUILT_BUNDLE_DIR, 'webchat.js');
  if (existsSync(built)) {
    const { version } = JSON.parse(readFileSync(path.join(BUILT_BUNDLE_DIR, 'version.json'), 'utf8')) as { version: string };
    return { body: readFileSync(built), version };
  }
  const source = webChatPackageBundle();
  if (!source) throw new Error(`Web Chat's bundle is missing: run npm run build (it copies it from the dev dependency botframework-webchat to ${BUILT_BUNDLE_DIR})`);
  return { body: readFileSync(source.file), version: source.version };
}

/** The bundle file and version of the installed `botframework-webchat` package; undefined when it is not installed. */
export function webChatPackageBundle(): { file: string; version: string } | undefined {
  let entry: string;
  try {
    entry = require.resolve('botframework-webchat');
  } catch {
    return undefined;
  }
  // The package's "exports" hide dist/ from require.resolve, so find the folder that holds its package.json.
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return { file: path.join(dir, 'dist', 'webchat.js'), version };
}
