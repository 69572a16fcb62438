# The two services on ECS Fargate, in the private subnets: the order receiver (order-war, behind the load
# balancer) and the order processor (processor-war, consuming the order queue). Both images are Open Liberty
# with the server configuration of deploy/<service>/server.xml; everything else is set here as environment
# variables, the names of which are in docs/configuration.md.

locals {
  http_port = 9080

  order_container_name     = "order-receiver"
  processor_container_name = "order-processor"

  # The memory values each Fargate CPU size allows, in MiB (AWS's task size table: 1 GiB steps from 512 CPU up,
  # 4 GiB at 8192, 8 GiB at 16384).
  fargate_memory_mib = {
    "256"   = [512, 1024, 2048]
    "512"   = range(1024, 4097, 1024)
    "1024"  = range(2048, 8193, 1024)
    "2048"  = range(4096, 16385, 1024)
    "4096"  = range(8192, 30721, 1024)
    "8192"  = range(16384, 61441, 4096)
    "16384" = range(32768, 122881, 8192)
  }

  # A fractional vCPU makes the JVM guess its processor count wrong; pin it. The heap leaves room for the
  # JVM's own memory, which matters most in a 512 MiB task.
  order_jvm_options     = "-XX:ActiveProcessorCount=${max(1, floor(var.order_cpu / 1024))} -XX:MaxRAMPercentage=${var.order_memory <= 1024 ? 50 : 75}"
  processor_jvm_options = "-XX:ActiveProcessorCount=${max(1, floor(var.processor_cpu / 1024))} -XX:MaxRAMPercentage=${var.processor_memory <= 1024 ? 50 : 75}"

  # AWS_ENDPOINT is deliberately absent: without it the SDK talks to AWS, signed by the task role.
  order_environment = [
    { name = "ORDERS_PUBLISHER", value = "sns" },
    { name = "ORDERS_TOPIC_ARN", value = aws_sns_topic.orders.arn },
    { name = "ORDERS_TABLE_NAME", value = aws_dynamodb_table.orders.name },
    { name = "ORDERS_QUEUE_NAME", value = local.order_queue.name },
    { name = "AWS_REGION", value = var.aws_region },
    { name = "PAYMENT_LATENCY_MS", value = tostring(var.payment_latency_ms) },
    { name = "ORDERS_SYNC_PERMITS", value = tostring(var.orders_sync_permits) },
    { name = "ORDERS_ADMISSION_ASYNC_MAX_IN_FLIGHT", value = tostring(var.orders_async_max_in_flight) },
    { name = "HTTP_HOST", value = "*" },
    { name = "HTTP_PORT", value = tostring(local.http_port) },
    { name = "JAVA_TOOL_OPTIONS", value = local.order_jvm_options },
    # The load balancer is the one proxy in front of the API: the client is the last X-Forwarded-For entry, the
    # one it appended. Without it every client would share the load balancer's address and its rate-limit bucket.
    { name = "SALES_RATE_LIMIT_TRUSTED_HOPS", value = "1" },
    # MemoryDB runs in cluster mode: the inventory's client follows the cluster's topology (a standalone client could
    # land on the replica, which refuses writes).
    { name = "SALES_REDIS_CLUSTER", value = "true" },
  ]

  processor_environment = [
    { name = "ORDERS_QUEUE_NAME", value = local.order_queue.name },
    { name = "ORDERS_TABLE_NAME", value = aws_dynamodb_table.orders.name },
    { name = "ORDERS_EVENTS_PUBLISHER", value = "sqs" },
    { name = "ORDERS_EVENTS_QUEUE_NAME", value = local.status_events_queue.name },
    { name = "PROCESSOR_WORKERS", value = tostring(var.processor_workers) },
    { name = "PROCESSOR_WORKERS_MODE", value = var.processor_workers_mode },
    { name = "PROCESSOR_WORKERS_MIN", value = tostring(min(var.processor_workers_min, var.processor_workers)) },
    { name = "PAYMENT_LATENCY_MS", value = tostring(var.payment_latency_ms) },
    { name = "AWS_REGION", value = var.aws_region },
    { name = "HTTP_HOST", value = "*" },
    { name = "HTTP_PORT", value = tostring(local.http_port) },
    { name = "JAVA_TOOL_OPTIONS", value = local.processor_jvm_options },
  ]

  order_container = {
    name         = local.order_container_name
    image        = "${aws_ecr_repository.order.repository_url}:${var.image_tag}"
    essential    = true
    portMappings = [{ containerPort = local.http_port, protocol = "tcp" }]
    environment  = local.order_environment
    # ECS reads them from Secrets Manager when the task starts (the task execution role may, iam.tf): the inventory
    # store's URI with its ACL password, and the sales' admin token (inventory.tf).
    secrets = [
      { name = "SALES_REDIS_URI", valueFrom = aws_secretsmanager_secret.inventory_uri.arn },
      { name = "SALES_ADMIN_TOKEN", valueFrom = aws_secretsmanager_secret.sales_admin_token.arn },
    ]
    stopTimeout = 30
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.order.name
        "awslogs-region"        = var.aws_region
        "awslogs-stream-prefix" = "order-receiver"
      }
    }
  }

  processor_container = {
    name         = local.processor_container_name
    image        = "${aws_ecr_repository.processor.repository_url}:${var.image_tag}"
    essential    = true
    portMappings = [{ containerPort = local.http_port, protocol = "tcp" }]
    environment  = local.processor_environment
    # On stop the processor lets payments in flight finish (PROCESSOR_SHUTDOWN_GRACE_MS, 10 s) and waits out a
    # long poll (up to 20 s) before it exits; ECS waits this long before it kills the container.
    stopTimeout = 60
    # No load balancer looks at the processor, so ECS does: /health is DOWN when the receiving threads died
    # (liveness) or the task cannot reach its queue or table (readiness), and then ECS replaces the task; a new
    # task that never gets there fails the deployment, which rolls back. Like the order receiver's check, it
    # tolerates two minutes of failures (6 x 20 s), so a short outage replaces nothing. (curl is part of the Open
    # Liberty UBI image.)
    healthCheck = {
      command     = ["CMD-SHELL", "curl -fsS -o /dev/null http://localhost:${local.http_port}/health || exit 1"]
      interval    = 20
      timeout     = 10
      retries     = 6
      startPeriod = 120
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.processor.name
        "awslogs-region"        = var.aws_region
        "awslogs-stream-prefix" = "order-processor"
      }
    }
  }
}

