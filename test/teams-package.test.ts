import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { PNG } from 'pngjs';
import yauzl from 'yauzl';
import { buildManifest, buildTeamsPackage, writeZip, type TeamsPackageOptions } from '../scripts/package-teams';

const OPTIONS: TeamsPackageOptions = {
  appId: '8a6f2c4e-1b3d-4e5f-9a7b-0c1d2e3f4a5b',
  version: '0.1.0',
  developerName: 'Back-pain triage',
  websiteUrl: 'https://clinic.example.org/',
  privacyUrl: 'https://clinic.example.org/privacy',
  termsUrl: 'https://clinic.example.org/terms',
};

const SCHEMAS = path.join(path.dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams');

/**
 * Microsoft's own validator (AppManifestUtils.validateAgainstSchema) against the schema file the
 * package bundles, so nothing is fetched. It runs in a child Node: the package requires an ES-module
 * dependency that jest's module runtime cannot load, while Node 20.19+ can.
 */
function validateManifest(manifest: { manifestVersion: string }): string[] {
  const schemaFile = path.join(SCHEMAS, `v${manifest.manifestVersion}`, 'MicrosoftTeams.schema.json');
  const script = `
    const fs = require('node:fs');
    const { AppManifestUtils } = require('@microsoft/app-manifest');
    const manifest = JSON.parse(fs.readFileSync(0, 'utf8'));
    const schema = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
    AppManifestUtils.validateAgainstSchema(manifest, schema).then((failures) => process.stdout.write(JSON.stringify(failures)));`;
  const output = execFileSync(process.execPath, ['-e', script, schemaFile], { input: JSON.stringify(manifest), cwd: path.join(__dirname, '..') });
  return JSON.parse(output.toString('utf8')) as string[];
}

/** Reads every entry of a zip file into memory. */
function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('the Teams app package', () => {
  let dir: string;
  let entries: Map<string, Buffer>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'teams-package-'));
    const zipFile = path.join(dir, 'teams-app.zip');
    await writeZip(buildTeamsPackage(OPTIONS), zipFile);
    entries = await readZip(zipFile);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds exactly a manifest and two icons, at the root of the zip', () => {
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it("validates against Microsoft's manifest schema bundled in @microsoft/app-manifest (offline)", () => {
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { manifestVersion: string; $schema: string };
    expect(validateManifest(manifest)).toEqual([]);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it('the same validation rejects a manifest that breaks the schema', () => {
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { manifestVersion: string; bots: { scopes: string[] }[] };
    manifest.bots[0].scopes = ['everyone'];
    expect(validateManifest(manifest).join('\n')).toMatch(/scopes/);
  });

  it('uses the newest numbered manifest schema the package bundles', () => {
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { manifestVersion: string };
    const newest = readdirSync(SCHEMAS)
      .filter((name) => /^v\d+\.\d+$/.test(name))
      .map((name) => name.slice(1))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .pop();
    expect(manifest.manifestVersion).toBe(newest);
  });

  it('offers the bot with the configured id in personal, group chat and team scopes', () => {
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as {
      id: string;
      icons: { color: string; outline: string };
      bots: { botId: string; scopes: string[] }[];
    };
    expect(manifest.id).toBe(OPTIONS.appId);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe(OPTIONS.appId);
    expect([...manifest.bots[0].scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('has a 192×192 opaque colour icon', () => {
    const icon = PNG.sync.read(entries.get('color.png')!);
    expect([icon.width, icon.height]).toEqual([192, 192]);
    const alphas = new Set<number>();
    for (let i = 3; i < icon.data.length; i += 4) alphas.add(icon.data[i]);
    expect([...alphas]).toEqual([255]);
  });

  it('has a 32×32 outline icon: white only, on a transparent background', () => {
    const icon = PNG.sync.read(entries.get('outline.png')!);
    expect([icon.width, icon.height]).toEqual([32, 32]);
    let transparent = 0;
    let drawn = 0;
    for (let i = 0; i < icon.data.length; i += 4) {
      const [r, g, b, a] = icon.data.subarray(i, i + 4);
      if (a === 0) transparent += 1;
      else {
        drawn += 1;
        expect([r, g, b]).toEqual([255, 255, 255]);
      }
    }
    expect(icon.data.length / 4).toBe(1024);
    expect(transparent).toBeGreaterThan(512); // the corners and the background
    expect(drawn).toBeGreaterThan(64); // there is a shape to see
    expect(icon.data[3]).toBe(0); // the top-left corner is transparent
  });

  it('refuses an app id that is not a GUID, naming where to find the right one', () => {
    expect(() => buildManifest({ ...OPTIONS, appId: 'my-bot' })).toThrow(/not a GUID.*Application \(client\) ID/);
  });
});
