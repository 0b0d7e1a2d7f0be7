/**
 * `npm run package:teams [-- --app-id <guid>] [--out dist/teams-app.zip] [--developer-name ...]
 * [--website-url ...] [--privacy-url ...] [--terms-url ...]`: writes the Teams app package an
 * administrator uploads: manifest.json (from teams/manifest.template.json), a 192×192 colour icon and
 * a 32×32 white-on-transparent outline icon, both drawn here with pngjs.
 */
import { mkdirSync, readFileSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PNG } from 'pngjs';
import { ZipFile } from 'yazl';
import { ConfigError, loadConfig } from '../src/config';
import { PROJECT_ROOT } from '../src/content/project-root';

/** What goes into the package besides the fixed template. */
export interface TeamsPackageOptions {
  /** The bot's Microsoft App ID (MicrosoftAppId), also used as the Teams app id. */
  appId: string;
  version: string;
  developerName: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
}

/** The three files of a Teams app package, by name. */
export type TeamsPackageFiles = Record<'manifest.json' | 'color.png' | 'outline.png', Buffer>;

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const ACCENT = { r: 0x0b, g: 0x5c, b: 0xad };

/** The manifest for `options`, from the template; throws when the app id is not a GUID. */
export function buildManifest(options: TeamsPackageOptions): Record<string, unknown> {
  if (!GUID.test(options.appId)) throw new Error(`The app id "${options.appId}" is not a GUID (the Application (client) ID of the bot's app registration).`);
  const values: Record<string, string> = {
    APP_ID: options.appId,
    VERSION: options.version,
    DEVELOPER_NAME: options.developerName,
    WEBSITE_URL: options.websiteUrl,
    PRIVACY_URL: options.privacyUrl,
    TERMS_URL: options.termsUrl,
  };
  const template = readFileSync(path.join(PROJECT_ROOT, 'teams', 'manifest.template.json'), 'utf8');
  // Substitute inside the parsed JSON, so a value can never break the JSON around it.
  return JSON.parse(template, (_key, value: unknown) =>
    typeof value === 'string' ? value.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => values[name] ?? `{{${name}}}`) : value,
  ) as Record<string, unknown>;
}

/**
 * A spine of five vertebrae, in unit coordinates: true when (x, y) is inside one. The column bends
 * gently, as a back does.
 */
function insideSpine(x: number, y: number): boolean {
  const count = 5;
  const top = 0.14;
  const pitch = 0.148;
  for (let i = 0; i < count; i += 1) {
    const cy = top + pitch * i + 0.05;
    const cx = 0.5 + 0.04 * Math.sin((i / (count - 1)) * Math.PI * 2);
    const halfWidth = 0.2 - 0.012 * Math.abs(i - 2);
    const halfHeight = 0.052;
    const radius = 0.045;
    const dx = Math.max(Math.abs(x - cx) - (halfWidth - radius), 0);
    const dy = Math.max(Math.abs(y - cy) - (halfHeight - radius), 0);
    if (dx * dx + dy * dy <= radius * radius) return true;
  }
  return false;
}

/** Coverage of pixel (px, py) of a `size`-pixel square by the spine, from 4×4 samples (smooth edges). */
function coverage(px: number, py: number, size: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy += 1) {
    for (let sx = 0; sx < 4; sx += 1) {
      if (insideSpine((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size)) hits += 1;
    }
  }
  return hits / 16;
}

/** The 192×192 colour icon: a white spine on the accent colour, fully opaque. */
export function drawColorIcon(): Buffer {
  const size = 192;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const a = coverage(x, y, size);
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(ACCENT.r + (255 - ACCENT.r) * a);
      png.data[i + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * a);
      png.data[i + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * a);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** The 32×32 outline icon: the same spine in white on a transparent background, as Teams requires. */
export function drawOutlineIcon(): Buffer {
  const size = 32;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const i = (y * size + x) * 4;
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(255 * coverage(x, y, size));
    }
  }
  return PNG.sync.write(png);
}

/** The package's files for `options`. */
export function buildTeamsPackage(options: TeamsPackageOptions): TeamsPackageFiles {
  return {
    'manifest.json': Buffer.from(`${JSON.stringify(buildManifest(options), null, 2)}\n`),
    'color.png': drawColorIcon(),
    'outline.png': drawOutlineIcon(),
  };
}

/** Writes `files` as a zip at `outFile` (files at the zip's root, as Teams expects). */
export function writeZip(files: TeamsPackageFiles, outFile: string): Promise<void> {
  mkdirSync(path.dirname(outFile), { recursive: true });
  const zip = new ZipFile();
  // A fixed date keeps the zip identical from one run to the next.
  const mtime = new Date('2024-01-01T00:00:00Z');
  for (const [name, body] of Object.entries(files)) zip.addBuffer(body, name, { mtime });
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(outFile)).on('close', resolve).on('error', reject);
  });
}

const HOW_TO_GET_AN_APP_ID = `The Teams package needs the bot's Microsoft App ID (a GUID).
  Set MicrosoftAppId (as for running the bot in Teams), or pass it: npm run package:teams -- --app-id <guid>
  It is the "Application (client) ID" of the app registration behind your Azure Bot resource
  (Azure portal > your Azure Bot > Configuration > Microsoft App ID). README: "Web Chat and Microsoft Teams".`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'app-id': { type: 'string' },
      out: { type: 'string', default: path.join(PROJECT_ROOT, 'dist', 'teams-app.zip') },
      'developer-name': { type: 'string', default: 'Back-pain triage' },
      'website-url': { type: 'string', default: 'https://www.example.com/back-pain-triage' },
      'privacy-url': { type: 'string', default: 'https://www.example.com/back-pain-triage/privacy' },
      'terms-url': { type: 'string', default: 'https://www.example.com/back-pain-triage/terms' },
    },
  });
  let appId = values['app-id'];
  if (!appId) {
    try {
      appId = loadConfig().MicrosoftAppId;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(error.message);
    }
  }
  if (!appId) {
    console.error(HOW_TO_GET_AN_APP_ID);
    process.exitCode = 1;
    return;
  }
  const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const files = buildTeamsPackage({
    appId,
    version,
    developerName: values['developer-name'],
    websiteUrl: values['website-url'],
    privacyUrl: values['privacy-url'],
    termsUrl: values['terms-url'],
  });
  await writeZip(files, values.out);
  console.log(`Wrote ${path.relative(process.cwd(), values.out)} (bot ${appId}, app version ${version}). Upload it in Teams: Apps > Manage your apps > Upload an app.`);
  if (values['website-url'].includes('example.com')) {
    console.log('Note: the developer URLs are placeholders; pass --website-url, --privacy-url and --terms-url before publishing beyond your own organisation.');
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
