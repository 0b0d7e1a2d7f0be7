import { CloudAdapter, MemoryStorage } from 'botbuilder';
import pino from 'pino';
import { createEscalation } from '../src/bot/alerts/create-escalation';
import { loadConfig } from '../src/config';

const deps = () => ({ storage: new MemoryStorage(), adapter: new CloudAdapter(), logger: pino({ level: 'silent' }) });

describe('createEscalation', () => {
  it('alerts for nothing when no destination is configured', () => {
    const { service, registry } = createEscalation(loadConfig({}), deps());
    expect(service.shouldAlert('emergency_ambulance')).toBe(false);
    expect(registry).toBeUndefined();
  });

  it('alerts for the configured dispositions once a webhook is set', () => {
    const config = loadConfig({
      ESCALATION_WEBHOOK_URL: 'https://clinic.example/escalations',
      ESCALATION_WEBHOOK_SECRET: 'secret',
      ESCALATION_DISPOSITIONS: 'emergency',
    });
    const { service } = createEscalation(config, deps());
    expect(service.shouldAlert('emergency')).toBe(true);
    expect(service.shouldAlert('emergency_ambulance')).toBe(false);
  });

  it('turns on Teams alerts only with admins and the bot app id', () => {
    const withoutAppId = createEscalation(loadConfig({ ESCALATION_TEAMS_ADMINS: 'aad-1, aad-2' }), deps());
    expect(withoutAppId.registry).toBeUndefined();
    const withAppId = createEscalation(
      loadConfig({ ESCALATION_TEAMS_ADMINS: 'aad-1, aad-2', MicrosoftAppId: 'app', MicrosoftAppPassword: 'password' }),
      deps(),
    );
    expect(withAppId.registry).toBeDefined();
    expect(withAppId.service.shouldAlert('consultation_24')).toBe(true);
  });
});
