/** Who the harness plays: the client of a device under test, or the server of a client. */
export const SCENARIO_ROLES = ['device-under-test', 'client-under-test'] as const;

export type ScenarioRole = (typeof SCENARIO_ROLES)[number];
