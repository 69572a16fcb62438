# The order pipeline: the order receiver publishes each order to the topic, which delivers it (raw message
# delivery, so the body is the order's JSON, exactly what the local set-up sends straight to the queue) to the
# order queue, and to the Lambda when the serverless path is on.
#
# The queue settings come from ONE file, local-services/src/main/resources/order-queues.json, which the local
# queue server (ElasticMQ) reads as well. Its keys are aws_sqs_queue argument names, so each maps onto the
# argument of the same name below; a setting the file leaves out is left to the SQS default, as it is locally.
# A key that nothing here wires through stops the plan (precondition) and fails terraform/test.

locals {
  queue_file = jsondecode(file("${path.module}/../local-services/src/main/resources/order-queues.json"))
  queues     = { for queue in local.queue_file.queues : queue.name => queue }

  # The keys of order-queues.json that the queue resources below understand.
  queue_file_keys = ["name", "visibility_timeout_seconds", "message_retention_seconds", "receive_wait_time_seconds", "redrive_policy"]

  # Queues that another queue redrives to: created first, so that their ARNs exist for the redrive policies.
  dead_letter_queue_names = toset([for queue in local.queue_file.queues : queue.redrive_policy.dead_letter_queue if can(queue.redrive_policy)])
  dead_letter_queues      = { for name, queue in local.queues : name => queue if contains(local.dead_letter_queue_names, name) }
  source_queues           = { for name, queue in local.queues : name => queue if !contains(local.dead_letter_queue_names, name) }

  # The queue the processor consumes (ORDERS_QUEUE_NAME) and the topic delivers to, and its dead-letter queue.
  order_queue_name = "order-processing-queue"
  order_dlq_name   = local.queues[local.order_queue_name].redrive_policy.dead_letter_queue
  order_queue      = aws_sqs_queue.order[local.order_queue_name]
  order_dlq        = aws_sqs_queue.dead_letter[local.order_dlq_name]

  topic_name = "${var.name}-order-processing-events"
}

resource "aws_sns_topic" "orders" {
  name = local.topic_name

  # Encrypted at rest with the AWS-managed key for SNS: its key policy lets this account's principals use it
  # through SNS, so the publisher needs no KMS permission. SNS decrypts before it delivers, so the SQS-encrypted
  # queue and the Lambda receive plain messages. (A customer-managed key would need a key policy for both.)
  kms_master_key_id = "alias/aws/sns"

  lifecycle {
    precondition {
      condition     = var.subscribe_order_queue || var.enable_lambda
      error_message = "subscribe_order_queue and enable_lambda are both false: orders would reach no one."
    }
  }
}

resource "aws_sqs_queue" "dead_letter" {
  for_each = local.dead_letter_queues

  name                       = "${var.name}-${each.key}"
  visibility_timeout_seconds = try(each.value.visibility_timeout_seconds, null)
  message_retention_seconds  = try(each.value.message_retention_seconds, null)
  receive_wait_time_seconds  = try(each.value.receive_wait_time_seconds, null)

  # Encrypted at rest with SQS-managed keys (SSE-SQS): SNS can deliver to it without any KMS key policy.
  sqs_managed_sse_enabled = true

  lifecycle {
    precondition {
      condition     = alltrue([for key in keys(each.value) : contains(local.queue_file_keys, key)])
      error_message = "order-queues.json gives queue ${each.key} a setting that terraform/messaging.tf does not wire through; add it to aws_sqs_queue there."
    }
    precondition {
      condition     = !can(each.value.redrive_policy)
      error_message = "Queue ${each.key} is a dead-letter queue with a redrive policy of its own; only one level of dead-letter queues is supported."
    }
  }
}

resource "aws_sqs_queue" "order" {
  for_each = local.source_queues

  name                       = "${var.name}-${each.key}"
  visibility_timeout_seconds = try(each.value.visibility_timeout_seconds, null)
  message_retention_seconds  = try(each.value.message_retention_seconds, null)
  receive_wait_time_seconds  = try(each.value.receive_wait_time_seconds, null)
  redrive_policy = can(each.value.redrive_policy) ? jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter[each.value.redrive_policy.dead_letter_queue].arn
    maxReceiveCount     = each.value.redrive_policy.max_receive_count
  }) : null

  sqs_managed_sse_enabled = true

  lifecycle {
    precondition {
      condition     = alltrue([for key in keys(each.value) : contains(local.queue_file_keys, key)])
      error_message = "order-queues.json gives queue ${each.key} a setting that terraform/messaging.tf does not wire through; add it to aws_sqs_queue there."
    }
  }
}

# Only the order topic may send to the order queue.
data "aws_iam_policy_document" "order_queue" {
  statement {
    sid       = "OrderTopicDelivers"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [local.order_queue.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.orders.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "order" {
  queue_url = local.order_queue.url
  policy    = data.aws_iam_policy_document.order_queue.json
}

resource "aws_sns_topic_subscription" "order_queue" {
  count = var.subscribe_order_queue ? 1 : 0

  topic_arn            = aws_sns_topic.orders.arn
  protocol             = "sqs"
  endpoint             = local.order_queue.arn
  raw_message_delivery = true

  depends_on = [aws_sqs_queue_policy.order]
}
