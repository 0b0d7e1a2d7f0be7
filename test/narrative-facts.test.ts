import { sendMessage, startBotServer, type BotServer, type HttpReply } from './support/bot-server';
import { BENIGN } from './support/run-vignette';

let server: BotServer;
beforeAll(async () => {
  server = await startBotServer({});
});
afterAll(() => server.close());

const send = (conversationId: string, input: string | Record<string, unknown>) => sendMessage(server.url, conversationId, input);

/** Answers every question from BENIGN plus `facts` by card submit until the outcome; returns the questions asked and the outcome. */
async function finish(conversationId: string, replies: HttpReply[], facts: Record<string, unknown>) {
  const asked: string[] = [];
  const answers = { ...BENIGN, ...facts } as Record<string, unknown>;
  for (let turn = 0; turn < 30; turn += 1) {
    const outcome = replies.find((reply) => reply.channelData?.triage?.outcome)?.channelData?.triage?.outcome;
    if (outcome) return { asked, outcome };
    const question = replies.at(-1)!.channelData!.triage!;
    asked.push(question.questionId!);
    replies = await send(conversationId, Object.fromEntries(question.slots!.map((slot) => [slot, answers[slot]])));
  }
  throw new Error('no outcome');
}

const DOMS = { location: 'lower', onset: 'workout', durationDays: 2, workoutTiming: 'next_day', bothSides: true, swellingOrBruising: false, fever: false, legNumbness: false };

describe('facts told in a narrative are kept and their questions skipped (over /api/messages)', () => {
  it('confirms the facts in one line and never asks them', async () => {
    const replies = await send('narrative-1', 'no fever, no numbness, just sore in my lower back after deadlifts two days ago, both sides');
    const confirm = replies.map((reply) => reply.text ?? '').find((text) => text.startsWith('Got it:'));
    expect(confirm).toMatch(/lower back/);
    expect(confirm).toMatch(/2 days/);
    expect(confirm).toMatch(/after a workout/);
    expect(confirm).toMatch(/both sides/);
    const { asked, outcome } = await finish('narrative-1', replies, DOMS);
    expect(asked).not.toEqual(expect.arrayContaining(['location']));
    for (const skipped of ['location', 'onset', 'duration', 'both-sides']) expect(asked).not.toContain(skipped);
    expect(outcome.disposition).toBe('self_care');
    expect(outcome.facts).toMatchObject({ fever: false, legNumbness: false, bothSides: true, durationDays: 2 });
  });

  it("dates a weekday from the writer's local timestamp, not the server's clock", async () => {
    // Wednesday 25 November where the writer is; "since monday" is 2 days whatever day the server thinks it is.
    const replies = await sendMessage(server.url, 'narrative-4', 'sore lower back since monday after deadlifts', { localTimestamp: '2026-11-25T21:00:00.000-08:00' });
    const confirm = replies.map((reply) => reply.text ?? '').find((text) => text.startsWith('Got it:'));
    expect(confirm).toMatch(/2 days/);
  });

  it('reaches the same self-care outcome in fewer questions than starting from a greeting', async () => {
    const plain = await finish('narrative-2', await send('narrative-2', 'hi'), DOMS);
    const told = await finish('narrative-3', await send('narrative-3', 'sore lower back after deadlifts two days ago, felt it the next day, both sides, no swelling'), DOMS);
    expect(told.outcome.disposition).toBe(plain.outcome.disposition);
    expect(told.asked.length).toBeLessThan(plain.asked.length);
    console.log(`questions to a self-care outcome: ${plain.asked.length} from a greeting, ${told.asked.length} from a narrative`);
  });
});
