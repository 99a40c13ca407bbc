// Entry of the Lambda handler the dev-server scenarios bundle with esbuild: the same apps,
// routed by path, through streamHandle of @sluice/adapter-lambda.
import { streamHandle } from '@sluice/adapter-lambda';
import { byteStreamApp, sluiceSseApp } from './apps.ts';

export const handler = streamHandle({
  fetch: (request: Request) =>
    new URL(request.url).pathname === '/bytes'
      ? byteStreamApp.fetch(request)
      : sluiceSseApp.fetch(request),
});
