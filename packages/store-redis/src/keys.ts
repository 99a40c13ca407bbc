// Key layout. The stream id sits in a hash tag so both keys of a stream land in one cluster slot
// (Lua scripts touch both): `<prefix>{<id>}` is the log, `<prefix>{<id>}:lease` the lease.
export interface StreamKeys {
  log: string;
  lease: string;
}

export function streamKeys(keyPrefix: string, streamId: string): StreamKeys {
  const log = `${keyPrefix}{${streamId}}`;
  return { log, lease: `${log}:lease` };
}
