// What `terraform validate` would reject, checked without Terraform: every resource and data block's arguments and
// nested blocks against the AWS provider's schema (provider-schema.mjs), literal values against the argument's
// type, every reference to a resource's attribute against what the resource exports, and the values AWS documents
// limits for (Fargate CPU/memory pairs, container definitions, alarm settings). checkConfig returns one message per
// mistake; an empty list means the configuration passed.

import { META_ARGUMENTS, typeSchema } from './provider-schema.mjs';
import { expr, strings } from './terraform-config.mjs';

const LIFECYCLE = new Set(['create_before_destroy', 'prevent_destroy', 'ignore_changes', 'replace_triggered_by', 'precondition', 'postcondition']);

// AWS Fargate's task sizes: CPU units -> the memory values (MiB) each allows.
const steps = (from, to, step) => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
export const FARGATE_MEMORY_MIB = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

// CloudWatch PutMetricAlarm's documented values.
export const TREAT_MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'];
const COMPARISON_OPERATORS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'];
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

// ECS RegisterTaskDefinition's container definition fields, with the ranges AWS documents for Fargate.
const CONTAINER_FIELDS = new Set(['name', 'image', 'repositoryCredentials', 'cpu', 'memory', 'memoryReservation', 'links', 'portMappings',
  'essential', 'restartPolicy', 'entryPoint', 'command', 'environment', 'environmentFiles', 'mountPoints', 'volumesFrom', 'linuxParameters',
  'secrets', 'dependsOn', 'startTimeout', 'stopTimeout', 'versionConsistency', 'hostname', 'user', 'workingDirectory', 'disableNetworking',
  'privileged', 'readonlyRootFilesystem', 'dnsServers', 'dnsSearchDomains', 'extraHosts', 'dockerSecurityOptions', 'interactive',
  'pseudoTerminal', 'dockerLabels', 'ulimits', 'logConfiguration', 'healthCheck', 'systemControls', 'resourceRequirements',
  'firelensConfiguration', 'credentialSpecs']);
const CONTAINER_RANGES = { stopTimeout: [0, 120], startTimeout: [2, 600] };
const HEALTH_CHECK_RANGES = { interval: [5, 300], timeout: [2, 120], retries: [1, 10], startPeriod: [0, 300] };

/** Every mistake in a configuration loaded by terraform-config.mjs's loadConfig. */
export function checkConfig(config) {
  const errors = [];
  for (const [kind, byType] of [['resource', config.resources], ['data', config.data]]) {
    for (const [type, byName] of Object.entries(byType)) {
      const schema = typeSchema(kind, type);
      for (const [name, { body, file }] of Object.entries(byName)) {
        const where = `${file}: ${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        if (!schema) {
          errors.push(`${where}: the AWS provider has no ${kind === 'data' ? 'data source' : 'resource type'} ${type}`);
          continue;
        }
        checkBody(body, schema, where, errors, true);
      }
    }
  }
  checkReferences(config, errors);
  checkValues(config, errors);
  return errors;
}

function checkBody(body, schema, where, errors, topLevel) {
  for (const [key, value] of Object.entries(body)) {
    if (topLevel && META_ARGUMENTS.has(key)) {
      if (key === 'lifecycle') {
        for (const block of value) {
          for (const inner of Object.keys(block)) {
            if (!LIFECYCLE.has(inner)) errors.push(`${where}: lifecycle has no argument ${inner}`);
          }
        }
      }
      if (key === 'dynamic') checkDynamic(value, schema, where, errors);
      continue;
    }
    if (!topLevel && key === 'dynamic') {
      checkDynamic(value, schema, where, errors);
      continue;
    }
    if (schema.blocks.has(key)) {
      if (!Array.isArray(value) || value.some((block) => !block || typeof block !== 'object' || Array.isArray(block))) {
        errors.push(`${where}: ${key} is a block (write ${key} { ... }), not an argument`);
        continue;
      }
      for (const block of value) checkBody(block, schema.blocks.get(key).schema, `${where}.${key}`, errors, false);
    } else if (schema.arguments.has(key)) {
      const problem = literalProblem(value, schema.arguments.get(key).storage);
      if (problem) errors.push(`${where}: ${key} = ${JSON.stringify(value)}: ${problem}`);
    } else {
      errors.push(`${where}: the provider has no argument or block ${key}`);
    }
  }
}

function checkDynamic(dynamic, schema, where, errors) {
  for (const [label, bodies] of Object.entries(dynamic)) {
    if (!schema.blocks.has(label)) {
      errors.push(`${where}: dynamic "${label}" names no block of the provider's`);
      continue;
    }
    for (const body of bodies) {
      for (const content of body.content ?? []) checkBody(content, schema.blocks.get(label).schema, `${where}.${label}`, errors, false);
    }
  }
}

/** Why a literal cannot become the argument's type, as Terraform converts it; null when it can (or is an expression). */
function literalProblem(value, storage) {
  if (typeof value === 'string' && value.includes('${')) return null;
  if (storage === 'boolean' && !(typeof value === 'boolean' || value === 'true' || value === 'false')) return 'a bool must be true or false';
  if (storage === 'number' && !(typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))))) {
    return 'not a number';
  }
  if (storage === 'string' && (typeof value === 'object' && value !== null)) return 'a string argument given a collection';
  return null;
}

