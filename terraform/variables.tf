# Every knob of the deployment. The defaults pay a flash sale of 60 orders a second with 3 s payments, as ADR 0005
# sizes it: two processor tasks of up to 100 workers each (auto mode under that ceiling), two order-receiver tasks
# in two availability zones, both scaling out within a minute or two of a surge, and earlier for a planned sale.
# terraform.tfvars.example shows the usual overrides; set them there, not with -var, so that the next apply keeps them.

# --- General ---------------------------------------------------------------------------------------------------

variable "aws_region" {
  description = "The region to deploy to."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "The deployment's name: the prefix of every name it gives (cluster, load balancer, roles, log groups, alarms, and the topic, queues and table, whose names from order-queues.json and order-table.json follow it), so that several deployments can share an account and region."
  type        = string
  default     = "flash-orders"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,19}$", var.name))
    error_message = "name must be 2-20 lower-case letters, digits or '-', starting with a letter (it ends up in load balancer names, which allow 32 characters)."
  }
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

variable "existing_iam_role_name" {
  description = "Name of an existing IAM role to use for every task, the task execution and the Lambda, for accounts that cannot create roles (such as AWS Academy learner labs, where it is LabRole). Null: create one least-privilege role per service."
  type        = string
  default     = null
}

# --- Network ---------------------------------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "The VPC's address range."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be a CIDR block such as 10.0.0.0/16."
  }
}

variable "public_subnet_cidrs" {
  description = "The two public subnets, one per availability zone: the load balancer and the NAT gateway live here."
  type        = list(string)
  default     = ["10.0.1.0/24", "10.0.2.0/24"]

  validation {
    condition     = length(var.public_subnet_cidrs) == 2 && alltrue([for cidr in var.public_subnet_cidrs : can(cidrhost(cidr, 0))])
    error_message = "public_subnet_cidrs must be two CIDR blocks."
  }
}

variable "private_subnet_cidrs" {
  description = "The two private subnets, one per availability zone: the ECS tasks (and nothing else) live here."
  type        = list(string)
  default     = ["10.0.10.0/24", "10.0.11.0/24"]

  validation {
    condition     = length(var.private_subnet_cidrs) == 2 && alltrue([for cidr in var.private_subnet_cidrs : can(cidrhost(cidr, 0))])
    error_message = "private_subnet_cidrs must be two CIDR blocks."
  }
}

variable "allowed_ingress_cidrs" {
  description = "Who may reach the load balancer (ports 80 and, with a certificate, 443). A public sale needs everyone; narrow it to your own address (x.x.x.x/32) for a test deployment: the order API has no authentication. Only the order API's paths are forwarded either way."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.allowed_ingress_cidrs) > 0 && alltrue([for cidr in var.allowed_ingress_cidrs : can(cidrhost(cidr, 0))])
    error_message = "allowed_ingress_cidrs must be one or more CIDR blocks."
  }
}

