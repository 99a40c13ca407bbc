// The store's writes and its status read as Lua, so each is one atomic round trip.
// Every stream key holds a marker entry `0-1` from create() on (so an empty stream exists), then
// events `<seq>-0` with fields e (type) and d (data). The lease key holds `live` (PX lease) or
// `cancelled`. Scripts get KEYS = [log, lease].
import { createHash } from 'node:crypto';

/** The last entry's sequence number and type, or nil when the stream does not exist. */
const LAST_ENTRY = `
local function last_entry(log)
  local last = redis.call('XREVRANGE', log, '+', '-', 'COUNT', 1)
  if #last == 0 then return nil, nil end
  local fields, kind = last[1][2], ''
  for i = 1, #fields, 2 do
    if fields[i] == 'e' then kind = fields[i + 1] end
  end
  return tonumber(string.match(last[1][1], '^(%d+)')), kind
end
`;

export interface LuaScript {
  source: string;
  sha1: string;
}

function lua(body: string): LuaScript {
  const source = LAST_ENTRY + body;
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** ARGV: leaseMs, expireMs. 1 when created, 0 when the stream exists. */
export const CREATE = lua(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('XADD', KEYS[1], '0-1', 'e', '', 'd', '')
redis.call('SET', KEYS[2], 'live', 'PX', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/** ARGV: leaseMs, expireMs. 0 when the stream is gone, ended or cancelled. */
export const RENEW = lua(`
local last_seq, kind = last_entry(KEYS[1])
if last_seq == nil or kind == 'end' then return 0 end
if redis.call('GET', KEYS[2]) == 'cancelled' then return 0 end
redis.call('SET', KEYS[2], 'live', 'PX', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/** ARGV: ttlMs. Marks the lease cancelled for as long as the stream lives. */
export const CANCEL = lua(`
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then return 0 end
if ttl < 1 then ttl = ARGV[1] end
redis.call('SET', KEYS[2], 'cancelled', 'PX', ttl)
return 1
`);

/**
 * ARGV: seq, type, data, maxEvents, ttlMs. 1 when stored; 0 when not the next seq, ended, or
 * cancelled (a cancelled stream still takes `end`).
 */
export const APPEND = lua(`
local last_seq, kind = last_entry(KEYS[1])
if last_seq == nil or kind == 'end' or tonumber(ARGV[1]) ~= last_seq + 1 then return 0 end
if ARGV[2] ~= 'end' and redis.call('GET', KEYS[2]) == 'cancelled' then return 0 end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], ARGV[1] .. '-0', 'e', ARGV[2], 'd', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
if ARGV[2] == 'end' then redis.call('DEL', KEYS[2]) end
return 1
`);

/**
 * ARGV: maxEvents, ttlMs, firstSeq, then type and data of each event. APPEND for a run of
 * consecutive events in one round trip; stops at the first it refuses. Returns how many it stored.
 */
export const APPEND_MANY = lua(`
local last_seq, kind = last_entry(KEYS[1])
local first = tonumber(ARGV[3])
if last_seq == nil or kind == 'end' or first ~= last_seq + 1 then return 0 end
local cancelled = redis.call('GET', KEYS[2]) == 'cancelled'
local stored = 0
for i = 4, #ARGV - 1, 2 do
  local event_type = ARGV[i]
  if cancelled and event_type ~= 'end' then break end
  local id = string.format('%d-0', first + stored)
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], id, 'e', event_type, 'd', ARGV[i + 1])
  stored = stored + 1
  if event_type == 'end' then
    redis.call('DEL', KEYS[2])
    break
  end
end
if stored > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return stored
`);

/** { lastSeq, lastType, lease value or '' }, or nil for an unknown stream. */
export const INFO = lua(`
local last_seq, kind = last_entry(KEYS[1])
if last_seq == nil then return nil end
return { last_seq, kind, redis.call('GET', KEYS[2]) or '' }
`);
