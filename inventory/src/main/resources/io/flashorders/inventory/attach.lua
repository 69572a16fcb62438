-- ARGV: reservation id, order id. Notes the checkout's order; no count moves, so no audit entry.
local r = load(ARGV[1])
if not r or r.state ~= 'checking_out' or r.order_id then return {'unchanged'} end
r.order_id = ARGV[2]
save(r)
return {'attached'}
