/**
 * Part of `npm run build`: copies Web Chat's browser bundle from the dev dependency botframework-webchat
 * to dist/webchat/ (webchat.js and version.json), which the chat page serves, so `npm ci --omit=dev`
 * installs none of Web Chat's sources, React or speech SDK.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BUILT_BUNDLE_DIR, webChatPackageBundle } from '../src/web/web-chat-bundle';

const source = webChatPackageBundle();
if (!source) {
  console.error('botframework-webchat is not installed: run npm ci (with dev dependencies) before npm run build');
  process.exit(1);
}
mkdirSync(BUILT_BUNDLE_DIR, { recursive: true });
copyFileSync(source.file, path.join(BUILT_BUNDLE_DIR, 'webchat.js'));
writeFileSync(path.join(BUILT_BUNDLE_DIR, 'version.json'), `${JSON.stringify({ version: source.version })}\n`);
console.log(`Web Chat ${source.version} bundle copied to ${path.relative(process.cwd(), BUILT_BUNDLE_DIR)}/`);
