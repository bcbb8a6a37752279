/* Test-side codec: encodes requests and decodes responses with nanopb and the generated
 * schema, independently of the library's own decoder and encoder. */
#ifndef TEST_CODEC_H
#define TEST_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct test_response {
    int32_t id;
    uint32_t type;
    uint32_t status;
    char message[128];
    uint8_t data[600];
    size_t data_length;
} test_response_t;

/* A whole request frame (length prefix and body). `path` and `path_hash` may both be given:
 * the hash is written first, then the string (field order 3, 4). Returns the frame length. */
size_t test_encode_request(uint8_t *frame, size_t capacity, int32_t id, uint32_t type,
                           const char *path, const uint32_t *path_hash, const uint8_t *data,
                           size_t data_length);

bool test_decode_response_body(const uint8_t *body, size_t length, test_response_t *response);

/* Reads a length prefix at bytes[0..]; returns the prefix length, 0 if incomplete. */
size_t test_read_prefix(const uint8_t *bytes, size_t length, uint32_t *value);

#endif /* TEST_CODEC_H */
