/**
 * `npm run dead-letters` (or `npm run dead-letters -- list`): lists the clinician alerts that no destination
 * accepted within the retry policy (24 hours by default). `npm run dead-letters -- resend <alert id>`
 * queues one again: the running bot delivers it at its next sweep (within a minute), to the destinations
 * that never accepted it, with the same Idempotency-Key. Reads the store the bot is configured with
 * (STORAGE=blob and BLOB_CONNECTION_STRING), so it works against a running deployment. Prints no facts
 * and no summary: only ids, times, the disposition, the conversation and the destinations.
 */
import { loadConfig } from '../src/config';
import { EscalationService } from '../src/escalation';
import { createLogger } from '../src/logging/create-logger';
import { createStorage } from '../src/state/create-storage';

async function main(args: string[]): Promise<number> {
  const [command = 'list', alertId] = args;
  const config = loadConfig();
  if (config.STORAGE !== 'blob') {
    console.error('Dead letters live in the bot\'s store: with STORAGE=memory they exist only inside the running bot process. Set STORAGE=blob and BLOB_CONNECTION_STRING as the bot has them.');
    return 2;
  }
  const service = new EscalationService({
    store: createStorage(config),
    destinations: [],
    dispositions: config.ESCALATION_DISPOSITIONS,
    logger: createLogger('silent'),
  });
  // This process only writes the store; the running bot delivers.
  service.stop();
  if (command === 'list') {
    const letters = await service.deadLetters();
    if (letters.length === 0) console.log('No dead letters.');
    for (const letter of letters) {
      console.log(
        `${letter.alertId}  created ${letter.createdAt}  given up ${letter.deadAt}  ${letter.disposition}  ` +
          `${letter.conversation.channelId}/${letter.conversation.id}  not accepted by: ${letter.expired.join(', ')}`,
      );
    }
    return 0;
  }
  if (command === 'resend' && alertId) {
    if (!(await service.resend(alertId))) {
      console.error(`No dead letter with the id ${alertId} (see npm run dead-letters -- list).`);
      return 1;
    }
    console.log(`Queued ${alertId} again: the running bot delivers it at its next sweep, within a minute.`);
    return 0;
  }
  console.error('Usage: npm run dead-letters -- list | resend <alert id>');
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`dead-letters failed: ${error.message}`);
    process.exit(1);
  },
);
