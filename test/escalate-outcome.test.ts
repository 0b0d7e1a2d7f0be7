import { createHmac } from 'node:crypto';
import { MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { buildApp } from '../src/build-app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logging/create-logger';
import { eventually, TestReceiver } from './support/escalation-receiver';
import { EMERGENCY_SLOTS } from '../src/triage/slots';
import { noneOf, outcomeOf, triageData } from './support/test-conversation';

const SECRET = 'test-webhook-secret';

describe('a red flag alerts the clinicians through the bot', () => {
  let receiver: TestReceiver;
  let url: string;
  beforeEach(async () => {
    receiver = new TestReceiver();
    url = `http://127.0.0.1:${await receiver.listen()}/alerts`;
  });
  afterEach(() => receiver.close());

  async function chat(env: NodeJS.ProcessEnv, ...texts: string[]) {
    const app = buildApp(loadConfig({ ESCALATION_WEBHOOK_URL: url, ESCALATION_WEBHOOK_SECRET: SECRET, ...env }), {
      storage: new MemoryStorage(),
      logger: createLogger('silent'),
    });
    const adapter = new TestAdapter(async (context) => app.bot.run(context));
    for (const text of texts) await adapter.processActivity({ type: 'message', text, locale: 'en-US', channelId: 'webchat' } as Activity);
    return { app, replies: adapter.activeQueue.splice(0) };
  }

  it('tells the user the clinic was notified, after the emergency advice, and delivers one signed alert', async () => {
    const { app, replies } = await chat({}, 'my legs gave way and I cannot stand');
    try {
      const advice = replies.find((reply) => outcomeOf([reply]))!;
      expect(outcomeOf([advice])!.disposition).toBe('emergency');
      expect(advice.text).toMatch(/Go to the nearest emergency department now[\s\S]*alerted|Go to the nearest emergency department now[\s\S]*summary/);
      expect(advice.text).not.toMatch(/wait for (a|their) call/i);
      await receiver.waitForRequests(1);
      const [request] = receiver.requests;
      const expected = `sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`;
      expect(request.headers['x-signature-256']).toBe(expected);
      const body = JSON.parse(request.body);
      expect(body).toMatchObject({ type: 'triage.escalation', disposition: 'emergency', redFlags: ['bothLegsWeak'], conversation: { channelId: 'webchat' } });
      expect(request.headers['idempotency-key']).toBe(body.id);
      expect(JSON.stringify(body)).not.toContain('cannot stand');
    } finally {
      app.escalation.stop();
    }
  });

  it('alerts once when a within-24-hours flag told up front is followed by the end of the questions, whose outcome comes again in full', async () => {
    const { app, replies } = await chat({}, 'I have had a fever since yesterday', 'none of these');
    try {
      expect(replies.filter((reply) => outcomeOf([reply])).map((reply) => outcomeOf([reply])!.disposition)).toEqual(['consultation_24', 'consultation_24']);
      await eventually(async () => receiver.requests.length > 0 && (await app.escalation.pendingAlertIds()).length === 0);
      expect(receiver.requests).toHaveLength(1);
    } finally {
      app.escalation.stop();
    }
  });

  it('does not alert for a disposition that is not configured to alert', async () => {
    const { app, replies } = await chat({ ESCALATION_DISPOSITIONS: 'emergency_ambulance' }, 'I have had a fever since yesterday', 'none of these');
    try {
      expect(outcomeOf(replies)!.disposition).toBe('consultation_24');
      expect(replies.map((reply) => reply.text).join('\n')).not.toMatch(/clinic/);
      expect(await app.escalation.pendingAlertIds()).toEqual([]);
    } finally {
      app.escalation.stop();
    }
  });

  it('sends the Bot Framework handoff.initiate event on channels with a human agent hub', async () => {
    const { app, replies } = await chat({ ESCALATION_HANDOFF_CHANNELS: 'webchat' }, 'I was rear-ended on the highway an hour ago');
    try {
      expect(outcomeOf(replies)!.disposition).toBe('emergency_ambulance');
      const handoff = replies.find((reply) => reply.type === 'event' && reply.name === 'handoff.initiate');
      expect(handoff).toBeDefined();
      expect(handoff!.value).toMatchObject({ disposition: 'emergency_ambulance', redFlags: ['majorTrauma'] });
      expect(replies.indexOf(handoff!)).toBeGreaterThan(replies.findIndex((reply) => outcomeOf([reply])));
    } finally {
      app.escalation.stop();
    }
  });
});


describe('"back" after an emergency outcome', () => {
  let receiver: TestReceiver;
  let url: string;
  beforeEach(async () => {
    receiver = new TestReceiver();
    url = `http://127.0.0.1:${await receiver.listen()}/alerts`;
  });
  afterEach(() => receiver.close());

  it('keeps the emergency advice until the user confirms, never withdraws the alert, and sends the clinicians a follow-up with the corrected answer', async () => {
    const app = buildApp(loadConfig({ ESCALATION_WEBHOOK_URL: url, ESCALATION_WEBHOOK_SECRET: SECRET }), { storage: new MemoryStorage(), logger: createLogger('silent') });
    const adapter = new TestAdapter(async (context) => app.bot.run(context));
    const say = async (input: string | Record<string, unknown>) => {
      adapter.activeQueue.splice(0);
      const fields = typeof input === 'string' ? { text: input } : { value: input };
      await adapter.processActivity({ type: 'message', ...fields, locale: 'en-US', channelId: 'webchat' } as Activity);
      return adapter.activeQueue.splice(0);
    };
    const text = (replies: Partial<Activity>[]) => replies.map((reply) => reply.text ?? '').join('\n');
    const question = (replies: Partial<Activity>[]) => replies.map((reply) => triageData(reply).questionId).filter(Boolean).at(-1);
    try {
      expect(outcomeOf(await say('my legs gave way and I cannot stand'))!.disposition).toBe('emergency');
      await receiver.waitForRequests(1);

      for (const undo of ['back', 'that was wrong']) {
        const replies = await say(undo);
        expect(question(replies)).toBeUndefined();
        expect(text(replies)).toMatch(/My advice stays the same: Go to an emergency department now/);
        expect(text(replies)).toMatch(/weakness in both legs[\s\S]*"yes, change it"/i);
        expect(text(replies)).not.toMatch(/let's change your last answer/i);
      }
      // Anything but an explicit confirmation leaves the answer and the advice as they were.
      const kept = await say('no');
      expect(text(kept)).toMatch(/your answer stays as it was, and so does my advice: Go to an emergency department now/);
      expect(question(await say('back'))).toBeUndefined();

      const confirmed = await say('Yes, change it!');
      expect(text(confirmed)).toMatch(/Until we're done, my advice stays: Go to an emergency department now/);
      expect(question(confirmed)).toBe('emergency-screen');
      expect(receiver.requests).toHaveLength(1);

      const after = await say(noneOf(EMERGENCY_SLOTS));
      expect(question(after)).toBe('urgent-screen');
      await receiver.waitForRequests(2);
      const [first, followUp] = receiver.requests.map((request) => JSON.parse(request.body));
      expect(first).toMatchObject({ type: 'triage.escalation', disposition: 'emergency', redFlags: ['bothLegsWeak'] });
      expect(followUp).toMatchObject({
        type: 'triage.correction',
        correction: { follows: 'emergency', changes: [{ slot: 'bothLegsWeak', from: true, to: false }] },
        conversation: first.conversation,
      });
      expect(followUp.summary).toMatch(/FOLLOW-UP[\s\S]*corrected weakness in both legs \[bothLegsWeak\] to no \(was yes\)/);
      expect(receiver.requests[1].headers['x-signature-256']).toBe(`sha256=${createHmac('sha256', SECRET).update(receiver.requests[1].body).digest('hex')}`);
      await eventually(async () => (await app.escalation.pendingAlertIds()).length === 0);
      expect(receiver.requests).toHaveLength(2);
    } finally {
      app.escalation.stop();
    }
  });
});
