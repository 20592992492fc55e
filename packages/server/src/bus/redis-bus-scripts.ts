/**
 * The Lua scripts of the Redis bus: each is one round trip and runs atomically. They touch node keys they
 * derive from the prefix (see redis-bus-keys.ts), which standalone Redis (and Sentinel) allows and Redis Cluster
 * does not; the bus is for a single Redis primary.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface RedisScript {
  readonly lua: string;
  readonly sha: string;
}

function script(lua: string): RedisScript {
  return { lua, sha: createHash('sha1').update(lua).digest('hex') };
}

/** Shared by nodesOf and publish: the live nodes holding the user's devices (all, or those in `want`). */
const LIVE_NODES = `
local function live_nodes(user_key, prefix, want)
  local seen, nodes = {}, {}
  for _, field in ipairs(redis.call('HKEYS', user_key)) do
    local cut = string.find(field, '\\0', 1, true)
    if cut then
      local node = string.sub(field, 1, cut - 1)
      if not seen[node] and (want == nil or want[string.sub(field, cut + 1)]) then
        seen[node] = true
        if redis.call('EXISTS', prefix .. 'n:' .. node .. ':alive') == 1 then nodes[#nodes + 1] = node end
      end
    end
  end
  return nodes
end
local function wanted(from)
  if #ARGV < from then return nil end
  local want = {}
  for i = from, #ARGV do want[ARGV[i]] = true end
  return want
end
`;

/** KEYS[1] user hash; ARGV[1] prefix, ARGV[2..] device filter. Returns the live node ids. */
export const NODES_OF = script(`${LIVE_NODES}
return live_nodes(KEYS[1], ARGV[1], wanted(2))`);

/** KEYS[1] user hash; ARGV[1] prefix, ARGV[2] message, ARGV[3..] device filter. Returns how many nodes it reached. */
export const PUBLISH = script(`${LIVE_NODES}
local nodes = live_nodes(KEYS[1], ARGV[1], wanted(3))
for _, node in ipairs(nodes) do redis.call('PUBLISH', ARGV[1] .. 'c:' .. node, ARGV[2]) end
return #nodes`);

/**
 * KEYS[1] alive key, KEYS[2] nodes set; ARGV[1] node id, ARGV[2] TTL ms. Marks the node alive for the TTL.
 * Returns 1 when it already was, 0 when the key had expired or vanished (the node must rewrite its presence).
 */
export const HEARTBEAT = script(`
local had = redis.call('EXISTS', KEYS[1])
redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return had`);

/**
 * Removes up to ARGV[3] presence entries of node ARGV[2]. KEYS[1] its alive key, KEYS[2] its devices set,
 * KEYS[3] nodes set; ARGV[1] prefix, ARGV[4] '1' to purge a node that is alive (its own reset).
 * Returns -1 when the node is alive and not forced (it came back: leave it alone), 1 when entries remain, 0 when
 * done (an unforced purge then forgets the node).
 */
export const PURGE_NODE = script(`
if ARGV[4] ~= '1' and redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local members = redis.call('SPOP', KEYS[2], tonumber(ARGV[3]))
for _, member in ipairs(members) do
  local entry = cjson.decode(member)
  redis.call('HDEL', ARGV[1] .. 'u:' .. entry[1] .. ':' .. entry[2], ARGV[2] .. '\\0' .. entry[3])
end
if redis.call('SCARD', KEYS[2]) > 0 then return 1 end
if ARGV[4] ~= '1' then redis.call('SREM', KEYS[3], ARGV[2]) end
return 0`);

/** EVALSHA, loading the script on the first NOSCRIPT (after a Redis restart or on a new server). */
export async function runScript(redis: Redis, s: RedisScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return redis.eval(s.lua, keys.length, ...keys, ...args);
  }
}
