export * from './cutoff/cutoff';
export * from './revoke-older-sessions/revoke-older-sessions';
export * from './deny-principals/denied-principal';
export * from './deny-principals/deny-principals';
export * from './deny-sessions/session-id';
export * from './deny-sessions/deny-sessions';
export * from './deny-all-sessions/deny-all-sessions';
export * from './deny-in-resource-policy/deny-in-resource-policy';