variable "certificate_arn" {
  description = "ARN of an ACM certificate for the load balancer's HTTPS listener (in the deployment's region, for the name your customers use). Set: HTTPS on 443 serves the API and port 80 redirects to it. Null: the API is served on plain HTTP port 80 (test deployments only)."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:[a-z-]+:acm:[a-z0-9-]+:[0-9]+:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "ssl_policy" {
  description = "The HTTPS listener's TLS policy: TLS 1.3 and 1.2 only."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "enable_waf" {
  description = "Put an AWS WAF web ACL in front of the load balancer with per-IP rate limits (the edge layer of the flash-sale design: waf_writes_per_ip_per_minute on POST, waf_requests_per_ip_per_minute on everything). A blocked client gets 429 with Retry-After. About 5 USD a month plus 0.60 USD per million requests."
  type        = bool
  default     = false
}

variable "waf_writes_per_ip_per_minute" {
  description = "Orders (POST requests) one IP address may send a minute before WAF answers 429: 100 a minute is the design's per-IP write limit."
  type        = number
  default     = 100

  validation {
    condition     = var.waf_writes_per_ip_per_minute >= 10
    error_message = "waf_writes_per_ip_per_minute must be at least 10 (WAF's smallest rate limit)."
  }
}

variable "waf_requests_per_ip_per_minute" {
  description = "Requests of any kind (status reads included) one IP address may send a minute before WAF answers 429: 1,000 a minute is the design's per-IP read limit."
  type        = number
  default     = 1000

  validation {
    condition     = var.waf_requests_per_ip_per_minute >= 10
    error_message = "waf_requests_per_ip_per_minute must be at least 10 (WAF's smallest rate limit)."
  }
}

variable "nat_gateway_per_az" {
  description = "One NAT gateway in each availability zone instead of one for both. With one, a failure of its zone cuts the other zone's tasks off SNS, SQS and ECR too, and the sale stops; two cost about 1 USD a day more. Turn on for a sale."
  type        = bool
  default     = false
}

# --- Images ----------------------------------------------------------------------------------------------------

variable "image_tag" {
  description = "The tag of both service images, as deploy/build-and-push.sh prints it (the commit, by default). The repositories' tags are immutable, so a tag names one build for good; null until the first push (the services need it, the repositories do not)."
  type        = string
  default     = null

  validation {
    condition     = var.image_tag == null || (try(var.image_tag != "latest", false) && can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)))
    error_message = "image_tag must be a Docker tag naming one build (such as the commit deploy/build-and-push.sh prints), not latest."
  }
}

# --- Order table -----------------------------------------------------------------------------------------------

variable "table_deletion_protection" {
  description = "DynamoDB refuses to delete the order table (terraform destroy included) while this is true. Set it false and apply only to tear a deployment down on purpose."
  type        = bool
  default     = true
}

# --- Order receiver (the order API behind the load balancer) ----------------------------------------------------

variable "order_cpu" {
  description = "CPU units of one order-receiver task (1024 = 1 vCPU). 512: Liberty starts in about a minute, which matters when the service scales out during a sale."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.order_cpu)
    error_message = "order_cpu must be a Fargate size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "order_memory" {
  description = "Memory of one order-receiver task, in MiB; it must be a Fargate size for order_cpu (512 CPU: 1024-4096 in 1024 steps)."
  type        = number
  default     = 1024

  validation {
    condition     = var.order_memory >= 512 && var.order_memory <= 30720
    error_message = "order_memory must be 512-30720 MiB."
  }
}

variable "order_min_tasks" {
  description = "Fewest order-receiver tasks autoscaling keeps: 2, one per availability zone, so that one zone failing does not stop the sale."
  type        = number
  default     = 2

  validation {
    condition     = var.order_min_tasks >= 1
    error_message = "order_min_tasks must be at least 1."
  }
}

variable "order_max_tasks" {
  description = "Most order-receiver tasks autoscaling starts."
  type        = number
  default     = 8
}

variable "order_requests_per_task_per_minute" {
  description = "Requests a minute per order-receiver task that autoscaling aims at (ALBRequestCountPerTarget): 3,000 (50 a second) leaves a 512-CPU task room for a surge while new tasks start."
  type        = number
  default     = 3000

  validation {
    condition     = var.order_requests_per_task_per_minute > 0
    error_message = "order_requests_per_task_per_minute must be positive."
  }
}

variable "orders_async_max_in_flight" {
  description = "POST /orders/async requests one order task runs at once (ORDERS_ADMISSION_ASYNC_MAX_IN_FLIGHT); one more gets 503 overloaded. Little's law: the task's order rate times one order's time in AWS (a batched DynamoDB write and an SNS publish, tens of ms). 64 lets a 0.5-vCPU task use its CPU (about 1,800 orders/s at 0.28 ms each) at 35 ms per order; the local default is 32 (ADR 0011)."
  type        = number
  default     = 64

  validation {
    condition     = var.orders_async_max_in_flight >= 1
    error_message = "orders_async_max_in_flight must be at least 1."
  }
}

