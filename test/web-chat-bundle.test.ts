import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/content/project-root';
import { BUILT_BUNDLE_DIR, loadWebChatBundle, webChatPackageBundle } from '../src/web/web-chat-bundle';
import packageJson from '../package.json';

// What an operator relies on: `npm run build` leaves Web Chat's bundle in dist/, the page serves that copy,
// and the package itself is only a dev dependency (a production install does not carry it).
it('the build copies the Web Chat bundle the page serves, and botframework-webchat is a dev dependency', () => {
  execFileSync(process.execPath, ['--require', 'tsx/cjs', path.join(PROJECT_ROOT, 'scripts', 'copy-web-chat-bundle.ts')], { cwd: PROJECT_ROOT, stdio: 'pipe' });
  const source = webChatPackageBundle()!;
  const copied = readFileSync(path.join(BUILT_BUNDLE_DIR, 'webchat.js'));
  expect(copied.equals(readFileSync(source.file))).toBe(true);
  expect(JSON.parse(readFileSync(path.join(BUILT_BUNDLE_DIR, 'version.json'), 'utf8'))).toEqual({ version: source.version });
  const served = loadWebChatBundle();
  expect(served.version).toBe(source.version);
  expect(served.body.equals(copied)).toBe(true);
  expect(packageJson.devDependencies).toHaveProperty('botframework-webchat');
  expect(packageJson.dependencies).not.toHaveProperty('botframework-webchat');
  expect(packageJson.scripts.build).toMatch(/copy-web-chat-bundle/);
});
