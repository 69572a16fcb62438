# What to watch during a flash sale: one CloudWatch dashboard and three kinds of alarm (dead letters, orders
# waiting too long, load balancer 5xx rate). Alarms notify var.alarm_actions, if any.

locals {
  dashboard_name = "${var.name}-flash-sale"
  alb_dimension  = aws_lb.order.arn_suffix

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
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", local.order_dlq_name, { label = "order queue's DLQ" }],
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
          title   = "Load balancer latency (s)"
          region  = var.aws_region
          view    = "timeSeries"
          stacked = false
          period  = 60
          metrics = [
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", local.alb_dimension, { stat = "p50", label = "p50" }],
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", local.alb_dimension, { stat = "p90", label = "p90" }],
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", local.alb_dimension, { stat = "p99", label = "p99" }],
          ]
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
        y      = 18
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
  for_each = toset(concat(keys(local.dead_letter_queues), var.enable_lambda ? [local.lambda_dlq_name] : []))

  alarm_name          = "${var.name}-dead-letters-${each.key}"
  alarm_description   = "Orders on ${each.key}: they failed every attempt and were not paid. Find the cause in the logs, fix it, then redrive them (SQS console: Start DLQ redrive)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.key }
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

# The share of requests that end in a 5xx, from the service or from the load balancer itself.
resource "aws_cloudwatch_metric_alarm" "alb_5xx_rate" {
  alarm_name          = "${var.name}-alb-5xx-rate"
  alarm_description   = "More than ${var.alb_5xx_rate_threshold_percent}% of requests to the order API failed with a 5xx. 503 payment_busy is the sync endpoint refusing excess load (expected in a sync flash sale); 503 queue_unavailable means orders cannot be published."
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alb_5xx_rate_threshold_percent
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  metric_query {
    id          = "rate"
    label       = "5xx share of requests (%)"
    expression  = "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests"
    return_data = true
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = { LoadBalancer = local.alb_dimension }
      period      = 60
      stat        = "Sum"
    }
  }

  metric_query {
    id = "target5xx"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = { LoadBalancer = local.alb_dimension }
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
