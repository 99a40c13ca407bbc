#!/usr/bin/env node
import { DevServerError } from '../errors.ts';
import { startDevServer } from '../index.ts';
import { formatLogEntry } from '../log.ts';
import { describeTemplate } from '../template/template-info.ts';
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
    // Asked for: the answer. Nothing to run (no command): a mistake like any bad invocation.
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    console.error(USAGE);
    return 2;
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
  // Listening before the banner: a Ctrl-C right after "ready" still closes cleanly.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const mode = ('mode' in command.options && command.options.mode) || 'url';
  if (server.template) {
    const runtime = [...new Set(server.template.functions.map((fn) => fn.runtime))].join('/');
    console.log(
      `Lambda dev server: ${server.url} (template ${server.template.file}, ` +
        `runtime ${runtime}${command.options.watch ? ', watching' : ''})`,
    );
    for (const line of describeTemplate(server.template, server.url)) console.log(`  ${line}`);
  } else {
    const runtime = server.runtime ?? command.options.runtime ?? 'ric';
    console.log(
      `Lambda dev server: ${server.url} (${mode === 'url' ? 'Function URL' : 'API Gateway REST'}, ` +
        `runtime ${runtime}${command.options.watch ? ', watching' : ''})`,
    );
    console.log(`Runtime API for an external runtime: ${server.runtimeApiUrl}`);
  }
  await stopped;
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
