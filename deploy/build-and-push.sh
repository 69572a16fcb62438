#!/usr/bin/env bash
# Builds both service images and pushes them to the ECR repositories that terraform/ created.
#
#   deploy/build-and-push.sh [TAG]
#
# TAG defaults to latest, the tag the ECS services run (terraform variable image_tag). With another tag, apply
# terraform with -var image_tag=TAG afterwards.
#
# Needs Java 17 and Maven (to build the WARs), Docker with BuildKit (to build linux/amd64 images on any machine),
# the AWS CLI v2 with credentials from the default chain, and Terraform, which gives the repository URLs and
# the region from terraform/'s outputs. Without Terraform, set AWS_REGION, ORDER_REPOSITORY_URL and
# PROCESSOR_REPOSITORY_URL instead.
#
# Environment:
#   SKIP_MAVEN=1   use the WARs already in order-war/target and processor-war/target
#   REDEPLOY=1     afterwards, make ECS replace the running tasks with the new images
set -euo pipefail
cd "$(dirname "$0")/.."

tag="${1:-latest}"

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

if [[ "${REDEPLOY:-0}" == 1 ]]; then
    cluster="$(output ecs_cluster_name)"
    for service in "$(output order_service_name)" "$(output processor_service_name)"; do
        echo "Redeploying $service"
        aws ecs update-service --region "$region" --cluster "$cluster" --service "$service" \
            --force-new-deployment >/dev/null
    done
fi

echo "Pushed $order_repository:$tag and $processor_repository:$tag"
