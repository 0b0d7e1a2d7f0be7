/** Jest runs the TypeScript tests through ts-jest (isolatedModules in tsconfig: transpile only); `npm run typecheck` checks types. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  testTimeout: 30000,
};
