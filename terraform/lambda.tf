# The serverless path, off unless enable_lambda = true: a Java Lambda subscribed straight to the order topic
# (no queue in between). SNS invokes it asynchronously; Lambda retries a failed invocation twice, then sends the
# event to the on-failure destination, a queue kept for 14 days. Orders SNS cannot hand to Lambda at all land
# in the same queue (the subscription's redrive policy). The jar comes from the lambda module: pass its path as
# lambda_jar_path and its handler as lambda_handler.
#
# SnapStart: each apply that changes the jar publishes a version; Lambda runs its init once then (the handler primes
# its clients in its CRaC beforeCheckpoint hook) and keeps a snapshot, and a cold start restores that snapshot. Only
# published versions have SnapStart, so the topic invokes the alias "live", which follows the latest version.

locals {
  lambda_function_name = "${var.name}-order-lambda"
  lambda_dlq_key       = "order-processing-lambda-dlq"
  lambda_dlq_name      = "${var.name}-${local.lambda_dlq_key}"
  lambda_role_arn      = local.create_roles ? one(aws_iam_role.lambda[*].arn) : local.existing_role_arn
}

resource "aws_sqs_queue" "lambda_failures" {
  count = var.enable_lambda ? 1 : 0

  name = local.lambda_dlq_name
  # As long as the order queue's own dead-letter queue keeps its messages.
  message_retention_seconds = try(local.dead_letter_queues[local.order_dlq_name].message_retention_seconds, 1209600)
  sqs_managed_sse_enabled   = true
}

# SNS may put orders it could not deliver to the Lambda here; the Lambda's role sends its failures.
data "aws_iam_policy_document" "lambda_failures_queue" {
  count = var.enable_lambda ? 1 : 0

  statement {
    sid       = "OrderTopicDeadLetters"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.lambda_failures[0].arn]

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

resource "aws_sqs_queue_policy" "lambda_failures" {
  count = var.enable_lambda ? 1 : 0

  queue_url = aws_sqs_queue.lambda_failures[0].url
  policy    = data.aws_iam_policy_document.lambda_failures_queue[0].json
}

# Created before the function, so that the function's role needs no logs:CreateLogGroup.
resource "aws_cloudwatch_log_group" "lambda" {
  count = var.enable_lambda ? 1 : 0

  name              = "/aws/lambda/${local.lambda_function_name}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    sid     = "LambdaAssume"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  count = var.enable_lambda && local.create_roles ? 1 : 0

  name               = "${var.name}-order-lambda"
  description        = "The order Lambda records order statuses, writes its logs and sends failed events to its dead-letter queue"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "lambda" {
  count = var.enable_lambda ? 1 : 0

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.lambda[0].arn}:*"]
  }

  statement {
    sid       = "SendFailedEvents"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.lambda_failures[0].arn]
  }

  # As the processor: claims and completes orders, adds its completion counts.
  statement {
    sid       = "MoveOrderStatuses"
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.orders.arn]
  }
}

resource "aws_iam_role_policy" "lambda" {
  count = var.enable_lambda && local.create_roles ? 1 : 0

  name   = "logs-and-failures"
  role   = aws_iam_role.lambda[0].id
  policy = data.aws_iam_policy_document.lambda[0].json
}

resource "aws_lambda_function" "order" {
  count = var.enable_lambda ? 1 : 0

  function_name    = local.lambda_function_name
  description      = "Pays for orders from the order topic (the serverless path)"
  role             = local.lambda_role_arn
  runtime          = var.lambda_runtime
  handler          = var.lambda_handler
  filename         = var.lambda_jar_path
  source_code_hash = try(filebase64sha256(var.lambda_jar_path), null)
  memory_size      = var.lambda_memory_mb
  timeout          = var.lambda_timeout_seconds
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  reserved_concurrent_executions = var.lambda_reserved_concurrency

  environment {
    variables = {
      PAYMENT_LATENCY_MS = tostring(var.payment_latency_ms)
      ORDERS_TABLE_NAME  = aws_dynamodb_table.orders.name
    }
  }

  lifecycle {
    precondition {
      condition     = can(filebase64sha256(var.lambda_jar_path))
      error_message = "enable_lambda = true needs lambda_jar_path: the path of the lambda module's shaded jar (build it first)."
    }
    precondition {
      condition     = var.lambda_handler != null
      error_message = "enable_lambda = true needs lambda_handler, the handler the lambda module defines (Class::method)."
    }
    precondition {
      condition     = var.lambda_timeout_seconds * 1000 > var.payment_latency_ms
      error_message = "lambda_timeout_seconds must exceed the payment latency, or every invocation times out."
    }
  }

  depends_on = [aws_cloudwatch_log_group.lambda, aws_iam_role_policy.lambda]
}

# What the topic invokes: the latest published version, the one with the SnapStart snapshot ($LATEST has none).
resource "aws_lambda_alias" "order_live" {
  count = var.enable_lambda ? 1 : 0

  name             = "live"
  description      = "The latest published version, restored from its SnapStart snapshot"
  function_name    = aws_lambda_function.order[0].function_name
  function_version = aws_lambda_function.order[0].version
}

resource "aws_lambda_function_event_invoke_config" "order" {
  count = var.enable_lambda ? 1 : 0

  function_name                = aws_lambda_function.order[0].function_name
  qualifier                    = aws_lambda_alias.order_live[0].name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 3600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.lambda_failures[0].arn
    }
  }

  # Lambda checks that the function's role may send to the destination.
  depends_on = [aws_iam_role_policy.lambda]
}

resource "aws_lambda_permission" "order_topic" {
  count = var.enable_lambda ? 1 : 0

  statement_id  = "OrderTopicInvokes"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.order[0].function_name
  qualifier     = aws_lambda_alias.order_live[0].name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.orders.arn
}

resource "aws_sns_topic_subscription" "lambda" {
  count = var.enable_lambda ? 1 : 0

  topic_arn = aws_sns_topic.orders.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_alias.order_live[0].arn
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.lambda_failures[0].arn
  })

  depends_on = [aws_lambda_permission.order_topic, aws_sqs_queue_policy.lambda_failures]
}
