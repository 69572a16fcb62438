-- ARGV: now, at most how many holds to expire
return {'expired', tostring(expire_due(tonumber(ARGV[1]), tonumber(ARGV[2])))}
