// End-to-end tests drive real Pulumi updates against a real Docker engine: minutes, not seconds.
jest.setTimeout(600_000);
