const SEQUENCE_NUMBER = /^\d{1,15}$/;

/**
 * The client's resume position: `Last-Event-ID`, else `?lastEventId=` (for fetch clients that
 * cannot set headers). `undefined` when absent; `'unknown'` when it is not a sequence number.
 */
export function readLastEventId(request: Request | undefined): number | 'unknown' | undefined {
  if (!request) return undefined;
  let raw = request.headers.get('last-event-id');
  if (raw === null && request.url.includes('lastEventId=')) {
    raw = new URL(request.url).searchParams.get('lastEventId');
  }
  const value = raw?.trim();
  if (!value) return undefined;
  return SEQUENCE_NUMBER.test(value) ? Number(value) : 'unknown';
}
