import fc from "fast-check";

/**
 * fast-check arbitraries from the JSON schemas of an OpenAPI 3.1 document: values that
 * mostly fit (known good values by name, enums, patterns, bounds) and, in hostile mode,
 * leaves swapped for values that attack the parser, the database or the display.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export interface OpenApiOperation {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
  security?: Record<string, unknown>[];
}

export const hostileStrings = [
  "",
  " ",
  "\u0000",
  "An\u0000na",
  "\ud800",
  "x\udfffy",
  "\u202Egnp.exe Anna",
  "Anna\u2066x\u2069",
  "\u0007\u001b[31m",
  "\r\nSet-Cookie: x=1",
  "%00",
  "%ZZ",
  "../../etc/passwd",
  "..%2F..%2F",
  "' OR 1=1 --",
  '\'; DROP TABLE "Booking"; --',
  "<script>alert(1)</script>",
  "{{7*7}}<%= 7*7 %>",
  "__proto__",
  "constructor",
  "null",
  "-1",
  "1e309",
  "😀𝔄",
  "Ā".repeat(3000),
  "A".repeat(70_000),
];

/** Local dates that are not dates, or that lie where time zones and calendars get odd. */
export const hostileDates = [
  "0000-01-01",
  "0001-01-01",
  "9999-12-31",
  "2027-02-30",
  "2026-02-29",
  "2026-13-01",
  "2026-00-10",
  "2027-03-28",
  "2026-10-25",
  "26-11-24",
  "2026-11-24T10:00",
];

/** Instants at the edges of the calendar, in DST gaps and folds (Riga), and malformed. */
export const hostileInstants = [
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "9999-12-31T23:59:59-23:59",
  "2027-02-30T10:00:00+02:00",
  "2027-03-28T03:30:00+03:00",
  "2027-03-28T03:30:00+02:00",
  "2026-10-25T03:30:00+02:00",
  "2026-10-25T03:30:00+03:00",
  "2026-11-24T08:00:00",
  "2026-11-24T08:00:00+24:00",
  "2026-11-24T08:00:00.123456789Z",
  "+275760-09-13T00:00:00Z",
];

export const hostileNumbers: unknown[] = [
  -1,
  0,
  0.5,
  -0,
  2 ** 31,
  2 ** 53 + 2,
  1e21,
  -1e308,
  1.7976931348623157e308,
  "1",
  "",
  true,
  null,
];

const hostileShapes: unknown[] = [null, true, 0, "", [], {}, [null], { "": null }];

export interface Hints {
  /** Known good values for a property or parameter of this name (slugs, ids, phones). */
  byName: Record<string, () => fc.Arbitrary<unknown>>;
  /** Local dates (YYYY-MM-DD) near the test's now. */
  dates: fc.Arbitrary<string>;
  /** Instants near the test's now, on slot starts. */
  instants: fc.Arbitrary<string>;
}

