# The public entry point: an application load balancer in the public subnets, forwarding port 80 to the
# order receiver tasks (the order API at /: /orders/sync, /orders/async, /health, /metrics, /openapi).
#
# Health check: the path is var.order_health_check_path, /health/live by default. On ECS a failed load balancer
# health check does not only take a task out of rotation: ECS stops the task and starts another. /health (and
# /health/ready) include the publisher's readiness, which is DOWN while SNS cannot be reached; with them, an SNS
# outage or throttling during a sale would make every order-receiver task fail at once and ECS would keep
# replacing them, taking the sync endpoint (which does not need SNS) down too, while new tasks cannot help.
# /health/live answers 200 as long as the server serves requests, and /orders/async already answers a fast
# 503 queue_unavailable with Retry-After when it cannot publish. The readiness stays visible at /health/ready
# and in the 5xx alarm. docs/deploy-aws.md has the full reasoning.

resource "aws_lb" "order" {
  name                       = "${var.name}-alb"
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb.id]
  subnets                    = aws_subnet.public[*].id
  drop_invalid_header_fields = true

  # A sync order waits up to ORDERS_SYNC_MAX_WAIT_MS (10 s) for a permit plus one payment (3 s).
  idle_timeout = 60
}

resource "aws_lb_target_group" "order" {
  name                 = "${var.name}-order"
  port                 = local.http_port
  protocol             = "HTTP"
  target_type          = "ip" # Fargate tasks register by address
  vpc_id               = aws_vpc.main.id
  deregistration_delay = 30

  health_check {
    path                = var.order_health_check_path
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.order.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.order.arn
  }
}
