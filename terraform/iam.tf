# Least privilege: one role per service, each allowed exactly what its code calls, on its own topic, queue or
# log group and nothing else. Every policy is an aws_iam_policy_document, so that terraform/test can read every
# statement (none grants "*" on "*").
#
# Accounts that cannot create roles (such as AWS Academy learner labs) set existing_iam_role_name; then no role
# or policy is created and that one role serves every task, the task execution and the Lambda.

locals {
  create_roles      = var.existing_iam_role_name == null
  account_id        = data.aws_caller_identity.current.account_id
  existing_role_arn = local.create_roles ? null : "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:role/${var.existing_iam_role_name}"

  task_execution_role_arn = local.create_roles ? aws_iam_role.task_execution[0].arn : local.existing_role_arn
  order_task_role_arn     = local.create_roles ? aws_iam_role.order_task[0].arn : local.existing_role_arn
  processor_task_role_arn = local.create_roles ? aws_iam_role.processor_task[0].arn : local.existing_role_arn
}

# --- Who may take the roles ------------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    sid     = "EcsTasksAssume"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# The task roles: only tasks started by ECS for this account (guards against the confused deputy).
data "aws_iam_policy_document" "ecs_task_role_assume" {
  statement {
    sid     = "EcsTasksOfThisAccountAssume"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

# --- Task execution: what ECS itself needs to start a task (pull the image, ship the logs, read its secrets) -----

resource "aws_iam_role" "task_execution" {
  count = local.create_roles ? 1 : 0

  name               = "${var.name}-task-execution"
  description        = "ECS pulls the flash-orders images and writes their logs"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "task_execution" {
  statement {
    sid = "EcrLogin"
    # GetAuthorizationToken has no resource to scope it to: it returns a login for the whole registry, and
    # the pull itself is limited by the next statement.
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "PullOwnImages"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = [aws_ecr_repository.order.arn, aws_ecr_repository.processor.arn]
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.order.arn}:*", "${aws_cloudwatch_log_group.processor.arn}:*"]
  }

  # The order receiver's secrets (ecs.tf), encrypted with the AWS-managed Secrets Manager key.
  statement {
    sid       = "ReadOrderSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.inventory_uri.arn, aws_secretsmanager_secret.sales_admin_token.arn]
  }
}

resource "aws_iam_role_policy" "task_execution" {
  count = local.create_roles ? 1 : 0

  name   = "pull-images-write-logs"
  role   = aws_iam_role.task_execution[0].id
  policy = data.aws_iam_policy_document.task_execution.json
}

# --- Order receiver: records orders, publishes them to its topic, reads the queue's depth -----------------------

resource "aws_iam_role" "order_task" {
  count = local.create_roles ? 1 : 0

  name               = "${var.name}-order-receiver"
  description        = "The order receiver records orders and publishes them to the order topic"
  assume_role_policy = data.aws_iam_policy_document.ecs_task_role_assume.json
}

data "aws_iam_policy_document" "order_task" {
  statement {
    sid       = "PublishOrders"
    actions   = ["sns:Publish", "sns:GetTopicAttributes"]
    resources = [aws_sns_topic.orders.arn]
  }

  # Orders and idempotency keys: written with conditions, an order and its key in one TransactWriteItems (which
  # needs the permission of each write inside it), a rejected order's key deleted. GET /orders/{id} reads an order
  # and the processors' completion counts (BatchGetItem). The reconciler queries the awaiting-queue and settle indexes.
  # DescribeTable: readiness.
  statement {
    sid = "RecordOrders"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:DeleteItem",
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]
    resources = [aws_dynamodb_table.orders.arn, "${aws_dynamodb_table.orders.arn}/index/*"]
  }

  # The queue's depth, for a pending order's position in GET /orders/{id}.
  statement {
    sid       = "ReadQueueDepth"
    actions   = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
    resources = [local.order_queue.arn]
  }
}

resource "aws_iam_role_policy" "order_task" {
  count = local.create_roles ? 1 : 0

  name   = "record-and-publish-orders"
  role   = aws_iam_role.order_task[0].id
  policy = data.aws_iam_policy_document.order_task.json
}

# --- Order processor: consumes its queue, moves orders' statuses, sends completion events -----------------------

resource "aws_iam_role" "processor_task" {
  count = local.create_roles ? 1 : 0

  name               = "${var.name}-order-processor"
  description        = "The order processor consumes the order queue and records order statuses"
  assume_role_policy = data.aws_iam_policy_document.ecs_task_role_assume.json
}

data "aws_iam_policy_document" "processor_task" {
  statement {
    sid = "ConsumeOrders"
    # GetQueueUrl: the JMS client looks the queue up by name. Receive, then Delete once paid.
    # ChangeMessageVisibility: keeping a message invisible while it is paid, backing a failed payment off, and
    # handing messages back on stop. GetQueueAttributes: the visibility timeout and redrive policy, readiness and
    # the queue_depth metric. The batch forms of Delete and ChangeMessageVisibility are authorised by the same actions.
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
    ]
    resources = [local.order_queue.arn]
  }

  statement {
    sid = "DeadLetterPoison"
    # A message that can never be processed goes to the redrive policy's dead-letter queue at once, with the
    # reason as message attributes, instead of failing five more times first.
    actions   = ["sqs:GetQueueUrl", "sqs:SendMessage"]
    resources = [local.order_dlq.arn]
  }

  # Claims an order (UpdateItem; PutItem for an order the table does not know), completes it (UpdateItem), adds
  # its completion counts (UpdateItem). DescribeTable: readiness.
  statement {
    sid       = "MoveOrderStatuses"
    actions   = ["dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.orders.arn]
  }

  statement {
    sid       = "SendStatusEvents"
    actions   = ["sqs:GetQueueUrl", "sqs:SendMessage"]
    resources = [local.status_events_queue.arn]
  }
}

resource "aws_iam_role_policy" "processor_task" {
  count = local.create_roles ? 1 : 0

  name   = "consume-orders-record-statuses"
  role   = aws_iam_role.processor_task[0].id
  policy = data.aws_iam_policy_document.processor_task.json
}
