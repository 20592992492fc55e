/**
 * The message ID of a successful send. FCM answers 200 with the Message resource, which carries only its name:
 * `{"name": "projects/{project}/messages/{id}"}` (messages.send reference, ✅). That exact shape is read by a
 * scan, as most bodies are; anything else (escapes, other fields first, odd spacing) goes through JSON.parse, so
 * the answer is the same either way.
 */

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** `{"name":"…"}` with optional whitespace and no escapes in the value; undefined when the body is not exactly that. */
function scanName(body: string): string | undefined {
  let i = skipSpace(body, 0);
  if (body.charCodeAt(i) !== 0x7b /* { */) return undefined;
  i = skipSpace(body, i + 1);
  if (!body.startsWith('"name"', i)) return undefined;
  i = skipSpace(body, i + 6);
  if (body.charCodeAt(i) !== 0x3a /* : */) return undefined;
  i = skipSpace(body, i + 1);
  if (body.charCodeAt(i) !== 0x22 /* " */) return undefined;
  const start = i + 1;
  const end = body.indexOf('"', start);
  if (end < 0 || body.lastIndexOf('\\', end) >= start) return undefined;
  i = skipSpace(body, end + 1);
  if (body.charCodeAt(i) !== 0x7d /* } */ || skipSpace(body, i + 1) !== body.length) return undefined;
  return body.slice(start, end);
}

function parseName(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const name = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)['name'] : undefined;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The `{id}` of the sent message's name, or undefined when the body names none. */
export function messageIdOf(body: string): string | undefined {
  const name = scanName(body) ?? parseName(body);
  return name === undefined ? undefined : name.slice(name.lastIndexOf('/') + 1);
}
