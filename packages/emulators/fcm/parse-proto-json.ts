/**
 * Proto3-JSON parsing the way Google's front end (ESF) does it before FCM sees a request: unknown field names,
 * wrong value types and bad enum values are collected, every one of them, as BadRequest field violations.
 * Message formats: "Invalid value at 'message.data[0].value' (TYPE_STRING), 12" (✅ FCM error codes page) and
 * "Invalid JSON payload received. Unknown name \"x\" at 'path': Cannot find field." (🔎 Google APIs); the
 * renderings for enums, durations and whole-object mistakes follow the same pattern (⚠️).
 *
 * The result is the canonical form: snake_case names, enums as their upper-case names, nulls dropped.
 */
import type { FieldViolation } from './google-errors.ts';
import type { FieldType, Schema } from './message-schema.ts';

type Json = Record<string, unknown>;

const DURATION = /^-?\d+(\.\d{1,9})?s$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function render(v: unknown): string {
  if (Array.isArray(v)) return 'Starting an array on a scalar field';
  if (isJson(v)) return 'Starting an object on a scalar field';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function snakeOf(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

export class ProtoJsonParser {
  readonly violations: FieldViolation[] = [];

  private invalid(path: string, typeLabel: string, v: unknown): undefined {
    const description = `Invalid value at '${path}' (${typeLabel}), ${render(v)}`;
    this.violations.push({ field: path, description });
    return undefined;
  }

  private unknown(path: string, name: string): void {
    const at = path === '' ? '' : ` at '${path}'`;
    this.violations.push({ field: path, description: `Invalid JSON payload received. Unknown name ${JSON.stringify(name)}${at}: Cannot find field.` });
  }

  /** Parses `value` as a message of `schema` found at `path` ('' for the request body). */
  message(value: unknown, schema: Schema, path: string, typeName: string): Json | undefined {
    if (!isJson(value)) return this.invalid(path, `type.googleapis.com/${typeName}`, value);
    const out: Json = {};
    for (const [name, raw] of Object.entries(value)) {
      // The proto name as is, or a lowerCamel JSON name (which has no underscores).
      const field = Object.hasOwn(schema, name) || name.includes('_') ? name : snakeOf(name);
      const type = Object.hasOwn(schema, field) ? schema[field] : undefined;
      if (type === undefined) {
        this.unknown(path, name);
        continue;
      }
      if (raw === null) continue;
      const parsed = this.field(raw, type, join(path, field));
      if (parsed !== undefined) out[field] = parsed;
    }
    return out;
  }

  private field(v: unknown, type: FieldType, path: string): unknown {
    switch (type.t) {
      case 'string':
        return typeof v === 'string' ? v : this.invalid(path, 'TYPE_STRING', v);
      case 'bool':
        return typeof v === 'boolean' ? v : this.invalid(path, 'TYPE_BOOL', v);
      case 'int32': {
        const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
        return typeof n === 'number' && Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX ? n : this.invalid(path, 'TYPE_INT32', v);
      }
      case 'float': {
        const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
        return typeof n === 'number' && Number.isFinite(n) ? n : this.invalid(path, 'TYPE_FLOAT', v);
      }
      case 'duration':
        return typeof v === 'string' && DURATION.test(v) ? v : this.invalid(path, 'type.googleapis.com/google.protobuf.Duration', v);
      case 'timestamp':
        return typeof v === 'string' && TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v))
          ? v
          : this.invalid(path, 'type.googleapis.com/google.protobuf.Timestamp', v);
      case 'enum': {
        // Enum names are matched without regard to case: Google's own sample sends "priority": "normal" (✅).
        if (typeof v === 'string') {
          const name = type.values.find((x) => x === v.toUpperCase());
          if (name !== undefined) return name;
        } else if (typeof v === 'number' && Number.isInteger(v) && type.values[v] !== undefined) {
          return type.values[v];
        }
        return this.invalid(path, `type.googleapis.com/${type.type}`, v);
      }
      case 'map': {
        if (!isJson(v)) return this.invalid(path, 'TYPE_MESSAGE', v);
        const out: Record<string, string> = {};
        let i = 0;
        for (const [k, x] of Object.entries(v)) {
          if (typeof x === 'string') out[k] = x;
          else this.invalid(`${path}[${i}].value`, 'TYPE_STRING', x);
          i++;
        }
        return out;
      }
      case 'struct':
        return isJson(v) ? v : this.invalid(path, 'type.googleapis.com/google.protobuf.Struct', v);
      case 'message':
        return this.message(v, type.fields, path, type.type);
      case 'repeated': {
        if (!Array.isArray(v)) return this.invalid(path, 'TYPE_MESSAGE', v);
        const out: unknown[] = [];
        v.forEach((x, i) => {
          const parsed = this.field(x, type.of, `${path}[${i}]`);
          if (parsed !== undefined) out.push(parsed);
        });
        return out;
      }
    }
  }
}
