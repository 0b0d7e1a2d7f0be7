/**
 * The ceiling of this stack: a bare botbuilder CloudAdapter on restify (the same body parser and
 * limits as the bot) whose bot only echoes. `npm run bench` measures the triage bot against it.
 */
import restify from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/** An ActivityHandler that answers every message with one line. */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const { text } = context.activity;
      await context.sendActivity(typeof text === 'string' ? `you said: ${text}` : 'you submitted a card');
      await next();
    });
  }
}

/** Builds the echo server (anonymous, no storage); `listen` it. */
export function createEchoServer(maxBodyBytes = 262_144): restify.Server {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser());
  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  return server;
}
