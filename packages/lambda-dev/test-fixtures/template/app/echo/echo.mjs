// Served from its folder as it is (no BuildMethod): answers what it was invoked with; throws
// when the query asks it to (`?fail=1`).
export const handler = async (event, context) => {
  if (event.queryStringParameters?.fail) throw new Error('asked to fail');
  return answer(event, context);
};

const answer = (event, context) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  // Read only by REST (v1) front doors; a Function URL or HTTP API (2.0) ignores it.
  multiValueHeaders: { 'x-multi': ['a', 'b'] },
  body: JSON.stringify({
    fn: 'echo',
    functionName: context.functionName,
    version: event.version ?? '1.0',
    route: event.resource ?? event.routeKey,
    path: event.path ?? event.rawPath,
    rawPath: event.rawPath,
    contextPath: event.requestContext.path,
    stage: event.requestContext.stage,
    pathParameters: event.pathParameters ?? null,
    method: event.httpMethod ?? event.requestContext.http?.method,
    domainName: event.requestContext.domainName,
    host: event.headers?.host ?? event.headers?.Host,
    env: {
      GREETING: process.env.GREETING,
      TARGET: process.env.TARGET,
      PLACE: process.env.PLACE,
      BUCKET: process.env.BUCKET,
      ITEMS_ARN: process.env.ITEMS_ARN,
    },
  }),
});
