/**
 * The words the knowledge search treats specially, as data: edit these lists, not the search code.
 * Every list is lower case; multi-word phrases are matched on word boundaries.
 */

/**
 * Phrases and words folded into one canonical term before stemming, so that everyday wording,
 * jargon and product names reach the entry that covers them. Product names are here only so a
 * question naming one finds the generic entry; no entry names a product (triage-policy, last section).
 */
export const SYNONYMS: Readonly<Record<string, string>> = {
  // heat and cold
  'hot or cold': 'heat ice',
  'hot and cold': 'heat ice',
  'ice pack': 'ice',
  'ice packs': 'ice',
  'cold pack': 'ice',
  'cold compress': 'ice',
  'frozen peas': 'ice',
  icing: 'ice',
  cold: 'ice',
  'heating pad': 'heat',
  'heat pad': 'heat',
  'heat pack': 'heat',
  'hot water bottle': 'heat',
  'hot compress': 'heat',
  'warm bath': 'heat',
  'hot bath': 'heat',
  'hot shower': 'heat',
  warmth: 'heat',
  heating: 'heat',
  hot: 'heat',
  // medicines (generic names and common brands map to one term; no dose is ever given)
  'pain relief': 'painkiller',
  'pain reliever': 'painkiller',
  'pain relievers': 'painkiller',
  'pain killer': 'painkiller',
  'pain killers': 'painkiller',
  'pain meds': 'painkiller',
  'over the counter': 'painkiller',
  otc: 'painkiller',
  'take something': 'painkiller',
  meds: 'painkiller',
  medication: 'painkiller',
  medications: 'painkiller',
  medicine: 'painkiller',
  medicines: 'painkiller',
  pills: 'painkiller',
  tablets: 'painkiller',
  ibuprofen: 'painkiller',
  paracetamol: 'painkiller',
  acetaminophen: 'painkiller',
  naproxen: 'painkiller',
  aspirin: 'painkiller',
  nsaid: 'painkiller',
  nsaids: 'painkiller',
  'anti inflammatory': 'painkiller',
  'anti inflammatories': 'painkiller',
  advil: 'painkiller',
  motrin: 'painkiller',
  nurofen: 'painkiller',
  tylenol: 'painkiller',
  panadol: 'painkiller',
  aleve: 'painkiller',
  // creams
  'muscle rub': 'cream',
  'tiger balm': 'cream',
  'icy hot': 'cream',
  'deep heat': 'cream',
  biofreeze: 'cream',
  bengay: 'cream',
  voltaren: 'cream',
  gel: 'cream',
  gels: 'cream',
  ointment: 'cream',
  balm: 'cream',
  lotion: 'cream',
  rub: 'cream',
  creams: 'cream',
  topical: 'cream',
  menthol: 'cream',
  // professionals and treatments
  'physical therapy': 'physiotherapy',
  'physical therapist': 'physiotherapy',
  physio: 'physiotherapy',
  physiotherapist: 'physiotherapy',
  pt: 'physiotherapy',
  rehab: 'physiotherapy',
  chiro: 'chiropractor',
  chiropractic: 'chiropractor',
  'spinal manipulation': 'chiropractor',
  'crack my back': 'chiropractor',
  'cracking my back': 'chiropractor',
  'back cracked': 'chiropractor',
  adjustment: 'chiropractor',
  adjustments: 'chiropractor',
  manipulation: 'chiropractor',
  manipulated: 'chiropractor',
  masseuse: 'massage',
  'massage therapist': 'massage',
  'foam roller': 'massage',
  'foam rolling': 'massage',
  'x ray': 'imaging',
  'x rays': 'imaging',
  xray: 'imaging',
  xrays: 'imaging',
  mri: 'imaging',
  'ct scan': 'imaging',
  scan: 'imaging',
  scans: 'imaging',
  gp: 'doctor',
  physician: 'doctor',
  doc: 'doctor',
  // conditions and symptoms
  'sciatic nerve': 'sciatica',
  sciatic: 'sciatica',
  'pinched nerve': 'nerve',
  'trapped nerve': 'nerve',
  disk: 'disc',
  'slipped disc': 'disc',
  'slipped disk': 'disc',
  herniated: 'disc',
  herniation: 'disc',
  bulging: 'disc',
  'delayed onset muscle soreness': 'doms',
  'cauda equina': 'caudaequina',
  'saddle numbness': 'caudaequina',
  'saddle anesthesia': 'caudaequina',
  'saddle area': 'caudaequina',
  'numb groin': 'caudaequina',
  'bladder control': 'caudaequina',
  'bowel control': 'caudaequina',
  incontinence: 'caudaequina',
  'red flags': 'redflag',
  'red flag': 'redflag',
  'warning signs': 'redflag',
  'warning sign': 'redflag',
  'emergency room': 'emergency',
  er: 'emergency',
  ae: 'emergency',
  ambulance: 'emergency',
  hospital: 'emergency',
  'heart attack': 'heart',
  cardiac: 'heart',
  kidneys: 'kidney',
  gallstones: 'gallbladder',
  'gall bladder': 'gallbladder',
  pancreatitis: 'pancreas',
  'pulled a muscle': 'strain muscle',
  'pulled muscle': 'strain muscle',
  'threw my back out': 'strain',
  'threw out my back': 'strain',
  'put my back out': 'strain',
  tweaked: 'strain',
  strained: 'strain',
  sprain: 'strain',
  sprained: 'strain',
  cramp: 'spasm',
  cramps: 'spasm',
  cramping: 'spasm',
  knot: 'spasm',
  knots: 'spasm',
  'seized up': 'spasm',
  'locked up': 'spasm',
  'high temperature': 'fever',
  temperature: 'fever',
  'without trying': 'unexplained',
  'without dieting': 'unexplained',
  'for no reason': 'unexplained',
  greasy: 'fatty',
  'what makes': 'cause',
  'long term': 'chronic',
  persistent: 'chronic',
  'short term': 'acute',
  // everyday life
  'bed rest': 'bedrest',
  'stay in bed': 'bedrest',
  'staying in bed': 'bedrest',
  'take it easy': 'bedrest',
  'tech neck': 'techneck',
  'text neck': 'techneck',
  'phone neck': 'techneck',
  'work out': 'workout',
  'working out': 'workout',
  'worked out': 'workout',
  'lifting weights': 'workout',
  'leg day': 'workout',
  gym: 'workout',
  deadlift: 'workout',
  deadlifts: 'workout',
  deadlifting: 'workout',
  squat: 'workout',
  squats: 'workout',
  weightlifting: 'workout',
  crossfit: 'workout',
  hiit: 'workout',
  training: 'workout',
  'warm up': 'warmup',
  'cooling down': 'warmup',
  'warming up': 'warmup',
  'cool down': 'warmup',
  cooldown: 'warmup',
  'pick up': 'lift',
  'picking up': 'lift',
  'picked up': 'lift',
  carrying: 'lift',
  carry: 'lift',
  boxes: 'lift',
  yoga: 'stretch',
  abs: 'core',
  abdominal: 'core',
  plank: 'core',
  planks: 'core',
  'bird dog': 'core',
  'glute bridge': 'core',
  bridges: 'core',
  slouch: 'posture',
  slouching: 'posture',
  hunched: 'posture',
  hunching: 'posture',
  workstation: 'desk',
  'office chair': 'desk',
  ergonomic: 'desk',
  ergonomics: 'desk',
  monitor: 'desk',
  laptop: 'desk',
  mattress: 'sleep',
  pillow: 'sleep',
  pillows: 'sleep',
  expecting: 'pregnant',
  pregnancy: 'pregnant',
  trimester: 'pregnant',
  bump: 'pregnant',
  smoke: 'smoking',
  smoker: 'smoking',
  cigarette: 'smoking',
  cigarettes: 'smoking',
  vaping: 'smoking',
  vape: 'smoking',
  nicotine: 'smoking',
  tobacco: 'smoking',
  overweight: 'weight',
  obese: 'weight',
  obesity: 'weight',
  bmi: 'weight',
  anxiety: 'stress',
  anxious: 'stress',
  stressed: 'stress',
  stressful: 'stress',
  worries: 'stress',
  dehydrated: 'hydration',
  dehydration: 'hydration',
  hydrated: 'hydration',
  fluids: 'hydration',
  water: 'hydration',
  ok: 'safe',
  okay: 'safe',
  alright: 'safe',
  recover: 'heal',
  recovery: 'heal',
  recovering: 'heal',
};

