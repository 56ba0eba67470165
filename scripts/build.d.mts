// Types of scripts/build.mjs (plain JavaScript: it runs before anything is compiled).
export declare const ROOT: string;
/** Why a build is needed, or undefined when dist/ is current. */
export declare function staleReason(): string | undefined;
export declare function build(): void;
/** Builds when stale; true when it built. */
export declare function buildIfStale(): boolean;
/** `npm start`'s command (package.json) after its `exec`: `env`, the variables it sets, node, node's flags, the entry. */
export declare function startCommandWords(): string[];
/** The variables `npm start` sets and the flags it gives node. */
export declare function startSettings(): { env: Record<string, string>; nodeFlags: string[] };
