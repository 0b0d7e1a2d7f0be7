import { createRecognizer } from '../src/nlu';
import { loadDialog } from '../src/triage/load-dialog';

const dialog = loadDialog();
const recognizer = createRecognizer(dialog, undefined, { now: () => new Date('2026-11-20T12:00:00') });
const pendingLocation = dialog.questions.find((question) => question.id === 'location');

describe('commands (the whole message)', () => {
  it.each([
    ['restart', 'restart'], ['start over', 'restart'], ['Start again', 'restart'], ['reset', 'restart'],
    ['help', 'help'], ['what can you do?', 'help'],
    ['back', 'back'], ['go back', 'back'], ['undo', 'back'], ['change my last answer', 'back'],
    ['forget me', 'forgetMe'], ['delete my data please', 'forgetMe'],
    ['why', 'why'], ['why?', 'why'], ['why is that', 'why'],
  ])('"%s" is %s', (text, command) => {
    expect(recognizer.understand(text, pendingLocation).command).toBe(command);
  });

  it('is not a command inside a longer message', () => {
    expect(recognizer.understand('help, my legs gave way').command).toBeUndefined();
    expect(recognizer.understand('help, my legs gave way').facts.bothLegsWeak).toBe(true);
    expect(recognizer.understand('why does my back hurt?').command).toBeUndefined();
  });
});

describe('red flags on any turn, whatever is pending', () => {
  it.each([
    ['I wet myself this morning and my back is killing me', 'bladderBowel'],
    ['cant control my bladdr', 'bladderBowel'],
    ['numb down there when I wipe', 'saddleNumbness'],
    ['legs gave way', 'bothLegsWeak'],
    ['rear-ended on the highway', 'majorTrauma'],
    ['fell off a ladder an hour ago', 'majorTrauma'],
    ["chest feels tight and I can't catch my breath", 'chestSymptoms'],
    ['lost 10 pounds without trying', 'weightLoss'],
    ['it burns when I pee', 'urinarySymptoms'],
    ['pins and needles down my left leg', 'legNumbness'],
    ['had chemo for breast cancer two years ago', 'cancerHistory'],
  ])('"%s" sets %s true while the location question is pending', (text, slot) => {
    expect(recognizer.understand(text, pendingLocation).facts).toMatchObject({ [slot]: true });
  });

  it('reads negated mentions as false (NegEx triggers, scope and terminations)', () => {
    expect(recognizer.understand('no numbness').facts).toEqual({ legNumbness: false });
    expect(recognizer.understand("I don't have a fever").facts).toEqual({ fever: false });
    expect(recognizer.understand('neither fever nor chills').facts).toEqual({ fever: false });
    expect(recognizer.understand('bladder and bowels are fine').facts).toEqual({ bladderBowel: false });
    expect(recognizer.understand('no fever but my legs gave way').facts).toMatchObject({ fever: false, bothLegsWeak: true });
    expect(recognizer.understand('no fever, legs numb').facts).toMatchObject({ fever: false, legNumbness: true });
  });

  it('ignores mentions about someone else and questions about a condition', () => {
    expect(recognizer.understand('my mom had cancer').facts).toEqual({});
    expect(recognizer.understand("my dad's legs gave way").facts).toEqual({});
    expect(recognizer.understand('what is cauda equina syndrome?')).toMatchObject({ facts: {}, isQuestion: true });
    expect(recognizer.understand('can sciatica cause numbness?')).toMatchObject({ facts: {}, isQuestion: true });
  });

  it('asks about unclear mentions rather than guessing', () => {
    expect(recognizer.understand('something weird with my bladder?')).toMatchObject({ facts: {}, unclearRedFlags: ['bladderBowel'] });
    expect(recognizer.understand('my legs feel a bit funny')).toMatchObject({ facts: {}, unclearRedFlags: ['bothLegsWeak'] });
  });

  it('asks about an unclear mention even while the checklist naming that item is pending', () => {
    const screen = dialog.questions.find((question) => question.id === 'emergency-screen');
    expect(recognizer.understand('something weird with my bladder?', screen)).toMatchObject({ facts: {}, unclearRedFlags: ['bladderBowel'] });
    expect(recognizer.understand('just the bladder one', screen).facts).toMatchObject({ bladderBowel: true, chestSymptoms: false });
  });
});

