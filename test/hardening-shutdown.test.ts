import http from 'node:http';
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { startBotServer, webChatActivity } from './support/bot-server';

/** A MemoryStorage whose reads wait at a gate while it is closed: holds a turn in flight. */
class GatedStorage extends MemoryStorage {
  private gate: Promise<void> = Promise.resolve();
  private openGate: () => void = () => {};
  readsWaiting = 0;

  close(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  open(): void {
    this.openGate();
  }

  async read(keys: string[]): Promise<StoreItems> {
    this.readsWaiting += 1;
    await this.gate;
    return super.read(keys);
  }
}

function request(url: string, agent: http.Agent, method: string, body?: unknown): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(url, { method, agent, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const message = (conversationId: string, text: string) => webChatActivity(conversationId, { text, locale: 'en-GB' });

describe('graceful shutdown', () => {
  it('reports draining on /healthz, turns new requests away, finishes the turn in flight, then closes', async () => {
    const storage = new GatedStorage();
    const server = await startBotServer({}, { storage });
    // Two connections: one carries the turn held in flight, the other asks while draining.
    const busy = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const probe = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await request(`${server.url}/healthz`, probe, 'GET')).status).toBe(200);
      storage.close();
      const inFlight = request(`${server.url}/api/messages`, busy, 'POST', message('drain-1', 'hello'));
      while (storage.readsWaiting === 0) await new Promise((resolve) => setTimeout(resolve, 5));

      let finished = false;
      const shutdown = server.app.shutdown().then(() => (finished = true));
      const health = await request(`${server.url}/healthz`, probe, 'GET');
      expect(health.status).toBe(503);
      expect(JSON.parse(health.body)).toEqual({ status: 'draining' });
      expect(finished).toBe(false);

      storage.open();
      const answered = await inFlight;
      expect(answered.status).toBe(200);
      expect(JSON.parse(answered.body).activities.length).toBeGreaterThan(0);
      await shutdown;
      expect(finished).toBe(true);
      expect(server.app.server.server.listening).toBe(false);
      // The turn that was in flight was stored before the server closed.
      expect(Object.keys(await storage.read(['triage/webchat/drain-1']))).toHaveLength(1);
    } finally {
      busy.destroy();
      probe.destroy();
    }
  });

  it('turns a new turn away with 503 and Retry-After while draining', async () => {
    const storage = new GatedStorage();
    const server = await startBotServer({}, { storage });
    const busy = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const probe = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await request(`${server.url}/healthz`, probe, 'GET');
      storage.close();
      const inFlight = request(`${server.url}/api/messages`, busy, 'POST', message('drain-2', 'hello'));
      while (storage.readsWaiting === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const shutdown = server.app.shutdown();
      const refused = await request(`${server.url}/api/messages`, probe, 'POST', message('drain-3', 'hello'));
      expect(refused.status).toBe(503);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      storage.open();
      expect((await inFlight).status).toBe(200);
      await shutdown;
      expect(Object.keys(await storage.read(['triage/webchat/drain-3']))).toHaveLength(0);
    } finally {
      busy.destroy();
      probe.destroy();
    }
  });
});
