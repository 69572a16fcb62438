# Every knob of the deployment. The defaults reproduce the flash-sale assignment: the network below,
# 256 CPU / 512 MB tasks, one order-receiver task, one processor task with one worker and 3 s payments.
# terraform.tfvars.example shows the usual overrides.

# --- General ---------------------------------------------------------------------------------------------------

variable "aws_region" {
  description = "The region to deploy to."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Prefix of the names this deployment gives (cluster, load balancer, roles, log groups, alarms). The topic and queue names are fixed by the application and order-queues.json."
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
  description = "Who may reach the load balancer on port 80. Narrow it to your own address (x.x.x.x/32) when you can: the order API has no authentication."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.allowed_ingress_cidrs) > 0 && alltrue([for cidr in var.allowed_ingress_cidrs : can(cidrhost(cidr, 0))])
    error_message = "allowed_ingress_cidrs must be one or more CIDR blocks."
  }
}

# --- Images ----------------------------------------------------------------------------------------------------

variable "image_tag" {
  description = "The tag of both service images in their ECR repositories, as pushed by deploy/build-and-push.sh."
  type        = string
  default     = "latest"
}

variable "ecr_force_delete" {
  description = "Let terraform destroy delete the ECR repositories even when they still hold images."
  type        = bool
  default     = true
}

# --- Order receiver (the order API behind the load balancer) ----------------------------------------------------

variable "order_cpu" {
  description = "CPU units of one order-receiver task (1024 = 1 vCPU)."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.order_cpu)
    error_message = "order_cpu must be a Fargate size: 256, 512, 1024, 2048 or 4096."
  }
}

variable "order_memory" {
  description = "Memory of one order-receiver task, in MiB; it must suit order_cpu (256 CPU: 512-2048)."
  type        = number
  default     = 512

  validation {
    condition     = var.order_memory >= 512 && var.order_memory <= 30720
    error_message = "order_memory must be 512-30720 MiB."
  }
}

variable "order_desired_count" {
  description = "Order-receiver tasks. The assignment runs one."
  type        = number
  default     = 1

  validation {
    condition     = var.order_desired_count >= 1
    error_message = "order_desired_count must be at least 1."
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
  description = "The load balancer's health check on the order receiver. /health/live (the default) answers 200 while the server runs; /health and /health/ready also report DOWN (503) while SNS cannot be reached, which would make ECS replace every task during an SNS outage. See docs/deploy-aws.md."
  type        = string
  default     = "/health/live"

  validation {
    condition     = contains(["/health", "/health/live", "/health/ready"], var.order_health_check_path)
    error_message = "order_health_check_path must be one of the MicroProfile Health endpoints: /health, /health/live or /health/ready."
  }
}

# --- Order processor (the queue consumer) -----------------------------------------------------------------------

variable "processor_cpu" {
  description = "CPU units of one processor task (1024 = 1 vCPU)."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.processor_cpu)
    error_message = "processor_cpu must be a Fargate size: 256, 512, 1024, 2048 or 4096."
  }
}

variable "processor_memory" {
  description = "Memory of one processor task, in MiB; it must suit processor_cpu (256 CPU: 512-2048)."
  type        = number
  default     = 512

  validation {
    condition     = var.processor_memory >= 512 && var.processor_memory <= 30720
    error_message = "processor_memory must be 512-30720 MiB."
  }
}

variable "processor_workers" {
  description = "Payments one processor task runs at once (PROCESSOR_WORKERS). The assignment starts at 1 and tries 5, 20 and 100."
  type        = number
  default     = 1

  validation {
    condition     = var.processor_workers >= 1 && var.processor_workers <= 1000
    error_message = "processor_workers must be 1-1000."
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
  description = "Fewest processor tasks autoscaling keeps. Set processor_min_tasks = processor_max_tasks = 1 to measure one task's worker pool, as the assignment does."
  type        = number
  default     = 1

  validation {
    condition     = var.processor_min_tasks >= 1
    error_message = "processor_min_tasks must be at least 1: the backlog-per-task metric divides by the running tasks."
  }
}

variable "processor_max_tasks" {
  description = "Most processor tasks autoscaling starts."
  type        = number
  default     = 4
}

variable "processor_max_backlog_wait_seconds" {
  description = "How long an order may wait on the queue before it is paid, for autoscaling: the backlog-per-task target is workers x this / payment latency (20 messages with the defaults)."
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
  description = "The 5xx alarm fires when more than this share of the load balancer's requests fail with a 5xx. The sync endpoint's 503 payment_busy counts, by design: a flash sale on /orders/sync fires it."
  type        = number
  default     = 5
}
