// Streams what the query asks for (`?as=`):
// - `result`: a proxy result's JSON, in two writes 50 ms apart (what a buffered front end reads);
// - `prelude`: an HTTP response through awslambda.HttpResponseStream (prelude, then the body);
// - `big`: 7 MiB, over the 6 MB a buffered invoke returns;
// - `fail`: one write, then a throw.
const MiB = 1024 * 1024;

export const handler = awslambda.streamifyResponse(async (event, stream) => {
  const as = event.queryStringParameters?.as;
  if (as === 'prelude') {
    stream = awslambda.HttpResponseStream.from(stream, {
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
    });
    stream.write('streamed');
  } else if (as === 'big') {
    for (let i = 0; i < 7; i++) stream.write(Buffer.alloc(MiB, 97));
  } else if (as === 'fail') {
    stream.write('part');
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw new Error('failed mid-stream');
  } else {
    stream.write('{"statusCode":201,"headers":{"content-type":"text/plain"},');
    await new Promise((resolve) => setTimeout(resolve, 50));
    stream.write('"body":"whole"}');
  }
  stream.end();
});
