/** What an overflow strategy receives when a buffered result would be too large. */
export interface OverflowInput {
  /** The app's response; its body has been taken over by `body`. */
  response: Response;
  /** The full body bytes, streamed: read it once. */
  body: AsyncIterable<Uint8Array>;
  /** The request that produced the response. */
  request: Request;
}

/** Returns a small response to send instead (e.g. a 303 to where the body was stored). */
export type OverflowHandler = (input: OverflowInput) => Promise<Response>;
