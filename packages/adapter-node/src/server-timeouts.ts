/**
 * `http.Server` timeouts `serve()` uses (spread them into `createServer()` when you use
 * `createListener`). None of them limits how long a response may stream.
 */
export const serverTimeouts = {
  // Node's 300 s default limits receiving the whole *request*: it would cut a streamed upload
  // (e.g. a proxied request body) after 5 min. Slow-header clients stay bounded by
  // headersTimeout; response streams (SSE) are never subject to it.
  requestTimeout: 0,
  // Time allowed for a client to send the request head; above keepAliveTimeout so an idle
  // keep-alive socket is closed by keepAliveTimeout, not mistaken for a slow client.
  headersTimeout: 66_000,
  // Idle time between requests on a keep-alive socket. Above the 60 s idle timeout of common
  // load balancers (AWS ALB) so Node never closes a socket the balancer is about to reuse,
  // which the balancer reports as a 502.
  keepAliveTimeout: 65_000,
} as const;
