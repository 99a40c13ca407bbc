// Never finishes loading: the runtime never polls for an invocation. (The interval keeps the
// process alive; a bare pending promise would just let it exit.)
/* global awslambda */
await new Promise(() => setInterval(() => {}, 1000));

export const handler = awslambda.streamifyResponse(async (_event, rs) => {
  rs.end('unreachable');
});
