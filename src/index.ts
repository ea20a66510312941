export * from './cutoff/cutoff';
export * from './revoke-older-sessions/revoke-older-sessions';
