-- ARGV: now, stock, product, price, currency, starts, ends, hold_ms, limit
local now = ARGV[1]
if redis.call('EXISTS', sale) == 1 then return {'exists'} end
redis.call('HSET', sale, 'total', ARGV[2], 'available', ARGV[2], 'reserved', 0, 'checking_out', 0, 'sold', 0,
  'product', ARGV[3], 'price', ARGV[4], 'currency', ARGV[5], 'starts', ARGV[6], 'ends', ARGV[7],
  'hold_ms', ARGV[8], 'limit', ARGV[9], 'created', now)
redis.call('XADD', trail, '*', 'at', now, 'type', 'sale_opened', 'stock', ARGV[2], 'reason', 'opened')
return {'opened'}
