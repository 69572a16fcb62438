-- ARGV: now, reservation id. A hold moved to checking out leaves the holds set: it can no longer expire.
local now, rid = tonumber(ARGV[1]), ARGV[2]
local r = load(rid)
if not r then return {'unknown_reservation'} end
if r.state == 'checking_out' or r.state == 'purchased' then return answer('replayed', r) end
if r.state == 'expired' then return answer('reservation_expired', r) end
if r.state ~= 'reserved' then return answer('wrong_state', r) end
if expired_now(r, now) then return answer('reservation_expired', r) end
r.state = 'checking_out'
r.updated_at = tostring(now)
local json = save(r)
redis.call('ZREM', holds, rid)
redis.call('ZADD', checkouts, now, rid)
move('reserved', 'checking_out')
audit(now, 'checkout_started', rid, r.customer, 'checkout')
return {'checkout_started', json}