variable "orders_sync_permits" {
  description = "Payments the sync endpoint runs at once (ORDERS_SYNC_PERMITS); its throughput cap is permits / payment latency."
  type        = number
  default     = 5

  validation {
    condition     = var.orders_sync_permits >= 1
    error_message = "orders_sync_permits must be at least 1."
  }
}

variable "order_health_check_path" {
  description = "The load balancer's health check on the order receiver. /health/ready (the default) is DOWN while the task cannot publish to its topic or reach its table, so a task with a wrong role, topic or table never takes traffic and a deployment of one rolls back; the check tolerates order_health_check_grace_seconds of failures first, so a short outage does not make ECS replace the tasks. /health/live only asks whether the server runs. See docs/deploy-aws.md."
  type        = string
  default     = "/health/ready"

  validation {
    condition     = contains(["/health", "/health/live", "/health/ready"], var.order_health_check_path)
    error_message = "order_health_check_path must be one of the MicroProfile Health endpoints: /health, /health/live or /health/ready."
  }
}

variable "order_health_check_grace_seconds" {
  description = "How long the order receiver's health check may fail before the load balancer calls the task unhealthy (and ECS replaces it): a dependency outage shorter than this changes nothing. The check runs every 20 s, so this is rounded to a multiple of 20 between 40 and 200."
  type        = number
  default     = 120

  validation {
    condition     = var.order_health_check_grace_seconds >= 40 && var.order_health_check_grace_seconds <= 200
    error_message = "order_health_check_grace_seconds must be 40-200 (2 to 10 checks 20 s apart)."
  }
}

# --- Order processor (the queue consumer) -----------------------------------------------------------------------

variable "processor_cpu" {
  description = "CPU units of one processor task (1024 = 1 vCPU). 512: 100 workers pay 33 orders a second, about 0.25 vCPU at the 7.3 ms of CPU per payment ADR 0005 cites, which leaves half the task for the rest."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.processor_cpu)
    error_message = "processor_cpu must be a Fargate size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "processor_memory" {
  description = "Memory of one processor task, in MiB; it must be a Fargate size for processor_cpu (512 CPU: 1024-4096 in 1024 steps). 1,000 workers used 276 MB of heap in the benchmark, so 1024 holds 100 with room."
  type        = number
  default     = 1024

  validation {
    condition     = var.processor_memory >= 512 && var.processor_memory <= 30720
    error_message = "processor_memory must be 512-30720 MiB."
  }
}

variable "processor_workers" {
  description = "Payments one processor task runs at once (PROCESSOR_WORKERS): the pool's ceiling in auto mode, its size in fixed mode. 100: ADR 0005 sizes a sale of 60 orders a second at 3 s payments at 200 workers (60 x 3 s + 10 %), spread over at least two tasks (processor_min_tasks). Agree the total with the payment provider."
  type        = number
  default     = 100

  validation {
    condition     = var.processor_workers >= 1 && var.processor_workers <= 1000
    error_message = "processor_workers must be 1-1000."
  }
}

variable "processor_workers_mode" {
  description = "PROCESSOR_WORKERS_MODE: auto (the default) sizes each task's pool every second from the arrival rate, the backlog and the payment time, between processor_workers_min and processor_workers, so that quiet hours hold few workers; fixed runs processor_workers at all times (use it when the payment provider's concurrency must not vary, or to measure a pool)."
  type        = string
  default     = "auto"

  validation {
    condition     = contains(["auto", "fixed"], var.processor_workers_mode)
    error_message = "processor_workers_mode must be auto or fixed."
  }
}

variable "processor_workers_min" {
  description = "PROCESSOR_WORKERS_MIN: auto mode's floor and starting size per task."
  type        = number
  default     = 5

  validation {
    condition     = var.processor_workers_min >= 1
    error_message = "processor_workers_min must be at least 1."
  }
}

variable "payment_latency_ms" {
  description = "How long one payment takes (PAYMENT_LATENCY_MS), in the order receiver's sync endpoint, the processor and the Lambda."
  type        = number
  default     = 3000

  validation {
    condition     = var.payment_latency_ms >= 0
    error_message = "payment_latency_ms must not be negative."
  }
}

