/**
 * The triage bot against the ceiling of its stack: both run as child processes from the build, as
 * `npm start` runs the bot (so each one's CPU time is its own; the driver's is not counted), the bot as
 * the whole app (silent logs, in-memory storage,
 * rate limits off) and a bare botbuilder + restify echo bot. The driver (this process) sends complete
 * scripted triages (typed answers, a knowledge question, card submits) to the bot over loopback HTTP
 * with expectReplies, and the same turns to the echo bot, at concurrency 1, 10 and 50, alternating bot
 * and echo runs; it prints the medians over the runs side by side and checks the targets at
 * concurrency 10 (bot ≥ 80% of echo turns/s, bot p99 ≤ 2× echo p99).
 * Usage: npm run bench [-- <runs>]   (BENCH_CPU_PROF=<dir>: write a --cpu-prof of each server there)
 */
import {
  LoopbackClient,
  SCRIPTED_DISPOSITION,
  median,
  percentile,
  replayConversation,
  runLoad,
  scriptedTriage,
  startServerProcess,
  type LoadResult,
  type ServerProcess,
  type TurnInput,
} from './bench-driver';

const RUNS = Number(process.argv[2] ?? 5);
// Each run lasts about a second or more (10 turns per conversation), long enough that one GC pause or a
// neighbour's burst on this shared machine does not decide the median.
const SETTINGS = [
  { concurrency: 1, conversations: 60 },
  { concurrency: 10, conversations: 250 },
  { concurrency: 50, conversations: 500 },
];

interface Measured {
  turnsPerSecond: number;
  p50: number;
  p99: number;
  cpuMsPerTurn: number;
  errors: number;
}

async function measure(server: ServerProcess, load: () => Promise<LoadResult>): Promise<Measured & { result: LoadResult }> {
  const before = await server.usage();
  const result = await load();
  const after = await server.usage();
  return {
    result,
    turnsPerSecond: result.turns / (result.wallMs / 1000),
    p50: percentile(result.latencies, 50),
    p99: percentile(result.latencies, 99),
    cpuMsPerTurn: (after.cpuMicros - before.cpuMicros) / 1000 / result.turns,
    errors: result.errors,
  };
}

function summary(runs: Measured[]): Measured {
  return {
    turnsPerSecond: median(runs.map((run) => run.turnsPerSecond)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    cpuMsPerTurn: median(runs.map((run) => run.cpuMsPerTurn)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

async function main(): Promise<void> {
  const profDir = process.env.BENCH_CPU_PROF;
  const nodeArgs = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const [bot, echo] = await Promise.all([startServerProcess('bot', nodeArgs), startServerProcess('echo', nodeArgs)]);
  const rows: string[] = [];
  let failures = 0;
  let targets = true;
  try {
    let session = 0;
    let script: TurnInput[] = [];
    const botLoad = (concurrency: number, conversations: number) => {
      const client = new LoopbackClient(bot.url, concurrency);
      const prefix = `bench-${process.pid}-${(session += 1)}`;
      return measure(bot, async () => {
        const result = await runLoad(conversations, concurrency, async (index) => {
          const run = await scriptedTriage(client, `${prefix}-${index}`);
          if (index === 0) script = run.inputs;
          return run;
        });
        client.close();
        return result;
      });
    };
    const echoLoad = (concurrency: number, conversations: number) => {
      const client = new LoopbackClient(echo.url, concurrency);
      return measure(echo, async () => {
        const result = await runLoad(conversations, concurrency, (index) => replayConversation(client, `echo-${index}`, script));
        client.close();
        return result;
      });
    };
    // Warm-up (JIT, lazy loading), not counted.
    await botLoad(10, 20);
    await echoLoad(10, 20);
    console.log(`Scripted conversation: ${script.length} turns (${script.filter((input) => 'text' in input).length} typed, ${script.filter((input) => 'value' in input).length} card submits)`);

    for (const { concurrency, conversations } of SETTINGS) {
      const botRuns: Measured[] = [];
      const echoRuns: Measured[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const measured = await botLoad(concurrency, conversations);
        const wrong = conversations - (measured.result.dispositions.get(SCRIPTED_DISPOSITION) ?? 0);
        botRuns.push({ ...measured, errors: measured.errors + wrong });
        echoRuns.push(await echoLoad(concurrency, conversations));
      }
      const b = summary(botRuns);
      const e = summary(echoRuns);
      failures += b.errors + e.errors;
      const throughputRatio = b.turnsPerSecond / e.turnsPerSecond;
      const p99Ratio = b.p99 / e.p99;
      if (concurrency === 10 && (throughputRatio < 0.8 || p99Ratio > 2)) targets = false;
      rows.push(
        [
          String(concurrency).padStart(4),
          `${b.turnsPerSecond.toFixed(0).padStart(6)} ${e.turnsPerSecond.toFixed(0).padStart(6)} ${(throughputRatio * 100).toFixed(0).padStart(4)}%`,
          `${b.p50.toFixed(1).padStart(6)} ${e.p50.toFixed(1).padStart(6)}`,
          `${b.p99.toFixed(1).padStart(6)} ${e.p99.toFixed(1).padStart(6)} ${p99Ratio.toFixed(2).padStart(5)}×`,
          `${b.cpuMsPerTurn.toFixed(2).padStart(6)} ${e.cpuMsPerTurn.toFixed(2).padStart(6)} ${(b.cpuMsPerTurn / e.cpuMsPerTurn).toFixed(2).padStart(5)}×`,
          `${String(b.errors).padStart(4)} ${String(e.errors).padStart(4)}`,
        ].join(' │ '),
      );
      console.log(`concurrency ${concurrency}: ${RUNS} runs × ${conversations} conversations done`);
    }
  } finally {
    await Promise.all([bot.stop(), echo.stop()]);
  }
  console.log(`\nMedians of ${RUNS} runs per setting (bot = triage bot, echo = bare botbuilder + restify echo; latency in ms, CPU ms of the server process per turn)`);
  console.log(' conc │    turns/s bot  echo  b/e │   p50 bot   echo │    p99 bot   echo   b/e │ CPU/turn bot echo   b/e │ errors b/e');
  console.log(rows.join('\n'));
  console.log(`\nTargets at concurrency 10 (bot ≥ 80% of echo turns/s, p99 ≤ 2× echo): ${targets ? 'met' : 'NOT met'}; errors: ${failures}`);
  if (failures > 0) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
