// A raw `awslambda` handler (no sluice code) that answers whatever the request body describes,
// so tests can make a function send any prelude or result, valid or not:
//   {"prelude": <any JSON>, "body": "..."}  HttpResponseStream.from(stream, prelude), then body
//   {"raw": "<base64>"}                     these bytes under the prelude content type
//   {"fetchOwn": "/path"}                    fetches http://<requestContext.domainName>/path and
//                                            answers its text: an app trusting the event's domain
//   {"event": true}                          answers the event as JSON
//   {"result": <any JSON>}                  returned as is by the buffered export
/* global awslambda */

const PRELUDE_TYPE = 'application/vnd.awslambda.http-integration-response';

function spec(event) {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body;
  return JSON.parse(text);
}

export const handler = awslambda.streamifyResponse(async (event, stream) => {
  const s = spec(event);
  if (s.fetchOwn !== undefined || s.event) {
    const text = s.event
      ? JSON.stringify(event)
      : await fetch(`http://${event.requestContext.domainName}${s.fetchOwn}`).then((r) => r.text());
    const out = awslambda.HttpResponseStream.from(stream, { statusCode: 200 });
    out.write(text);
    out.end();
    return;
  }
  if (s.raw !== undefined) {
    stream.setContentType(PRELUDE_TYPE);
    stream.write(Buffer.from(s.raw, 'base64'));
    stream.end();
    return;
  }
  const prelude = 'prelude' in s ? s.prelude : { statusCode: 200 };
  const out = awslambda.HttpResponseStream.from(stream, prelude);
  out.write(s.body ?? 'ok');
  out.end();
});

export const buffered = async (event) => spec(event).result;
