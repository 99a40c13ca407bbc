/** The JSON error body every adapter-made error response uses: `{ error: { code, message } }`. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): Response {
  return new Response(JSON.stringify({ error: { code, message, ...details } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
