# What to watch during a flash sale: one CloudWatch dashboard and the alarms: dead letters, orders waiting too
# long, the API's 5xx rate and p99 latency (without /orders/sync, whose 503s and payment-long answers are its
# design), healthy targets, tasks running below desired, SNS deliveries failing, Lambda errors and throttles, a
# sale that sold more than its stock, and the inventory store's CPU and memory.
# Alarms notify var.alarm_actions, if any. (The processor's surge alarms in autoscaling.tf drive scaling instead.)

locals {
  dashboard_name = "${var.name}-flash-sale"
  alb_dimension  = aws_lb.order.arn_suffix

  # The API's target group (every path but /orders/sync), as CloudWatch's TargetGroup dimension.
  api_target_group_dimensions = {
    LoadBalancer = local.alb_dimension
    TargetGroup  = aws_lb_target_group.order["api"].arn_suffix
  }

  dashboard = {
    widgets = [
      {
        type   = "metric"
        x      = 0
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "Order queue: waiting (visible) and being paid (in flight)"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          stat    = "Maximum"
          metrics = [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.order_queue.name, { label = "visible (waiting)" }],
            ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", local.order_queue.name, { label = "in flight (being paid)" }],
          ]
          yAxis = { left = { min = 0 } }
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "Age of the oldest order on the queue (s)"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          stat    = "Maximum"
          metrics = [
            ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", local.order_queue.name, { label = "oldest order" }],
          ]
          annotations = {
            horizontal = [{ label = "alarm", value = var.max_message_age_seconds }]
          }
          yAxis = { left = { min = 0 } }
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 6
        width  = 8
        height = 6
        properties = {
          title   = "Dead letters"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          stat    = "Maximum"
          metrics = [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.order_dlq.name, { label = "order queue's DLQ" }],
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.lambda_dlq_name, { label = "Lambda failures" }],
          ]
          yAxis = { left = { min = 0 } }
        }
      },
      {
        type   = "metric"
        x      = 8
        y      = 6
        width  = 8
        height = 6
        properties = {
          title   = "Processor: tasks and backlog per task (the autoscaling metric)"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          metrics = [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.order_queue.name, { id = "m1", stat = "Sum", visible = false }],
            ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", aws_ecs_service.processor.name, { id = "m2", stat = "Average", label = "running tasks" }],
            [{ id = "e1", expression = "m1 / m2", label = "backlog per task" }],
          ]
          annotations = {
            horizontal = [{ label = "target", value = local.processor_backlog_target }]
          }
          yAxis = { left = { min = 0 } }
        }
      },
      {
        type   = "metric"
        x      = 16
        y      = 6
        width  = 8
        height = 6
        properties = {
          title   = "Order topic"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          stat    = "Sum"
          metrics = [
            ["AWS/SNS", "NumberOfMessagesPublished", "TopicName", aws_sns_topic.orders.name, { label = "published" }],
            ["AWS/SNS", "NumberOfNotificationsFailed", "TopicName", aws_sns_topic.orders.name, { label = "deliveries failed" }],
          ]
          yAxis = { left = { min = 0 } }
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 12
        width  = 12
        height = 6
        properties = {
          title   = "Order API latency (s): the API, and /orders/sync apart"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          metrics = [
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", local.alb_dimension, "TargetGroup", aws_lb_target_group.order["api"].arn_suffix, { stat = "p50", label = "API p50" }],
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", local.alb_dimension, "TargetGroup", aws_lb_target_group.order["api"].arn_suffix, { stat = "p99", label = "API p99" }],
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", local.alb_dimension, "TargetGroup", aws_lb_target_group.order["sync"].arn_suffix, { stat = "p50", label = "/orders/sync p50" }],
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", local.alb_dimension, "TargetGroup", aws_lb_target_group.order["sync"].arn_suffix, { stat = "p99", label = "/orders/sync p99" }],
          ]
          annotations = {
            horizontal = [{ label = "API p99 alarm", value = var.latency_p99_threshold_seconds }]
          }
          yAxis = { left = { min = 0 } }
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 12
        width  = 12
        height = 6
        properties = {
          title   = "Load balancer requests and 5xx"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          stat    = "Sum"
          metrics = [
            ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", local.alb_dimension, { label = "requests" }],
            ["AWS/ApplicationELB", "HTTPCode_Target_2XX_Count", "LoadBalancer", local.alb_dimension, { label = "2xx from the service" }],
            ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", local.alb_dimension, { label = "5xx from the service (503: busy or queue unavailable)" }],
            ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", local.alb_dimension, { label = "5xx from the load balancer" }],
          ]
          yAxis = { left = { min = 0 } }
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 18
        width  = 12
        height = 6
        properties = {
          title   = "ECS CPU utilization (%) per service"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          metrics = [
            ["AWS/ECS", "CPUUtilization", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", aws_ecs_service.order.name, { stat = "Average", label = "order receiver, average" }],
            ["AWS/ECS", "CPUUtilization", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", aws_ecs_service.order.name, { stat = "Maximum", label = "order receiver, busiest task" }],
            ["AWS/ECS", "CPUUtilization", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", aws_ecs_service.processor.name, { stat = "Average", label = "processor, average" }],
            ["AWS/ECS", "CPUUtilization", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", aws_ecs_service.processor.name, { stat = "Maximum", label = "processor, busiest task" }],
          ]
          yAxis = { left = { min = 0, max = 100 } }
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 18
        width  = 12
        height = 6
        properties = {
          title   = "ECS memory utilization (%) per service"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          metrics = [
            ["AWS/ECS", "MemoryUtilization", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", aws_ecs_service.order.name, { stat = "Average", label = "order receiver, average" }],
            ["AWS/ECS", "MemoryUtilization", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", aws_ecs_service.order.name, { stat = "Maximum", label = "order receiver, fullest task" }],
            ["AWS/ECS", "MemoryUtilization", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", aws_ecs_service.processor.name, { stat = "Average", label = "processor, average" }],
            ["AWS/ECS", "MemoryUtilization", "ClusterName", aws_ecs_cluster.main.name, "ServiceName", aws_ecs_service.processor.name, { stat = "Maximum", label = "processor, fullest task" }],
          ]
          yAxis = { left = { min = 0, max = 100 } }
        }
      },
      {
        type   = "metric"
        x      = 0
        y      = 24
        width  = 12
        height = 6
        properties = {
          title   = "Lambda duration (ms); empty while enable_lambda = false"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          metrics = [
            ["AWS/Lambda", "Duration", "FunctionName", local.lambda_function_name, { stat = "Average", label = "average" }],
            ["AWS/Lambda", "Duration", "FunctionName", local.lambda_function_name, { stat = "p99", label = "p99" }],
            ["AWS/Lambda", "Duration", "FunctionName", local.lambda_function_name, { stat = "Maximum", label = "maximum" }],
          ]
          yAxis = { left = { min = 0 } }
        }
      },
      {
        type   = "metric"
        x      = 12
        y      = 24
        width  = 12
        height = 6
        properties = {
          title   = "Lambda invocations, errors and throttles; empty while enable_lambda = false"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          stat    = "Sum"
          metrics = [
            ["AWS/Lambda", "Invocations", "FunctionName", local.lambda_function_name, { label = "invocations" }],
            ["AWS/Lambda", "Errors", "FunctionName", local.lambda_function_name, { label = "errors" }],
            ["AWS/Lambda", "Throttles", "FunctionName", local.lambda_function_name, { label = "throttles" }],
            ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", local.lambda_function_name, { stat = "Maximum", label = "concurrent executions" }],
          ]
          yAxis = { left = { min = 0 } }
        }
      },
    ]
  }
}

resource "aws_cloudwatch_dashboard" "flash_sale" {
  dashboard_name = local.dashboard_name
  dashboard_body = jsonencode(local.dashboard)
}

# A message on a dead-letter queue is an order that failed every attempt: it was not paid.
resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  # The queue's name in the files (the alarm's name) -> its name in this deployment.
  for_each = merge(
    { for key, queue in aws_sqs_queue.dead_letter : key => queue.name },
    { for key in [local.lambda_dlq_key] : key => local.lambda_dlq_name if var.enable_lambda },
  )

  alarm_name          = "${var.name}-dead-letters-${each.key}"
  alarm_description   = "Orders on ${each.value}: they failed every attempt and were not paid. Find the cause in the logs, fix it, then redrive them (SQS console: Start DLQ redrive)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  depends_on = [aws_sqs_queue.dead_letter, aws_sqs_queue.lambda_failures]
}

# Orders wait longer than customers were promised: the processors cannot keep up (or have stopped).
resource "aws_cloudwatch_metric_alarm" "oldest_order" {
  alarm_name          = "${var.name}-oldest-order-too-old"
  alarm_description   = "An order has waited on ${local.order_queue.name} longer than ${var.max_message_age_seconds} s: the processors do not keep up. Check the processor tasks, their workers and autoscaling."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = local.order_queue.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.max_message_age_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

# The share of the API's requests that end in a 5xx: from its target group (every path but /orders/sync, whose
# 503 payment_busy is the sync design refusing excess load) or from the load balancer itself (502, 503 with no
# healthy target, 504), over the API's requests. A 503 queue_unavailable on /orders/async counts: orders cannot be
# published then.
resource "aws_cloudwatch_metric_alarm" "alb_5xx_rate" {
  alarm_name          = "${var.name}-api-5xx-rate"
  alarm_description   = "More than ${var.alb_5xx_rate_threshold_percent}% of the order API's requests (without /orders/sync) failed with a 5xx for 2 of 3 minutes. 503 queue_unavailable: orders cannot be published (check /health/ready, SNS, the task role); 502/504 from the load balancer: tasks failing or too slow."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alb_5xx_rate_threshold_percent
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  metric_query {
    id          = "rate"
    label       = "5xx share of the API's requests (%)"
    expression  = "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests"
    return_data = true
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = local.api_target_group_dimensions
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "target5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = local.api_target_group_dimensions
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "elb5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      dimensions  = { LoadBalancer = local.alb_dimension }
      period      = 60
      stat        = "Sum"
    }
  }
}

# The API answers slowly: p99 of the API's target group (an async order is a publish and a table write).
resource "aws_cloudwatch_metric_alarm" "api_latency_p99" {
  alarm_name          = "${var.name}-api-latency-p99"
  alarm_description   = "The order API's p99 response time (without /orders/sync) exceeded ${var.latency_p99_threshold_seconds} s for 2 minutes: check ECS CPU on the dashboard (scale out), SNS and DynamoDB latency."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  dimensions          = local.api_target_group_dimensions
  extended_statistic  = "p99"
  period              = 60
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.latency_p99_threshold_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

# Fewer healthy order-receiver tasks behind the load balancer than the service's minimum.
resource "aws_cloudwatch_metric_alarm" "healthy_hosts" {
  alarm_name          = "${var.name}-api-healthy-hosts"
  alarm_description   = "Fewer than ${var.order_min_tasks} healthy order-receiver targets for 2 minutes: tasks fail their health check (${var.order_health_check_path}: a dependency down, a wrong role) or cannot start. Zero means the load balancer sends to all targets, healthy or not."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HealthyHostCount"
  dimensions          = local.api_target_group_dimensions
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "LessThanThreshold"
  threshold           = var.order_min_tasks
  treat_missing_data  = "breaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

# A service runs fewer tasks than it wants for 5 minutes: tasks fail to start (image, role, capacity) or keep
# being replaced. Starting one takes a minute or two, so a scale-out alone does not fire it.
resource "aws_cloudwatch_metric_alarm" "tasks_below_desired" {
  for_each = local.services

  alarm_name          = "${var.name}-${each.key}-tasks-below-desired"
  alarm_description   = "${each.value} ran fewer tasks than desired for 5 minutes: check the service's events (stopped tasks and why) in the ECS console."
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  evaluation_periods  = 5
  datapoints_to_alarm = 5
  treat_missing_data  = "missing"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  metric_query {
    id          = "missing_tasks"
    label       = "Desired minus running tasks"
    expression  = "desired - running"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = { desired = "DesiredTaskCount", running = "RunningTaskCount" }
    content {
      id = metric_query.key
      metric {
        namespace   = "ECS/ContainerInsights"
        metric_name = metric_query.value
        dimensions  = { ClusterName = aws_ecs_cluster.main.name, ServiceName = each.value }
        period      = 60
        stat        = "Average"
      }
    }
  }
}

# SNS could not deliver an order to the queue (or the Lambda): it retries, then dead-letters or drops it.
resource "aws_cloudwatch_metric_alarm" "sns_delivery_failures" {
  alarm_name          = "${var.name}-order-topic-delivery-failures"
  alarm_description   = "SNS failed to deliver orders from ${aws_sns_topic.orders.name}: check the queue policy, the subscription and the queue's encryption."
  namespace           = "AWS/SNS"
  metric_name         = "NumberOfNotificationsFailed"
  dimensions          = { TopicName = aws_sns_topic.orders.name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

# The serverless path: invocations that failed, and invocations Lambda refused for lack of concurrency.
resource "aws_cloudwatch_metric_alarm" "lambda" {
  for_each = { for key, metric in { errors = "Errors", throttles = "Throttles" } : key => metric if var.enable_lambda }

  alarm_name          = "${var.name}-order-lambda-${each.key}"
  alarm_description   = "The order Lambda reported ${each.key}: ${each.key == "errors" ? "failed invocations (retried twice, then sent to its failure queue); read its log group" : "invocations refused for lack of concurrency (SNS retries them); raise lambda_reserved_concurrency or the account's limit"}."
  namespace           = "AWS/Lambda"
  metric_name         = each.value
  dimensions          = { FunctionName = local.lambda_function_name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

# --- Limited-stock sales -----------------------------------------------------------------------------------------

locals {
  # What the order receiver logs, at SEVERE, on every sweep (about once a second) while a sale's counts show units
  # sold beyond its stock (SaleSweepTask.OVERSOLD, the same figure as the sale.oversell.count gauge on /metrics);
  # terraform/test checks that the application still logs it.
  oversold_log_marker     = "sale_oversold"
  sales_metrics_namespace = "${var.name}/Sales"
}

resource "aws_cloudwatch_log_metric_filter" "oversold" {
  name           = "${var.name}-sale-oversold"
  log_group_name = aws_cloudwatch_log_group.order.name
  pattern        = "\"${local.oversold_log_marker}\""

  metric_transformation {
    name      = "OversoldReports"
    namespace = local.sales_metrics_namespace
    value     = "1"
    unit      = "Count"
  }
}

# oversell_count > 0: a sale sold more units than its stock. Never expected; it means the inventory store lost
# acknowledged writes or a script is wrong. Stop the sale (POST /admin/sales/{id}/close) and replay its audit trail.
resource "aws_cloudwatch_metric_alarm" "sale_oversold" {
  alarm_name          = "${var.name}-sale-oversold"
  alarm_description   = "A sale's counts show units sold beyond its stock (sale.oversell.count > 0, logged as ${local.oversold_log_marker}). Close the sale, then compare GET /admin/sales/{id}/audit/replay with the payment provider's charges (docs/sales.md)."
  namespace           = local.sales_metrics_namespace
  metric_name         = aws_cloudwatch_log_metric_filter.oversold.metric_transformation[0].name
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

# The inventory store's busiest node, whichever is primary after a failover (a Metrics Insights query over its
# nodes): the engine's CPU (the one thread that runs every script) and its data memory.
resource "aws_cloudwatch_metric_alarm" "inventory" {
  for_each = {
    cpu    = { metric = "EngineCPUUtilization", threshold = var.inventory_cpu_alarm_percent, what = "engine CPU (the thread that runs the sale's scripts): decisions will queue; a larger node type is faster per core, more shards do not help one sale" }
    memory = { metric = "DatabaseMemoryUsagePercentage", threshold = var.inventory_memory_alarm_percent, what = "memory: every reservation and refusal adds an audit entry; export and trim the trails of ended sales, or take a larger node type" }
  }

  alarm_name          = "${var.name}-inventory-${each.key}"
  alarm_description   = "The inventory store's ${each.value.what}. Above ${each.value.threshold}% for 3 minutes."
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  evaluation_periods  = 3
  treat_missing_data  = "missing"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  metric_query {
    id          = "busiest"
    label       = "${each.value.metric} of the busiest node (%)"
    expression  = "SELECT MAX(${each.value.metric}) FROM SCHEMA(\"AWS/MemoryDB\", ClusterName, NodeName) WHERE ClusterName = '${aws_memorydb_cluster.inventory.name}'"
    period      = 60
    return_data = true
  }
}
