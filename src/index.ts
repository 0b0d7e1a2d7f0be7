import { buildApp } from './build-app';
import { ConfigError, loadConfig } from './config';
import { ContentError } from './content/content-error';

// Boot: a bad setting or content file stops here with a message that names it.
try {
  const config = loadConfig();
  const app = buildApp(config);
  app.server.listen(config.PORT, () => {
    app.logger.info({ port: config.PORT, anonymous: config.anonymous, storage: config.STORAGE }, 'bot listening');
    app.escalation.start().catch((error: Error) => app.logger.error({ err: { message: error.message } }, 'escalation outbox could not start'));
  });
} catch (error) {
  if (error instanceof ConfigError || error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
