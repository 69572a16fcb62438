-- ARGV: now, reservation id, customer, idempotency key ('' for none), how many expired holds to reclaim when none is left
local now, rid, customer, key, reclaim = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
if redis.call('EXISTS', sale) == 0 then return {'unknown_sale'} end
if key ~= '' then
  local prior = redis.call('HGET', idem, key)
  if prior then
    local r = load(prior)
    if r.customer ~= customer then return {'key_reused'} end
    return answer('replayed', r)
  end
end
local s = redis.call('HMGET', sale, 'starts', 'ends', 'closed', 'limit', 'hold_ms')
local refusal = nil
if s[3] or now >= tonumber(s[2]) then
  refusal = 'ended'
elseif now < tonumber(s[1]) then
  refusal = 'not_open'
elseif tonumber(redis.call('HGET', customers, customer) or '0') >= tonumber(s[4]) then
  refusal = 'limit_reached'
else
  if tonumber(redis.call('HGET', sale, 'available')) <= 0 then expire_due(now, reclaim) end
  if tonumber(redis.call('HGET', sale, 'available')) <= 0 then refusal = 'sold_out' end
end
if refusal then
  audit(now, 'refused', '', customer, refusal)
  return {refusal}
end
local r = {id = rid, customer = customer, state = 'reserved', reserved_at = tostring(now),
  expires_at = tostring(now + tonumber(s[5])), updated_at = tostring(now)}
save(r)
redis.call('ZADD', holds, r.expires_at, rid)
move('available', 'reserved')
customer_units(customer, 1)
if key ~= '' then redis.call('HSET', idem, key, rid) end
audit(now, 'reserved', rid, customer, 'hold ' .. s[5] .. ' ms')
return answer('reserved', r)
