import { questionActivity } from '../src/bot/render/question-activity';
import { loadDialog } from '../src/triage/load-dialog';

const dialog = loadDialog();
const question = (id: string) => dialog.questions.find((candidate) => candidate.id === id)!;

describe('questionActivity (rendered once per question variant, shared by every turn)', () => {
  it('renders the pending items of a checklist only, in text, card and channelData', () => {
    const screen = question('emergency-screen');
    const activity = questionActivity(screen, ['saddleNumbness', 'chestSymptoms'], false);
    const card = activity.attachments![0].content as { body: { id?: string }[] };
    expect(card.body.map((element) => element.id).filter(Boolean)).toEqual(['saddleNumbness', 'chestSymptoms']);
    expect(activity.channelData).toEqual({ triage: { questionId: 'emergency-screen', slots: ['saddleNumbness', 'chestSymptoms'] } });
    expect(activity.text).toMatch(/^[^\n]+\n\n1\. .+\n2\. .+\n\n/);
  });

  it('gives the same frozen activity for the same variant, and a different one when the slots or the hint differ', () => {
    const screen = question('emergency-screen');
    const first = questionActivity(screen, ['bladderBowel', 'majorTrauma'], false);
    expect(questionActivity(screen, ['bladderBowel', 'majorTrauma'], false)).toBe(first);
    expect(questionActivity(screen, ['bladderBowel'], false)).not.toBe(first);
    const hinted = questionActivity(screen, ['bladderBowel', 'majorTrauma'], true);
    expect(hinted).not.toBe(first);
    expect(hinted.text).toMatch(/^Sorry, I didn't catch that\./);
    expect(first.text).not.toMatch(/Sorry/);
  });

  it('cannot be changed by a turn: every level is frozen, and the caller keeps its own slot list', () => {
    const slots = ['location' as const];
    const activity = questionActivity(question('location'), slots, false);
    slots.push('onset' as never);
    expect((activity.channelData as { triage: { slots: string[] } }).triage.slots).toEqual(['location']);
    expect(Object.isFrozen(activity)).toBe(true);
    const card = activity.attachments![0].content as { actions: { data: object }[] };
    expect(Object.isFrozen(card.actions[0].data)).toBe(true);
    expect(() => {
      (activity as { text?: string }).text = 'changed';
    }).toThrow(TypeError);
  });
});
