# The flash-orders deployment on AWS. docs/deploy-aws.md walks through apply, image push, load test and teardown.
#
# Credentials come from the default AWS credential chain (environment, profile, SSO, instance role); none are
# stored here, and no account id is written anywhere: ARNs are built from data.aws_caller_identity.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40, < 7.0"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge({
      Project   = var.name
      ManagedBy = "terraform"
    }, var.tags)
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}
