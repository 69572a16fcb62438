# How both services follow the load, in three layers, fastest first:
#
# 1. A planned sale: scheduled actions raise both services' minimum sale_prescale_minutes before sale_starts_at
#    and lower it again sale_duration_minutes after (ADR 0005: set the pool before the sale, not during it).
# 2. A surge nobody announced: step scaling on the order queue, from alarms that need ONE one-minute datapoint
#    (SQS publishes once a minute, so a minute is the floor): on the visible backlog and on the oldest order's
#    age, each adding tasks in proportion to how far past its threshold it is.
# 3. Everyday load: target tracking, which also scales in (slowly, after several datapoints): the processor on
#    visible messages per running task, the order receiver on requests per task (ALBRequestCountPerTarget).
#
# Application Auto Scaling runs them side by side: it scales out when any policy asks for it and in only when all
# of them allow. The processor takes a message only when a worker is free (no prefetch), so the visible count is
# the real backlog. One task pays workers / latency orders a second; the backlog-per-task target is what one task
# clears within processor_max_backlog_wait_seconds, unless processor_backlog_per_task_target says otherwise.

locals {
  processor_backlog_target = coalesce(
    var.processor_backlog_per_task_target,
    max(1, floor(var.processor_workers * var.processor_max_backlog_wait_seconds * 1000 / max(1, var.payment_latency_ms))),
  )

  # Step scaling on the processor: the alarm's metric and threshold, and the tasks added per step. The thresholds
  # are what the everyday minimum of tasks clears within the allowed wait, and half the allowed wait.
  processor_surge = {
    backlog = {
      metric_name = "ApproximateNumberOfMessagesVisible"
      threshold   = local.processor_backlog_target * var.processor_min_tasks
      description = "more orders waiting than ${var.processor_min_tasks} task(s) clear in ${var.processor_max_backlog_wait_seconds} s"
    }
    oldest-age = {
      metric_name = "ApproximateAgeOfOldestMessage"
      threshold   = max(1, floor(var.processor_max_backlog_wait_seconds / 2))
      description = "an order waited more than half of processor_max_backlog_wait_seconds"
    }
  }

  services = {
    order     = aws_ecs_service.order.name
    processor = aws_ecs_service.processor.name
  }

  # A planned sale's schedule, as Application Auto Scaling's at() expressions (UTC).
  sale = var.sale_starts_at == null ? null : {
    prescale_at = formatdate("YYYY-MM-DD'T'hh:mm:ss", timeadd(var.sale_starts_at, "-${var.sale_prescale_minutes}m"))
    over_at     = formatdate("YYYY-MM-DD'T'hh:mm:ss", timeadd(var.sale_starts_at, "${var.sale_duration_minutes}m"))
  }
  sale_tasks = {
    order     = { sale = var.sale_order_tasks, everyday = var.order_min_tasks, max = var.order_max_tasks }
    processor = { sale = var.sale_processor_tasks, everyday = var.processor_min_tasks, max = var.processor_max_tasks }
  }
}

resource "aws_appautoscaling_target" "service" {
  for_each = local.services

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${each.value}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = local.sale_tasks[each.key].everyday
  max_capacity       = local.sale_tasks[each.key].max

  lifecycle {
    precondition {
      condition     = local.sale_tasks[each.key].max >= local.sale_tasks[each.key].everyday && local.sale_tasks[each.key].max >= local.sale_tasks[each.key].sale
      error_message = "${each.key}'s max tasks must be at least its min tasks and its sale tasks."
    }
  }
}

moved {
  from = aws_appautoscaling_target.processor
  to   = aws_appautoscaling_target.service["processor"]
}

# --- Everyday: target tracking -----------------------------------------------------------------------------------

