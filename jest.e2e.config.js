/** Browser tests (`npm run test:e2e`): real Chromium against the real server; kept out of `npm test`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testTimeout: 120000,
  maxWorkers: 1,
};