describe('narratives', () => {
  it('keeps every fact of "no fever, no numbness, just sore after deadlifts two days ago, both sides"', () => {
    expect(recognizer.understand('no fever, no numbness, just sore after deadlifts two days ago, both sides').facts).toMatchObject({
      fever: false, legNumbness: false, onset: 'workout', durationDays: 2, bothSides: true,
    });
  });

  it.each([
    ['lower back, about 3 days, after deadlifts', { location: 'lower', durationDays: 3, onset: 'workout' }],
    ['Hurt my lower back picking up a box since Tuesday, sharp pain that goes down my leg below the knee', { location: 'lower', onset: 'lifting_twisting', durationDays: 3, character: 'sharp', radiation: 'below_knee' }],
    ['upper back ache from sitting at my desk for a couple of weeks, not getting better', { location: 'upper', onset: 'posture', durationDays: 14, improving: false }],
    ["I'm 20 weeks pregnant and my lower back aches", { pregnant: true, location: 'lower', character: 'dull_ache' }],
    ['felt a pop mid set on squats yesterday, only on the left side, a bit swollen', { onset: 'workout', workoutTiming: 'during', durationDays: 1, bothSides: false, swellingOrBruising: true }],
    ['woke up sore the day after leg day, no swelling, getting better', { workoutTiming: 'next_day', swellingOrBruising: false, improving: true, onset: 'workout' }],
    ['pain goes into my buttock, it came on gradually over about a month', { radiation: 'buttock_thigh', onset: 'gradual', durationDays: 30 }],
  ])('"%s"', (text, facts) => {
    expect(recognizer.understand(text).facts).toMatchObject(facts);
  });

  it('does not take another event\'s date or a pregnancy week for the pain\'s duration', () => {
    expect(recognizer.understand('had chemo for breast cancer two years ago').facts.durationDays).toBeUndefined();
    expect(recognizer.understand("I'm 20 weeks pregnant").facts.durationDays).toBeUndefined();
  });
});

describe('questions for the knowledge base', () => {
  it.each(['heat or ice?', 'should I use heat or ice', 'is it normal to feel stiff in the morning', 'can I still go to the gym?', 'how long will this take to heal'])('"%s" is a question', (text) => {
    expect(recognizer.understand(text).isQuestion).toBe(true);
  });

  it.each(['my back hurts', "can't control my bladder", 'lower back'])('"%s" is not', (text) => {
    expect(recognizer.understand(text).isQuestion).toBe(false);
  });
});

describe('robustness', () => {
  it('never throws and returns no facts for empty or odd input', () => {
    for (const text of ['', '   ', '???', '🙂', 'a'.repeat(10_000), undefined as unknown as string, 42 as unknown as string]) {
      expect(() => recognizer.understand(text)).not.toThrow();
    }
    expect(recognizer.understand('')).toEqual({ facts: {}, unclearRedFlags: [], isQuestion: false });
  });
});

describe('context of a mention (ConText): historical, the proxy patient, hypotheticals, look-alikes', () => {
  it.each([
    ['I have numbness in the saddle area', 'saddleNumbness'],
    ['it hurts to take a deep breath and my chest is tight', 'chestSymptoms'],
    ['asking for my wife, she has wet herself and cannot feel her legs', 'bladderBowel'],
    ['my dad is up all night with his back, nothing eases it', 'nightPain'],
    ['I had breast cancer years ago, all clear now', 'cancerHistory'],
  ])('"%s" states %s', (text, slot) => {
    expect(recognizer.understand(text).facts).toMatchObject({ [slot]: true });
  });

  it.each([
    'chest day yesterday and now my upper back is sore',
    'fell asleep on the sofa at a weird angle',
    'how long should I hold the knee to chest stretch',
    'what does saddle anaesthesia mean',
    'I broke my ankle years ago and the leg was weak for a while',
    'had pins and needles in my foot last week but that has gone now',
    'my mum had cancer, my back hurts after gardening',
  ])('"%s" states no red flag', (text) => {
    const { facts, unclearRedFlags } = recognizer.understand(text);
    expect(Object.entries(facts).filter(([, value]) => value === true || value === 'unsure')).toEqual([]);
    expect(unclearRedFlags).toEqual([]);
  });

  it('asks about a vague mention in reported advice rather than escalating on it', () => {
    const { facts, unclearRedFlags } = recognizer.understand('my physio said to watch out for bladder problems');
    expect(facts.bladderBowel).toBeUndefined();
    expect(unclearRedFlags).toEqual(['bladderBowel']);
  });
});

