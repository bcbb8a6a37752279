"""`pio test -e qemu_lm3s6965` (or -e native): the nanorpc-hil scenario suite against the image
this env has just built.

PlatformIO loads this file for envs with `test_framework = custom` (platformio.ini). Stages:
  building  `pio run -e ENV`, the very build `pio run` makes (not PlatformIO's unit-test build,
            which would compile the project again with test flags);
  testing   `nanorpc-hil run` against that file: `--target qemu --target-option image=ELF` for
            an arm-gcc board, `--target firmware-host --target-option binary=PROGRAM` for
            native. The harness writes its reports (JUnit included) to
            reports/pio-test/ENV/latest/; each scenario of its junit.xml becomes a PlatformIO
            test case, so `pio test --junit-output-path` works too.
Env options:
  custom_harness_args  more `nanorpc-hil run` arguments (e.g. --exclude large), split on spaces
  custom_scenarios     scenario files or folders (default: scenarios/)
The harness must be built (`npm run build`); the command is the workspace's `nanorpc-hil` bin
(what `npx nanorpc-hil` runs), else harness/dist/cli/main.js.
"""
import os
import subprocess
import xml.etree.ElementTree as ET

from platformio.public import TestCase, TestRunnerBase, TestStatus


class CustomTestRunner(TestRunnerBase):
    def _option(self, name, default=''):
        return self.project_config.get('env:' + self.test_suite.env_name, name, default)

    def _project_dir(self):
        return os.path.dirname(os.path.abspath(self.project_config.path))

    def _harness_command(self, project_dir):
        bin_link = os.path.join(project_dir, 'node_modules', '.bin', 'nanorpc-hil')
        if os.path.exists(bin_link):
            return [bin_link]
        main = os.path.join(project_dir, 'harness', 'dist', 'cli', 'main.js')
        if os.path.isfile(main):
            return ['node', main]
        raise RuntimeError('nanorpc-hil is not built: run `npm ci && npm run build` first')

    def _target(self, build_dir):
        env = self.test_suite.env_name
        if self.platform.name == 'native':
            return ['--target', 'firmware-host', '--target-option',
                    'binary=' + os.path.join(build_dir, env, 'program')]
        return ['--target', 'qemu', '--target-option',
                'image=' + os.path.join(build_dir, env, 'firmware.elf')]

    def stage_building(self):
        if self.options.without_building:
            return None
        return self.run_project_targets([])

    def stage_uploading(self):
        return None  # nothing to flash: QEMU or the host runs the file itself

    def stage_testing(self):
        if self.options.without_testing:
            return None
        project_dir = self._project_dir()
        build_dir = self.project_config.get('platformio', 'build_dir')
        report_root = os.path.join(project_dir, 'reports', 'pio-test', self.test_suite.env_name)
        command = self._harness_command(project_dir) + ['run']
        command += self._option('custom_scenarios', 'scenarios').split()
        command += self._target(build_dir) + ['--report', report_root]
        command += self._option('custom_harness_args').split()
        print(' '.join(command), flush=True)
        status = subprocess.run(command, cwd=project_dir, check=False).returncode
        junit = os.path.join(report_root, 'latest', 'junit.xml')
        if status not in (0, 1) or not os.path.isfile(junit):
            raise RuntimeError('nanorpc-hil run exited with status %d and no junit.xml' % status)
        for case in read_junit(junit):
            self.test_suite.add_case(case)
        return None


def read_junit(path):
    """One PlatformIO TestCase per <testcase> of the harness's junit.xml."""
    cases = []
    for element in ET.parse(path).getroot().iter('testcase'):
        failure = element.find('failure')
        if failure is None:
            failure = element.find('error')
        if failure is not None:
            status = TestStatus.FAILED
            message = failure.get('message') or (failure.text or '').strip()
        elif element.find('skipped') is not None:
            status, message = TestStatus.SKIPPED, None
        else:
            status, message = TestStatus.PASSED, None
        name = '%s: %s' % (element.get('classname', ''), element.get('name', ''))
        cases.append(
            TestCase(name, status, message=message, duration=float(element.get('time', '0') or 0))
        )
    return cases
