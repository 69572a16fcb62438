-- ARGV: now, reservation id, customer, idempotency key ('' for none), how many expired holds to reclaim when none is left
-- The hot path of a sale: one read of the sale's fields (which also tells an unknown sale), one of the customer's
-- count, then the writes; the counts move in one HSET from the values read (the script runs alone, so they are current).
local now, rid, customer, key, reclaim = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local s = redis.call('HMGET', sale, 'starts', 'ends', 'closed', 'limit', 'hold_ms', 'available', 'reserved')
if not s[1] then return {'unknown_sale'} end
if key ~= '' then
  local prior = redis.call('HGET', idem, key)
  if prior then
    local r = load(prior)
    if r.customer ~= customer then return {'key_reused'} end
    return answer('replayed', r)
  end
end
local refusal = nil
local available = tonumber(s[6])
if s[3] or now >= tonumber(s[2]) then
  refusal = 'ended'
elseif now < tonumber(s[1]) then
  refusal = 'not_open'
elseif tonumber(redis.call('HGET', customers, customer) or '0') >= tonumber(s[4]) then
  refusal = 'limit_reached'
elseif available <= 0 then
  -- Expired holds the sweeper has not reached yet go back on sale first.
  if expire_due(now, reclaim) > 0 then
    local counts = redis.call('HMGET', sale, 'available', 'reserved')
    available, s[7] = tonumber(counts[1]), counts[2]
  end
  if available <= 0 then refusal = 'sold_out' end
end
if refusal then
  audit(now, 'refused', '', customer, refusal)
  return {refusal}
end
local r = {id = rid, customer = customer, state = 'reserved', reserved_at = tostring(now),
  expires_at = tostring(now + tonumber(s[5])), updated_at = tostring(now)}
local json = save(r)
redis.call('ZADD', holds, r.expires_at, rid)
redis.call('HSET', sale, 'available', available - 1, 'reserved', tonumber(s[7]) + 1)
customer_units(customer, 1)
if key ~= '' then redis.call('HSET', idem, key, rid) end
audit(now, 'reserved', rid, customer, 'hold ' .. s[5] .. ' ms')
return {'reserved', json}
