// `requestBodyIdleTimeoutMs`: a request whose body sends no byte for that long is answered
// 408 (or its connection closed, once the response started). It uses the socket's inactivity
// timer, which Node's HTTP parser refreshes on every byte received (and writes refresh too),
// armed only while the body is incomplete. A body the app is not reading (its buffer full, so the socket paused) is not the
// client's fault: the timer is armed again instead.

import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type OnBodyIdle = (incoming: IncomingMessage, outgoing: ServerResponse) => void;

interface Guard {
  timeoutMs: number;
  incoming: IncomingMessage;
  outgoing: ServerResponse;
  onIdle: OnBodyIdle;
}

const IDLE = Symbol('sluice.bodyIdle');

// On the response: Node's server destroys a socket whose timer fired unless the request (only
// while incomplete) or the response has a `timeout` listener. The body may have completed
// without the app reading it yet (no `end`): then the timer is simply handed back.
function onTimeout(this: ServerResponse & { [IDLE]?: Guard }): void {
  const guard = this[IDLE];
  if (guard === undefined) return;
  const { incoming } = guard;
  if (incoming.complete) {
    release(guard);
    return;
  }
  if (incoming.readableLength >= incoming.readableHighWaterMark) {
    incoming.socket?.setTimeout(guard.timeoutMs);
    return;
  }
  guard.onIdle(incoming, this);
}

function release(guard: Guard): void {
  guard.outgoing.off('timeout', onTimeout);
  // Once the response finished, Node owns the timer again (keep-alive timeout): leave it.
  if (guard.outgoing.writableFinished) return;
  const server = (guard.incoming.socket as { server?: Server } | null)?.server;
  guard.incoming.socket?.setTimeout(server?.timeout ?? 0);
}

function onEnd(this: IncomingMessage & { [IDLE]?: Guard }): void {
  const guard = this[IDLE];
  if (guard !== undefined) release(guard);
}

export function guardBodyIdle(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  timeoutMs: number,
  onIdle: OnBodyIdle,
): void {
  if (timeoutMs <= 0 || incoming.complete) return;
  const guard: Guard = { timeoutMs, incoming, outgoing, onIdle };
  (incoming as IncomingMessage & { [IDLE]?: Guard })[IDLE] = guard;
  (outgoing as ServerResponse & { [IDLE]?: Guard })[IDLE] = guard;
  outgoing.on('timeout', onTimeout);
  incoming.once('end', onEnd);
  incoming.socket?.setTimeout(timeoutMs);
}
