import type { Activity } from 'botbuilder';
import { lastQuestion, testConversation } from './support/test-conversation';

const knowledgeIds = (replies: Partial<Activity>[]) =>
  replies.flatMap((reply) => {
    const id = (reply.channelData as { knowledge?: { id?: string } } | undefined)?.knowledge?.id;
    return id ? [id] : [];
  });

// Issue 14: a message that tells facts and asks something gets both: the facts kept, the question answered, then the pending question.
describe('a question inside a story', () => {
  it('keeps the facts, answers the question, then asks the next triage question', async () => {
    const chat = testConversation();
    await chat.join();
    await chat.say('none of these');
    await chat.say('none of these');
    const replies = await chat.say('lower back, hurt it 3 weeks ago, is it still acute');
    expect(knowledgeIds(replies)).toEqual(['acute-subacute-chronic']);
    expect(replies.map((reply) => reply.text ?? '').join('\n')).toMatch(/21 days/);
    expect(lastQuestion(replies)).toBe('onset');
  });

  it('answers from both entries when a question spans two topics, and the triage keeps its place', async () => {
    const chat = testConversation();
    await chat.join();
    const before = lastQuestion(await chat.say('none of these'));
    const replies = await chat.say('is yoga good for back pain and stress');
    expect(knowledgeIds(replies).sort()).toEqual(['stress-and-back-pain', 'stretches-for-back-pain']);
    expect(lastQuestion(replies)).toBe(before);
  });
});
