#!/usr/bin/env node
import { DevServerError } from '../errors.ts';
import { startDevServer } from '../index.ts';
import { formatLogEntry } from '../log.ts';
import { parseCli, USAGE } from './args.ts';

async function main(argv: string[]): Promise<number> {
  let command: ReturnType<typeof parseCli>;
  try {
    command = parseCli(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!command) {
    console.log(USAGE);
    return 0;
  }
  const { quiet } = command;
  const server = await startDevServer({
    ...command.options,
    onLog: (entry) => {
      if (quiet && entry.kind === 'runtime') return;
      const line = formatLogEntry(entry);
      if (entry.kind === 'request') console.log(line);
      else console.error(line);
    },
  });
  const { mode = 'url', runtime = 'ric' } = command.options;
  console.log(
    `Lambda dev server: ${server.url} (${mode === 'url' ? 'Function URL' : 'API Gateway REST'}, ` +
      `runtime ${runtime}${command.options.watch ? ', watching' : ''})`,
  );
  console.log(`Runtime API for an external runtime: ${server.runtimeApiUrl}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof DevServerError ? `${err.code}: ${err.message}` : err);
    process.exitCode = 1;
  },
);