variable "processor_min_tasks" {
  description = "Fewest processor tasks autoscaling keeps: 2, so that the default 2 x 100 workers pay 60 orders a second and a task that dies halves the rate instead of stopping it (ADR 0005). Set processor_min_tasks = processor_max_tasks = 1 (and processor_workers_mode = fixed) to measure one task's worker pool."
  type        = number
  default     = 2

  validation {
    condition     = var.processor_min_tasks >= 1
    error_message = "processor_min_tasks must be at least 1: the backlog-per-task metric divides by the running tasks."
  }
}

variable "processor_max_tasks" {
  description = "Most processor tasks autoscaling starts, for a surge nobody announced: 10 x 100 workers pay 330 orders a second. The payment provider must accept that many payments at once."
  type        = number
  default     = 10
}

variable "processor_max_backlog_wait_seconds" {
  description = "How long an order may wait on the queue before it is paid, for autoscaling: the backlog-per-task target is workers x this / payment latency (2,000 messages with the defaults); the step-scaling alarms (autoscaling.tf) also fire on the oldest order passing half of it."
  type        = number
  default     = 60

  validation {
    condition     = var.processor_max_backlog_wait_seconds > 0
    error_message = "processor_max_backlog_wait_seconds must be positive."
  }
}

variable "processor_backlog_per_task_target" {
  description = "Visible messages per running processor task that autoscaling aims at. Null: derived from processor_max_backlog_wait_seconds."
  type        = number
  default     = null
}

# --- A planned sale ---------------------------------------------------------------------------------------------

variable "sale_starts_at" {
  description = "When a planned sale starts, as an RFC 3339 time in UTC (2026-12-24T18:00:00Z). Set: both services are scaled up sale_prescale_minutes before it (autoscaling reacts in minutes, a sale is over in one) and back to their everyday minimum sale_duration_minutes after it starts. Null: no planned sale."
  type        = string
  default     = null

  validation {
    condition     = var.sale_starts_at == null || can(regex("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$", var.sale_starts_at))
    error_message = "sale_starts_at must be an RFC 3339 time in UTC, such as 2026-12-24T18:00:00Z."
  }
}

variable "sale_prescale_minutes" {
  description = "How long before sale_starts_at the services are scaled up: 30 minutes, as the flash-sale design does, leaves time for tasks to start and for a failed start to be noticed."
  type        = number
  default     = 30
}

variable "sale_duration_minutes" {
  description = "How long after sale_starts_at the sale's minimum task counts hold, backlog included; then autoscaling may scale in again."
  type        = number
  default     = 60
}

variable "sale_processor_tasks" {
  description = "Processor tasks running from the pre-scale on: with processor_workers each, their total workers should be the sale's peak orders a second x payment time x 1.1 (ADR 0005)."
  type        = number
  default     = 2
}

variable "sale_order_tasks" {
  description = "Order-receiver tasks running from the pre-scale on."
  type        = number
  default     = 4
}

# --- Serverless path -------------------------------------------------------------------------------------------

variable "enable_lambda" {
  description = "Turn the serverless path on: a Lambda subscribed to the order topic, with an on-failure destination queue. Needs lambda_jar_path and lambda_handler. While both paths are on, every order reaches the queue and the Lambda (the side-by-side comparison); set subscribe_order_queue = false for the Lambda alone."
  type        = bool
  default     = false
}

variable "subscribe_order_queue" {
  description = "Subscribe the order queue to the topic (the ECS path). Turn off only for a Lambda-only run."
  type        = bool
  default     = true
}

variable "lambda_jar_path" {
  description = "Path of the Lambda's shaded jar (built by the lambda module), relative to the directory terraform runs in. Only read when enable_lambda is true."
  type        = string
  default     = null

  validation {
    condition     = var.lambda_jar_path == null || can(regex("\\.(jar|zip)$", var.lambda_jar_path))
    error_message = "lambda_jar_path must name a .jar or .zip file."
  }
}

variable "lambda_handler" {
  description = "The Lambda's handler, Class::method, as the lambda module defines it. Only read when enable_lambda is true."
  type        = string
  default     = null
}

