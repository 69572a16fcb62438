# What the build-and-push script, the load tests and the guide need. `terraform output -raw <name>` prints one.

output "aws_region" {
  description = "The region everything was deployed to."
  value       = var.aws_region
}

output "alb_dns_name" {
  description = "The load balancer's DNS name: the order API's host."
  value       = aws_lb.order.dns_name
}

output "order_api_url" {
  description = "Base URL of the order API, for Locust's --host: POST /orders/sync, POST /orders/async, GET /orders/{id}. With certificate_arn it is https://, and clients must use the name the certificate covers (a DNS alias of alb_dns_name) instead of this host."
  value       = "${local.https ? "https" : "http"}://${aws_lb.order.dns_name}"
}

output "topic_arn" {
  description = "ARN of the order topic (order-processing-events after the deployment's name)."
  value       = aws_sns_topic.orders.arn
}

output "queue_url" {
  description = "URL of the order queue (order-processing-queue after the deployment's name)."
  value       = local.order_queue.url
}

output "queue_name" {
  description = "Name of the order queue (order-processing-queue after the deployment's name), for the queue sampler's and the experiment's --queue."
  value       = local.order_queue.name
}

output "dead_letter_queue_name" {
  description = "Name of the order queue's dead-letter queue, for the queue sampler's and the experiment's --dlq."
  value       = local.order_dlq.name
}

output "dead_letter_queue_url" {
  description = "URL of the order queue's dead-letter queue."
  value       = local.order_dlq.url
}

output "orders_table_name" {
  description = "The DynamoDB table of orders, their statuses and idempotency keys (from order-table.json)."
  value       = aws_dynamodb_table.orders.name
}

output "status_events_queue_url" {
  description = "URL of the queue the processor sends completion events to (order_completed, order_failed)."
  value       = local.status_events_queue.url
}

output "order_repository_url" {
  description = "ECR repository of the order-receiver image."
  value       = aws_ecr_repository.order.repository_url
}

output "processor_repository_url" {
  description = "ECR repository of the order-processor image."
  value       = aws_ecr_repository.processor.repository_url
}

output "ecs_cluster_name" {
  description = "The ECS cluster."
  value       = aws_ecs_cluster.main.name
}

output "order_service_name" {
  description = "The order-receiver ECS service."
  value       = aws_ecs_service.order.name
}

output "processor_service_name" {
  description = "The order-processor ECS service."
  value       = aws_ecs_service.processor.name
}

output "dashboard_url" {
  description = "The flash-sale CloudWatch dashboard."
  value       = "https://${var.aws_region}.console.aws.amazon.com/cloudwatch/home?region=${var.aws_region}#dashboards:name=${aws_cloudwatch_dashboard.flash_sale.dashboard_name}"
}

output "lambda_function_name" {
  description = "The order Lambda, when enable_lambda is true; null otherwise."
  value       = one(aws_lambda_function.order[*].function_name)
}

output "lambda_failures_queue_url" {
  description = "URL of the queue that holds the Lambda's failed events, when enable_lambda is true; null otherwise."
  value       = one(aws_sqs_queue.lambda_failures[*].url)
}

output "inventory_endpoint" {
  description = "The inventory store's TLS address (MemoryDB), reachable from the order receiver's tasks only; its URI with the ACL password is the secret inventory_uri_secret_arn."
  value       = "${aws_memorydb_cluster.inventory.cluster_endpoint[0].address}:${local.inventory_port}"
}

output "inventory_uri_secret_arn" {
  description = "The Secrets Manager secret holding the order receiver's SALES_REDIS_URI (rediss://user:password@host:port)."
  value       = aws_secretsmanager_secret.inventory_uri.arn
}

output "sales_admin_token_secret_arn" {
  description = "The Secrets Manager secret holding SALES_ADMIN_TOKEN, the bearer secret of /admin/sales (reachable only inside the VPC)."
  value       = aws_secretsmanager_secret.sales_admin_token.arn
}
