// Stream entries as Redis returns them -> stored events. Entries are `[id, [field, value, ...]]`;
// XREAD wraps them per key (an array of [key, entries] in RESP2, a map in RESP3).
import type { SSEStoredEvent } from '@sluice/core';

type RawEntry = [id: string, fields: string[]];

export function toStoredEvents(entries: unknown): SSEStoredEvent[] {
  if (!Array.isArray(entries)) return [];
  const events: SSEStoredEvent[] = [];
  for (const [id, fields] of entries as RawEntry[]) {
    const seq = Number.parseInt(id, 10);
    if (seq === 0) continue; // the marker create() writes
    events.push({ seq, event: field(fields, 'e'), data: field(fields, 'd') });
  }
  return events;
}

/** The entries of the single stream an XREAD asked for; [] when it timed out (nil). */
export function xreadEntries(reply: unknown): SSEStoredEvent[] {
  if (reply === null || reply === undefined) return [];
  if (Array.isArray(reply)) return toStoredEvents((reply[0] as [string, unknown] | undefined)?.[1]);
  if (reply instanceof Map) return toStoredEvents(reply.values().next().value);
  return toStoredEvents(Object.values(reply as Record<string, unknown>)[0]);
}

function field(fields: string[], name: string): string {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1]!;
  return '';
}
