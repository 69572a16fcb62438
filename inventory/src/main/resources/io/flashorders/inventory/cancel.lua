-- ARGV: now, reservation id
local now, rid = tonumber(ARGV[1]), ARGV[2]
local r = load(rid)
if not r then return {'unknown_reservation'} end
if r.state == 'cancelled' then return answer('cancelled', r) end
if r.state ~= 'reserved' then return answer('wrong_state', r) end
if expired_now(r, now) then return answer('reservation_expired', r) end
r.state = 'cancelled'
r.updated_at = tostring(now)
local json = save(r)
redis.call('ZREM', holds, rid)
move('reserved', 'available')
customer_units(r.customer, -1)
audit(now, 'cancelled', rid, r.customer, 'cancelled_by_customer')
return {'cancelled', json}
