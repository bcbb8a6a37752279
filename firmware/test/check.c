#include "check.h"

#include <stdio.h>
#include <string.h>

static const char *current_test;
static bool current_failed;
static int passed;
static int failed;

void check_run(const char *name, void (*test)(void))
{
    current_test = name;
    current_failed = false;
    test();
    if (current_failed) {
        failed++;
    } else {
        passed++;
    }
}

void check_fail(const char *file, int line, const char *what)
{
    current_failed = true;
    fprintf(stderr, "FAIL %s: %s:%d: %s\n", current_test, file, line, what);
}

void check_fail_values(const char *file, int line, const char *what, long long actual,
                       long long expected)
{
    current_failed = true;
    fprintf(stderr, "FAIL %s: %s:%d: %s (got %lld, want %lld)\n", current_test, file, line, what,
            actual, expected);
}

void check_strings(const char *file, int line, const char *what, const char *actual,
                   const char *expected)
{
    if (actual == NULL || expected == NULL ? actual != expected : strcmp(actual, expected) != 0) {
        current_failed = true;
        fprintf(stderr, "FAIL %s: %s:%d: %s is \"%s\", want \"%s\"\n", current_test, file, line,
                what, actual ? actual : "(null)", expected ? expected : "(null)");
    }
}

static void print_hex(const uint8_t *bytes, size_t length)
{
    for (size_t i = 0; i < length && i < 64; i++) {
        fprintf(stderr, "%02x", bytes[i]);
    }
    fprintf(stderr, length > 64 ? "...\n" : "\n");
}

void check_bytes(const char *file, int line, const char *what, const uint8_t *actual,
                 size_t actual_length, const uint8_t *expected, size_t expected_length)
{
    if (actual_length == expected_length &&
        (expected_length == 0 || memcmp(actual, expected, expected_length) == 0)) {
        return;
    }
    current_failed = true;
    fprintf(stderr, "FAIL %s: %s:%d: %s differs\n  got  ", current_test, file, line, what);
    print_hex(actual, actual_length);
    fprintf(stderr, "  want ");
    print_hex(expected, expected_length);
}

int check_summary(void)
{
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
