// Reads the Terraform configuration in terraform/ the way Terraform would see its blocks: every .tf file is
// parsed by @cdktf/hcl2json (HashiCorp's HCL2 parser compiled to WebAssembly), which rejects syntax errors.
// Expressions come back as strings of the form "${...}"; object and tuple literals come back as JSON.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

export const TERRAFORM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(TERRAFORM_DIR, '..');

export function tfFiles(dir = TERRAFORM_DIR) {
  return fs.readdirSync(dir).filter((name) => name.endsWith('.tf')).sort();
}

export async function parseHcl(fileName, text) {
  return parse(fileName, text);
}

/** Parses every .tf file and gathers the blocks by kind, remembering the file each came from. */
export async function loadConfig(dir = TERRAFORM_DIR) {
  return loadTexts(Object.fromEntries(tfFiles(dir).map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')])));
}

/** As loadConfig, from file name -> HCL text. */
export async function loadTexts(texts) {
  const config = {
    files: {},
    resources: {}, // type -> name -> { body, file }
    data: {},
    variables: {}, // name -> { body, file }
    locals: {}, // name -> { value, file }
    outputs: {},
    providers: {},
    terraform: [],
  };
  for (const [file, text] of Object.entries(texts)) {
    const parsed = await parseHcl(file, text);
    config.files[file] = { text, parsed };
    for (const [kind, target] of [['resource', config.resources], ['data', config.data]]) {
      for (const [type, byName] of Object.entries(parsed[kind] ?? {})) {
        target[type] ??= {};
        for (const [name, bodies] of Object.entries(byName)) {
          if (target[type][name]) {
            throw new Error(`${kind} ${type}.${name} is declared twice (${target[type][name].file}, ${file})`);
          }
          target[type][name] = { body: bodies[0], file };
        }
      }
    }
    for (const [kind, target] of [['variable', config.variables], ['output', config.outputs], ['provider', config.providers]]) {
      for (const [name, bodies] of Object.entries(parsed[kind] ?? {})) {
        if (target[name]) {
          throw new Error(`${kind} ${name} is declared twice (${target[name].file}, ${file})`);
        }
        target[name] = { body: bodies[0], file };
      }
    }
    for (const block of parsed.locals ?? []) {
      for (const [name, value] of Object.entries(block)) {
        if (config.locals[name]) {
          throw new Error(`local ${name} is declared twice (${config.locals[name].file}, ${file})`);
        }
        config.locals[name] = { value, file };
      }
    }
    config.terraform.push(...(parsed.terraform ?? []));
  }
  return config;
}

/** The expression inside "${...}" when the whole value is one interpolation; null for literals and templates. */
export function expr(value) {
  if (typeof value !== 'string' || !value.startsWith('${') || !value.endsWith('}')) {
    return null;
  }
  const inner = value.slice(2, -1);
  // "${a}-${b}" is a template, not one expression: the first interpolation closes before the end.
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '{') depth++;
    if (inner[i] === '}') {
      if (depth === 0) return null;
      depth--;
    }
  }
  return inner.trim();
}

/** Every string anywhere inside a value (block bodies, object and tuple literals), with its path. */
export function* strings(value, where = '') {
  if (typeof value === 'string') {
    yield [where, value];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* strings(value[i], `${where}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) yield* strings(inner, where ? `${where}.${key}` : key);
  }
}

/**
 * The named values an expression string refers to. Only strings that contain an interpolation are expressions;
 * plain strings (descriptions, messages) are text.
 */
export function references(text) {
  if (!text.includes('${')) {
    return [];
  }
  const found = [];
  const patterns = [
    ['var', /(?<![\w.])var\.([A-Za-z_][\w-]*)/g],
    ['local', /(?<![\w.])local\.([A-Za-z_][\w-]*)/g],
    ['data', /(?<![\w.])data\.([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)/g],
    ['resource', /(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g],
  ];
  for (const [kind, pattern] of patterns) {
    for (const match of text.matchAll(pattern)) {
      const end = match.index + match[0].length;
      if (kind === 'data' || kind === 'resource') {
        found.push({ kind, type: match[1], name: match[2], next: text[end] ?? '', text: match[0] });
      } else {
        found.push({ kind, name: match[1], next: text[end] ?? '', text: match[0] });
      }
    }
  }
  return found;
}

/** The statements of an aws_iam_policy_document body, with actions and resources as arrays. */
export function statements(documentBody) {
  return (documentBody.statement ?? []).map((statement) => ({
    sid: statement.sid,
    effect: statement.effect ?? 'Allow',
    actions: statement.actions ?? [],
    notActions: statement.not_actions,
    resources: statement.resources ?? [],
    notResources: statement.not_resources,
    principals: statement.principals ?? [],
    conditions: statement.condition ?? [],
  }));
}

/** The CIDR block as [first address, last address] in 32-bit integers. */
export function cidrRange(cidr) {
  const [address, bits] = cidr.split('/');
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
    throw new Error(`not an IPv4 CIDR block: ${cidr}`);
  }
  const prefix = Number(bits);
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) {
    throw new Error(`${cidr} has host bits set`);
  }
  return [base, base + size - 1];
}

export function readRepoFile(relative) {
  return fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}
