# The sale's inventory store (ADR 0004, docs/sales.md): an Amazon MemoryDB cluster running the inventory's Lua scripts.
# MemoryDB writes every change to a multi-AZ transaction log before it answers, so a reservation the API confirmed
# survives a failover to the replica. One shard: every key of a sale shares its hash tag, and a sale is decided by one
# primary whatever the shard count (docs/benchmark/sale.md measures what one core decides).
#
# It sits in the private subnets, speaks TLS only, and takes connections from the order receiver's tasks alone. The
# order API logs in as an ACL user that may run only the commands the scripts, the adapter and the rate limits use, on
# the sale and rate-limit keys only. Its password is generated here and kept in Secrets Manager, inside the whole connection URI that ECS hands
# the task as SALES_REDIS_URI (ecs.tf): it is in the Terraform state (keep the state encrypted), never in a file of
# the repository. Snapshots are taken daily and on deletion.

locals {
  inventory_port = 6379
  inventory_user = "${var.name}-order-api"

  # What the order API sends: its adapter (inventory/.../RedisInventory.java: the script by digest and SCRIPT LOAD,
  # the sale index, the snapshot, a reservation, the checkouts, the audit trail, the health check), the commands the
  # scripts call (inventory/.../*.lua), the connection's own HELLO and AUTH, and the rate limits' buckets (Bucket4j's
  # Lettuce compare-and-swap backend: GET, and EVAL of scripts that call GET, SET NX PX and PSETEX). terraform/test
  # derives the same list from those files and fails when one needs a command this does not grant.
  inventory_commands = [
    "evalsha", "script|load", "ping", "hello", "auth",
    "exists", "hexists", "hget", "hgetall", "hmget", "hset", "hincrby",
    "sadd", "smembers", "xadd", "xrange", "zadd", "zrange", "zrangebyscore", "zrem",
    "eval", "get", "set", "psetex",
    "cluster|nodes", "info",
  ]
  # On; the sale keys (sale:{id}, sale:{id}:holds, ...), the index of sales and the rate limits' buckets
  # (ratelimit:<sale>:...); no pub/sub channel (none is granted by default); nothing but those commands.
  inventory_access_string = "on ~sale:* ~sales ~ratelimit:* -@all ${join(" ", [for command in local.inventory_commands : "+${command}"])}"
}

resource "aws_memorydb_subnet_group" "inventory" {
  name        = "${var.name}-inventory"
  description = "The inventory store, in the private subnets"
  subnet_ids  = aws_subnet.private[*].id
}

resource "aws_security_group" "inventory" {
  name_prefix = "${var.name}-inventory-"
  description = "Inventory store: TLS Redis protocol in from the order receiver tasks only"
  vpc_id      = aws_vpc.main.id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "inventory_from_order" {
  security_group_id            = aws_security_group.inventory.id
  description                  = "The order receiver tasks"
  referenced_security_group_id = aws_security_group.order.id
  ip_protocol                  = "tcp"
  from_port                    = local.inventory_port
  to_port                      = local.inventory_port
}

resource "aws_vpc_security_group_egress_rule" "order_to_inventory" {
  security_group_id            = aws_security_group.order.id
  description                  = "To the inventory store"
  referenced_security_group_id = aws_security_group.inventory.id
  ip_protocol                  = "tcp"
  from_port                    = local.inventory_port
  to_port                      = local.inventory_port
}

# A new password on every read: kept only at the first apply (ignore_changes below). To rotate it, replace both the
# user and the secret version (terraform apply -replace=...), then restart the order service.
data "aws_secretsmanager_random_password" "inventory" {
  password_length     = 40
  exclude_punctuation = true
}

resource "aws_memorydb_user" "order_api" {
  user_name     = local.inventory_user
  access_string = local.inventory_access_string

  authentication_mode {
    type      = "password"
    passwords = [data.aws_secretsmanager_random_password.inventory.random_password]
  }

  lifecycle {
    ignore_changes = [authentication_mode]
  }
}

resource "aws_memorydb_acl" "inventory" {
  name       = "${var.name}-inventory"
  user_names = [aws_memorydb_user.order_api.user_name]
}

resource "aws_memorydb_cluster" "inventory" {
  name                       = "${var.name}-inventory"
  description                = "The flash sales' inventory: every decision a Lua script"
  engine                     = var.inventory_engine
  engine_version             = var.inventory_engine_version
  node_type                  = var.inventory_node_type
  num_shards                 = 1
  num_replicas_per_shard     = var.inventory_replicas
  port                       = local.inventory_port
  tls_enabled                = true
  acl_name                   = aws_memorydb_acl.inventory.name
  subnet_group_name          = aws_memorydb_subnet_group.inventory.name
  security_group_ids         = [aws_security_group.inventory.id]
  auto_minor_version_upgrade = true
  snapshot_retention_limit   = var.inventory_snapshot_retention_days
  snapshot_window            = "03:00-05:00"
  maintenance_window         = "sun:05:30-sun:07:00"
  final_snapshot_name        = "${var.name}-inventory-final"
}

# The order API's connection: rediss:// (TLS), the ACL user and its password, the cluster's endpoint.
resource "aws_secretsmanager_secret" "inventory_uri" {
  name_prefix             = "${var.name}-inventory-uri-"
  description             = "SALES_REDIS_URI of the order receiver: the inventory store's TLS address with its ACL user and password"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "inventory_uri" {
  secret_id     = aws_secretsmanager_secret.inventory_uri.id
  secret_string = "rediss://${local.inventory_user}:${data.aws_secretsmanager_random_password.inventory.random_password}@${aws_memorydb_cluster.inventory.cluster_endpoint[0].address}:${local.inventory_port}"

  lifecycle {
    ignore_changes = [secret_string]
  }
}

# The admin bearer secret (sales.admin.token): open, close and audit sales. The load balancer never forwards /admin,
# so admin calls come from inside the VPC only; an operator reads the token from Secrets Manager.
data "aws_secretsmanager_random_password" "sales_admin" {
  password_length     = 48
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "sales_admin_token" {
  name_prefix             = "${var.name}-sales-admin-token-"
  description             = "SALES_ADMIN_TOKEN of the order receiver: the bearer secret of the sales' admin operations"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "sales_admin_token" {
  secret_id     = aws_secretsmanager_secret.sales_admin_token.id
  secret_string = data.aws_secretsmanager_random_password.sales_admin.random_password

  lifecycle {
    ignore_changes = [secret_string]
  }
}