describe('typed answers and stories (kinds seen on the tune split)', () => {
  const question = (id: string) => dialog.questions.find((candidate) => candidate.id === id)!;
  const read = (text: string, id?: string) => recognizer.understand(text, id ? question(id) : undefined).facts;

  it('a burning pee is a urinary symptom, not the bladder item, and "no burning when I pee" is neither', () => {
    expect(read('burning when I pee', 'emergency-screen')).toEqual({ urinarySymptoms: true });
    expect(read('no burning when I pee').bladderBowel).toBeUndefined();
  });

  it('in a run-on sentence a denial does not reach the next clause', () => {
    expect(read('no pain when i pee i just cant go at all since this morning').bladderBowel).toBe(true);
  });

  it('"can\'t sleep" is not a denial of night pain: it is asked directly, or pointed at on the list', () => {
    expect(recognizer.understand('i cant sleep at night with it').unclearRedFlags).toContain('nightPain');
    expect(read('only the cant get comfy one', 'urgent-screen')).toMatchObject({ nightPain: true, fever: false });
  });

  it('reads numbered and self-answered checklist replies', () => {
    expect(read('number 1 only', 'urgent-screen')).toMatchObject({ fever: true, weightLoss: false, osteoporosis: false });
    expect(read('3 not sure, rest no', 'urgent-screen')).toMatchObject({ cancerHistory: 'unsure', fever: false });
    expect(read('all of them no', 'urgent-screen')).toMatchObject({ fever: false, nightPain: false });
    expect(read('Both legs? No, just the right, the left is fine.', 'emergency-screen').bothLegsWeak).toBe(false);
  });

  it('a hedge anywhere makes a yes/no answer "not sure", never no', () => {
    expect(read('never had a bone scan so dunno', 'urgent-screen')).not.toMatchObject({ osteoporosis: false });
    const confirm = { ...question('improving'), id: 'confirm-osteoporosis', slots: ['osteoporosis' as const] };
    expect(recognizer.understand('never had a bone scan so dunno', confirm).facts.osteoporosis).toBe('unsure');
  });

  it('durations: "a week" is 7 days, a rate is not the pain\'s duration, the one tied to the start wins', () => {
    expect(read('a week', 'duration').durationDays).toBe(7);
    expect(read('10 hours a day for the last 3 days', 'duration').durationDays).toBe(3);
    expect(read('usually an hour or so after a big meal. It has been on and off for about 3 weeks.').durationDays).toBe(21);
  });

  it('a denied denial says nothing, and a word\'s stem is not a question ("doing yoga")', () => {
    expect(read('not getting worse').improving).toBeUndefined();
    expect(recognizer.understand('doing yoga', question('onset'))).toMatchObject({ facts: { onset: 'workout' }, isQuestion: false });
  });

  it('"im", emoji and lay words: male means not pregnant, the bottom of the spine is the lower back', () => {
    expect(read('im 67 so no 😂', 'pregnant').pregnant).toBe(false);
    expect(read('im a man lol', 'pregnant').pregnant).toBe(false);
    expect(read('the bottom of my spine', 'location').location).toBe('lower');
    expect(read('It does not go into my legs.').radiation).toBe('none');
  });
});

describe('context: doubt said after a mention, a story only about someone else, dated history', () => {
  it('a red flag followed by doubt about whether it is one is confirmed; doubt about what it means does not lower it', () => {
    const doubted = recognizer.understand('i wet myself a bit last night, or maybe i\'m imagining it');
    expect(doubted.facts.bladderBowel).toBeUndefined();
    expect(doubted.unclearRedFlags).toContain('bladderBowel');
    expect(recognizer.understand("i wet myself last night, dunno if that's normal with a bad back").facts.bladderBowel).toBe(true);
  });

  it('a message only about a named person who is spoken of ("his", "she") makes that person the patient', () => {
    expect(recognizer.understand('my grandad cannot feel his backside and he is in agony with his back').facts.saddleNumbness).toBe(true);
    expect(recognizer.understand('my mum had cancer').facts).toEqual({});
    expect(recognizer.understand('my brother has numb legs, mine is just a stiff back').facts.legNumbness).toBeUndefined();
  });

  it('a finding dated to an age, a decade or a past year is history', () => {
    expect(recognizer.understand('when i was 19 my legs went numb for a while, now just a sore back').facts.legNumbness).toBeUndefined();
    expect(recognizer.understand('had a fever in 2019 and nothing since, back pain from gardening').facts.fever).toBeUndefined();
    expect(recognizer.understand('i have had a fever for two days with this back pain').facts.fever).toBe(true);
  });
});

