/* A minimal test runner: each test is a function; a failed CHECK marks the test failed and
 * prints where. The runner prints "N passed, M failed" last. */
#ifndef CHECK_H
#define CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void check_run(const char *name, void (*test)(void));
void check_fail(const char *file, int line, const char *what);
int check_summary(void);

#define CHECK(condition)                                                                   \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            check_fail(__FILE__, __LINE__, #condition);                                    \
        }                                                                                  \
    } while (0)

#define CHECK_EQ(actual, expected)                                                         \
    do {                                                                                   \
        long long check_actual_ = (long long)(actual);                                     \
        long long check_expected_ = (long long)(expected);                                 \
        if (check_actual_ != check_expected_) {                                            \
            check_fail_values(__FILE__, __LINE__, #actual " == " #expected, check_actual_, \
                              check_expected_);                                            \
        }                                                                                  \
    } while (0)

#define CHECK_STR(actual, expected) \
    check_strings(__FILE__, __LINE__, #actual, (actual), (expected))

#define CHECK_BYTES(actual, actual_length, expected, expected_length)                         \
    check_bytes(__FILE__, __LINE__, #actual, (const uint8_t *)(actual), (actual_length),      \
                (const uint8_t *)(expected), (expected_length))

void check_fail_values(const char *file, int line, const char *what, long long actual,
                       long long expected);
void check_strings(const char *file, int line, const char *what, const char *actual,
                   const char *expected);
void check_bytes(const char *file, int line, const char *what, const uint8_t *actual,
                 size_t actual_length, const uint8_t *expected, size_t expected_length);

/* The suites, one per test file. */
void fnv1a_tests(void);
void frame_parser_tests(void);
void wire_vector_tests(void);
void response_encoder_tests(void);
void request_decoder_tests(void);
void subscription_pool_tests(void);
void device_tests(void);
void device_session_tests(void);
void device_link_tests(void);
void malformed_input_tests(void);
void demo_app_tests(void);

#endif /* CHECK_H */
