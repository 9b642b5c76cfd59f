// Stand-in for `server-only` under vitest, where every module runs on the server anyway.
export {};