describe('stories: numbers, weekdays and places', () => {
  const emergencyScreen = dialog.questions.find((question) => question.id === 'emergency-screen');

  it('a number in a story told at the checklist is a quantity, not an item ("my wee one is 2")', () => {
    const story = 'my wee one is 2 and heavy, i lifted her out of the cot this morning and twisted. sharp pain low down on the right. no pins and needles.';
    const facts = recognizer.understand(story, emergencyScreen).facts;
    expect(facts.saddleNumbness).toBeUndefined();
    expect(facts.bladderBowel).toBeUndefined();
    expect(recognizer.understand('2 and 4', emergencyScreen).facts).toMatchObject({ saddleNumbness: true, chestSymptoms: true });
  });

  it('a weekday the writer calls today dates the others ("tuesday … today is friday" is 3 days)', () => {
    expect(recognizer.understand('hurt it lifting on tuesday, today is friday and still sore').facts.durationDays).toBe(3);
    expect(recognizer.understand("did deadlifts saturday, it's monday now").facts.durationDays).toBe(2);
    expect(recognizer.understand("golf on sunday, felt a pull. it's now wednesday").facts.durationDays).toBe(3);
  });

  it("a weekday is reckoned from the writer's date when one is given, else from the clock", () => {
    // The clock says Friday 20 November; the writer's date is Wednesday 25 November.
    expect(recognizer.understand('hurt it on monday').facts.durationDays).toBe(4);
    expect(recognizer.understand('hurt it on monday', undefined, new Date('2026-11-25T12:00:00')).facts.durationDays).toBe(2);
  });

  it('the count wins over a day name it restates, and the pain\'s duration over a habit\'s', () => {
    expect(recognizer.understand('lower back pain since last thursday, which is 8 days ago now').facts.durationDays).toBe(8);
    expect(recognizer.understand('I am doing crossfit since 2 years. The pain started two days ago.').facts.durationDays).toBe(2);
    expect(recognizer.understand('squats for the first time in ages and woke up sunday with my lower back tight').facts.durationDays).toBe(5);
  });

  it('slots do not compete for words, except inside an unbroken phrase', () => {
    expect(recognizer.understand('just sore in my lower back').facts).toMatchObject({ location: 'lower', radiation: 'none' });
    expect(recognizer.understand('just above my hips', dialog.questions.find((question) => question.id === 'location')).facts.radiation).toBeUndefined();
  });

  it('the farther spread wins wherever it is said, and a pregnancy week is not the duration', () => {
    expect(recognizer.understand("it doesn't go into my legs but it does go into my buttock").facts.radiation).toBe('buttock_thigh');
    const pregnant = dialog.questions.find((question) => question.slots.includes('pregnant'));
    expect(recognizer.understand('yes 22 weeks', pregnant).facts).toEqual({ pregnant: true });
  });
});

describe('red flags told by what they do, not their names (issue 13, kind 1)', () => {
  it.each([
    ["haven't had a wee since yesterday morning even though my bladder feels like it's bursting", 'bladderBowel'],
    ['my legs just folded under me twice today', 'bothLegsWeak'],
    ['it feels like cotton wool down there when I wipe', 'saddleNumbness'],
    ['got knocked off my bike by a van this morning and landed on my back', 'majorTrauma'],
    ['feels like an elephant sitting on my chest', 'chestSymptoms'],
  ])('"%s" is %s', (text, slot) => {
    expect(recognizer.understand(text).facts).toMatchObject({ [slot]: true });
  });

  it("the patient's own red flag counts when someone types for them, another person's history does not", () => {
    expect(recognizer.understand("asking for my wife, she can't feel her bum when she wipes").facts.saddleNumbness).toBe(true);
    expect(recognizer.understand('my dad had cancer years ago, my back is sore after gardening').facts.cancerHistory).toBeUndefined();
  });
});