export class SchemaArbitraries {
  constructor(
    private readonly document: OpenApiDocument,
    private readonly hints: Hints,
  ) {}

  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let depth = 0; current.$ref && depth < 20; depth += 1) {
      const name = current.$ref.replace("#/components/schemas/", "");
      const target = this.document.components.schemas[name];
      if (!target) throw new Error(`Unresolved $ref ${current.$ref}`);
      current = { ...target, ...omit(current, "$ref") };
    }
    return current;
  }

  /**
   * Values for `schema`; `name` is the property or parameter it sits under. With
   * `hostile`, any leaf may be replaced by a hostile value of its kind.
   */
  value(
    schema: JsonSchema,
    name: string | undefined,
    hostile: boolean,
    depth = 0,
  ): fc.Arbitrary<unknown> {
    const valid = this.valid(this.resolve(schema), name, hostile, depth);
    if (!hostile) return valid;
    return fc.oneof(
      { weight: 6, arbitrary: valid },
      { weight: 1, arbitrary: this.hostileFor(this.resolve(schema)) },
    );
  }

  private valid(
    schema: JsonSchema,
    name: string | undefined,
    hostile: boolean,
    depth: number,
  ): fc.Arbitrary<unknown> {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants) {
      return fc.oneof(...variants.map((variant) => this.value(variant, name, hostile, depth + 1)));
    }
    if (schema.allOf) {
      return this.value(
        mergeAll(schema.allOf.map((part) => this.resolve(part))),
        name,
        hostile,
        depth,
      );
    }
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (types.length > 1) {
      return fc.oneof(
        ...types.map((type) => this.valid({ ...schema, type }, name, hostile, depth + 1)),
      );
    }
    const known = name ? this.hints.byName[name] : undefined;
    switch (types[0]) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer":
        return fc.integer({
          min: lowerBound(schema, 1_000_000),
          max: upperBound(schema, 1_000_000),
        });
      case "number":
        return fc.double({
          min: lowerBound(schema, 1e6),
          max: upperBound(schema, 1e6),
          noNaN: true,
          noDefaultInfinity: true,
        });
      case "array": {
        const items = schema.items ?? {};
        return fc.array(this.value(items, name, hostile, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
        });
      }
      case "object":
        return depth > 6 ? fc.constant({}) : this.object(schema, hostile, depth);
      case "string":
        return known ? known() : this.string(schema);
      default:
        if (known) return known();
        if (schema.properties) return this.object(schema, hostile, depth);
        return fc.oneof(
          fc.string({ maxLength: 10 }),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
        );
    }
  }

  private object(schema: JsonSchema, hostile: boolean, depth: number): fc.Arbitrary<unknown> {
    const properties = schema.properties ?? {};
    const required = schema.required ?? [];
    const model = Object.fromEntries(
      Object.entries(properties).map(([key, property]) => [
        key,
        this.value(property, key, hostile, depth + 1),
      ]),
    );
    const record = fc.record(model, { requiredKeys: required.filter((key) => key in properties) });
    const extra =
      typeof schema.additionalProperties === "object"
        ? this.dictionary(schema, hostile, depth)
        : fc.constant({});
    const base = fc
      .tuple(extra, record)
      .map(([more, fixed]) => ({ ...(more as object), ...(fixed as object) }));
    if (!hostile) return base;
    // Objects with a required key missing or an unknown key added.
    return fc.oneof(
      { weight: 8, arbitrary: base },
      {
        weight: 1,
        arbitrary: fc
          .tuple(base, fc.constantFrom(...(required.length > 0 ? required : ["x"])))
          .map(([value, key]) => omit(value as Record<string, unknown>, key)),
      },
      {
        weight: 1,
        arbitrary: base.map((value) => ({ ...(value as object), unexpected: "\u0000" })),
      },
    );
  }

  /** Free-form maps (answers by key): mostly empty, since unknown keys are refused. */
  private dictionary(schema: JsonSchema, hostile: boolean, depth: number): fc.Arbitrary<object> {
    const entries = fc.dictionary(
      this.string(this.resolve(schema.propertyNames ?? { type: "string", maxLength: 20 })),
      this.value(schema.additionalProperties as JsonSchema, undefined, hostile, depth + 1),
      { maxKeys: 3 },
    );
    return fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, entries);
  }

  private string(schema: JsonSchema): fc.Arbitrary<string> {
    if (schema.format === "date-time") return this.hints.instants;
    if (schema.pattern === "^\\d{4}-\\d{2}-\\d{2}$") return this.hints.dates;
    if (schema.format === "email") {
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom("anna@example.lv", "j.ozols@example.lv") },
        fc.emailAddress(),
      );
    }
    if (schema.format === "uuid") return fc.uuid();
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
    if (schema.pattern) {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((value) => value.length >= minLength && value.length <= (schema.maxLength ?? 1e6));
    }
    return fc.oneof(
      fc.string({ minLength, maxLength }),
      fc
        .constantFrom("Anna Bērziņa", "Иван Петров", "Zoë O'Neill", "Ķegums")
        .filter((value) => value.length >= minLength && value.length <= (schema.maxLength ?? 1e6)),
    );
  }

  private hostileFor(schema: JsonSchema): fc.Arbitrary<unknown> {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.includes("string")) {
      if (schema.format === "date-time")
        return fc.constantFrom(...hostileInstants, ...hostileStrings);
      if (schema.pattern === "^\\d{4}-\\d{2}-\\d{2}$") {
        return fc.constantFrom(...hostileDates, ...hostileStrings);
      }
      return fc.constantFrom(...hostileStrings, 12, null);
    }
    if (types.includes("integer") || types.includes("number")) {
      return fc.constantFrom(...hostileNumbers);
    }
    if (types.includes("boolean")) return fc.constantFrom("true", 0, 1, null);
    return fc.constantFrom(...hostileShapes, ...hostileStrings.slice(0, 8));
  }
}

function lowerBound(schema: JsonSchema, fallback: number): number {
  const min =
    schema.minimum ??
    (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -fallback);
  return Math.max(min, -fallback);
}

function upperBound(schema: JsonSchema, fallback: number): number {
  const max =
    schema.maximum ??
    (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : fallback);
  return Math.min(max, fallback);
}

function mergeAll(parts: JsonSchema[]): JsonSchema {
  const merged: JsonSchema = { properties: {}, required: [] };
  for (const part of parts) {
    Object.assign(merged, { ...part, properties: merged.properties, required: merged.required });
    Object.assign(merged.properties ?? {}, part.properties);
    merged.required?.push(...(part.required ?? []));
  }
  return merged;
}

function omit<T extends Record<string, unknown>>(value: T, key: string): T {
  const { [key]: _dropped, ...rest } = value;
  return rest as T;
}
