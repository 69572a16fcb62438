-- ARGV: now
local now = ARGV[1]
if redis.call('EXISTS', sale) == 0 then return {'unknown_sale'} end
if redis.call('HEXISTS', sale, 'closed') == 1 then return {'ended'} end
redis.call('HSET', sale, 'closed', now)
redis.call('XADD', trail, '*', 'at', now, 'type', 'sale_closed', 'reason', 'closed_by_admin')
return {'ended'}
