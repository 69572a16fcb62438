# The order table: each order with its status and the time of each transition, the idempotency keys of the order
# API, and the processors' completion counts (the measured processing rate). Items are told apart by the prefix of
# their key (order#, idempotency#, throughput#).
#
# The table's definition comes from ONE file, local-services/src/main/resources/order-table.json, from which the
# local set-up creates DynamoDB Local's table too. Its keys are aws_dynamodb_table argument names, so each maps onto
# the argument (or block) of the same name below. A key that nothing here wires through stops the plan
# (precondition) and fails terraform/test.

locals {
  table_file = jsondecode(file("${path.module}/../local-services/src/main/resources/order-table.json"))

  # The keys of order-table.json that the table resource below understands.
  table_file_keys = ["name", "billing_mode", "hash_key", "attribute", "global_secondary_index", "ttl"]

  # Where the processor sends completion events (orders.events.publisher=sqs): a queue from order-queues.json.
  status_events_queue_name = "order-status-events"
  status_events_queue      = aws_sqs_queue.order[local.status_events_queue_name]
}

resource "aws_dynamodb_table" "orders" {
  name         = "${var.name}-${local.table_file.name}"
  billing_mode = local.table_file.billing_mode
  hash_key     = local.table_file.hash_key

  # The orders are the business: terraform destroy (or a replacement) stops here until someone turns this off
  # on purpose (table_deletion_protection = false; docs/deploy-aws.md, "Tear down").
  deletion_protection_enabled = var.table_deletion_protection

  dynamic "attribute" {
    for_each = local.table_file.attribute
    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }

  # For the reconciler, two sparse indexes, sharded: the orders still awaiting their queueing, and the orders held for
  # payment (settle_at: when their holder's time runs out), to settle from the payment provider's ledger. The file
  # names each index's keys as DynamoDB Local's set-up reads them (hash_key, range_key); the provider takes them as
  # key_schema blocks (its hash_key and range_key arguments on an index are deprecated).
  dynamic "global_secondary_index" {
    for_each = try(local.table_file.global_secondary_index, [])
    content {
      name            = global_secondary_index.value.name
      projection_type = global_secondary_index.value.projection_type

      dynamic "key_schema" {
        for_each = concat(
          [{ attribute_name = global_secondary_index.value.hash_key, key_type = "HASH" }],
          can(global_secondary_index.value.range_key) ? [{ attribute_name = global_secondary_index.value.range_key, key_type = "RANGE" }] : [],
        )
        content {
          attribute_name = key_schema.value.attribute_name
          key_type       = key_schema.value.key_type
        }
      }
    }
  }

  # Idempotency keys and completion counts carry expires_at; DynamoDB deletes them some time after it passes.
  # Orders never do.
  ttl {
    attribute_name = local.table_file.ttl.attribute_name
    enabled        = local.table_file.ttl.enabled
  }

  # Orders are what customers ask about: restorable to any second of the last 35 days.
  point_in_time_recovery {
    enabled = true
  }

  # Encrypted at rest with the AWS-owned key (DynamoDB's default): the task roles need no KMS permission.

  lifecycle {
    precondition {
      condition     = alltrue([for key in keys(local.table_file) : contains(local.table_file_keys, key)])
      error_message = "order-table.json has a setting that terraform/dynamodb.tf does not wire through; add it to aws_dynamodb_table there."
    }
  }
}
