/**
 * Starts and drives a cluster of `raft-node` processes on 127.0.0.1, for the real-process tests
 * and the benchmark: free ports, temp data dirs, kill -9, restart, and typed RaftService clients
 * for Propose and GetStatus. Not part of the package's public API.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClientByName, fromGrpcError, type RaftV1 } from "@rill/protocol";
import { freePorts } from "@rill/protocol/testing";

const RAFT_NODE_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "raft-node.ts");

export interface ProcessClusterOptions {
  readonly size: number;
  /** Extra flags for every node (e.g. ["--election-ticks", "10"]). */
  readonly nodeArgs?: readonly string[];
  /** Extra flags for the Node.js runtime of every node (e.g. ["--cpu-prof"]). */
  readonly execArgv?: readonly string[];
  /** Where node output goes; default ignored (set "inherit" to debug). */
  readonly stdio?: "ignore" | "inherit";
}

export interface ClusterMember {
  readonly nodeId: number;
  readonly port: number;
  readonly address: string;
  readonly dataDir: string;
  process: ChildProcess | undefined;
  readonly client: RaftV1.RaftServiceClient;
  readonly benchClient: RaftV1.RaftBenchServiceClient;
}

export class ProcessCluster {
  readonly #rootDir: string;
  readonly #options: ProcessClusterOptions;
  private constructor(
    readonly members: ClusterMember[],
    rootDir: string,
    options: ProcessClusterOptions,
  ) {
    this.#rootDir = rootDir;
    this.#options = options;
  }

  static async start(options: ProcessClusterOptions): Promise<ProcessCluster> {
    const rootDir = await mkdtemp(join(tmpdir(), "rill-raft-cluster-"));
    const ports = await freePorts(options.size);
    const members = ports.map((port, position) => {
      const address = `127.0.0.1:${port}`;
      const client = createClientByName(
        "rill.raft.v1.RaftService",
        address,
      ) as unknown as RaftV1.RaftServiceClient;
      const benchClient = createClientByName(
        "rill.raft.v1.RaftBenchService",
        address,
      ) as unknown as RaftV1.RaftBenchServiceClient;
      return {
        nodeId: position + 1,
        port,
        address,
        dataDir: join(rootDir, `node-${position + 1}`),
        process: undefined,
        client,
        benchClient,
      };
    });
    const cluster = new ProcessCluster(members, rootDir, options);
    for (const member of members) cluster.startMember(member.nodeId);
    return cluster;
  }

  member(nodeId: number): ClusterMember {
    const member = this.members.find((candidate) => candidate.nodeId === nodeId);
    if (member === undefined) throw new Error(`no member ${nodeId}`);
    return member;
  }

  startMember(nodeId: number): void {
    const member = this.member(nodeId);
    if (member.process !== undefined) throw new Error(`member ${nodeId} is running`);
    const peers = this.members.map((peer) => `${peer.nodeId}=${peer.address}`).join(",");
    member.process = spawn(
      process.execPath,
      [
        ...(this.#options.execArgv ?? []),
        "--conditions=source",
        "--import",
        "tsx",
        RAFT_NODE_SCRIPT,
        "--id",
        String(nodeId),
        "--listen",
        member.address,
        "--peers",
        peers,
        "--data-dir",
        member.dataDir,
        ...(this.#options.nodeArgs ?? []),
      ],
      { stdio: ["ignore", this.#options.stdio ?? "ignore", this.#options.stdio ?? "ignore"] },
    );
  }

  /** kill -9; resolves once the process is gone. */
  async kill(nodeId: number, onSignalSent?: () => void): Promise<void> {
    const member = this.member(nodeId);
    const child = member.process;
    member.process = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
      onSignalSent?.();
    });
  }

  status(nodeId: number, timeoutMs = 1_000): Promise<RaftV1.GetStatusResponse__Output> {
    const member = this.member(nodeId);
    return new Promise((resolve, reject) => {
      member.client.GetStatus({}, { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (error !== null || response === undefined) reject(error ?? new Error("no response"));
        else resolve(response);
      });
    });
  }

  propose(
    nodeId: number,
    records: readonly Uint8Array[],
    timeoutMs = 10_000,
  ): Promise<RaftV1.ProposeResponse__Output> {
    const member = this.member(nodeId);
    return new Promise((resolve, reject) => {
      member.client.Propose(
        { records: records.map((record) => Buffer.from(record)) },
        { deadline: Date.now() + timeoutMs },
        (error, response) => {
          if (error !== null || response === undefined)
            reject(error === null ? new Error("no response") : fromGrpcError(error));
          else resolve(response);
        },
      );
    });
  }

  /** Runs the benchmark load on `nodeId` (the leader); see load-runner.ts. */
  runLoad(
    nodeId: number,
    request: RaftV1.RunLoadRequest,
    timeoutMs = 300_000,
  ): Promise<RaftV1.RunLoadResponse__Output> {
    const member = this.member(nodeId);
    return new Promise((resolve, reject) => {
      member.benchClient.RunLoad(request, { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (error !== null || response === undefined)
          reject(error === null ? new Error("no response") : fromGrpcError(error));
        else resolve(response);
      });
    });
  }

  /** A running member (not in `excluding`) that says it is leader, polled until `timeoutMs`. */
  async waitForLeader(
    timeoutMs: number,
    excluding: readonly number[] = [],
  ): Promise<{ leaderId: number; term: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const running = this.members.filter(
        (member) => member.process !== undefined && !excluding.includes(member.nodeId),
      );
      const statuses = await Promise.all(
        running.map((member) => this.status(member.nodeId, 500).catch(() => undefined)),
      );
      for (const status of statuses) {
        if (status?.role === "leader" && !excluding.includes(status.nodeId))
          return { leaderId: status.nodeId, term: status.term };
      }
      if (Date.now() > deadline) throw new Error(`no leader within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((member) => this.kill(member.nodeId)));
    for (const member of this.members) {
      member.client.close();
      member.benchClient.close();
    }
    await rm(this.#rootDir, { recursive: true, force: true });
  }
}
