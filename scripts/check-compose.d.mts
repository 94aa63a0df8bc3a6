// Types of scripts/check-compose.mjs, for the test that runs it (apps/cli/test/deploy-compose.test.ts).
export declare const REPO_ROOT: string;
export declare const DEPLOY_DIR: string;
export interface SchemaKey {
  readonly hasDefault: boolean;
  readonly optional: boolean;
  readonly expected: string;
  parse(raw: string): { ok: true; value: unknown } | { ok: false; reason: string };
}
export declare function codeMetricNames(root?: string): Set<string>;
export declare function metricsInExpression(expression: string): Set<string>;
export declare function deployReader(deployDir?: string): (path: string) => string | undefined;
export declare function checkCompose(options: {
  readonly schemas: Readonly<Record<"controller" | "broker", Readonly<Record<string, SchemaKey>>>>;
  readonly envName: (key: string) => string;
  readonly parseListener: (text: string) => { name: string | undefined; host: string; port: number };
  readonly metricNames: ReadonlySet<string>;
  readonly read: (path: string) => string | undefined;
}): string[];
