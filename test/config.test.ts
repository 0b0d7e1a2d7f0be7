import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  it('runs on embedded defaults with an empty environment: port 3978, anonymous, memory storage', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3978, anonymous: true, STORAGE: 'memory', CONVERSATION_TTL_HOURS: 24 });
    expect(config.ESCALATION_DISPOSITIONS).toEqual(['emergency_ambulance', 'emergency', 'consultation_24']);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ STORAGE: 'floppy' })).toThrow(/STORAGE/);
    expect(() => loadConfig({ ESCALATION_DISPOSITIONS: 'emergency,soonish' })).toThrow(/ESCALATION_DISPOSITIONS: "soonish"/);
    expect(() => loadConfig({ STORAGE: 'blob' })).toThrow(/BLOB_CONNECTION_STRING/);
    expect(() => loadConfig({ MicrosoftAppId: 'abc' })).toThrow(/MicrosoftAppPassword/);
    expect(() => loadConfig({ ESCALATION_WEBHOOK_URL: 'https://clinic.example/alerts' })).toThrow(/ESCALATION_WEBHOOK_SECRET/);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(ConfigError);
  });

  it('is authenticated once MicrosoftAppId is set', () => {
    expect(loadConfig({ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'secret' }).anonymous).toBe(false);
  });

  it('documents every variable in .env.example', () => {
    const example = readFileSync(path.join(__dirname, '..', '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Za-z_]+)=/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES].sort());
    expect(loadConfig(Object.fromEntries(example.split('\n').filter((line) => /^[A-Za-z_]+=/.test(line)).map((line) => line.split(/=(.*)/s).slice(0, 2))))).toBeDefined();
  });
});
