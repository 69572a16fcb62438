# One image repository per service. deploy/build-and-push.sh builds both images and pushes them here; it reads
# the repository URLs from this module's outputs.

locals {
  # Untagged layers and old builds pile up with every push; keep the newest few.
  ecr_lifecycle_policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the 10 newest images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 10
      }
      action = {
        type = "expire"
      }
    }]
  })
}

resource "aws_ecr_repository" "order" {
  name                 = "${var.name}/order-receiver"
  # A tag names one build for good: what a task definition names is what every task of it runs, and a rollback
  # returns to exactly the earlier build. deploy/build-and-push.sh tags with the commit.
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_repository" "processor" {
  name                 = "${var.name}/order-processor"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "order" {
  repository = aws_ecr_repository.order.name
  policy     = local.ecr_lifecycle_policy
}

resource "aws_ecr_lifecycle_policy" "processor" {
  repository = aws_ecr_repository.processor.name
  policy     = local.ecr_lifecycle_policy
}
