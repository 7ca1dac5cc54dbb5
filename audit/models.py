"""The security audit log: sign-ins, failures, lockouts, second-factor changes, exports and downloads."""
