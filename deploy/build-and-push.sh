#!/usr/bin/env bash
# Builds both service images and pushes them to the ECR repositories that terraform/ created.
#
#   deploy/build-and-push.sh [TAG]
#
# TAG defaults to the current commit (git rev-parse --short=12 HEAD). The repositories' tags are immutable: a tag
# names one build for good, so a commit is pushed once (a second push of it fails), and a build of uncommitted
# changes needs a TAG of its own. Afterwards set image_tag = "TAG" in terraform/terraform.tfvars and apply: ECS
# rolls both services onto the new images (and rolls back if they never get healthy).
#
# Needs Java 17 and Maven (to build the WARs), Docker with BuildKit (to build linux/amd64 images on any machine),
# the AWS CLI v2 with credentials from the default chain, and Terraform, which gives the repository URLs and
# the region from terraform/'s outputs. Without Terraform, set AWS_REGION, ORDER_REPOSITORY_URL and
# PROCESSOR_REPOSITORY_URL instead.
#
# Environment:
#   SKIP_MAVEN=1   use the WARs already in order-war/target and processor-war/target
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -ge 1 ]]; then
    tag="$1"
else
    if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then
        echo "Uncommitted changes: commit them, or name a tag for this build (deploy/build-and-push.sh TAG)" >&2
        exit 1
    fi
    tag="$(git rev-parse --short=12 HEAD)"
fi
if [[ "$tag" == latest ]]; then
    echo "latest names no build: pick a tag that names this one" >&2
    exit 1
fi

output() {
    terraform -chdir=terraform output -raw "$1"
}

region="${AWS_REGION:-$(output aws_region)}"
order_repository="${ORDER_REPOSITORY_URL:-$(output order_repository_url)}"
processor_repository="${PROCESSOR_REPOSITORY_URL:-$(output processor_repository_url)}"
registry="${order_repository%%/*}"

if [[ "${SKIP_MAVEN:-0}" != 1 ]]; then
    echo "Building the WARs"
    mvn -B -q package -DskipTests -pl order-war,processor-war -am
fi
for war in order-war/target/order-war.war processor-war/target/processor-war.war; do
    [[ -f "$war" ]] || { echo "Missing $war: run without SKIP_MAVEN=1" >&2; exit 1; }
done

echo "Logging in to $registry"
aws ecr get-login-password --region "$region" | docker login --username AWS --password-stdin "$registry"

# Fargate runs the tasks on X86_64 (terraform/ecs.tf), so build for it even on an ARM laptop.
build_and_push() {
    local dockerfile="$1" repository="$2"
    echo "Building $repository:$tag from $dockerfile"
    docker build --platform linux/amd64 -f "$dockerfile" -t "$repository:$tag" .
    docker push "$repository:$tag"
}

build_and_push deploy/order/Dockerfile "$order_repository"
build_and_push deploy/processor/Dockerfile "$processor_repository"

echo "Pushed $order_repository:$tag and $processor_repository:$tag"
echo "Now set image_tag = \"$tag\" in terraform/terraform.tfvars and run: terraform -chdir=terraform apply"
