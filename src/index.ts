import { buildApp } from './build-app';
import { ConfigError, loadConfig } from './config';
import { ContentError } from './content/content-error';

/** True for the loopback addresses (127.0.0.0/8, ::1, localhost). */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

// Boot: a bad setting or content file stops here with a message that names it.
try {
  const config = loadConfig();
  const app = buildApp(config);
  app.server.listen(config.PORT, config.host, () => {
    app.logger.info({ port: config.PORT, host: config.host, anonymous: config.anonymous, storage: config.STORAGE }, 'bot listening');
    if (config.anonymous && !isLoopback(config.host)) {
      app.logger.warn({ host: config.host }, 'anonymous mode on a non-loopback interface: anyone who reaches the port can drive any conversation; set MicrosoftAppId');
    }
    app.escalation.start().catch((error: Error) => app.logger.error({ err: { message: error.message } }, 'escalation outbox could not start'));
  });
  // SIGTERM (App Service, Kubernetes, Ctrl-C): finish the turns in flight and their alerts, then exit.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.logger.info({ signal }, 'shutting down');
      app.shutdown().then(
        () => process.exit(0),
        (error: Error) => {
          app.logger.error({ err: { message: error.message } }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  // A stray rejection is a bug to log, not a reason to drop every conversation in flight.
  process.on('unhandledRejection', (reason) => {
    app.logger.error({ err: reason instanceof Error ? { name: reason.name, message: reason.message, stack: reason.stack } : { value: String(reason) } }, 'unhandled rejection');
  });
} catch (error) {
  if (error instanceof ConfigError || error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
