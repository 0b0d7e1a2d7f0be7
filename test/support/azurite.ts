import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The well-known key of Azurite's development account (public, documented by Microsoft; not a secret). */
const DEV_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite blob service. */
export interface Azurite {
  port: number;
  /** The development account's connection string for this instance. */
  connectionString: string;
  /** Kills the emulator; its in-memory data goes with it. */
  stop(): Promise<void>;
}

/** Starts Azurite's blob service from node_modules, in memory, on a free loopback port; resolves once it listens. */
export function startAzurite(): Promise<Azurite> {
  const packageDir = dirname(require.resolve('azurite/package.json'));
  const bin = (require('azurite/package.json') as { bin: Record<string, string> }).bin['azurite-blob'];
  const args = ['--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--loose', '--skipApiVersionCheck', '--silent', '--disableTelemetry'];
  const child = spawn(process.execPath, [join(packageDir, bin), ...args], { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onExit = (code: number | null) => reject(new Error(`Azurite exited (${code}) before listening:\n${output}`));
    child.once('exit', onExit);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!match) return;
      child.off('exit', onExit);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      const port = Number(match[1]);
      resolve({
        port,
        connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
        stop: () => kill(child),
      });
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
