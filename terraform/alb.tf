# The public entry point: an application load balancer in the public subnets. It forwards only the order API's
# public paths to the order receiver tasks: /orders/... and the sales' /sales/... (availability, reserve, a
# reservation, cancel, checkout). Anything else, /admin/sales (open, close, audit), /metrics, /openapi and /health
# included, gets the API's JSON 404 from the load balancer itself, so admin and operator endpoints are reachable
# only inside the VPC (network.tf). With certificate_arn the API is served over HTTPS on 443 and port 80 only redirects there.
#
# /orders/sync has a target group of its own, on the same tasks: its 503 payment_busy and its payment-long
# responses are the sync design at work, and the alarms on the other target group (the API) stay meaningful.
#
# Health check: var.order_health_check_path, /health/ready by default, which is DOWN while the task cannot publish
# to its topic or reach its table. A task with a wrong role, topic or table therefore never takes traffic and the
# deployment circuit breaker rolls it back. On ECS a target the load balancer calls unhealthy is replaced, so the
# check tolerates var.order_health_check_grace_seconds of failures before it does: a short SNS or DynamoDB outage
# changes nothing, a long one replaces the tasks (new ones cannot help, but the load balancer keeps sending to all
# targets while none is healthy). docs/deploy-aws.md has the trade-off.

locals {
  https = var.certificate_arn != null

  # The listener that serves the API: HTTPS when there is a certificate, else plain HTTP.
  api_listener_arn = local.https ? aws_lb_listener.https[0].arn : aws_lb_listener.http.arn

  # What the load balancer answers for any path the API does not have: the API's own error format.
  not_found_body = jsonencode({ error = "not_found", message = "No such resource.", problems = [] })

  # The target groups: the sync endpoint, and every other API path. The rules below are in priority order.
  order_target_groups = {
    sync = { paths = ["/orders/sync", "/orders/sync/*"], priority = 10 }
    api  = { paths = ["/orders/*", "/sales/*"], priority = 20 }
  }

  health_check_interval = 20
}

resource "aws_lb" "order" {
  name                       = "${var.name}-alb"
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb.id]
  subnets                    = aws_subnet.public[*].id
  drop_invalid_header_fields = true

  # A sync order waits up to ORDERS_SYNC_MAX_WAIT_MS (10 s) for a permit plus one payment (3 s). Liberty keeps an
  # idle connection open longer than this (deploy/*/server.xml, persistTimeout), so the load balancer, not the
  # server, closes idle connections: otherwise a request can meet a connection the server is closing (a 502).
  idle_timeout = 60
}

resource "aws_lb_target_group" "order" {
  for_each = local.order_target_groups

  name                 = "${var.name}-order-${each.key}"
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
    interval            = local.health_check_interval
    timeout             = 10
    healthy_threshold   = 2
    unhealthy_threshold = floor(var.order_health_check_grace_seconds / local.health_check_interval)
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.order.arn
  port              = 80
  protocol          = "HTTP"

  # With a certificate, port 80 only sends clients to HTTPS; without one it serves the API's rules (below).
  default_action {
    type = local.https ? "redirect" : "fixed-response"

    dynamic "redirect" {
      for_each = local.https ? [1] : []
      content {
        protocol    = "HTTPS"
        port        = "443"
        status_code = "HTTP_301"
      }
    }

    dynamic "fixed_response" {
      for_each = local.https ? [] : [1]
      content {
        content_type = "application/json"
        status_code  = "404"
        message_body = local.not_found_body
      }
    }
  }
}

resource "aws_lb_listener" "https" {
  count = local.https ? 1 : 0

  load_balancer_arn = aws_lb.order.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "application/json"
      status_code  = "404"
      message_body = local.not_found_body
    }
  }
}

resource "aws_lb_listener_rule" "order" {
  for_each = local.order_target_groups

  listener_arn = local.api_listener_arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.order[each.key].arn
  }

  condition {
    path_pattern {
      values = each.value.paths
    }
  }
}

# --- Optional: AWS WAF, per-IP rate limits at the edge ---------------------------------------------------------

resource "aws_wafv2_web_acl" "order" {
  count = var.enable_waf ? 1 : 0

  name  = "${var.name}-edge"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  # The API's own refusal: JSON, 429, with Retry-After (WAF's window is a minute).
  custom_response_body {
    key          = "rate_limited"
    content_type = "APPLICATION_JSON"
    content      = jsonencode({ error = "rate_limited", message = "Too many requests from this address; retry after a minute.", problems = [] })
  }

  dynamic "rule" {
    for_each = {
      writes-per-ip   = { priority = 1, limit = var.waf_writes_per_ip_per_minute, post_only = true }
      requests-per-ip = { priority = 2, limit = var.waf_requests_per_ip_per_minute, post_only = false }
    }
    content {
      name     = rule.key
      priority = rule.value.priority

      action {
        block {
          custom_response {
            response_code            = 429
            custom_response_body_key = "rate_limited"

            response_header {
              name  = "Retry-After"
              value = "60"
            }
          }
        }
      }

      statement {
        rate_based_statement {
          limit                 = rule.value.limit
          evaluation_window_sec = 60
          aggregate_key_type    = "IP"

          dynamic "scope_down_statement" {
            for_each = rule.value.post_only ? [1] : []
            content {
              byte_match_statement {
                search_string         = "POST"
                positional_constraint = "EXACTLY"

                field_to_match {
                  method {}
                }

                text_transformation {
                  priority = 0
                  type     = "NONE"
                }
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${var.name}-${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${var.name}-edge"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "order" {
  count = var.enable_waf ? 1 : 0

  resource_arn = aws_lb.order.arn
  web_acl_arn  = aws_wafv2_web_acl.order[0].arn
}
