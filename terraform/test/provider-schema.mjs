// The AWS provider's schema as the npm package @cdktn/provider-aws (CDK Terrain's prebuilt bindings, the maintained
// successor of @cdktf/provider-aws) publishes it: the package is generated from the provider's own schema (its
// package.json names the provider version, which versions.tf pins), one folder per
// resource or data source under lib/. Each folder's index.js lists every argument and nested block the provider
// accepts (synthesizeHclAttributes, and one <struct>ToHclTerraform function per block) and every attribute a
// reference may read (the resource class's getters). Only the folders of the types the configuration uses are read.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const PROVIDER_PACKAGE_DIR = path.dirname(require.resolve('@cdktn/provider-aws'));
export const PROVIDER_PACKAGE = JSON.parse(fs.readFileSync(path.join(PROVIDER_PACKAGE_DIR, '..', 'package.json'), 'utf8'));

/** The provider version the package was generated from, such as "6.66.0". */
export const PROVIDER_VERSION = PROVIDER_PACKAGE.cdktn.provider.version;

// Terraform's own arguments and blocks, valid in every resource and data block.
export const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', 'dynamic']);

const ENTRY = /^\s+([a-z0-9_]+): \{\s*\n\s*value: ([^\n]*),\s*\n\s*isBlock: (true|false),\s*\n\s*type: "(\w+)",\s*\n\s*storageClassType: "(\w+)",\s*\n\s*\},?$/gm;

/** The entries of one `const attrs = {...}` object literal, starting at index `from` of `text`. */
function attrsAt(text, from) {
  const start = text.indexOf('const attrs = {', from);
  const end = text.indexOf('// remove undefined attributes', start);
  if (start < 0 || end < 0) {
    throw new Error(`no attrs object after offset ${from}`);
  }
  const body = text.slice(start, end);
  const entries = new Map();
  for (const match of body.matchAll(ENTRY)) {
    const [, name, value, isBlock, type, storage] = match;
    const struct = isBlock === 'true' ? /(\w+)ToHclTerraform\b/.exec(value)?.[1] : null;
    entries.set(name, { block: isBlock === 'true', type, storage, struct });
  }
  return entries;
}

/** Arguments and blocks of one nested block, by its struct function's name; nested blocks resolve lazily. */
function structSchema(text, struct, cache) {
  if (!cache.has(struct)) {
    const at = text.indexOf(`function ${struct}ToHclTerraform(struct) {`);
    if (at < 0) {
      throw new Error(`the provider package has no ${struct}ToHclTerraform`);
    }
    cache.set(struct, schemaOf(text, attrsAt(text, at), cache));
  }
  return cache.get(struct);
}

function schemaOf(text, entries, cache) {
  const schema = { arguments: new Map(), blocks: new Map() };
  for (const [name, entry] of entries) {
    if (entry.block) {
      schema.blocks.set(name, { type: entry.type, get schema() { return structSchema(text, entry.struct, cache); } });
    } else {
      schema.arguments.set(name, { type: entry.type, storage: entry.storage });
    }
  }
  return schema;
}

const loaded = new Map();

/**
 * The schema of one resource type (kind 'resource') or data source (kind 'data'): { arguments, blocks,
 * attributes }, or null when the provider has no such type.
 */
export function typeSchema(kind, type) {
  const key = `${kind} ${type}`;
  if (!loaded.has(key)) {
    loaded.set(key, load(kind, type));
  }
  return loaded.get(key);
}

function load(kind, type) {
  const folder = (kind === 'data' ? `data-${type}` : type.replace(/^aws_/, '')).replace(/_/g, '-');
  const file = path.join(PROVIDER_PACKAGE_DIR, folder, 'index.js');
  if (!fs.existsSync(file)) {
    return null;
  }
  const text = fs.readFileSync(file, 'utf8');
  const declared = /\btfResourceType = "([a-z0-9_]+)";/.exec(text)?.[1];
  const base = kind === 'data' ? 'TerraformDataSource' : 'TerraformResource';
  const classAt = text.search(new RegExp(`class \\w+ extends cdktn\\.${base} \\{`));
  if (declared !== type || classAt < 0) {
    return null;
  }
  const cache = new Map();
  const schema = schemaOf(text, attrsAt(text, text.indexOf('synthesizeHclAttributes() {', classAt)), cache);
  // Everything a reference may read: the arguments and the computed attributes, from the class's getters.
  const classText = text.slice(classAt);
  schema.attributes = new Set([...schema.arguments.keys(), ...schema.blocks.keys()]);
  for (const match of classText.matchAll(/(?:get\w*Attribute|interpolationForAttribute)\('([a-z0-9_]+)'\)|new \w+\(this, "([a-z0-9_]+)"/g)) {
    schema.attributes.add(match[1] ?? match[2]);
  }
  return schema;
}
