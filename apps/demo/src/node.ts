import { serve } from '@sluice/adapter-node';
import { createApp } from './app.ts';

const port = Number(process.env.PORT ?? 3000);
const server = await serve(createApp(), { port });
console.log(`sluice demo listening on ${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    console.log(`${signal}: shutting down`);
    await server.close();
    process.exit(0);
  });
}
