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
    '^@nanorpc-sim/core$': '<rootDir>/core/src/index.ts',
    '^nanorpc-hil$': '<rootDir>/harness/src/index.ts',
    '^@nanorpc-sim/emulator$': '<rootDir>/emulator/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  roots: ['<rootDir>/core', '<rootDir>/emulator', '<rootDir>/harness', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  modulePathIgnorePatterns: [
    '<rootDir>/core/dist',
    '<rootDir>/emulator/dist',
    '<rootDir>/harness/dist',
  ],
  collectCoverageFrom: [
    'core/src/**/*.ts',
    'emulator/src/**/*.ts',
    'harness/src/**/*.ts',
    '!**/*.d.ts',
  ],
  coverageReporters: ['text-summary', 'text', 'lcov'],
  testTimeout: 20000,
};
