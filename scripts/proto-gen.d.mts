// Types of scripts/proto-gen.mjs, for the @rill/protocol tests that drive it.
export declare const PROTO_ROOT: string;
export declare const GENERATED_DIR: string;
export declare const GENERATOR_OPTION_FLAGS: readonly string[];
export declare function listProtoFiles(protoRoot?: string): string[];
export declare function generate(outDir: string, protoRoot?: string): void;
export declare function diffTrees(
  expectedDir: string,
  actualDir: string,
): Array<{ file: string; reason: string }>;
export declare function check(
  committedDir?: string,
  protoRoot?: string,
): Array<{ file: string; reason: string }>;