// aws_x.name.attribute, aws_x.name[index].attribute, data.aws_x.name.attribute
const ATTRIBUTE_REFERENCE = /(?<![\w.])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(\[(?:[^\[\]]|\[[^\]]*\])*\])?\.([a-z_][a-z0-9_]*)/g;

function checkReferences(config, errors) {
  const places = [];
  for (const byType of [config.resources, config.data]) {
    for (const [type, byName] of Object.entries(byType)) {
      for (const [name, { body, file }] of Object.entries(byName)) places.push([`${file}: ${type}.${name}`, body]);
    }
  }
  for (const [name, { value, file }] of Object.entries(config.locals)) places.push([`${file}: local.${name}`, value]);
  for (const [name, { body, file }] of Object.entries(config.outputs)) places.push([`${file}: output ${name}`, body]);
  for (const [where, value] of places) {
    for (const [, text] of strings(value)) {
      if (!text.includes('${')) continue;
      for (const match of text.matchAll(ATTRIBUTE_REFERENCE)) {
        const [whole, data, type, , , attribute] = match;
        const schema = typeSchema(data ? 'data' : 'resource', type);
        if (schema && !schema.attributes.has(attribute)) {
          errors.push(`${where}: ${whole}: ${data ? 'data source' : 'resource type'} ${type} has no attribute ${attribute}`);
        }
      }
    }
  }
}

/** The value of a literal, or of `var.x` with a default; undefined when it is anything else. */
function known(config, value) {
  const inner = expr(value);
  if (inner === null) return value;
  const variable = /^var\.([A-Za-z_][\w-]*)$/.exec(inner);
  return variable ? config.variables[variable[1]]?.body.default : undefined;
}

/** The container definitions of a task definition, when they are jsonencode([...]) of locals. */
export function containerDefinitions(config, body) {
  const inner = expr(body.container_definitions);
  const list = inner && /^jsonencode\(\[(.*)\]\)$/s.exec(inner);
  if (!list) return [];
  return list[1].split(',').map((item) => /^local\.([\w-]+)$/.exec(item.trim())?.[1]).filter(Boolean)
    .map((name) => ({ name, definition: config.locals[name]?.value })).filter(({ definition }) => definition);
}

function checkValues(config, errors) {
  for (const [name, { body, file }] of Object.entries(config.resources.aws_ecs_task_definition ?? {})) {
    const where = `${file}: aws_ecs_task_definition.${name}`;
    const cpu = Number(known(config, body.cpu));
    const memory = Number(known(config, body.memory));
    if ((body.requires_compatibilities ?? []).includes('FARGATE') && Number.isFinite(cpu) && Number.isFinite(memory)) {
      if (!FARGATE_MEMORY_MIB[cpu]?.includes(memory)) errors.push(`${where}: ${cpu} CPU with ${memory} MiB is not a Fargate task size`);
    }
    for (const { name: local, definition } of containerDefinitions(config, body)) {
      for (const key of Object.keys(definition)) {
        if (!CONTAINER_FIELDS.has(key)) errors.push(`${where}: container local.${local} has no field ${key}`);
      }
      for (const [field, [min, max]] of Object.entries(CONTAINER_RANGES)) {
        if (field in definition && !(typeof definition[field] === 'number' && definition[field] >= min && definition[field] <= max)) {
          errors.push(`${where}: container local.${local}: ${field} = ${JSON.stringify(definition[field])} is outside ${min}-${max}`);
        }
      }
      for (const [field, [min, max]] of Object.entries(HEALTH_CHECK_RANGES)) {
        const v = definition.healthCheck?.[field];
        if (v !== undefined && !(typeof v === 'number' && v >= min && v <= max)) {
          errors.push(`${where}: container local.${local}: healthCheck.${field} = ${JSON.stringify(v)} is outside ${min}-${max}`);
        }
      }
    }
  }
  for (const [name, { body, file }] of Object.entries(config.resources.aws_cloudwatch_metric_alarm ?? {})) {
    const where = `${file}: aws_cloudwatch_metric_alarm.${name}`;
    for (const [field, allowed] of [['treat_missing_data', TREAT_MISSING_DATA], ['comparison_operator', COMPARISON_OPERATORS], ['statistic', STATISTICS]]) {
      const v = known(config, body[field]);
      if (body[field] !== undefined && v !== undefined && !allowed.includes(v)) {
        errors.push(`${where}: ${field} = ${JSON.stringify(v)}: must be one of ${allowed.join(', ')}`);
      }
    }
  }
}
