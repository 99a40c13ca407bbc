// ALB's `statusDescription` ("404 Not Found"). The reason phrases are node:http's, looked up on
// the first ALB result: importing node:http at load would cost every cold start (streaming
// handlers included) ~25 ms in a process that has not loaded it yet.

let reasons: Record<number, string | undefined> | undefined;

export function statusDescription(status: number): string {
  reasons ??= process.getBuiltinModule('node:http').STATUS_CODES;
  return `${status} ${reasons[status] ?? ''}`.trimEnd();
}
