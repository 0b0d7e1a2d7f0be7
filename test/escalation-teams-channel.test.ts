import { MemoryStorage, TestAdapter, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import pino from 'pino';
import { AlertChannelRegistry } from '../src/bot/alerts/alert-channel-registry';
import { TeamsChannelDestination, type ProactiveAdapter } from '../src/bot/alerts/teams-channel-destination';
import type { EscalationAlert, EscalationRequest } from '../src/escalation/escalation-alert';
import { EscalationService } from '../src/escalation/escalation-service';
import { eventually } from './support/escalation-receiver';
import fixtures from './fixtures/escalation-requests.json';

const requests = fixtures as unknown as Record<string, EscalationRequest>;
const logger = pino({ level: 'silent' });
const BOT = { id: '28:triage-bot', name: 'Triage bot' };
const ADMIN = { id: '29:admin', aadObjectId: 'aad-admin', name: 'Nurse lead' };
const CHANNEL_THREAD = '19:clinic-team@thread.tacv2;messageid=1700000000000';
const CHANNEL = '19:clinic-team@thread.tacv2';

function teamsTemplate(overrides: Partial<Activity> = {}): Partial<Activity> {
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    recipient: BOT,
    from: ADMIN,
    conversation: { id: CHANNEL_THREAD, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1', name: 'Clinic' },
    ...overrides,
  };
}

/** A reply check on the text (TestFlow's assertReply takes no RegExp). */
function replyMatching(pattern: RegExp) {
  return (reply: Partial<Activity>) => expect(reply.text).toMatch(pattern);
}

/** A TestAdapter whose bot answers "other" to anything the registry does not handle. */
function botFor(registry: AlertChannelRegistry, template: Partial<Activity>): TestAdapter {
  return new TestAdapter(async (context) => {
    if (await registry.handleCommand(context)) return;
    await context.sendActivity('other');
  }, template);
}

/** Proactive sends through the TestAdapter: the logic runs on a turn built from the stored reference, and what it sends is queued. */
function proactiveThrough(adapter: TestAdapter): ProactiveAdapter {
  return {
    async continueConversationAsync(_appId, reference, logic) {
      const activity = TurnContext.applyConversationReference({ type: 'event', name: 'ContinueConversation' }, reference, true);
      await logic(new TurnContext(adapter, activity));
    },
  };
}

const alert: EscalationAlert = {
  type: 'triage.escalation',
  id: 'alert-1',
  createdAt: '2025-03-04T05:06:07.890Z',
  disposition: 'emergency',
  redFlags: ['bladderBowel'],
  facts: { bladderBowel: true, location: 'lower', durationDays: 2 },
  reasons: [],
  conversation: { id: 'conv-1', channelId: 'webchat' },
  user: { id: 'user-1' },
  summary: 'EMERGENCY — emergency department advised. Red flags: x [bladderBowel].\nLower back pain, 2 days.',
};

describe('Teams alert channel', () => {
  let store: MemoryStorage;
  let registry: AlertChannelRegistry;

  beforeEach(() => {
    store = new MemoryStorage();
    registry = new AlertChannelRegistry({ store, adminIds: ['aad-admin'], logger });
  });

  it('registers the channel an admin @mentions the bot in, as a new-post reference', async () => {
    await botFor(registry, teamsTemplate())
      .send({
        text: '<at>Triage bot</at> Register escalations here.',
        entities: [{ type: 'mention', mentioned: BOT, text: '<at>Triage bot</at>' }],
      })
      .assertReply((reply) => expect(reply.text).toMatch(/^Escalation alerts will be posted here/))
      .startTest();
    const [reference, ...others] = await registry.references();
    expect(others).toHaveLength(0);
    expect(reference).toMatchObject({
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      bot: BOT,
      conversation: { id: CHANNEL, conversationType: 'channel', tenantId: 'tenant-1' },
    });
    expect(reference.activityId).toBeUndefined();
  });

  it('stops alerts to a channel on "stop escalations here"', async () => {
    const bot = botFor(registry, teamsTemplate());
    await bot.send('register escalations here').assertReply(replyMatching(/posted here/)).startTest();
    await bot.send('stop escalations here').assertReply('Escalation alerts will no longer be posted here.').startTest();
    expect(await registry.references()).toEqual([]);
  });

  it('refuses someone who is not an admin', async () => {
    await botFor(registry, teamsTemplate({ from: { id: '29:visitor', aadObjectId: 'aad-visitor', name: 'Visitor' } }))
      .send('register escalations here')
      .assertReply(replyMatching(/ESCALATION_TEAMS_ADMINS/))
      .startTest();
    expect(await registry.references()).toEqual([]);
  });

  it('asks for a channel or group chat when the command comes in a personal chat', async () => {
    await botFor(registry, teamsTemplate({ conversation: { id: 'a:personal', conversationType: 'personal', isGroup: false, name: '' } }))
      .send('register escalations here')
      .assertReply(replyMatching(/channel or group chat/))
      .startTest();
    expect(await registry.references()).toEqual([]);
  });

  it('leaves every other message to the bot', async () => {
    await botFor(registry, teamsTemplate()).send('register my back pain here please').assertReply('other').startTest();
  });

  it('posts an alert to each registered channel as an Adaptive Card 1.5 with a text fallback', async () => {
    const bot = botFor(registry, teamsTemplate());
    await bot.send('register escalations here').assertReply(replyMatching(/posted here/)).startTest();
    const destination = new TeamsChannelDestination({ adapter: proactiveThrough(bot), appId: 'app-id', registry, store });
    await destination.deliver(alert);
    const sent = bot.activeQueue.splice(0);
    expect(sent).toHaveLength(1);
    const [message] = sent;
    expect(message.conversation?.id).toBe(CHANNEL);
    expect(message.replyToId).toBeUndefined();
    expect(message.summary).toBe('EMERGENCY — emergency department advised');
    const [attachment] = message.attachments ?? [];
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5', fallbackText: alert.summary });
    const texts = JSON.stringify(attachment.content.body);
    expect(texts).toContain('Lower back pain, 2 days.');
    expect(texts).toContain('{{DATE(2025-03-04T05:06:07Z, SHORT)}}');
  });

  it('fails, so the alert is retried, while no channel is registered', async () => {
    const destination = new TeamsChannelDestination({ adapter: proactiveThrough(botFor(registry, teamsTemplate())), appId: 'app-id', registry, store });
    await expect(destination.deliver(alert)).rejects.toThrow('no Teams channel registered');
  });

  it('does not post again to a channel that got the alert when another channel failed, from another instance or after a restart either', async () => {
    const bot = botFor(registry, teamsTemplate());
    await bot.send('register escalations here').assertReply(replyMatching(/posted here/)).startTest();
    const other = botFor(registry, teamsTemplate({ conversation: { id: '19:other@thread.v2', conversationType: 'groupChat', isGroup: true, name: '' } }));
    await other.send('register escalations here').assertReply(replyMatching(/posted here/)).startTest();
    let failOther = true;
    const proactive = proactiveThrough(bot);
    // Each instance (or the same bot after a restart) is a new destination on the shared store.
    const instance = () =>
      new TeamsChannelDestination({
        adapter: {
          async continueConversationAsync(appId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) {
            if (reference.conversation?.id === '19:other@thread.v2' && failOther) throw new Error('Teams unavailable');
            await proactive.continueConversationAsync(appId, reference, logic);
          },
        },
        appId: 'app-id',
        registry,
        store,
      });
    await expect(instance().deliver(alert)).rejects.toThrow('1 of 2 Teams conversations failed');
    failOther = false;
    await instance().deliver(alert);
    await instance().deliver(alert);
    expect(bot.activeQueue.splice(0).map((message) => message.conversation?.id).sort()).toEqual([CHANNEL, '19:other@thread.v2']);
  });

  it('receives the alerts of an EscalationService sharing the bot storage', async () => {
    const bot = botFor(registry, teamsTemplate());
    await bot.send('register escalations here').assertReply(replyMatching(/posted here/)).startTest();
    const service = new EscalationService({
      store,
      destinations: [new TeamsChannelDestination({ adapter: proactiveThrough(bot), appId: 'app-id', registry, store })],
      dispositions: ['emergency'],
      logger,
    });
    await service.escalate(requests.caudaEquina);
    await eventually(async () => (await service.pendingAlertIds()).length === 0);
    service.stop();
    expect(bot.activeQueue.splice(0)).toHaveLength(1);
  });
});
