// The trainer server's entry point and the only file with process-level effects: it reads the
// environment, builds the server (createServer), listens, and closes it on SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './config/index.js';
import type { ServerConfig } from './config/index.js';
import { createLogger } from './http/index.js';
import { createServer } from './server.js';

/** How long in-flight requests get to finish after a stop signal before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

let config: ServerConfig;
try {
  config = loadConfig(process.env, (path) => readFileSync(path, 'utf8'));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel });
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const trainer = await createServer(config, { logger, version });

const server = trainer.app.listen(config.listen.port, config.listen.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.listen.port;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  logger.info({ url: `http://${host}:${port}/api`, version }, 'trainer server listening');
});
server.on('error', (error) => {
  logger.fatal({ err: error }, 'cannot listen');
  void trainer.close().finally(() => process.exit(1));
});

function shutdown(signal: NodeJS.Signals): void {
  logger.info({ signal }, 'shutting down');
  setTimeout(() => {
    logger.warn('requests still open after the grace period; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  server.close(() => {
    void trainer.close().then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  });
  server.closeIdleConnections();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
