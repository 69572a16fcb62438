# The flash-orders deployment on AWS. docs/deploy-aws.md walks through apply, image push, load test and teardown.
#
# Credentials come from the default AWS credential chain (environment, profile, SSO, instance role); none are
# stored here, and no account id is written anywhere: ARNs are built from data.aws_caller_identity.

terraform {
  required_version = ">= 1.5.0"

  # One exact version, not a range: no .terraform.lock.hcl can be made where this is built (no Terraform binary,
  # no access to the Terraform registry), so the pin stands in for it, and it is the version whose schema
  # terraform/test checks every block against (@cdktn/provider-aws in test/package.json is generated from it).
  # To move on: pin the provider package generated from the new version, set it here, run the tests, then
  # `terraform init -upgrade` and commit the .terraform.lock.hcl it writes.
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "= 6.66.0"
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
