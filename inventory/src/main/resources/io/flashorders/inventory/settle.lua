-- ARGV: now, reservation id, outcome ('purchased' or 'released'), reason
local now, rid, outcome, reason = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4]
local r = load(rid)
if not r then return {'unknown_reservation'} end
if r.state == outcome then return answer(outcome, r) end
if r.state ~= 'checking_out' then return answer('wrong_state', r) end
r.state = outcome
r.updated_at = tostring(now)
local json = save(r)
redis.call('ZREM', checkouts, rid)
if outcome == 'purchased' then
  move('checking_out', 'sold')
else
  move('checking_out', 'available')
  customer_units(r.customer, -1)
end
audit(now, outcome, rid, r.customer, reason)
return {outcome, json}