/**
 * Words that say nothing about the topic. "back" and "pain" are here on purpose: every entry is
 * about back pain, so they only add noise to the ranking and to the match count.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the i im ive id ill me my mine myself you your youre we our us it its is am are was were be been being
  do does did doing done dont didnt doesnt have has had having to of in on at by for with about from into up
  out off over under again then so than too very can cant could should would will wont shall may might must
  just and or but if because as until while this that these those what whats which who whom whose when where
  why how there here any some all each few more most other such no nor not only own same s t get got getting
  gets really bit lot lots thing things something anything please thanks thank hi hello hey tell know
  want wondering wonder think also now well like even much many ever yes yeah good bad better best use
  using used try trying help helps helpful go going way ways need needs back backs pain pains painful hurt
  hurts hurting backache anyone someone person one ones stuff kind sort much say said make makes`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words that answer a triage question (where, how long, what it feels like, how it started, yes / no,
 * a symptom). A message made only of these, with no question form, reads as an answer to the
 * pending triage question, so the knowledge search returns 'none' and the triage answer wins.
 */
export const TRIAGE_ANSWER_WORDS: ReadonlySet<string> = new Set(
  `yes yeah yep yup no nope nah none nothing neither not sure unsure maybe dunno idk true false fine ok okay
  alright
  lower low middle mid upper top bottom left right side sides both leg legs knee knees thigh thighs buttock
  buttocks bum butt hip hips foot feet calf calves toe toes shoulder shoulders blade blades spine stays stay
  down below above radiates radiating spreads spreading goes travels
  today yesterday day days week weeks month months year years hour hours minute minutes ago since around
  roughly approx approximately couple several half morning night nights last
  one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
  dull ache aching sharp stabbing shooting burning electric stiff stiffness tight throbbing constant
  lifting bending twisting workout gym sport sports gradually gradual slowly suddenly sudden sitting standing
  posture desk phone sleep sleeping slept woke started start came immediately straight away next later
  during after before improving improved same worse
  fever chills numb numbness tingling tingly pins needles weak weakness cancer osteoporosis steroids steroid
  bladder bowel urine pee peeing blood`
    .split(/\s+/)
    .filter(Boolean),
);

/** First words that make a message a question ("is it normal…", "should I…", "any tips…"). */
export const QUESTION_STARTERS: ReadonlySet<string> = new Set(
  `what whats how hows when why which who where should shall can could would is isnt are arent does do did
  will any tell explain`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that, anywhere in a message, mark a request for information ("…, should I use heat?"). */
export const REQUEST_WORDS: ReadonlySet<string> = new Set(
  `what whats how why which should wondering tips advice explain recommend recommended best`.split(/\s+/),
);