describe("someone else's red flag and a symptom that has passed (issue 13, kinds 2 and 3)", () => {
  it("another person's red flag does not count when the writer then speaks of their own back", () => {
    expect(recognizer.understand('my brother came off his motorbike and broke his back last year, mine is just sore from the gym').facts.majorTrauma).toBeUndefined();
    expect(recognizer.understand('my mum has weak legs and a bad back, she is 80. I am 50 and my back pain is from sitting').facts.bothLegsWeak).toBeUndefined();
  });

  it('a symptom said to have gone later in its sentence is not present', () => {
    expect(recognizer.understand('had pins and needles in my foot after sitting on it, went away after a few minutes of walking. back sore from gardening').facts.legNumbness).toBeUndefined();
  });

  it("the back's pain going is not the red flag going", () => {
    expect(recognizer.understand('cant feel my bum when i wipe, the pain has gone now').facts.saddleNumbness).toBe(true);
    expect(recognizer.understand('numb between my legs since this morning and my back pain went away').facts.saddleNumbness).toBe(true);
  });
});

describe('a question inside a story (issue 14)', () => {
  it('a question after a comma asks, and the facts told before it are kept', () => {
    const understood = recognizer.understand('hurt my back 3 weeks ago, is it still acute');
    expect(understood.isQuestion).toBe(true);
    expect(understood.asked).toBe('is it still acute');
    expect(understood.facts.durationDays).toBe(21);
  });

  it('what a question asks about is not told: no fact from "how often should I get up from my desk"', () => {
    const understood = recognizer.understand('how often should i get up from my desk');
    expect(understood.isQuestion).toBe(true);
    expect(understood.facts).toEqual({});
  });

  it('a statement that starts with "did" is not a question, and its facts count', () => {
    const understood = recognizer.understand('did heavy deadlifts two days ago and my lower back is sore');
    expect(understood.isQuestion).toBe(false);
    expect(understood.facts).toMatchObject({ onset: 'workout', location: 'lower', durationDays: 2 });
  });

  it('a red flag told before the question still counts', () => {
    expect(recognizer.understand("my legs keep giving way, what can i do").facts.bothLegsWeak).toBe(true);
  });
});

describe('typed answers in words (a fresh batch written without the lexicon)', () => {
  const question = (id: string) => dialog.questions.find((candidate) => candidate.id === id);

  it('"No." as a sentence is the answer no, and a yes word before a denial is a no', () => {
    expect(recognizer.understand('No. Unrelated to food.', question('fatty-meals')).facts).toEqual({ fattyMeals: false });
    expect(recognizer.understand('definitely no fever', question('urgent-screen')).facts.fever).toBe(false);
  });

  it('a count of hours before "ago" is hours, not days', () => {
    expect(recognizer.understand('24 hours ago', question('duration')).facts.durationDays).toBe(1);
    expect(recognizer.understand('a few hours ago', question('duration')).facts.durationDays).toBe(0);
  });

  it('a hedge that says more than a bare yes makes it not sure', () => {
    expect(recognizer.understand("it's too early to tell", question('improving')).facts.improving).toBe('unsure');
  });

  it('a place denied while another is named is not the answer', () => {
    expect(recognizer.understand('higher up, nowhere near my lower back', question('location')).facts.location).toBe('upper');
  });
});

describe('questions that name a red flag without telling it (issue 14)', () => {
  it('a stretch\'s name is not a symptom, and asking whether losing weight helps is not weight loss', () => {
    expect(recognizer.understand('childs pose - any good for back ache?').facts.fever).toBeUndefined();
    expect(recognizer.understand('is losing weight actually going to help my back').facts.weightLoss).toBeUndefined();
    expect(recognizer.understand('lost 10 kilos without trying, nothing will help').facts.weightLoss).toBe(true);
  });
});

describe("someone's advice and the writer's plans are not facts of the pain (issue 14)", () => {
  it.each([
    'my friend told me to stay in bed for a week, is that right?',
    'my mum says i should rest for 3 days',
    'thinking of quitting the gym for a month',
    'my doctor said it could take 6 weeks',
  ])('"%s" records nothing', (text) => {
    expect(recognizer.understand(text).facts).toEqual({});
  });

  it('the story told before the advice still counts', () => {
    expect(recognizer.understand('hurt it lifting 2 days ago, my friend told me to stay in bed for a week').facts).toEqual({ onset: 'lifting_twisting', durationDays: 2 });
  });
});
