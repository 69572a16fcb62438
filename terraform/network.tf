# The network: one VPC over two availability zones. The load balancer sits in the public subnets; the ECS
# tasks sit in the private subnets with no public address and reach AWS APIs (ECR, SNS, SQS, CloudWatch Logs)
# through a NAT gateway (one, or one per zone with nat_gateway_per_az). S3, where ECR keeps image layers, and
# DynamoDB, which every order writes several times, are reached through free gateway endpoints, not the NAT.

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = var.name
  }
}

resource "aws_subnet" "public" {
  count = length(var.public_subnet_cidrs)

  vpc_id            = aws_vpc.main.id
  cidr_block        = var.public_subnet_cidrs[count.index]
  availability_zone = local.azs[count.index]

  tags = {
    Name = "${var.name}-public-${count.index + 1}"
    Tier = "public"
  }
}

resource "aws_subnet" "private" {
  count = length(var.private_subnet_cidrs)

  vpc_id            = aws_vpc.main.id
  cidr_block        = var.private_subnet_cidrs[count.index]
  availability_zone = local.azs[count.index]

  tags = {
    Name = "${var.name}-private-${count.index + 1}"
    Tier = "private"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id

  tags = {
    Name = var.name
  }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = {
    Name = "${var.name}-public"
  }
}

resource "aws_route_table_association" "public" {
  count = length(var.public_subnet_cidrs)

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# One NAT gateway keeps the cost down (about 1 USD a day plus traffic); if its zone fails, the tasks in the
# other zone lose their way out too. nat_gateway_per_az gives each zone its own; each private subnet has its own
# route table either way, pointing at its zone's gateway, or at the one.
locals {
  nat_gateways = var.nat_gateway_per_az ? length(var.private_subnet_cidrs) : 1
}

resource "aws_eip" "nat" {
  count = local.nat_gateways

  domain = "vpc"

  tags = {
    Name = "${var.name}-nat-${count.index + 1}"
  }
}

resource "aws_nat_gateway" "main" {
  count = local.nat_gateways

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id

  tags = {
    Name = "${var.name}-${count.index + 1}"
  }

  depends_on = [aws_internet_gateway.main]
}

resource "aws_route_table" "private" {
  count = length(var.private_subnet_cidrs)

  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main[min(count.index, local.nat_gateways - 1)].id
  }

  tags = {
    Name = "${var.name}-private-${count.index + 1}"
  }
}

resource "aws_route_table_association" "private" {
  count = length(var.private_subnet_cidrs)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# The one NAT gateway of earlier versions of this configuration becomes the first of the list, without a new one.
moved {
  from = aws_eip.nat
  to   = aws_eip.nat[0]
}

moved {
  from = aws_nat_gateway.main
  to   = aws_nat_gateway.main[0]
}

moved {
  from = aws_route_table.private
  to   = aws_route_table.private[0]
}

# Gateway endpoints cost nothing and keep this traffic off the NAT gateway (which charges per GB).
resource "aws_vpc_endpoint" "gateway" {
  for_each = toset(["s3", "dynamodb"])

  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${var.aws_region}.${each.key}"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = aws_route_table.private[*].id

  tags = {
    Name = "${var.name}-${each.key}"
  }
}

moved {
  from = aws_vpc_endpoint.s3
  to   = aws_vpc_endpoint.gateway["s3"]
}

# --- Security groups: the load balancer takes ports 80 and 443 from allowed_ingress_cidrs and talks only to the
# order receiver's port; the tasks take their HTTP port from the load balancer (the order receiver) and from inside
# the VPC (a metrics scraper or an operator reading /metrics, /openapi and /health), and nothing from outside. Tasks
# leave only on HTTPS (AWS APIs and ECR), through the NAT gateway or the gateway endpoints.
#
# A group's name and description cannot change in place: a change replaces the group. Named by prefix and created
# before the old one is destroyed, the new group takes over the load balancer and the services first, so the old
# one is free to go (a group still in use cannot be deleted).

resource "aws_security_group" "alb" {
  name_prefix = "${var.name}-alb-"
  description = "Load balancer: HTTP and HTTPS in from allowed_ingress_cidrs, out to the order receiver"
  vpc_id      = aws_vpc.main.id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = { for pair in setproduct(var.allowed_ingress_cidrs, local.https ? [80, 443] : [80]) : "${pair[0]}:${pair[1]}" => pair }

  security_group_id = aws_security_group.alb.id
  description       = "${each.value[1] == 443 ? "HTTPS" : "HTTP"} from ${each.value[0]}"
  cidr_ipv4         = each.value[0]
  ip_protocol       = "tcp"
  from_port         = each.value[1]
  to_port           = each.value[1]
}

resource "aws_vpc_security_group_egress_rule" "alb_to_order" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the order receiver HTTP port"
  referenced_security_group_id = aws_security_group.order.id
  ip_protocol                  = "tcp"
  from_port                    = local.http_port
  to_port                      = local.http_port
}

resource "aws_security_group" "order" {
  name_prefix = "${var.name}-order-receiver-"
  description = "Order receiver tasks: HTTP in from the load balancer and inside the VPC only, HTTPS out"
  vpc_id      = aws_vpc.main.id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "order_from_alb" {
  security_group_id            = aws_security_group.order.id
  description                  = "HTTP from the load balancer"
  referenced_security_group_id = aws_security_group.alb.id
  ip_protocol                  = "tcp"
  from_port                    = local.http_port
  to_port                      = local.http_port
}

# /metrics, /openapi and /health of both services, for whoever is inside the VPC and nobody else.
resource "aws_vpc_security_group_ingress_rule" "from_vpc" {
  for_each = {
    order     = aws_security_group.order.id
    processor = aws_security_group.processor.id
  }

  security_group_id = each.value
  description       = "HTTP from inside the VPC: metrics, OpenAPI, health"
  cidr_ipv4         = aws_vpc.main.cidr_block
  ip_protocol       = "tcp"
  from_port         = local.http_port
  to_port           = local.http_port
}

resource "aws_vpc_security_group_egress_rule" "order_https" {
  security_group_id = aws_security_group.order.id
  description       = "HTTPS to AWS APIs and ECR"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_security_group" "processor" {
  name_prefix = "${var.name}-order-processor-"
  description = "Order processor tasks: HTTP in from inside the VPC only, HTTPS out"
  vpc_id      = aws_vpc.main.id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "processor_https" {
  security_group_id = aws_security_group.processor.id
  description       = "HTTPS to AWS APIs and ECR"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}
