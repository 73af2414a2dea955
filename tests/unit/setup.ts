// Unit tests of the resource graph register dozens of mocked resources per pod: seconds, not
// milliseconds, on a busy 2-core machine. Jest's 5 s default would fail them for the load alone.
jest.setTimeout(60_000);