variable "lambda_runtime" {
  description = "The Lambda's Java runtime."
  type        = string
  default     = "java17"

  validation {
    condition     = contains(["java17", "java21"], var.lambda_runtime)
    error_message = "lambda_runtime must be java17 or java21."
  }
}

variable "lambda_memory_mb" {
  description = "The Lambda's memory (the assignment uses 512 MB)."
  type        = number
  default     = 512
}

variable "lambda_timeout_seconds" {
  description = "How long one Lambda invocation may run; it must exceed the payment latency."
  type        = number
  default     = 15
}

variable "lambda_reserved_concurrency" {
  description = "Cap on concurrent Lambda executions, so that a load test cannot use the whole account's concurrency. Null: no reservation (new accounts often have too little concurrency to reserve any)."
  type        = number
  default     = null
}

# --- Monitoring ------------------------------------------------------------------------------------------------

variable "log_retention_days" {
  description = "How long CloudWatch keeps the services' and the Lambda's logs."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180 or 365."
  }
}

variable "alarm_actions" {
  description = "ARNs notified when an alarm fires or clears, such as an SNS topic with your e-mail subscribed. Empty: the alarms only show in the console."
  type        = list(string)
  default     = []
}

variable "max_message_age_seconds" {
  description = "The oldest-message alarm fires when an order has waited on the queue longer than this."
  type        = number
  default     = 300
}

variable "alb_5xx_rate_threshold_percent" {
  description = "The 5xx alarm fires when more than this share of the order API's requests fail with a 5xx, from the service or the load balancer. /orders/sync has a target group of its own and is left out, so that its designed 503 payment_busy during a sync sale does not fire it; 503 queue_unavailable on /orders/async does, since orders cannot be published then."
  type        = number
  default     = 1
}

variable "latency_p99_threshold_seconds" {
  description = "The latency alarm fires when the p99 response time of the order API (without /orders/sync, which waits for a payment by design) exceeds this for two minutes."
  type        = number
  default     = 1
}

# --- The sale's inventory store (inventory.tf) -------------------------------------------------------------------

variable "inventory_node_type" {
  description = "The MemoryDB node type of the inventory store. A sale's decisions run on one core of its primary (docs/benchmark/sale.md measures the CPU per decision), so a burstable db.t4g type can run out of CPU credits in the middle of a sale."
  type        = string
  default     = "db.r7g.large"
}

variable "inventory_replicas" {
  description = "Replicas of the inventory store's one shard, in other availability zones. At least 1: MemoryDB fails over to a replica, and its transaction log keeps every reservation it acknowledged."
  type        = number
  default     = 1

  validation {
    condition     = var.inventory_replicas >= 1 && var.inventory_replicas <= 5
    error_message = "inventory_replicas must be 1 to 5."
  }
}

variable "inventory_engine" {
  description = "The inventory store's engine, valkey or redis: the scripts run on both."
  type        = string
  default     = "valkey"

  validation {
    condition     = contains(["valkey", "redis"], var.inventory_engine)
    error_message = "inventory_engine must be valkey or redis."
  }
}

variable "inventory_engine_version" {
  description = "The engine version of the inventory store (MemoryDB's versions of inventory_engine)."
  type        = string
  default     = "7.3"
}

variable "inventory_snapshot_retention_days" {
  description = "How many daily snapshots of the inventory store MemoryDB keeps (1 to 35); one more is taken when the cluster is deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.inventory_snapshot_retention_days >= 1 && var.inventory_snapshot_retention_days <= 35
    error_message = "inventory_snapshot_retention_days must be 1 to 35."
  }
}

variable "inventory_cpu_alarm_percent" {
  description = "The inventory store's CPU alarm fires when the engine's CPU on a node (the one thread that runs the scripts) stays above this for 3 minutes."
  type        = number
  default     = 80
}

variable "inventory_memory_alarm_percent" {
  description = "The inventory store's memory alarm fires when a node's data memory use stays above this for 3 minutes (every reservation and refusal adds an audit entry)."
  type        = number
  default     = 75
}