resource "aws_ecs_cluster" "main" {
  name = var.name

  # Container Insights publishes RunningTaskCount, which the processor's autoscaling divides the backlog by.
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "order" {
  name              = "/ecs/${var.name}/order-receiver"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "processor" {
  name              = "/ecs/${var.name}/order-processor"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_task_definition" "order" {
  family                   = "${var.name}-order-receiver"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.order_cpu
  memory                   = var.order_memory
  execution_role_arn       = local.task_execution_role_arn
  task_role_arn            = local.order_task_role_arn
  container_definitions    = jsonencode([local.order_container])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64" # deploy/build-and-push.sh builds linux/amd64
  }

  lifecycle {
    precondition {
      condition     = var.image_tag != null
      error_message = "image_tag is not set: push the images (deploy/build-and-push.sh) and set image_tag in terraform.tfvars to the tag it printed."
    }
    precondition {
      condition     = contains(local.fargate_memory_mib[tostring(var.order_cpu)], var.order_memory)
      error_message = "order_memory does not suit order_cpu on Fargate (256 CPU: 512, 1024 or 2048 MiB; 512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384; 4096: 8192-30720, in 1024 steps; 8192: 16384-61440 in 4096 steps; 16384: 32768-122880 in 8192 steps)."
    }
  }
}

resource "aws_ecs_task_definition" "processor" {
  family                   = "${var.name}-order-processor"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.processor_cpu
  memory                   = var.processor_memory
  execution_role_arn       = local.task_execution_role_arn
  task_role_arn            = local.processor_task_role_arn
  container_definitions    = jsonencode([local.processor_container])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  lifecycle {
    precondition {
      condition     = var.image_tag != null
      error_message = "image_tag is not set: push the images (deploy/build-and-push.sh) and set image_tag in terraform.tfvars to the tag it printed."
    }
    precondition {
      condition     = contains(local.fargate_memory_mib[tostring(var.processor_cpu)], var.processor_memory)
      error_message = "processor_memory does not suit processor_cpu on Fargate (256 CPU: 512, 1024 or 2048 MiB; 512: 1024-4096; 1024: 2048-8192; 2048: 4096-16384; 4096: 8192-30720, in 1024 steps; 8192: 16384-61440 in 4096 steps; 16384: 32768-122880 in 8192 steps)."
    }
  }
}

resource "aws_ecs_service" "order" {
  name            = "order-receiver"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.order.arn
  desired_count   = var.order_min_tasks
  launch_type     = "FARGATE"

  # Liberty takes a while to start on half a vCPU; failed health checks before this do not count.
  health_check_grace_period_seconds  = 180
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.order.id]
    assign_public_ip = false
  }

  # Every task serves both target groups (alb.tf): the sync endpoint and the rest of the API.
  dynamic "load_balancer" {
    for_each = aws_lb_target_group.order
    content {
      target_group_arn = load_balancer.value.arn
      container_name   = local.order_container_name
      container_port   = local.http_port
    }
  }

  lifecycle {
    # Autoscaling owns the task count once the service exists.
    ignore_changes = [desired_count]
  }

  # The target groups must belong to the load balancer before a service can use them; the role's permissions
  # must exist before the first task calls SNS.
  depends_on = [aws_lb_listener_rule.order, aws_iam_role_policy.order_task, aws_iam_role_policy.task_execution]
}

resource "aws_ecs_service" "processor" {
  name            = "order-processor"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.processor.arn
  desired_count   = var.processor_min_tasks
  launch_type     = "FARGATE"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.processor.id]
    assign_public_ip = false
  }

  lifecycle {
    # Autoscaling owns the task count once the service exists.
    ignore_changes = [desired_count]
  }

  depends_on = [aws_iam_role_policy.processor_task, aws_iam_role_policy.task_execution]
}