resource "aws_appautoscaling_policy" "processor_backlog" {
  name               = "${var.name}-processor-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.service["processor"].service_namespace
  resource_id        = aws_appautoscaling_target.service["processor"].resource_id
  scalable_dimension = aws_appautoscaling_target.service["processor"].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = local.processor_backlog_target
    scale_out_cooldown = 60
    scale_in_cooldown  = 120

    customized_metric_specification {
      metrics {
        id          = "m1"
        label       = "Orders waiting on the queue"
        return_data = false

        metric_stat {
          stat = "Sum"

          metric {
            namespace   = "AWS/SQS"
            metric_name = "ApproximateNumberOfMessagesVisible"

            dimensions {
              name  = "QueueName"
              value = local.order_queue.name
            }
          }
        }
      }

      metrics {
        id          = "m2"
        label       = "Running processor tasks"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"

            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.main.name
            }

            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.processor.name
            }
          }
        }
      }

      metrics {
        id          = "e1"
        label       = "Backlog per processor task"
        expression  = "m1 / m2"
        return_data = true
      }
    }
  }
}

# The order receiver on requests per task, per target group (a task serves both): whichever asks for more wins.
resource "aws_appautoscaling_policy" "order_requests" {
  for_each = aws_lb_target_group.order

  name               = "${var.name}-order-requests-per-task-${each.key}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.service["order"].service_namespace
  resource_id        = aws_appautoscaling_target.service["order"].resource_id
  scalable_dimension = aws_appautoscaling_target.service["order"].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.order_requests_per_task_per_minute
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.order.arn_suffix}/${each.value.arn_suffix}"
    }
  }
}

# --- A surge: step scaling from one datapoint --------------------------------------------------------------------

resource "aws_appautoscaling_policy" "processor_surge" {
  for_each = local.processor_surge

  name               = "${var.name}-processor-surge-${each.key}"
  policy_type        = "StepScaling"
  service_namespace  = aws_appautoscaling_target.service["processor"].service_namespace
  resource_id        = aws_appautoscaling_target.service["processor"].resource_id
  scalable_dimension = aws_appautoscaling_target.service["processor"].scalable_dimension

  step_scaling_policy_configuration {
    adjustment_type          = "PercentChangeInCapacity"
    min_adjustment_magnitude = 1
    metric_aggregation_type  = "Maximum"
    # New tasks need a minute or two to start; within that, a deeper breach still adds its larger step.
    cooldown = 60

    # Bounds are relative to the alarm's threshold: up to twice past it, double the tasks; beyond, triple them.
    step_adjustment {
      metric_interval_lower_bound = 0
      metric_interval_upper_bound = each.value.threshold
      scaling_adjustment          = 100
    }

    step_adjustment {
      metric_interval_lower_bound = each.value.threshold
      scaling_adjustment          = 200
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "processor_surge" {
  for_each = local.processor_surge

  alarm_name          = "${var.name}-processor-surge-${each.key}"
  alarm_description   = "Scales the processor out at once: ${each.value.description}. Not a page: the oldest-order alarm is."
  namespace           = "AWS/SQS"
  metric_name         = each.value.metric_name
  dimensions          = { QueueName = local.order_queue.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_appautoscaling_policy.processor_surge[each.key].arn]
}

# --- A planned sale: scheduled pre-scaling -----------------------------------------------------------------------

resource "aws_appautoscaling_scheduled_action" "sale_prescale" {
  # A filter rather than `cond ? {} : local.services`: Terraform rejects a conditional whose objects differ.
  for_each = { for key, service in local.services : key => service if local.sale != null }

  name               = "${var.name}-${each.key}-sale-prescale"
  service_namespace  = aws_appautoscaling_target.service[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.service[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.service[each.key].scalable_dimension
  schedule           = "at(${local.sale.prescale_at})"
  timezone           = "UTC"

  scalable_target_action {
    min_capacity = local.sale_tasks[each.key].sale
    max_capacity = local.sale_tasks[each.key].max
  }
}

resource "aws_appautoscaling_scheduled_action" "sale_over" {
  for_each = { for key, service in local.services : key => service if local.sale != null }

  name               = "${var.name}-${each.key}-sale-over"
  service_namespace  = aws_appautoscaling_target.service[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.service[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.service[each.key].scalable_dimension
  schedule           = "at(${local.sale.over_at})"
  timezone           = "UTC"

  scalable_target_action {
    min_capacity = local.sale_tasks[each.key].everyday
    max_capacity = local.sale_tasks[each.key].max
  }

  # Two scheduled actions on one target are applied one at a time.
  depends_on = [aws_appautoscaling_scheduled_action.sale_prescale]
}
