# The processor scales on its backlog per task: target tracking on the metric math
#   ApproximateNumberOfMessagesVisible (the order queue) / RunningTaskCount (the processor service).
# The processor takes a message only when a worker is free (no prefetch), so the visible count is the real
# backlog. One task pays workers / latency orders a second; the target is the backlog one task clears within
# processor_max_backlog_wait_seconds, unless processor_backlog_per_task_target says otherwise.

locals {
  processor_backlog_target = coalesce(
    var.processor_backlog_per_task_target,
    max(1, floor(var.processor_workers * var.processor_max_backlog_wait_seconds * 1000 / max(1, var.payment_latency_ms))),
  )
}

resource "aws_appautoscaling_target" "processor" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.processor.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.processor_min_tasks
  max_capacity       = var.processor_max_tasks

  lifecycle {
    precondition {
      condition     = var.processor_max_tasks >= var.processor_min_tasks
      error_message = "processor_max_tasks must be at least processor_min_tasks."
    }
  }
}

resource "aws_appautoscaling_policy" "processor_backlog" {
  name               = "${var.name}-processor-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.processor.service_namespace
  resource_id        = aws_appautoscaling_target.processor.resource_id
  scalable_dimension = aws_appautoscaling_target.processor.scalable_dimension

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
