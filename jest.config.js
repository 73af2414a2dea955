/** One jest project per test tier; scripts/test.sh runs them one by one and reports each. */
const tier = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: "node",
  roots: [`<rootDir>/tests/${name}`],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
  ...extra,
});

module.exports = {
  projects: [
    tier("unit", { setupFilesAfterEnv: ["<rootDir>/tests/unit/setup.ts"] }),
    tier("native"),
    // The native tests again against the programs built with ASan + UBSan (native/build-asan/).
    tier("native-asan", { roots: ["<rootDir>/tests/native"], setupFilesAfterEnv: ["<rootDir>/tests/native/sanitize.ts"] }),
    tier("e2e", { setupFilesAfterEnv: ["<rootDir>/tests/e2e/setup.ts"] }),
    tier("cluster", {
      globalSetup: "<rootDir>/tests/cluster/global-setup.ts",
      globalTeardown: "<rootDir>/tests/cluster/global-teardown.ts",
    }),
    // The component package from other languages (Python, YAML): real engine, like e2e.
    tier("lang", { setupFilesAfterEnv: ["<rootDir>/tests/e2e/setup.ts"] }),
  ],
};
