// Static checks of the AWS deployment. No Terraform binary or AWS account is reachable where the tests run, so
// this parses every .tf file with a real HCL2 parser (a syntax error fails the run), checks every block against the
// AWS provider's schema (schema-check.mjs; the mistakes it must catch are fixtures/schema-mistakes/), and asserts
// the settings that matter: the network, the edge (HTTPS, only the API's paths, WAF), the task sizes, the queue
// settings (which must come from order-queues.json, the file the local queue server reads), raw delivery, the
// health check, the scaling, the alarms, the dashboard, least-privilege IAM, encryption, the serverless switch, the
// images, the sale's inventory store (MemoryDB: TLS, private, its ACL user checked against the commands the code
// sends; fixtures/inventory-acl-mistakes/ are what that check must catch) and the absence of secrets.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  REPO_ROOT, TERRAFORM_DIR, cidrRange, expr, loadConfig, loadTexts, parseHcl, readRepoFile, references, statements, strings, tfFiles,
} from './terraform-config.mjs';
import { PROVIDER_PACKAGE, PROVIDER_VERSION, typeSchema } from './provider-schema.mjs';
import { FARGATE_MEMORY_MIB, checkConfig } from './schema-check.mjs';

const QUEUE_FILE = 'local-services/src/main/resources/order-queues.json';
const TABLE_FILE = 'local-services/src/main/resources/order-table.json';

let tf;
before(async () => {
  try {
    tf = await loadConfig();
  } catch (error) {
    // A file that does not parse fails every check that reads the configuration (and its own test below),
    // rather than cancelling the run.
    tf = new Proxy({}, { get() { throw error; } });
  }
});

function resource(type, name) {
  const found = tf.resources[type]?.[name];
  assert.ok(found, `resource ${type}.${name} is declared`);
  return found.body;
}

function data(type, name) {
  const found = tf.data[type]?.[name];
  assert.ok(found, `data ${type}.${name} is declared`);
  return found.body;
}

function local(name) {
  assert.ok(name in tf.locals, `local ${name} is declared`);
  return tf.locals[name].value;
}

function variableDefault(name) {
  assert.ok(tf.variables[name], `variable ${name} is declared`);
  return tf.variables[name].body.default;
}

/** Asserts that a value is exactly the expression given (whitespace-insensitive). */
function assertExpr(value, expected, message) {
  assert.equal(expr(value)?.replace(/\s+/g, ' '), expected, `${message}: got ${JSON.stringify(value)}`);
}

function environment(list) {
  return Object.fromEntries(list.map((entry) => [entry.name, entry.value]));
}

function allResources() {
  return Object.entries(tf.resources).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, found]) => ({ type, name, ...found })));
}

// --- Syntax ----------------------------------------------------------------------------------------------------

describe('HCL syntax', () => {
  const files = tfFiles();

  test('the configuration is split into the expected files', () => {
    for (const file of ['versions.tf', 'variables.tf', 'network.tf', 'alb.tf', 'ecs.tf', 'ecr.tf', 'messaging.tf',
      'dynamodb.tf', 'iam.tf', 'autoscaling.tf', 'monitoring.tf', 'lambda.tf', 'outputs.tf', 'inventory.tf']) {
      assert.ok(files.includes(file), `terraform/${file} exists`);
    }
  });

  for (const file of files) {
    test(`${file} parses as HCL2`, async () => {
      const text = fs.readFileSync(path.join(TERRAFORM_DIR, file), 'utf8');
      const parsed = await parseHcl(file, text);
      assert.ok(Object.keys(parsed).length > 0, `${file} declares something`);
    });
  }

  test('the parser rejects a file with a syntax error, so the checks above can fail', async () => {
    const text = fs.readFileSync(path.join(TERRAFORM_DIR, 'alb.tf'), 'utf8');
    const withoutLastBrace = text.slice(0, text.lastIndexOf('}'));
    await assert.rejects(parseHcl('alb.tf', withoutLastBrace), /alb\.tf/);
    await assert.rejects(parseHcl('broken.tf', 'resource "aws_sqs_queue" "x" {\n  name = "${var.name"\n}\n'));
    await assert.rejects(parseHcl('broken.tf', 'locals {\n  a = [1, 2\n}\n'));
  });
});

// --- Schema ----------------------------------------------------------------------------------------------------

