// Tests run the TypeScript sources directly (swc strips types); `npm run build` type-checks.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    '^nanorpc-hil$': '<rootDir>/harness/src/index.ts',
    '^@nanorpc-sim/emulator$': '<rootDir>/emulator/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  roots: ['<rootDir>/harness', '<rootDir>/emulator'],
  testMatch: ['**/test/**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/harness/dist', '<rootDir>/emulator/dist'],
  collectCoverageFrom: ['harness/src/**/*.ts', 'emulator/src/**/*.ts', '!**/*.d.ts'],
  coverageReporters: ['text-summary', 'text', 'lcov'],
  testTimeout: 20000,
};
