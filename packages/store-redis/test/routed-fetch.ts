// A fetch for connectSSE that sends each successive request to the next server, and can cut a
// response right after its n-th content event, the way a dropped connection would.
export interface Route {
  /** Base URL of the server this request goes to. */
  base: string;
  /** Error the body after this many `id:` frames (their bytes are delivered complete). */
  cutAfterEvents?: number | undefined;
}

export interface RoutedRequest {
  base: string;
  lastEventId: string | null;
}

export function routedFetch(routes: Route[], log: RoutedRequest[]): typeof fetch {
  let index = 0;
  return async (input, init) => {
    const route = routes[Math.min(index++, routes.length - 1)]!;
    const url = new URL(String(input instanceof Request ? input.url : input));
    const target = new URL(url.pathname + url.search, route.base);
    log.push({ base: route.base, lastEventId: new Headers(init?.headers).get('last-event-id') });
    const response = await fetch(target, init);
    if (route.cutAfterEvents === undefined || !response.body) return response;
    const body = cutAfterEvents(response.body, route.cutAfterEvents);
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

function cutAfterEvents(body: ReadableStream<Uint8Array>, events: number): ReadableStream {
  const reader = body.getReader();
  let carry = Buffer.alloc(0);
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      carry = Buffer.concat([carry, value]);
      let complete = 0;
      for (let end = carry.indexOf('\n\n'); end >= 0; end = carry.indexOf('\n\n', complete)) {
        const frame = carry.subarray(complete, end + 2);
        complete = end + 2;
        if (frame.toString('utf8').startsWith('id:') && ++seen === events) {
          controller.enqueue(new Uint8Array(carry.subarray(0, complete)));
          await reader.cancel(); // the server sees the client go away
          return controller.error(new Error('connection cut by the test'));
        }
      }
      if (complete > 0) controller.enqueue(new Uint8Array(carry.subarray(0, complete)));
      carry = carry.subarray(complete);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