describe('schema check', () => {
  const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'schema-mistakes');

  function fixture(file) {
    const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    const header = Object.fromEntries([...text.matchAll(/^# (mistake|correct|reported): (.*)$/gm)].map((m) => [m[1], m[2]]));
    return { text, ...header };
  }

  test('every resource and data block matches the AWS provider schema that versions.tf pins', () => {
    assert.deepEqual(checkConfig(tf), []);
  });

  test('versions.tf pins exactly the provider version the schema package was generated from', () => {
    const aws = tf.terraform.flatMap((block) => block.required_providers ?? []).map((providers) => providers.aws).find(Boolean);
    assert.equal(aws.source, 'hashicorp/aws');
    assert.equal(aws.version, `= ${PROVIDER_VERSION}`);
    assert.equal(PROVIDER_PACKAGE.cdktn.provider.name, 'registry.terraform.io/hashicorp/aws');
    const pinned = JSON.parse(fs.readFileSync(path.join(TERRAFORM_DIR, 'test', 'package.json'), 'utf8')).dependencies['@cdktn/provider-aws'];
    assert.equal(pinned, PROVIDER_PACKAGE.version, 'the schema package is pinned to one exact release');
  });

  test('the schema knows what this configuration leans on', () => {
    assert.ok(typeSchema('resource', 'aws_lb').arguments.has('drop_invalid_header_fields'));
    assert.ok(typeSchema('resource', 'aws_appautoscaling_policy').blocks.get('step_scaling_policy_configuration').schema.blocks.has('step_adjustment'));
    assert.ok(typeSchema('resource', 'aws_sns_topic').attributes.has('arn'), 'computed attributes count for references');
    assert.equal(typeSchema('resource', 'aws_no_such_thing'), null);
  });

  const files = fs.readdirSync(FIXTURES).filter((file) => file.endsWith('.tf')).sort();

  test('the misspellings of issue 20 are all kept as fixtures', () => {
    const mistakes = files.map((file) => fixture(file).mistake);
    for (const expected of ['drop_invalid_header_feilds', 'bogus_argument = 42', 'scale_out_cool_down', 'enable_dns_hostname = "yes please"',
      'aws_sns_topic.orders.topic_name', 'treat_missing_data  = "sometimes"', 'stopTimeout = 600']) {
      assert.ok(mistakes.some((mistake) => mistake.includes(expected)), `a fixture holds ${expected}`);
    }
  });

  for (const file of files) {
    test(`${file}: the check reports the mistake, and passes once it is corrected`, async () => {
      const { text, mistake, correct, reported } = fixture(file);
      assert.ok(mistake && correct !== undefined && reported, `${file} has a mistake, correct and reported header`);
      const body = text.replace(/^# (mistake|correct|reported): .*\n/gm, '');
      assert.ok(body.includes(mistake), `${file} holds its mistake`);
      const errors = checkConfig(await loadTexts({ [file]: body }));
      assert.ok(errors.length > 0 && errors.every((error) => error.includes(reported)), `reported ${reported}: ${JSON.stringify(errors)}`);
      assert.deepEqual(checkConfig(await loadTexts({ [file]: body.replace(mistake, correct) })), []);
    });
  }

  test('the Fargate sizes are checked exactly, in 1 GiB steps', () => {
    assert.deepEqual(FARGATE_MEMORY_MIB[256], [512, 1024, 2048]);
    assert.ok(FARGATE_MEMORY_MIB[1024].includes(3072) && !FARGATE_MEMORY_MIB[1024].includes(2500));
    // The plan-time precondition in ecs.tf uses the same table.
    const table = local('fargate_memory_mib');
    for (const [cpu, memories] of Object.entries(FARGATE_MEMORY_MIB)) {
      const range = /^range\((\d+), (\d+), (\d+)\)$/.exec(expr(table[cpu]) ?? '');
      const values = Array.isArray(table[cpu]) ? table[cpu] : range && Array.from(
        { length: Math.ceil((range[2] - range[1]) / range[3]) }, (_, i) => Number(range[1]) + i * Number(range[3]));
      assert.deepEqual(values, memories, `ecs.tf allows ${cpu} CPU the memory AWS allows`);
    }
  });
});

// --- References ------------------------------------------------------------------------------------------------

describe('references', () => {
  function everyReference() {
    const refs = [];
    for (const { type, name, body, file } of allResources()) {
      for (const [where, text] of strings(body)) {
        refs.push(...references(text).map((ref) => ({ ...ref, at: `${file}: ${type}.${name}.${where}` })));
      }
    }
    for (const [type, byName] of Object.entries(tf.data)) {
      for (const [name, { body, file }] of Object.entries(byName)) {
        for (const [where, text] of strings(body)) {
          refs.push(...references(text).map((ref) => ({ ...ref, at: `${file}: data.${type}.${name}.${where}` })));
        }
      }
    }
    for (const [kind, blocks] of [['variable', tf.variables], ['output', tf.outputs], ['provider', tf.providers]]) {
      for (const [name, { body, file }] of Object.entries(blocks)) {
        for (const [where, text] of strings(body)) {
          refs.push(...references(text).map((ref) => ({ ...ref, at: `${file}: ${kind}.${name}.${where}` })));
        }
      }
    }
    for (const [name, { value, file }] of Object.entries(tf.locals)) {
      for (const [where, text] of strings(value)) {
        refs.push(...references(text).map((ref) => ({ ...ref, at: `${file}: local.${name}${where ? '.' + where : ''}` })));
      }
    }
    return refs;
  }

  test('every var., local., data. and resource reference names something declared', () => {
    const missing = everyReference().filter((ref) => {
      switch (ref.kind) {
        case 'var': return !tf.variables[ref.name];
        case 'local': return !(ref.name in tf.locals);
        case 'data': return !tf.data[ref.type]?.[ref.name];
        default: return !tf.resources[ref.type]?.[ref.name];
      }
    });
    assert.deepEqual(missing.map((ref) => `${ref.text} (${ref.at})`), []);
  });

  test('resources and data sources with count or for_each are indexed, the others are not', () => {
    const wrong = everyReference().filter((ref) => ref.kind === 'resource' || ref.kind === 'data').filter((ref) => {
      const found = ref.kind === 'data' ? tf.data[ref.type]?.[ref.name] : tf.resources[ref.type]?.[ref.name];
      if (!found) return false;
      const repeated = 'count' in found.body || 'for_each' in found.body;
      return repeated ? ref.next === '.' : ref.next === '[';
    });
    assert.deepEqual(wrong.map((ref) => `${ref.text}${ref.next} (${ref.at})`), []);
  });

  test('every variable, local and data source is used', () => {
    const refs = everyReference();
    const used = (kind, name, type) => refs.some((ref) => ref.kind === kind && ref.name === name && (type === undefined || ref.type === type));
    const unused = [
      ...Object.keys(tf.variables).filter((name) => !used('var', name)).map((name) => `var.${name}`),
      ...Object.keys(tf.locals).filter((name) => !used('local', name)).map((name) => `local.${name}`),
      ...Object.entries(tf.data).flatMap(([type, byName]) => Object.keys(byName)
        .filter((name) => !used('data', name, type)).map((name) => `data.${type}.${name}`)),
    ];
    assert.deepEqual(unused, []);
  });

  test('every variable has a type and a description', () => {
    for (const [name, { body }] of Object.entries(tf.variables)) {
      assert.ok(body.type, `variable ${name} has a type`);
      assert.ok(body.description?.length > 10, `variable ${name} has a description`);
    }
  });
});

// --- Network ---------------------------------------------------------------------------------------------------

describe('network', () => {
  test('the VPC and subnets have the assignment address ranges', () => {
    assert.equal(variableDefault('vpc_cidr'), '10.0.0.0/16');
    assert.deepEqual(variableDefault('public_subnet_cidrs'), ['10.0.1.0/24', '10.0.2.0/24']);
    assert.deepEqual(variableDefault('private_subnet_cidrs'), ['10.0.10.0/24', '10.0.11.0/24']);
  });

  test('the VPC and subnets take those ranges, one subnet per availability zone', () => {
    assertExpr(resource('aws_vpc', 'main').cidr_block, 'var.vpc_cidr', 'VPC cidr_block');
    for (const tier of ['public', 'private']) {
      const subnet = resource('aws_subnet', tier);
      assertExpr(subnet.count, `length(var.${tier}_subnet_cidrs)`, `${tier} subnet count`);
      assertExpr(subnet.cidr_block, `var.${tier}_subnet_cidrs[count.index]`, `${tier} subnet cidr_block`);
      assertExpr(subnet.availability_zone, 'local.azs[count.index]', `${tier} subnet availability_zone`);
    }
    assertExpr(local('azs'), 'slice(data.aws_availability_zones.available.names, 0, 2)', 'two zones');
  });

  test('the subnets lie inside the VPC and do not overlap', () => {
    const [vpcFirst, vpcLast] = cidrRange(variableDefault('vpc_cidr'));
    const subnets = [...variableDefault('public_subnet_cidrs'), ...variableDefault('private_subnet_cidrs')].map(cidrRange);
    for (const [first, last] of subnets) {
      assert.ok(first >= vpcFirst && last <= vpcLast, 'subnet inside the VPC');
    }
    for (let i = 0; i < subnets.length; i++) {
      for (let j = i + 1; j < subnets.length; j++) {
        assert.ok(subnets[i][1] < subnets[j][0] || subnets[j][1] < subnets[i][0], 'subnets do not overlap');
      }
    }
  });

  test('the load balancer sits in the public subnets and the tasks in the private ones, without public addresses', () => {
    assertExpr(resource('aws_lb', 'order').subnets, 'aws_subnet.public[*].id', 'load balancer subnets');
    assert.equal(resource('aws_lb', 'order').internal, false);
    for (const name of ['order', 'processor']) {
      const network = resource('aws_ecs_service', name).network_configuration[0];
      assertExpr(network.subnets, 'aws_subnet.private[*].id', `${name} service subnets`);
      assert.equal(network.assign_public_ip, false, `${name} tasks get no public address`);
    }
    assertExpr(resource('aws_nat_gateway', 'main').subnet_id, 'aws_subnet.public[count.index].id', 'NAT gateways in the public subnets');
    assertExpr(resource('aws_route_table', 'private').route[0].nat_gateway_id, 'aws_nat_gateway.main[min(count.index, local.nat_gateways - 1)].id',
      'each private subnet routes via its zone\'s NAT gateway, or the one');
  });

  test('one NAT gateway by default, one per zone as an option', () => {
    assertExpr(local('nat_gateways'), 'var.nat_gateway_per_az ? length(var.private_subnet_cidrs) : 1', 'NAT gateway count');
    assertExpr(resource('aws_nat_gateway', 'main').count, 'local.nat_gateways', 'NAT gateways');
    assertExpr(resource('aws_eip', 'nat').count, 'local.nat_gateways', 'one address each');
    assertExpr(resource('aws_route_table', 'private').count, 'length(var.private_subnet_cidrs)', 'a route table per private subnet');
    assert.equal(variableDefault('nat_gateway_per_az'), false);
  });

  test('S3 and DynamoDB are reached through gateway endpoints, not the NAT gateway', () => {
    const endpoint = resource('aws_vpc_endpoint', 'gateway');
    assertExpr(endpoint.for_each, 'toset(["s3", "dynamodb"])', 'gateway endpoints');
    assert.equal(endpoint.vpc_endpoint_type, 'Gateway');
    assert.equal(endpoint.service_name, 'com.amazonaws.${var.aws_region}.${each.key}');
    assertExpr(endpoint.route_table_ids, 'aws_route_table.private[*].id', 'every private route table');
  });

  test('the tasks take traffic from the load balancer and from inside the VPC only', () => {
    const ingress = tf.resources.aws_vpc_security_group_ingress_rule;
    const rulesOf = (group) => Object.values(ingress).filter(({ body }) => expr(body.security_group_id) === `aws_security_group.${group}.id`);
    const orderRules = rulesOf('order');
    assert.equal(orderRules.length, 1);
    assertExpr(orderRules[0].body.referenced_security_group_id, 'aws_security_group.alb.id', 'order ingress source');
    assert.equal(orderRules[0].body.cidr_ipv4, undefined);
    assert.deepEqual(rulesOf('processor'), []);
    // /metrics, /openapi and /health: from inside the VPC, on the HTTP port, for both services.
    const fromVpc = resource('aws_vpc_security_group_ingress_rule', 'from_vpc');
    assert.deepEqual(fromVpc.for_each, { order: '${aws_security_group.order.id}', processor: '${aws_security_group.processor.id}' });
    assertExpr(fromVpc.cidr_ipv4, 'aws_vpc.main.cidr_block', 'inside the VPC only');
    assertExpr(fromVpc.from_port, 'local.http_port', 'HTTP port');
    const alb = resource('aws_vpc_security_group_ingress_rule', 'alb');
    assertExpr(alb.cidr_ipv4, 'each.value[0]', 'ALB ingress CIDRs');
    assert.match(expr(alb.for_each), /^\{ for pair in setproduct\(var\.allowed_ingress_cidrs, local\.https \? \[80, 443\] : \[80\]\)/);
  });
});

// --- Queues and topic --------------------------------------------------------------------------------------------

describe('queue settings come from order-queues.json', () => {
  const queueFile = JSON.parse(readRepoFile(QUEUE_FILE));
  const byName = Object.fromEntries(queueFile.queues.map((queue) => [queue.name, queue]));
  const argumentKeys = [...new Set(queueFile.queues.flatMap(Object.keys))].filter((key) => key !== 'name' && key !== 'redrive_policy');

  test('Terraform reads the same file as the local queue server', () => {
    const match = /^jsondecode\(file\("\$\{path\.module\}\/(.+)"\)\)$/.exec(expr(local('queue_file')));
    assert.ok(match, `local.queue_file is jsondecode(file(...)): ${local('queue_file')}`);
    assert.equal(path.resolve(TERRAFORM_DIR, match[1]), path.join(REPO_ROOT, QUEUE_FILE));
    // The local side: QueueDefinitions loads order-queues.json from local-services' classpath (src/main/resources).
    const loader = readRepoFile('local-services/src/main/java/io/flashorders/local/QueueDefinitions.java');
    assert.match(loader, /RESOURCE = "order-queues\.json"/);
    assertExpr(local('queues'), '{ for queue in local.queue_file.queues : queue.name => queue }', 'queues by name');
  });

  test('the order queue has the assignment settings and redrives to a dead-letter queue', () => {
    assert.equal(local('order_queue_name'), 'order-processing-queue');
    const queue = byName['order-processing-queue'];
    assert.ok(queue, 'order-queues.json defines order-processing-queue');
    assert.equal(queue.visibility_timeout_seconds, 30);
    assert.equal(queue.message_retention_seconds, 4 * 24 * 3600);
    assert.equal(queue.receive_wait_time_seconds, 20);
    assert.equal(queue.redrive_policy.max_receive_count, 5);
    const dlq = byName[queue.redrive_policy.dead_letter_queue];
    assert.ok(dlq, 'the dead-letter queue is defined too');
    assert.ok(dlq.message_retention_seconds > queue.message_retention_seconds,
      'the dead-letter queue keeps messages longer (a dead letter keeps its original enqueue time)');
    assertExpr(local('order_dlq_name'), 'local.queues[local.order_queue_name].redrive_policy.dead_letter_queue', 'order DLQ name');
  });

  test('every setting in the file reaches the aws_sqs_queue argument of the same name', () => {
    assert.ok(argumentKeys.length >= 3, `settings found: ${argumentKeys}`);
    for (const name of ['dead_letter', 'order']) {
      const queue = resource('aws_sqs_queue', name);
      assert.equal(queue.name, '${var.name}-${each.key}', `aws_sqs_queue.${name}.name: the file's name after the deployment's`);
      for (const key of argumentKeys) {
        assertExpr(queue[key], `try(each.value.${key}, null)`, `aws_sqs_queue.${name}.${key}`);
      }
    }
    const understood = local('queue_file_keys');
    for (const key of [...argumentKeys, 'name', 'redrive_policy']) {
      assert.ok(understood.includes(key), `queue_file_keys lists ${key}, so the plan accepts it`);
    }
    for (const key of understood.filter((k) => k !== 'name' && k !== 'redrive_policy')) {
      assertExpr(resource('aws_sqs_queue', 'order')[key], `try(each.value.${key}, null)`, `queue_file_keys ${key} is wired`);
    }
  });

  test('the redrive policy is built from the file: its dead-letter queue and its receive count', () => {
    const redrive = expr(resource('aws_sqs_queue', 'order').redrive_policy).replace(/\s+/g, ' ');
    assert.match(redrive, /^can\(each\.value\.redrive_policy\) \? jsonencode\(\{/);
    assert.match(redrive, /deadLetterTargetArn = aws_sqs_queue\.dead_letter\[each\.value\.redrive_policy\.dead_letter_queue\]\.arn/);
    assert.match(redrive, /maxReceiveCount = each\.value\.redrive_policy\.max_receive_count/);
  });

  test('the dead-letter queues and the source queues are told apart by the redrive targets in the file', () => {
    assertExpr(resource('aws_sqs_queue', 'dead_letter').for_each, 'local.dead_letter_queues', 'DLQ for_each');
    assertExpr(resource('aws_sqs_queue', 'order').for_each, 'local.source_queues', 'source for_each');
    assert.match(expr(local('dead_letter_queue_names')), /queue\.redrive_policy\.dead_letter_queue if can\(queue\.redrive_policy\)/);
    // The same split, done here on the real file: the order queue is a source, its DLQ a dead-letter queue.
    const targets = new Set(queueFile.queues.filter((q) => q.redrive_policy).map((q) => q.redrive_policy.dead_letter_queue));
    assert.ok(!targets.has('order-processing-queue'));
    assert.ok(targets.has(byName['order-processing-queue'].redrive_policy.dead_letter_queue));
    for (const name of targets) {
      assert.equal(byName[name].redrive_policy, undefined, `${name} has no redrive of its own (one level only)`);
    }
  });

  test('every queue is encrypted at rest with SQS-managed keys', () => {
    const queues = Object.entries(tf.resources.aws_sqs_queue);
    assert.ok(queues.length >= 3);
    for (const [name, { body }] of queues) {
      assert.equal(body.sqs_managed_sse_enabled, true, `aws_sqs_queue.${name} has SSE`);
      assert.equal(body.kms_master_key_id, undefined, `aws_sqs_queue.${name} needs no KMS key policy for SNS`);
    }
  });
});

describe('topic and subscription', () => {
  test('the topic is order-processing-events, encrypted with the AWS-managed SNS key', () => {
    assert.equal(local('topic_name'), '${var.name}-order-processing-events');
    const topic = resource('aws_sns_topic', 'orders');
    assertExpr(topic.name, 'local.topic_name', 'topic name');
    assert.equal(topic.kms_master_key_id, 'alias/aws/sns');
  });

  test('the order queue subscribes with raw message delivery', () => {
    const subscription = resource('aws_sns_topic_subscription', 'order_queue');
    assert.equal(subscription.protocol, 'sqs');
    assert.equal(subscription.raw_message_delivery, true);
    assertExpr(subscription.topic_arn, 'aws_sns_topic.orders.arn', 'subscription topic');
    assertExpr(subscription.endpoint, 'local.order_queue.arn', 'subscription endpoint');
    assertExpr(local('order_queue'), 'aws_sqs_queue.order[local.order_queue_name]', 'local.order_queue');
    assertExpr(subscription.count, 'var.subscribe_order_queue ? 1 : 0', 'subscription switch');
    assert.equal(variableDefault('subscribe_order_queue'), true);
  });

  test('only the order topic may send to the order queue', () => {
    const policy = resource('aws_sqs_queue_policy', 'order');
    assertExpr(policy.queue_url, 'local.order_queue.url', 'queue policy queue');
    assertExpr(policy.policy, 'data.aws_iam_policy_document.order_queue.json', 'queue policy document');
    const [statement, ...rest] = statements(data('aws_iam_policy_document', 'order_queue'));
    assert.deepEqual(rest, []);
    assert.deepEqual(statement.actions, ['sqs:SendMessage']);
    assert.deepEqual(statement.principals, [{ type: 'Service', identifiers: ['sns.amazonaws.com'] }]);
    assert.deepEqual(statement.conditions, [{ test: 'ArnEquals', variable: 'aws:SourceArn', values: ['${aws_sns_topic.orders.arn}'] }]);
  });
});

// --- Order table -----------------------------------------------------------------------------------------------

describe('the order table comes from order-table.json', () => {
  const tableFile = JSON.parse(readRepoFile(TABLE_FILE));
  const storeLayout = readRepoFile('aws/src/main/java/io/flashorders/aws/store/OrderTable.java');
  const javaConstant = (name) => new RegExp(`${name} = "([^"]+)"`).exec(storeLayout)[1];

  test('Terraform reads the same file as DynamoDB Local', () => {
    const match = /^jsondecode\(file\("\$\{path\.module\}\/(.+)"\)\)$/.exec(expr(local('table_file')));
    assert.ok(match, `local.table_file is jsondecode(file(...)): ${local('table_file')}`);
    assert.equal(path.resolve(TERRAFORM_DIR, match[1]), path.join(REPO_ROOT, TABLE_FILE));
    // The local side: TableDefinition loads order-table.json from local-services' classpath (src/main/resources).
    assert.match(readRepoFile('local-services/src/main/java/io/flashorders/local/TableDefinition.java'), /RESOURCE = "order-table\.json"/);
  });

  test('the table takes its name, billing mode and key from the file', () => {
    const table = resource('aws_dynamodb_table', 'orders');
    for (const key of ['billing_mode', 'hash_key']) {
      assertExpr(table[key], `local.table_file.${key}`, `aws_dynamodb_table.orders.${key}`);
    }
    assert.equal(table.name, '${var.name}-${local.table_file.name}', 'the file\'s name after the deployment\'s');
    assert.equal(tableFile.billing_mode, 'PAY_PER_REQUEST', 'on demand: a flash sale needs no capacity planning');
    assert.equal(tableFile.hash_key, 'pk');
    assert.equal(tableFile.name, javaConstant('DEFAULT_NAME'), 'the name the applications default to');
  });

  test('every attribute and index in the file reaches a block of the same name', () => {
    const table = resource('aws_dynamodb_table', 'orders');
    const attribute = table.dynamic.attribute[0];
    assertExpr(attribute.for_each, 'local.table_file.attribute', 'attribute for_each');
    assertExpr(attribute.content[0].name, 'attribute.value.name', 'attribute name');
    assertExpr(attribute.content[0].type, 'attribute.value.type', 'attribute type');
    const index = table.dynamic.global_secondary_index[0];
    assertExpr(index.for_each, 'try(local.table_file.global_secondary_index, [])', 'index for_each');
    for (const key of ['name', 'projection_type']) {
      assertExpr(index.content[0][key], `global_secondary_index.value.${key}`, `index ${key}`);
    }
    // The index's keys as key_schema blocks (the deprecated hash_key and range_key arguments are not used).
    assert.equal(index.content[0].hash_key, undefined);
    assert.equal(index.content[0].range_key, undefined);
    const keySchema = index.content[0].dynamic.key_schema[0];
    const keys = expr(keySchema.for_each).replace(/\s+/g, ' ');
    assert.match(keys, /\{ attribute_name = global_secondary_index\.value\.hash_key, key_type = "HASH" \}/);
    assert.match(keys, /can\(global_secondary_index\.value\.range_key\) \? \[\{ attribute_name = global_secondary_index\.value\.range_key, key_type = "RANGE" \}\] : \[\]/);
    assertExpr(keySchema.content[0].attribute_name, 'key_schema.value.attribute_name', 'key attribute');
    assertExpr(keySchema.content[0].key_type, 'key_schema.value.key_type', 'key type');
    assertExpr(table.ttl[0].attribute_name, 'local.table_file.ttl.attribute_name', 'ttl attribute');
    assertExpr(table.ttl[0].enabled, 'local.table_file.ttl.enabled', 'ttl enabled');
  });

  test('a key of the file that nothing wires through stops the plan', () => {
    const understood = local('table_file_keys');
    for (const key of Object.keys(tableFile)) {
      assert.ok(understood.includes(key), `table_file_keys lists ${key}`);
    }
    const preconditions = resource('aws_dynamodb_table', 'orders').lifecycle[0].precondition.map((p) => p.condition);
    assert.ok(preconditions.includes('${alltrue([for key in keys(local.table_file) : contains(local.table_file_keys, key)])}'),
      `precondition on the file's keys: ${preconditions}`);
  });

  test('the file defines the reconciler\'s sparse indexes as the store uses them, and a TTL for idempotency keys', () => {
    const [awaiting, settle, ...others] = tableFile.global_secondary_index;
    assert.deepEqual(others, []);
    assert.equal(awaiting.name, javaConstant('AWAITING_INDEX'));
    assert.equal(awaiting.hash_key, javaConstant('AWAITING_SHARD'));
    assert.equal(awaiting.range_key, javaConstant('AWAITING_SINCE'));
    assert.equal(settle.name, javaConstant('SETTLE_INDEX'));
    assert.equal(settle.hash_key, javaConstant('SETTLE_SHARD'));
    assert.equal(settle.range_key, javaConstant('SETTLE_AT'));
    for (const index of [awaiting, settle]) {
      assert.equal(index.projection_type, 'KEYS_ONLY');
    }
    const types = Object.fromEntries(tableFile.attribute.map((a) => [a.name, a.type]));
    assert.deepEqual(types, { pk: 'S', [awaiting.hash_key]: 'S', [awaiting.range_key]: 'N', [settle.hash_key]: 'S', [settle.range_key]: 'N' });
    assert.deepEqual(tableFile.ttl, { attribute_name: javaConstant('EXPIRES_AT'), enabled: true });
  });

  test('orders can be restored to any second of the last 35 days, and the table cannot be deleted by accident', () => {
    assert.deepEqual(resource('aws_dynamodb_table', 'orders').point_in_time_recovery, [{ enabled: true }]);
    assertExpr(resource('aws_dynamodb_table', 'orders').deletion_protection_enabled, 'var.table_deletion_protection', 'deletion protection');
    assert.equal(variableDefault('table_deletion_protection'), true);
  });

  test('the status events queue is one of the queues from order-queues.json', () => {
    const queues = JSON.parse(readRepoFile(QUEUE_FILE)).queues.map((q) => q.name);
    assert.ok(queues.includes(local('status_events_queue_name')));
    assertExpr(local('status_events_queue'), 'aws_sqs_queue.order[local.status_events_queue_name]', 'status events queue');
  });
});

// --- Services --------------------------------------------------------------------------------------------------

describe('ECS services', () => {
  const documentedEnv = new Set(
    readRepoFile('docs/configuration.md').split('\n')
      .filter((line) => line.startsWith('|'))
      .flatMap((line) => [...line.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1])),
  );

  test('both tasks are 512 CPU / 1024 MB Fargate tasks by default, sized by variables', () => {
    for (const service of ['order', 'processor']) {
      assert.equal(variableDefault(`${service}_cpu`), 512);
      assert.equal(variableDefault(`${service}_memory`), 1024);
      const task = resource('aws_ecs_task_definition', service);
      assertExpr(task.cpu, `var.${service}_cpu`, `${service} cpu`);
      assertExpr(task.memory, `var.${service}_memory`, `${service} memory`);
      assert.deepEqual(task.requires_compatibilities, ['FARGATE']);
      assert.equal(task.network_mode, 'awsvpc');
      assert.equal(resource('aws_ecs_service', service).launch_type, 'FARGATE');
      assertExpr(resource('aws_ecs_service', service).task_definition, `aws_ecs_task_definition.${service}.arn`, 'task definition');
      assertExpr(task.container_definitions, `jsonencode([local.${service}_container])`, `${service} container`);
    }
  });

  test('the order receiver publishes to the topic through SNS, with the settings it reads', () => {
    const env = environment(local('order_environment'));
    assert.equal(env.ORDERS_PUBLISHER, 'sns');
    assertExpr(env.ORDERS_TOPIC_ARN, 'aws_sns_topic.orders.arn', 'ORDERS_TOPIC_ARN');
    assertExpr(env.PAYMENT_LATENCY_MS, 'tostring(var.payment_latency_ms)', 'PAYMENT_LATENCY_MS');
    assertExpr(env.ORDERS_SYNC_PERMITS, 'tostring(var.orders_sync_permits)', 'ORDERS_SYNC_PERMITS');
    assertExpr(env.ORDERS_ADMISSION_ASYNC_MAX_IN_FLIGHT, 'tostring(var.orders_async_max_in_flight)',
        'ORDERS_ADMISSION_ASYNC_MAX_IN_FLIGHT');
    assert.equal(env.SALES_RATE_LIMIT_TRUSTED_HOPS, '1', 'the client is the entry the load balancer appended');
    assert.equal(env.SALES_REDIS_CLUSTER, 'true', 'MemoryDB is a cluster: the inventory uses the cluster client');
    assertExpr(env.AWS_REGION, 'var.aws_region', 'AWS_REGION');
    assert.equal(env.HTTP_HOST, '*');
    assertExpr(env.HTTP_PORT, 'tostring(local.http_port)', 'HTTP_PORT');
    assertExpr(env.ORDERS_TABLE_NAME, 'aws_dynamodb_table.orders.name', 'ORDERS_TABLE_NAME');
    assertExpr(env.ORDERS_QUEUE_NAME, 'local.order_queue.name', 'ORDERS_QUEUE_NAME (its depth, for queue positions)');
    assertExpr(local('order_container').environment, 'local.order_environment', 'order container environment');
  });

  test('the processor consumes the order queue with the configured workers and payment latency', () => {
    const env = environment(local('processor_environment'));
    assertExpr(env.PROCESSOR_WORKERS, 'tostring(var.processor_workers)', 'PROCESSOR_WORKERS');
    assertExpr(env.PROCESSOR_WORKERS_MODE, 'var.processor_workers_mode', 'PROCESSOR_WORKERS_MODE');
    assertExpr(env.PROCESSOR_WORKERS_MIN, 'tostring(min(var.processor_workers_min, var.processor_workers))', 'PROCESSOR_WORKERS_MIN');
    assertExpr(env.PAYMENT_LATENCY_MS, 'tostring(var.payment_latency_ms)', 'PAYMENT_LATENCY_MS');
    assertExpr(env.ORDERS_QUEUE_NAME, 'local.order_queue.name', 'ORDERS_QUEUE_NAME');
    assertExpr(env.ORDERS_TABLE_NAME, 'aws_dynamodb_table.orders.name', 'ORDERS_TABLE_NAME');
    assert.equal(env.ORDERS_EVENTS_PUBLISHER, 'sqs', 'completion events on in AWS');
    assertExpr(env.ORDERS_EVENTS_QUEUE_NAME, 'local.status_events_queue.name', 'ORDERS_EVENTS_QUEUE_NAME');
    assert.equal(env.HTTP_HOST, '*');
    assert.equal(variableDefault('payment_latency_ms'), 3000);
    assertExpr(local('processor_container').environment, 'local.processor_environment', 'processor container environment');
  });

  test('the tasks set only settings the applications read, and never a local AWS endpoint', () => {
    for (const name of ['order_environment', 'processor_environment']) {
      const names = local(name).map((entry) => entry.name);
      assert.equal(new Set(names).size, names.length, `${name} sets each variable once`);
      assert.ok(!names.includes('AWS_ENDPOINT'), `${name} leaves AWS_ENDPOINT unset, so the SDK talks to AWS`);
      for (const variable of names.filter((n) => n !== 'JAVA_TOOL_OPTIONS')) {
        assert.ok(documentedEnv.has(variable), `${variable} is in docs/configuration.md`);
      }
      for (const entry of local(name)) {
        assert.ok(typeof entry.value === 'string', `${entry.name} is a string, as ECS requires`);
      }
    }
  });

  test('the container port is the HTTP port the servers listen on', () => {
    assert.equal(local('http_port'), 9080);
    const common = readRepoFile('liberty-config/src/main/liberty/config/common.xml');
    assert.match(common, /<variable name="http\.port" defaultValue="9080"\/>/);
    for (const service of ['order', 'processor']) {
      assert.deepEqual(local(`${service}_container`).portMappings, [{ containerPort: '${local.http_port}', protocol: 'tcp' }]);
    }
  });

  test('the JVM is told its processor count and a heap that fits the task', () => {
    for (const service of ['order', 'processor']) {
      const options = local(`${service}_jvm_options`);
      assert.match(options, new RegExp(`-XX:ActiveProcessorCount=\\$\\{max\\(1, floor\\(var\\.${service}_cpu / 1024\\)\\)\\}`));
      assert.match(options, /-XX:MaxRAMPercentage=/);
    }
  });

  test('Fargate CPU and memory combinations are checked before anything is created', () => {
    for (const service of ['order', 'processor']) {
      const condition = resource('aws_ecs_task_definition', service).lifecycle[0].precondition[1].condition;
      assertExpr(condition, `contains(local.fargate_memory_mib[tostring(var.${service}_cpu)], var.${service}_memory)`, service);
      const cpu = variableDefault(`${service}_cpu`);
      assert.ok(FARGATE_MEMORY_MIB[cpu].includes(variableDefault(`${service}_memory`)), `${service}'s default size is a Fargate size`);
    }
  });

  test('both images come from their own ECR repository at the configured tag', () => {
    assert.equal(local('order_container').image, '${aws_ecr_repository.order.repository_url}:${var.image_tag}');
    assert.equal(local('processor_container').image, '${aws_ecr_repository.processor.repository_url}:${var.image_tag}');
    for (const name of ['order', 'processor']) {
      assert.equal(resource('aws_ecr_repository', name).image_scanning_configuration[0].scan_on_push, true);
    }
  });

  test('a tag names one build for good: immutable tags, never latest, and repositories that keep their images', () => {
    for (const name of ['order', 'processor']) {
      const repository = resource('aws_ecr_repository', name);
      assert.equal(repository.image_tag_mutability, 'IMMUTABLE');
      assert.equal(repository.force_delete, undefined, 'terraform destroy does not delete images');
      const precondition = resource('aws_ecs_task_definition', name).lifecycle[0].precondition[0];
      assertExpr(precondition.condition, 'var.image_tag != null', `${name} needs a tag`);
    }
    assert.equal(variableDefault('image_tag'), null);
    assert.match(tf.variables.image_tag.body.validation[0].condition, /var\.image_tag != "latest"/);
  });

  test('logs go to one log group per service, kept for a bounded time', () => {
    for (const service of ['order', 'processor']) {
      const options = local(`${service}_container`).logConfiguration.options;
      assertExpr(options['awslogs-group'], `aws_cloudwatch_log_group.${service}.name`, `${service} log group`);
      assertExpr(resource('aws_cloudwatch_log_group', service).retention_in_days, 'var.log_retention_days', 'retention');
    }
  });
});

describe('load balancer', () => {
  test('only the API\'s paths reach the tasks; anything else is the API\'s JSON 404', () => {
    assert.deepEqual(local('order_target_groups'), {
      sync: { paths: ['/orders/sync', '/orders/sync/*'], priority: 10 },
      api: { paths: ['/orders/*', '/sales/*'], priority: 20 },
    });
    const rule = resource('aws_lb_listener_rule', 'order');
    assertExpr(rule.for_each, 'local.order_target_groups', 'one rule per target group');
    assertExpr(rule.listener_arn, 'local.api_listener_arn', 'on the listener that serves the API');
    assertExpr(rule.condition[0].path_pattern[0].values, 'each.value.paths', 'path patterns');
    assertExpr(rule.action[0].target_group_arn, 'aws_lb_target_group.order[each.key].arn', 'forward');
    // No /admin, /metrics, /openapi or /health among the public paths: the orders and the sales' public side only.
    for (const { paths } of Object.values(local('order_target_groups'))) {
      assert.ok(paths.every((p) => p.startsWith('/orders/') || p.startsWith('/sales/')), `public paths: ${paths}`);
    }
    const https = resource('aws_lb_listener', 'https').default_action[0];
    assert.equal(https.type, 'fixed-response');
    assert.equal(https.fixed_response[0].status_code, '404');
    assert.equal(https.fixed_response[0].content_type, 'application/json');
    assertExpr(https.fixed_response[0].message_body, 'local.not_found_body', '404 body');
    assert.match(expr(local('not_found_body')), /^jsonencode\(\{ error = "not_found", message = "[^"]+", problems = \[\] \}\)$/);
    const attachment = resource('aws_ecs_service', 'order').dynamic.load_balancer[0];
    assertExpr(attachment.for_each, 'aws_lb_target_group.order', 'the service serves every target group');
    assertExpr(attachment.content[0].target_group_arn, 'load_balancer.value.arn', 'service target group');
    assertExpr(attachment.content[0].container_name, 'local.order_container_name', 'service container');
    assertExpr(attachment.content[0].container_port, 'local.http_port', 'service container port');
    assert.equal(local('order_container').name, '${local.order_container_name}');
  });

  test('with a certificate, HTTPS serves the API and port 80 redirects to it; without, port 80 serves it', () => {
    assertExpr(local('https'), 'var.certificate_arn != null', 'HTTPS when there is a certificate');
    assert.equal(variableDefault('certificate_arn'), null);
    const https = resource('aws_lb_listener', 'https');
    assertExpr(https.count, 'local.https ? 1 : 0', 'HTTPS listener');
    assert.equal(https.port, 443);
    assert.equal(https.protocol, 'HTTPS');
    assertExpr(https.certificate_arn, 'var.certificate_arn', 'certificate');
    assertExpr(https.ssl_policy, 'var.ssl_policy', 'TLS policy');
    assert.match(variableDefault('ssl_policy'), /^ELBSecurityPolicy-TLS13-1-2-/);
    assertExpr(local('api_listener_arn'), 'local.https ? aws_lb_listener.https[0].arn : aws_lb_listener.http.arn', 'API listener');
    const http = resource('aws_lb_listener', 'http').default_action[0];
    assertExpr(http.type, 'local.https ? "redirect" : "fixed-response"', 'port 80');
    assertExpr(http.dynamic.redirect[0].for_each, 'local.https ? [1] : []', 'redirect with a certificate');
    assert.deepEqual(http.dynamic.redirect[0].content, [{ protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' }]);
    assertExpr(http.dynamic.fixed_response[0].for_each, 'local.https ? [] : [1]', '404 without one');
  });

  test('an optional WAF web ACL limits each IP address\'s rate, answering 429 with Retry-After', () => {
    assert.equal(variableDefault('enable_waf'), false);
    const acl = resource('aws_wafv2_web_acl', 'order');
    assertExpr(acl.count, 'var.enable_waf ? 1 : 0', 'optional');
    assert.equal(acl.scope, 'REGIONAL');
    const rules = acl.dynamic.rule[0];
    assert.deepEqual(Object.keys(rules.for_each).sort(), ['requests-per-ip', 'writes-per-ip']);
    const rule = rules.content[0];
    const rate = rule.statement[0].rate_based_statement[0];
    assert.equal(rate.aggregate_key_type, 'IP');
    assert.equal(rate.evaluation_window_sec, 60);
    assertExpr(rate.limit, 'rule.value.limit', 'limit per minute');
    const scope = rate.dynamic.scope_down_statement[0].content[0].byte_match_statement[0];
    assert.equal(scope.search_string, 'POST');
    const response = rule.action[0].block[0].custom_response[0];
    assert.equal(response.response_code, 429);
    assert.deepEqual(response.response_header, [{ name: 'Retry-After', value: '60' }]);
    assert.equal(acl.custom_response_body[0].content_type, 'APPLICATION_JSON');
    assert.equal(variableDefault('waf_writes_per_ip_per_minute'), 100, 'the design\'s per-IP write limit');
    assert.equal(variableDefault('waf_requests_per_ip_per_minute'), 1000, 'the design\'s per-IP read limit');
    const association = resource('aws_wafv2_web_acl_association', 'order');
    assertExpr(association.resource_arn, 'aws_lb.order.arn', 'on the load balancer');
  });

  test('its health check asks readiness, and tolerates a short outage before ECS replaces a task', () => {
    const group = resource('aws_lb_target_group', 'order');
    assertExpr(group.for_each, 'local.order_target_groups', 'a target group per path set');
    assert.equal(group.target_type, 'ip');
    assertExpr(group.port, 'local.http_port', 'target port');
    const check = group.health_check[0];
    assertExpr(check.path, 'var.order_health_check_path', 'health check path');
    assert.equal(check.matcher, '200');
    assert.equal(check.port, 'traffic-port');
    assert.equal(variableDefault('order_health_check_path'), '/health/ready');
    const allowed = tf.variables.order_health_check_path.body.validation[0].condition;
    assert.match(allowed, /contains\(\["\/health", "\/health\/live", "\/health\/ready"\], var\.order_health_check_path\)/);
    assert.match(readRepoFile('liberty-config/src/main/liberty/config/common.xml'), /<feature>mpHealth-/);
    // Unhealthy only after order_health_check_grace_seconds of failed checks: 120 s = 6 checks 20 s apart.
    assertExpr(check.interval, 'local.health_check_interval', 'interval');
    assertExpr(check.unhealthy_threshold, 'floor(var.order_health_check_grace_seconds / local.health_check_interval)', 'failures tolerated');
    const grace = variableDefault('order_health_check_grace_seconds');
    const failures = Math.floor(grace / local('health_check_interval'));
    assert.ok(failures >= 2 && failures <= 10, 'ALB allows 2-10 failed checks');
    assert.ok(check.timeout < local('health_check_interval'));
    assert.ok(grace >= 60, `a minute or more of failures tolerated: ${grace} s`);
    // The processor's container check: liveness and readiness, with the same tolerance.
    const health = local('processor_container').healthCheck;
    assert.match(health.command[1], /\/health \|\| exit 1$/);
    assert.equal(health.interval * health.retries, 120);
  });

  test('Liberty keeps idle connections open longer than the load balancer does', () => {
    const idle = resource('aws_lb', 'order').idle_timeout;
    const server = readRepoFile('deploy/order/server.xml');
    const options = /<httpOptions id="([^"]+)" persistTimeout="(\d+)s"/.exec(server);
    assert.ok(options, 'deploy/order/server.xml sets httpOptions persistTimeout');
    assert.match(server, new RegExp(`<httpEndpoint id="defaultHttpEndpoint" httpOptionsRef="${options[1]}"/>`));
    assert.match(readRepoFile('liberty-config/src/main/liberty/config/common.xml'), /<httpEndpoint id="defaultHttpEndpoint"/,
      'the endpoint server.xml refers to is the one common.xml defines');
    assert.ok(Number(options[2]) > idle, `Liberty ${options[2]} s > load balancer ${idle} s`);
  });

  test('the order service waits for Liberty to start and rolls back a deployment that never gets healthy', () => {
    const service = resource('aws_ecs_service', 'order');
    assert.ok(service.health_check_grace_period_seconds >= 60);
    assert.deepEqual(service.deployment_circuit_breaker, [{ enable: true, rollback: true }]);
  });
});

// --- Autoscaling -----------------------------------------------------------------------------------------------

describe('autoscaling', () => {
  test('defaults pay a sale of 60 orders a second at 3 s payments (ADR 0005: 200 workers over at least two tasks)', () => {
    const workers = variableDefault('processor_workers');
    const tasks = variableDefault('processor_min_tasks');
    const paid = (workers * tasks) / (variableDefault('payment_latency_ms') / 1000);
    assert.ok(paid >= 60 * 1.1, `${workers} workers x ${tasks} tasks pay ${paid} orders a second`);
    assert.ok(tasks >= 2, 'a task that dies halves the rate instead of stopping it');
    assert.equal(variableDefault('processor_workers_mode'), 'auto', 'auto mode under the ceiling');
    assert.match(tf.variables.processor_workers.body.description, /ADR 0005/);
    assert.ok(variableDefault('processor_max_tasks') > tasks);
    assert.ok(variableDefault('order_min_tasks') >= 2, 'an order receiver in each zone');
  });

  test('both services scale between variable bounds', () => {
    const target = resource('aws_appautoscaling_target', 'service');
    assert.deepEqual(local('services'), { order: '${aws_ecs_service.order.name}', processor: '${aws_ecs_service.processor.name}' });
    assertExpr(target.for_each, 'local.services', 'both services');
    assert.equal(target.service_namespace, 'ecs');
    assert.equal(target.scalable_dimension, 'ecs:service:DesiredCount');
    assert.equal(target.resource_id, 'service/${aws_ecs_cluster.main.name}/${each.value}');
    assertExpr(target.min_capacity, 'local.sale_tasks[each.key].everyday', 'min');
    assertExpr(target.max_capacity, 'local.sale_tasks[each.key].max', 'max');
    assert.deepEqual(local('sale_tasks'), {
      order: { sale: '${var.sale_order_tasks}', everyday: '${var.order_min_tasks}', max: '${var.order_max_tasks}' },
      processor: { sale: '${var.sale_processor_tasks}', everyday: '${var.processor_min_tasks}', max: '${var.processor_max_tasks}' },
    });
    for (const service of ['order', 'processor']) {
      assert.deepEqual(resource('aws_ecs_service', service).lifecycle[0].ignore_changes, ['${desired_count}']);
    }
  });

  test('the processor tracks visible messages per running task, by metric math', () => {
    const policy = resource('aws_appautoscaling_policy', 'processor_backlog');
    assert.equal(policy.policy_type, 'TargetTrackingScaling');
    assert.equal(policy.resource_id, '${aws_appautoscaling_target.service["processor"].resource_id}');
    const config = policy.target_tracking_scaling_policy_configuration[0];
    assertExpr(config.target_value, 'local.processor_backlog_target', 'target value');
    const metrics = Object.fromEntries(config.customized_metric_specification[0].metrics.map((m) => [m.id, m]));
    const visible = metrics.m1.metric_stat[0].metric[0];
    assert.equal(visible.namespace, 'AWS/SQS');
    assert.equal(visible.metric_name, 'ApproximateNumberOfMessagesVisible');
    assert.deepEqual(visible.dimensions, [{ name: 'QueueName', value: '${local.order_queue.name}' }]);
    const tasks = metrics.m2.metric_stat[0].metric[0];
    assert.equal(tasks.namespace, 'ECS/ContainerInsights');
    assert.equal(tasks.metric_name, 'RunningTaskCount');
    assert.deepEqual(tasks.dimensions, [
      { name: 'ClusterName', value: '${aws_ecs_cluster.main.name}' },
      { name: 'ServiceName', value: '${aws_ecs_service.processor.name}' },
    ]);
    assert.equal(metrics.e1.expression, 'm1 / m2');
    assert.deepEqual(Object.values(metrics).filter((m) => m.return_data).map((m) => m.id), ['e1']);
  });

  test('a surge scales the processor out from ONE datapoint of queue depth or oldest message age', () => {
    const surge = local('processor_surge');
    assert.deepEqual(Object.keys(surge), ['backlog', 'oldest-age']);
    assert.equal(surge.backlog.metric_name, 'ApproximateNumberOfMessagesVisible');
    assert.equal(surge['oldest-age'].metric_name, 'ApproximateAgeOfOldestMessage');
    const alarmBody = resource('aws_cloudwatch_metric_alarm', 'processor_surge');
    assertExpr(alarmBody.for_each, 'local.processor_surge', 'an alarm per metric');
    assert.equal(alarmBody.evaluation_periods, 1);
    assert.equal(alarmBody.datapoints_to_alarm, 1);
    assert.equal(alarmBody.period, 60, 'SQS publishes once a minute');
    assertExpr(alarmBody.metric_name, 'each.value.metric_name', 'metric');
    assertExpr(alarmBody.threshold, 'each.value.threshold', 'threshold');
    assert.deepEqual(alarmBody.dimensions, { QueueName: '${local.order_queue.name}' });
    assert.deepEqual(alarmBody.alarm_actions, ['${aws_appautoscaling_policy.processor_surge[each.key].arn}']);
    const policy = resource('aws_appautoscaling_policy', 'processor_surge');
    assert.equal(policy.policy_type, 'StepScaling');
    const config = policy.step_scaling_policy_configuration[0];
    assert.equal(config.adjustment_type, 'PercentChangeInCapacity');
    assert.equal(config.step_adjustment.length, 2);
    assert.equal(config.step_adjustment[0].metric_interval_lower_bound, 0);
    assert.ok(config.step_adjustment.every((step) => step.scaling_adjustment > 0), 'steps only add tasks');
    assert.equal(config.step_adjustment.at(-1).metric_interval_upper_bound, undefined, 'the last step is open-ended');
  });

  test('the order receiver scales on requests per task', () => {
    const policy = resource('aws_appautoscaling_policy', 'order_requests');
    assertExpr(policy.for_each, 'aws_lb_target_group.order', 'per target group');
    assert.equal(policy.resource_id, '${aws_appautoscaling_target.service["order"].resource_id}');
    const config = policy.target_tracking_scaling_policy_configuration[0];
    assertExpr(config.target_value, 'var.order_requests_per_task_per_minute', 'target');
    const metric = config.predefined_metric_specification[0];
    assert.equal(metric.predefined_metric_type, 'ALBRequestCountPerTarget');
    assert.equal(metric.resource_label, '${aws_lb.order.arn_suffix}/${each.value.arn_suffix}');
  });

  test('a planned sale scales both services up before it starts and back down after', () => {
    assert.equal(variableDefault('sale_starts_at'), null);
    assert.equal(variableDefault('sale_prescale_minutes'), 30, 'the design scales up 30 minutes before');
    const sale = expr(local('sale')).replace(/\s+/g, ' ');
    assert.match(sale, /timeadd\(var\.sale_starts_at, "-\$\{var\.sale_prescale_minutes\}m"\)/);
    assert.match(sale, /timeadd\(var\.sale_starts_at, "\$\{var\.sale_duration_minutes\}m"\)/);
    for (const [name, minimum] of [['sale_prescale', 'sale'], ['sale_over', 'everyday']]) {
      const action = resource('aws_appautoscaling_scheduled_action', name);
      assertExpr(action.for_each, '{ for key, service in local.services : key => service if local.sale != null }', `${name} only with a sale`);
      assert.equal(action.timezone, 'UTC');
      assert.match(action.schedule, /^at\(\$\{local\.sale\.(prescale|over)_at\}\)$/);
      assertExpr(action.scalable_target_action[0].min_capacity, `local.sale_tasks[each.key].${minimum}`, `${name} minimum`);
    }
    assert.ok(variableDefault('sale_processor_tasks') * variableDefault('processor_workers') >= 198, 'the sale\'s pool is ADR 0005\'s');
  });

  test('Container Insights is on, because RunningTaskCount comes from it', () => {
    assert.deepEqual(resource('aws_ecs_cluster', 'main').setting, [{ name: 'containerInsights', value: 'enabled' }]);
  });

  test('the target is the backlog one task clears in the allowed wait, unless set', () => {
    const target = expr(local('processor_backlog_target')).replace(/\s+/g, ' ');
    assert.match(target, /^coalesce\( var\.processor_backlog_per_task_target, max\(1, floor\(var\.processor_workers \* var\.processor_max_backlog_wait_seconds \* 1000 \/ max\(1, var\.payment_latency_ms\)\)\), ?\)$/);
    assert.equal(variableDefault('processor_backlog_per_task_target'), null);
  });
});

// --- Monitoring ------------------------------------------------------------------------------------------------

describe('alarms', () => {
  function alarm(name) {
    const body = resource('aws_cloudwatch_metric_alarm', name);
    assertExpr(body.alarm_actions, 'var.alarm_actions', `${name} notifies alarm_actions`);
    return body;
  }

  test('a dead-letter queue that is not empty raises an alarm', () => {
    const body = alarm('dead_letters');
    const queues = expr(body.for_each).replace(/\s+/g, ' ');
    assert.match(queues, /\{ for key, queue in aws_sqs_queue\.dead_letter : key => queue\.name \}/);
    assert.match(queues, /\{ for key in \[local\.lambda_dlq_key\] : key => local\.lambda_dlq_name if var\.enable_lambda \}/);
    assert.equal(body.namespace, 'AWS/SQS');
    assert.equal(body.metric_name, 'ApproximateNumberOfMessagesVisible');
    assert.deepEqual(body.dimensions, { QueueName: '${each.value}' });
    assert.equal(body.comparison_operator, 'GreaterThanThreshold');
    assert.equal(body.threshold, 0);
  });

  test('an order that waited too long raises an alarm', () => {
    const body = alarm('oldest_order');
    assert.equal(body.namespace, 'AWS/SQS');
    assert.equal(body.metric_name, 'ApproximateAgeOfOldestMessage');
    assert.deepEqual(body.dimensions, { QueueName: '${local.order_queue.name}' });
    assert.equal(body.comparison_operator, 'GreaterThanThreshold');
    assertExpr(body.threshold, 'var.max_message_age_seconds', 'threshold');
    assert.equal(variableDefault('max_message_age_seconds'), 300);
  });

  test('a 5xx rate of the API above the threshold raises an alarm; /orders/sync\'s designed 503s do not count', () => {
    const body = alarm('alb_5xx_rate');
    assertExpr(body.threshold, 'var.alb_5xx_rate_threshold_percent', 'threshold');
    const queries = Object.fromEntries(body.metric_query.map((q) => [q.id, q]));
    const returned = body.metric_query.filter((q) => q.return_data);
    assert.equal(returned.length, 1);
    assert.equal(returned[0].expression, '100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests');
    const metricOf = (id) => queries[id].metric[0];
    assert.equal(metricOf('requests').metric_name, 'RequestCount');
    assert.equal(metricOf('target5xx').metric_name, 'HTTPCode_Target_5XX_Count');
    assert.equal(metricOf('elb5xx').metric_name, 'HTTPCode_ELB_5XX_Count');
    for (const id of ['requests', 'target5xx', 'elb5xx']) {
      assert.equal(metricOf(id).namespace, 'AWS/ApplicationELB');
      assert.equal(metricOf(id).stat, 'Sum');
    }
    // The service's 5xx and the requests: the API's target group only, which /orders/sync is not part of.
    assertExpr(metricOf('requests').dimensions, 'local.api_target_group_dimensions', 'requests of the API');
    assertExpr(metricOf('target5xx').dimensions, 'local.api_target_group_dimensions', '5xx of the API');
    assert.deepEqual(local('api_target_group_dimensions'), {
      LoadBalancer: '${local.alb_dimension}', TargetGroup: '${aws_lb_target_group.order["api"].arn_suffix}',
    });
    assert.ok(!local('order_target_groups').api.paths.some((p) => p.startsWith('/orders/sync')));
    assert.ok(local('order_target_groups').sync.priority < local('order_target_groups').api.priority, '/orders/sync matches first');
    // The load balancer's own 5xx (502, 503 without healthy targets, 504) count whatever the path.
    assert.deepEqual(metricOf('elb5xx').dimensions, { LoadBalancer: '${local.alb_dimension}' });
    assertExpr(local('alb_dimension'), 'aws_lb.order.arn_suffix', 'load balancer dimension');
  });

  test('the API\'s p99 latency, too few healthy targets and tasks below desired raise alarms', () => {
    const latency = alarm('api_latency_p99');
    assert.equal(latency.metric_name, 'TargetResponseTime');
    assert.equal(latency.extended_statistic, 'p99');
    assertExpr(latency.dimensions, 'local.api_target_group_dimensions', 'the API without /orders/sync');
    assertExpr(latency.threshold, 'var.latency_p99_threshold_seconds', 'threshold');
    const healthy = alarm('healthy_hosts');
    assert.equal(healthy.metric_name, 'HealthyHostCount');
    assert.equal(healthy.comparison_operator, 'LessThanThreshold');
    assertExpr(healthy.threshold, 'var.order_min_tasks', 'at least the minimum');
    assert.equal(healthy.statistic, 'Minimum');
    const tasks = alarm('tasks_below_desired');
    assertExpr(tasks.for_each, 'local.services', 'both services');
    assert.equal(tasks.metric_query.find((q) => q.return_data).expression, 'desired - running');
    assert.deepEqual(tasks.dynamic.metric_query[0].for_each, { desired: 'DesiredTaskCount', running: 'RunningTaskCount' });
    assert.equal(tasks.datapoints_to_alarm, 5, 'a scale-out alone (a minute or two) does not fire it');
  });

  test('failed SNS deliveries and Lambda errors and throttles raise alarms', () => {
    const sns = alarm('sns_delivery_failures');
    assert.equal(sns.metric_name, 'NumberOfNotificationsFailed');
    assert.deepEqual(sns.dimensions, { TopicName: '${aws_sns_topic.orders.name}' });
    assert.equal(sns.threshold, 0);
    const lambda = alarm('lambda');
    assertExpr(lambda.for_each, '{ for key, metric in { errors = "Errors", throttles = "Throttles" } : key => metric if var.enable_lambda }', 'with the Lambda');
    assert.deepEqual(lambda.dimensions, { FunctionName: '${local.lambda_function_name}' });
    assert.equal(lambda.threshold, 0);
  });
});

describe('dashboard', () => {
  function metricLines() {
    return local('dashboard').widgets.flatMap((widget) => widget.properties.metrics ?? []);
  }

  function has(namespace, metric, dimensionValue) {
    return metricLines().some((line) => line[0] === namespace && line[1] === metric
      && (dimensionValue === undefined || line.includes(dimensionValue)));
  }

  test('it is the dashboard body', () => {
    assertExpr(resource('aws_cloudwatch_dashboard', 'flash_sale').dashboard_body, 'jsonencode(local.dashboard)', 'body');
  });

  test('it shows the queue depth, visible and in flight, the oldest order and the dead letters', () => {
    assert.ok(has('AWS/SQS', 'ApproximateNumberOfMessagesVisible', '${local.order_queue.name}'));
    assert.ok(has('AWS/SQS', 'ApproximateNumberOfMessagesNotVisible', '${local.order_queue.name}'));
    assert.ok(has('AWS/SQS', 'ApproximateAgeOfOldestMessage', '${local.order_queue.name}'));
    assert.ok(has('AWS/SQS', 'ApproximateNumberOfMessagesVisible', '${local.order_dlq.name}'));
    assert.ok(has('AWS/SQS', 'ApproximateNumberOfMessagesVisible', '${local.lambda_dlq_name}'));
  });

  test('it shows the load balancer latency and 5xx, and the Lambda duration, errors and throttles', () => {
    assert.ok(has('AWS/ApplicationELB', 'TargetResponseTime', '${local.alb_dimension}'));
    assert.ok(has('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', '${local.alb_dimension}'));
    assert.ok(has('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', '${local.alb_dimension}'));
    for (const metric of ['Duration', 'Errors', 'Throttles']) {
      assert.ok(has('AWS/Lambda', metric, '${local.lambda_function_name}'), `Lambda ${metric}`);
    }
    assertExpr(resource('aws_lambda_function', 'order').function_name, 'local.lambda_function_name', 'the same function');
  });

  test('it shows each service\'s ECS CPU and memory, which the guide tells readers to look at', () => {
    for (const metric of ['CPUUtilization', 'MemoryUtilization']) {
      for (const service of ['order', 'processor']) {
        assert.ok(has('AWS/ECS', metric, `\${aws_ecs_service.${service}.name}`), `${metric} of ${service}`);
      }
    }
    const guide = readRepoFile('docs/deploy-aws.md');
    assert.match(guide, /ECS CPU/);
    assert.match(guide, /ECS memory/);
  });

  test('its widgets fit the 24-column grid without overlapping', () => {
    const widgets = local('dashboard').widgets;
    for (const w of widgets) {
      assert.ok(w.x >= 0 && w.x + w.width <= 24, `widget "${w.properties.title}" fits`);
    }
    for (let i = 0; i < widgets.length; i++) {
      for (let j = i + 1; j < widgets.length; j++) {
        const [a, b] = [widgets[i], widgets[j]];
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        assert.ok(apart, `"${a.properties.title}" and "${b.properties.title}" do not overlap`);
      }
    }
  });
});

// --- The sale's inventory store ------------------------------------------------------------------------------

const INVENTORY_DIR = 'inventory/src/main/resources/io/flashorders/inventory';
const INVENTORY_ADAPTER = 'inventory/src/main/java/io/flashorders/inventory/RedisInventory.java';
// What a Lettuce connection sends before any command of the code: the handshake with the ACL user's password.
const CONNECTION_COMMANDS = ['auth', 'hello'];
// The rate limits' buckets (RedisRateLimiter): Bucket4j's Lettuce compare-and-swap backend reads a bucket with GET and
// writes it with EVAL of its own scripts, which call GET, SET (NX PX) and PSETEX; its DEL only removes a bucket, which
// the API never asks. Its keys are RateLimitPolicy's ratelimit:...
const RATE_LIMIT_COMMANDS = ['eval', 'get', 'set', 'psetex'];
// Lettuce's cluster client (RedisInventory in cluster mode, as MemoryDB runs) reads the topology with CLUSTER NODES and
// each node's INFO when it connects and when it refreshes.
const CLUSTER_TOPOLOGY_COMMANDS = ['cluster|nodes', 'info'];
const RATE_LIMITER = 'inventory/src/main/java/io/flashorders/inventory/RedisRateLimiter.java';
const RATE_LIMIT_POLICY = 'core/src/main/java/io/flashorders/core/sale/limit/RateLimitPolicy.java';
const KEY_PATTERNS = ['~sale:*', '~sales', '~ratelimit:*'];

/**
 * The commands the order API sends to the store, read from its code: redis.call in every script, the adapter's
 * Lettuce calls; and the rate limits' buckets, while they are kept by Bucket4j's compare-and-swap backend.
 */
function inventoryCommands() {
  const commands = new Set(CONNECTION_COMMANDS);
  if (/Bucket4jLettuce\.casBasedBuilder/.test(readRepoFile(RATE_LIMITER))) {
    RATE_LIMIT_COMMANDS.forEach((command) => commands.add(command));
  }
  for (const file of fs.readdirSync(path.join(REPO_ROOT, INVENTORY_DIR)).filter((f) => f.endsWith('.lua'))) {
    for (const [, command] of readRepoFile(`${INVENTORY_DIR}/${file}`).matchAll(/redis\.p?call\('([A-Za-z]+)'/g)) {
      commands.add(command.toLowerCase());
    }
  }
  // Lettuce names a subcommand in camel case (scriptLoad is SCRIPT LOAD, which ACLs write script|load).
  const adapter = readRepoFile(INVENTORY_ADAPTER);
  if (/RedisClusterClient\.create/.test(adapter)) {
    CLUSTER_TOPOLOGY_COMMANDS.forEach((command) => commands.add(command));
  }
  for (const match of adapter.matchAll(/\bc\.([a-z][A-Za-z]*)\(|Redis(?:Cluster)?Commands::([a-z][A-Za-z]*)/g)) {
    commands.add((match[1] ?? match[2]).replace(/([a-z])([A-Z])/g, '$1|$2').toLowerCase());
  }
  return commands;
}

/** The ACL user's access string as MemoryDB gets it: the template of inventory.tf with its command list filled in. */
function accessString(config) {
  const template = config.locals.inventory_access_string?.value ?? '';
  const commands = config.locals.inventory_commands?.value ?? [];
  return template.replace(/\$\{join\(" ", \[for command in local\.inventory_commands : "\+\$\{command\}"\]\)\}/,
    commands.map((c) => `+${c}`).join(' '));
}

/** What is wrong with an access string for a user that must run exactly `needed` on the sale keys. */
function aclProblems(access, needed) {
  const tokens = access.trim().split(/\s+/);
  const problems = [];
  if (tokens[0] !== 'on') problems.push('the user is not on');
  for (const token of tokens) {
    if (['~*', 'allkeys', '&*', 'allchannels', 'allcommands', 'nopass', '+@all'].includes(token) || /^\+@/.test(token)) {
      problems.push(`grants ${token}`);
    }
  }
  const keys = tokens.filter((t) => t.startsWith('~') || t.startsWith('%'));
  if (JSON.stringify(keys) !== JSON.stringify(KEY_PATTERNS)) problems.push(`key patterns ${keys.join(' ')}`);
  const resetAt = tokens.indexOf('-@all');
  if (resetAt < 0 || tokens.findIndex((t) => t.startsWith('+')) < resetAt) problems.push('grants before -@all');
  const granted = new Set(tokens.filter((t) => t.startsWith('+') && !t.startsWith('+@')).map((t) => t.slice(1)));
  for (const command of needed) {
    if (!granted.has(command)) problems.push(`missing ${command}`);
  }
  for (const command of granted) {
    if (!needed.has(command)) problems.push(`grants ${command}, which the code does not send`);
  }
  return problems;
}

describe('inventory store (MemoryDB)', () => {
  const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'inventory-acl-mistakes');

  test('one MemoryDB shard with replicas in other zones, TLS only, in the private subnets', () => {
    const cluster = resource('aws_memorydb_cluster', 'inventory');
    assert.equal(cluster.tls_enabled, true);
    assert.equal(cluster.num_shards, 1);
    assertExpr(cluster.num_replicas_per_shard, 'var.inventory_replicas', 'replicas');
    assert.ok(variableDefault('inventory_replicas') >= 1, 'a replica to fail over to by default');
    assert.match(tf.variables.inventory_replicas.body.validation[0].condition, /var\.inventory_replicas >= 1/);
    assertExpr(cluster.subnet_group_name, 'aws_memorydb_subnet_group.inventory.name', 'subnet group');
    assertExpr(resource('aws_memorydb_subnet_group', 'inventory').subnet_ids, 'aws_subnet.private[*].id', 'private subnets');
    assert.deepEqual(cluster.security_group_ids, ['${aws_security_group.inventory.id}']);
    assertExpr(cluster.port, 'local.inventory_port', 'port');
    assert.ok(!/^db\.t/.test(variableDefault('inventory_node_type')), 'no burstable node type by default');
  });

  test('only the order receiver\'s tasks reach it, and they reach it on its port only', () => {
    const ingress = Object.values(tf.resources.aws_vpc_security_group_ingress_rule)
      .filter(({ body }) => expr(body.security_group_id) === 'aws_security_group.inventory.id');
    assert.equal(ingress.length, 1);
    assertExpr(ingress[0].body.referenced_security_group_id, 'aws_security_group.order.id', 'from the order tasks');
    assert.equal(ingress[0].body.cidr_ipv4, undefined);
    assertExpr(ingress[0].body.from_port, 'local.inventory_port', 'port');
    assertExpr(ingress[0].body.to_port, 'local.inventory_port', 'port');
    const egress = resource('aws_vpc_security_group_egress_rule', 'order_to_inventory');
    assertExpr(egress.security_group_id, 'aws_security_group.order.id', 'from the order tasks');
    assertExpr(egress.referenced_security_group_id, 'aws_security_group.inventory.id', 'to the store');
    assert.equal(local('inventory_port'), 6379);
  });

  test('the API\'s ACL user may run exactly the commands the scripts, the adapter and the rate limits send, on their keys', () => {
    const needed = inventoryCommands();
    for (const command of ['evalsha', 'script|load', 'xadd', 'hincrby', 'zrangebyscore', 'ping', 'eval', 'psetex']) {
      assert.ok(needed.has(command), `the code is read: ${command} is found`);
    }
    // The key patterns are the keys the code names: a sale's hash tag, the index, the buckets.
    assert.match(readRepoFile('inventory/src/main/java/io/flashorders/inventory/Keys.java'), /"sale:\{" \+ saleId \+ "\}"/);
    assert.match(readRepoFile(INVENTORY_ADAPTER), /SALES = "sales"/);
    assert.match(readRepoFile(RATE_LIMIT_POLICY), /String key = "ratelimit:" \+/);
    assert.deepEqual(aclProblems(accessString(tf), needed), []);
    const user = resource('aws_memorydb_user', 'order_api');
    assertExpr(user.access_string, 'local.inventory_access_string', 'access string');
    assert.equal(user.authentication_mode[0].type, 'password');
    assert.deepEqual(user.authentication_mode[0].passwords, ['${data.aws_secretsmanager_random_password.inventory.random_password}'], 'generated password');
    assert.deepEqual(resource('aws_memorydb_acl', 'inventory').user_names, ['${aws_memorydb_user.order_api.user_name}']);
    assertExpr(resource('aws_memorydb_cluster', 'inventory').acl_name, 'aws_memorydb_acl.inventory.name', 'the cluster uses the ACL');
  });

  const fixtures = fs.readdirSync(FIXTURES).filter((file) => file.endsWith('.tf')).sort();
  test('the ACL check has mistakes to catch', () => assert.ok(fixtures.length >= 3));
  for (const file of fixtures) {
    test(`ACL fixture ${file}: the check reports its mistake`, async () => {
      const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
      const reported = /^# reported: (.*)$/m.exec(text)?.[1];
      assert.ok(reported, `${file} names what the check must report`);
      const problems = aclProblems(accessString(await loadTexts({ [file]: text })), inventoryCommands());
      assert.ok(problems.some((problem) => problem.includes(reported)), `reported ${reported}: ${JSON.stringify(problems)}`);
    });
  }

  test('snapshots are kept for days and taken when the cluster is deleted', () => {
    const cluster = resource('aws_memorydb_cluster', 'inventory');
    assertExpr(cluster.snapshot_retention_limit, 'var.inventory_snapshot_retention_days', 'retention');
    assert.ok(variableDefault('inventory_snapshot_retention_days') >= 1);
    assert.match(cluster.snapshot_window, /^\d\d:\d\d-\d\d:\d\d$/);
    assert.ok(cluster.final_snapshot_name, 'a final snapshot');
  });

  test('the order API gets the TLS URI with its password from Secrets Manager, never as plain text', () => {
    const container = local('order_container');
    assert.deepEqual(container.secrets, [
      { name: 'SALES_REDIS_URI', valueFrom: '${aws_secretsmanager_secret.inventory_uri.arn}' },
      { name: 'SALES_ADMIN_TOKEN', valueFrom: '${aws_secretsmanager_secret.sales_admin_token.arn}' },
    ]);
    const plain = local('order_environment').map((entry) => entry.name);
    assert.ok(!plain.includes('SALES_REDIS_URI') && !plain.includes('SALES_ADMIN_TOKEN'), 'no secret among the plain settings');
    const configuration = readRepoFile('docs/configuration.md');
    for (const { name } of container.secrets) {
      assert.ok(configuration.includes(`\`${name}\``), `${name} is in docs/configuration.md`);
    }
    const uri = resource('aws_secretsmanager_secret_version', 'inventory_uri');
    assertExpr(uri.secret_id, 'aws_secretsmanager_secret.inventory_uri.id', 'secret');
    assert.equal(uri.secret_string, 'rediss://${local.inventory_user}:${data.aws_secretsmanager_random_password.inventory.random_password}'
      + '@${aws_memorydb_cluster.inventory.cluster_endpoint[0].address}:${local.inventory_port}');
    assertExpr(resource('aws_memorydb_user', 'order_api').user_name, 'local.inventory_user', 'the same user');
  });

  test('a sale that sold more than its stock raises an alarm, from the line the application logs', () => {
    const marker = local('oversold_log_marker');
    assert.match(readRepoFile('order-war/src/main/java/io/flashorders/order/sale/SaleSweepTask.java'),
      new RegExp(`OVERSOLD = "${marker}"[\\s\\S]*LOG\\.severe\\(OVERSOLD`), 'the sweeper logs the marker at SEVERE');
    const filter = resource('aws_cloudwatch_log_metric_filter', 'oversold');
    assertExpr(filter.log_group_name, 'aws_cloudwatch_log_group.order.name', 'the order receiver\'s log');
    assert.equal(filter.pattern, '"${local.oversold_log_marker}"');
    const alarm = resource('aws_cloudwatch_metric_alarm', 'sale_oversold');
    assertExpr(alarm.alarm_actions, 'var.alarm_actions', 'notifies');
    assertExpr(alarm.namespace, 'local.sales_metrics_namespace', 'namespace');
    assertExpr(filter.metric_transformation[0].namespace, 'local.sales_metrics_namespace', 'namespace');
    assertExpr(alarm.metric_name, 'aws_cloudwatch_log_metric_filter.oversold.metric_transformation[0].name', 'metric');
    assert.equal(alarm.comparison_operator, 'GreaterThanThreshold');
    assert.equal(alarm.threshold, 0);
    assert.equal(alarm.statistic, 'Sum');
  });

  test('the store\'s CPU and memory raise alarms, on whichever node is busiest', () => {
    const alarm = resource('aws_cloudwatch_metric_alarm', 'inventory');
    assertExpr(alarm.alarm_actions, 'var.alarm_actions', 'notifies');
    assert.deepEqual(Object.keys(alarm.for_each).sort(), ['cpu', 'memory']);
    assert.equal(alarm.for_each.cpu.metric, 'EngineCPUUtilization');
    assert.equal(alarm.for_each.memory.metric, 'DatabaseMemoryUsagePercentage');
    assert.equal(alarm.metric_query[0].expression,
      'SELECT MAX(${each.value.metric}) FROM SCHEMA("AWS/MemoryDB", ClusterName, NodeName) WHERE ClusterName = \'${aws_memorydb_cluster.inventory.name}\'');
    assert.equal(alarm.comparison_operator, 'GreaterThanThreshold');
  });
});

// --- IAM -------------------------------------------------------------------------------------------------------

describe('IAM', () => {
  const policyArguments = {
    aws_iam_role: ['assume_role_policy'],
    aws_iam_role_policy: ['policy'],
    aws_sqs_queue_policy: ['policy'],
    aws_sns_topic_policy: ['policy'],
  };

  function documentStatements() {
    return Object.entries(tf.data.aws_iam_policy_document ?? {}).flatMap(([name, { body }]) =>
      statements(body).map((statement) => ({ document: name, ...statement })));
  }

  function actionsOn(document) {
    return statements(data('aws_iam_policy_document', document))
      .map((s) => ({ actions: [...s.actions].sort(), resources: s.resources }));
  }

  test('every policy is an aws_iam_policy_document, so that every statement is checked here', () => {
    for (const { type, name, body } of allResources()) {
      for (const argument of policyArguments[type] ?? []) {
        assert.match(expr(body[argument]) ?? '', /^data\.aws_iam_policy_document\.\w+(\[0\])?\.json$/, `${type}.${name}.${argument}`);
      }
    }
    const inline = allResources().filter(({ type }) => ['aws_iam_policy', 'aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user', 'aws_iam_access_key'].includes(type));
    assert.deepEqual(inline.map(({ type, name }) => `${type}.${name}`), []);
  });

  test('no statement grants "*" actions on "*" resources, nor a whole service', () => {
    const statementsFound = documentStatements();
    assert.ok(statementsFound.length >= 8);
    for (const s of statementsFound) {
      const where = `${s.document}/${s.sid ?? '?'}`;
      assert.equal(s.notActions, undefined, `${where} uses no not_actions`);
      assert.equal(s.notResources, undefined, `${where} uses no not_resources`);
      assert.equal(s.effect, 'Allow', `${where} allows`);
      for (const action of s.actions) {
        assert.ok(action !== '*' && !action.endsWith(':*'), `${where}: action ${action} is not a wildcard`);
      }
      if (s.resources.includes('*')) {
        assert.deepEqual(s.actions, ['ecr:GetAuthorizationToken'], `${where}: only the ECR login needs resource "*"`);
      }
    }
  });

  test('the order receiver may publish to its topic, record orders in its table, and read its queue\'s depth only', () => {
    assert.deepEqual(actionsOn('order_task'), [
      { actions: ['sns:GetTopicAttributes', 'sns:Publish'], resources: ['${aws_sns_topic.orders.arn}'] },
      {
        actions: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem',
          'dynamodb:Query', 'dynamodb:UpdateItem'],
        resources: ['${aws_dynamodb_table.orders.arn}', '${aws_dynamodb_table.orders.arn}/index/*'],
      },
      { actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], resources: ['${local.order_queue.arn}'] },
    ]);
  });

  test('the processor may consume its queue, dead-letter poison, move statuses in the table and send status events only', () => {
    assert.deepEqual(actionsOn('processor_task'), [
      {
        actions: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        resources: ['${local.order_queue.arn}'],
      },
      { actions: ['sqs:GetQueueUrl', 'sqs:SendMessage'], resources: ['${local.order_dlq.arn}'] },
      { actions: ['dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: ['${aws_dynamodb_table.orders.arn}'] },
      { actions: ['sqs:GetQueueUrl', 'sqs:SendMessage'], resources: ['${local.status_events_queue.arn}'] },
    ]);
  });

  test('the Lambda may write its logs, send to its failure queue and move statuses in the table only', () => {
    assert.deepEqual(actionsOn('lambda'), [
      { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['${aws_cloudwatch_log_group.lambda[0].arn}:*'] },
      { actions: ['sqs:SendMessage'], resources: ['${aws_sqs_queue.lambda_failures[0].arn}'] },
      { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: ['${aws_dynamodb_table.orders.arn}'] },
    ]);
  });

  test('no one may scan, or change or delete the order table itself', () => {
    for (const s of documentStatements()) {
      for (const action of ['dynamodb:Scan', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:CreateTable']) {
        assert.ok(!s.actions.includes(action), `${s.document}/${s.sid} grants ${action}`);
      }
    }
  });

  test('the task execution role may pull its two images, write its two log groups and read the order receiver\'s two secrets', () => {
    assert.deepEqual(actionsOn('task_execution'), [
      { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      { actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], resources: ['${aws_ecr_repository.order.arn}', '${aws_ecr_repository.processor.arn}'] },
      { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: ['${aws_cloudwatch_log_group.order.arn}:*', '${aws_cloudwatch_log_group.processor.arn}:*'] },
      { actions: ['secretsmanager:GetSecretValue'], resources: ['${aws_secretsmanager_secret.inventory_uri.arn}', '${aws_secretsmanager_secret.sales_admin_token.arn}'] },
    ]);
  });

  test('each service runs under its own role', () => {
    assertExpr(resource('aws_ecs_task_definition', 'order').task_role_arn, 'local.order_task_role_arn', 'order role');
    assertExpr(resource('aws_ecs_task_definition', 'processor').task_role_arn, 'local.processor_task_role_arn', 'processor role');
    for (const service of ['order', 'processor']) {
      assertExpr(resource('aws_ecs_task_definition', service).execution_role_arn, 'local.task_execution_role_arn', 'execution role');
    }
    assertExpr(resource('aws_lambda_function', 'order').role, 'local.lambda_role_arn', 'Lambda role');
    assertExpr(resource('aws_iam_role', 'order_task').assume_role_policy, 'data.aws_iam_policy_document.ecs_task_role_assume.json', 'trust');
  });

  test('an existing role can replace every role, and then none is created', () => {
    assert.equal(variableDefault('existing_iam_role_name'), null);
    assertExpr(local('create_roles'), 'var.existing_iam_role_name == null', 'create_roles');
    for (const type of ['aws_iam_role', 'aws_iam_role_policy']) {
      for (const [name, { body }] of Object.entries(tf.resources[type])) {
        assert.match(expr(body.count) ?? '', /local\.create_roles \? 1 : 0$/, `${type}.${name} is created only without an existing role`);
      }
    }
    assert.match(expr(local('existing_role_arn')), /data\.aws_caller_identity\.current\.account_id|local\.account_id/);
    for (const name of ['task_execution_role_arn', 'order_task_role_arn', 'processor_task_role_arn', 'lambda_role_arn']) {
      assert.match(expr(local(name)), /^local\.create_roles \? .+ : local\.existing_role_arn$/, name);
    }
  });
});

// --- Serverless path -------------------------------------------------------------------------------------------

describe('serverless path', () => {
  test('it is off by default, and every piece of it hangs on enable_lambda', () => {
    assert.equal(variableDefault('enable_lambda'), false);
    const lambdaFile = allResources().filter(({ file }) => file === 'lambda.tf');
    assert.ok(lambdaFile.length >= 8);
    for (const { type, name, body } of lambdaFile) {
      assert.match(expr(body.count) ?? '', /^var\.enable_lambda( && local\.create_roles)? \? 1 : 0$/, `${type}.${name} has count on enable_lambda`);
    }
    for (const [name, { body, file }] of Object.entries(tf.data.aws_iam_policy_document)) {
      if (file === 'lambda.tf' && name !== 'lambda_assume') {
        assertExpr(body.count, 'var.enable_lambda ? 1 : 0', `data ${name}`);
      }
    }
  });

  test('the function takes its jar from a variable and runs on Java with 512 MB', () => {
    const fn = resource('aws_lambda_function', 'order');
    assertExpr(fn.filename, 'var.lambda_jar_path', 'jar path');
    assertExpr(fn.source_code_hash, 'try(filebase64sha256(var.lambda_jar_path), null)', 'code hash');
    assertExpr(fn.handler, 'var.lambda_handler', 'handler');
    assertExpr(fn.runtime, 'var.lambda_runtime', 'runtime');
    assert.equal(variableDefault('lambda_jar_path'), null);
    assert.equal(variableDefault('lambda_memory_mb'), 512);
    assert.match(variableDefault('lambda_runtime'), /^java\d+$/);
    const preconditions = fn.lifecycle[0].precondition.map((p) => p.condition);
    assert.ok(preconditions.includes('${can(filebase64sha256(var.lambda_jar_path))}'), 'a missing jar stops the plan');
    assertExpr(fn.environment[0].variables.PAYMENT_LATENCY_MS, 'tostring(var.payment_latency_ms)', 'latency');
    assertExpr(fn.environment[0].variables.ORDERS_TABLE_NAME, 'aws_dynamodb_table.orders.name', 'the order table');
  });

  test('the topic invokes it, and failed events go to its own queue', () => {
    const subscription = resource('aws_sns_topic_subscription', 'lambda');
    assert.equal(subscription.protocol, 'lambda');
    assertExpr(subscription.endpoint, 'aws_lambda_alias.order_live[0].arn', 'the alias, which has the snapshot');
    assertExpr(subscription.topic_arn, 'aws_sns_topic.orders.arn', 'topic');
    const permission = resource('aws_lambda_permission', 'order_topic');
    assert.equal(permission.principal, 'sns.amazonaws.com');
    assertExpr(permission.source_arn, 'aws_sns_topic.orders.arn', 'permission source');
    assertExpr(permission.qualifier, 'aws_lambda_alias.order_live[0].name', 'permission on the alias');
    const invoke = resource('aws_lambda_function_event_invoke_config', 'order');
    assertExpr(invoke.destination_config[0].on_failure[0].destination, 'aws_sqs_queue.lambda_failures[0].arn', 'on-failure destination');
    assertExpr(invoke.qualifier, 'aws_lambda_alias.order_live[0].name', 'retries and destination of the alias');
    assert.equal(invoke.maximum_retry_attempts, 2);
  });

  test('SnapStart is on: every apply publishes a version with a snapshot, and the alias the topic invokes follows it', () => {
    const fn = resource('aws_lambda_function', 'order');
    assert.equal(fn.publish, true, 'SnapStart applies to published versions only');
    assert.deepEqual(fn.snap_start, [{ apply_on: 'PublishedVersions' }]);
    assert.match(variableDefault('lambda_runtime'), /^java(1[7-9]|[2-9]\d)$/, 'a Java runtime that has SnapStart');
    const alias = resource('aws_lambda_alias', 'order_live');
    assertExpr(alias.function_name, 'aws_lambda_function.order[0].function_name', 'alias of the function');
    assertExpr(alias.function_version, 'aws_lambda_function.order[0].version', 'the version just published');
  });
});

// --- Outputs ---------------------------------------------------------------------------------------------------

describe('outputs', () => {
  test('the load balancer address, the topic and the queue are outputs', () => {
    assertExpr(tf.outputs.alb_dns_name?.body.value, 'aws_lb.order.dns_name', 'alb_dns_name');
    assert.equal(tf.outputs.order_api_url?.body.value, '%{if local.https}https%{else}http%{endif}://${aws_lb.order.dns_name}');
    assertExpr(tf.outputs.topic_arn?.body.value, 'aws_sns_topic.orders.arn', 'topic_arn');
    assertExpr(tf.outputs.queue_url?.body.value, 'local.order_queue.url', 'queue_url');
    assertExpr(tf.outputs.orders_table_name?.body.value, 'aws_dynamodb_table.orders.name', 'orders_table_name');
  });

  test('the example settings and the guide set only declared variables, in terraform.tfvars and never with -var', async () => {
    const example = await parseHcl('terraform.tfvars.example', fs.readFileSync(path.join(TERRAFORM_DIR, 'terraform.tfvars.example'), 'utf8'));
    // The commented-out settings too: each must be a variable once uncommented.
    const commented = [...fs.readFileSync(path.join(TERRAFORM_DIR, 'terraform.tfvars.example'), 'utf8')
      .matchAll(/^# ?([a-z][a-z0-9_]*) +=/gm)].map((m) => m[1]);
    for (const name of [...Object.keys(example), ...commented]) {
      assert.ok(tf.variables[name], `terraform.tfvars.example sets ${name}, a declared variable`);
    }
    assert.ok(commented.includes('image_tag') && commented.includes('certificate_arn') && commented.includes('sale_starts_at'));
    const guide = readRepoFile('docs/deploy-aws.md');
    assert.doesNotMatch(guide, /-var[ =]/, 'the guide changes settings in terraform.tfvars, not with -var');
    assert.doesNotMatch(readRepoFile('deploy/build-and-push.sh'), /-var[ =]/);
    for (const [, name] of guide.matchAll(/^([a-z][a-z0-9_]*) += /gm)) {
      assert.ok(tf.variables[name], `the guide sets ${name}, a declared variable`);
    }
    assert.match(readRepoFile('.gitignore'), /^\*\.tfvars$/m, 'terraform.tfvars stays out of git');
  });

  test('every output is described', () => {
    for (const [name, { body }] of Object.entries(tf.outputs)) {
      assert.ok(body.description?.length > 5, `output ${name} has a description`);
    }
  });
});

// --- Images ----------------------------------------------------------------------------------------------------

describe('container images', () => {
  const pom = readRepoFile('pom.xml');
  const libertyVersion = /<openliberty\.version>([^<]+)<\/openliberty\.version>/.exec(pom)[1];
  const services = {
    order: { module: 'order-war', includes: ['common.xml'] },
    processor: { module: 'processor-war', includes: ['common.xml', 'processor.xml'] },
  };
  const dockerignore = readRepoFile('.dockerignore').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));

  function copies(dockerfile) {
    return [...dockerfile.matchAll(/^COPY --chown=1001:0 (\S+) (\S+)$/gm)].map((m) => ({ from: m[1], to: m[2] }));
  }

  for (const [service, { module, includes }] of Object.entries(services)) {
    test(`the ${service} image is Open Liberty ${libertyVersion}, as in the tests, with its WAR and configuration`, () => {
      const dockerfile = readRepoFile(`deploy/${service}/Dockerfile`);
      const from = /^FROM (\S+)$/m.exec(dockerfile)[1];
      assert.equal(from, `icr.io/appcafe/open-liberty:${libertyVersion}-kernel-slim-java17-openj9-ubi-minimal`);

      const finalName = /<finalName>([^<]+)<\/finalName>/.exec(readRepoFile(`${module}/pom.xml`))[1];
      const war = `${module}/target/${finalName}.war`;
      // The project's Liberty user feature (liberty-errors) that common.xml enables: its manifest and its bundle,
      // under the conventional names of the runtime's user extension.
      const featureDir = 'liberty-errors/src/main/liberty/extension/lib/features/';
      const bundle = 'liberty-errors/target/liberty-errors.jar';
      const built = [war, bundle];
      const destination = {
        [war]: '/config/apps/',
        [featureDir]: '/opt/ol/wlp/usr/extension/lib/features/',
        [bundle]: '/opt/ol/wlp/usr/extension/lib/io.flashorders.liberty.errors_1.0.0.jar',
      };
      const files = copies(dockerfile);
      assert.deepEqual(files.map((c) => c.from).sort(), [
        ...includes.map((name) => `liberty-config/src/main/liberty/config/${name}`), `deploy/${service}/server.xml`, war,
        featureDir, bundle,
      ].sort());
      for (const { from, to } of files) {
        assert.ok(built.includes(from) || fs.existsSync(path.join(REPO_ROOT, from)), `${from} exists`);
        assert.equal(to, destination[from] ?? '/config/');
        assert.ok(dockerignore.includes(from.replace(/\/$/, '')), `.dockerignore lets ${from} into the build context`);
      }
      const bundleName = /^Bundle-SymbolicName: (\S+)$/m.exec(readRepoFile('liberty-errors/src/main/osgi/MANIFEST.MF'))[1];
      assert.match(readRepoFile('liberty-errors/src/assembly/extension.xml'), new RegExp(`<destName>${bundleName}_1\\.0\\.0\\.jar</destName>`));
      // features.sh installs the features the configuration names, so it runs after the configuration is in
      // place; configure.sh is the last step.
      const steps = dockerfile.split('\n').filter((l) => /^(COPY|RUN)/.test(l));
      assert.equal(steps.at(-1), 'RUN configure.sh');
      assert.ok(steps.indexOf('RUN features.sh') > steps.findIndex((l) => l.includes('server.xml')));
      assert.ok(steps.indexOf('RUN features.sh') < steps.findIndex((l) => l.includes(war)));
      assert.ok(steps.indexOf('RUN features.sh') > steps.findIndex((l) => l.includes(bundle)), 'the feature is in place before features.sh');
    });

    test(`the ${service} server listens on every interface, talks to AWS itself and serves its WAR at its context root`, () => {
      // The configuration itself, without its comments.
      const xml = readRepoFile(`deploy/${service}/server.xml`).replace(/<!--[\s\S]*?-->/g, '');
      const included = [...xml.matchAll(/<include location="([^"]+)"\/>/g)].map((m) => m[1]);
      assert.deepEqual(included, includes);
      assert.match(xml, /<variable name="http\.host" defaultValue="\*"\/>/);
      assert.ok(xml.indexOf('name="http.host"') > xml.lastIndexOf('<include'), 'after the includes, so it wins over common.xml');
      assert.doesNotMatch(xml, /aws\.endpoint/);
      const finalName = /<finalName>([^<]+)<\/finalName>/.exec(readRepoFile(`${module}/pom.xml`))[1];
      const contextRoot = /<context-root uri="([^"]+)"\/>/.exec(readRepoFile(`${module}/src/main/webapp/WEB-INF/ibm-web-ext.xml`))[1];
      assert.match(xml, new RegExp(`<webApplication location="${finalName}\\.war" contextRoot="${contextRoot.replace('/', '\\/')}"/>`));
    });
  }

  test('the build script pushes both images to the repositories the outputs name, for the tasks\' platform', () => {
    const script = readRepoFile('deploy/build-and-push.sh');
    assert.ok(fs.statSync(path.join(REPO_ROOT, 'deploy/build-and-push.sh')).mode & 0o111, 'the script is executable');
    for (const [, name] of script.matchAll(/\$\(output (\w+)\)/g)) {
      assert.ok(tf.outputs[name], `output ${name} exists`);
    }
    for (const service of Object.keys(services)) {
      assert.match(script, new RegExp(`deploy/${service}/Dockerfile`));
    }
    assert.match(script, /--platform linux\/amd64/);
    for (const service of Object.keys(services)) {
      assert.equal(resource('aws_ecs_task_definition', service).runtime_platform[0].cpu_architecture, 'X86_64');
    }
  });
});

// --- Secrets ---------------------------------------------------------------------------------------------------

describe('no credentials, account ids or personal paths', () => {
  function filesUnder(relative) {
    const full = path.join(REPO_ROOT, relative);
    if (fs.statSync(full).isFile()) return [relative];
    return fs.readdirSync(full, { withFileTypes: true })
      .filter((entry) => !['node_modules', '.terraform', 'target'].includes(entry.name))
      .flatMap((entry) => filesUnder(path.join(relative, entry.name)))
      .filter((file) => !file.endsWith('package-lock.json'));
  }

  const checked = ['terraform', 'deploy', '.dockerignore', 'docs/deploy-aws.md'].flatMap(filesUnder);

  test('the deployment files are all checked', () => {
    assert.ok(checked.includes('terraform/iam.tf') && checked.includes('deploy/build-and-push.sh') && checked.includes('docs/deploy-aws.md'));
  });

  for (const [what, pattern] of [
    ['a 12-digit account id', /(?<!\d)\d{12}(?!\d)/],
    ['an access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
    ['a secret key setting', /aws_secret_access_key\s*[=:]|secret_key\s*=/i],
    ['a personal path', /\/home\/\w|\/Users\/\w|C:\\Users\\/],
  ]) {
    test(`no file holds ${what}`, () => {
      const offenders = checked.filter((file) => pattern.test(readRepoFile(file)));
      assert.deepEqual(offenders, []);
    });
  }

  test('the provider takes its credentials from the default chain', () => {
    const provider = tf.providers.aws.body;
    for (const argument of ['access_key', 'secret_key', 'token', 'profile', 'shared_credentials_files', 'assume_role']) {
      assert.equal(provider[argument], undefined, `provider sets no ${argument}`);
    }
  });
});
